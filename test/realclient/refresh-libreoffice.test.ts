/**
 * Issue 9, "nothing typed is ever lost", judged by a real client: a plan workbook made by `kam plan` is
 * filled in and edited in LibreOffice Calc itself (python3-uno, test/support/uno.ts) the way people edit
 * (rows and columns inserted above titles, before column A and inside lists and tables, rows and columns
 * deleted, notes typed in free cells, values typed over formulas, a blank row left inside the Portfolio
 * list, "yes" typed in lower case, the Portfolio sorted, a plan sheet renamed, a sheet added, a chart
 * added), then refreshed twice with `kam plan` on changed data (figures changed, one customer gone, new
 * ones). After that, LibreOffice must recalculate every generated sheet without an error value, and every
 * typed token must still be in the workbook: in place, moved with its cell, or on the "Kept on refresh"
 * list. English and Norwegian labels, one LibreOffice start for all edits and one for the recalculation.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../src/i18n/sheets";
import { errorCells, recalculateAll, shownValue, sofficePath } from "../support/libreoffice";
import { runKam } from "../support/cli";
import {
  EditResult,
  KEPT_SHEET_NAMES,
  TokenCheck,
  TypedToken,
  UnoEdit,
  checkTokens,
  editAllWithLibreOffice,
  editWithLibreOffice,
} from "../support/uno";

const LO_TIMEOUT = 300_000;
const dir = mkdtempSync(join(tmpdir(), "kam-refresh-lo-"));
// KAM_KEEP_TEST_FILES=1 keeps the workbooks (made, edited and refreshed) for a person reading a failure.
afterAll(() => (process.env.KAM_KEEP_TEST_FILES ? console.log(`files kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));

// --- data: three versions of a small sales file --------------------------------------------------------

/** Customer → [sales, profit] per transaction row. */
type Sales = Record<string, [number, number][]>;
const V1: Sales = {
  Acme: [[1900, -190], [2000, -200]],
  Beta: [[1800, 180], [1850, 185]],
  Gamma: [[1600, 160], [1700, 170]],
  Delta: [[1500, 150], [1580, 155]],
  Eps: [[1400, -140], [1390, -139]],
  Zeta: [[1200, 120], [1280, 128]],
  Eta: [[1100, 110], [1090, 109]],
  Theta: [[900, 90], [970, 97]],
  Iota: [[800, -80], [760, -76]],
  Kappa: [[650, 65], [650, 65]],
  Lambda: [[500, 50], [500, 50]],
  My: [[350, 35], [360, 36]],
};
/** Refresh 1: figures change, Zeta is gone, Nu is new (and large). */
const V2: Sales = (() => {
  const v: Sales = {};
  for (const [k, rows] of Object.entries(V1)) if (k !== "Zeta") v[k] = rows.map(([s, p]) => [s * 1.1, p * 1.2]);
  v.Nu = [[2100, 300], [1000, 90]];
  return v;
})();
/** Refresh 2: Beta overtakes Acme, Xi is new. */
const V3: Sales = { ...V2, Beta: [[4200, 420]], Xi: [[2500, 260]] };

function writeCsv(name: string, sales: Sales): string {
  const lines = ["Customer,Sales,Profit"];
  for (const [customer, rows] of Object.entries(sales)) for (const [s, p] of rows) lines.push(`${customer},${s.toFixed(2)},${p.toFixed(2)}`);
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}
const CSV = { v1: writeCsv("v1.csv", V1), v2: writeCsv("v2.csv", V2), v3: writeCsv("v3.csv", V3) };

async function plan(csv: string, out: string, extra: Record<string, string> = {}): Promise<void> {
  await runPlan(
    PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", profit: "Profit", out, ...extra }),
  );
}

// --- the edits: what a person types and does, in either language --------------------------------------

let tokenCount = 0;
/** What each token is, for the report: "sheet: where it was typed". */
const described = new Map<string, string>();

