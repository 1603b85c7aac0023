/**
 * Issue 14, whitespace, the task pane's door: the Plans step writes the Whitespace sheet through the
 * Office.js renderer on the strict fake; cells typed there "in Excel" (unit names, current, potential,
 * status, a note beside the grid) survive two refreshes, found by customer ID and offering name.
 */
import { resolve } from "node:path";
import { a1 } from "../../src/plan/formula";
import { readCsvFile } from "../../src/read/csv";
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
import { DEFAULT_UNITS, FIRST_BLOCK_ROW, blockHeight, whitespaceLayout } from "../../src/sheets/whitespace/build";
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

test("the Plans step writes a Whitespace block per key account and keeps what was typed in it", async () => {
  const wb = installFakeExcel({ sheets: ["Orders"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  await Excel.run((ctx) => runSelect(ctx, options(new Date(2024, 4, 1, 12))));
  const first = PORTFOLIO_ROWS.firstData;
  const keys = wb.values("Portfolio", `A${first + 1}:A${first + 3}`).map((r) => String(r[0]));
  wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), keys.map(() => ["Yes"]));
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 10, 12))));

  const lay = whitespaceLayout(FIRST_BLOCK_ROW, 5, DEFAULT_UNITS);
  const ids = keys.map((_, i) => wb.values("Whitespace", a1(FIRST_BLOCK_ROW + i * blockHeight(DEFAULT_UNITS), 1))[0][0]);
  expect(ids.map(String).sort()).toEqual([...keys].sort());
  const second = FIRST_BLOCK_ROW + blockHeight(DEFAULT_UNITS);
  const typedRow = [["Purchasing", 100, 250, "open", 40, 40, "won"]];
  wb.seed("Whitespace", a1(lay.firstUnit, 0), typedRow);
  wb.seed("Whitespace", a1(second + 4, 0), [["Finance", null, 90, "competitor"]]);
  wb.seed("Whitespace", a1(lay.firstUnit, lay.right.share + 2), [["note beside"]]);

  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 5, 10, 12))));
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 5, 20, 12))));
  const firstId = String(ids[0]);
  const again = keys.map((_, i) => String(wb.values("Whitespace", a1(FIRST_BLOCK_ROW + i * blockHeight(DEFAULT_UNITS), 1))[0][0]));
  expect(again[0]).toBe(firstId);
  expect(wb.values("Whitespace", a1(lay.firstUnit, 0, lay.firstUnit, 6))).toEqual(typedRow);
  expect(wb.values("Whitespace", a1(second + 3, 0, second + 3, 3))).toEqual([["Finance", "", 90, "competitor"]]);
  expect(wb.values("Whitespace", a1(lay.firstUnit, lay.right.share + 2))).toEqual([["note beside"]]);
});

test("the offerings typed in the Plans step become the grid's columns and are read back with the workbook", async () => {
  const wb = installFakeExcel({ sheets: ["Orders"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  await Excel.run((ctx) => runSelect(ctx, options(new Date(2024, 4, 1, 12))));
  const first = PORTFOLIO_ROWS.firstData;
  wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), [["Yes"]]);
  const r = await Excel.run((ctx) => runPlans(ctx, { ...options(new Date(2024, 4, 10, 12)), offerings: ["Cloud", "Hardware"] }));
  expect(r.state.offerings).toEqual(["Cloud", "Hardware"]);
  const header = wb.values("Whitespace", a1(FIRST_BLOCK_ROW + 1, 0, FIRST_BLOCK_ROW + 1, 12))[0];
  expect(header.filter((v) => v !== "")).toEqual(expect.arrayContaining(["Cloud", "Hardware"]));
  expect(header).not.toContain("Products");
  // A refresh without a list keeps the workbook's.
  const again = await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 11, 12))));
  expect(again.state.offerings).toEqual(["Cloud", "Hardware"]);
});
