/**
 * `kam analyze`: ABC analysis of a .csv/.xlsx file — read → map/validate → aggregate → classify →
 * (optionally) write the "ABC" sheet, print JSON or a short summary.
 */
import { basename } from "node:path";
import { z } from "zod";
import {
  AbcSummary,
  DEFAULT_COUNT_THRESHOLDS,
  DEFAULT_VALUE_THRESHOLDS,
  abcTable,
  aggregateByKey,
  normaliseThresholds,
} from "../core/abc";
import { KamError } from "../core/errors";
import { readAbcInput } from "../core/input";
import { buildAbcSheet } from "../sheets/abc/build";
import { parseCurrency } from "../sheets/kit/formats";
import { writeXlsxFile } from "../render/xlsx";
import { writeBackup } from "./backup";
import { analyzeOutputKind, typedCellsError } from "./existingWorkbook";
import { refuseOpenWorkbook } from "./openWorkbook";
import { XlsxOutSchema, checkOutputPath } from "./output";
import { readGridFile } from "./readInput";

/** Options of `kam analyze` after parsing; the zod schema is the single description of them. */
export const AnalyzeOptionsSchema = z.object({
  file: z.string().min(1),
  sheet: z.string().min(1).optional(),
  customer: z.string().trim().min(1),
  value: z.string().trim().min(1),
  method: z.enum(["value", "count"]).default("value"),
  thresholds: z.string().optional(),
  nonpositive: z.enum(["D", "C"]).default("D"),
  locale: z.enum(["en-US", "nb-NO"]).default("en-US"),
  language: z.enum(["en", "nb"]).default("en"),
  currency: z.string().optional(),
  out: XlsxOutSchema.optional(),
  json: z.boolean().default(false),
  force: z.boolean().default(false),
});
export type AnalyzeOptions = z.infer<typeof AnalyzeOptionsSchema>;

/** The `--json` result: shares are fractions of the positive total; rows sorted by rank. */
export interface AnalyzeJson {
  customers: number;
  total: number;
  skippedRows: number;
  classes: AbcSummary["classes"];
  rows: AbcSummary["rows"];
  /** Path of the backup of the file --out replaced, when there was one. */
  backup?: string;
}

export interface AnalyzeResult {
  summary: AbcSummary;
  /** Data rows used (after skipping blank customers). */
  usedRows: number;
  skippedRows: number;
  thresholds: [number, number];
  source: string;
  /** Backup of the file --out replaced (written whenever --out existed). */
  backup?: string;
}

export const ANALYZE_USAGE = `Usage: kam analyze <file.xlsx|file.csv> --customer COLUMN --value COLUMN [options]

ABC (Pareto) analysis of customers: rows of one customer are summed, customers ranked by value and
classed A/B/C (D = no positive contribution).

Options:
  --customer COLUMN      header of the customer-key column (required)
  --value COLUMN         header of the value column, e.g. Sales or Profit (required)
  --sheet NAME           worksheet of an .xlsx file (default: the first visible sheet)
  --method value|count   value: cumulative share of value (default); count: share of customers
  --thresholds T1,T2     class limits in percent or fractions (default 80,95; count method 20,80)
  --nonpositive D|C      class of customers with a value <= 0 (default D)
  --locale en-US|nb-NO   how numbers written as text are read: 1,234.50 or 1 234,50 (default en-US)
  --language en|nb       labels of the generated sheet (default en)
  --currency CODE        ISO 4217 currency of the values, e.g. NOK, USD, EUR: amounts show it
  --out FILE.xlsx        write a workbook with the "ABC" sheet (never over the input file); an existing
                         FILE.xlsx is replaced only when it is an earlier kam analyze output holding
                         nothing typed beside the ABC table, after a backup copy is written
  --force                replace an existing FILE.xlsx anyway (a backup copy is written first)
  --json                 print the result as one JSON object
  -h, --help             show this help

Exit codes: 0 done, 1 bad input (file, column, number, thresholds), 2 wrong usage.`;

/**
 * Reads "80,95" or "0.8,0.95" (also "80;95").
 * @throws KamError("argument") unless two numbers with 0 < t1 < t2 ≤ 1 (after percent conversion).
 */
export function parseThresholds(text: string): [number, number] {
  const parts = text.split(/[,;]/).map((s) => s.trim());
  const numbers = parts.map((s) => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN));
  if (numbers.length !== 2 || numbers.some((x) => !Number.isFinite(x))) {
    throw new KamError("argument", `--thresholds "${text}": give two numbers separated by a comma, e.g. 80,95.`, {
      column: "thresholds",
    });
  }
  try {
    return normaliseThresholds(numbers);
  } catch (e) {
    throw new KamError("argument", `--thresholds "${text}": ${(e as Error).message}`, { column: "thresholds" });
  }
}

