/**
 * The charts of a plan workbook as LibreOffice draws them (issue 11: "LibreOffice renders it; the README
 * shows them, taken by a test"). Shared by test/realclient/charts-libreoffice.test.ts and `npm run pictures`
 * (scripts/pictures.ts).
 *
 * `ratedSuperstorePlan` runs `kam plan` on the Superstore sample (five key accounts), then types what a
 * person would before the charts say anything: ratings for the first candidates on the Scoring sheet and a
 * few actions (done, overdue, open) in each plan; a second `kam plan` refreshes it, so the charts are the
 * ones a refresh writes. `chartPages` renders the same spec with each chart sheet's print area set to its
 * charts (other sheets hidden, still calculating), LibreOffice prints that to PDF, one page per chart sheet,
 * and `pdftoppm` (or Ghostscript where poppler is not installed) turns the pages into images.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import * as ExcelJS from "exceljs";
import { PlanOptions, PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import type { SheetSpec, WorkbookSpec } from "../../src/plan/spec";
import { writeXlsxFile } from "../../src/render/xlsx";
import { a1, parseA1 } from "../../src/sheets/kit/address";
import { libreOfficeConvert } from "./libreoffice";

export const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");

/** The brief's command: `kam plan superstore --customer "Customer ID" --value Sales --profit Profit --key-accounts top:5`. */
export function superstoreOptions(out: string): PlanOptions {
  return PlanOptionsSchema.parse({ file: SUPERSTORE, customer: "Customer ID", value: "Sales", profit: "Profit", "key-accounts": "top:5", out });
}

const NOW = new Date("2026-03-02T09:00:00Z");

/**
 * Writes the Superstore plan to `out`, types ratings (first `rated` candidates) and actions as a person
 * would (through ExcelJS, which drops the charts, as any editor but Excel may), refreshes it with `kam plan`
 * and returns the refreshed spec.
 */
export async function ratedSuperstorePlan(out: string, rated = 20): Promise<WorkbookSpec> {
  const first = await runPlan(superstoreOptions(out), NOW);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const scoring = first.result.spec.sheets.find((s) => s.id === "kam.scoring")!;
  const ws = wb.getWorksheet(scoring.name)!;
  // Ratings spread over the matrix: per candidate one level per axis (rating ranges are per axis), ±1 per criterion.
  scoring.validations
    .filter((x) => x.kind === "wholeNumber" && x.min === 1)
    .forEach((v, axis) => {
      const r = parseA1(v.range)!;
      for (let row = r.row; row <= Math.min(r.endRow, r.row + rated - 1); row++) {
        const level = 2 + ((((row - r.row + 1) * (axis === 0 ? 2654435761 : 40503)) >>> 0) % 7);
        for (let col = r.col; col <= r.endCol; col++) ws.getCell(row + 1, col + 1).value = level + ((row + col) % 3) - 1;
      }
    });
  typeActions(wb, first.result.spec);
  await wb.xlsx.writeFile(out);
  const second = await runPlan({ ...superstoreOptions(out), "key-accounts": undefined }, NOW);
  return second.result.spec;
}

/**
 * Actions in each plan: the Overview's "Overdue" formula names the plan's activity, status and due ranges
 * (COUNTIFS(activities,"<>",statuses,…,statuses,…,dues,"<"&TODAY())); plan i gets i % 3 + 1 done, one or
 * two overdue and the rest open on time.
 */
function typeActions(wb: ExcelJS.Workbook, spec: WorkbookSpec): void {
  const overview = spec.sheets.find((s) => s.id === "kam.overview")!;
  const formulas = overview.blocks.flatMap((b) => (b.formulas ?? []).flat()).filter((f): f is string => !!f && f.includes('"<"&TODAY()'));
  formulas.forEach((f, i) => {
    const refs = Array.from(f.matchAll(/('(?:[^']|'')+'|[A-Za-z0-9_.]+)!(\$[A-Z]+\$[0-9]+:\$[A-Z]+\$[0-9]+)/g), (m) => ({
      sheet: m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : m[1],
      range: parseA1(m[2])!,
    }));
    if (refs.length < 4) return;
    const [acts, statuses, , dues] = [refs[0], refs[1], refs[2], refs[refs.length - 1]];
    const ws = wb.getWorksheet(acts.sheet);
    if (!ws) return;
    const done = (i % 3) + 1;
    const overdue = (i % 2) + 1;
    for (let k = 0; k < 5 && acts.range.row + k <= acts.range.endRow; k++) {
      const row = acts.range.row + k + 1;
      ws.getCell(row, acts.range.col + 1).value = `Action ${k + 1}`;
      ws.getCell(row, statuses.range.col + 1).value = k < done ? "Done" : null;
      const due = k < done ? -40 : k < done + overdue ? -10 : 30;
      ws.getCell(row, dues.range.col + 1).value = new Date(Date.now() + due * 86_400_000);
    }
  });
}

