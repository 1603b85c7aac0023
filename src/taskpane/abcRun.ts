/**
 * The task pane's ABC workflow, outside React so node tests can drive it against the strict Excel fake:
 *
 *   read the mapped columns (readMapped.ts) of the current region around the selection or an anchor
 *   cell, or of a table  →  readAbcInput  →  aggregateByKey  →  abcTable  →  buildAbcSheet  →  merge what
 *   people typed on the existing ABC sheet (`mergeAbcSheet`)  →  renderToExcel
 *
 * Every function here takes the `Excel.RequestContext` of the caller's `Excel.run`: one run per user
 * action (DESIGN §2 rule 4). Syncs of `runAbc`: the reader's (1 + one per 100,000 cells of the *mapped*
 * columns, see readMapped.ts) + the existing sheets' (2, + one per ~100,000 cells of an existing ABC,
 * Kept on refresh and settings sheet) + the renderer's (2 + one per ~4 MB written); nothing syncs per row
 * or per customer.
 *
 * A refresh of the ABC sheet follows the rules of the other steps (issue 9): the ABC sheet is found by its
 * content, everything people typed on it goes into the new spec or onto the Kept on refresh sheet (the
 * same merge as the CLI's), and the ABC sheet's fingerprints (what this run generated) are stored on the
 * hidden settings sheet — renewed in a Select run's settings, or in minimal settings of the ABC step's own
 * (mapping and ABC options; no candidates or criteria yet) — so the next refresh tells what was generated
 * from what people typed, and rows of a longer earlier list are removed, not kept as if typed. Measured on the strict fake: Superstore (9,994 rows, 793 customers) and 100,000 customers
 * both stay within 10 syncs including Excel.run's final one (test/fake-excel/pane-abc.test.ts).
 *
 * Row numbers in results and errors are *sheet* rows, as the user sees them in Excel (the reader's grid
 * rows are converted with the address of what was read), so "row 17" points at row 17 of the sheet.
 *
 * Optional columns (decided here, shown to the user in the results):
 * - profit / contribution margin: summed per customer and per class, shown next to the value share
 *   (KAM-DOMAIN §2: revenue ABC and profit ABC differ). A profit cell that is not a number is left out of
 *   the profit sums and reported with its row; it does not stop the analysis, which is by value.
 * - segment, KAM owner: a customer's first non-blank entry. The results count A customers per segment
 *   and list A customers without an owner (a key account without a KAM is the first thing to fix).
 */
import { AbcClass, AbcMethod, abcTable, aggregateByKey, normaliseThresholds } from "../core/abc";
import { KamError, isKamError } from "../core/errors";
import { readAbcInput } from "../core/input";
import { PLACEHOLDER_KINDS, PlaceholderKind } from "../core/customerKey";
import { readKeyCell } from "../core/keyCell";
import { NumberLocale, cellNumber } from "../core/numbers";
import type { Lang } from "../i18n";
import { ABC_TABLE_NAME, buildAbcSheet } from "../sheets/abc/build";
import { CurrencyChoice, resolveCurrency } from "../sheets/kit/formats";
import { cellAt, cellText, findHeader, isBlank, isCellError } from "../read/grid";
import { TableInfo, detectHeader, listTables } from "../read/office";
import { columnLetter } from "../sheets/kit/address";
import { ConflictChoice, SheetAction, renderToExcel } from "../render/office";
import { ABC_SHEET_ID } from "../sheets/abc/build";
import { KEPT_SHEET_ID, buildKeptSheet } from "../sheets/kept/build";
import { mergeTyped, sheetFingerprints } from "../sheets/merge";
import { encodeFingerprints } from "../sheets/fingerprint";
import { DEFAULTS_KEY, PlanSettings, SETTINGS_FORMAT, SETTINGS_SHEET_NAME, buildSettingsSheet } from "../sheets/settings/build";
import { readFingerprintChunks } from "../sheets/settings/read";
import { SHEET_LABELS } from "../i18n/sheets";
import { extractPreserved } from "../plan/preserve";
import type { SheetSpec, WorkbookSpec } from "../plan/spec";
import { sheetName } from "../sheets/kit/address";
import type { SheetKind } from "../sheets/keys";
import { KeptReport, PlanCells, readPlanCells, recognisedSheets, userSheetNames } from "./workbookSheets";
import { SourceProblem, missingSource, readMappedColumns, regionOf } from "./readMapped";

