/**
 * Office.js renderer: writes a WorkbookSpec into the open workbook through the Excel JavaScript API.
 * The ExcelJS renderer (`xlsx.ts`) interprets the same spec for files; escaping and sheet-name rules come
 * from `cells.ts` for both.
 *
 * Why it is built the way it is (DESIGN §2 rules 4–8):
 * - Every `context.sync()` is a round trip to Excel (over the network in Excel on the web), so the number
 *   of syncs must not grow with rows: 2 syncs read what exists (sheet names, then tags/tables/charts), an
 *   optional 3rd checks user-owned regions, then all writes are queued and flushed in as few syncs as the
 *   5 MB request limit of Excel on the web allows. Writes are packed by payload bytes (≤ 4 MB a sync,
 *   leaving room for Office.js's own envelope), so the write syncs grow only with data *size* above that,
 *   never with the row count of small sheets. The caller owns `Excel.run` (one per user action).
 * - Each range write holds at most 5,000 rows (and about 1 MB): big single writes time out or hit
 *   Excel's per-request limits.
 * - Calculation is suspended until the next sync of each write batch, so Excel doesn't recalculate after
 *   each block; screen updating is suspended once per run (the reference: calling it repeatedly makes
 *   the window flicker).
 * - Excel's size limits (cell text, formula length, validation texts) are checked before anything is
 *   read or written (`checkSpecLimits`), so an over-long customer name stops the run with a message
 *   naming the cell instead of failing half-way.
 * - Values go first, then the tables (created and renamed), then every formula (cells and table
 *   columns), then number formats and merged ranges, validations, conditional formats, widths, frozen
 *   panes, the page setup (A4, orientation, fit to width, print area, repeated rows) and charts. Formulas
 *   follow the tables because Excel resolves `tblABC[Class]` when the formula is entered; a table whose
 *   name was taken ("tblABC_2") is named so in every formula (`followTableNames`). Merges are recorded in
 *   the manifest and unmerged before a refresh, so a merge the spec no longer has (an inactive banner) goes.
 * - Every user string goes through `excelLiteral()`: "=HYPERLINK(…)", "+47 22 00 00 00", "-10% rabatt" or
 *   "@home AS" would otherwise become formulas or numbers. Numbers and booleans are written as they are;
 *   null becomes "" (an empty cell). Sheet names go through `sheetName()`.
 * - Ownership (rule 8): each sheet the add-in creates carries the worksheet custom property
 *   `kam.id` = spec sheet id (ExcelApi 1.12; it travels with the sheet through renames) and `kam.generated`
 *   = the regions, validations, conditional formats, tables and charts it wrote. A tagged sheet is updated
 *   in place: only those generated things are removed and rewritten; blocks the spec marks
 *   `owner: "user"` are written once and never again once the user has put something there. A sheet with
 *   the wanted name that the add-in did not create is never overwritten without consent: `onConflict`
 *   decides, and the default is to write under a free name and report it.
 */
import { KamError } from "../core/errors";
import type {
  Block,
  CellValue,
  ChartAxisSpec,
  ChartSeriesSpec,
  ChartSpec,
  SheetSpec,
  TableSpec,
  ValidationSpec,
  WorkbookSpec,
} from "../plan/spec";
import { a1, columnLetter, sheetName, sheetRef } from "../sheets/kit/address";
import { checkSpecLimits } from "../sheets/kit/limits";
import { excelLiteral } from "./cells";

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
   * User-owned blocks to write on a refresh even though the user has filled them. For a caller that has
   * already merged what the sheet holds into the block (the task pane reads the Scoring criteria, applies
   * the edits made in the pane, and passes the result back): without it an edit made in the pane would
   * never land, because a filled user block is otherwise kept as it is. Blocks not chosen here keep the
   * usual rule (written once, never again once filled), so ratings typed in the sheet survive.
   */
  rewriteUserBlock?: (sheet: SheetSpec, block: Block) => boolean;
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
  /** Tables whose wanted name was taken elsewhere in the workbook, and the name they got. */
  renamedTables: { wanted: string; name: string }[];
  /** User-owned blocks left untouched because the user had already filled them. */
  userBlocksKept: number;
  /** `context.sync()` calls made by the renderer. */
  syncs: number;
}