/** The spec with each chart sheet printing only its charts (landscape, one page) and the others hidden. */
export function chartPagesSpec(spec: WorkbookSpec): WorkbookSpec {
  const sheets = spec.sheets.map((s): SheetSpec => {
    // LibreOffice prints a hidden sheet that has a print area: the other sheets lose theirs.
    if (s.charts.length === 0) return { ...s, hidden: true, print: undefined };
    const row = Math.min(...s.charts.map((c) => c.row));
    const col = Math.min(...s.charts.map((c) => c.col));
    const endRow = Math.max(...s.charts.map((c) => c.row + c.heightRows - 1));
    const endCol = Math.max(...s.charts.map((c) => c.col + c.widthCols - 1));
    return { ...s, hidden: false, print: { paper: "A4", orientation: "landscape", fitToWidth: true, area: a1(row, col, endRow, endCol) } };
  });
  return { sheets };
}

/** One printed page: the sheet it shows, its size and RGB pixels. */
export interface Page {
  sheet: string;
  width: number;
  height: number;
  rgb: Uint8Array;
}

/**
 * Renders the chart pages of `spec` through LibreOffice (PDF) and pdftoppm (`dpi`), in `dir`.
 * @returns one page per sheet with charts, in sheet order.
 */
export async function chartPages(spec: WorkbookSpec, dir: string, dpi = 110): Promise<Page[]> {
  const pagesSpec = chartPagesSpec(spec);
  const xlsx = join(dir, "chart-pages.xlsx");
  await writeXlsxFile(pagesSpec, xlsx);
  const [pdf] = await libreOfficeConvert(xlsx, { to: "pdf", outDir: join(dir, "pdf") });
  rasterise(pdf, join(dir, "page"), dpi);
  const files = readdirSync(dir).filter((f) => /^page-[0-9]+\.ppm$/.test(f)).sort();
  const names = pagesSpec.sheets.filter((s) => s.charts.length > 0).map((s) => s.name);
  return files.map((f, i) => ({ sheet: names[i] ?? `page ${i + 1}`, ...readPpm(join(dir, f)) }));
}

/**
 * PDF pages → `prefix-N.ppm` (N padded to the same width): poppler's pdftoppm where installed, else
 * Ghostscript (which ImageMagick uses for PDFs too).
 */
export function rasterise(pdf: string, prefix: string, dpi: number): void {
  try {
    execFileSync("pdftoppm", ["-r", String(dpi), pdf, prefix], { stdio: "pipe" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    execFileSync("gs", ["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=ppmraw", `-r${dpi}`, "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-o", `${prefix}-%03d.ppm`, pdf], { stdio: "pipe" });
  }
}

/** A binary PPM (P6, maxval 255) → size and RGB bytes. */
export function readPpm(path: string): { width: number; height: number; rgb: Uint8Array } {
  const bytes = readFileSync(path);
  // Header fields separated by white space, with optional "# …" comment lines (Ghostscript writes one).
  const header = /^P6\s+(?:#[^\n]*\n\s*)*([0-9]+)\s+(?:#[^\n]*\n\s*)*([0-9]+)\s+(?:#[^\n]*\n\s*)*255\s/.exec(bytes.subarray(0, 200).toString("latin1"));
  if (!header) throw new Error(`${path} is not a P6 PPM`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, rgb: bytes.subarray(header[0].length, header[0].length + width * height * 3) };
}

/** Pixels whose colour is clearly not grey (max − min channel ≥ 60): the chart's coloured marks. */
export function colouredPixels(page: Page): number {
  let n = 0;
  for (let i = 0; i < page.rgb.length; i += 3) {
    const r = page.rgb[i];
    const g = page.rgb[i + 1];
    const b = page.rgb[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) >= 60) n++;
  }
  return n;
}

/** The page cropped to what is drawn on it (non-white pixels), with a small margin. */
export function cropped(page: Page, margin = 8): Page {
  let top = page.height;
  let left = page.width;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < page.height; y++) {
    for (let x = 0; x < page.width; x++) {
      const i = (y * page.width + x) * 3;
      if (page.rgb[i] < 245 || page.rgb[i + 1] < 245 || page.rgb[i + 2] < 245) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
    }
  }
  if (bottom < 0) return page;
  top = Math.max(0, top - margin);
  left = Math.max(0, left - margin);
  bottom = Math.min(page.height - 1, bottom + margin);
  right = Math.min(page.width - 1, right + margin);
  const width = right - left + 1;
  const height = bottom - top + 1;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) rgb.set(page.rgb.subarray(((top + y) * page.width + left) * 3, ((top + y) * page.width + right + 1) * 3), y * width * 3);
  return { sheet: page.sheet, width, height, rgb };
}

/** A page as PNG bytes (8-bit RGB, no filter). */
export function png(page: Page): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(page.width, 0);
  ihdr.writeUInt32BE(page.height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((page.width * 3 + 1) * page.height);
  for (let y = 0; y < page.height; y++) raw.set(page.rgb.subarray(y * page.width * 3, (y + 1) * page.width * 3), y * (page.width * 3 + 1) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}
