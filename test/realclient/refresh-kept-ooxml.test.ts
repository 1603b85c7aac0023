/**
 * A refreshed plan that carries what people typed — an override of a formula (in its cell and on the Kept
 * on refresh sheet), notes beside the tables — still passes the OOXML schemas (../shared/ooxml-xsd,
 * xmllint through test/support/ooxml.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { validatePackage } from "../support/ooxml";

const dir = mkdtempSync(join(tmpdir(), "kam-refresh-ooxml-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kam(...argv: string[]): Promise<string> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  if (code !== 0) throw new Error(`kam ${argv.join(" ")} failed: ${stderr}`);
  return stdout;
}

it("a refreshed plan with overrides and a Kept on refresh sheet validates against the OOXML schemas", async () => {
  const csv = join(dir, "data.csv");
  writeFileSync(csv, "Customer,Sales,Profit\nO'Brien & Sønner,500,40\nMcDonald's,400,-5\nÆrlig Handel AS,120,12\nBeta,50,1\n");
  const out = join(dir, "plan.xlsx");
  const args = ["plan", csv, "--customer", "Customer", "--value", "Sales", "--profit", "Profit", "--out", out];
  await kam(...args, "--key-accounts", "Ærlig Handel AS");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  wb.getWorksheet("Portfolio")!.getCell("G10").value = "Strategic anyway";
  wb.getWorksheet("Portfolio")!.getCell("N12").value = "note beside the list";
  wb.getWorksheet("ABC")!.getCell("M3").value = "note right of the summary";
  await wb.xlsx.writeFile(out);
  const summary = await kam(...args);
  expect(summary).toContain("1 override of a formula, 0 on the sheet Kept on refresh");

  const after = new ExcelJS.Workbook();
  await after.xlsx.load(readFileSync(out) as never);
  expect(after.getWorksheet("Kept on refresh")!.getCell("D3").value).toBe("Strategic anyway");
  expect(after.getWorksheet("Portfolio")!.getCell("G10").value).toBe("Strategic anyway");
  expect(after.getWorksheet("Portfolio")!.getCell("N12").value).toBe("note beside the list");

  const report = await validatePackage(readFileSync(out));
  console.log(`OOXML (refreshed plan with Kept on refresh): ${report.validated.length} parts validated, ${report.failing.length} failing`);
  expect(report.failing).toEqual([]);
});