/** Worksheet custom property holding the spec sheet id of a sheet the add-in created. */
export const TAG_KEY = "kam.id";
/** Worksheet custom property holding what the add-in generated on the sheet (JSON, see Manifest). */
export const MANIFEST_KEY = "kam.generated";
/** Most rows in one range write. */
export const MAX_BLOCK_ROWS = 5_000;
/** Default payload budget of one sync. */
export const SYNC_BUDGET_BYTES = 4_000_000;
/** Target size of one range write. */
const CHUNK_BYTES = 1_000_000;
/** Allowance for the arguments of a small operation (property set, method call). */
const SMALL_OP_BYTES = 256;

/** What the add-in wrote on a sheet last time, so a refresh removes exactly that. */
interface Manifest {
  v: 1;
  /** A1 ranges of generated blocks and tables. */
  r: string[];
  /** A1 ranges with data validation. */
  dv: string[];
  /** A1 ranges with conditional formats. */
  cf: string[];
  /** Table names. */
  t: string[];
  /** Chart names. */
  c: string[];
  /** Merged ranges (unmerged before a refresh writes the sheet again). */
  m?: string[];
}

interface Existing {
  ws: Excel.Worksheet;
  name: string;
  visibility: string;
  tag?: string;
  manifest?: Manifest;
  tables: string[];
  charts: string[];
}

type Mode = "create" | "update" | "overwrite";

interface Target {
  spec: SheetSpec;
  mode: Mode;
  name: string;
  existing?: Existing;
  /** The worksheet proxy; for new sheets set by the step that adds it. */
  ws?: Excel.Worksheet;
  /** Blocks not written because the user owns them and has filled them. */
  keep: Set<Block>;
  tableNames: Map<TableSpec, string>;
}

interface Step {
  bytes: number;
  run: () => void;
}

