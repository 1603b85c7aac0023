/**
 * Issue 9 parts 1–3: what people do to a plan workbook between two refreshes, on the cell model of the
 * file path (extractPreserved → buildSelectionWorkbook, the CLI's steps without the file), and `kam plan`
 * itself on an .xlsx edited that way. Each case was a bug: a typed value lost, a plan not recognised, a
 * refresh refused, a choice ignored, a formula override replaced silently, a stale cell carried.
 */
import { PLAN_OPTIONS } from "../support/planSpec";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { workbookCells } from "../../src/cli/plan";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { UserCell } from "../../src/plan/userCell";
import { Book, Grid, bookOf, findAll, get, insertCol, insertRow, refresh, set } from "../support/sheetEdits";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10"],
  revenue: [500, 400, 300, 200, 100, 50, 40, 30, 20, 10],
  profit: [50, 40, -30, 20, 10, 5, 4, 3, 2, 1],
  usedRows: 10,
  skippedRows: 0,
};
// C01's figures change, C10 leaves the data, C11 arrives.
const changed: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C11"],
  revenue: [520, 400, 300, 200, 100, 50, 40, 30, 20, 5],
  profit: [55, 40, -30, 20, 10, 5, 4, 3, 2, 1],
  usedRows: 10,
  skippedRows: 0,
};
const opts: SelectionOptions = PLAN_OPTIONS;

/** The first plan (C01 and C02 are key accounts), as cells. */
function firstBook(): Book {
  return bookOf(buildSelectionWorkbook(data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } }));
}

function sheet(book: Book, name: string): Grid {
  const g = book.get(name);
  if (!g) throw new Error(`no sheet ${name} in ${[...book.keys()].join(", ")}`);
  return g;
}

/** The values on the Kept on refresh sheet (column D), and the whole rows. */
function keptRows(book: Book): UserCell[][] {
  return (book.get("Kept on refresh") ?? []).slice(2).filter((r) => r && r.some((v) => v !== null && v !== undefined));
}