/** A fresh unique token ("note-17") for a value typed at `where`. */
function note(where: string): string {
  const t = `note-${String(++tokenCount).padStart(2, "0")}`;
  described.set(t, where);
  return t;
}

const ATT_RATINGS: Record<string, number[]> = {
  Acme: [8, 7, 9, 6, 8, 7],
  Beta: [6, 5, 6, 7, 5, 6],
  Gamma: [3, 4, 2, 3, 4, 3],
  Delta: [7, 8, 6, 7, 9, 8],
};
const STR_RATINGS: Record<string, number[]> = {
  Acme: [7, 6, 8, 7, 6, 7],
  Beta: [3, 4, 3, 2, 4, 3],
  Gamma: [8, 7, 9, 8, 7, 8],
  Delta: [6, 7, 6, 8, 7, 6],
};

/**
 * The edit script of one language: inputs filled in first (ratings, a lower-case choice, plan fields),
 * notes typed in free cells and over formulas, then each sheet's structure changed. Sheet names stay
 * English in both languages; labels are found by their text in the plan's language.
 */
function editScript(lang: SheetLanguage): UnoEdit[] {
  const L = (key: SheetLabelKey): string => SHEET_LABELS[lang][key];
  const type = (sheet: string, text: string, dr: number, dc: number, where: string, nth = 0): UnoEdit => ({
    op: "type",
    sheet,
    find: { text, dr, dc, nth },
    value: note(`${sheet}: ${where}`),
  });
  const edits: UnoEdit[] = [];

  // Scoring: ratings (numbers), notes on the title row, in the header block, right of and below the grid;
  // then a column before A, a row above the title and a row inside the rating grid.
  for (const [customer, att] of Object.entries(ATT_RATINGS)) {
    att.forEach((v, j) => edits.push({ op: "type", sheet: "Scoring", find: { text: customer, dc: 2 + j }, value: v }));
    STR_RATINGS[customer].forEach((v, j) =>
      edits.push({ op: "type", sheet: "Scoring", find: { text: customer, dc: 9 + j }, value: v }),
    );
  }
  edits.push(
    type("Scoring", L("scoring.title"), 0, 6, "title row, G1"),
    type("Scoring", L("scoring.row.check"), 0, 3, "free cell in the weights block, D10"),
    type("Scoring", "Acme", 0, 17, "note right of the rating grid, R12"),
    type("Scoring", "Theta", 2, 0, "note below the rating grid, A21"),
    { op: "insertColumns", sheet: "Scoring", column: "A" },
    { op: "insertRows", sheet: "Scoring", row: 1 },
    { op: "insertRows", sheet: "Scoring", find: { text: "Gamma" } },
  );

  // Portfolio: a choice in lower case, a comment, notes; a formula typed over; sorted by revenue; a blank
  // row left inside the list (the choices are below it); a row above the title.
  edits.push(
    { op: "type", sheet: "Portfolio", find: { text: "Delta", dc: 8 }, value: lang === "en" ? "yes" : "ja", track: false },
    { op: "type", sheet: "Portfolio", find: { text: L("portfolio.mid.attractiveness"), dc: 1 }, value: 6 },
    type("Portfolio", "Acme", 0, 9, "comment of Acme (Comment column)"),
    type("Portfolio", "Beta", 0, 12, "note right of the list, M11"),
    type("Portfolio", "Gamma", 0, 7, "typed over the Recommended strategy formula of Gamma"),
    type("Portfolio", L("portfolio.title"), 0, 4, "title row, E1"),
    { op: "sort", sheet: "Portfolio", find: { text: L("portfolio.col.customer") }, by: L("portfolio.col.revenue") },
    { op: "insertRows", sheet: "Portfolio", find: { text: "Zeta" } },
    { op: "insertRows", sheet: "Portfolio", row: 1 },
  );

  // Profitability: notes in the summary block, right of the table and on the title row, a formula typed
  // over; a column inserted inside the table and the blank row above the table deleted.
  edits.push(
    type("Profitability", L("profit.totalRevenue"), 0, 5, "note in the summary block, F2"),
    type("Profitability", "Beta", 0, 11, "note right of the table, M10"),
    type("Profitability", "Delta", 0, 3, "typed over the Margin % formula of Delta"),
    type("Profitability", L("profit.title"), 0, 7, "title row, H1"),
    { op: "insertColumns", sheet: "Profitability", find: { text: L("profit.col.margin") } },
    { op: "deleteRows", sheet: "Profitability", find: { text: L("profit.col.rank"), dr: -1 } },
  );

  // ABC: notes right of the table and of the summary, below the table; a row inside the table, a row above
  // the header, the empty column between table and summary deleted.
  edits.push(
    type("ABC", "Beta", 0, 11, "note right of the summary, M3"),
    type("ABC", L("abc.settings.thresholds"), 0, 4, "note right of the settings, L12"),
    type("ABC", "My", 2, 0, "note below the table, B15"),
    // The table sorted by customer (Data > Sort on its region A–F; the summary beside it stays).
    { op: "sort", sheet: "ABC", find: { text: L("abc.col.rank") }, by: L("abc.col.customer") },
    { op: "insertRows", sheet: "ABC", find: { text: "Gamma" } },
    { op: "insertRows", sheet: "ABC", row: 1 },
    { op: "deleteColumns", sheet: "ABC", column: "G" },
  );

  // Plan sheets: plan fields and table rows filled in, free cells next to the figures and on the title
  // row, a figure typed over; two rows above the title and one inside the goals; another plan renamed,
  // a third with a column before A.
  const acme = "Plan Acme";
  const title = L("aplan.title").replace("{customer}", "Acme");
  edits.push(
    type(acme, L("aplan.manager"), 0, 1, "Key account manager"),
    type(acme, L("aplan.field.priorities"), 0, 1, "Customer's priorities"),
    // The one-page summary at the top has headers of the same names (its goal list, overdue actions and
    // contacts not reached); the plan's own tables are the second occurrence.
    type(acme, L("aplan.goal.goal"), 1, 0, "first goal", 1),
    type(acme, L("aplan.action.activity"), 1, 0, "first action's activity", 1),
    type(acme, L("aplan.bc.name"), 1, 0, "first buying-center name", 1),
    type(acme, L("aplan.fig.revenue"), 0, 3, "free cell next to the Revenue figure, D9"),
    type(acme, title, 0, 5, "title row, F1"),
    type(acme, L("aplan.fig.quadrant"), 0, 1, "typed over the Quadrant figure formula"),
    { op: "insertRows", sheet: acme, row: 1, count: 2 },
    { op: "insertRows", sheet: acme, find: { text: "G3" } },
    type("Plan Beta", L("aplan.manager"), 0, 1, "Key account manager (sheet renamed Beta 2027)"),
    { op: "renameSheet", sheet: "Plan Beta", to: "Beta 2027" },
    type("Plan Gamma", L("aplan.field.challenges"), 0, 1, "Challenges (column inserted before A)"),
    { op: "insertColumns", sheet: "Plan Gamma", column: "A" },
  );

  // Overview: notes right of and below the table and on the title row; a row above the title.
  edits.push(
    type("Overview", "Acme", 0, 13, "note right of the table, N5"),
    type("Overview", L("overview.total"), 2, 0, "note below the table"),
    type("Overview", L("overview.title"), 0, 6, "title row, G1"),
    { op: "insertRows", sheet: "Overview", row: 1 },
  );

  // A sheet of the user's own.
  const own = lang === "en" ? "My notes" : "Mine notater";
  edits.push({ op: "addSheet", name: own, cells: { A1: note(`${own}: A1`), B2: note(`${own}: B2`), C3: 42 } });
  return edits;
}

