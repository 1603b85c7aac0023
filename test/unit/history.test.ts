/**
 * The History sheet (issue 13 part 1) over three snapshots of the Superstore sample with changing data:
 * periods 2026-09, 2026-10 and 2026-10 again. Checks the History rows against figures computed here from
 * the CSV rows, the Overview's movement, that the repeated period replaces its rows, that notes and past
 * periods survive sorting and inserted rows, and the Portfolio chart's previous-period series.
 */
import { resolve } from "node:path";
import { readInputFile } from "../../src/cli/readInput";
import type { Grid as InputGrid } from "../../src/core/grid";
import { PlanData, PlanMapping, planDataFromGrid } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { UserCell } from "../../src/plan/userCell";
import { OVERVIEW_COLS, OVERVIEW_ROWS, overviewCols } from "../../src/sheets/overview/build";
import { parsePeriod } from "../../src/sheets/history/read";
import { Book, Grid, bookOf, findAll, refresh } from "../support/sheetEdits";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const mapping: PlanMapping = { customer: "Customer ID", name: "Customer Name", value: "Sales", profit: "Profit" };
const HISTORY = "Account history";

let csv: unknown[][];
beforeAll(async () => {
  csv = (await readInputFile(SUPERSTORE)).grid as unknown[][];
});

const head = (): string[] => csv[0] as string[];
const colOf = (name: string): number => head().indexOf(name);

/** The CSV with Sales and Profit of one customer's lines scaled, and every other line of another dropped. */
function variant(scale: Record<string, number>, dropHalf: string[] = []): unknown[][] {
  const [c, s, p] = [colOf("Customer ID"), colOf("Sales"), colOf("Profit")];
  const seen = new Map<string, number>();
  const out: unknown[][] = [csv[0]];
  for (const row of csv.slice(1)) {
    const id = String(row[c]);
    if (dropHalf.includes(id)) {
      const k = (seen.get(id) ?? 0) + 1;
      seen.set(id, k);
      if (k % 2 === 0) continue;
    }
    const f = scale[id] ?? 1;
    const copy = [...row];
    if (f !== 1) {
      copy[s] = String(Number(row[s]) * f);
      copy[p] = String(Number(row[p]) * f);
    }
    out.push(copy);
  }
  return out;
}

/** Sums of Sales and Profit per customer, computed here from the rows. */
function sums(rows: unknown[][]): Map<string, { revenue: number; profit: number }> {
  const [c, s, p] = [colOf("Customer ID"), colOf("Sales"), colOf("Profit")];
  const out = new Map<string, { revenue: number; profit: number }>();
  for (const row of rows.slice(1)) {
    const t = out.get(String(row[c])) ?? { revenue: 0, profit: 0 };
    t.revenue += Number(row[s]);
    t.profit += Number(row[p]);
    out.set(String(row[c]), t);
  }
  return out;
}

const dataOf = (rows: unknown[][]): PlanData => planDataFromGrid(rows as InputGrid, mapping, "en-US", "superstore_sample.csv");

function sheet(book: Book, name: string): Grid {
  const g = book.get(name);
  if (!g) throw new Error(`no sheet ${name} in ${[...book.keys()].join(", ")}`);
  return g;
}

/** [row, col] of the first cell holding `text`. */
function at(grid: Grid, text: UserCell): [number, number] {
  const found = findAll(grid, text);
  if (found.length === 0) throw new Error(`no ${String(text)}`);
  return found[0];
}

/** The History's rows as objects by header text. */
function historyRows(book: Book): Record<string, UserCell>[] {
  const g = sheet(book, HISTORY);
  const [hr] = at(g, "Period");
  const header = g[hr];
  const out: Record<string, UserCell>[] = [];
  for (let r = hr + 1; r < g.length; r++) {
    const row = g[r];
    if (!row || !/^\d{4}-\d{2}$/.test(String(row[header.indexOf("Period")] ?? ""))) continue;
    const o: Record<string, UserCell> = { _row: r };
    header.forEach((h, c) => {
      if (typeof h === "string") o[h] = row[c] ?? null;
    });
    out.push(o);
  }
  return out;
}

