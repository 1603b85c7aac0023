// Issue 14: buying — the relationship matrix round trip (src/sheets/accountPlan/matrix.ts) on cell grids.
import { DEFAULT_SIZES, buildAccountPlanSheet, planLayout } from "../../src/sheets/accountPlan/build";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import type { SheetSpec } from "../../src/plan/spec";
import type { UserCell } from "../../src/plan/userCell";

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
const build = (preserved?: ReturnType<typeof readAccountPlan>) =>
  buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active: true, portfolioRow: 9, language: "en", preserved });

/** Inserts a blank row at `at` and moves every row reference at or below it one down, as Excel does. */
function insertRow(g: UserCell[][], at: number): void {
  g.splice(at, 0, []);
  for (const row of g) {
    row?.forEach((v, j) => {
      if (v && typeof v === "object" && "formula" in v) {
        row[j] = { formula: v.formula.replace(/(\$?[A-Z]{1,3}\$?)([0-9]+)/g, (_m, c: string, r: string) => `${c}${Number(r) > at ? Number(r) + 1 : Number(r)}`) };
      }
    });
  }
}

describe("relationship matrix", () => {
  it("keeps each mark with its contact and team member through a refresh, a row inserted in the buying center and a grown table", () => {
    const lay = planLayout(DEFAULT_SIZES);
    const g = grid(build().sheet);
    const bc = lay.tables.buyingCenter.first;
    const team = lay.tables.team.first;
    ["Ann", "Bob", "Cid"].forEach((n, i) => ((g[bc + i] ??= [])[0] = n));
    ["Kari", "Ola"].forEach((n, k) => ((g[team + k] ??= [])[1] = n));
    g[lay.matrix.first][1] = "x"; // Ann × Kari
    g[lay.matrix.first + 1][2] = "x"; // Bob × Ola
    g[lay.matrix.first + 2][1] = "x"; // Cid × Kari
    const p1 = readAccountPlan("Plan C1", g)!;
    expect(p1.matrix?.map((e) => [e.contact, e.member])).toEqual([["Ann", "Kari"], ["Bob", "Ola"], ["Cid", "Kari"]]);

    // A contact inserted above Bob, the table growing to 11 rows.
    const g2 = grid(build(p1).sheet);
    insertRow(g2, bc + 1);
    g2[bc + 1] = ["Dag"];
    for (let i = 4; i <= 10; i++) (g2[bc + i] ??= [])[0] = `P${i}`;
    const p2 = readAccountPlan("Plan C1", g2)!;
    expect(p2.tables.buyingCenter?.length).toBe(11);
    const spec = build(p2);
    expect(spec.layout.matrix.last - spec.layout.matrix.first + 1).toBe(11);
    const g3 = grid(spec.sheet);
    const m = spec.layout.matrix.first;
    // Ann (0) × Kari, Dag (1) none, Bob (2) × Ola, Cid (3) × Kari.
    expect([0, 1, 2, 3].map((i) => [g3[m + i]?.[1] ?? null, g3[m + i]?.[2] ?? null])).toEqual([["x", null], [null, null], [null, "x"], ["x", null]]);
    expect(readAccountPlan("Plan C1", g3)!.matrix).toHaveLength(3);
  });

  it("keeps the marks of two contacts with the same name apart, through a row inserted above them", () => {
    const lay = planLayout(DEFAULT_SIZES);
    const g = grid(build().sheet);
    const bc = lay.tables.buyingCenter.first;
    ["Anna", "anna"].forEach((n, i) => ((g[bc + i] ??= [])[0] = n));
    (g[lay.tables.team.first] ??= [])[1] = "Kari";
    (g[lay.tables.team.first + 1] ??= [])[1] = "Ola";
    g[lay.matrix.first][1] = "x"; // the first Anna × Kari
    g[lay.matrix.first + 1][2] = "x"; // the second × Ola
    const p1 = readAccountPlan("Plan C1", g)!;
    const g2 = grid(build(p1).sheet);
    insertRow(g2, bc);
    g2[bc] = ["Bo"];
    const spec = build(readAccountPlan("Plan C1", g2)!);
    const g3 = grid(spec.sheet);
    const m = spec.layout.matrix.first;
    // Bo (0) none, Anna (1) × Kari only, anna (2) × Ola only.
    expect([0, 1, 2].map((i) => [g3[m + i]?.[1] ?? null, g3[m + i]?.[2] ?? null])).toEqual([[null, null], ["x", null], [null, "x"]]);
  });
});