/** The chart a person adds to the Portfolio (revenue by customer), after all the other edits. */
const CHART: UnoEdit = { op: "addChart", sheet: "Portfolio", name: "Revenue chart", range: "A10:C14", cell: "N3" };

// --- the run -------------------------------------------------------------------------------------------

interface Case {
  lang: SheetLanguage;
  /** The plan as `kam plan` wrote it. */
  made: string;
  /** After the edits in LibreOffice (no chart), refreshed twice in place. */
  work: string;
  /** After the same edits plus a chart. */
  chart: string;
  edits: UnoEdit[];
  edited?: EditResult;
  /** Own sheets of the user: not generated, left out of the error scan. */
  own: string[];
  afterFirst?: TokenCheck;
  afterSecond?: TokenCheck;
  refreshError?: Error;
}

const cases: Case[] = (["en", "nb"] as const).map((lang) => ({
  lang,
  made: join(dir, `${lang}-made.xlsx`),
  work: join(dir, `${lang}-work.xlsx`),
  chart: join(dir, `${lang}-with-graph.xlsx`),
  edits: editScript(lang),
  own: [lang === "en" ? "My notes" : "Mine notater", ...KEPT_SHEET_NAMES],
}));
let recalculated: Record<string, ExcelJS.Workbook> = {};

