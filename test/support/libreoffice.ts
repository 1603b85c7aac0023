/**
 * LibreOffice as a real spreadsheet client for tests (DESIGN §3.3): convert files with
 * `soffice --headless --convert-to …`, recalculating every formula on load.
 *
 * Recalculation: LibreOffice's default for .xlsx is "never recalculate" (registry
 * org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode = 1): it keeps the cached results stored
 * in the file and only calculates formula cells that have none. A test must not trust a cached value
 * the writer put there, so each run gets a fresh user profile whose registrymodifications.xcu sets
 * OOXMLRecalcMode (and ODFRecalcMode) to 0 = always recalculate. The fresh profile
 * (`-env:UserInstallation=file:///tmp/lo-…`) also keeps parallel runs from clashing on LibreOffice's
 * profile lock.
 *
 * Reading the converted .xlsx back with ExcelJS gives the values LibreOffice calculated (the cached
 * results it wrote).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as ExcelJS from "exceljs";

const RECALC_ALWAYS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/** The soffice executable, or null when LibreOffice is not installed. */
export function sofficePath(): string | null {
  for (const candidate of [process.env.SOFFICE, "soffice", "libreoffice"]) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ["--version"], { encoding: "utf8", timeout: 60_000 });
    if (r.status === 0) return candidate;
  }
  return null;
}

export interface ConvertOptions {
  /** LibreOffice filter spec for --convert-to, e.g. "xlsx", "ods", "csv:Text - txt - csv (StarCalc):44,34,76,1". */
  to?: string;
  /** Output folder (created); default a new temp folder. Must differ from the inputs' folder for same-type conversion. */
  outDir?: string;
  /** Kill LibreOffice after this long; cold starts can take 20+ s on a busy machine. Default 180 s. */
  timeoutMs?: number;
}

/**
 * Converts files with headless LibreOffice, recalculating all formulas on load.
 * @returns the output paths, one per input, in order.
 * @throws when soffice fails, times out, or an output file is missing (message includes its output).
 */
export async function libreOfficeConvert(inputs: string | string[], opts: ConvertOptions = {}): Promise<string[]> {
  const files = (Array.isArray(inputs) ? inputs : [inputs]).map((f) => resolve(f));
  const to = opts.to ?? "xlsx";
  const outDir = resolve(opts.outDir ?? (await mkdtemp(join(tmpdir(), "kam-lo-out-"))));
  await mkdir(outDir, { recursive: true });
  const soffice = sofficePath();
  if (!soffice) throw new Error("LibreOffice (soffice) is not installed");

  const profile = await mkdtemp(join(tmpdir(), "lo-"));
  try {
    await mkdir(join(profile, "user"), { recursive: true });
    await writeFile(join(profile, "user", "registrymodifications.xcu"), RECALC_ALWAYS);
    const args = [
      "--headless",
      "--norestore",
      "--nologo",
      "--nolockcheck",
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      "--convert-to",
      to,
      "--outdir",
      outDir,
      ...files,
    ];
    const { code, output } = await run(soffice, args, opts.timeoutMs ?? 180_000);
    const ext = to.split(":")[0];
    const outputs = files.map((f) => join(outDir, basename(f, extname(f)) + "." + ext));
    const missing = outputs.filter((o) => !existsSync(o));
    if (code !== 0 || missing.length > 0) {
      throw new Error(`soffice exited with ${code}; missing ${missing.join(", ") || "nothing"}\n${output}`);
    }
    return outputs;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** Converts one .xlsx through LibreOffice (recalculating) and loads the result with ExcelJS. */
export async function recalculateXlsx(input: string, opts: Omit<ConvertOptions, "to"> = {}): Promise<ExcelJS.Workbook> {
  const [out] = await libreOfficeConvert(input, { ...opts, to: "xlsx" });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  return wb;
}

/**
 * The value a cell shows after recalculation: a formula's result, rich text as plain text, or the value.
 */
export function shownValue(cell: ExcelJS.Cell): unknown {
  // cell.result, not cell.value.result: ExcelJS 4.4 drops falsy formula results (0, FALSE) from cell.value.
  if (cell.type === ExcelJS.ValueType.Formula) return cell.result;
  const v = cell.value as unknown;
  if (v && typeof v === "object" && "richText" in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("");
  return v;
}

/** Runs a command in its own process group so a timeout can kill soffice.bin too, not only the wrapper. */
function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
      reject(new Error(`soffice timed out after ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

/**
 * Converts several workbooks in one LibreOffice start (its cold start dominates a test's time) and
 * reads each result back with ExcelJS, keyed like `files`.
 */
export async function recalculateAll<K extends string>(
  files: Record<K, string>,
  outDir: string,
  timeoutMs: number,
): Promise<Record<K, ExcelJS.Workbook>> {
  const keys = Object.keys(files) as K[];
  const outputs = await libreOfficeConvert(
    keys.map((k) => files[k]),
    { outDir, timeoutMs },
  );
  const out = {} as Record<K, ExcelJS.Workbook>;
  for (const [i, k] of keys.entries()) {
    out[k] = new ExcelJS.Workbook();
    await out[k].xlsx.readFile(outputs[i]);
  }
  return out;
}

/** Every cell holding an error value (#NAME?, #REF!, #VALUE!, #DIV/0!, #N/A, #NUM!, #NULL!), as "Sheet!A1 #ERR". */
export function errorCells(wb: ExcelJS.Workbook): string[] {
  const found: string[] = [];
  const isError = (v: unknown): string | null => {
    if (v && typeof v === "object" && "error" in (v as object)) return String((v as { error: unknown }).error);
    if (typeof v === "string" && /^#(NAME\?|REF!|VALUE!|DIV\/0!|N\/A|NUM!|NULL!)$/.test(v)) return v;
    return null;
  };
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const e = isError(shownValue(cell)) ?? isError(cell.value);
        if (e) found.push(`${ws.name}!${cell.address} ${e}`);
      }),
    );
  }
  return found;
}
