/**
 * Issue 14 items 2 and 5: the Opportunities table (section 10) and the Negotiation preparation (section 11)
 * of the full key account plan — layout, formulas, labels in both languages, and the round trip on the cell
 * model of the file path (buildSelectionWorkbook → cells → refresh, the CLI's steps without the file).
 * The values the formulas give are checked after LibreOffice recalculates in
 * test/realclient/opportunities-libreoffice.test.ts.
 */
import { PLAN_OPTIONS, cellAt } from "../support/planSpec";
import { sheetEn, sheetNb } from "../../src/i18n/sheets";
import type { PlanData } from "../../src/plan/planInput";
import { buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { SheetSpec } from "../../src/plan/spec";
import { DEFAULT_SIZES, PLAN_WIDTH, TABLES, buildAccountPlanSheet, planLayout } from "../../src/sheets/accountPlan/build";
import { NEG, OPP } from "../../src/sheets/accountPlan/opportunities";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { a1 } from "../../src/sheets/kit/address";
import { bookOf, findAll, insertRow, refresh } from "../support/sheetEdits";
import { specCells } from "../../src/sheets/kit/grid";
import { reviewItems } from "../../src/taskpane/reviewItems";
import { en } from "../../src/i18n/en";
import { nb } from "../../src/i18n/nb";

const lay = planLayout(DEFAULT_SIZES);
const build = (language: "en" | "nb" = "en") =>
  buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active: true, portfolioRow: 9, language });

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05"],
  revenue: [500, 400, 300, 200, 100],
  profit: [50, 40, -30, 20, 10],
  usedRows: 5,
  skippedRows: 0,
};

function planSheet(spec: { sheets: SheetSpec[] }, customer: string): SheetSpec {
  const s = spec.sheets.find((x) => x.id === `kam.plan:${customer}`);
  if (!s) throw new Error(`no plan for ${customer}`);
  return s;
}