describe("a refresh keeps what people typed", () => {
  it("keeps notes right of the Portfolio, Profitability and ABC tables where they were", () => {
    const book = firstBook();
    set(sheet(book, "Portfolio"), "Y12", "note right of Portfolio");
    set(sheet(book, "Profitability"), "Z12", "note right of Profitability");
    set(sheet(book, "ABC"), "G5", "note between the ABC table and its summary");
    set(sheet(book, "ABC"), "M3", "note right of the ABC summary");
    const after = bookOf(refresh(book, changed, opts));
    expect(get(sheet(after, "Portfolio"), "Y12")).toBe("note right of Portfolio");
    expect(findAll(after.get("Profitability"), "note right of Profitability").map(([, c]) => c)).toEqual([25]);
    expect(get(sheet(after, "ABC"), "G5")).toBe("note between the ABC table and its summary");
    expect(get(sheet(after, "ABC"), "M3")).toBe("note right of the ABC summary");
    expect(keptRows(after)).toEqual([]);
  });

  it("keeps a typed value equal to a generated one beside it (only the cell the add-in wrote counts as generated)", () => {
    const book = firstBook();
    set(sheet(book, "ABC"), "G2", "A"); // beside C01's class A
    set(sheet(book, "Portfolio"), "AA6", 10); // beside the quadrant lines' 10
    set(sheet(book, "Scoring"), "R9", 15); // on the weight row, right of the grid
    const after = bookOf(refresh(book, changed, opts));
    expect(get(sheet(after, "ABC"), "G2")).toBe("A");
    expect(get(sheet(after, "Portfolio"), "AA6")).toBe(10);
    expect(get(sheet(after, "Scoring"), "R9")).toBe(15);
  });

  // Plan addresses: the one-page summary (issue 11, with the health block of issue 13) takes rows 7–42, the plan's sections start on row 43.
  it("keeps text typed in free cells of a plan sheet, next to its figure rows and on its title rows", () => {
    const book = firstBook();
    const plan = sheet(book, "Plan C01");
    set(plan, "E1", "on the title row");
    set(plan, "C3", "next to the customer ID");
    set(plan, "D46", "next to the revenue figure");
    set(plan, "F48", "next to the strength figure");
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    for (const [a, v] of [
      ["E1", "on the title row"],
      ["C3", "next to the customer ID"],
      ["D46", "next to the revenue figure"],
      ["F48", "next to the strength figure"],
    ])
      expect(`${a}: ${String(get(sheet(after, "Plan C01"), a))}`).toBe(`${a}: ${v}`);
    expect(r.counts.typed.inPlace).toBe(4);
    expect(keptRows(after)).toEqual([]);
  });

  it("reads a plan's table by its header labels after a column was inserted inside it and a row above its header", () => {
    const book = firstBook();
    const plan = sheet(book, "Plan C01");
    expect(get(plan, "A60")).toBe("Name");
    set(plan, "A61", "Ola Hansen");
    set(plan, "B61", "CFO");
    set(plan, "E61", "Decider");
    insertCol(plan, 1); // B, inside the buying-center table
    set(plan, "B61", "my own column");
    insertRow(plan, 59); // between the section header and the table's header
    const after = bookOf(refresh(book, changed, opts));
    const p = sheet(after, "Plan C01");
    expect(["A61", "B61", "E61"].map((a) => get(p, a))).toEqual(["Ola Hansen", "CFO", "Decider"]);
    const found = [...after.values()].some((g) => findAll(g, "my own column").length > 0);
    expect(found).toBe(true);
  });

  it("still recognises a plan after a row was inserted above its title: no empty copy, the Overview points at it", () => {
    const book = firstBook();
    const plan = sheet(book, "Plan C01");
    set(plan, "B4", "Kari Nordmann");
    insertRow(plan, 0);
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect([...after.keys()].filter((n) => n.startsWith("Plan"))).toEqual(["Plan C01", "Plan C02"]);
    expect(get(sheet(after, "Plan C01"), "B4")).toBe("Kari Nordmann");
    expect(JSON.stringify(sheet(after, "Overview"))).not.toMatch(/\(2\)/);
    expect(r.counts.plans).toMatchObject({ active: 2, created: 0 });
  });

  it("recognises Scoring after a column was inserted before column A and keeps its ratings", () => {
    const book = firstBook();
    const scoring = sheet(book, "Scoring");
    set(scoring, "C12", 7);
    set(scoring, "C4", "Our own potential");
    insertCol(scoring, 0);
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect([...after.keys()].filter((n) => /^Scoring/.test(n))).toEqual(["Scoring"]);
    expect(get(sheet(after, "Scoring"), "C12")).toBe(7);
    expect(get(sheet(after, "Scoring"), "C4")).toBe("Our own potential");
  });

  it("reads the Portfolio's midpoint and choices after a column was inserted between A and B", () => {
    const book = firstBook();
    const portfolio = sheet(book, "Portfolio");
    set(portfolio, "B4", 6.5);
    set(portfolio, "I12", "Yes"); // C03
    insertCol(portfolio, 1);
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect(get(sheet(after, "Portfolio"), "B4")).toBe(6.5);
    expect(get(sheet(after, "Portfolio"), "I12")).toBe("Yes");
    expect(keptRows(after)).toEqual([]);
  });

  it("reads the Portfolio list past a blank row inside it: no choice ignored, no customer twice", () => {
    const book = firstBook();
    const portfolio = sheet(book, "Portfolio");
    set(portfolio, "I13", "Yes"); // C04
    set(portfolio, "J13", "Call in May");
    insertRow(portfolio, 11); // a blank row between C02 and C03
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect(findAll(after.get("Scoring"), "C04")).toHaveLength(1);
    expect(findAll(after.get("Portfolio"), "C04")).toHaveLength(1);
    expect(get(sheet(after, "Portfolio"), "I13")).toBe("Yes");
    expect(get(sheet(after, "Portfolio"), "J13")).toBe("Call in May");
    expect(after.has("Plan C04")).toBe(true);
    expect(r.counts.rows).toBe(r.counts.candidates + r.counts.dropped + r.counts.missing);
  });

  it.each([
    ["yes", "en"],
    ["YES", "en"],
    ["ja", "en"],
    [" Ja ", "nb"],
    ["YES", "nb"],
  ] as const)('counts "%s" typed as Key account as Yes (%s sheet): a plan is made, the choice written in the sheet language', (typed, language) => {
    const book = bookOf(buildSelectionWorkbook(data, { ...opts, language }));
    set(sheet(book, "Portfolio"), "I12", typed); // C03
    const after = bookOf(refresh(book, changed, { ...opts, language }));
    expect(after.has("Plan C03")).toBe(true);
    expect(get(sheet(after, "Portfolio"), "I12")).toBe(language === "en" ? "Yes" : "Ja");
  });

  it("keeps a value typed over a generated formula as the user's override and lists it with the formula", () => {
    const book = firstBook();
    const formula = get(sheet(book, "Portfolio"), "G10") as { formula: string };
    expect(formula).toHaveProperty("formula");
    set(sheet(book, "Portfolio"), "G10", "Strategic, whatever the scores say");
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect(get(sheet(after, "Portfolio"), "G10")).toBe("Strategic, whatever the scores say");
    expect(r.counts.typed.overrides).toBe(1);
    const row = keptRows(after).find((k) => k[3] === "Strategic, whatever the scores say")!;
    expect(row.slice(0, 3)).toEqual(["2026-01-05", "Portfolio", "G10"]);
    expect(String(row[4])).toContain(formula.formula);
  });

  it("removes the generated cells of an earlier layout instead of carrying them as typed", () => {
    const withProfit = firstBook();
    const noProfit: PlanData = { ...changed, profit: undefined };
    const r = refresh(withProfit, noProfit, { ...opts, mapping: { customer: "Customer", value: "Sales" } });
    const profitability = r.spec.sheets.find((s) => s.id === "kam.profitability")!;
    expect(profitability.blocks.filter((b) => b.owner === "user")).toEqual([]);
    expect(keptRows(bookOf(r))).toEqual([]);
    expect(r.counts.typed).toMatchObject({ inPlace: 0, listed: 0, overrides: 0 });
  });

  it("lists a typed value whose cell the new layout needs, with sheet, old address and date", () => {
    const book = firstBook();
    set(sheet(book, "ABC"), "B12", "typed into the ABC table below its end"); // row 12: rank 11 after the refresh? no: below the list
    insertRow(sheet(book, "Scoring"), 12);
    set(sheet(book, "Scoring"), "A13", "my own row label");
    set(sheet(book, "Scoring"), "B13", "inside the grid");
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    for (const v of ["typed into the ABC table below its end", "my own row label", "inside the grid"]) {
      const found = [...after.entries()].some(([, g]) => findAll(g, v).length > 0);
      expect(`${v}: ${found}`).toBe(`${v}: true`);
    }
    const t = r.counts.typed;
    expect(t.inPlace + t.defaults + t.listed + t.overrides + t.decided).toBe(t.checked);
  });
});