/**
 * Where the data comes from: the current region around the selection; the current region around an
 * anchor cell (the pane remembers the region it previewed this way, because after a run Excel shows the
 * ABC sheet and the selection is no longer in the data); or an Excel table by name.
 */
export type DataSource =
  { kind: "selection" } | { kind: "region"; sheet: string; cell: string } | { kind: "table"; name: string };

/** The methods the pane offers (the ABC sheet describes thresholds, so the computed method is not here yet). */
export type PaneMethod = Extract<AbcMethod, "value" | "count">;

/** Column headers chosen for each field; customer and value are required. */
export interface ColumnMapping {
  customer: string;
  /** The customer-name column shown beside the ID on the plan sheets (issue 11); not used by the ABC run. */
  name?: string;
  value: string;
  profit?: string;
  segment?: string;
  owner?: string;
}

export type RunProgress =
  | { phase: "read" }
  | { phase: "analyse" }
  /** `done` of `total` write batches synced. */
  | { phase: "write"; done: number; total: number };

export interface RunAbcOptions {
  source: DataSource;
  mapping: ColumnMapping;
  method: PaneMethod;
  /** Two cumulative thresholds, percents (80, 95) or fractions (0.8, 0.95). */
  thresholds: readonly [number, number];
  /** Class of customers with a value ≤ 0. */
  nonpositive: "D" | "C";
  /** Labels of the generated sheet. */
  language: Lang;
  /** How numbers stored as text are read ("1,234.50" or "1 234,50"). */
  locale: NumberLocale;
  /** Currency of the amounts (default "auto": from the value column's number format). */
  currency?: CurrencyChoice;
  onProgress?: (p: RunProgress) => void;
  /** A user's own sheet has the name the add-in wants; default "rename" (write under a free name). */
  onConflict?: (sheetName: string) => ConflictChoice | Promise<ConflictChoice>;
  /** Time of the run (the Kept on refresh sheet's dates; tests fix it). */
  now?: Date;
}

export interface ClassResult {
  cls: AbcClass;
  count: number;
  /** Sum of the customers' values. */
  value: number;
  /** value / positive total (0 when there is no positive total). */
  share: number;
  /** Sum of the customers' profit (when a profit column is mapped). */
  profit?: number;
}

/** Rows the analysis did not use, or cells it could not use, with why. */
export interface RowProblem {
  /**
   * blankCustomer / placeholderCustomer: rows skipped for their customer cell (`text`: the placeholder, e.g.
   * "NA"); totalRow: a trailing grand-total row (`text`: its key); profitNotNumber: profit cells left out.
   */
  kind: "blankCustomer" | "placeholderCustomer" | "totalRow" | "profitNotNumber";
  /** The placeholder kind or the total row's key, for placeholderCustomer and totalRow. */
  text?: string;
  /** Header of the column concerned. */
  column: string;
  count: number;
  /** The first sheet rows concerned (at most MAX_LISTED_ROWS). */
  rows: number[];
}

export interface RunAbcResult {
  /** Sheet-qualified address of the data that was read ("Data!A1:U9995"). */
  address: string;
  /** The sheet written ("ABC", or "ABC (2)" when the user has a sheet called "ABC"). */
  sheet: string;
  /** The name the add-in wanted. */
  wanted: string;
  /** created | updated | renamed (written beside the user's sheet) | overwritten | skipped. */
  action: SheetAction;
  /** Name of the customer table on that sheet (normally tblABC). */
  table: string;
  customers: number;
  /** Non-blank data rows read; rows used = rowsRead − rows with a blank customer. */
  rowsRead: number;
  rowsUsed: number;
  /** Positive total T⁺ of the values. */
  total: number;
  /** A, B, C, D in that order. */
  classes: ClassResult[];
  /** Total profit of all customers, when a profit column is mapped. */
  profitTotal?: number;
  problems: RowProblem[];
  /** A customers by segment, most first (when a segment column is mapped). */
  aBySegment?: { segment: string; count: number }[];
  /** A customers without a KAM owner (when an owner column is mapped): how many, and the first names. */
  aWithoutOwner?: { count: number; names: string[] };
  /** What happened to the values people typed on the existing ABC sheet (zeros on a first run). */
  kept: KeptReport;
  /** Syncs made by the renderer (the reader's come on top). */
  renderSyncs: number;
}