describe("opportunities and negotiation preparation on the full plan", () => {
  it("places both after the KPI follow-up, 13 columns wide, the negotiation on its own printed page", () => {
    const opp = lay.tables.opportunities;
    const neg = lay.tables.negotiation;
    expect(lay.sections["aplan.section.opportunities"]).toBe(lay.kpiNote + 2);
    expect(opp.header).toBe(lay.sections["aplan.section.opportunities"] + 1);
    expect(opp.last - opp.first + 1).toBe(DEFAULT_SIZES.opportunities);
    expect([lay.oppTotal, lay.oppGoal]).toEqual([opp.last + 1, opp.last + 2]);
    expect(lay.sections["aplan.section.negotiation"]).toBe(lay.oppGoal + 2);
    expect(lay.fields.ourBatna).toBe(lay.sections["aplan.section.negotiation"] + 1);
    expect(lay.fields.negNotes).toBe(lay.fields.ourBatna + 4);
    expect(neg.last - neg.first + 1).toBe(6);
    expect(lay.negNote).toBe(neg.last + 1);
    expect(lay.lastRow).toBe(lay.negNote);
    expect(TABLES.opportunities.columns.length).toBeLessThanOrEqual(PLAN_WIDTH);
    const { sheet } = build();
    expect(sheet.print!.rowBreaks).toContain(lay.sections["aplan.section.opportunities"]);
    expect(sheet.print!.rowBreaks).toContain(lay.sections["aplan.section.negotiation"]);
    expect(sheet.print!.fitToWidth).toBe(true);
    expect(sheet.print!.area).toBe(`A1:N${lay.lastRow + 1}`);
    // One page: the section, 5 fields (30 pt), the issues (header + 6 rows) and the note: under 20 rows.
    expect(lay.lastRow - lay.sections["aplan.section.negotiation"] + 1).toBeLessThanOrEqual(20);
    // Text fields merged B:N like the Strategy fields (the plan is 14 columns wide with the buying center's two new ones).
    expect(sheet.merges).toContain(`B${lay.fields.ourBatna + 1}:N${lay.fields.ourBatna + 1}`);
  });

  it("writes the weighted value, the decider's attitude, the totals, the goal ratio and the zone as native formulas", () => {
    const { sheet } = build();
    const opp = lay.tables.opportunities;
    const bc = lay.tables.buyingCenter;
    const r = opp.first + 2;
    const row = r + 1;
    expect(cellAt(sheet, r, OPP.weighted)?.formula).toBe(`=IF(AND(ISNUMBER(D${row}),ISNUMBER(E${row})),D${row}*E${row},"")`);
    expect(cellAt(sheet, r, OPP.attitude)?.formula).toBe(
      // The decider by Role (E) first, then by Also role (F); the attitude in H.
      `=IF(A${row}="","",IFERROR(INDEX($H$${bc.first + 1}:$H$${bc.last + 1},MATCH("Decider",$E$${bc.first + 1}:$E$${bc.last + 1},0))&"",` +
        `IFERROR(INDEX($H$${bc.first + 1}:$H$${bc.last + 1},MATCH("Decider",$F$${bc.first + 1}:$F$${bc.last + 1},0))&"","")))`,
    );
    const [f, l] = [opp.first + 1, opp.last + 1];
    expect(cellAt(sheet, lay.oppTotal, OPP.value)?.formula).toBe(`=SUMIFS($D$${f}:$D$${l},$G$${f}:$G$${l},"<>"&"Lost")`);
    expect(cellAt(sheet, lay.oppTotal, OPP.weighted)?.formula).toBe(
      `=SUMIFS($F$${f}:$F$${l},$G$${f}:$G$${l},"<>"&"Lost",$G$${f}:$G$${l},"<>"&"Won")+SUMIFS($D$${f}:$D$${l},$G$${f}:$G$${l},"Won")`,
    );
    expect(cellAt(sheet, lay.oppTotal, OPP.nextDue)?.formula).toBe(`=COUNTIFS($M$${f}:$M$${l},"<"&TODAY(),$G$${f}:$G$${l},"<>"&"Won",$G$${f}:$G$${l},"<>"&"Lost")`);
    const goal = a1(lay.oppGoal, 1);
    expect(cellAt(sheet, lay.oppGoal, 1)?.block.owner).toBe("user");
    expect(cellAt(sheet, lay.oppGoal, OPP.weighted)?.formula).toBe(
      `=IF(AND(ISNUMBER(${goal}),N(${goal})>0),${a1(lay.oppTotal, OPP.weighted)}/${goal},"")`,
    );
    const n = lay.tables.negotiation.first + 1;
    expect(cellAt(sheet, n - 1, NEG.zone)?.formula).toBe(
      `=IF(OR(NOT(ISNUMBER(C${n})),NOT(ISNUMBER(E${n}))),"",IF(E${n}>=C${n},"Zone "&C${n}&"–"&E${n},"No zone"))`,
    );
    // Probability: a decimal 0..1, shown as a percent; overdue next steps highlighted against TODAY().
    expect(sheet.validations.find((v) => v.kind === "decimal" && v.range === `E${f}:E${l}`)).toMatchObject({ min: 0, max: 1 });
    const cf = sheet.conditionalFormats.find((c) => c.range === `L${f}:M${l}`)!;
    expect(cf.formula).toBe(`=AND(ISNUMBER($M${f}),$M${f}<TODAY(),$G${f}<>"Won",$G${f}<>"Lost")`);
  });

  it("offers our offerings in the Offering column, warning (not refusing) about another; none when they cannot be a list", () => {
    const opp = lay.tables.opportunities;
    const range = a1(opp.first, OPP.offering, opp.last, OPP.offering);
    const offered = (offerings: string[]) =>
      buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active: true, portfolioRow: 9, language: "en", offerings }).sheet.validations.find(
        (v) => v.range === range,
      );
    expect(offered(["Cloud", "Support"])).toMatchObject({ kind: "list", list: ["Cloud", "Support"], alert: "warning" });
    expect(offered(["Cloud, hosted", "Support"])).toBeUndefined();
    expect(offered(["x".repeat(200), "y".repeat(60)])).toBeUndefined();
    // Through the workbook: the plans take the list the Whitespace sheet has.
    const r = buildSelectionWorkbook(data, { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01"] }, offerings: ["Cloud", "Hardware"] });
    expect(planSheet(r.spec, "C01").validations.find((v) => v.range === range)?.list).toEqual(["Cloud", "Hardware"]);
  });

  it("speaks Norwegian on a Norwegian plan: labels, lists and the words the formulas compare with", () => {
    const { sheet } = build("nb");
    const opp = lay.tables.opportunities;
    expect(cellAt(sheet, lay.sections["aplan.section.opportunities"], 0)?.value).toBe("10. Salgsmuligheter");
    expect(cellAt(sheet, lay.sections["aplan.section.negotiation"], 0)?.value).toBe("11. Forhandlingsforberedelse");
    expect(cellAt(sheet, opp.header, OPP.buyClass)?.value).toBe("Kjøpssituasjon");
    const lists = sheet.validations.filter((v) => v.kind === "list").map((v) => v.list!.join("|"));
    expect(lists).toContain("Nykjøp|Modifisert gjenkjøp|Rutinekjøp (rett gjenkjøp)");
    expect(lists).toContain("Identifisert|Kvalifisert|Tilbud gitt|Forhandling|Vunnet|Tapt");
    expect(cellAt(sheet, opp.first, OPP.attitude)?.formula).toContain('MATCH("Beslutter"');
    expect(cellAt(sheet, lay.oppTotal, OPP.weighted)?.formula).toContain('"<>"&"Tapt"');
    expect(cellAt(sheet, lay.tables.negotiation.first, NEG.zone)?.formula).toContain('"Ingen rom"');
    // Every label of both sections exists in Norwegian and differs from the English one.
    const keys = Object.keys(sheetEn).filter((x) => /^aplan\.(opp|oppStage|buyClass|neg)\./.test(x)) as (keyof typeof sheetEn)[];
    expect(keys.filter((k) => typeof sheetNb[k] !== "string" || sheetNb[k].trim() === "" || sheetNb[k] === sheetEn[k])).toEqual([]);
  });

  it("keeps every typed opportunity, issue, field and the revenue goal through two refreshes, with a row inserted inside the table", () => {
    const first = buildSelectionWorkbook(data, { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01"] } });
    const sheet = planSheet(first.spec, "C01");
    const book = bookOf(first);
    const grid = book.get(sheet.name)!;
    const opp = lay.tables.opportunities;
    const set = (r: number, c: number, v: string | number): void => {
      (grid[r] ??= [])[c] = v;
    };
    // Row 1 typed in Norwegian on an English plan: the lists come back in English.
    const o1 = ["Reorder", "Chairs", "North", 1000, 0.5, null, "vunnet", "Rutinekjøp (rett gjenkjøp)", 46000, "Acme", null, "Call", 45000];
    o1.forEach((v, c) => v !== null && set(opp.first, c, v));
    set(opp.first + 1, OPP.name, "Tables");
    set(opp.first + 1, OPP.value, 2500);
    set(lay.oppGoal, 1, 9000);
    set(lay.fields.ourBatna, 1, "Sell the volume to Beta");
    set(lay.fields.negNotes, 1, "Meet in Oslo");
    const neg = lay.tables.negotiation;
    ["Price", 100, 90, "80 flat", 95, "NOK/unit", null, "Longer term", "Volume"].forEach((v, c) => v !== null && set(neg.first, c, v));
    // A person inserts a row inside the opportunities table and types in it (11 rows now).
    insertRow(grid, opp.first + 1);
    set(opp.first + 1, OPP.name, "Inserted");
    set(opp.first + 1, OPP.probability, 0.25);
    const before = readAccountPlan(sheet.name, grid)!;
    expect(before.tables.opportunities).toHaveLength(3);
    expect(before.header.revenueGoal).toBe(9000);

    const once = bookOf(refresh(book, data, PLAN_OPTIONS));
    const twice = refresh(once, data, PLAN_OPTIONS);
    const after = bookOf(twice);
    const name = planSheet(twice.spec, "C01").name;
    const read = readAccountPlan(name, after.get(name)!)!;
    const expected = before.tables.opportunities!.map((r) => r.slice());
    expected[0][OPP.stage] = "Won";
    expected[0][OPP.buyClass] = "Straight rebuy";
    expect(read.tables.opportunities).toEqual(expected);
    expect(read.tables.negotiation).toEqual(before.tables.negotiation);
    expect(read.fields).toEqual(before.fields);
    expect(read.header).toEqual(before.header);
    // The inserted row is read in its place; the table keeps its 10 rows (3 filled), the totals stay below it.
    expect(findAll(after.get(name)!, sheetEn["aplan.opp.total"])).toEqual([[lay.oppTotal, 0]]);
    expect(after.get(name)![lay.tables.opportunities.first + 1][OPP.name]).toBe("Inserted");
    expect(after.get("Kept on refresh")).toBeUndefined();
  });

  it("a light plan keeps the opportunities, the issues and the revenue goal below its form, and a full plan takes them back", () => {
    const first = buildSelectionWorkbook(data, { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01"] } });
    const sheet = planSheet(first.spec, "C01");
    const book = bookOf(first);
    const grid = book.get(sheet.name)!;
    const opp = lay.tables.opportunities;
    const put = (r: number, values: (string | number | null)[]): void => values.forEach((v, c) => v !== null && ((grid[r] ??= [])[c] = v));
    put(opp.first + 3, ["Late one", null, null, 700, 0.1]);
    put(lay.oppGoal, [null, 5000]);
    put(lay.tables.negotiation.first, ["Term", 3, 2, null, 4, "years"]);
    const full = readAccountPlan(sheet.name, grid)!;
    const light = refresh(book, data, { ...PLAN_OPTIONS, planForm: "light" });
    const lightName = planSheet(light.spec, "C01").name;
    const lightRead = readAccountPlan(lightName, bookOf(light).get(lightName)!)!;
    expect(lightRead.form).toBe("light");
    expect(lightRead.tables.opportunities).toEqual(full.tables.opportunities);
    expect(lightRead.tables.negotiation).toEqual(full.tables.negotiation);
    expect(lightRead.header.revenueGoal).toBe(5000);
    const back = refresh(bookOf(light), data, { ...PLAN_OPTIONS, planForm: "full" });
    const backName = planSheet(back.spec, "C01").name;
    const backGrid = bookOf(back).get(backName)!;
    expect(backGrid[opp.first + 3].slice(0, 5)).toEqual(["Late one", null, null, 700, 0.1]);
    expect(backGrid[lay.oppGoal][1]).toBe(5000);
    expect(readAccountPlan(backName, backGrid)!.tables.negotiation).toEqual(full.tables.negotiation);
  });
});

describe("overdue next steps in the task pane's review list", () => {
  it("lists an opportunity whose next step is due before today and that is neither won nor lost, selecting its due date", () => {
    const { sheet } = build();
    const grid = specCells(sheet);
    const opp = lay.tables.opportunities;
    const today = 46000;
    const row = (k: number, name: string, stage: string | null, next: string, due: number | null): void => {
      const r = (grid[opp.first + k] ??= []);
      r[OPP.name] = name;
      r[OPP.stage] = stage;
      r[OPP.next] = next;
      r[OPP.nextDue] = due;
    };
    row(0, "Late", "Proposal", "Send the offer", today - 1);
    row(1, "Due today", "Proposal", "Call", today);
    row(2, "Won late", "Won", "Invoice", today - 30);
    row(3, "Lost late", "Tapt", "Debrief", today - 30);
    row(4, "No stage", null, "Visit", today - 2);
    row(5, "No date", "Qualified", "Demo", null);
    const items = reviewItems("Plan C1", grid, today).filter((x) => x.kind === "nextStep");
    expect(items.map((x) => [x.text, x.step, x.date, x.address])).toEqual([
      ["Late", "Send the offer", today - 1, a1(opp.first, OPP.nextDue)],
      ["No stage", "Visit", today - 2, a1(opp.first + 4, OPP.nextDue)],
    ]);
    // The pane's words, in both languages.
    expect(en["review.item.nextStep"]).toContain("{step}");
    expect(nb["review.nextStep"]).toContain("Salgsmuligheter");
  });
});
