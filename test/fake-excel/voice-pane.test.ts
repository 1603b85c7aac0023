/**
 * The task pane's door for the voice of the customer (issue 14 part 4), on the strict fake Excel: the
 * Plans step creates the Survey, Complaints and Voice of the customer sheets; rows typed in "Excel" on
 * both lists and a note beside them survive two more runs, the complaint day counts are formulas in the
 * typed rows, and the Voice sheet has one row of formulas per key account.
 */
import { resolve } from "node:path";
import { a1 } from "../../src/plan/formula";
import { readCsvFile } from "../../src/read/csv";
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
import { VOICE_ROWS } from "../../src/sheets/voice/summary";
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

test("the Plans step creates the voice sheets and keeps the rows typed on Survey and Complaints", async () => {
  const wb = installFakeExcel({ sheets: ["Orders"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  await Excel.run((ctx) => runSelect(ctx, options(new Date(2024, 4, 1, 12))));
  const first = PORTFOLIO_ROWS.firstData;
  const keys = wb.values("Portfolio", `A${first + 1}:A${first + 3}`).map((r) => String(r[0]));
  wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), keys.map(() => ["Yes"]));
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 10, 12))));

  expect(wb.values("Survey", "A4:H4")[0]).toEqual([
    "Respondent",
    "Account (customer ID)",
    "Role",
    "Date",
    "Satisfaction (1–5)",
    "Recommend (0–10)",
    "Would buy again (1–5)",
    "Comments",
  ]);
  const survey = [
    ["Ann", keys[0], "Buyer", 45400, 4, 9, 5, "fine"],
    ["Bo", keys[1], "User", 45401, 2, 3, 4, "slow"],
  ];
  wb.seed("Survey", "A5", survey);
  wb.seed("Survey", "J6", [["note beside Bo"]]);
  const complaint = [45380, keys[0], "Delivery", "High", "Kari", 45390, null, "carrier"];
  wb.seed("Complaints", "A5", [complaint]);
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 11, 12))));
  await Excel.run((ctx) => runPlans(ctx, options(new Date(2024, 4, 12, 12))));

  expect(wb.values("Survey", "A5:H6")).toEqual(survey);
  expect(wb.values("Survey", "J6")[0][0]).toBe("note beside Bo");
  const row = wb.values("Complaints", "A5:H5")[0];
  expect([...row.slice(0, 6), row[7]]).toEqual([...complaint.slice(0, 6), complaint[7]]);
  expect(String(wb.formulas("Complaints", "G5")[0][0])).toBe('=IF(OR(A5="",F5=""),"",F5-A5)');
  const voiceRows = wb.values("Voice of the customer", `A${VOICE_ROWS.first + 1}:A${VOICE_ROWS.first + 3}`).map((r) => String(r[0]));
  expect(voiceRows).toEqual(keys);
  expect(String(wb.formulas("Voice of the customer", `D${VOICE_ROWS.first + 1}`)[0][0])).toMatch(/^=IF\(COUNTIFS\(Survey!\$B:\$B/);
  // The Account columns offer the key accounts the Voice sheet lists, and only warn about another one.
  const ids = `='Voice of the customer'!$A$${VOICE_ROWS.first + 1}:$A$${VOICE_ROWS.first + 3}`;
  for (const [sheet, cell] of [["Survey", "B7"], ["Complaints", "B100"]]) {
    const v = wb.validationAt(sheet, cell);
    expect(v?.rule).toEqual({ list: { inCellDropDown: true, source: ids } });
    expect(v?.errorAlert?.style).toBe("Warning");
  }
});