/** Types every rating of a customer on the Scoring grid: attractiveness criteria `a`, strength `s`. */
function rate(book: Book, customer: string, a: number, s: number): void {
  const g = sheet(book, "Scoring");
  const [hr] = at(g, "ATT1");
  const [r] = findAll(g, customer).find(([row]) => row > hr)!;
  g[hr].forEach((h, c) => {
    if (typeof h === "string" && /^ATT\d+$/.test(h)) g[r][c] = a;
    if (typeof h === "string" && /^STR\d+$/.test(h)) g[r][c] = s;
  });
}

/** Types rows into a plan's table under `section`, by column header. */
function typeRows(plan: Grid, section: string, rows: Record<string, UserCell>[]): void {
  const [sr] = at(plan, section);
  const header = plan[sr + 1];
  rows.forEach((values, i) => {
    for (const [label, v] of Object.entries(values)) {
      const c = header.indexOf(label);
      if (c < 0) throw new Error(`no column ${label}`);
      (plan[sr + 2 + i] ??= [])[c] = v;
    }
  });
}

const close = (a: UserCell, b: number): void => {
  expect(typeof a).toBe("number");
  expect(a as number).toBeCloseTo(b, 6);
};

describe("History over three snapshots of the Superstore sample", () => {
  let keys: string[];
  let book1: Book;
  let book2: Book;
  let book3: Book;
  let rows1: unknown[][];
  let rows3: unknown[][];
  const base: SelectionOptions = { language: "en", mapping, plans: true };

  beforeAll(() => {
    rows1 = csv;
    const totals = [...sums(rows1)].sort((a, b) => b[1].revenue - a[1].revenue);
    keys = totals.slice(0, 5).map(([c]) => c);
    const options = { ...base, keyAccounts: { kind: "ids" as const, ids: keys } };
    // 1. 2026-09: the whole sample; ratings for the first key account (Star: attractive, weak position).
    const first = buildSelectionWorkbook(dataOf(rows1), { ...options, period: "2026-09", generatedAt: new Date(2026, 8, 15, 12) });
    book1 = bookOf(first);
    rate(book1, keys[0], 8, 3);
    // 2. 2026-10: the first account's lines ×1.5, every other line of the second dropped; the first now Strategic.
    const r1 = refresh(book1, dataOf(variant({ [keys[0]]: 1.5 }, [keys[1]])), { ...options, period: "2026-10", generatedAt: new Date(2026, 9, 10, 12) });
    book2 = bookOf(r1);
    rate(book2, keys[0], 8, 7);
    const plan = sheet(book2, [...book2.keys()].find((n) => n.startsWith("Plan ") && n.includes(keys[0]))!);
    typeRows(plan, "8. Action plan", [
      { Activity: "Quarterly review", Due: "2026-10-01", Status: "Done" },
      { Activity: "Price list", Due: "2026-10-05", Status: "In progress" },
      { Activity: "Site visit", Due: "2026-12-01" },
      { Activity: "Old idea", Due: "2026-09-01", Status: "Cancelled" },
    ]);
    typeRows(plan, "9. KPI follow-up", [{ KPI: "On-time delivery", Unit: "%", Actual: 97 }]);
    // People work on the History: a note beside a September row, a row inserted, the list sorted by customer.
    const h = sheet(book2, HISTORY);
    const [hr] = at(h, "Period");
    const width = h[hr].length;
    const sept = historyRows(book2).find((r) => r.Period === "2026-09" && r.Customer === keys[2])!;
    h[sept._row as number][width + 1] = "note on September";
    const oct = historyRows(book2).find((r) => r.Period === "2026-10" && r.Customer === keys[3])!;
    h[oct._row as number][width + 1] = "note on October";
    const body = h.slice(hr + 1).filter((r) => r && r.some((v) => v !== null && v !== undefined));
    body.sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));
    h.length = hr + 1;
    h.push(...body.slice(0, 3), [], ...body.slice(3));
    // 3. 2026-10 again: the first account's lines ×2 instead.
    rows3 = variant({ [keys[0]]: 2 }, [keys[1]]);
    book3 = bookOf(refresh(book2, dataOf(rows3), { ...options, period: "2026-10", generatedAt: new Date(2026, 9, 20, 12) }));
  });

  it("records one row per key account and period; the repeated period replaces its rows", () => {
    const rows = historyRows(book3);
    expect(rows.length).toBe(10);
    for (const p of ["2026-09", "2026-10"]) {
      expect(rows.filter((r) => r.Period === p).map((r) => r.Customer).sort()).toEqual([...keys].sort());
    }
  });

  it("keeps September as it was recorded and writes October's figures from the third snapshot", () => {
    const rows = historyRows(book3);
    const [s1, s3] = [sums(rows1), sums(rows3)];
    for (const k of keys) {
      const sept = rows.find((r) => r.Period === "2026-09" && r.Customer === k)!;
      const oct = rows.find((r) => r.Period === "2026-10" && r.Customer === k)!;
      close(sept.Revenue, s1.get(k)!.revenue);
      close(sept.Profit, s1.get(k)!.profit);
      close(oct.Revenue, s3.get(k)!.revenue);
      close(oct.Profit, s3.get(k)!.profit);
      // The class is the one the ABC sheet of that refresh shows.
      const abc = sheet(book3, "ABC");
      const [r, c] = findAll(abc, k).find(([row]) => row > at(abc, "Rank")[0])!;
      const classCol = abc[at(abc, "Rank")[0]].indexOf("Class");
      expect(oct["ABC class"]).toBe(abc[r][classCol]);
      expect(c).toBeGreaterThanOrEqual(0);
    }
    const first = (p: string) => rows.find((r) => r.Period === p && r.Customer === keys[0])!;
    // September: no ratings yet. October: rated 8 and 7 on every criterion (weighted mean = 8 and 7), Strategic.
    expect([first("2026-09").Attractiveness, first("2026-09").Quadrant]).toEqual([null, null]);
    close(first("2026-10").Attractiveness, 8);
    close(first("2026-10")["Relative strength"], 7);
    expect(first("2026-10").Quadrant).toBe("Strategic");
    // Actions on 2026-10-20: done 1; open 2 (in progress, blank status), overdue 1 (price list); cancelled not counted.
    expect([first("2026-10")["Actions open"], first("2026-10")["Actions overdue"], first("2026-10")["Actions done"]]).toEqual([2, 1, 1]);
    expect(first("2026-10")["KPI 1: actual"]).toBe("On-time delivery: 97 %");
    expect(first("2026-10")["KPI 2: actual"]).toBeNull();
    // Health of that plan on 2026-10-20, by the README's formula: no part of the plan complete (no analysis
    // text, no decider, no goals, the KPI has no target) → completeness 0; actions 100 × (1 − 1/2) = 50;
    // profit clamp(50 + 500 × profit ÷ revenue); never reviewed → review 0; contacts, KPIs and satisfaction
    // blank, so the weights of the present components share the score: the four (20, 20, 10, 10) and
    // (issue 14) no old complaints, 100 with weight 5 (the workbook has no complaint).
    const { revenue, profit } = sums(rows3).get(keys[0])!;
    const profitScore = Math.max(0, Math.min(100, 50 + (500 * profit) / revenue));
    expect(first("2026-10").Completeness).toBe(0);
    close(first("2026-10").Health, (20 * 0 + 20 * 50 + 10 * profitScore + 10 * 0 + 5 * 100) / 65);
  });

  it("keeps notes beside their rows, the sort and the inserted row", () => {
    const rows = historyRows(book3);
    const h = sheet(book3, HISTORY);
    const row = (p: string, k: string) => h[rows.find((r) => r.Period === p && r.Customer === k)!._row as number];
    expect(row("2026-09", keys[2])).toContain("note on September");
    expect(row("2026-10", keys[3])).toContain("note on October");
    // Sorted by customer, then period: the order stays; the blank row the person inserted too.
    const order = rows.map((r) => `${r.Customer} ${r.Period}`);
    expect(order).toEqual([...order].sort());
    const [hr] = at(h, "Period");
    expect(h[hr + 4]?.some((v) => v !== null && v !== undefined) ?? false).toBe(false);
  });

  it("shows the movement since the previous period on the Overview", () => {
    const ov = sheet(book3, "Overview");
    const C = overviewCols(true);
    expect(ov[OVERVIEW_ROWS.header][C.previousPeriod]).toBe("Compared with");
    const [s1, s3] = [sums(rows1), sums(rows3)];
    for (const k of keys) {
      const [r] = findAll(ov, k).find(([row]) => row >= OVERVIEW_ROWS.firstData)!;
      const cells = ov[r];
      expect(cells[C.previousPeriod]).toBe("2026-09");
      const [a, b] = [s1.get(k)!, s3.get(k)!];
      close(cells[C.revenueChange], b.revenue - a.revenue);
      close(cells[C.revenueChangePct], (b.revenue - a.revenue) / Math.abs(a.revenue));
      close(cells[C.profitChange], b.profit - a.profit);
      close(cells[C.profitChangePct], (b.profit - a.profit) / Math.abs(a.profit));
    }
    const [r0] = findAll(ov, keys[0]).find(([row]) => row >= OVERVIEW_ROWS.firstData)!;
    // September had no scores (no quadrant); October is Strategic.
    expect(ov[r0][C.quadrantChange]).toBe("– → Strategic");
    const hist = historyRows(book3).filter((r) => r.Customer === keys[0]);
    const [sep, oct] = ["2026-09", "2026-10"].map((p) => hist.find((r) => r.Period === p)!["ABC class"]);
    expect(ov[r0][C.classChange]).toBe(sep === oct ? "unchanged" : `${sep} → ${oct}`);
    // Right of the health columns (issue 13 part 2), which stand right of Last change.
    expect(OVERVIEW_COLS.previousPeriod).toBe(OVERVIEW_COLS.reviewDue + 1);
  });

  it("draws each account's previous position on the Portfolio's KAISM chart", () => {
    const portfolio = refresh(book3, dataOf(rows3), { ...base, period: "2026-11", generatedAt: new Date(2026, 10, 3, 12) }).spec.sheets.find(
      (s) => s.id === "kam.portfolio",
    )!;
    const chart = portfolio.charts[0];
    expect(chart.series[0].name).toBe("Previous period");
    const g = bookOf({ spec: { sheets: [portfolio] } } as never).get(portfolio.name)!;
    const [hr, xc] = at(g, "Previous strength");
    const [r] = findAll(g, keys[0]).find(([row]) => row > hr)!;
    // The latest period before 2026-11 is October: rated 7 (strength) and 8 (attractiveness).
    expect([g[r][xc], g[r][xc + 1]]).toEqual([7, 8]);
    expect(chart.series[0].categories).toContain(String.fromCharCode(65 + (xc % 26)));
  });

  it("checks the period", () => {
    expect(parsePeriod(" 2026-11 ")).toBe("2026-11");
    for (const bad of ["2026-13", "2026-1", "26-11", "2026/11", "November"]) expect(() => parsePeriod(bad)).toThrow(/YYYY-MM/);
    expect(() => buildSelectionWorkbook(dataOf(rows1), { ...base, period: "2026-00" })).toThrow(/2026-00/);
  });
});
