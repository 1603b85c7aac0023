/**
 * The task pane's Plans step records the Account history (issue 13) through the Office.js renderer on the
 * strict fake: May, then June, then June again; the repeated month replaces its rows, May stays, and a
 * note typed beside a May row in "Excel" survives. Periods stay text (a "2024-05" value would become a
 * date in Excel without the text format).
 */
import { resolve } from "node:path";
import { a1 } from "../../src/plan/formula";
import { readCsvFile } from "../../src/read/csv";
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
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

test("the Plans step records each month on the Account history and replaces a repeated month", async () => {
  const wb = installFakeExcel({ sheets: ["Orders"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  await Excel.run((ctx) => runSelect(ctx, options(new Date(2024, 4, 1, 12))));
  const first = PORTFOLIO_ROWS.firstData;
  const keys = wb.values("Portfolio", `A${first + 1}:A${first + 3}`).map((r) => String(r[0]));
  wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), keys.map(() => ["Yes"]));

  const may = await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 10, 12))));
  expect(may.history).toEqual({ sheet: "Account history", period: "2024-05", rows: 3, replaced: 0 });
  wb.seed("Account history", "W6", [["note beside May"]]);
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 5, 10, 12))));
  const june = await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 5, 20, 12))));
  expect(june.history).toEqual({ sheet: "Account history", period: "2024-06", rows: 3, replaced: 3 });

  const grid = wb.values("Account history", "A4:W12");
  expect(grid[0].slice(0, 3)).toEqual(["Period", "Customer", "Name"]);
  const rows = grid.slice(1).filter((r) => r[0] !== "" && r[0] !== null);
  expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual([...keys.map((k) => `2024-05 ${k}`), ...keys.map((k) => `2024-06 ${k}`)]);
  expect(grid[2][22]).toBe("note beside May");
});
