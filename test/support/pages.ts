/**
 * Printed pages per sheet as LibreOffice lays them out (test/support/uno/pages.py): one headless soffice
 * for all workbooks; optionally a PDF of each. See pages.py for how pages, width and height are counted.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const PAGES_SCRIPT = resolve(__dirname, "uno/pages.py");
const PYTHON = process.env.UNO_PYTHON ?? "/usr/bin/python3";

/** One sheet's printout: pages in all, pages side by side (wide) and one above the other (tall). */
export interface SheetPages {
  name: string;
  hidden: boolean;
  pages: number;
  wide: number;
  tall: number;
}

/**
 * Counts the printed pages of every sheet of each workbook (and writes `pdf` when given).
 * @returns per workbook, its sheets in order.
 * @throws when the script fails or runs past `timeoutMs` (its soffice is killed).
 */
export async function printedPages(jobs: { in: string; pdf?: string }[], timeoutMs = 180_000): Promise<SheetPages[][]> {
  const dir = await mkdtemp(join(tmpdir(), "kam-pages-"));
  try {
    const request = join(dir, "request.json");
    const result = join(dir, "result.json");
    await writeFile(request, JSON.stringify({ jobs }));
    await new Promise<void>((ok, fail) => {
      const child = spawn(PYTHON, [PAGES_SCRIPT, request, result], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => {
        try {
          process.kill(Number(readFileSync(result + ".pgid", "utf8")), "SIGKILL");
        } catch {
          /* not started or gone */
        }
        child.kill("SIGKILL");
        fail(new Error(`pages.py timed out after ${timeoutMs} ms\n${stderr}`));
      }, timeoutMs);
      child.on("close", (code) => {
        clearTimeout(timer);
        if (code === 0) ok();
        else fail(new Error(`pages.py exited with ${code}\n${stderr}`));
      });
    });
    const parsed = JSON.parse(readFileSync(result, "utf8")) as { jobs: { sheets: SheetPages[] }[] };
    return parsed.jobs.map((j) => j.sheets);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
