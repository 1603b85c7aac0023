/**
 * Office.js renderer: writes a WorkbookSpec into the open workbook through the Excel JavaScript API.
 * The ExcelJS renderer (`xlsx.ts`) interprets the same spec for files; escaping and sheet-name rules come
 * from `cells.ts` for both.
 *
 * Why it is built the way it is (DESIGN §2 rules 4–8):
 * - Every `context.sync()` is a round trip to Excel (over the network in Excel on the web), so the number
 *   of syncs must not grow with rows: 2 syncs read what exists (sheet names and tables, then tags, charts
 *   and where the tables are), then all writes are queued and flushed in as few syncs as the 5 MB request
 *   limit of Excel on the web allows. Writes are packed by payload bytes (≤ 4 MB a sync, leaving room for
 *   Office.js's own envelope), so the write syncs grow only with data *size* above that, never with the
 *   row count of small sheets. The caller owns `Excel.run` (one per user action).
 * - Each range write holds at most 5,000 rows (and about 1 MB): big single writes time out or hit
 *   Excel's per-request limits.
 * - Calculation is suspended until the next sync of each write batch, so Excel doesn't recalculate after
 *   each block; screen updating is suspended once per run (the reference: calling it repeatedly makes
 *   the window flicker).
 * - Excel's size limits (cell text, formula length, validation texts) are checked before anything is
 *   read or written (`checkSpecLimits`), so an over-long customer name stops the run with a message
 *   naming the cell instead of failing half-way.
 * - Values go first, then the tables (created, or kept and moved into place), then every formula (cells
 *   and table columns), then number formats and merged ranges, validations, conditional formats, widths,
 *   frozen panes, the page setup (A4, orientation, fit to width, print area, repeated rows) and charts.
 *   Formulas follow the tables because Excel resolves `tblABC[Class]` when the formula is entered; a
 *   table whose name was taken ("tblABC_2") or that a person renamed is named so in every formula
 *   (`followTableNames`).
 * - Every user string goes through `excelLiteral()`: "=HYPERLINK(…)", "+47 22 00 00 00", "-10% rabatt" or
 *   "@home AS" would otherwise become formulas or numbers. Numbers and booleans are written as they are;
 *   null becomes "" (an empty cell). Sheet names go through `sheetName()`.
 *
 * Refreshing a sheet the add-in made (issue 9 part 5). The renderer remembers NO addresses: Excel does
 * not move an address stored in a property when a person inserts rows, so a refresh that cleared stored
 * regions cleared whatever had moved there. Instead the caller hands over a COMPLETE spec: it has read
 * the sheet's values and formulas and merged every typed value into the spec (owner "user" blocks) or
 * onto the Kept on refresh sheet (src/sheets/merge.ts, the same step as the CLI's). So a refreshed sheet
 * is cleared — cells (values, formats), merges, validations, conditional formats, the add-in's charts
 * (named `kam:<sheet id>:<n>`) — and the whole spec is written. Which existing sheet is which spec sheet
 * is the caller's finding by content (`RenderOptions.recognised`); without it (a caller that merged
 * nothing) the `kam.id` tag decides. A sheet with the wanted name that the add-in did not make is never
 * overwritten without consent: `onConflict` decides, and the default is to write under a free name.
 *
 * The add-in's tables are KEPT across a refresh, not deleted and added again: a person's formula on
 * another sheet that names tblABC would otherwise turn into #REF!. The table (found by its name, or by
 * its header labels when a person renamed it) is moved and resized into its new place by inserting and
 * deleting cells in a band exactly as wide (or tall) as the table (ExcelApi 1.1; `Table.resize` needs
 * ExcelApi 1.13, above the manifest's 1.12). The sheet is cleared first, so nothing of the sheet is lost
 * by the shifting. When another table on the sheet lies in such a band (Excel would refuse to tear it),
 * the add-in's table is deleted and added again instead.
 */
import { KamError } from "../core/errors";
import type {
  Block,
  CellValue,
  ChartAxisSpec,
  ChartSeriesSpec,
  ChartSpec,
  HorizontalAlign,
  SheetSpec,
  TableSpec,
  ValidationSpec,
  WorkbookSpec,
} from "../plan/spec";
import { a1, columnLetter, sheetName, sheetRef } from "../sheets/kit/address";
import { labelIndex } from "../sheets/kit/labels";
import { checkSpecLimits } from "../sheets/kit/limits";
import { headerFooterCodes } from "../sheets/kit/print";
import { excelLiteral } from "./cells";
// Issue 14: orgchart
import { addShapes, glueLine, isOurShapeName } from "./officeShapes";

export type ConflictChoice = "rename" | "overwrite" | "cancel";

export interface RenderOptions {
  /**
   * A sheet named like a spec sheet exists and was not created by the add-in. "rename" writes under a
   * free name (the default), "overwrite" clears that sheet and takes it over, "cancel" skips the spec sheet.
   */
  onConflict?: (sheetName: string) => ConflictChoice | Promise<ConflictChoice>;
  /** Called with the number of write batches synced so far and their total. */
  onProgress?: (done: number, total: number) => void;
  /** Activate the first visible rendered sheet at the end (default true). */
  activate?: boolean;
  /** Payload budget of one write sync in bytes (default 4,000,000; Excel on the web rejects > 5 MB). */
  maxSyncBytes?: number;
  /**
   * Spec sheet id → name of the existing sheet the caller recognised BY CONTENT as that sheet and whose
   * cells it merged into the spec (src/plan/preserve.ts `extractPreserved`: a sheet copied in from a
   * file has no tag and is still found). Those sheets are refreshed in place (cleared and written whole)
   * and tagged. When given, tags no longer decide: a tagged sheet the caller did not recognise is treated
   * as any other sheet, since what it holds was not merged. Without it, the `kam.id` tag decides.
   */
  recognised?: Readonly<Record<string, string>>;
}

