/**
 * Issue 14 items 2 and 5, "Must show": the Superstore plan with five key accounts (`kam plan
 * superstore_sample.csv --key-accounts top:5`). The opportunities, the revenue goal, the negotiation fields
 * and issues (and a buying center with or without a decider) of every plan are filled once with ExcelJS and
 * refreshed twice by `kam plan` on the existing workbook (runPlan, what the CLI calls); then filled again
 * in LibreOffice Calc itself (python3-uno: a row inserted inside the opportunities table and typed in, a
 * walk-away typed), refreshed twice. Every typed value must be read back as typed each time. Finally
 * LibreOffice recalculates the workbook, and the weighted values, the totals (lost excluded, won at
 * 100 %), weighted ÷ revenue goal, the decider's attitude and the zone of agreement must equal what this
 * test computes from the typed data itself. A Norwegian plan, filled in Norwegian list words, calculates
 * the same way (its formulas compare with the Norwegian words).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan, workbookCells } from "../../src/cli/plan";
import { BC, type PreservedAccountPlan } from "../../src/sheets/accountPlan/build";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { errorCells, recalculateAll, shownValue, sofficePath } from "../support/libreoffice";
import { UnoEdit, editWithLibreOffice } from "../support/uno";

const LO_TIMEOUT = 300_000;
const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-opp-lo-"));
afterAll(() => (process.env.KAM_KEEP_TEST_FILES ? console.log(`files kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));

async function plan(out: string, extra: Record<string, string> = {}): Promise<void> {
  await runPlan(
    PlanOptionsSchema.parse({ file: SUPERSTORE, customer: "Customer ID", name: "Customer Name", value: "Sales", profit: "Profit", out, "key-accounts": "top:5", ...extra }),
  );
}

/** One opportunity as typed: name, offering, unit, value, probability, stage, buy class, close, competitor, next step, due. */
type Opp = [string, string, string | null, number, number, string, string, Date, string, string, Date];
interface Typed {
  opps: Opp[];
  goal: number | null;
  /** Buying-center rows: name, role, attitude ("" = blank). */
  bc: [string, string, string][];
  /** Issues: issue, our target, our walk-away, their position, their walk-away, unit, give, get. */
  issues: [string, number, number, string, number | string, string, string, string][];
  fields: Record<string, string>;
}

const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** The Norwegian plan's opportunities: name, value, probability, stage (Norwegian list words). */
const NB_OPPS: [string, number, number, string][] = [
  ["Stoler", 1000, 0.5, "Tilbud gitt"],
  ["Pulter", 2000, 0.3, "Vunnet"],
  ["Papir", 800, 0.9, "Tapt"],
];

/** What is typed into the i-th plan (0..4): each account differs (a decider or none, a goal or none, zones). */
function typed(i: number): Typed {
  const bc: [string, string, string][] =
    i === 1
      ? [["Ina Influencer", "Influencer", "Supporter"]] // no decider: the attitude is blank
      : i === 3
        ? [["Dan Decider", "Decider", ""]] // a decider without an attitude: blank
        : [
            ["Ann User", "User", "Opponent"],
            ["Bob Decider", "Decider", i === 0 ? "Supporter" : "Neutral"],
            ["Cy Second", "Decider", "Opponent"], // a second decider: the first one counts
          ];
  return {
    opps: [
      [`Opp${i}-A`, "Chairs", "HQ", 1000 * (i + 1), 0.5, "Proposal", "New task", d("2027-03-01"), "Rival Inc", "Send the offer", d("2020-01-15")],
      [`Opp${i}-B`, "Desks", "North", 2500, 0.2, "Won", "Modified rebuy", d("2026-06-30"), "None", "Deliver", d("2099-01-01")],
      [`Opp${i}-C`, "Paper", "South", 700 + i, 0.9, "Lost", "Straight rebuy", d("2026-05-01"), "Cheapo", "Debrief", d("2020-02-01")],
      [`Opp${i}-D`, "Phones", null, 1234.5, 0.35, "Qualified", "New task", d("2027-09-01"), "Rival Inc", "Demo", d("2099-05-01")],
    ],
    goal: i === 4 ? null : 10000 * (i + 1),
    bc,
    issues: [
      ["Price", 100, 90 + 5 * i, "80 flat", 95, "USD/unit", "Longer term", "Volume"],
      ["Term", 3, 2, "1 year", "four", "years", "Training", "Referral"],
    ],
    fields: { ourBatna: `Sell to another chain ${i}`, theirBatna: "Buy from Rival Inc", weGive: "Faster delivery", weGet: "A 3-year term", negNotes: `Notes ${i}` },
  };
}

