/**
 * Issue 14, whitespace roll-up, the task pane's door: a person types "Untapped potential (Whitespace)" in
 * ATT1's Data source cell on the Scoring sheet "in Excel"; the Plans step (the same pipeline as `kam plan`,
 * through the Office.js renderer on the strict fake) writes the roll-up formula in the key accounts' ATT1
 * ratings, pointing at their Whitespace blocks' totals, and keeps the choice and a typed rating over a
 * second refresh.
 */
import { resolve } from "node:path";
import { a1 } from "../../src/plan/formula";
import { readCsvFile } from "../../src/read/csv";
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
import { SCORING_ROWS } from "../../src/sheets/scoring/build";
import { DEFAULT_UNITS, FIRST_BLOCK_ROW, blockHeight, whitespaceLayout } from "../../src/sheets/whitespace/build";
import { whitespaceRatingFormula } from "../../src/sheets/whitespace/rollup";
import { RunPlansOptions, runPlans } from "../../src/taskpane/plansRun";
import { runSelect } from "../../src/taskpane/selectRun";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const options = (now: Date): RunPlansOptions => ({
  source: { kind: "region", sheet: "Orders", cell: "A1" },
  mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" },
  abc: { method: "value", thresholds: [80, 95], nonpositive: "D" },
  candidates: { kind: "top", n: 10 },
  language: "en",
  locale: "en-US",
  now,
});

afterAll(() => uninstallFakeExcel());

test("a Data source typed in the pane's workbook makes the key accounts' ratings read the Whitespace", async () => {
  const wb = installFakeExcel({ sheets: ["Orders"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  await Excel.run((ctx) => runSelect(ctx, options(new Date(2024, 4, 1, 12))));
  const first = PORTFOLIO_ROWS.firstData;
  const keys = wb.values("Portfolio", `A${first + 1}:A${first + 3}`).map((r) => String(r[0]));
  wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), keys.map(() => ["Yes"]));
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 10, 12))));

  const header = wb.values("Scoring", a1(SCORING_ROWS.header, 0, SCORING_ROWS.header, 20))[0].map(String);
  const col = header.indexOf("ATT1");
  wb.seed("Scoring", a1(SCORING_ROWS.source, col), [["Untapped potential (Whitespace)"]]);
  const customers = wb.values("Scoring", a1(SCORING_ROWS.firstData, 0, SCORING_ROWS.firstData + 9, 0)).map((r) => String(r[0]));
  const other = customers.find((c) => !keys.includes(c))!;
  wb.seed("Scoring", a1(SCORING_ROWS.firstData + customers.indexOf(other), col), [[6]]);
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 5, 10, 12))));
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 5, 20, 12))));

  expect(wb.values("Scoring", a1(SCORING_ROWS.source, col))).toEqual([["Untapped potential (Whitespace)"]]);
  // Blocks in the Overview's order: the block of each key account, found by its ID cell.
  const blockOf = new Map(
    keys.map((_, k) => {
      const top = FIRST_BLOCK_ROW + k * blockHeight(DEFAULT_UNITS);
      const lay = whitespaceLayout(top, 5, DEFAULT_UNITS);
      return [String(wb.values("Whitespace", a1(top, 1))[0][0]), { potential: a1(lay.total, lay.right.potential), untapped: a1(lay.total, lay.right.untapped)}];
    }),
  );
  const now = wb.values("Scoring", a1(SCORING_ROWS.firstData, 0, SCORING_ROWS.firstData + 9, 0)).map((r) => String(r[0]));
  const all = now.filter((c) => blockOf.has(c)).map((c) => blockOf.get(c)!.untapped);
  expect(all).toHaveLength(3);
  for (const c of keys) {
    const r = SCORING_ROWS.firstData + now.indexOf(c);
    expect(wb.formulas("Scoring", a1(r, col))).toEqual([[whitespaceRatingFormula(blockOf.get(c)!, all, "Whitespace")]]);
  }
  expect(wb.values("Scoring", a1(SCORING_ROWS.firstData + now.indexOf(other), col))).toEqual([[6]]);
});
