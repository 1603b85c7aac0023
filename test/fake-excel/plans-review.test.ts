/**
 * The review list's pure part (src/taskpane/reviewItems.ts) on plan sheets built by the plan module and
 * "typed into" as cell grids: statuses in either language, done/cancelled actions, goal IDs matched as
 * COUNTIF does (ignoring case), contacts without a date, the 90-day edge, rows a person inserted.
 */
import { DEFAULT_SIZES, buildAccountPlanSheet, planLayout } from "../../src/sheets/accountPlan/build";
import type { SheetSpec } from "../../src/plan/spec";
import type { UserCell } from "../../src/plan/userCell";
import { planInactive, reviewItems, serialDate, todaySerial } from "../../src/taskpane/reviewItems";

const TODAY = todaySerial(new Date(2024, 4, 1));
const lay = planLayout(DEFAULT_SIZES);

/** The sheet's cells as a reader sees them (values; formulas as { formula }). */
function grid(sheet: SheetSpec): UserCell[][] {
  const g: UserCell[][] = [];
  for (const b of sheet.blocks) {
    b.values.forEach((line, i) =>
      line.forEach((v, j) => {
        const f = b.formulas?.[i]?.[j];
        (g[b.row + i] ??= [])[b.col + j] = f ? { formula: f } : v;
      }),
    );
  }
  return g;
}

function plan(language: "en" | "nb", active = true): UserCell[][] {
  return grid(buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active, portfolioRow: 9, language }).sheet);
}

const put = (g: UserCell[][], row: number, col: number, values: UserCell[]): void => {
  values.forEach((v, j) => ((g[row] ??= [])[col + j] = v));
};

describe("reviewItems", () => {
  test("Norwegian statuses, done and cancelled skipped, goals matched ignoring case, contacts at the 90-day edge", () => {
    const g = plan("nb");
    const bc = lay.tables.buyingCenter.first;
    put(g, bc, 0, ["Kari"]);
    put(g, bc, 10, [TODAY - 90]); // exactly 90 days: reached
    put(g, bc + 1, 0, ["Per"]);
    put(g, bc + 1, 10, [TODAY - 91]);
    put(g, bc + 2, 0, ["Ola"]); // no date
    const goals = lay.tables.goals.first;
    put(g, goals, 1, ["Mål 1"]);
    put(g, goals + 1, 1, ["Mål 2"]);
    const acts = lay.tables.actions.first;
    put(g, acts, 1, ["g1", "", "Utført tiltak", "", "", null, TODAY - 5, null, "Utført"]);
    put(g, acts + 1, 1, ["G1", "", "Avlyst tiltak", "", "", null, TODAY - 5, null, "Avlyst"]);
    put(g, acts + 2, 1, ["G1", "", "Sent", "", "", null, "2024-04-20", null, "Pågår"]);
    put(g, acts + 3, 1, ["G1", "", "I dag", "", "", null, TODAY, null, "Planlagt"]);
    const items = reviewItems("Plan C1", g, TODAY);
    expect(items.map((x) => [x.kind, x.address, x.text, x.id ?? null])).toEqual([
      ["contact", `K${bc + 2}`, "Per", null],
      ["contact", `K${bc + 3}`, "Ola", null],
      ["goal", `B${goals + 2}`, "Mål 2", "G2"],
      ["overdue", `H${acts + 3}`, "Sent", "A3"],
    ]);
    expect(items[1].date).toBeUndefined();
    expect(serialDate(items[3].date!)).toBe("2024-04-20");
    expect(planInactive(g)).toBe(false);
    expect(planInactive(plan("en", false))).toBe(true);
  });

  test("a row inserted in the action table moves the target; a sheet that is not a plan has no items", () => {
    const g = plan("en");
    const acts = lay.tables.actions.first;
    g.splice(acts, 0, []); // a blank row inserted at the top of the table
    put(g, acts + 1, 1, ["G1", "", "Late", "", "", null, TODAY - 1, null, "Planned"]);
    const items = reviewItems("Plan C1", g, TODAY).filter((x) => x.kind === "overdue");
    expect(items.map((x) => x.address)).toEqual([`H${acts + 2}`]);
    expect(reviewItems("Other", [["Customer"], ["x"]], TODAY)).toEqual([]);
  });
});