/** A KamError at a sheet cell, with the cell's content for the message. */
export class CellProblem extends KamError {
  constructor(
    base: KamError,
    readonly cell: unknown,
  ) {
    super(base.code, base.key, base.values, base.place);
    this.name = "CellProblem";
  }
}

export const MAX_LISTED_ROWS = 20;

/** The region source anchored at the top-left cell of a previewed address ("Orders!A1:U9995" → Orders, A1). */
export function anchorOf(address: string): DataSource {
  const bang = address.lastIndexOf("!");
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const cell = address
    .slice(bang + 1)
    .split(":")[0]
    .replace(/\$/g, "");
  return { kind: "region", sheet, cell };
}
export const PREVIEW_ROWS = 5;
const CLASSES: readonly AbcClass[] = ["A", "B", "C", "D"];

// ------------------------------------------------------------------------------------------------
// Choosing the data: tables and a preview
// ------------------------------------------------------------------------------------------------

export interface Preview {
  /** Sheet-qualified address of the whole data ("Data!A1:U9995"); "" when nothing is there. */
  address: string;
  /** Header texts (column letters when the data has no header row). */
  headers: string[];
  /** The first PREVIEW_ROWS data rows as display text. */
  rows: string[][];
  /** Data rows in all (header excluded). */
  rowCount: number;
  hasHeaders: boolean;
}

/** The workbook's tables (for the source list). Two syncs. */
export async function loadTables(context: Excel.RequestContext): Promise<TableInfo[]> {
  return listTables(context);
}

/**
 * Headers and the first rows of a source, for the mapping step. Two syncs, whatever the data's size:
 * the extent, then only the first rows (header detection needs just the first two rows' value types,
 * the same rule `readSelection` applies, so the preview and the run agree on the headers).
 * @throws SourceProblem("tableMissing" | "sheetMissing") when the table or anchor sheet no longer exists.
 */
