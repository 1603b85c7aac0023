/**
 * The README's chart pictures (section "Charts in the files"): docs/images/chart-<sheet>.png, as LibreOffice
 * draws the charts `kam plan` writes for the Superstore sample with five key accounts, after ratings and
 * actions were typed and the plan refreshed (test/support/chartPictures.ts). Run: `npm run pictures`
 * (needs soffice and pdftoppm).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chartPages, cropped, png, ratedSuperstorePlan } from "../test/support/chartPictures";

const TARGET = resolve(__dirname, "../docs/images");

/** Entry point for bin/run-ts.js. */
export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kam-pictures-"));
  try {
    const spec = await ratedSuperstorePlan(join(dir, "plan.xlsx"));
    mkdirSync(TARGET, { recursive: true });
    for (const page of await chartPages(spec, dir)) {
      const file = join(TARGET, `chart-${page.sheet.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.png`);
      writeFileSync(file, png(cropped(page)));
      process.stdout.write(`Wrote ${file}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