describe("what a refresh reports", () => {
  it("counts only what people typed: an untouched plan has no typed values, only the defaults it wrote", () => {
    const r = refresh(firstBook(), changed, opts);
    expect(r.counts.typed).toMatchObject({ inPlace: 0, overrides: 0, listed: 0 });
    expect(r.counts.typed.defaults).toBe(r.counts.typed.checked);
    expect(r.counts.typed.defaults).toBeGreaterThan(0);
  });
});

describe("a second refresh", () => {
  it("changes nothing when nothing was edited in between: same cells, nothing listed again", () => {
    const book = firstBook();
    set(sheet(book, "Portfolio"), "G10", "Strategic anyway"); // an override
    set(sheet(book, "Portfolio"), "Y12", "a note");
    insertRow(sheet(book, "Scoring"), 12);
    set(sheet(book, "Scoring"), "B13", "inside the grid"); // listed: the refreshed grid needs the cell
    insertCol(sheet(book, "Plan C01"), 2);
    set(sheet(book, "Plan C01"), "C28", "in the inserted column");
    const once = refresh(book, changed, opts);
    const twice = refresh(bookOf(once), changed, opts);
    expect([...bookOf(twice)]).toEqual([...bookOf(once)]);
    // The note and the override; the value in the column inserted inside the plan was listed by the first
    // refresh (the plan takes the column out) and is not listed again; nothing else counts as typed.
    expect(findAll(bookOf(twice).get("Kept on refresh"), "in the inserted column")).toHaveLength(1);
    expect(twice.counts.typed).toMatchObject({ inPlace: 1, listed: 0, overrides: 1 });
  });
});