export async function previewSource(context: Excel.RequestContext, source: DataSource): Promise<Preview> {
  const area =
    source.kind === "table"
      ? context.workbook.tables.getItem(source.name).getRange()
      : regionOf(context, source).getSurroundingRegion();
  area.load("address,rowIndex,columnIndex,rowCount,columnCount");
  try {
    await context.sync();
  } catch (e) {
    throw missingSource(e, source);
  }
  const n = Math.min(area.rowCount, PREVIEW_ROWS + 1);
  const top = area.worksheet
    .getRangeByIndexes(area.rowIndex, area.columnIndex, n, area.columnCount)
    .load("values,valueTypes,text");
  await context.sync();
  const types = top.valueTypes as string[][];
  if (types.every((line) => line.every((t) => t === "Empty"))) {
    return { address: "", headers: [], rows: [], rowCount: 0, hasHeaders: false };
  }
  // A table's first row is always its header row.
  const hasHeaders = source.kind === "table" || detectHeader(types);
  const letters = Array.from({ length: area.columnCount }, (_, j) => columnLetter(area.columnIndex + j));
  const headers = hasHeaders
    ? top.values[0].map((h, j) => (types[0][j] === "Empty" ? letters[j] : String(h).trim()))
    : letters;
  const body = hasHeaders ? 1 : 0;
  return {
    address: area.address,
    headers,
    rows: top.text.slice(body).map((line) => line.map(String)),
    rowCount: area.rowCount - body,
    hasHeaders,
  };
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------

/**
 * ABC analysis of the chosen data, written to the "ABC" sheet, in the caller's `Excel.run`.
 * @returns what was written where, counts and value share per class, and the problems found.
 * @throws KamError("argument") for bad thresholds; SourceProblem (a KamError) for a table or sheet that
 *         no longer exists, no data, a mapped column that is missing, duplicated or mapped twice;
 *         KamError("empty") when there are no data rows;
 *         CellProblem (a KamError with the cell) for a value that is not a number or an error value
 *         as a customer — `place.row` is the sheet row, `place.column` the header, `place.source` the
 *         sheet or table. Office.js errors pass through.
 */
export async function runAbc(context: Excel.RequestContext, opts: RunAbcOptions): Promise<RunAbcResult> {
  const { mapping, method, locale } = opts;
  const thresholds = normaliseThresholds(opts.thresholds); // fail before touching the workbook

  opts.onProgress?.({ phase: "read" });
  // Only the mapped columns are read, in this order: customer, value, then the optional ones.
  const optional = (["profit", "segment", "owner"] as const).filter((f) => (mapping[f] ?? "").trim() !== "");
  const wanted = [mapping.customer, mapping.value, ...optional.map((f) => mapping[f]!)];
  const twice = wanted.find((w, i) => wanted.findIndex((x) => x.trim() === w.trim()) !== i);
  if (twice !== undefined) {
    const column = twice.trim();
    throw new SourceProblem("mappedTwice", "argument", "pane.mappedTwice", { column }, { column });
  }
  const read = await readMappedColumns(context, opts.source, wanted);
  const source = opts.source.kind === "table" ? opts.source.name : read.sheet;

  opts.onProgress?.({ phase: "analyse" });
  // Grid row g (1-based, header = row 1) ↔ read.grid[g - 1] ↔ sheet row firstDataRow + g - 2.
  const sheetRow = (g: number): number => read.firstDataRow + g - 2;
  const headers = read.grid[0] as string[];
  let input;
  try {
    input = readAbcInput(read.grid, { customer: headers[0], value: headers[1], locale, source });
  } catch (e) {
    throw locate(e, read.grid, sheetRow, source);
  }
  const colOf = (f: (typeof optional)[number]): number | undefined => {
    const i = optional.indexOf(f);
    return i < 0 ? undefined : 2 + i;
  };
  const customerCol = 0;
  const profitCol = colOf("profit");
  const segmentCol = colOf("segment");
  const ownerCol = colOf("owner");

  const agg = aggregateByKey(input.keys, input.values);
  const summary = abcTable(agg.customers, agg.totals, { method, thresholds, nonpositive: opts.nonpositive });
  const classOf = new Map<string, AbcClass>(summary.rows.map((r) => [r.customer, r.class]));

  // Every data row without a customer is reported by kind (a row blank in all mapped columns too: it may
  // hold other data, so it is not silently ignored). Same key rule as readAbcInput (`readKeyCell`).
  const problems: RowProblem[] = [];
  const skippedRows = new Map<PlaceholderKind, number[]>();
  for (let g = 2; g <= read.grid.length; g++) {
    const key = readKeyCell(cellAt(read.grid, g - 1, customerCol));
    if (!("placeholder" in key)) continue;
    const list = skippedRows.get(key.placeholder) ?? [];
    list.push(sheetRow(g));
    skippedRows.set(key.placeholder, list);
  }
  for (const kind of PLACEHOLDER_KINDS) {
    const rows = skippedRows.get(kind);
    if (!rows) continue;
    problems.push({
      kind: kind === "empty" ? "blankCustomer" : "placeholderCustomer",
      ...(kind === "empty" ? {} : { text: kind }),
      column: headers[customerCol],
      count: rows.length,
      rows: rows.slice(0, MAX_LISTED_ROWS),
    });
  }
  for (const t of input.totalRows) {
    problems.push({ kind: "totalRow", text: t.key, column: headers[customerCol], count: 1, rows: [sheetRow(t.row)] });
  }

  const classes: ClassResult[] = CLASSES.map((cls) => ({
    cls,
    count: summary.classes[cls].count,
    value: summary.classes[cls].value,
    share: summary.total > 0 ? summary.classes[cls].value / summary.total : 0,
  }));
  const result: RunAbcResult = {
    address: read.address,
    sheet: "",
    wanted: "",
    action: "created",
    table: ABC_TABLE_NAME,
    customers: summary.customers,
    rowsRead: read.grid.length - 1,
    rowsUsed: input.keys.length,
    total: summary.total,
    classes,
    problems,
    kept: { checked: 0, inPlace: 0, overrides: 0, listed: 0 },
    renderSyncs: 0,
  };

  // The used rows' cells of an optional column, row-aligned with input.keys.
  const usedCells = (c: number): unknown[] => input.rows.map((g) => cellAt(read.grid, g - 1, c));

  if (profitCol !== undefined) {
    const perClass: Record<AbcClass, number> = { A: 0, B: 0, C: 0, D: 0 };
    const bad: number[] = [];
    let total = 0;
    usedCells(profitCol).forEach((cell, k) => {
      const x = cellNumber(cell, locale);
      if (x === null) {
        bad.push(sheetRow(input.rows[k]));
        return;
      }
      perClass[classOf.get(input.keys[k])!] += x;
      total += x;
    });
    classes.forEach((c) => (c.profit = perClass[c.cls]));
    result.profitTotal = total;
    if (bad.length)
      problems.push({
        kind: "profitNotNumber",
        column: headers[profitCol],
        count: bad.length,
        rows: bad.slice(0, MAX_LISTED_ROWS),
      });
  }

  const firstText = (c: number): Map<string, string> => {
    const out = new Map<string, string>();
    usedCells(c).forEach((cell, k) => {
      if (isBlank(cell) || isCellError(cell) || out.has(input.keys[k])) return;
      out.set(input.keys[k], cellText(cell).trim());
    });
    return out;
  };
  const aCustomers = summary.rows.filter((r) => r.class === "A").map((r) => r.customer);
  if (segmentCol !== undefined) {
    const seg = firstText(segmentCol);
    const counts = new Map<string, number>();
    for (const c of aCustomers) {
      const s = seg.get(c) ?? "";
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    result.aBySegment = [...counts]
      .map(([segment, count]) => ({ segment, count }))
      .sort((a, b) => b.count - a.count || a.segment.localeCompare(b.segment));
  }
  if (ownerCol !== undefined) {
    const owner = firstText(ownerCol);
    const without = aCustomers.filter((c) => !owner.get(c));
    result.aWithoutOwner = { count: without.length, names: without.slice(0, 5) };
  }

  const currency = resolveCurrency(opts.currency, read.numberFormats[1]) ?? undefined;
  const spec = buildAbcSheet(summary, { language: opts.language, valueLabel: headers[1], thresholds, method, currency });
  const existing = await readPlanCells(context, ABC_KINDS);
  const now = opts.now ?? new Date();
  const merged = mergeAbcSheet(spec, existing, opts.language, now, {
    format: SETTINGS_FORMAT,
    appVersion: "0.0.0",
    generatedAt: now.toISOString(),
    language: opts.language,
    source,
    mapping: { customer: mapping.customer, value: mapping.value },
    abc: { method, thresholds: [thresholds[0], thresholds[1]], nonpositive: opts.nonpositive },
    candidates: "A",
    mids: {},
    criteria: { attractiveness: [], strength: [] },
    weights: {},
    sheets: {},
  });
  result.kept = merged.kept;
  opts.onProgress?.({ phase: "write", done: 0, total: 1 });
  const rendered = await renderToExcel(context, merged.spec, {
    recognised: merged.recognised,
    onConflict: opts.onConflict,
    onProgress: (done, total) => opts.onProgress?.({ phase: "write", done, total }),
  });
  const sheet = rendered.sheets[0];
  result.sheet = sheet.name;
  result.wanted = sheet.wanted;
  result.action = sheet.action;
  result.table = rendered.renamedTables.find((t) => t.wanted === ABC_TABLE_NAME)?.name ?? ABC_TABLE_NAME;
  result.renderSyncs = rendered.syncs;
  return result;
}

const ABC_KINDS: ReadonlySet<SheetKind> = new Set<SheetKind>(["abc", "kept"]);

/**
 * The ABC step's spec with what people typed on the existing ABC sheet merged in (src/sheets/merge.ts):
 * the ABC sheet (under the name it was found by content), the Kept on refresh sheet when something had to
 * go there or it exists, and the settings sheet with the ABC sheet's fingerprints: the workbook's own
 * settings renewed when they can be read (a Select run wrote them), else `fallback` (when the workbook has
 * no settings sheet; an unreadable one is left alone). Pure.
 * @returns the spec, the renderer's `recognised` sheets, and what was kept.
 */
export function mergeAbcSheet(
  spec: SheetSpec,
  existing: PlanCells,
  language: Lang,
  now: Date,
  fallback: PlanSettings,
): { spec: WorkbookSpec; recognised: Record<string, string>; kept: KeptReport } {
  const previous = extractPreserved(existing.cells);
  const recognised = recognisedSheets(previous, existing);
  if (recognised[ABC_SHEET_ID]) spec.name = recognised[ABC_SHEET_ID];
  const merge = mergeTyped(
    previous.old.filter((o) => o.id === ABC_SHEET_ID),
    [spec],
    { language, date: now },
  );
  const sheets: SheetSpec[] = [spec];
  let keptSheet: string | undefined;
  if (previous.kept || merge.kept.length > 0) {
    keptSheet =
      recognised[KEPT_SHEET_ID] ?? sheetName(SHEET_LABELS[language]["kept.sheet"], [...userSheetNames(existing.sheets, recognised), spec.name]);
    sheets.push(buildKeptSheet(previous.kept, merge.kept, language, keptSheet));
  }
  const settingsName = existing.sheets.find((s) => s.name.toLowerCase() === SETTINGS_SHEET_NAME.toLowerCase())?.name;
  const settingsCells = settingsName ? existing.cells.get(settingsName) : undefined;
  const base = previous.settings ?? (settingsName ? undefined : fallback);
  if (base) {
    // Every other sheet keeps the fingerprints it has; the ABC sheet gets those of what is written now.
    const generated = settingsCells ? readFingerprintChunks(settingsCells) : new Map<string, string[]>();
    const defaults = settingsCells ? readFingerprintChunks(settingsCells, DEFAULTS_KEY) : new Map<string, string[]>();
    const prints: Record<string, { generated: string[]; defaults: string[] }> = {};
    for (const id of new Set([...generated.keys(), ...defaults.keys()])) {
      prints[id] = { generated: generated.get(id) ?? [], defaults: defaults.get(id) ?? [] };
    }
    const abc = sheetFingerprints("abc", spec, merge.typedCells.get(spec));
    prints[ABC_SHEET_ID] = { generated: encodeFingerprints(abc.generated), defaults: encodeFingerprints(abc.defaults) };
    const names: Record<string, string> = { ...base.sheets, [ABC_SHEET_ID]: spec.name };
    if (keptSheet) names[KEPT_SHEET_ID] = keptSheet;
    sheets.push(buildSettingsSheet({ ...base, sheets: names }, base.language, prints));
  }
  const { checked, inPlace, overrides, listed } = merge.counts;
  return { spec: { sheets }, recognised, kept: { checked, inPlace, overrides, listed, sheet: keptSheet } };
}

/** A KamError from readAbcInput with its grid row turned into the sheet row, and the cell attached. */
export function locate(e: unknown, grid: unknown[][], sheetRow: (g: number) => number, source: string): unknown {
  if (!isKamError(e)) return e;
  const { row, column } = e.place;
  if (row === undefined) return e;
  const c = column === undefined ? -1 : findHeader(grid[0] as string[], column);
  const cell = c >= 0 ? cellAt(grid, row - 1, c) : undefined;
  const place = { ...e.place, row: sheetRow(row), source };
  // The message names the sheet row, not the grid's.
  const values = e.values.row === undefined ? e.values : { ...e.values, row: String(place.row) };
  return new CellProblem(new KamError(e.code, e.key, values, place), cell);
}
