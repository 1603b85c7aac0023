/**
 * Issue 13 parts 2–3 and the refresh round trip: the health settings edited on the Overview (weights,
 * bands, cadence) and the satisfaction typed on a plan survive refreshes, also when the settings block
 * moves because a plan was added, and the plans' health formulas read the block where it is now.
 */
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { Book, Grid, bookOf, findAll, insertRow, refresh } from "../support/sheetEdits";
import { PLAN_OPTIONS, cellAt } from "../support/planSpec";
import type { UserCell } from "../../src/plan/userCell";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05"],
  revenue: [500, 400, 300, 200, 100],
  profit: [50, -40, 30, 20, 10],
  usedRows: 5,
  skippedRows: 0,
};
const opts: SelectionOptions = PLAN_OPTIONS;

function sheet(book: Book, name: string): Grid {
  const g = book.get(name);
  if (!g) throw new Error(`no sheet ${name}`);
  return g;
}
/** The (row, col) of the only cell holding `label`. */
function at(grid: Grid, label: string): [number, number] {
  const found = findAll(grid, label);
  if (found.length !== 1) throw new Error(`${label}: ${found.length} cells`);
  return found[0];
}
/** The value right of a label. */
function right(grid: Grid, label: string): UserCell {
  const [r, c] = at(grid, label);
  return grid[r]?.[c + 1] ?? null;
}
function setRight(grid: Grid, label: string, v: UserCell): void {
  const [r, c] = at(grid, label);
  (grid[r] ??= [])[c + 1] = v;
}
function kept(book: Book): UserCell[][] {
  return (book.get("Kept on refresh") ?? []).slice(2).filter((r) => r && r.some((v) => v !== null && v !== undefined));
}

describe("health settings and satisfaction on refresh", () => {
  const first = bookOf(buildSelectionWorkbook(data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } }));

  it("writes the defaults as inputs below the Overview's Total row", () => {
    const ov = sheet(first, "Overview");
    expect(right(ov, "Profit")).toBe(10);
    expect(right(ov, "Green from")).toBe(70);
    expect(right(ov, "Amber from")).toBe(40);
    expect(["Strategic", "Star", "Status", "Streamline"].map((q) => right(ov, q))).toEqual([30, 60, 90, 180]);
    expect(at(ov, "Account health settings")[0]).toBeGreaterThan(at(ov, "Total")[0]);
  });

  it("keeps edited weights, bands, cadence and typed satisfaction, and the plans read the moved block", () => {
    const book = new Map([...first].map(([k, g]) => [k, g.map((r) => (r ? [...r] : r))]));
    const ov = sheet(book, "Overview");
    setRight(ov, "Satisfaction", 35);
    setRight(ov, "KPI status", 0);
    setRight(ov, "Green from", 65);
    setRight(ov, "Streamline", 120);
    // A row inserted inside the block does not lose anything.
    insertRow(ov, at(ov, "Review cadence (days between reviews)")[0]);
    setRight(sheet(book, "Plan C01"), "Satisfaction (1–5)", 4);
    setRight(sheet(book, "Plan C02"), "Satisfaction (1–5)", { formula: "=2+1" });

    // A third key account: the Overview gets a row more, its settings block moves down one row.
    const result = refresh(book, data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01", "C02", "C03"] } });
    const after = bookOf(result);
    const ov2 = sheet(after, "Overview");
    expect(right(ov2, "Satisfaction")).toBe(35);
    expect(right(ov2, "KPI status")).toBe(0);
    expect(right(ov2, "Completeness")).toBe(20);
    expect(right(ov2, "Green from")).toBe(65);
    expect(right(ov2, "Streamline")).toBe(120);
    expect(right(ov2, "Strategic")).toBe(30);
    expect(right(sheet(after, "Plan C01"), "Satisfaction (1–5)")).toBe(4);
    expect(right(sheet(after, "Plan C02"), "Satisfaction (1–5)")).toEqual({ formula: "=2+1" });
    expect(right(sheet(after, "Plan C03"), "Satisfaction (1–5)")).toBeNull();
    expect(kept(after)).toEqual([]);

    // The plan's score formula reads the weight cell where it is now.
    const [wr] = at(ov2, "Satisfaction");
    const plan = result.spec.sheets.find((s) => s.name === "Plan C01")!;
    const [hr, hc] = at(sheet(after, "Plan C01"), "Health (0–100)");
    expect(cellAt(plan, hr + 1, hc)?.formula).toContain(`Overview!$B$${wr + 1}`);

    // And a second refresh keeps them again.
    const again = bookOf(refresh(after, data, { ...opts }));
    expect(right(sheet(again, "Overview"), "Satisfaction")).toBe(35);
    expect(right(sheet(again, "Plan C01"), "Satisfaction (1–5)")).toBe(4);
    expect(kept(again)).toEqual([]);
  });
});