/**
 * Render `spec` into the workbook of `context`.
 * @param context  the RequestContext of the caller's `Excel.run` (one per user action).
 * @param spec     sheets to write; see `src/plan/spec.ts`.
 * @param opts     conflict policy, progress callback.
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

  // Sync 2: tags, manifests, tables and charts of every sheet (a handful of small reads).
  const probes = sheets.items.map((ws) => ({
    ws,
    tag: ws.customProperties.getItemOrNullObject(TAG_KEY).load("value"),
    manifest: ws.customProperties.getItemOrNullObject(MANIFEST_KEY).load("value"),
    tables: ws.tables.load("items/name"),
    charts: ws.charts.load("items/name"),
  }));
  await sync();
  const existing: Existing[] = probes.map((p) => ({
    ws: p.ws,
    name: p.ws.name,
    visibility: p.ws.visibility,
    tag: p.tag.isNullObject ? undefined : p.tag.value,
    manifest: p.manifest.isNullObject ? undefined : parseManifest(p.manifest.value),
    tables: p.tables.items.map((t) => t.name),
    charts: p.charts.items.map((c) => c.name),
  }));

  const result: RenderResult = { sheets: [], renamed: [], skipped: [], renamedTables: [], userBlocksKept: 0, syncs: 0 };
  const targets = await chooseTargets(spec, existing, opts, result);

  // Sync 3 (only when refreshing a sheet with user-owned blocks): which of them the user has filled.
  const checks: { target: Target; block: Block; used: Excel.Range }[] = [];
  for (const t of targets) {
    if (t.mode !== "update") continue;
    for (const b of t.spec.blocks) {
      if (b.owner !== "user" || blockHeight(b) === 0 || blockWidth(b) === 0) continue;
      if (opts.rewriteUserBlock?.(t.spec, b)) continue; // written regardless: nothing to check
      const used = t.existing!.ws.getRangeByIndexes(b.row, b.col, blockHeight(b), blockWidth(b)).getUsedRangeOrNullObject(true);
      used.load("address");
      checks.push({ target: t, block: b, used });
    }
  }
  if (checks.length) {
    await sync();
    for (const c of checks) {
      if (!c.used.isNullObject) {
        c.target.keep.add(c.block);
        result.userBlocksKept++;
      }
    }
  }

  nameTables(targets, tables.items.map((t) => t.name), result);

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

function parseManifest(value: string | undefined): Manifest | undefined {
  if (!value) return undefined;
  try {
    const m = JSON.parse(value) as Partial<Manifest>;
    const list = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : []);
    return { v: 1, r: list(m.r), dv: list(m.dv), cf: list(m.cf), t: list(m.t), c: list(m.c), m: list(m.m) };
  } catch {
    return undefined;
  }
}

const lower = (s: string): string => s.toLocaleLowerCase();

async function chooseTargets(spec: WorkbookSpec, existing: Existing[], opts: RenderOptions, result: RenderResult): Promise<Target[]> {
  const taken = existing.map((e) => e.name);
  const claimed = new Set<Existing>();
  const created = new Set<string>();
  const targets: Target[] = [];
  for (const s of spec.sheets) {
    const wanted = sheetName(s.name);
    const base = { spec: s, keep: new Set<Block>(), tableNames: new Map<TableSpec, string>() };
    const tagged = existing.filter((e) => e.tag === s.id && !claimed.has(e));
    // A copied sheet carries the same tag: prefer the one that still has the wanted name.
    const own = tagged.find((e) => lower(e.name) === lower(wanted)) ?? tagged[0];
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
    } else if (clash && clash.tag === undefined && !claimed.has(clash)) {
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

/**
 * Tables on an existing target sheet that this render removes: all of them on a sheet the user agreed
 * to overwrite; on a refreshed sheet those the manifest lists, plus any carrying a spec table's name
 * (in case the manifest was lost — a table there would otherwise block the new one).
 */
function ownedTables(t: Target): string[] {
  const e = t.existing;
  if (!e || t.mode === "create") return [];
  if (t.mode === "overwrite") return e.tables;
  const ours = new Set([...(e.manifest?.t ?? []), ...t.spec.tables.map((x) => x.name)].map((n) => n.toUpperCase()));
  return e.tables.filter((n) => ours.has(n.toUpperCase()));
}

/** Charts removed likewise: the manifest's, and any named like the add-in names this sheet's charts. */
function ownedCharts(t: Target): string[] {
  const e = t.existing;
  if (!e || t.mode === "create") return [];
  if (t.mode === "overwrite") return e.charts;
  const listed = new Set(e.manifest?.c ?? []);
  return e.charts.filter((n) => listed.has(n) || n.startsWith(`kam:${t.spec.id}:`));
}