beforeAll(async () => {
  if (!sofficePath()) throw new Error("LibreOffice is required for real-client tests (Debian package libreoffice-calc)");
  for (const c of cases) await plan(CSV.v1, c.made, { "key-accounts": "top:3", language: c.lang });

  // One LibreOffice start for all edits: each language without and with the chart.
  const results = await editAllWithLibreOffice(
    cases.flatMap((c) => [
      { in: c.made, out: c.work, edits: c.edits },
      { in: c.made, out: c.chart, edits: [...c.edits, CHART] },
    ]),
    LO_TIMEOUT,
  );
  cases.forEach((c, i) => (c.edited = results[2 * i]));

  for (const c of cases) {
    try {
      await plan(CSV.v2, c.work);
      c.afterFirst = await checkTokens(c.work, c.edited!.tokens);
      await plan(CSV.v3, c.work);
      c.afterSecond = await checkTokens(c.work, c.edited!.tokens);
    } catch (e) {
      c.refreshError = e as Error;
    }
  }
  const ok = cases.filter((c) => !c.refreshError);
  if (ok.length > 0) recalculated = await recalculateAll(Object.fromEntries(ok.map((c) => [c.lang, c.work])), join(dir, "lo"), LO_TIMEOUT);
  report();
}, 3 * LO_TIMEOUT);

/** Prints the count line and every lost or moved token with what was typed where. */
function report(): void {
  const lines: string[] = [];
  for (const c of cases) {
    if (c.refreshError) {
      lines.push(`[${c.lang}] refresh failed: ${c.refreshError.message}`);
      continue;
    }
    const r = c.afterSecond!;
    lines.push(
      `[${c.lang}] LibreOffice refresh: ${r.checked} typed values checked, ${r.lost.length} lost, ${r.moved.length} moved` +
        ` (${r.listed.length} to the Kept list; after the first refresh: ${c.afterFirst!.lost.length} lost)`,
    );
    const at = (t: TypedToken): string => `${t.token} (${described.get(t.token)}; was ${t.sheet}!${t.address})`;
    for (const t of r.lost) lines.push(`  lost  ${at(t)}`);
    for (const m of r.moved) lines.push(`  moved ${at(m.token)} → ${m.now.sheet}!${m.now.address}`);
  }
  console.log(lines.join("\n"));
}

/** Every cell of the generated sheets holding an error value, LibreOffice's Err:nnn included. */
function generatedErrors(wb: ExcelJS.Workbook, own: string[]): string[] {
  const generated = (ref: string): boolean => !own.some((s) => ref.startsWith(`${s}!`));
  const found = errorCells(wb).filter(generated);
  for (const ws of wb.worksheets) {
    if (own.includes(ws.name)) continue;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = shownValue(cell);
        if (typeof v === "string" && /^Err:\d+$/.test(v)) found.push(`${ws.name}!${cell.address} ${v}`);
      }),
    );
  }
  return found;
}

