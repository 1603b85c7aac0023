/**
 * LibreOffice draws the charts `kam plan` writes (issue 11 part 5). The Superstore plan (`--customer
 * "Customer ID" --value Sales --profit Profit --key-accounts top:5`), with ratings and actions typed and
 * refreshed (test/support/chartPictures.ts), is printed to PDF with each chart sheet's print area set to its
 * chart; every page is rasterised and must hold the chart's coloured marks (columns, curve, bubbles, bars),
 * not a blank or grey frame. One LibreOffice conversion for all four charts. `npm run pictures` writes the
 * same pages to docs/images/ for the README.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sofficePath } from "../support/libreoffice";
import { Page, chartPages, colouredPixels, ratedSuperstorePlan } from "../support/chartPictures";

const dir = mkdtempSync(join(tmpdir(), "kam-chart-pages-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("charts drawn by LibreOffice", () => {
  let pages: Page[];
  beforeAll(async () => {
    if (!sofficePath()) throw new Error("LibreOffice is required for real-client tests (Debian package libreoffice-calc)");
    const spec = await ratedSuperstorePlan(join(dir, "plan.xlsx"));
    pages = await chartPages(spec, dir, 60);
  }, 180_000);

  it("prints one page per chart sheet, each with the chart drawn in colour", () => {
    // The four list sheets, then the five plans with the KAISM position on their one-page summary.
    expect(pages.map((p) => p.sheet).slice(0, 4)).toEqual(["ABC", "Profitability", "Portfolio", "Overview"]);
    expect(pages.slice(4).map((p) => p.sheet.startsWith("Plan "))).toEqual([true, true, true, true, true]);
    const coloured = pages.map((p) => [p.sheet, colouredPixels(p)] as const);
    console.log(`Coloured pixels per chart page (60 dpi): ${JSON.stringify(coloured)}`);
    // A blank page or a grey frame has no coloured pixel; the thinnest chart, the whale curve (one blue
    // line), has about 800 at 60 dpi, the areas of columns, bubbles and bars many thousands.
    for (const [, n] of coloured) expect(n).toBeGreaterThan(400);
  });
});