function nameTables(targets: Target[], workbookTables: string[], result: RenderResult): void {
  // Tables this render deletes free their names.
  const freed = new Set<string>();
  for (const t of targets) for (const n of ownedTables(t)) freed.add(n.toUpperCase());
  const taken = workbookTables.filter((n) => !freed.has(n.toUpperCase()));
  for (const t of targets) {
    for (const spec of t.spec.tables) {
      const name = tableName(spec.name, taken);
      taken.push(name);
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
  if (typeof v === "number" && !Number.isFinite(v)) throw new KamError("number", `A cell cannot hold ${v}.`, { source: where });
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
    if (line.length !== width) throw new KamError("shape", `Block row ${i + 1} has ${line.length} cells, expected ${width}.`, { source: where });
    return line.map((v, j) => {
      const f = b.formulas?.[i]?.[j];
      if (f) {
        if (!f.startsWith("=")) throw new KamError("argument", `Formula "${f}" must start with "=".`, { source: where });
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
    if (line.length > width) throw new KamError("shape", `Table row ${i + 1} has ${line.length} cells for ${width} headers.`, { source: where });
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

function validationRule(v: ValidationSpec, where: string): Excel.DataValidationRule {
  if (v.kind === "list") {
    const items = v.list ?? [];
    const source = items.join(",");
    // A literal list source is comma-separated and "=…" would make it a reference (its 255-character
    // limit is checked by checkSpecLimits).
    if (items.length === 0 || items.some((x) => x.includes(",") || x === "") || source.startsWith("=")) {
      throw new KamError("argument", `List validation items must be non-empty and without commas: ${JSON.stringify(items)}.`, { source: where });
    }
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

const SERIES_TYPE: Record<ChartSeriesSpec["type"], string> = { column: "ColumnClustered", line: "Line", scatter: "XYScatter" };

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
 * Every write of the render, in the order Excel needs: structure (sheets, removal of what the add-in wrote
 * before, including old tables) → plain values and table cells → tables (created and renamed) → formulas
 * → formats → the rest. Formulas come after the tables because Excel resolves a structured reference
 * when the formula is entered: one written before its table exists is refused (or kept as #REF!) and is
 * not reconnected when the table appears — on a first run and on a refresh, which deletes the old table.
 */
function planSteps(context: Excel.RequestContext, targets: Target[], opts: RenderOptions): Step[] {
  const structure: Step[] = [];
  const values: Step[] = [];
  const formats: Step[] = [];
  const tables: Step[] = [];
  const formulas: Step[] = [];
  const rest: Step[] = [];
  const renamed = tableRenames(targets);
  const follow = (f: string): string => followTableNames(f, renamed);

  for (const t of targets) {
    const s = t.spec;
    const where = t.name;
    const ws = (): Excel.Worksheet => t.ws!;
    const manifest: Manifest = { v: 1, r: [], dv: [], cf: [], t: [], c: [], m: [] };

    // Structure: create / tag / remove what the add-in generated before.
    if (t.mode === "create") {
      structure.push(small(() => {
        t.ws = context.workbook.worksheets.add(t.name);
        t.ws.customProperties.add(TAG_KEY, s.id);
      }));
    } else {
      const e = t.existing!;
      t.ws = e.ws;
      structure.push(small(() => {
        const w = e.ws;
        const old = t.mode === "update" ? e.manifest : undefined;
        for (const n of ownedCharts(t)) w.charts.getItem(n).delete();
        for (const n of ownedTables(t)) w.tables.getItem(n).delete();
        if (t.mode === "overwrite") {
          const all = w.getRange();
          all.clear("All");
          all.dataValidation.clear();
          all.conditionalFormats.clearAll();
          all.unmerge();
          w.customProperties.add(TAG_KEY, s.id);
        } else {
          for (const a of old?.r ?? []) w.getRange(a).clear("All");
          for (const a of old?.dv ?? []) w.getRange(a).dataValidation.clear();
          for (const a of old?.cf ?? []) w.getRange(a).conditionalFormats.clearAll();
          for (const a of old?.m ?? []) w.getRange(a).unmerge();
        }
        w.freezePanes.unfreeze();
      }));
    }

    // Values: blocks, then table header + body (the table is created over them afterwards).
    for (const b of s.blocks) {
      if (t.keep.has(b) || blockHeight(b) === 0 || blockWidth(b) === 0) continue;
      const { grid, hasFormula } = blockGrid(b, where, follow);
      if (hasFormula) formulas.push(...gridSteps(ws, b.row, b.col, grid, (r, chunk) => (r.formulas = chunk)));
      else values.push(...gridSteps(ws, b.row, b.col, grid, (r, chunk) => (r.values = chunk)));
      const h = blockHeight(b);
      const w = blockWidth(b);
      if (b.owner !== "user") manifest.r.push(a1(b.row, b.col, b.row + h - 1, b.col + w - 1));
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
    }
    for (const tb of s.tables) {
      const grid = tableGrid(tb, where);
      const width = tb.headers.length;
      if (width === 0) continue;
      const bodyRows = Math.max(tb.rows.length, 1); // Excel keeps one (empty) data row in an empty table
      values.push(...gridSteps(ws, tb.row, tb.col, grid, (r, chunk) => (r.values = chunk)));
      const name = t.tableNames.get(tb)!;
      manifest.r.push(a1(tb.row, tb.col, tb.row + bodyRows, tb.col + width - 1));
      manifest.t.push(name);
      tables.push(small(() => {
        const table = ws().tables.add(ws().getRangeByIndexes(tb.row, tb.col, 1 + bodyRows, width), true);
        table.name = name;
        table.style = tb.style ?? "TableStyleMedium2";
      }));
      tb.columnFormulas?.forEach((f, j) => {
        if (!f || tb.rows.length === 0) return;
        if (!f.startsWith("=")) throw new KamError("argument", `Column formula "${f}" must start with "=".`, { source: where });
        formulas.push(...gridSteps(ws, tb.row + 1, tb.col + j, columnOf(follow(f), tb.rows.length), (r, chunk) => (r.formulas = chunk)));
      });
      tb.numberFormats?.forEach((nf, j) => {
        if (nf && tb.rows.length) formats.push(...gridSteps(ws, tb.row + 1, tb.col + j, columnOf(nf, tb.rows.length), (r, chunk) => (r.numberFormat = chunk)));
      });
    }

    // Merged ranges, after the values (Excel keeps the top-left value of a merge).
    for (const m of s.merges ?? []) {
      manifest.m!.push(m);
      formats.push(small(() => ws().getRange(m).merge(false)));
    }

    // Validations, conditional formats, widths, panes, page setup, charts, tag manifest, visibility.
    for (const v of s.validations) {
      const rule = validationRule(v, where);
      manifest.dv.push(v.range);
      const message = v.message; // its length is checked by checkSpecLimits
      rest.push(small(() => {
        const dv = ws().getRange(v.range).dataValidation;
        dv.rule = rule;
        if (message) {
          dv.errorAlert = { message, showAlert: true, style: "Stop", title: "" };
          dv.prompt = { message, showPrompt: true, title: "" };
        }
      }));
    }
    for (const c of s.conditionalFormats) {
      manifest.cf.push(c.range);
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
      rest.push(small(() => applyPrint(ws().pageLayout, p)));
    }
    s.charts.forEach((c, i) => {
      if (c.series.length === 0) return;
      manifest.c.push(chartName(t, i));
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
    const hidden = !!s.hidden;
    const visible = t.existing ? t.existing.visibility === "Visible" : true;
    rest.push(small(() => {
      ws().customProperties.add(MANIFEST_KEY, JSON.stringify(manifest));
      if (hidden === visible) ws().visibility = hidden ? "Hidden" : "Visible";
    }));
  }

  if (opts.activate !== false) {
    const first = targets.find((t) => !t.spec.hidden);
    if (first) rest.push(small(() => first.ws!.activate()));
  }
  return [...structure, ...values, ...tables, ...formulas, ...formats, ...rest];
}

/**
 * Page setup (ExcelApi 1.9 PageLayout): A4, orientation, one page wide by any number tall (0 = automatic,
 * as `fitToHeight="0"` in the file format), print area and the rows repeated on every page.
 */
function applyPrint(layout: Excel.PageLayout, p: NonNullable<SheetSpec["print"]>): void {
  if (p.paper === "A4") layout.paperSize = "A4";
  if (p.orientation) layout.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
  if (p.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  if (p.area) layout.setPrintArea(p.area);
  if (p.repeatRows) layout.setPrintTitleRows(`$${p.repeatRows[0] + 1}:$${p.repeatRows[1] + 1}`);
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