export type SheetAction = "created" | "renamed" | "updated" | "overwritten" | "skipped";

export interface RenderedSheet {
  /** Spec sheet id. */
  id: string;
  /** The sanitised name the spec asked for. */
  wanted: string;
  /** The sheet's name after rendering ("" when skipped). */
  name: string;
  action: SheetAction;
}

export interface RenderResult {
  /** One entry per spec sheet, in spec order. */
  sheets: RenderedSheet[];
  /** Sheets written under another name than wanted because a sheet of that name existed. */
  renamed: { id: string; wanted: string; name: string }[];
  /** Spec sheets not written (the user chose "cancel"). */
  skipped: { id: string; wanted: string }[];
  /**
   * Tables whose name is not the wanted one: the wanted name was taken elsewhere in the workbook
   * ("tblABC_2"), or a person renamed the add-in's table, which keeps that name.
   */
  renamedTables: { wanted: string; name: string }[];
  /** The add-in's tables kept across this refresh (moved and resized in place), and those added again. */
  tablesKept: number;
  /** `context.sync()` calls made by the renderer. */
  syncs: number;
}

/** Worksheet custom property holding the spec sheet id of a sheet the add-in created. */
export const TAG_KEY = "kam.id";
/**
 * Worksheet custom property in which earlier versions stored generated regions as A1 addresses. No longer
 * written or used; removed from a sheet when it is refreshed.
 */
const LEGACY_MANIFEST_KEY = "kam.generated";
/** Most rows in one range write. */
export const MAX_BLOCK_ROWS = 5_000;
/** Default payload budget of one sync. */
export const SYNC_BUDGET_BYTES = 4_000_000;
/** Target size of one range write. */
const CHUNK_BYTES = 1_000_000;
/** Allowance for the arguments of a small operation (property set, method call). */
const SMALL_OP_BYTES = 256;

