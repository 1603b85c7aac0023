// Issue 14: buying — a plan of the old layout (12 buying-center columns, no matrix or coverage rows)
// refreshes into the new one with every typed value in its column.
import { BC, DEFAULT_SIZES, buildAccountPlanSheet, planLayout } from "../../src/sheets/accountPlan/build";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { sheetEn } from "../../src/i18n/sheets";
import type { UserCell } from "../../src/plan/userCell";

const OLD_HEADER = ["name", "title", "unit", "reportsTo", "role", "influence", "attitude", "owner", "lastContact", "values", "next", "flag"].map(
  (k) => sheetEn[`aplan.bc.${k}` as keyof typeof sheetEn],
);

it("an old 12-column buying center is read by header and written into the new columns", () => {
  const spec = buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active: true, portfolioRow: 9, language: "en" });
  const g: UserCell[][] = [];
  for (const b of spec.sheet.blocks)
    b.values.forEach((line, i) => line.forEach((v, j) => ((g[b.row + i] ??= [])[b.col + j] = b.formulas?.[i]?.[j] ? { formula: b.formulas[i][j]! } : v)));
  const lay = planLayout(DEFAULT_SIZES);
  const bc = lay.tables.buyingCenter;
  // The old layout: the old header, two contacts typed in the old columns, no matrix and no coverage rows.
  g[bc.header] = [...OLD_HEADER];
  const old = [
    ["Ann", "CFO", "Finance", "Bob", "Decider", 5, "Supporter", "Kari", 45000, "Cost", "Call", null],
    ["Bob", "CEO", "Board", null, "Approver", 4, "Neutral", "Ola", 45100, "Growth", "Visit", null],
  ];
  old.forEach((row, i) => (g[bc.first + i] = [...row] as UserCell[]));
  for (let r = bc.first + 2; r <= bc.last; r++) g[r] = [];
  g.splice(lay.matrix.head, lay.matrix.derived - lay.matrix.head + 1);
  g.splice(lay.coverage.deciders, 3);
  const p = readAccountPlan("Plan C1", g)!;
  expect(p.tables.buyingCenter?.[0]).toEqual(["Ann", "CFO", "Finance", "Bob", "Decider", null, 5, "Supporter", null, "Kari", 45000, "Cost", "Call", null]);
  const again = buildAccountPlanSheet({ customer: "C1", name: "Plan C1", active: true, portfolioRow: 9, language: "en", preserved: p });
  const cell = (r: number, c: number): unknown => {
    for (const b of again.sheet.blocks) {
      const v = b.values[r - b.row]?.[c - b.col];
      if (r >= b.row && c >= b.col && v !== undefined) return v;
    }
    return undefined;
  };
  const want: [number, unknown][] = [
    [BC.name, "Bob"],
    [BC.role, "Approver"],
    [BC.role2, null],
    [6, 4],
    [7, "Neutral"],
    [BC.relLevel, null],
    [BC.owner, "Ola"],
    [BC.lastContact, 45100],
    [11, "Growth"],
    [12, "Visit"],
  ];
  expect(want.map(([c]) => cell(bc.first + 1, c))).toEqual(want.map(([, v]) => v));
  expect(again.keptCells).toBe(old.flat().filter((v) => v !== null).length);
});
