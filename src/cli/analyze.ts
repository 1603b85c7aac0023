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
  normaliseThresholds,
} from "../core/abc";
import { KamError, isKamError } from "../core/errors";
import type { PlaceholderCounts } from "../core/customerKey";
import type { SkipReport } from "../core/input";
import type { TotalRow } from "../core/totalRow";
import type { CustomerNames } from "../core/names";
import { readAbcFile, readRowsFile } from "../read/stream/abcFile";
import { BACKUPS_KEPT } from "./backup";
import { ProblemKey, ProblemLang, ProblemValues, problemText } from "../i18n/problems";
import { XlsxOutSchema, checkOutputFolder, checkOutputPath } from "./output";
import { skipLines } from "./skipReport";
import { parseCurrency } from "../sheets/kit/formats";

/** Options of `kam analyze` after parsing; the zod schema is the single description of them. */
export const AnalyzeOptionsSchema = z.object({
  file: z.string().min(1),
  sheet: z.string().min(1).optional(),
  customer: z.string().trim().min(1),
  name: z.string().trim().min(1).optional(),
  value: z.string().trim().min(1),
  method: z.enum(["value", "count", "computed"]).default("value"),
  thresholds: z.string().optional(),
  nonpositive: z.enum(["D", "C"]).default("D"),
  locale: z.enum(["en-US", "nb-NO"]).default("en-US"),
  language: z.enum(["en", "nb"]).default("en"),
  currency: z.string().optional(),
  out: XlsxOutSchema.optional(),
  json: z.boolean().default(false),
  force: z.boolean().default(false),
  /** Print the per-customer aggregation as SQL instead of reading the file (src/cli/printSql.ts). */
  "print-sql": z.boolean().default(false),
  /** Profit column summed alongside in --print-sql. */
  profit: z.string().trim().min(1).optional(),
});
export type AnalyzeOptions = z.infer<typeof AnalyzeOptionsSchema>;

/** The `--json` result: shares are fractions of the positive total; rows sorted by rank. */
export interface AnalyzeJson {
  customers: number;
  total: number;
  /** Rows not used: key cells without a customer plus total rows. */
  skippedRows: number;
  /** Rows skipped per placeholder kind ("empty", "NA", "#N/A" …); kinds never seen are absent. */
  skippedKeys: PlaceholderCounts;
  /** Total rows skipped: an Excel table's Total row, a trailing grand-total row. */
  totalRows: TotalRow[];
  classes: AbcSummary["classes"];
  /** With --name: one row per customer as in `rows` plus its name ("" for none). */
  rows: (AbcSummary["rows"][number] & { name?: string })[];
  /** With --name: customers whose rows carry several names (the most frequent one is used). */
  severalNames?: number;
  /** Path of the backup of the file --out replaced, when there was one. */
  backup?: string;
}

export interface AnalyzeResult {
  summary: AbcSummary;
  /** Data rows used (after skipping rows without a customer and total rows). */
  usedRows: number;
  skippedRows: number;
  skipped: SkipReport;
  /** The thresholds used (fractions); for the computed method, the shares classes A and A+B reached. */
  thresholds: [number, number];
  source: string;
  /** With --name: the name per customer (aligned with `summary.rows`' customers by key). */
  names?: { byCustomer: Map<string, string>; chosen: CustomerNames };
  /** Backup of the file --out replaced (written whenever --out existed). */
  backup?: string;
}