/** Customer → plan status on the Overview, its header row found by its labels wherever rows and columns moved. */
function overviewStatus(ws: ExcelJS.Worksheet, customerLabel: string, statusLabel: string): Map<string, string> {
  const out = new Map<string, string>();
  let columns: { customer: number; status: number } | undefined;
  ws.eachRow((row) => {
    const texts = (row.values as unknown[]).map((v) => (typeof v === "string" ? v.trim() : null));
    if (!columns) {
      const customer = texts.indexOf(customerLabel);
      const status = texts.indexOf(statusLabel);
      if (customer > 0 && status > 0) columns = { customer, status };
    } else if (texts[columns.customer]) out.set(texts[columns.customer]!, texts[columns.status] ?? "");
  });
  return out;
}

/** The chart parts of an .xlsx (xl/charts/chartN.xml). */
function chartParts(file: string): string[] {
  const r = spawnSync("unzip", ["-Z1", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`unzip -Z1 ${file}: ${r.stderr}`);
  return r.stdout.split("\n").filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p));
}

describe.each(cases.map((c) => [c.lang, c] as const))("a plan (%s) edited in LibreOffice, refreshed twice", (_, c) => {
  it("the edit script typed its tokens and none was removed by a later edit", () => {
    expect(c.edited!.removed).toEqual([]);
    expect(c.edited!.tokens.length).toBeGreaterThanOrEqual(25);
    // Where LibreOffice put them is its own shifting: the row above the title moved the Scoring note down.
    const scoringTitle = c.edited!.tokens.find((t) => described.get(t.token) === "Scoring: title row, G1");
    expect(scoringTitle).toMatchObject({ sheet: "Scoring", address: "H2" });
  });

  it("both refreshes run", () => {
    expect(c.refreshError?.message).toBeUndefined();
  });

  it("loses no typed value", () => {
    expect(c.afterSecond).toBeDefined();
    expect(c.afterFirst!.lost.map((t) => `${t.token} ${described.get(t.token)}`)).toEqual([]);
    expect(c.afterSecond!.lost.map((t) => `${t.token} ${described.get(t.token)}`)).toEqual([]);
  });

  it("recognises every edited sheet: no duplicate, the plans stay active, the lower-case choice makes a plan", async () => {
    expect(c.refreshError?.message).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.work);
    const names = wb.worksheets.map((ws) => ws.name);
    expect(names.filter((n) => / \(\d+\)$/.test(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(["Plan Acme", "Beta 2027", "Plan Gamma", "Plan Delta"]));
    expect(names).not.toContain("Plan Beta"); // renamed "Beta 2027", still Beta's plan
    // Acme, Beta and Gamma were chosen by `--key-accounts top:3`, Delta by a lower-case "yes"/"ja", all
    // below the blank row left in the sorted Portfolio list.
    const L = SHEET_LABELS[c.lang];
    const overview = wb.getWorksheet("Overview")!;
    const status = overviewStatus(overview, L["overview.col.customer"], L["overview.col.status"]);
    for (const customer of ["Acme", "Beta", "Gamma", "Delta"]) expect([customer, status.get(customer)]).toEqual([customer, L["overview.status.active"]]);
  });

  it("keeps each value typed in a list or table row under its own header and beside its own customer", async () => {
    expect(c.refreshError?.message).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.work);
    const L = SHEET_LABELS[c.lang];
    const text = (v: ExcelJS.CellValue): string => (typeof v === "string" ? v.trim() : "");
    /** Where `what` is on `sheet`: the header text above it in its column, and the texts of its row. */
    const placeOf = (sheet: string, what: string, headers: string[]): { header?: string; row: string[] } | undefined => {
      const token = c.edited!.tokens.find((t) => described.get(t.token) === what)?.token;
      const ws = wb.getWorksheet(sheet);
      let found: { header?: string; row: string[] } | undefined;
      ws?.eachRow((row, r) =>
        row.eachCell((cell, col) => {
          if (!token || text(cell.value) !== token) return;
          let header: string | undefined;
          for (let above = r - 1; above >= 1 && !header; above--) {
            const h = text(ws.getCell(above, col).value);
            if (headers.includes(h)) header = h;
          }
          found = { header, row: (row.values as ExcelJS.CellValue[]).map(text) };
        }),
      );
      return found;
    };
    const comment = placeOf("Portfolio", "Portfolio: comment of Acme (Comment column)", [L["portfolio.col.comment"], L["portfolio.col.keyAccount"]]);
    expect(comment?.header).toBe(L["portfolio.col.comment"]);
    expect(comment?.row).toContain("Acme");
    const table = [L["aplan.goal.goal"], L["aplan.action.activity"], L["aplan.bc.name"]];
    for (const [what, header] of [
      ["Plan Acme: first goal", L["aplan.goal.goal"]],
      ["Plan Acme: first action's activity", L["aplan.action.activity"]],
      ["Plan Acme: first buying-center name", L["aplan.bc.name"]],
    ]) expect([what, placeOf("Plan Acme", what, table)?.header]).toEqual([what, header]);
  });

  it("keeps the ABC summary's formulas on their own rows after the table was sorted", async () => {
    expect(c.refreshError?.message).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(c.work);
    const L = SHEET_LABELS[c.lang];
    const ws = wb.getWorksheet("ABC")!;
    const rows: [string, string][] = [];
    ws.eachRow((row) => {
      const cells = row.values as ExcelJS.CellValue[];
      cells.forEach((v, col) => {
        const label = typeof v === "string" ? v.trim() : "";
        const next = ws.getCell(row.number, col + 1).formula ?? "";
        const isClass = /^[A-D]$/.test(label) && /COUNTIF/i.test(next);
        if (isClass || label === L["abc.summary.total"] || label === L["abc.summary.positiveTotal"]) rows.push([label, next]);
      });
    });
    const formulaOf = (label: string): string[] => rows.filter(([l]) => l === label).map(([, f]) => f);
    for (const cls of ["A", "B", "C", "D"]) expect([cls, formulaOf(cls)]).toEqual([cls, [expect.stringContaining(`"${cls}"`)]]);
    expect(formulaOf(L["abc.summary.total"])).toEqual([expect.stringMatching(/^ROWS\(/i)]);
    expect(formulaOf(L["abc.summary.positiveTotal"])).toHaveLength(1);
  });

  it("LibreOffice recalculates every generated sheet without an error value", () => {
    expect(recalculated[c.lang]).toBeDefined();
    expect(generatedErrors(recalculated[c.lang], c.own)).toEqual([]);
  });

  it("a chart the user added is carried through, or the refresh refuses and leaves the file untouched", async () => {
    // The plan's own charts (ABC, Profitability, Portfolio, Overview, and each of the three plans' KAISM
    // position on its summary), as LibreOffice saved them, and the user's.
    expect(chartParts(c.chart)).toHaveLength(8);
    const before = readFileSync(c.chart);
    let refusal: Error | undefined;
    try {
      await plan(CSV.v2, c.chart);
    } catch (e) {
      refusal = e as Error;
    }
    if (refusal) {
      // Only the user's chart is named: the plan's own charts, recognised by their names, are written again.
      expect(refusal.message).toMatch(/sheet "Portfolio": a chart\)/);
      expect(readFileSync(c.chart).equals(before)).toBe(true);
    } else {
      expect(chartParts(c.chart)).toHaveLength(8);
    }
  });
});