/**
 * Runs the analysis (and writes --out) without printing. An existing --out is replaced only when it is
 * this command's own output with no typed cells beside the table (src/cli/existingWorkbook.ts,
 * `analyzeOutputKind`); any other file only with --force. Every replaced file is first copied beside it
 * (NAME.backup-YYYYMMDD-HHMMSS.xlsx, local time of `now`).
 * @throws KamError for bad input; KamError("file") for an --out that is someone else's file or holds
 *         typed notes, without --force.
 */
export async function runAnalyze(opts: AnalyzeOptions, now: Date = new Date()): Promise<AnalyzeResult> {
  // Validate cheap arguments before touching the file, so a typo fails fast.
  const thresholds: [number, number] = opts.thresholds
    ? parseThresholds(opts.thresholds)
    : [...(opts.method === "count" ? DEFAULT_COUNT_THRESHOLDS : DEFAULT_VALUE_THRESHOLDS)];
  const source = basename(opts.file);
  if (opts.out) checkOutputPath(opts.file, opts.out);
  const existing = opts.out ? await analyzeOutputKind(opts.out) : undefined;
  if (opts.out && existing?.kind !== "none") await refuseOpenWorkbook(opts.out);
  if (opts.out && existing?.kind === "ours" && existing.typed.length > 0 && !opts.force) {
    // Issue 9: never silently lose a typed cell; the ABC layout has no place for notes beside it.
    throw typedCellsError(opts.out, existing.sheet, existing.typed);
  }
  if (opts.out && existing?.kind === "foreign" && !opts.force) {
    // DESIGN §2 rule 8: the ABC workbook would replace the whole file (a filled-in plan, say).
    throw new KamError(
      "file",
      `--out ${basename(opts.out)} exists and is not a kam analyze output (${existing.why}); ` +
        "choose another --out, or add --force to replace it (a backup copy is written first).",
      { source: basename(opts.out) },
    );
  }
  const grid = await readGridFile(opts.file, opts.sheet);
  const input = readAbcInput(grid, { customer: opts.customer, value: opts.value, locale: opts.locale, source });
  const agg = aggregateByKey(input.keys, input.values);
  const summary = abcTable(agg.customers, agg.totals, { method: opts.method, thresholds, nonpositive: opts.nonpositive });
  let backup: string | undefined;
  if (opts.out) {
    const sheet = buildAbcSheet(summary, {
      language: opts.language,
      valueLabel: opts.value,
      thresholds,
      method: opts.method,
      currency: parseCurrency(opts.currency),
    });
    backup = existing && existing.kind !== "none" ? await writeBackup(opts.out, now) : undefined;
    await writeXlsxFile({ sheets: [sheet] }, opts.out);
  }
  return { summary, usedRows: input.keys.length, skippedRows: input.skippedBlankCustomer, thresholds, source, backup };
}

export function analyzeJson(r: AnalyzeResult): AnalyzeJson {
  const { summary } = r;
  return {
    customers: summary.customers,
    total: summary.total,
    skippedRows: r.skippedRows,
    classes: summary.classes,
    rows: summary.rows,
    ...(r.backup ? { backup: r.backup } : {}),
  };
}

/** A few lines for a person: counts and value share per class, skipped rows. */
export function analyzeText(r: AnalyzeResult, opts: Pick<AnalyzeOptions, "value" | "method" | "out">): string {
  const { summary } = r;
  const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
  const money = (x: number): string =>
    x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const lines = [
    `${r.source}: ${summary.customers} customers from ${r.usedRows} rows` +
      (r.skippedRows > 0 ? ` (${r.skippedRows} ${r.skippedRows === 1 ? "row" : "rows"} skipped: blank customer)` : ""),
    `ABC by ${opts.value}, ${opts.method} method, thresholds ${pct(r.thresholds[0])} / ${pct(r.thresholds[1])}; ` +
      `positive total ${money(summary.total)}`,
    "",
    `${"Class".padEnd(6)}${"Customers".padStart(10)}${"Value".padStart(20)}${"Share".padStart(10)}`,
  ];
  for (const cls of ["A", "B", "C", "D"] as const) {
    const c = summary.classes[cls];
    const share = summary.total > 0 ? c.value / summary.total : 0;
    lines.push(`${cls.padEnd(6)}${String(c.count).padStart(10)}${money(c.value).padStart(20)}${pct(share).padStart(10)}`);
  }
  if (opts.out) lines.push("", `Wrote ${opts.out}` + (r.backup ? `; backup of the file it replaced: ${basename(r.backup)}` : ""));
  return lines.join("\n") + "\n";
}