function labelRow(ws: ExcelJS.Worksheet, label: string, from = 1): number {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no "${label}" on ${ws.name}`);
}

/** The plan sheets of a workbook in sheet order, with what readAccountPlan reads from each. */
function plans(wb: ExcelJS.Workbook): { ws: ExcelJS.Worksheet; read: PreservedAccountPlan }[] {
  const cells = workbookCells(wb);
  return wb.worksheets
    .map((ws) => ({ ws, read: readAccountPlan(ws.name, cells.get(ws.name) ?? []) }))
    .filter((x): x is { ws: ExcelJS.Worksheet; read: PreservedAccountPlan } => !!x.read);
}

/** Fills plan i with ExcelJS, cells found by their labels. */
function fill(ws: ExcelJS.Worksheet, t: Typed): void {
  const set = (r: number, c: number, v: ExcelJS.CellValue): void => void (ws.getCell(r, c).value = v);
  const opp = labelRow(ws, "Opportunity") + 1;
  t.opps.forEach((o, k) => {
    const [name, offering, unit, value, p, stage, buy, close, comp, next, due] = o;
    [name, offering, unit, value, p, null, stage, buy, close, comp, null, next, due].forEach((v, c) => v !== null && set(opp + k, c + 1, v));
  });
  if (t.goal !== null) set(labelRow(ws, "Revenue goal"), 2, t.goal);
  const bc = labelRow(ws, "3. Buying center") + 2;
  t.bc.forEach(([name, role, attitude], k) => {
    set(bc + k, BC.name + 1, name);
    set(bc + k, BC.role + 1, role);
    if (attitude) set(bc + k, BC.attitude + 1, attitude);
  });
  const neg = labelRow(ws, "Negotiation issues") + 2;
  t.issues.forEach(([issue, target, ours, pos, theirs, unit, give, get], k) =>
    [issue, target, ours, pos, theirs, unit, null, give, get].forEach((v, c) => v !== null && set(neg + k, c + 1, v)),
  );
  const F: Record<string, string> = {
    ourBatna: "Our BATNA (best alternative to a negotiated agreement)",
    theirBatna: "Their BATNA",
    weGive: "What we can give",
    weGet: "What we want in return",
    negNotes: "Notes",
  };
  for (const [k, v] of Object.entries(t.fields)) set(labelRow(ws, F[k]), 2, v);
}

/** A plan's new parts as read: opportunities, issues, negotiation fields, revenue goal. */
const parts = (p: PreservedAccountPlan) => ({
  opportunities: p.tables.opportunities,
  negotiation: p.tables.negotiation,
  fields: Object.fromEntries(["ourBatna", "theirBatna", "weGive", "weGet", "negNotes"].map((k) => [k, p.fields[k as keyof typeof p.fields]])),
  goal: p.header.revenueGoal,
  buyingCenter: p.tables.buyingCenter,
});

const haveSoffice = !!sofficePath();
(haveSoffice ? describe : describe.skip)("opportunities and negotiation on the Superstore plan, ExcelJS and LibreOffice, refreshed twice", () => {
  const file = join(dir, "plan.xlsx");
  const edited = join(dir, "edited.xlsx");
  const data: Typed[] = [0, 1, 2, 3, 4].map(typed);
  let filled: ReturnType<typeof parts>[] = [];
  let afterExcelJs: ReturnType<typeof parts>[] = [];
  let unoTyped: ReturnType<typeof parts>[] = [];
  let afterUno: ReturnType<typeof parts>[] = [];
  let recalculated: ExcelJS.Workbook;
  // A Norwegian plan: the formulas compare with the Norwegian words and still calculate in LibreOffice.
  const nbFile = join(dir, "plan-nb.xlsx");
  let recalculatedNb: ExcelJS.Workbook;

  beforeAll(async () => {
    await plan(file);
    // 1. ExcelJS fills every plan; two refreshes.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ps = plans(wb);
    expect(ps).toHaveLength(5);
    ps.forEach((p, i) => fill(p.ws, data[i]));
    await wb.xlsx.writeFile(file);
    const wb1 = new ExcelJS.Workbook();
    await wb1.xlsx.readFile(file);
    filled = plans(wb1).map((p) => parts(p.read));
    await plan(file);
    await plan(file);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(file);
    afterExcelJs = plans(wb2).map((p) => parts(p.read));

    // 2. LibreOffice: in every plan a row inserted inside the opportunities table and typed in, a walk-away typed.
    const edits: UnoEdit[] = [];
    plans(wb2).forEach(({ ws }, i) => {
      const B = `Opp${i}-B`;
      edits.push(
        { op: "insertRows", sheet: ws.name, find: { text: B } },
        { op: "type", sheet: ws.name, find: { text: B, dr: -1 }, value: `Inserted${i}` },
        { op: "type", sheet: ws.name, find: { text: B, dr: -1, dc: 3 }, value: 500 + i },
        { op: "type", sheet: ws.name, find: { text: B, dr: -1, dc: 4 }, value: 0.6 },
        { op: "type", sheet: ws.name, find: { text: B, dr: -1, dc: 6 }, value: "Negotiation", track: false },
        { op: "type", sheet: ws.name, find: { text: "Term", dc: 4 }, value: 4 },
      );
      data[i].opps.splice(1, 0, [`Inserted${i}`, "", null, 500 + i, 0.6, "Negotiation", "", d("2099-01-01"), "", "", d("2099-01-01")]);
      data[i].issues[1][4] = 4;
    });
    await editWithLibreOffice(file, edited, edits, LO_TIMEOUT);
    const wb3 = new ExcelJS.Workbook();
    await wb3.xlsx.readFile(edited);
    unoTyped = plans(wb3).map((p) => parts(p.read));
    await plan(edited);
    await plan(edited);
    const wb4 = new ExcelJS.Workbook();
    await wb4.xlsx.readFile(edited);
    afterUno = plans(wb4).map((p) => parts(p.read));

    // The Norwegian plan: filled with ExcelJS in Norwegian words, refreshed once.
    await plan(nbFile, { language: "nb", "key-accounts": "top:1" });
    const nb = new ExcelJS.Workbook();
    await nb.xlsx.readFile(nbFile);
    const nbWs = plans(nb)[0].ws;
    const set = (r: number, c: number, v: ExcelJS.CellValue): void => void (nbWs.getCell(r, c).value = v);
    const o = labelRow(nbWs, "Salgsmulighet") + 1;
    NB_OPPS.forEach(([name, value, p, stage], k) => [name, null, null, value, p, null, stage].forEach((v, c) => v !== null && set(o + k, c + 1, v)));
    set(labelRow(nbWs, "Omsetningsmål"), 2, 4000);
    const b = labelRow(nbWs, "3. Kjøpesenter") + 2;
    [["Per", "Bruker", "Motstander"], ["Kari", "Beslutter", "Nøytral"]].forEach(([n, role, att], k) => {
      set(b + k, BC.name + 1, n);
      set(b + k, BC.role + 1, role);
      set(b + k, BC.attitude + 1, att);
    });
    const g = labelRow(nbWs, "Forhandlingstemaer") + 2;
    [["Pris", 100, 90, null, 95], ["Løpetid", 3, 4, null, 2]].forEach((row, k) => row.forEach((v, c) => v !== null && set(g + k, c + 1, v)));
    await nb.xlsx.writeFile(nbFile);
    await plan(nbFile, { language: "nb", "key-accounts": "top:1" });

    // 3. LibreOffice recalculates the refreshed workbooks (one start).
    const lo = await recalculateAll({ final: edited, nb: nbFile }, join(dir, "lo"), LO_TIMEOUT);
    recalculated = lo.final;
    recalculatedNb = lo.nb;
  }, 4 * LO_TIMEOUT);

  it("reads back what ExcelJS typed, and keeps it through two refreshes", () => {
    expect(filled).toHaveLength(5);
    filled.forEach((p, i) => {
      expect(p.opportunities!.map((r) => r[0])).toEqual(data[i].opps.filter((o) => !o[0].startsWith("Inserted")).map((o) => o[0]));
      expect(p.opportunities!.map((r) => r[3])).toEqual(data[i].opps.filter((o) => !o[0].startsWith("Inserted")).map((o) => o[3]));
      expect(p.goal ?? null).toBe(data[i].goal);
      expect(p.fields.ourBatna).toBe(data[i].fields.ourBatna);
      expect(p.negotiation!.map((r) => r[0])).toEqual(["Price", "Term"]);
    });
    expect(afterExcelJs).toEqual(filled);
  });

  it("reads back what LibreOffice typed (the inserted row in its place), and keeps it through two refreshes", () => {
    unoTyped.forEach((p, i) => {
      expect(p.opportunities![1].slice(0, 5)).toEqual([`Inserted${i}`, null, null, 500 + i, 0.6]);
      expect(p.opportunities![1][6]).toBe("Negotiation");
      expect(p.opportunities!.map((r) => r[0])).toEqual(data[i].opps.map((o) => o[0]));
      expect(p.negotiation![1][4]).toBe(4);
    });
    expect(afterUno).toEqual(unoTyped);
  });

  it("LibreOffice's recalculated weighted values, totals, goal ratio, decider's attitude and zones equal this test's own computation", () => {
    expect(errorCells(recalculated)).toEqual([]);
    const today = Math.floor(Date.now() / 86_400_000);
    const ps = recalculated.worksheets.filter((ws) => plans(recalculated).some((p) => p.ws.name === ws.name));
    expect(ps).toHaveLength(5);
    ps.forEach((ws, i) => {
      const t = data[i];
      const shown = (r: number, c: number): unknown => {
        const cell = ws.getCell(r, c);
        const v = shownValue(cell);
        return v === undefined && cell.type === ExcelJS.ValueType.Formula ? "" : v;
      };
      const first = labelRow(ws, "Opportunity") + 1;
      const decider = t.bc.find((b) => b[1] === "Decider")?.[2] ?? "";
      t.opps.forEach((o, k) => {
        expect(shown(first + k, 1)).toBe(o[0]);
        expect(shown(first + k, 6) as number).toBeCloseTo(o[3] * o[4], 9);
        expect(shown(first + k, 11)).toBe(decider);
      });
      // Blank rows: no weighted value, no attitude.
      expect(shown(first + t.opps.length, 6)).toBe("");
      expect(shown(first + t.opps.length, 11)).toBe("");
      const total = labelRow(ws, "Total (lost excluded; won at 100 %)");
      const notLost = t.opps.filter((o) => o[5] !== "Lost");
      const value = notLost.reduce((s, o) => s + o[3], 0);
      const weighted = notLost.reduce((s, o) => s + (o[5] === "Won" ? o[3] : o[3] * o[4]), 0);
      expect(shown(total, 4) as number).toBeCloseTo(value, 9);
      expect(shown(total, 6) as number).toBeCloseTo(weighted, 9);
      const serial = (x: Date): number => x.getTime() / 86_400_000;
      const overdue = t.opps.filter((o) => serial(o[10]) < today && o[5] !== "Won" && o[5] !== "Lost").length;
      expect(shown(total, 13)).toBe(overdue);
      const goalRow = labelRow(ws, "Revenue goal");
      if (t.goal === null) expect(shown(goalRow, 6)).toBe("");
      else expect(shown(goalRow, 6) as number).toBeCloseTo(weighted / t.goal, 9);
      const neg = labelRow(ws, "Negotiation issues") + 2;
      t.issues.forEach((x, k) => {
        const [ours, theirs] = [x[2], x[4]];
        const zone = typeof theirs !== "number" ? "" : theirs >= ours ? `Zone ${ours}–${theirs}` : "No zone";
        expect(shown(neg + k, 7)).toBe(zone);
      });
    });
    // The cases the data covers: a zone and no zone, a decider's attitude and none, an overdue step.
    const zones = data.map((t) => (t.issues[0][4] as number) >= t.issues[0][2]);
    expect(zones).toContain(true);
    expect(zones).toContain(false);
  });

  it("calculates the Norwegian plan's formulas in LibreOffice with the Norwegian words", () => {
    expect(errorCells(recalculatedNb)).toEqual([]);
    const ws = plans(recalculatedNb)[0].ws;
    const shown = (r: number, c: number): unknown => {
      const cell = ws.getCell(r, c);
      const v = shownValue(cell);
      return v === undefined && cell.type === ExcelJS.ValueType.Formula ? "" : v;
    };
    const first = labelRow(ws, "Salgsmulighet") + 1;
    NB_OPPS.forEach(([name, value, p], k) => {
      expect(shown(first + k, 1)).toBe(name);
      expect(shown(first + k, 6) as number).toBeCloseTo(value * p, 9);
      expect(shown(first + k, 11)).toBe("Nøytral");
    });
    const total = labelRow(ws, "Sum (tapte utelatt; vunnet 100 %)");
    const weighted = NB_OPPS.filter((o) => o[3] !== "Tapt").reduce((s, o) => s + (o[3] === "Vunnet" ? o[1] : o[1] * o[2]), 0);
    expect(shown(total, 4) as number).toBeCloseTo(NB_OPPS.filter((o) => o[3] !== "Tapt").reduce((s, o) => s + o[1], 0), 9);
    expect(shown(total, 6) as number).toBeCloseTo(weighted, 9);
    expect(shown(labelRow(ws, "Omsetningsmål"), 6) as number).toBeCloseTo(weighted / 4000, 9);
    const g = labelRow(ws, "Forhandlingstemaer") + 2;
    expect([shown(g, 7), shown(g + 1, 7)]).toEqual(["Rom 90–95", "Ingen rom"]);
  });
});
