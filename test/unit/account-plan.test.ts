/**
 * The key account plan sheet (src/sheets/accountPlan/build.ts) and its read-back (src/sheets/accountPlan/read.ts):
 * sheet names, layout, lists and formulas in both languages, print setup, inactive banner, and a round
 * trip: what a person entered is read back and written again unchanged (also across a language switch).
 */
import * as ExcelJS from "exceljs";
import { sheetEn, sheetNb } from "../../src/i18n/sheets";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import {
  DEFAULT_SIZES,
  PreservedAccountPlan,
  buildAccountPlanSheet,
  dateSerial,
  planLayout,
} from "../../src/sheets/accountPlan/build";
import { planDataFromGrid } from "../../src/plan/planInput";
import { buildSelectionWorkbook, parseKeyAccounts } from "../../src/plan/planWorkbook";
import { extractPreserved } from "../../src/plan/preserve";
import { renderXlsx } from "../../src/render/xlsx";
import { allFormulas, cellAt, specCells } from "../support/planSpec";

const lay = planLayout(DEFAULT_SIZES);

function build(extra: Partial<Parameters<typeof buildAccountPlanSheet>[0]> = {}) {
  return buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active: true, portfolioRow: 9, language: "en", ...extra });
}

describe("buildAccountPlanSheet", () => {
  it("lays out the sections of KAM-DOMAIN §8 in order, with the figures from the Portfolio row", () => {
    const { sheet } = build();
    const labels = Object.entries(lay.sections).sort((a, b) => a[1] - b[1]).map(([k]) => sheetEn[k as keyof typeof sheetEn]);
    expect(labels).toEqual([
      "1. Overview (figures from the Portfolio sheet)",
      "2. Customer analysis",
      "3. Buying center",
      "4. Relationship",
      "5. Goals",
      "6. Strategy",
      "7. Resources and team",
      "8. Action plan",
      "9. KPI follow-up",
      // Issue 14: oppneg
      "10. Opportunities",
      "11. Negotiation preparation",
      "Negotiation issues",
    ]);
    expect(cellAt(sheet, lay.figures.revenue, 1)?.formula).toBe('=IF(Portfolio!C10="","",Portfolio!C10)');
    expect(cellAt(sheet, lay.figures.quadrant, 1)?.formula).toBe('=IF(Portfolio!G10="","",Portfolio!G10)');
    expect(cellAt(sheet, 2, 1)?.value).toBe("C1");
    expect(cellAt(sheet, lay.tables.goals.first, 0)?.value).toBe("G1");
    expect(cellAt(sheet, lay.tables.actions.last, 0)?.value).toBe(`A${DEFAULT_SIZES.actions}`);
    // No MATCH/lookup on names (wildcards * ? ~ in customer keys would mislead it); the summary's lists
    // MATCH only the sheet's own flag labels, string literals without wildcards.
    const lookups = allFormulas({ sheets: [sheet] }).flatMap((f) => f.match(/MATCH\([^,]*|LOOKUP\(/g) ?? []);
    expect(lookups.filter((m) => !/^MATCH\("[^"*?~]+"$/.test(m))).toEqual([]);
  });

  it("has list validations for roles, attitude, model, stage, horizon, element, status and Yes/No, in both languages", () => {
    for (const [language, L] of [
      ["en", sheetEn],
      ["nb", sheetNb],
    ] as const) {
      const { sheet } = build({ language });
      const lists = sheet.validations.filter((v) => v.kind === "list").map((v) => v.list!.join("|"));
      expect(lists).toContain(
        ["initiator", "user", "influencer", "decider", "approver", "buyer", "gatekeeper"].map((r) => L[`aplan.role.${r}` as keyof typeof L]).join("|"),
      );
      expect(lists).toContain([L["aplan.status.planned"], L["aplan.status.inProgress"], L["aplan.status.done"], L["aplan.status.cancelled"]].join("|"));
      expect(lists).toContain([L["aplan.model.bowTie"], L["aplan.model.duet"], L["aplan.model.oneOnMany"], L["aplan.model.diamond"]].join("|"));
      // 8 lists; issue 14: also-role, relationship level, the matrix's x, the opportunities' stage and buy class.
      expect(lists).toHaveLength(13);
      expect(sheet.validations.find((v) => v.kind === "wholeNumber")).toMatchObject({ min: 1, max: 5 });
      // The formulas compare with the labels of the same language.
      const overdue = sheet.conditionalFormats[0].formula;
      expect(overdue).toContain(`"${L["aplan.status.done"]}"`);
      expect(overdue).toMatch(/<TODAY\(\)/);
    }
  });

  it("prints on A4, landscape, one page wide, with the title rows repeated, tab name and page numbers", () => {
    expect(build().sheet.print).toEqual({
      paper: "A4",
      orientation: "landscape",
      fitToWidth: true,
      area: `A1:N${lay.lastRow + 1}`,
      repeatRows: [0, 2],
      pageNumbers: "Page {page} of {pages}",
      // The one-page summary is page 1 (issue 11): the plan starts on a new page after it.
      // Issue 14: the org chart block, the opportunities and the negotiation preparation each start a page.
      rowBreaks: [lay.sections["aplan.section.overview"], lay.orgChart, lay.sections["aplan.section.opportunities"], lay.sections["aplan.section.negotiation"]],
    });
  });

  it("marks an inactive plan with a banner", () => {
    expect(cellAt(build({ active: false }).sheet, 1, 0)?.value).toBe(sheetEn["aplan.inactive"]);
    expect(cellAt(build().sheet, 1, 0)?.value).toBeNull();
  });

  it("reads back what was entered and writes it again unchanged; grows a table that was extended", () => {
    const { sheet } = build();
    const grid = specCells(sheet);
    const put = (r: number, c: number, v: unknown): void => {
      (grid[r] ??= [])[c] = v as never;
    };
    put(3, 1, "Kari");
    put(4, 1, "2024-03-01"); // a date as the CLI reader gives it
    put(lay.fields.needs, 1, "=not a formula, literal text");
    put(lay.fields.contactModel, 1, "Diamond");
    put(lay.tables.buyingCenter.first + 2, 0, "Ola");
    put(lay.tables.actions.first, 3, "Workshop");
    put(lay.tables.actions.first, 11, { formula: "=A1&B1" });
    // 25 action rows: the person inserted 5 rows inside the table.
    const extra = Array.from({ length: 5 }, (_, i) => ["X" + i, "G1", null, `Extra ${i}`]);
    grid.splice(lay.tables.actions.last + 1, 0, ...extra);
    const read = readAccountPlan("Plan C1", grid)!;
    expect(read.customer).toBe("C1");
    expect(read.header).toEqual({ manager: "Kari", reviewed: "2024-03-01" });
    expect(read.fields).toEqual({ needs: "=not a formula, literal text", contactModel: "Diamond" });
    expect(read.tables.actions).toHaveLength(25);
    const again = build({ preserved: read });
    expect(again.layout.tables.actions.last - again.layout.tables.actions.first + 1).toBe(25);
    const g2 = specCells(again.sheet);
    expect(g2[4][1]).toBe(dateSerial("2024-03-01"));
    expect(g2[lay.fields.needs][1]).toBe("=not a formula, literal text");
    expect(g2[lay.tables.actions.first][11]).toEqual({ formula: "=A1&B1" });
    expect(g2[lay.tables.actions.first + 24][3]).toBe("Extra 4");
    expect(g2[lay.tables.buyingCenter.first + 2][0]).toBe("Ola");
    // Read again: a fixed point.
    const read2 = readAccountPlan("Plan C1", g2)!;
    expect(read2.tables).toEqual({ ...read.tables, actions: read.tables.actions });
  });

  it("translates list values on a language switch, typed in any case, and leaves free text alone", () => {
    const preserved: PreservedAccountPlan = {
      customer: "C1",
      sheet: "Plan C1",
      header: {},
      fields: { stage: "Cooperative", needs: "Done" },
      tables: { actions: [["A1", null, "price", "Call", null, null, null, null, null, "DONE"]] },
    };
    const { sheet } = build({ language: "nb", preserved });
    expect(cellAt(sheet, lay.fields.stage, 1)?.value).toBe("Samarbeidende");
    expect(cellAt(sheet, lay.fields.needs, 1)?.value).toBe("Done");
    expect(cellAt(sheet, lay.tables.actions.first, 9)?.value).toBe("Utført");
    expect(cellAt(sheet, lay.tables.actions.first, 2)?.value).toBe("Pris");
  });

  it("renders with ExcelJS: print setup, merges, date formats", () => {
    const wb = renderXlsx({ sheets: [build().sheet] });
    const ws = wb.getWorksheet("Plan C1")!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printArea: `A1:N${lay.lastRow + 1}`, printTitlesRow: "1:3" });
    expect(ws.getCell(`M${lay.fields.needs + 1}`).type).toBe(ExcelJS.ValueType.Merge);
    expect(ws.getCell(`K${lay.tables.buyingCenter.first + 1}`).numFmt).toBe("yyyy-mm-dd");
  });
});

describe("plan sheets in the selection workbook", () => {
  const hostile = ["Acme: A/S [Norge]*?", "O'Brien & Sons", "A very long customer name that goes on and on", "A very long customer name that goes on and off", "=HYPERLINK(\"x\")", "History"];
  const data = planDataFromGrid(
    [["Customer", "Sales"], ...hostile.map((c, i) => [c, 1000 - i])],
    { customer: "Customer", value: "Sales" },
    "en-US",
    "t",
  );

  it("names each plan 'Plan <customer>' sanitised, ≤ 31 characters and unique; formulas quote the names", () => {
    const r = buildSelectionWorkbook(data, { language: "en", mapping: { customer: "Customer", value: "Sales" }, plans: true, keyAccounts: { kind: "ids", ids: hostile } });
    const names = r.spec.sheets.filter((s) => s.id.startsWith("kam.plan:")).map((s) => s.name);
    expect(names).toEqual([
      "Plan Acme_ A_S _Norge___",
      "Plan O'Brien & Sons",
      "Plan A very long customer name",
      "Plan A very long customer n (2)",
      "Plan =HYPERLINK(\"x\")",
      "Plan History",
    ]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    const overview = r.spec.sheets.find((s) => s.id === "kam.overview")!;
    expect(allFormulas({ sheets: [overview] }).some((f) => f.includes("'Plan O''Brien & Sons'!$D$"))).toBe(true);
    expect(r.counts.plans).toEqual({ active: 6, inactive: 0, created: 6 });
  });

  it("reads plans back from the workbook's cells, also when renamed", () => {
    const r = buildSelectionWorkbook(data, { language: "en", mapping: { customer: "Customer", value: "Sales" }, plans: true, keyAccounts: { kind: "top", n: 2 } });
    const cells = new Map(r.spec.sheets.map((s) => [s.id === "kam.plan:O'Brien & Sons" ? "My O'Brien plan" : s.name, specCells(s)]));
    const p = extractPreserved(cells);
    expect(p.plans.map((x) => [x.customer, x.sheet])).toEqual([
      ["Acme: A/S [Norge]*?", "Plan Acme_ A_S _Norge___"],
      ["O'Brien & Sons", "My O'Brien plan"],
    ]);
    expect(p.sheets["kam.overview"]).toBe("Overview");
  });

  it("parses --key-accounts", () => {
    expect(parseKeyAccounts("top:5")).toEqual({ kind: "top", n: 5 });
    expect(parseKeyAccounts(" TOP : 12 ")).toEqual({ kind: "top", n: 12 });
    expect(parseKeyAccounts("C1, C2,,C1")).toEqual({ kind: "ids", ids: ["C1", "C2"] });
    expect(() => parseKeyAccounts("top:0")).toThrow(/top:N/);
    expect(() => parseKeyAccounts(" , ")).toThrow(/top:N/);
  });
});
