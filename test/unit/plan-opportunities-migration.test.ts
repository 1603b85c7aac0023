/**
 * Issue 14 items 2 and 5, migration through the CLI door: a plan workbook made by an earlier version, with
 * no Opportunities and no Negotiation preparation (test/golden/plan-before-summary/plan.xlsx, from main
 * before the summary and before issue 14), is filled in as a person would and refreshed with `kam plan`:
 * every typed value comes back, and the two new sections appear empty at the rows of the new layout; the
 * new sections are then filled and a second `kam plan` keeps them too.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { workbookCells } from "../../src/cli/plan";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";

const CASE = resolve(__dirname, "../golden/plan-before-summary");
const dir = mkdtempSync(join(tmpdir(), "kam-opp-migrate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function labelRow(ws: ExcelJS.Worksheet, label: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  return -1;
}

async function kamPlan(out: string): Promise<void> {
  const io = { out: "", err: "" };
  const code = await main(
    ["plan", join(CASE, "input.csv"), "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--out", out],
    { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } },
  );
  expect(io.err).toBe("");
  expect(code).toBe(0);
}

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe("a plan made before issue 14 refreshes into the layout with opportunities and negotiation", () => {
  it("keeps every typed value, adds the sections empty, and keeps what is typed in them next", async () => {
    const out = join(dir, "plan.xlsx");
    copyFileSync(join(CASE, "plan.xlsx"), out);
    const wb = await open(out);
    const old = wb.getWorksheet("Plan K-1")!;
    expect(labelRow(old, "10. Opportunities")).toBe(-1);
    old.getCell(labelRow(old, "Key account manager"), 2).value = "Kari Nordmann";
    old.getCell(labelRow(old, "Customer's priorities"), 2).value = "Grow in the north";
    const bc = labelRow(old, "3. Buying center") + 2;
    ["Ola Hansen", "CFO", "Finance", null, "Decider", 5, "Supporter"].forEach((v, c) => (old.getCell(bc, c + 1).value = v));
    const acts = labelRow(old, "8. Action plan") + 2;
    old.getCell(acts, 4).value = "Present the new range";
    const kpi = labelRow(old, "KPI") + 1;
    old.getCell(kpi, 1).value = "Revenue";
    await wb.xlsx.writeFile(out);
    const before = readAccountPlan("Plan K-1", workbookCells(await open(out)).get("Plan K-1")!)!;

    await kamPlan(out);
    const wb1 = await open(out);
    const ws = wb1.getWorksheet("Plan K-1")!;
    const read1 = readAccountPlan(ws.name, workbookCells(wb1).get(ws.name)!)!;
    expect(read1.header).toEqual(before.header);
    expect(read1.fields).toEqual(before.fields);
    expect(read1.tables).toEqual({ ...before.tables, opportunities: [], negotiation: [] });
    const lay = planLayout(DEFAULT_SIZES);
    expect(labelRow(ws, "10. Opportunities")).toBe(lay.sections["aplan.section.opportunities"] + 1);
    expect(labelRow(ws, "11. Negotiation preparation")).toBe(lay.sections["aplan.section.negotiation"] + 1);
    expect(wb1.getWorksheet("Kept on refresh")).toBeUndefined();

    // The new sections filled, then refreshed again.
    const opp = labelRow(ws, "Opportunity") + 1;
    ["Reorder", "Chairs", "HQ", 1000, 0.5].forEach((v, c) => (ws.getCell(opp, c + 1).value = v));
    ws.getCell(opp, 7).value = "Proposal";
    ws.getCell(labelRow(ws, "Revenue goal"), 2).value = 5000;
    ws.getCell(labelRow(ws, "Our BATNA (best alternative to a negotiated agreement)"), 2).value = "Sell elsewhere";
    const neg = labelRow(ws, "Negotiation issues") + 2;
    ["Price", 100, 90, "80", 95, "NOK"].forEach((v, c) => (ws.getCell(neg, c + 1).value = v));
    await wb1.xlsx.writeFile(out);
    const filled = readAccountPlan(ws.name, workbookCells(await open(out)).get(ws.name)!)!;
    expect(filled.tables.opportunities).toHaveLength(1);
    await kamPlan(out);
    const wb2 = await open(out);
    const read2 = readAccountPlan(ws.name, workbookCells(wb2).get(ws.name)!)!;
    expect(read2.header).toEqual(filled.header);
    expect(read2.fields).toEqual(filled.fields);
    expect(read2.tables).toEqual(filled.tables);
  }, 60_000);
});
