/**
 * The one-page summary at the top of each plan sheet (issue 11 part 6) moves the plan's rows down. A plan
 * made before it (test/golden/plan-before-summary/plan.xlsx: `kam plan input.csv --customer "Customer ID"
 * --value Sales --profit Profit --key-accounts top:2` from main before the summary) is filled in here as
 * a person would, refreshed into the new layout (with names added, which also renames its sheets), and
 * every typed value must come back: in the plan's inputs and tables (read by content on both sides) and a
 * note typed in a free cell.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { workbookCells } from "../../src/cli/plan";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { planLayout, DEFAULT_SIZES } from "../../src/sheets/accountPlan/build";

const CASE = resolve(__dirname, "../golden/plan-before-summary");
const dir = mkdtempSync(join(tmpdir(), "kam-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function labelRow(ws: ExcelJS.Worksheet, label: string, from = 1): number {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no "${label}" on ${ws.name}`);
}

const date = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** What a person types into the old plan of K-1 (1-based rows found by label, columns of the old layout). */
function fillIn(ws: ExcelJS.Worksheet): void {
  ws.getCell(labelRow(ws, "Key account manager"), 2).value = "Kari Nordmann";
  ws.getCell(labelRow(ws, "Last review"), 2).value = date("2026-10-01");
  ws.getCell(labelRow(ws, "Customer's priorities"), 2).value = "Grow in the north";
  ws.getCell(labelRow(ws, "Contact model"), 2).value = "Duet";
  const bc = labelRow(ws, "Name", labelRow(ws, "3. Buying center")) + 1;
  [
    ["Ola Hansen", "CFO", "Finance", null, "Decider", 5, "Supporter", "Kari", date("2026-11-20"), "Cost", "Call"],
    ["Eva Berg", "Buyer", "Purchasing", "Ola Hansen", "Buyer", 3, "Neutral", "Per", date("2025-01-15"), null, null],
    ["Nils Lie", "Engineer", "R&D", null, "User", 2, null, null, null, null, null],
  ].forEach((row, i) => row.forEach((v, c) => (ws.getCell(bc + i, c + 1).value = v as ExcelJS.CellValue)));
  const goals = labelRow(ws, "Goal ID") + 1;
  ws.getCell(goals, 2).value = "Double furniture sales";
  ws.getCell(goals, 5).value = 100000;
  ws.getCell(goals, 6).value = 200000;
  ws.getCell(goals, 7).value = date("2027-06-30");
  ws.getCell(goals, 8).value = "Kari";
  ws.getCell(goals + 1, 2).value = "Enter Tromsø";
  ws.getCell(goals + 2, 2).value = "Joint planning day";
  const acts = labelRow(ws, "8. Action plan") + 2;
  [
    ["A1", "G1", "Product", "Present the new range", "Kari", "Ola Hansen", date("2026-01-10"), date("2026-02-01"), 5000, "In progress", null, "late"],
    ["A2", "G1", "Price", "Agree the rebate", "Per", null, null, date("2099-01-01"), null, "Planned", null, null],
    ["A3", "G3", "Service", "Book the day", "Kari", null, null, date("2026-03-01"), null, "Done", date("2026-02-20"), null],
  ].forEach((row, i) => row.forEach((v, c) => (ws.getCell(acts + i, c + 1).value = v as ExcelJS.CellValue)));
  const kpi = labelRow(ws, "KPI") + 1;
  ws.getCell(kpi, 1).value = "Revenue";
  ws.getCell(kpi, 3).value = 200000;
  ws.getCell(kpi, 4).value = 150000;
  ws.getCell(3, 8).value = "note by the ID";
}

describe("refreshing a plan made before the summary", () => {
  it("keeps every typed value, moves the plan below the summary and renames the sheet with the name", async () => {
    const out = join(dir, "plan.xlsx");
    copyFileSync(join(CASE, "plan.xlsx"), out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const old = wb.getWorksheet("Plan K-1")!;
    expect(() => labelRow(old, "Account summary")).toThrow(); // made before the summary
    fillIn(old);
    await wb.xlsx.writeFile(out);
    const before = readAccountPlan("Plan K-1", workbookCells(wb).get("Plan K-1")!)!;

    const io = { out: "", err: "" };
    const code = await main(
      ["plan", join(CASE, "input.csv"), "--customer", "Customer ID", "--name", "Customer Name", "--value", "Sales", "--profit", "Profit", "--out", out],
      { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } },
    );
    expect(io.err).toBe("");
    expect(code).toBe(0);

    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(out);
    expect(after.worksheets.map((w) => w.name)).toContain("Plan Nordlys AS (K-1)");
    expect(after.getWorksheet("Plan K-1")).toBeUndefined();
    const ws = after.getWorksheet("Plan Nordlys AS (K-1)")!;
    const cells = workbookCells(after).get(ws.name)!;
    const read = readAccountPlan(ws.name, cells)!;
    // Every input and every table row, as typed (dates as dates, lists in the sheet language).
    expect(read.header).toEqual(before.header);
    expect(read.fields).toEqual(before.fields);
    // Issue 14: oppneg — the new opportunities and negotiation tables are there, empty.
    expect(read.tables).toEqual({ ...before.tables, opportunities: [], negotiation: [] });
    expect(Object.keys(before.tables.actions ?? []).length).toBeGreaterThan(0);
    // The note stays beside the ID; nothing went to the Kept on refresh sheet.
    expect(ws.getCell(labelRow(ws, "Customer ID"), 8).value).toBe("note by the ID");
    const kept = after.getWorksheet("Kept on refresh");
    const keptRows: unknown[] = [];
    kept?.eachRow((r) => keptRows.push(r.values));
    expect(keptRows).toEqual([]);
    // The plan now starts below the summary, on page 2.
    const lay = planLayout({ ...DEFAULT_SIZES });
    expect(labelRow(ws, "Account summary")).toBe(lay.summary.section + 1);
    expect(labelRow(ws, "1. Overview (figures from the Portfolio sheet)")).toBe(lay.sections["aplan.section.overview"] + 1);
    expect(labelRow(ws, "1. Overview (figures from the Portfolio sheet)")).toBeGreaterThan(labelRow(old, "1. Overview (figures from the Portfolio sheet)"));
    expect(io.out).toMatch(/Kept \d+ typed values in place/);
  }, 60_000);
});
