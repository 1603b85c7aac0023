/**
 * The task pane's refresh follows the same rules as the CLI (issue 9 part 5), in the strict Excel fake
 * with its real Range.insert / Range.delete: after the pane's first runs a person inserts rows above a
 * plan's title and inside the Portfolio list, a column before A on Scoring, types notes right of tables
 * and in a plan's free cells, types over a generated formula, types "yes" in lower case and renames a
 * sheet; the pane then refreshes on changed data. Every typed value is in the workbook or on the Kept on
 * refresh sheet, no sheet is duplicated, and every write passed the fake's formula rules (a refused write
 * fails the run). Also: the language switch (Yes → Ja, and the count formula looks for Ja), and a sheet
 * copied in from a file (no tag) is found by its content.
 */
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
import { a1 } from "../../src/sheets/kit/address";
import { RunPlansResult, runPlans } from "../../src/taskpane/plansRun";
import { RunAbcOptions, runAbc } from "../../src/taskpane/abcRun";
import { RunSelectOptions, RunSelectResult, runSelect } from "../../src/taskpane/selectRun";
import { TAG_KEY } from "../../src/render/office";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";

const NOW = new Date(Date.UTC(2024, 4, 1, 12));

/** Orders of `n` customers "Cust 01"…, sales falling with the number; `bump` changes the figures. */
function orders(n: number, bump = 0): unknown[][] {
  const rows: unknown[][] = [["Customer ID", "Sales", "Profit"]];
  for (let i = 1; i <= n; i++) {
    const sales = Math.round(100_000 / i) + bump * i;
    rows.push([`Cust ${String(i).padStart(2, "0")}`, sales, Math.round(sales * 0.2) - (i % 7 === 0 ? 3_000 : 0)]);
  }
  return rows;
}

const options = (over: Partial<RunSelectOptions> = {}): RunSelectOptions => ({
  source: { kind: "region", sheet: "Orders", cell: "A1" },
  mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" },
  abc: { method: "value", thresholds: [80, 95], nonpositive: "D" },
  candidates: { kind: "top", n: 10 },
  language: "en",
  locale: "en-US",
  now: NOW,
  ...over,
});
const select = (over: Partial<RunSelectOptions> = {}): Promise<RunSelectResult> => Excel.run((ctx) => runSelect(ctx, options(over)));
const plans = (over: Partial<RunSelectOptions> = {}): Promise<RunPlansResult> => Excel.run((ctx) => runPlans(ctx, options(over)));

let wb: FakeWorkbook;
afterAll(() => uninstallFakeExcel());

/** Every non-blank value of a sheet (values as Excel shows them; formulas' results are not checked). */
function sheetValues(name: string): unknown[] {
  const s = wb.sheet(name);
  const used = s.usedRect(true);
  return used ? s.values(used).flat().filter((v) => v !== "") : [];
}

/** Values listed in the Value column of the Kept on refresh sheet. */
function keptValues(): unknown[] {
  const s = wb.findSheet("Kept on refresh") ?? wb.findSheet("Beholdt ved oppdatering");
  if (!s) return [];
  const used = s.usedRect(true)!;
  return s.values(used).map((row) => row[3]);
}

/** Insert or delete cells through the Office.js API, as a person's edit in Excel would. */
async function edit(sheet: string, address: string, op: "insert" | "delete", shift: "Down" | "Right" | "Up" | "Left"): Promise<void> {
  await Excel.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem(sheet).getRange(address);
    if (op === "insert") r.insert(shift as Excel.InsertShiftDirection);
    else r.delete(shift as Excel.DeleteShiftDirection);
    await ctx.sync();
  });
}