/** A rectangle of cells, 0-based; `rows` and `cols` count every row and column (a table's header included). */
interface Box {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

/** A table found in the workbook. */
interface ExistingTable {
  name: string;
  sheet: string;
  box: Box;
  headers: unknown[];
}

interface Existing {
  ws: Excel.Worksheet;
  name: string;
  visibility: string;
  tag?: string;
  /** The sheet still carries the address property of an earlier version. */
  legacyManifest: boolean;
  tables: ExistingTable[];
  charts: string[];
  // Issue 14: orgchart
  /** Names of the sheet's shapes (ours start with SHAPE_PREFIX). */
  shapes: string[];
}

type Mode = "create" | "update" | "overwrite";

interface Target {
  spec: SheetSpec;
  mode: Mode;
  name: string;
  existing?: Existing;
  /** The worksheet proxy; for new sheets set by the step that adds it. */
  ws?: Excel.Worksheet;
  /** The name each spec table has after rendering. */
  tableNames: Map<TableSpec, string>;
  /** Spec tables for which the add-in's existing table is kept, moved and resized (see `tableMoves`). */
  kept: Map<TableSpec, { table: ExistingTable; moves: CellShift[] }>;
  /** Existing tables this render deletes (on an overwritten sheet: all; else the add-in's not kept). */
  dropped: ExistingTable[];
}

interface Step {
  bytes: number;
  run: () => void;
}

/**
 * Render `spec` into the workbook of `context`.
 * @param context  the RequestContext of the caller's `Excel.run` (one per user action).
 * @param spec     sheets to write; see `src/plan/spec.ts`. For a sheet being refreshed, the complete
 *                 contents: the sheet is cleared and written whole.
 * @param opts     conflict policy, progress callback, the sheets the caller recognised.
 * @returns final sheet names and what was renamed/skipped/kept.
 * @throws KamError("argument" | "shape" | "number") for a spec Excel cannot hold (ragged block, list
 *         validation items with commas, non-finite numbers, texts and formulas over Excel's limits — see
 *         `checkSpecLimits`, which runs before anything is read or written); Office.js errors pass through.
 */
export async function renderToExcel(
  context: Excel.RequestContext,
  spec: WorkbookSpec,
  opts: RenderOptions = {},
): Promise<RenderResult> {
  checkSpecLimits(spec); // before anything is read or written
  let syncs = 0;
  const sync = async (): Promise<void> => {
    syncs++;
    await context.sync();
  };
  const wb = context.workbook;

  // Sync 1: which sheets and tables exist.
  const sheets = wb.worksheets.load("items/name,items/visibility");
  const tables = wb.tables.load("items/name");
  await sync();

  // Sync 2: tags and charts of every sheet, where every table is and its headers (a handful of small reads).
  const probes = sheets.items.map((ws) => ({
    ws,
    tag: ws.customProperties.getItemOrNullObject(TAG_KEY).load("value"),
    legacy: ws.customProperties.getItemOrNullObject(LEGACY_MANIFEST_KEY).load("key"),
    charts: ws.charts.load("items/name"),
    // Issue 14: orgchart
    shapes: ws.shapes.load("items/name"),
  }));
  const tableProbes = tables.items.map((t) => ({
    t,
    ws: t.worksheet.load("name"),
    range: t.getRange().load("rowIndex,columnIndex,rowCount,columnCount"),
    header: t.getHeaderRowRange().load("values"),
  }));
  await sync();
  const allTables: ExistingTable[] = tableProbes.map((p) => ({
    name: p.t.name,
    sheet: p.ws.name,
    box: { r0: p.range.rowIndex, c0: p.range.columnIndex, rows: p.range.rowCount, cols: p.range.columnCount },
    headers: p.header.values[0] ?? [],
  }));
  const existing: Existing[] = probes.map((p) => ({
    ws: p.ws,
    name: p.ws.name,
    visibility: p.ws.visibility,
    tag: p.tag.isNullObject ? undefined : p.tag.value,
    legacyManifest: !p.legacy.isNullObject,
    tables: allTables.filter((t) => t.sheet === p.ws.name),
    charts: p.charts.items.map((c) => c.name),
    shapes: p.shapes.items.map((x) => x.name),
  }));

  const result: RenderResult = { sheets: [], renamed: [], skipped: [], renamedTables: [], tablesKept: 0, syncs: 0 };
  const targets = await chooseTargets(spec, existing, opts, result);
  for (const t of targets) planTables(t);
  nameTables(targets, allTables.map((t) => t.name), result);

  // Writes, packed into syncs by payload size.
  const steps = planSteps(context, targets, opts);
  const batches = pack(steps, opts.maxSyncBytes ?? SYNC_BUDGET_BYTES);
  opts.onProgress?.(0, batches.length);
  // Screen updating is suspended once per run: the reference says not to call it repeatedly (the window
  // flickers). Calculation is suspended for every write batch, so Excel recalculates once per batch.
  if (batches.length) context.application.suspendScreenUpdatingUntilNextSync();
  for (let i = 0; i < batches.length; i++) {
    context.application.suspendApiCalculationUntilNextSync();
    for (const step of batches[i]) step.run();
    await sync();
    opts.onProgress?.(i + 1, batches.length);
  }
  result.syncs = syncs;
  return result;
}

// ------------------------------------------------------------------------------------------------
// Which sheet each spec sheet goes to
// ------------------------------------------------------------------------------------------------

const lower = (s: string): string => s.toLocaleLowerCase();

async function chooseTargets(spec: WorkbookSpec, existing: Existing[], opts: RenderOptions, result: RenderResult): Promise<Target[]> {
  const taken = existing.map((e) => e.name);
  const claimed = new Set<Existing>();
  const created = new Set<string>();
  const targets: Target[] = [];
  const recognised = opts.recognised;
  // With the caller's findings, only the sheets it recognised are the add-in's.
  const ours = (e: Existing): boolean =>
    recognised ? Object.values(recognised).some((n) => lower(n) === lower(e.name)) : e.tag !== undefined;
  for (const s of spec.sheets) {
    const wanted = sheetName(s.name);
    const base = { spec: s, tableNames: new Map<TableSpec, string>(), kept: new Map(), dropped: [] };
    let own: Existing | undefined;
    if (recognised) {
      const name = recognised[s.id];
      own = name === undefined ? undefined : existing.find((e) => lower(e.name) === lower(name) && !claimed.has(e));
    } else {
      const tagged = existing.filter((e) => e.tag === s.id && !claimed.has(e));
      // A copied sheet carries the same tag: prefer the one that still has the wanted name.
      own = tagged.find((e) => lower(e.name) === lower(wanted)) ?? tagged[0];
    }
    if (own) {
      claimed.add(own);
      targets.push({ ...base, mode: "update", name: own.name, existing: own });
      result.sheets.push({ id: s.id, wanted, name: own.name, action: "updated" });
      continue;
    }
    const clash = existing.find((e) => lower(e.name) === lower(wanted));
    let choice: ConflictChoice = "rename";
    if (!clash && !created.has(lower(wanted))) {
      choice = "overwrite"; // nothing to overwrite: plain create under the wanted name
    } else if (clash && !ours(clash) && !claimed.has(clash)) {
      choice = (await opts.onConflict?.(clash.name)) ?? "rename";
    }
    if (choice === "cancel") {
      result.sheets.push({ id: s.id, wanted, name: "", action: "skipped" });
      result.skipped.push({ id: s.id, wanted });
      continue;
    }
    if (choice === "overwrite" && clash && !claimed.has(clash)) {
      claimed.add(clash);
      targets.push({ ...base, mode: "overwrite", name: clash.name, existing: clash });
      result.sheets.push({ id: s.id, wanted, name: clash.name, action: "overwritten" });
      continue;
    }
    const name = choice === "overwrite" ? wanted : sheetName(s.name, taken);
    taken.push(name);
    created.add(lower(name));
    targets.push({ ...base, mode: "create", name });
    const renamed = name !== wanted;
    result.sheets.push({ id: s.id, wanted, name, action: renamed ? "renamed" : "created" });
    if (renamed) result.renamed.push({ id: s.id, wanted, name });
  }
  return targets;
}

/**
 * A valid table name close to `wanted`, unique (case-insensitively) among `taken`: letters, digits,
 * "_" and "." only, starting with a letter or "_", not a cell reference; "_2", "_3" … on clashes.
 * Table names are workbook-wide in Excel, so a user's "tblABC" on another sheet must not be touched.
 */
export function tableName(wanted: string, taken: Iterable<string>): string {
  let base = wanted.replace(/[^\p{L}\p{N}_.]/gu, "_").slice(0, 250);
  if (!/^[\p{L}_]/u.test(base) || /^[A-Za-z]{1,3}[0-9]+$/.test(base) || /^[RrCc]$|^[Rr][0-9]*[Cc][0-9]*$/.test(base)) base = "_" + base;
  const used = new Set(Array.from(taken, (t) => t.toUpperCase()));
  if (!used.has(base.toUpperCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`.toUpperCase())) return `${base}_${i}`;
}

const ALL_LABELS = labelIndex([""]);

/** Two header cells name the same column: the same text, or the same label in either language. */
function sameHeader(a: unknown, b: unknown): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  if (a.trim().toLowerCase() === b.trim().toLowerCase()) return true;
  const k = ALL_LABELS.keyOf(a);
  return k !== undefined && k === ALL_LABELS.keyOf(b);
}

/**
 * The existing table that is the add-in's `spec` table on a refreshed sheet: named as the add-in names it
 * ("tblABC", "tblABC_2"), else the one whose header row shows most of the spec's headers (in either
 * language: a person renamed the table, or the sheet language changed).
 */
function findOwnTable(spec: TableSpec, tables: readonly ExistingTable[]): ExistingTable | undefined {
  const base = spec.name.toUpperCase();
  const named = tables.find((t) => t.name.toUpperCase() === base || new RegExp(`^${base.replace(/\./g, "\\.")}_[0-9]+$`).test(t.name.toUpperCase()));
  if (named) return named;
  const score = (t: ExistingTable): number => spec.headers.filter((h) => t.headers.some((x) => sameHeader(x, h))).length;
  const best = [...tables].sort((a, b) => score(b) - score(a))[0];
  return best && score(best) * 2 >= spec.headers.length && score(best) > 0 ? best : undefined;
}

/** One Range.insert / Range.delete on the sheet (0-based box, shift direction). */
interface CellShift {
  op: "insert" | "delete";
  box: Box;
  shift: "Down" | "Right" | "Up" | "Left";
}

const overlaps = (a0: number, a1: number, b0: number, b1: number): boolean => a0 <= b1 && b0 <= a1;

function boxesOverlap(a: Box, b: Box): boolean {
  return overlaps(a.r0, a.r0 + a.rows - 1, b.r0, b.r0 + b.rows - 1) && overlaps(a.c0, a.c0 + a.cols - 1, b.c0, b.c0 + b.cols - 1);
}

/**
 * The cell shifts that move and resize a table from `from` to `to` (boxes with the header row), each on a
 * band exactly as tall (horizontal moves) or as wide (vertical moves) as the table, so Excel moves the
 * whole table and grows or shrinks it from the inside (inserting at a body row or an inner column grows a
 * table; inserting at its header row or first column moves it). Undefined when it cannot be done that
 * way: a table one column wide that must grow, or another table in one of the bands.
 */
function tableMoves(from: Box, to: Box, others: readonly Box[]): CellShift[] | undefined {
  const moves: CellShift[] = [];
  const rows = from.rows;
  let { r0, c0, cols } = from;
  const rowBand = (): [number, number] => [r0, r0 + rows - 1];
  const colBand = (): [number, number] => [c0, c0 + cols - 1];
  const clearOfOthers = (axis: "rows" | "cols", band: [number, number]): boolean =>
    others.every((o) => (axis === "rows" ? !overlaps(o.r0, o.r0 + o.rows - 1, ...band) : !overlaps(o.c0, o.c0 + o.cols - 1, ...band)));
  // Columns: move left or right, then grow or shrink at the right.
  if (c0 !== to.c0 || cols !== to.cols) {
    if (!clearOfOthers("rows", rowBand())) return undefined;
    if (c0 > to.c0) moves.push({ op: "delete", box: { r0, c0: to.c0, rows, cols: c0 - to.c0 }, shift: "Left" });
    if (c0 < to.c0) moves.push({ op: "insert", box: { r0, c0, rows, cols: to.c0 - c0 }, shift: "Right" });
    c0 = to.c0;
    if (cols < to.cols) {
      if (cols < 2) return undefined;
      moves.push({ op: "insert", box: { r0, c0: c0 + cols - 1, rows, cols: to.cols - cols }, shift: "Right" });
    }
    if (cols > to.cols) moves.push({ op: "delete", box: { r0, c0: c0 + to.cols, rows, cols: cols - to.cols }, shift: "Left" });
    cols = to.cols;
  }
  // Rows: move up or down, then grow or shrink the body.
  if (r0 !== to.r0 || rows !== to.rows) {
    if (!clearOfOthers("cols", colBand())) return undefined;
    if (r0 > to.r0) moves.push({ op: "delete", box: { r0: to.r0, c0, rows: r0 - to.r0, cols }, shift: "Up" });
    if (r0 < to.r0) moves.push({ op: "insert", box: { r0, c0, rows: to.r0 - r0, cols }, shift: "Down" });
    r0 = to.r0;
    if (rows < to.rows) moves.push({ op: "insert", box: { r0: r0 + 1, c0, rows: to.rows - rows, cols }, shift: "Down" });
    if (rows > to.rows) moves.push({ op: "delete", box: { r0: r0 + to.rows, c0, rows: rows - to.rows, cols }, shift: "Up" });
  }
  return moves;
}

/** The box a spec table occupies once written (Excel keeps one empty data row in an empty table). */
function specBox(tb: TableSpec): Box {
  return { r0: tb.row, c0: tb.col, rows: 1 + Math.max(tb.rows.length, 1), cols: tb.headers.length };
}

/**
 * Which existing tables a target keeps (moved into place) and which it deletes: on an overwritten sheet
 * every table goes; on a refreshed one the add-in's tables are kept when they can be moved, else deleted
 * and added again; a person's own tables on the sheet are left (their cells are cleared and written back
 * from the merged spec like every other cell).
 */
function planTables(t: Target): void {
  const e = t.existing;
  if (!e || t.mode === "create") return;
  if (t.mode === "overwrite") {
    t.dropped.push(...e.tables);
    return;
  }
  const free = [...e.tables];
  for (const tb of t.spec.tables) {
    if (tb.headers.length === 0) continue;
    const own = findOwnTable(tb, free);
    if (!own) continue;
    free.splice(free.indexOf(own), 1);
    const others = e.tables.filter((x) => x !== own).map((x) => x.box);
    const moves = tableMoves(own.box, specBox(tb), others);
    if (moves) t.kept.set(tb, { table: own, moves });
    else t.dropped.push(own);
  }
}

function nameTables(targets: Target[], workbookTables: string[], result: RenderResult): void {
  // Tables this render deletes free their names; kept tables keep theirs.
  const freed = new Set<string>();
  for (const t of targets) for (const x of t.dropped) freed.add(x.name.toUpperCase());
  const taken = workbookTables.filter((n) => !freed.has(n.toUpperCase()));
  for (const t of targets) {
    for (const spec of t.spec.tables) {
      const kept = t.kept.get(spec);
      const name = kept ? kept.table.name : tableName(spec.name, taken);
      if (!kept) taken.push(name);
      else result.tablesKept++;
      t.tableNames.set(spec, name);
      if (name !== spec.name) result.renamedTables.push({ wanted: spec.name, name });
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Cell input, shapes, payload sizes
// ------------------------------------------------------------------------------------------------

/** A spec cell as `range.values` input: user strings literal, null empty, numbers checked. */
function cellInput(v: CellValue | undefined, where: string): string | number | boolean {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return excelLiteral(v);
  if (typeof v === "number" && !Number.isFinite(v)) throw new KamError("number", "render.cellNotFinite", { value: String(v) }, { source: where });
  return v;
}

function blockHeight(b: Block): number {
  return b.values.length;
}

function blockWidth(b: Block): number {
  return b.values[0]?.length ?? 0;
}

/** UTF-8 length of a string (what the request payload is measured in). */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

type Grid = (string | number | boolean | null)[][];

/**
 * Split a grid written at (row, col) into range writes of ≤ 5,000 rows and ≈ ≤ 1 MB each; each becomes
 * one step whose size is the JSON of its array (what goes over the wire).
 */
function gridSteps(ws: () => Excel.Worksheet, row: number, col: number, grid: Grid, write: (r: Excel.Range, chunk: Grid) => void): Step[] {
  const steps: Step[] = [];
  const width = grid[0]?.length ?? 0;
  if (grid.length === 0 || width === 0) return steps;
  for (let start = 0; start < grid.length; ) {
    let end = start;
    let bytes = 2;
    while (end < grid.length && end - start < MAX_BLOCK_ROWS) {
      const b = utf8Length(JSON.stringify(grid[end])) + 1;
      if (end > start && bytes + b > CHUNK_BYTES) break;
      bytes += b;
      end++;
    }
    const chunk = grid.slice(start, end);
    const at = start;
    steps.push({ bytes: bytes + SMALL_OP_BYTES, run: () => write(ws().getRangeByIndexes(row + at, col, chunk.length, width), chunk) });
    start = end;
  }
  return steps;
}

function small(run: () => void): Step {
  return { bytes: SMALL_OP_BYTES, run };
}

/** Greedy packing of steps (in order) into syncs of at most `budget` bytes. */
function pack(steps: Step[], budget: number): Step[][] {
  const batches: Step[][] = [];
  let cur: Step[] = [];
  let size = 0;
  for (const s of steps) {
    if (cur.length && size + s.bytes > budget) {
      batches.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(s);
    size += s.bytes;
  }
  if (cur.length) batches.push(cur);
  return batches;
}

// ------------------------------------------------------------------------------------------------
// The write plan
// ------------------------------------------------------------------------------------------------

function blockGrid(b: Block, where: string, follow: (f: string) => string): { grid: Grid; hasFormula: boolean } {
  const width = blockWidth(b);
  let hasFormula = false;
  const grid = b.values.map((line, i) => {
    if (line.length !== width) throw new KamError("shape", "render.blockRow", { row: String(i + 1), count: line.length, width }, { source: where });
    return line.map((v, j) => {
      const f = b.formulas?.[i]?.[j];
      if (f) {
        if (!f.startsWith("=")) throw new KamError("argument", "render.formulaEq", { formula: f }, { source: where });
        hasFormula = true;
        return follow(f);
      }
      return cellInput(v, where);
    });
  });
  return { grid, hasFormula };
}

function tableGrid(t: TableSpec, where: string): Grid {
  const width = t.headers.length;
  const header = t.headers.map((h) => cellInput(h, where));
  const body = t.rows.map((line, i) => {
    if (line.length > width) throw new KamError("shape", "render.tableRow", { row: String(i + 1), count: line.length, width }, { source: where });
    return Array.from({ length: width }, (_, j) => cellInput(line[j], where));
  });
  return [header, ...body];
}

/** Rows × 1 grid of one repeated string (number formats, column formulas). */
function columnOf(value: string, n: number): Grid {
  return Array.from({ length: n }, () => [value]);
}

/** Spec width in characters → Office.js points (≈ 7 px per character + 5 px padding; 0.75 pt per px). */
export function charactersToPoints(chars: number): number {
  return Math.round(chars * 7 + 5) * 0.75;
}

function validationRule(v: ValidationSpec, follow: (formula: string) => string): Excel.DataValidationRule {
  if (v.kind === "list") {
    // Items and length were checked by checkSpecLimits before anything was read or written.
    const source = v.listFormula !== undefined ? follow(v.listFormula) : (v.list ?? []).join(",");
    return { list: { inCellDropDown: true, source } };
  }
  const basic: Excel.BasicDataValidation =
    v.min !== undefined && v.max !== undefined
      ? { operator: "Between", formula1: v.min, formula2: v.max }
      : v.min !== undefined
        ? { operator: "GreaterThanOrEqualTo", formula1: v.min }
        : v.max !== undefined
          ? { operator: "LessThanOrEqualTo", formula1: v.max }
          : { operator: "GreaterThanOrEqualTo", formula1: v.kind === "wholeNumber" ? -2_147_483_648 : -9.99e307 };
  return v.kind === "wholeNumber" ? { wholeNumber: basic } : { decimal: basic };
}

/** Office.js chart type per series type; a bubble series is drawn as a scatter (see ChartSeriesSpec). */
const SERIES_TYPE: Record<ChartSeriesSpec["type"], string> = {
  column: "ColumnClustered",
  line: "Line",
  scatter: "XYScatter",
  bubble: "XYScatter",
  barStacked: "BarStacked",
};

/** Excel chart type of a series: a scatter series' markers and lines choose among the XY types. */
function seriesType(s: ChartSeriesSpec): string {
  if (s.type !== "scatter") return SERIES_TYPE[s.type];
  const markers = s.markers !== false;
  const lines = s.lines === true;
  return lines ? (markers ? "XYScatterLines" : "XYScatterLinesNoMarkers") : "XYScatter";
}

/** Most points labelled from cells; beyond that labels are left out (unreadable, and one operation each). */
export const MAX_POINT_LABELS = 500;

/**
 * One data-label formula per cell of a one-column or one-row A1 range ("A10:A40" → "='Portfolio'!$A$10" …),
 * at most MAX_POINT_LABELS; none for a bigger or a malformed range.
 */
function labelCells(range: string, sheet: string): string[] {
  const m = /^\$?([A-Z]+)\$?([0-9]+)(?::\$?([A-Z]+)\$?([0-9]+))?$/.exec(range.trim());
  if (!m) return [];
  const colOf = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const c0 = colOf(m[1]);
  const r0 = Number(m[2]) - 1;
  const c1 = m[3] ? colOf(m[3]) : c0;
  const r1 = m[4] ? Number(m[4]) - 1 : r0;
  if (c0 !== c1 && r0 !== r1) return [];
  const n = Math.max(r1 - r0, c1 - c0) + 1;
  if (n > MAX_POINT_LABELS) return [];
  const ref = sheetRef(sheet);
  return Array.from({ length: n }, (_, i) => {
    const r = r0 === r1 ? r0 : r0 + i;
    const c = c0 === c1 ? c0 : c0 + i;
    return `=${ref}!$${columnLetter(c)}$${r + 1}`;
  });
}

function chartName(t: Target, i: number): string {
  return `kam:${t.spec.id}:${i + 1}`;
}

/**
 * The tables whose wanted name was taken (a user's "tblABC" elsewhere), upper-case wanted name → the
 * name the new table gets ("tblABC_2"). Workbook-wide: table names are, and any spec sheet may name them.
 */
function tableRenames(targets: Target[]): Map<string, string> {
  const renamed = new Map<string, string>();
  for (const t of targets) {
    for (const [spec, name] of t.tableNames) if (name !== spec.name) renamed.set(spec.name.toUpperCase(), name);
  }
  return renamed;
}

/**
 * `formula` with every table of `renamed` (upper-case wanted name → real name) called by its real name:
 * structured references (`tblABC[Class]` → `tblABC_2[Class]`) and bare table references
 * (`ROWS(tblABC)`). String literals, quoted sheet names and the inside of brackets (column names) are
 * left alone, and so are functions (`NAME(`) and sheet prefixes (`Name!`). The one place where the
 * renderer makes formulas follow a renamed table.
 */
export function followTableNames(formula: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0) return formula;
  let out = "";
  for (let i = 0; i < formula.length; ) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === ch && formula[j + 1] !== ch)) j += formula[j] === ch ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "[") {
      let j = i;
      for (let depth = 0; j < formula.length; j++) {
        if (formula[j] === "'") j++;
        else if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const word = /^[\p{L}_\\][\p{L}\p{N}_.\\]*/u.exec(formula.slice(i));
    if (word && (i === 0 || !/[\p{L}\p{N}_.\\$]/u.test(formula[i - 1]))) {
      const next = formula[i + word[0].length];
      const real = renamed.get(word[0].toUpperCase());
      out += real !== undefined && next !== "(" && next !== "!" ? real : word[0];
      i += word[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * Every write of the render, in the order Excel needs: structure (sheets; on a refresh the sheet cleared
 * and the kept tables moved into place) → plain values and table cells → tables (created) → formulas →
 * blocks that lie over earlier ones, again (so the later block wins) → formats → the rest. Formulas come
 * after the tables because Excel resolves a structured reference when the formula is entered: one
 * written before its table exists is refused (or kept as #REF!) and is not reconnected when the table
 * appears.
 */
function planSteps(context: Excel.RequestContext, targets: Target[], opts: RenderOptions): Step[] {
  const structure: Step[] = [];
  const values: Step[] = [];
  const formats: Step[] = [];
  const tables: Step[] = [];
  const formulas: Step[] = [];
  const overlays: Step[] = [];
  const rest: Step[] = [];
  const renamed = tableRenames(targets);
  const follow = (f: string): string => followTableNames(f, renamed);

  for (const t of targets) {
    const s = t.spec;
    const where = t.name;
    const ws = (): Excel.Worksheet => t.ws!;

    // Structure: create / tag; on an existing sheet, clear it and move the kept tables into place.
    if (t.mode === "create") {
      structure.push(small(() => {
        t.ws = context.workbook.worksheets.add(t.name);
        t.ws.customProperties.add(TAG_KEY, s.id);
      }));
    } else {
      const e = t.existing!;
      t.ws = e.ws;
      const charts = t.mode === "overwrite" ? e.charts : e.charts.filter((n) => n.startsWith(`kam:${s.id}:`));
      // Issue 14: orgchart: only the add-in's shapes go; a shape a person drew stays.
      const shapes = e.shapes.filter(isOurShapeName);
      structure.push(small(() => {
        const w = e.ws;
        for (const n of charts) w.charts.getItem(n).delete();
        for (const n of shapes) w.shapes.getItem(n).delete();
        for (const x of t.dropped) w.tables.getItem(x.name).delete();
        const all = w.getRange();
        all.unmerge();
        all.dataValidation.clear();
        all.conditionalFormats.clearAll();
        all.clear("All");
        w.freezePanes.unfreeze();
        w.customProperties.add(TAG_KEY, s.id);
        if (e.legacyManifest) w.customProperties.getItem(LEGACY_MANIFEST_KEY).delete();
      }));
      for (const { moves } of t.kept.values()) {
        for (const m of moves) {
          structure.push(small(() => {
            const r = e.ws.getRangeByIndexes(m.box.r0, m.box.c0, m.box.rows, m.box.cols);
            if (m.op === "insert") r.insert(m.shift as Excel.InsertShiftDirection);
            else r.delete(m.shift as Excel.DeleteShiftDirection);
          }));
        }
      }
    }

    // Values: blocks, then table header + body (the table is created over them afterwards). A block that
    // lies over an earlier block or a table (a value the merge put over a generated cell: an override, a
    // value typed in a list) is written once more after every formula, so it wins as in the spec, where a
    // later block wins (src/sheets/kit/grid.ts `specGrid`), whatever the phases' order.
    const laid: Box[] = s.tables.map(specBox);
    for (const b of s.blocks) {
      if (blockHeight(b) === 0 || blockWidth(b) === 0) continue;
      const { grid, hasFormula } = blockGrid(b, where, follow);
      const box = { r0: b.row, c0: b.col, rows: blockHeight(b), cols: blockWidth(b) };
      const write = (r: Excel.Range, chunk: Grid): void => {
        if (hasFormula) r.formulas = chunk;
        else r.values = chunk;
      };
      (hasFormula ? formulas : values).push(...gridSteps(ws, b.row, b.col, grid, write));
      if (laid.some((x) => boxesOverlap(x, box))) overlays.push(...gridSteps(ws, b.row, b.col, grid, write));
      laid.push(box);
      const h = blockHeight(b);
      const w = blockWidth(b);
      b.numberFormats?.forEach((nf, j) => {
        if (nf) formats.push(...gridSteps(ws, b.row, b.col + j, columnOf(nf, h), (r, chunk) => (r.numberFormat = chunk)));
      });
      if (b.bold) formats.push(small(() => (ws().getRangeByIndexes(b.row, b.col, h, w).format.font.bold = true)));
      if (b.italic) formats.push(small(() => (ws().getRangeByIndexes(b.row, b.col, h, w).format.font.italic = true)));
      if (b.fill) {
        const color = b.fill;
        formats.push(small(() => (ws().getRangeByIndexes(b.row, b.col, h, w).format.fill.color = color)));
      }
      if (b.wrap) {
        formats.push(small(() => {
          const f = ws().getRangeByIndexes(b.row, b.col, h, w).format;
          f.wrapText = true;
          f.verticalAlignment = "Top";
        }));
      }
      b.align?.forEach((align, j) => {
        if (align) formats.push(small(() => (ws().getRangeByIndexes(b.row, b.col + j, h, 1).format.horizontalAlignment = HALIGN[align])));
      });
    }
    for (const tb of s.tables) {
      const grid = tableGrid(tb, where);
      const width = tb.headers.length;
      if (width === 0) continue;
      const bodyRows = Math.max(tb.rows.length, 1); // Excel keeps one (empty) data row in an empty table
      values.push(...gridSteps(ws, tb.row, tb.col, grid, (r, chunk) => (r.values = chunk)));
      const name = t.tableNames.get(tb)!;
      // A kept table is already in place (structure steps); a new one is added over its cells.
      if (!t.kept.has(tb)) {
        tables.push(small(() => {
          const table = ws().tables.add(ws().getRangeByIndexes(tb.row, tb.col, 1 + bodyRows, width), true);
          table.name = name;
          table.style = tb.style ?? "TableStyleMedium2";
        }));
      }
      tb.columnFormulas?.forEach((f, j) => {
        if (!f || tb.rows.length === 0) return;
        if (!f.startsWith("=")) throw new KamError("argument", "render.columnFormulaEq", { formula: f }, { source: where });
        formulas.push(...gridSteps(ws, tb.row + 1, tb.col + j, columnOf(follow(f), tb.rows.length), (r, chunk) => (r.formulas = chunk)));
      });
      tb.headerAlign?.forEach((align, j) => {
        if (align) formats.push(small(() => (ws().getRangeByIndexes(tb.row, tb.col + j, 1, 1).format.horizontalAlignment = HALIGN[align])));
      });
      tb.numberFormats?.forEach((nf, j) => {
        if (nf && tb.rows.length) formats.push(...gridSteps(ws, tb.row + 1, tb.col + j, columnOf(nf, tb.rows.length), (r, chunk) => (r.numberFormat = chunk)));
      });
    }

    // Merged ranges, after the values (Excel keeps the top-left value of a merge).
    for (const m of s.merges ?? []) {
      formats.push(small(() => ws().getRange(m).merge(false)));
    }

    // Validations, conditional formats, widths, panes, page setup, charts, visibility.
    for (const v of s.validations) {
      const rule = validationRule(v, follow);
      const message = v.message; // its length is checked by checkSpecLimits
      const style = v.alert === "warning" ? "Warning" : "Stop";
      rest.push(small(() => {
        const dv = ws().getRange(v.range).dataValidation;
        dv.rule = rule;
        if (message) {
          dv.errorAlert = { message, showAlert: true, style, title: "" };
          dv.prompt = { message, showPrompt: true, title: "" };
        }
      }));
    }
    for (const c of s.conditionalFormats) {
      rest.push(small(() => {
        const cf = ws().getRange(c.range).conditionalFormats.add("Custom");
        cf.custom.rule.formula = follow(c.formula);
        cf.custom.format.fill.color = c.fill;
        if (c.fontColor) cf.custom.format.font.color = c.fontColor;
      }));
    }
    for (const [col, width] of Object.entries(s.columnWidths ?? {})) {
      const letter = columnLetter(Number(col));
      rest.push(small(() => (ws().getRange(`${letter}:${letter}`).format.columnWidth = charactersToPoints(width))));
    }
    for (const [row, height] of Object.entries(s.rowHeights ?? {})) {
      // Spec heights are points, Office.js's unit too.
      rest.push(small(() => (ws().getRangeByIndexes(Number(row), 0, 1, 1).format.rowHeight = height)));
    }
    if (s.freeze && (s.freeze.rows > 0 || s.freeze.cols > 0)) {
      const { rows, cols } = s.freeze;
      rest.push(small(() => {
        const panes = ws().freezePanes;
        if (cols === 0) panes.freezeRows(rows);
        else if (rows === 0) panes.freezeColumns(cols);
        else panes.freezeAt(ws().getRangeByIndexes(0, 0, rows, cols));
      }));
    }
    if (s.print) {
      const p = s.print;
      rest.push(small(() => applyPrint(ws(), p)));
    }
    s.charts.forEach((c, i) => {
      if (c.series.length === 0) return;
      rest.push(small(() => addChart(ws(), c, chartName(t, i))));
      // Point labels from cells: one small operation per labelled point (all in the same write batches).
      c.series.forEach((sr, k) => {
        const cells = sr.labels ? labelCells(sr.labels, t.name) : [];
        cells.forEach((ref, p) =>
          rest.push(small(() => {
            const point = ws().charts.getItem(chartName(t, i)).series.getItemAt(k).points.getItemAt(p);
            point.hasDataLabel = true;
            point.dataLabel.formula = ref;
          })),
        );
      });
    });
    // Issue 14: orgchart
    if (s.shapes) {
      for (const shape of s.shapes) rest.push(small(() => addShapes(ws(), [shape], s)));
      for (const shape of s.shapes) if (shape.from !== undefined || shape.to !== undefined) rest.push(small(() => glueLine(ws(), shape)));
    }
    const hidden = !!s.hidden;
    const visible = t.existing ? t.existing.visibility === "Visible" : true;
    if (hidden === visible) rest.push(small(() => (ws().visibility = hidden ? "Hidden" : "Visible")));
  }

  if (opts.activate !== false) {
    const first = targets.find((t) => !t.spec.hidden);
    if (first) rest.push(small(() => first.ws!.activate()));
  }
  return [...structure, ...values, ...tables, ...formulas, ...overlays, ...formats, ...rest];
}

/** Spec alignment → Office.js `RangeFormat.horizontalAlignment` (ExcelApi 1.1). */
const HALIGN: Record<HorizontalAlign, Excel.HorizontalAlignment | "Left" | "Center" | "Right"> = { left: "Left", center: "Center", right: "Right" };

/**
 * Page setup (ExcelApi 1.9 PageLayout): A4, orientation, one page wide by any number tall (0 = automatic,
 * as `fitToHeight="0"` in the file format), print area, the rows repeated on every page, and the title
 * header and page-number footer (`headersFooters.defaultForAllPages`, the same codes as in the file), and
 * manual page breaks (`horizontalPageBreaks`).
 */
function applyPrint(sheet: Excel.Worksheet, p: NonNullable<SheetSpec["print"]>): void {
  const layout = sheet.pageLayout;
  if (p.paper === "A4") layout.paperSize = "A4";
  if (p.orientation) layout.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
  if (p.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  if (p.area) layout.setPrintArea(p.area);
  if (p.repeatRows) layout.setPrintTitleRows(`$${p.repeatRows[0] + 1}:$${p.repeatRows[1] + 1}`);
  const { header, footer } = headerFooterCodes(p);
  if (header || footer) {
    const hf = layout.headersFooters.defaultForAllPages;
    if (header) hf.centerHeader = header;
    if (footer) hf.centerFooter = footer;
  }
  // Manual breaks (e.g. below a plan's one-page summary): clearing a sheet keeps its breaks, so the old
  // ones go first and a refresh never piles them up (ExcelApi 1.9).
  if (p.rowBreaks) {
    sheet.horizontalPageBreaks.removePageBreaks();
    for (const r of p.rowBreaks) if (r > 0) sheet.horizontalPageBreaks.add(sheet.getRangeByIndexes(r, 0, 1, 1));
  }
}

/**
 * A chart per ChartSpec. The chart is created from the first series' values (one column → one series),
 * then every series gets its values before its type or axis is changed (Excel refuses to retype an empty
 * series). A Pareto chart is columns on the primary axis plus a cumulative-share line on the secondary
 * axis, scaled 0–100 %.
 */
function addChart(ws: Excel.Worksheet, c: ChartSpec, name: string): void {
  const first = c.series[0];
  const chart = ws.charts.add(SERIES_TYPE[first.type] as Excel.ChartType, ws.getRange(first.values), "Columns");
  chart.name = name;
  chart.title.text = c.title;
  chart.setPosition(a1(c.row, c.col), a1(c.row + Math.max(c.heightRows, 1) - 1, c.col + Math.max(c.widthCols, 1) - 1));
  c.series.forEach((s, k) => {
    const series = k === 0 ? chart.series.getItemAt(0) : chart.series.add(s.name);
    if (k > 0) series.setValues(ws.getRange(s.values));
    series.name = s.name;
    if (s.categories) series.setXAxisValues(ws.getRange(s.categories));
    const type = seriesType(s);
    if (k > 0 || type !== SERIES_TYPE[first.type]) series.chartType = type as Excel.ChartType;
    if (s.secondaryAxis) series.axisGroup = "Secondary";
    // A series of labels only (the KAISM's quadrant names): no marker at its points.
    if (s.type === "scatter" && s.markers === false && !s.lines) series.markerStyle = "None";
  });
  const axisSettings = (axis: Excel.ChartAxis, spec: ChartAxisSpec): void => {
    if (spec.title) axis.title.text = spec.title;
    if (spec.min !== undefined) axis.minimum = spec.min;
    if (spec.max !== undefined) axis.maximum = spec.max;
    if (spec.numberFormat) axis.numberFormat = spec.numberFormat;
  };
  // For a scatter chart Excel's "Category" axis is the horizontal (x) value axis.
  if (c.xAxis) axisSettings(chart.axes.getItem("Category", "Primary"), c.xAxis);
  if (c.yAxis) axisSettings(chart.axes.getItem("Value", "Primary"), c.yAxis);
  if (c.secondaryAxisPercent && c.series.some((s) => s.secondaryAxis)) {
    const axis = chart.axes.getItem("Value", "Secondary");
    axis.minimum = 0;
    axis.maximum = 1;
    axis.numberFormat = "0%";
  }
}
