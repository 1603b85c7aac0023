/**
 * The Portfolio sheet as LibreOffice renders it, for the README: docs/screenshots/portfolio-libreoffice.png.
 * Run: node bin/run-ts.js scripts/portfolio-screenshot.ts (needs soffice and pdftoppm from poppler-utils).
 *
 * `kam plan` on the Superstore sample (top 24 customers by Sales), ratings typed in with ExcelJS as a
 * user would, a few key accounts chosen; LibreOffice recalculates and prints the Portfolio sheet to PDF.
 * The chart is not in the picture (its columns are hidden): `npm run pictures` takes the charts.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { main as kam } from "../src/cli/main";
import { libreOfficeConvert } from "../test/support/libreoffice";

const REPO = resolve(__dirname, "..");
const TARGET = join(REPO, "docs/screenshots/portfolio-libreoffice.png");

/** Entry point for bin/run-ts.js. */
export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kam-shot-"));
  try {
    const plan = join(dir, "plan.xlsx");
    const code = await kam([
      "plan",
      resolve(REPO, "../shared/data/superstore_sample.csv"),
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--profit",
      "Profit",
      "--candidates",
      "24",
      "--out",
      plan,
    ]);
    if (code !== 0) throw new Error(`kam plan failed (${code})`);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(plan);
    const scoring = wb.getWorksheet("Scoring")!;
    for (let i = 0; i < 22; i++)
      for (let c = 3; c <= 15; c++) if (c !== 9) scoring.getCell(12 + i, c).value = ((i * 7 + c * 3) % 10) + 1;
    const portfolio = wb.getWorksheet("Portfolio")!;
    for (const r of [10, 12, 13, 16, 19]) portfolio.getCell(`I${r}`).value = "Yes";
    portfolio.getCell("I11").value = "No";
    portfolio.getCell("J10").value = "Pilot account";
    // Only the Portfolio table on one landscape page: the other sheets hidden, the chart data columns too.
    for (const ws of wb.worksheets) if (ws !== portfolio) ws.state = "hidden";
    // LibreOffice shows (and prints) the active sheet even when it is hidden: make the Portfolio active.
    wb.views = [
      {
        x: 0,
        y: 0,
        width: 20000,
        height: 12000,
        firstSheet: 0,
        activeTab: wb.worksheets.indexOf(portfolio),
        visibility: "visible",
      },
    ];
    for (let c = 12; c <= 26; c++) portfolio.getColumn(c).hidden = true;
    portfolio.pageSetup = {
      ...portfolio.pageSetup,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
    };
    await wb.xlsx.writeFile(plan);

    const [pdf] = await libreOfficeConvert(plan, { to: "pdf", outDir: join(dir, "pdf") });
    // The table fills the top left of the landscape page; crop to it (pixels at 150 dpi).
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "150",
      "-f",
      "1",
      "-l",
      "1",
      "-x",
      "95",
      "-y",
      "100",
      "-W",
      "1440",
      "-H",
      "470",
      "-singlefile",
      pdf,
      join(dir, "page"),
    ]);
    copyFileSync(join(dir, "page.png"), TARGET);
    process.stdout.write(`Wrote ${TARGET}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