export const ANALYZE_USAGE = `Usage: kam analyze <file.xlsx|file.csv> --customer COLUMN --value COLUMN [options]

ABC (Pareto) analysis of customers: rows of one customer are summed, customers ranked by value and
classed A/B/C (D = no positive contribution).

Options:
  --customer COLUMN      header of the customer-key column (required)
  --name COLUMN          header of a customer-name column shown beside the ID (e.g. "Customer Name");
                         results stay keyed by the ID; a customer with several names gets the most
                         frequent one (ties: the first seen)
  --value COLUMN         header of the value column, e.g. Sales or Profit (required)
  --sheet NAME           worksheet of an .xlsx file (default: the first visible sheet)
  --method value|count|computed
                         value: cumulative share of value (default); count: share of customers;
                         computed: limits taken from the ABC curve itself (Ultsch & Lötsch 2015),
                         no --thresholds
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
  --print-sql            print, instead, the SQL that reduces the table named in place of the file to
                         one row per customer (key, sum of value, count of lines), for a warehouse;
                         kam analyze then reads that result as it is (README, "Large data")
  --profit COLUMN        with --print-sql: a profit column summed alongside
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
    throw new KamError("argument", "arg.thresholdsForm", { text }, { column: "thresholds" });
  }
  try {
    return normaliseThresholds(numbers);
  } catch (e) {
    // The core's own problem, in the user's language when it has a key.
    const reason = isKamError(e) ? { key: e.key, values: e.values } : { key: "file.reason.other" as const, values: { text: (e as Error).message } };
    throw new KamError("argument", "arg.thresholdsWrong", { text, reason }, { column: "thresholds" });
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
  if (opts.method === "computed" && opts.thresholds !== undefined) {
    throw new KamError("argument", "arg.thresholdsComputed", {}, { column: "thresholds" });
  }
  let thresholds: [number, number] = opts.thresholds
    ? parseThresholds(opts.thresholds)
    : [...(opts.method === "count" ? DEFAULT_COUNT_THRESHOLDS : DEFAULT_VALUE_THRESHOLDS)];
  const source = basename(opts.file);
  if (opts.out) {
    checkOutputPath(opts.file, opts.out);
    checkOutputFolder(opts.out);
  }
  const { analyzeOutputKind, typedCellsError, refuseOpenWorkbook, writeBackup, buildAbcSheet, writeXlsxFile } = await outputModules(!!opts.out);
  const existing = opts.out ? await analyzeOutputKind(opts.out) : undefined;
  if (opts.out && existing?.kind !== "none") await refuseOpenWorkbook(opts.out);
  if (opts.out && existing?.kind === "ours" && existing.typed.length > 0 && !opts.force) {
    // Issue 9: never silently lose a typed cell; the ABC layout has no place for notes beside it.
    throw typedCellsError(opts.out, existing.sheet, existing.typed);
  }
  if (opts.out && existing?.kind === "foreign" && !opts.force) {
    // DESIGN §2 rule 8: the ABC workbook would replace the whole file (a filled-in plan, say).
    throw new KamError("file", "out.foreign", { name: basename(opts.out), why: existing.why }, { source: basename(opts.out) });
  }
  // Streamed: one pass over the file, memory in customers (src/read/stream). ExcelJS loads only for .xlsx.
  const readInput = async (path: string, sheet?: string) => (await import("./readInput")).readInputFile(path, sheet);
  const options = { customer: opts.customer, value: opts.value, locale: opts.locale, source };
  let names: AnalyzeResult["names"];
  let input;
  if (opts.name) {
    // The plan's reader reads the names column beside key and value (the byte engine reads only those two).
    const { planReader } = await import("../read/stream/planRows");
    const data = await readRowsFile(opts.file, opts.sheet, planReader({ customer: opts.customer, value: opts.value, name: opts.name }, opts.locale, source), readInput);
    const skipped = data.skipped as SkipReport;
    input = { customers: data.customers, totals: data.revenue, usedRows: data.usedRows, skipped: skipped.keys, skippedRows: data.skippedRows - skipped.totalRows.length, totalRows: skipped.totalRows };
    const chosen = data.names as CustomerNames;
    names = { byCustomer: new Map(input.customers.map((c, i) => [c, chosen.names[i]])), chosen };
  } else {
    input = await readAbcFile(opts.file, opts.sheet, options, readInput);
  }
  const computed = opts.method === "computed";
  const summary = abcTable(input.customers, input.totals, {
    method: opts.method,
    thresholds: computed ? undefined : thresholds,
    nonpositive: opts.nonpositive,
  });
  // The computed limits, as the shares of the positive total that classes A and A+B reached.
  if (computed) thresholds = reachedShares(summary);
  let backup: string | undefined;
  if (opts.out) {
    const sheet = buildAbcSheet(summary, {
      language: opts.language,
      valueLabel: opts.value,
      thresholds,
      method: opts.method,
      names: names?.byCustomer,
      currency: parseCurrency(opts.currency),
    });
    backup = existing && existing.kind !== "none" ? await writeBackup(opts.out, now) : undefined;
    await writeXlsxFile({ sheets: [sheet] }, opts.out);
  }
  const skipped: SkipReport = { keys: input.skipped, totalRows: input.totalRows };
  const skippedRows = input.skippedRows + input.totalRows.length;
  return { summary, usedRows: input.usedRows, skippedRows, skipped, thresholds, source, names, backup };
}

/** Shares of the positive total held by class A and by A + B (fractions; 0 without a positive total). */
function reachedShares(summary: AbcSummary): [number, number] {
  if (!(summary.total > 0)) return [0, 0];
  const a = summary.classes.A.value / summary.total;
  return [a, a + summary.classes.B.value / summary.total];
}
/**
 * The --out machinery (ExcelJS and the workbook modules), loaded only when a workbook is written, so
 * `kam analyze --json` does not spend its start compiling them. Without --out every function throws.
 */
async function outputModules(needed: boolean) {
  if (!needed) {
    const none = (): never => {
      throw new Error("no --out");
    };
    return { analyzeOutputKind: none, typedCellsError: none, refuseOpenWorkbook: none, writeBackup: none, buildAbcSheet: none, writeXlsxFile: none };
  }
  const [existing, open, backup, build, xlsx] = await Promise.all([
    import("./existingWorkbook"),
    import("./openWorkbook"),
    import("./backup"),
    import("../sheets/abc/build"),
    import("../render/xlsx"),
  ]);
  return {
    analyzeOutputKind: existing.analyzeOutputKind,
    typedCellsError: existing.typedCellsError,
    refuseOpenWorkbook: open.refuseOpenWorkbook,
    writeBackup: backup.writeBackup,
    buildAbcSheet: build.buildAbcSheet,
    writeXlsxFile: xlsx.writeXlsxFile,
  };
}

export function analyzeJson(r: AnalyzeResult): AnalyzeJson {
  const { summary } = r;
  return {
    customers: summary.customers,
    total: summary.total,
    skippedRows: r.skippedRows,
    skippedKeys: r.skipped.keys,
    totalRows: r.skipped.totalRows,
    classes: summary.classes,
    rows: r.names ? summary.rows.map((row) => ({ ...row, name: r.names!.byCustomer.get(row.customer) ?? "" })) : summary.rows,
    ...(r.names ? { severalNames: r.names.chosen.several } : {}),
    ...(r.backup ? { backup: r.backup } : {}),
  };
}

/** A few lines for a person, in `opts.language` (English by default): counts and value share per class, skipped rows. */
export function analyzeText(r: AnalyzeResult, opts: Pick<AnalyzeOptions, "value" | "method" | "out"> & { language?: "en" | "nb" }): string {
  const { summary } = r;
  const lang = opts.language ?? "en";
  const tag = lang === "nb" ? "nb-NO" : "en-US";
  const pct = (x: number): string => `${(x * 100).toLocaleString(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`;
  const money = (x: number): string => x.toLocaleString(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const say = (key: ProblemKey, values: ProblemValues = {}): string => problemText(lang, key, values);
  const method = { value: "report.method.value", count: "report.method.count", computed: "report.method.computed" } as const;
  const lines = [
    say("report.read", { source: r.source, customers: summary.customers, rows: r.usedRows }),
    ...skipLines(r.skipped, lang),
    (opts.method === "computed"
      ? say("report.computed", { value: opts.value, a: pct(r.thresholds[0]), ab: pct(r.thresholds[1]) })
      : say("report.thresholds", { value: opts.value, method: { key: method[opts.method] }, a: pct(r.thresholds[0]), b: pct(r.thresholds[1]) })) +
      say("report.positiveTotal", { total: money(summary.total) }),
    "",
    `${say("report.col.class").padEnd(6)}${say("report.col.customers").padStart(10)}${say("report.col.value").padStart(20)}${say("report.col.share").padStart(10)}`,
  ];
  for (const cls of ["A", "B", "C", "D"] as const) {
    const c = summary.classes[cls];
    const share = summary.total > 0 ? c.value / summary.total : 0;
    lines.push(`${cls.padEnd(6)}${String(c.count).padStart(10)}${money(c.value).padStart(20)}${pct(share).padStart(10)}`);
  }
  if (r.names) lines.push("", severalNamesLine(r.names.chosen, lang));
  if (opts.out) {
    lines.push(
      "",
      r.backup
        ? say("report.wroteBackup", { out: opts.out, backup: basename(r.backup), kept: BACKUPS_KEPT })
        : say("report.wrote", { out: opts.out }),
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * The run summary's line about names (issue 11): how many customers had several names in the data and
 * which name was used, with one example.
 */
export function severalNamesLine(chosen: CustomerNames, lang: ProblemLang = "en"): string {
  if (chosen.several === 0) return problemText(lang, "report.names.none");
  const ex = chosen.example!;
  const values = { customer: ex.customer, name: ex.names[0], others: ex.names.slice(1).map((n) => `"${n}"`).join(", ") };
  return chosen.several === 1 ? problemText(lang, "report.names.one", values) : problemText(lang, "report.names", { count: chosen.several, ...values });
}
