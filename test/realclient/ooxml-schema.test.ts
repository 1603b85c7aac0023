/**
 * Every file the CLI writes passes the OOXML schemas (issue 10 part 5): `kam analyze` and `kam plan`
 * outputs in English and Norwegian, a key account named `O'Brien & Sønner`, a 40-sheet plan and refreshed
 * plans, each XML part validated with xmllint against ../shared/ooxml-xsd after Markup Compatibility
 * (test/support/ooxml.ts). The count of parts validated and failing is printed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { main } from "../../src/cli/main";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import { renderToExcel } from "../../src/render/office";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { toExcelJs } from "../support/fake-excel/exceljs";
import { writeWorkbookFile } from "../../src/render/xlsx";
import { PackageReport, applyMarkupCompatibility, validatePackage } from "../support/ooxml";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-ooxml-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kam(...argv: string[]): Promise<void> {
  let stderr = "";
  const code = await main(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } });
  if (code !== 0) throw new Error(`kam ${argv.join(" ")} failed: ${stderr}`);
}

const SMALL = "Customer,Sales,Profit\nO'Brien & Sønner,500,40\nMcDonald's,400,-5\nÆrlig Handel AS,120,12\nBeta,50,1\n";

describe("OOXML schemas", () => {
  it("every XML part of every file the CLI writes validates (analyze, plan, en/nb, 40 sheets, refreshed)", async () => {
    const small = join(dir, "small.csv");
    writeFileSync(small, SMALL);
    const files: Record<string, string> = {};
    const out = (name: string): string => (files[name] = join(dir, `${name}.xlsx`));
    const base = ["--customer", "Customer", "--value", "Sales"];

    await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--out", out("analyze-en"));
    await kam("analyze", small, ...base, "--language", "nb", "--out", out("analyze-nb"));
    await kam("plan", small, ...base, "--profit", "Profit", "--key-accounts", "O'Brien & Sønner,McDonald's", "--out", out("plan-en"));
    await kam("plan", small, ...base, "--key-accounts", "O'Brien & Sønner", "--language", "nb", "--out", out("plan-nb"));
    await kam("plan", SUPERSTORE, "--customer", "Customer Name", "--value", "Sales", "--profit", "Profit", "--key-accounts", "top:35", "--out", out("plan-40"));

    // Refreshed: changed figures, a user's sheet with a table (put back by the writer), twice.
    const refreshed = out("plan-refreshed");
    await kam("plan", small, ...base, "--profit", "Profit", "--key-accounts", "O'Brien & Sønner,McDonald's", "--out", refreshed);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(refreshed);
    wb.addWorksheet("Notes").addTable({ name: "tblNotes", ref: "A1", columns: [{ name: "What" }, { name: "When" }], rows: [["Call O'Brien", "May"]] });
    await writeWorkbookFile(wb, refreshed);
    writeFileSync(small, SMALL.replace("500", "650").replace("Beta,50", "Beta,450"));
    await kam("plan", small, ...base, "--profit", "Profit", "--out", refreshed);
    await kam("plan", small, ...base, "--profit", "Profit", "--out", refreshed);

    const reports: [string, PackageReport][] = [];
    for (const [name, path] of Object.entries(files)) {
      const bytes = readFileSync(path);
      await new ExcelJS.Workbook().xlsx.load(bytes as never); // reads back
      reports.push([name, await validatePackage(bytes)]);
    }
    const sheets = Object.keys((await JSZip.loadAsync(readFileSync(files["plan-40"]))).files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p));
    expect(sheets.length).toBeGreaterThanOrEqual(40);

    const validated = reports.reduce((n, [, r]) => n + r.validated.length, 0);
    const failing = reports.flatMap(([name, r]) => r.failing.map((f) => `${name}: ${f.part} (${f.schema}): ${f.errors.slice(0, 3).join(" | ")}`));
    const skipped = reports.flatMap(([name, r]) => r.skipped.map((p) => `${name}: ${p}`));
    console.log(
      `OOXML: ${validated} parts validated, ${failing.length} failing (${reports.length} files` +
        (skipped.length > 0 ? `; skipped, no schema: ${skipped.join(", ")}` : "; none skipped") +
        ")" +
        (failing.length > 0 ? "\n" + failing.join("\n") : ""),
    );
    expect(failing).toEqual([]);
    expect(validated).toBeGreaterThan(100);
  });

  it("the strict fake's export of the plan the task pane renders validates too", async () => {
    const csv = join(dir, "pane.csv");
    writeFileSync(csv, SMALL);
    const planned = await runPlan(
      PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", profit: "Profit", "key-accounts": "O'Brien & Sønner", out: join(dir, "pane.xlsx") }),
    );
    const fake = installFakeExcel({ sheets: ["Data"] });
    try {
      await Excel.run((ctx) => renderToExcel(ctx, planned.result.spec));
      const report = await validatePackage(Buffer.from(await toExcelJs(fake).xlsx.writeBuffer()));
      console.log(`OOXML (the fake's export): ${report.validated.length} parts validated, ${report.failing.length} failing`);
      expect(report.failing).toEqual([]);
      expect(report.validated.length).toBeGreaterThan(10);
    } finally {
      uninstallFakeExcel();
    }
  });

  it("finds a part Excel would repair, and reads parts through Markup Compatibility first", async () => {
    const path = join(dir, "control.xlsx");
    await kam("analyze", resolve(__dirname, "../../../shared/data/superstore_sample.csv"), "--customer", "Customer ID", "--value", "Sales", "--out", path);
    const zip = await JSZip.loadAsync(readFileSync(path));
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    // The raw sheet uses x14ac:dyDescent, valid only because the part lists x14ac in mc:Ignorable.
    expect(sheet).toMatch(/mc:Ignorable="[^"]*x14ac/);
    // B1: the summary's first cell (A1 is empty since the summary stands above the table).
    expect(sheet).toContain('<c r="B1"');
    zip.file("xl/worksheets/sheet1.xml", sheet.replace(/<c r="B1"/, '<c r="B1" bogus="1"'));
    const report = await validatePackage(await zip.generateAsync({ type: "nodebuffer" }));
    expect(report.failing.map((f) => f.part)).toEqual(["xl/worksheets/sheet1.xml"]);
    expect(report.failing[0].errors.join("\n")).toContain("bogus");

    const mc =
      '<r xmlns="urn:a" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x="urn:x" mc:Ignorable="x">' +
      '<a x:extra="1"/><x:new/><mc:AlternateContent><mc:Choice Requires="x"><x:c/></mc:Choice><mc:Fallback><b/></mc:Fallback></mc:AlternateContent></r>';
    const processed = applyMarkupCompatibility(mc);
    expect(processed).toMatch(/<a\/><b\/><\/r>$/);
    expect(processed).not.toContain("Ignorable");
  });
});
