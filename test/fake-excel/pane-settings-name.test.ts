/**
 * A sheet of the user's that happens to be named "KAM Settings" is not the add-in's settings sheet: the
 * task pane refuses, naming the sheet, before writing anything, and the sheet stays as it is (the CLI
 * refuses such a workbook too; see test/unit/plan-regenerate.test.ts).
 */
import { resolve } from "node:path";
import { readCsvFile } from "../../src/read/csv";
import { runSelect } from "../../src/taskpane/selectRun";
import { errorMessage } from "../../src/taskpane/text";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");

afterAll(() => uninstallFakeExcel());

test("the Select step refuses a user's own sheet named KAM Settings, says so, and writes nothing", async () => {
  const wb = installFakeExcel({ sheets: ["Orders", "KAM Settings"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  wb.seed("KAM Settings", "A1", [["my own data", 42]]);
  const options = {
    source: { kind: "region" as const, sheet: "Orders", cell: "A1" },
    mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" },
    abc: { method: "value" as const, thresholds: [80, 95] as const, nonpositive: "D" as const },
    candidates: { kind: "top" as const, n: 10 },
    language: "en" as const,
    locale: "en-US" as const,
  };
  const error = await Excel.run((ctx) => runSelect(ctx, options)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(errorMessage(error, "en")).toBe(
    'A sheet of yours is named "KAM Settings", the name of the add-in\'s hidden settings sheet; rename it, then run the step again. Nothing was written.',
  );
  expect(errorMessage(error, "nb")).toContain("Et av arkene dine heter «KAM Settings»");
  expect(wb.values("KAM Settings", "A1:B1")).toEqual([["my own data", 42]]);
  expect(wb.liveSheets().map((s) => s.name)).toEqual(["Orders", "KAM Settings"]);
});
