/**
 * "Review due" in the task pane's review list (issue 13 part 3): the cadence of each plan from its
 * account's KAISM quadrant (ratings on the Scoring sheet, the Portfolio's midpoints) and the cadences
 * edited on the Overview; the item selects the Last review cell.
 */
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { defaultCriteria } from "../../src/plan/criteria";
import { SCORING_ROWS, scoringLayout } from "../../src/sheets/scoring/build";
import { planStateFromCells } from "../../src/taskpane/plansRun";
import { todaySerial } from "../../src/taskpane/reviewItems";
import { Book, Grid, bookOf, findAll } from "../support/sheetEdits";

const data: PlanData = {
  customers: ["C01", "C02", "C03"],
  revenue: [500, 400, 300],
  profit: [50, 40, 30],
  usedRows: 3,
  skippedRows: 0,
};
const opts: SelectionOptions = {
  language: "en",
  mapping: { customer: "Customer", value: "Sales", profit: "Profit" },
  plans: true,
  keyAccounts: { kind: "ids", ids: ["C01", "C02", "C03"] },
  generatedAt: new Date("2026-01-05T10:00:00Z"),
};
const TODAY = todaySerial(new Date(2026, 0, 5));

function sheet(book: Book, name: string): Grid {
  return book.get(name)!;
}
function setRight(grid: Grid, label: string, v: number, from = 0): void {
  const [r, c] = findAll(grid, label).filter(([row]) => row >= from)[0];
  (grid[r] ??= [])[c + 1] = v;
}

test("review due by the quadrant's cadence edited on the Overview; unrated accounts use the longest", () => {
  const book = bookOf(buildSelectionWorkbook(data, opts));
  const scoring = sheet(book, "Scoring");
  const criteria = defaultCriteria("en");
  const cols = scoringLayout(criteria, 3).criterionCol;
  const rate = (customer: string, a: number, s: number): void => {
    const r = findAll(scoring, customer).find(([row]) => row >= SCORING_ROWS.firstData)![0];
    for (const c of criteria.attractiveness) scoring[r][cols[c.id]] = a;
    for (const c of criteria.strength) scoring[r][cols[c.id]] = s;
  };
  rate("C01", 8, 8); // Strategic
  rate("C02", 2, 2); // Streamline
  const ov = sheet(book, "Overview");
  const top = findAll(ov, "Account health settings")[0][0];
  setRight(ov, "Strategic", 14, top);
  // C01 reviewed 20 days ago (Strategic: due after 14), C02 20 days ago (Streamline 180: not due),
  // C03 never (not rated: due).
  setRight(sheet(book, "Plan C01"), "Last review", TODAY - 20);
  setRight(sheet(book, "Plan C02"), "Last review", TODAY - 20);
  const state = planStateFromCells({ sheets: [], cells: book, syncs: 0 }, TODAY);
  const due = state.review.filter((x) => x.kind === "review");
  expect(due.map((x) => [x.customer, x.address, x.days, x.date ?? null])).toEqual([
    ["C01", "B5", 14, TODAY - 20],
    ["C03", "B5", 180, null],
  ]);
});

test("plans not complete: the parts each lacks, as the README states them, and the section to go to", () => {
  const book = bookOf(buildSelectionWorkbook(data, opts));
  const plan = sheet(book, "Plan C01");
  // Row of a table's first data row (two below its section label) and a column by its header label.
  const firstRow = (section: string): number => findAll(plan, section)[0][0] + 2;
  const colOf = (section: string, header: string): number =>
    findAll(plan, header).find(([r]) => r === firstRow(section) - 1)![1];
  const put = (section: string, values: Record<string, string | number>): void => {
    const r = firstRow(section);
    for (const [header, v] of Object.entries(values)) (plan[r] ??= [])[colOf(section, header)] = v;
  };
  // C01: a decider, one SMART goal with an action, one KPI with a target; not rated (no quadrant), so the
  // analysis part is missing: 4 of 5 parts, 80 %.
  put("3. Buying center", { Name: "Kari Nordmann", Role: "Decider" });
  put("5. Goals", { "Goal ID": "G1", Goal: "Grow 10 %", Metric: "Revenue", Baseline: 100, Target: 110, Due: TODAY + 200, Owner: "Ola" });
  put("8. Action plan", { "Goal ID": "G1", Activity: "Visit the buyer" });
  put("9. KPI follow-up", { KPI: "Revenue growth", Target: 10 });
  // C02: a goal without an owner is not SMART, and a contact who is not a decider does not count.
  const p2 = sheet(book, "Plan C02");
  const r2 = findAll(p2, "5. Goals")[0][0] + 2;
  p2[r2] = [...(p2[r2] ?? [])];
  p2[r2][0] = "G1";
  p2[r2][1] = "Grow";
  const state = planStateFromCells({ sheets: [], cells: book, syncs: 0 }, TODAY);
  const incomplete = state.review.filter((x) => x.kind === "incomplete");
  expect(incomplete.map((x) => [x.customer, x.completeness, x.missing])).toEqual([
    ["C01", 0.8, ["analysis"]],
    ["C02", 0, ["analysis", "buyingCenter", "goals", "actions", "kpis"]],
    ["C03", 0, ["analysis", "buyingCenter", "goals", "actions", "kpis"]],
  ]);
  // The item selects the first missing part's section label, column A.
  const c01 = incomplete[0];
  expect([c01.row, c01.col]).toEqual([findAll(plan, "2. Customer analysis")[0][0], 0]);
});