describe("kam plan on an .xlsx edited that way", () => {
  const dir = mkdtempSync(join(tmpdir(), "kam-refresh-edits-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "plan.xlsx");

  async function kam(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await main(argv, {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  }

  /** Writes a grid into a worksheet, replacing its cells (formats are not the point here). */
  function rewrite(ws: ExcelJS.Worksheet, grid: Grid): void {
    ws.eachRow((row) => row.eachCell((c) => (c.value = null)));
    grid.forEach((row, r) =>
      row?.forEach((v, c) => {
        if (v === null || v === undefined) return;
        ws.getCell(r + 1, c + 1).value =
          typeof v === "object" ? ({ formula: v.formula.replace(/^=/, "") } as ExcelJS.CellValue) : v;
      }),
    );
  }

  it("refreshes after a column was inserted before A of Scoring and a row above a plan's title, keeping typed values", async () => {
    const lines = [["Customer", "Sales", "Profit"]];
    data.customers.forEach((c, i) => lines.push([c, String(data.revenue[i]), String(data.profit![i])]));
    const input = join(dir, "data.csv");
    writeFileSync(input, lines.map((l) => l.join(",")).join("\n") + "\n");
    const args = ["plan", input, "--customer", "Customer", "--value", "Sales", "--profit", "Profit", "--out", out];
    expect((await kam(...args, "--key-accounts", "C01")).code).toBe(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const cells = workbookCells(wb) as Map<string, Grid>;
    const scoring = cells.get("Scoring")!;
    set(scoring, "C12", 8);
    set(scoring, "Z5", "note right of Scoring");
    insertCol(scoring, 0);
    rewrite(wb.getWorksheet("Scoring")!, scoring);
    const plan = cells.get("Plan C01")!;
    set(plan, "D10", "next to the revenue");
    insertRow(plan, 0);
    rewrite(wb.getWorksheet("Plan C01")!, plan);
    set(cells.get("Portfolio")!, "I11", "yes");
    rewrite(wb.getWorksheet("Portfolio")!, cells.get("Portfolio")!);
    await wb.xlsx.writeFile(out);

    const second = await kam(...args);
    expect([second.code, second.stderr]).toEqual([0, ""]);
    expect(second.stdout).toMatch(/Kept \d+ typed values in place, 0 overrides of formulas/);
    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(out);
    const names = after.worksheets.map((w) => w.name);
    expect(names.filter((n) => n.startsWith("Plan"))).toEqual(["Plan C01", "Plan C02"]);
    expect(after.getWorksheet("Scoring")!.getCell("C12").value).toBe(8);
    expect(after.getWorksheet("Scoring")!.getCell("Z5").value).toBe("note right of Scoring");
    expect(after.getWorksheet("Plan C01")!.getCell("D10").value).toBe("next to the revenue");
    expect(after.getWorksheet("Portfolio")!.getCell("I11").value).toBe("Yes");
  });
});