describe("the pane's refresh after a person edited the sheets", () => {
  test("every typed value is kept, no sheet is duplicated, the fake's rules accept every write", async () => {
    wb = installFakeExcel({ sheets: ["Orders"] });
    wb.seed("Orders", "A1", orders(30));
    await select();
    const first = PORTFOLIO_ROWS.firstData; // 0-based row of the first Portfolio customer
    const key = (i: number): string => a1(first + i, PORTFOLIO_COLS.keyAccount);
    const customers = wb.values("Portfolio", `A${first + 1}:A${first + 3}`).map((r) => String(r[0]));
    // "yes" in lower case (Excel's list validation accepts it) is a key account too.
    wb.seed("Portfolio", key(0), [["Yes"]]);
    wb.seed("Portfolio", key(1), [["Yes"]]);
    wb.seed("Portfolio", key(2), [["yes"]]);
    const made = await plans();
    expect(made.plans).toEqual({ active: 3, inactive: 0, created: 3 });
    const planName = `Plan ${customers[0]}`;

    // What a person typed, and how it reads after a refresh (a list choice in the sheet language).
    const typed: { sheet: string; value: string | number; shown: string | number }[] = [];
    const type = (sheet: string, address: string, value: string | number, shown = value): void => {
      wb.seed(sheet, address, [[value]]);
      typed.push({ sheet, value, shown });
    };

    // Rows above a plan's title; a note on the title row and in the free cells beside its figures.
    await edit(planName, "1:2", "insert", "Down");
    type(planName, "A1", "Review with the CFO in June");
    type(planName, "J3", "title-row note");
    type(planName, "O12", "free cell beside the figures");
    type(planName, "B6", "Kari Nordmann"); // Key account manager (row 4, two rows lower now)
    // A blank row inside the Portfolio list, a note right of it, a value typed over a formula.
    await edit("Portfolio", `${first + 3}:${first + 3}`, "insert", "Down");
    type("Portfolio", `Q${first + 2}`, "note right of the Portfolio");
    type("Portfolio", a1(first + 4, PORTFOLIO_COLS.attractiveness), 7.5);
    type("Portfolio", key(4), "yes", "Yes");
    // A column before A on Scoring, then the sheet renamed; a note right of the grid.
    await edit("Scoring", "A:A", "insert", "Right");
    wb.sheet("Scoring").name = "Scoring 2024";
    type("Scoring 2024", "Z12", "note right of Scoring");
    // Notes right of the ABC and Profitability tables.
    type("ABC", "Q30", "note right of ABC");
    type("Profitability", "Q12", "note right of Profitability");

    // Changed data: other figures and five new customers.
    wb.seed("Orders", "A1", orders(35, 7));
    wb.resetStats();
    const again = await select();
    const refreshed = await plans();
    expect(wb.syncs.every((s) => !s.error)).toBe(true);

    // Every typed value is in its sheet or on the Kept on refresh sheet.
    const kept = keptValues();
    const lost = typed.filter((t) => !sheetValues(t.sheet).includes(t.shown) && !kept.includes(t.value));
    expect(lost).toEqual([]);
    // The lower-case yes is a key account (its plan was created), written back in the sheet language.
    expect(refreshed.plans.active).toBe(4);
    expect(wb.values("Portfolio", key(2))).toEqual([["Yes"]]);
    // The value typed over a formula stays and is reported with the formula.
    expect(again.kept.overrides + refreshed.kept.overrides).toBeGreaterThanOrEqual(1);
    expect(sheetValues("Portfolio")).toContain(7.5);
    expect(wb.sheet("Kept on refresh").values(wb.sheet("Kept on refresh").usedRect(true)!).some((r) => String(r[4]).startsWith("Typed over the formula"))).toBe(true);

    // No sheet duplicated: the renamed Scoring and the shifted plan were refreshed in place.
    const names = wb.liveSheets().map((s) => s.name);
    expect(names.filter((n) => / \(\d+\)$/.test(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(["Scoring 2024", planName, "Kept on refresh"]));
    expect(names.filter((n) => n.startsWith("Plan "))).toHaveLength(4);
    expect(again.sheets.find((s) => s.id === "kam.scoring")).toMatchObject({ name: "Scoring 2024", action: "updated" });
    // Portfolio's formulas point at the renamed Scoring sheet.
    expect(String(wb.formulas("Portfolio", a1(first, PORTFOLIO_COLS.attractiveness))[0][0])).toContain("'Scoring 2024'!");
    // The plan is back in its layout: title in A1, Customer ID in A3.
    expect(wb.values(planName, "A3:B3")).toEqual([["Customer ID", customers[0]]]);
    expect(again.kept.checked + refreshed.kept.checked).toBeGreaterThan(0);
  });
});

describe("language switch between two runs", () => {
  test("Yes chosen in English becomes Ja in Norwegian, the count formula looks for Ja, and plans follow", async () => {
    wb = installFakeExcel({ sheets: ["Orders"] });
    wb.seed("Orders", "A1", orders(20));
    await select();
    const first = PORTFOLIO_ROWS.firstData;
    const cell = a1(first, PORTFOLIO_COLS.keyAccount);
    const customer = String(wb.values("Portfolio", a1(first, 0))[0][0]);
    wb.seed("Portfolio", cell, [["Yes"]]);

    await select({ language: "nb" });
    expect(wb.values("Portfolio", cell)).toEqual([["Ja"]]);
    // The Portfolio's count of key accounts counts the same word the cells hold.
    const used = wb.sheet("Portfolio").usedRect(false)!;
    const counts = wb.sheet("Portfolio").formulas(used).flat().filter((f) => typeof f === "string" && /COUNTIF\(/.test(f)) as string[];
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((f) => f.includes('"Ja"') && !f.includes('"Yes"'))).toBe(true);

    const r = await plans({ language: "nb" });
    expect(r.plans).toEqual({ active: 1, inactive: 0, created: 1 });
    expect(wb.values(`Plan ${customer}`, "A3")).toEqual([["Kunde-ID"]]);
  });
});

describe("sheets recognised by content", () => {
  test("a Portfolio copied in from a file (no tag) is refreshed in place, not duplicated", async () => {
    wb = installFakeExcel({ sheets: ["Orders"] });
    wb.seed("Orders", "A1", orders(20));
    await select();
    const first = PORTFOLIO_ROWS.firstData;
    wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), [["Yes"]]);
    wb.seed("Portfolio", "Q3", [["my note"]]);
    // As if the sheet came from another file: the add-in's tag is gone.
    wb.sheet("Portfolio").customProperties.delete(TAG_KEY.toLowerCase());
    wb.resetStats();
    const r = await select();
    expect(r.sheets.find((s) => s.id === "kam.portfolio")).toMatchObject({ name: "Portfolio", action: "updated" });
    expect(wb.liveSheets().map((s) => s.name).filter((n) => n.startsWith("Portfolio"))).toEqual(["Portfolio"]);
    expect(wb.values("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount))).toEqual([["Yes"]]);
    expect(wb.values("Portfolio", "Q3")).toEqual([["my note"]]);
    expect(wb.sheet("Portfolio").customProperties.get(TAG_KEY.toLowerCase())?.value).toBe("kam.portfolio");
    // Reading the corners of all sheets takes no extra sync.
    expect(r.readSyncs).toBe(3);
  });
});

describe("the ABC step's refresh", () => {
  const abc = (over: Partial<RunAbcOptions> = {}): RunAbcOptions => ({
    source: { kind: "region", sheet: "Orders", cell: "A1" },
    mapping: { customer: "Customer ID", value: "Sales" },
    method: "value",
    thresholds: [80, 95],
    nonpositive: "D",
    language: "en",
    locale: "en-US",
    now: NOW,
    ...over,
  });

  test("keeps what was typed, and keeps the table so a formula naming it on another sheet still works", async () => {
    wb = installFakeExcel({ sheets: ["Orders", "Notes"] });
    wb.seed("Orders", "A1", orders(30));
    await Excel.run((ctx) => runAbc(ctx, abc()));
    const tableId = wb.table("tblABC").id;
    wb.seed("Notes", "A1", [["=ROWS(tblABC[Customer])"], ["=SUM(tblABC[Value])"]]);
    // Rows above the table, a note right of it, a value typed over a summary formula.
    await edit("ABC", "1:2", "insert", "Down");
    wb.seed("ABC", "Q5", [["ask finance about Cust 07"]]);
    const summary = wb.formulas("ABC", "B1:E12"); // the summary, above the table since issue 11
    const f = summary.flatMap((row, i) => row.map((v, j) => ({ v, i, j }))).find((x) => typeof x.v === "string" && x.v.startsWith("="))!;
    const over = `${"BCDE"[f.j]}${f.i + 1}`;
    wb.seed("ABC", over, [[1234]]);

    wb.seed("Orders", "A1", orders(35, 7));
    const r = await Excel.run((ctx) => runAbc(ctx, abc()));
    expect(r.action).toBe("updated");
    expect(wb.syncs.every((x) => !x.error)).toBe(true);
    expect(wb.table("tblABC").id).toBe(tableId);
    expect(wb.tableAddress("tblABC")).toBe("A14:F49"); // back under the summary, header on row 14
    expect(wb.formulas("Notes", "A1:A2")).toEqual([["=ROWS(tblABC[Customer])"], ["=SUM(tblABC[Value])"]]);
    expect(sheetValues("ABC")).toContain("ask finance about Cust 07");
    expect(sheetValues("ABC")).toContain(1234);
    expect(r.kept).toMatchObject({ overrides: 1, sheet: "Kept on refresh" });
    expect(keptValues()).toContain(1234);
    expect(wb.liveSheets().map((x) => x.name)).toEqual(["Orders", "Notes", "ABC", "KAM Settings", "Kept on refresh"]);
  });

  test("rows of a longer earlier list are removed, not kept as if typed (fingerprints on the settings sheet)", async () => {
    wb = installFakeExcel({ sheets: ["Orders"] });
    wb.seed("Orders", "A1", orders(35));
    await Excel.run((ctx) => runAbc(ctx, abc()));
    expect(wb.sheet("KAM Settings").visibility).toBe("Hidden");
    wb.seed("ABC", "Q3", [["my note"]]);
    wb.seed("Orders", "A1", orders(30, 3));
    wb.seed("Orders", "A32", [["", "", ""], ["", "", ""], ["", "", ""], ["", "", ""], ["", "", ""]]);
    const r = await Excel.run((ctx) => runAbc(ctx, abc()));
    expect(r.customers).toBe(30);
    expect(wb.tableAddress("tblABC")).toBe("A14:F44");
    expect(wb.values("ABC", "A45:F49").flat().every((v) => v === "")).toBe(true);
    expect(r.kept).toMatchObject({ checked: 1, inPlace: 1, overrides: 0, listed: 0 });
    expect(wb.values("ABC", "Q3")).toEqual([["my note"]]);
    expect(wb.findSheet("Kept on refresh")).toBeUndefined();
  });
});
