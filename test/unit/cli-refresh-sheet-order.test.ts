/**
 * A refresh through `kam plan` leaves the workbook's tabs as the person arranged them: each of the
 * add-in's sheets keeps its place, a sheet the person hid stays hidden, the active tab stays active, and
 * sheets new this time follow the last of the add-in's (hunt repro-15).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import { writeWorkbookFile } from "../../src/render/xlsx";

const dir = mkdtempSync(join(tmpdir(), "kam-order-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date(2026, 0, 15, 9, 30, 0);
const CSV = "Customer,Sales\nAcme,500\nBeta,400\nGamma,300\nDelta,50\n";

function plan(out: string, extra: Record<string, string> = {}): ReturnType<typeof runPlan> {
  const csv = join(dir, "data.csv");
  writeFileSync(csv, CSV);
  return runPlan(PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", candidates: "4", out, ...extra }), NOW);
}

async function tabs(path: string): Promise<{ tabs: string[]; active: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const list = wb.worksheets.map((ws) => (ws.state === "visible" ? ws.name : `${ws.name} (${ws.state})`));
  return { tabs: list, active: wb.worksheets[wb.views[0].activeTab ?? 0].name };
}

describe("kam plan refresh and the person's tab arrangement", () => {
  it("keeps each sheet's place, hidden sheets hidden and the active tab; a new plan sheet follows the last plan", async () => {
    const out = join(dir, "order.xlsx");
    await plan(out, { "key-accounts": "top:2" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(["ABC", "Profitability", "Scoring", "Portfolio", "Overview", "Plan Acme", "Plan Beta", "Account history", "Whitespace", "Survey", "Complaints", "Voice of the customer", "KAM Settings"]);
    // The person hides the Overview, adds a sheet of their own, moves the Portfolio to the end and works there.
    wb.getWorksheet("Overview")!.state = "hidden";
    wb.addWorksheet("My notes").getCell("A1").value = "call Acme";
    const order = ["ABC", "Profitability", "Scoring", "Overview", "Plan Acme", "Plan Beta", "Account history", "Whitespace", "Survey", "Complaints", "Voice of the customer", "KAM Settings", "My notes", "Portfolio"];
    for (const ws of wb.worksheets) (ws as unknown as { orderNo: number }).orderNo = order.indexOf(ws.name);
    wb.views = [{ activeTab: order.indexOf("Portfolio") } as ExcelJS.WorkbookView];
    await writeWorkbookFile(wb, out);
    expect(await tabs(out)).toEqual({
      tabs: ["ABC", "Profitability", "Scoring", "Overview (hidden)", "Plan Acme", "Plan Beta", "Account history", "Whitespace", "Survey", "Complaints", "Voice of the customer", "KAM Settings (hidden)", "My notes", "Portfolio"],
      active: "Portfolio",
    });

    await plan(out, { "key-accounts": "top:3" });
    expect(await tabs(out)).toEqual({
      tabs: ["ABC", "Profitability", "Scoring", "Overview (hidden)", "Plan Acme", "Plan Beta", "Plan Gamma", "Account history", "Whitespace", "Survey", "Complaints", "Voice of the customer", "KAM Settings (hidden)", "My notes", "Portfolio"],
      active: "Portfolio",
    });
  });

  it("moves the active tab off a sheet the person hid", async () => {
    const out = join(dir, "hidden-active.xlsx");
    await plan(out, { "key-accounts": "top:2" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    wb.getWorksheet("ABC")!.state = "hidden";
    wb.views = [{ activeTab: 0 } as ExcelJS.WorkbookView];
    await writeWorkbookFile(wb, out);
    await plan(out);
    const after = await tabs(out);
    expect(after.tabs.slice(0, 2)).toEqual(["ABC (hidden)", "Profitability"]);
    expect(after.active).toBe("Profitability");
  });
});