describe("a plan only opened and saved in LibreOffice", () => {
  (sofficePath() !== null ? it : it.skip)(
    "refreshes with nothing taken for typed: LibreOffice's way of saving a formula (FALSE(), 1000000000) is still ours",
    async () => {
      const out = join(dir, "noop.xlsx");
      const superstore = join(__dirname, "../../../shared/data/superstore_sample.csv");
      const base = ["plan", superstore, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--key-accounts", "top:3", "--out"];
      expect((await runKam(...base, out)).code).toBe(0);
      const saved = join(dir, "noop-saved.xlsx");
      await editWithLibreOffice(out, saved, [], LO_TIMEOUT);
      const again = await runKam(...base, saved);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("Kept 0 typed values in place, 0 overrides of formulas\n");
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(saved);
      expect(wb.worksheets.map((w) => w.name)).not.toContain("Kept on refresh");
    },
    LO_TIMEOUT,
  );
});

describe("the LibreOffice edit harness", () => {
  const tiny = join(dir, "tiny.xlsx");
  const out = join(dir, "tiny-edited.xlsx");
  let result: EditResult;

  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("List");
    ws.addRows([["Title"], [], ["Name", "Size"], ["b", 2], ["a", 3], ["c", 1]]);
    ws.getCell("C4").value = { formula: "B4*2" };
    await wb.xlsx.writeFile(tiny);
    result = await editWithLibreOffice(
      tiny,
      out,
      [
        { op: "type", sheet: "List", cell: "D5", value: "tok-a" }, // beside row "a"
        { op: "type", sheet: "List", find: { text: "Title", dc: 2 }, value: "tok-b" }, // C1
        { op: "type", sheet: "List", cell: "C4", value: "tok-c" }, // over a formula
        { op: "type", sheet: "List", cell: "A9", value: "tok-gone" },
        { op: "deleteRows", sheet: "List", row: 9 },
        { op: "insertRows", sheet: "List", row: 1, count: 2 }, // everything two rows down
        { op: "insertColumns", sheet: "List", column: "A" }, // and one column right
        { op: "sort", sheet: "List", find: { text: "Name" }, by: "Name" }, // a, b, c: rows 6, 7, 8
        { op: "renameSheet", sheet: "List", to: "Sorted" },
        { op: "addSheet", name: "Mine", cells: { B2: "tok-d", A1: 5 } },
      ],
      LO_TIMEOUT,
    );
  }, LO_TIMEOUT);

  it("reports each token where LibreOffice has it after all edits, and the ones edits removed", () => {
    // The sort region is B5:E8 (Name, Size, the formula column C+1 and the note column), so "tok-a" moves
    // with row "a" to the first data row, and "tok-c" (row "b") to the second.
    expect(result.tokens).toEqual([
      { token: "tok-a", sheet: "Sorted", address: "E6" },
      { token: "tok-b", sheet: "Sorted", address: "D3" },
      { token: "tok-c", sheet: "Sorted", address: "D7" },
      { token: "tok-d", sheet: "Mine", address: "B2" },
    ]);
    expect(result.removed).toEqual(["tok-gone"]);
  });

  it("stores the edited workbook as .xlsx with the tokens at the reported cells", async () => {
    const check = await checkTokens(out, result.tokens);
    expect(check).toEqual({ checked: 4, lost: [], moved: [], listed: [] });
  });

  it("tells lost tokens, moved ones and ones on the Kept list apart", async () => {
    const file = join(dir, "kept.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").getCell("A1").value = "t-moved";
    wb.getWorksheet("S")!.getCell("A2").value = { formula: 'T("t-formula")', result: "t-formula" };
    wb.addWorksheet("Kept on refresh").addRows([
      ["Date", "Sheet", "Old address", "Value", "Why"],
      ["2026-12-02", "S", "B7", "t-kept", "the refreshed layout uses this cell"],
    ]);
    await wb.xlsx.writeFile(file);
    const t = (token: string, address: string): TypedToken => ({ token, sheet: "S", address });
    const check = await checkTokens(file, [t("t-moved", "B1"), t("t-kept", "B7"), t("t-formula", "A2"), t("t-lost", "C1")]);
    expect(check.lost.map((x) => x.token)).toEqual(["t-formula", "t-lost"]);
    expect(check.moved.map((m) => [m.token.token, `${m.now.sheet}!${m.now.address}`])).toEqual([
      ["t-moved", "S!A1"],
      ["t-kept", "Kept on refresh!D2"],
    ]);
    expect(check.listed.map((x) => x.token)).toEqual(["t-kept"]);
  });
});
