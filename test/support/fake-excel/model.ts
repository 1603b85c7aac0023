/**
 * The state of the fake workbook: sheets, cells, tables, charts, validations, conditional formats,
 * names, selection, and the sync statistics. Proxies (`proxies.ts`) read and change this state only while
 * a `context.sync()` runs, as Excel does. Tests inspect it directly through the helpers on FakeWorkbook.
 *
 * No Node imports here: the same code runs in jest and on the browser test page.
 *
 * Every Excel rule the fake enforces, with its source, is listed in README.md beside this file: formulas
 * checked when entered (formula.ts), cells inserted and deleted (shift.ts, edit.ts), and the rest.
 */
import { Rect, MAX_COLS, MAX_ROWS, cols, contains, formatRect, intersects, parseAddress, quoteSheet, rect, rows } from "./address";
import { Cell, Entry, Scalar, cellFormula, cellText, cellValue, cellValueType, parseEntry } from "./cells";
import { fail } from "./errors";
import { Token, checkFormula, rewriteTokens } from "./formula";

export interface RangeRef {
  sheet: FakeSheet;
  rect: Rect;
}

export interface ValidationModel {
  rect: Rect;
  rule: Excel.DataValidationRule;
  ignoreBlanks: boolean;
  errorAlert?: Excel.DataValidationErrorAlert;
  prompt?: Excel.DataValidationPrompt;
}

export interface ConditionalFormatModel {
  id: number;
  rect: Rect;
  type: "Custom";
  formula?: string;
  fill?: string;
  fontColor?: string;
}

export interface SeriesModel {
  name: string;
  chartType?: string;
  axisGroup: "Primary" | "Secondary";
  values?: RangeRef;
  xValues?: RangeRef;
  hasDataLabels?: boolean;
  markerStyle?: string;
  /** Data-label formulas of single points, by point index ("='Portfolio'!$A$10"). */
  pointLabels?: Map<number, string>;
}

export interface AxisModel {
  title?: string;
  minimum?: number;
  maximum?: number;
  numberFormat?: string;
}

// Issue 14: orgchart
/** A shape of a sheet (Worksheet.shapes, ExcelApi 1.9): a geometric shape or a line; points. */
export interface ShapeModel {
  id: string;
  name: string;
  sheet: FakeSheet;
  type: "GeometricShape" | "Line";
  geometricShapeType?: string;
  left: number;
  top: number;
  width: number;
  height: number;
  fill?: string;
  lineColor?: string;
  lineWeight?: number;
  text: string;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  fontSize?: number;
  fontColor?: string;
  deleted?: boolean;
  /** A line's ends glued to shapes (Line.connectBeginShape / connectEndShape). */
  beginConnected?: { shape: ShapeModel; site: number };
  endConnected?: { shape: ShapeModel; site: number };
}

export interface ChartModel {
  id: string;
  name: string;
  sheet: FakeSheet;
  chartType: string;
  title?: string;
  from?: Rect;
  to?: Rect;
  series: SeriesModel[];
  /** key "Value/Primary", "Value/Secondary", "Category/Primary" … */
  axes: Map<string, AxisModel>;
  deleted?: boolean;
}

export interface TableModel {
  id: string;
  name: string;
  sheet: FakeSheet;
  /** Whole table including the header row. */
  rect: Rect;
  style: string;
  deleted?: boolean;
}

export interface NamedItemModel {
  name: string;
  formula: string;
  comment: string;
  deleted?: boolean;
}

export interface CustomPropertyModel {
  key: string;
  value: string;
  deleted?: boolean;
}

export interface PageLayoutModel {
  orientation: "Portrait" | "Landscape";
  paperSize: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  /** A1 address of the print area, e.g. "A1:M140" (null: none). */
  printArea: string | null;
  /** Rows repeated at the top of each printed page, e.g. "$1:$3" (null: none). */
  printTitleRows: string | null;
  /** headersFooters.defaultForAllPages: header/footer texts in Excel's codes ("&C&P"), by position. */
  headerFooter: Partial<Record<HeaderFooterKey, string>>;
}

/** The six texts of Excel.HeaderFooter. */
export type HeaderFooterKey = "leftHeader" | "centerHeader" | "rightHeader" | "leftFooter" | "centerFooter" | "rightFooter";

export interface SyncRecord {
  /** Bytes of the request: UTF-8 length of the JSON of every queued operation's arguments. */
  requestBytes: number;
  /** Bytes of the response: UTF-8 length of the JSON of every loaded value. */
  responseBytes: number;
  /** Queued operations (property sets, method calls, loads). */
  ops: number;
  calculationSuspended: boolean;
  screenUpdatingSuspended: boolean;
  /** Error code when the sync failed. */
  error?: string;
}

export interface WriteRecord {
  sheet: string;
  address: string;
  property: "values" | "formulas" | "numberFormat";
  rows: number;
  cols: number;
}

export interface FakeLimits {
  /** Excel on the web rejects a request over 5 MB (RequestPayloadSizeLimitExceeded). */
  maxRequestBytes: number;
  /** … and a response over 5 MB (ResponsePayloadSizeLimitExceeded). */
  maxResponseBytes: number;
}

/** Cell-format properties the fake stores per cell. */
export type FormatKey = "bold" | "italic" | "fill" | "color" | "wrap" | "vAlign" | "hAlign";

const FORBIDDEN_SHEET_CHARS = /[:\\/?*[\]]/;

/** A worksheet. Cells are stored sparsely: row index → array of cells by column. */
export class FakeSheet {
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  deleted = false;
  readonly cells = new Map<number, (Cell | undefined)[]>();
  /** Column widths in points, by column index (Office.js unit). */
  readonly columnWidths = new Map<number, number>();
  /** Row heights in points, by row index. */
  readonly rowHeights = new Map<number, number>();
  freeze: { rows: number; cols: number } | null = null;
  readonly charts: ChartModel[] = [];
  // Issue 14: orgchart
  readonly shapes: ShapeModel[] = [];
  readonly validations: ValidationModel[] = [];
  readonly conditionalFormats: ConditionalFormatModel[] = [];
  readonly customProperties = new Map<string, CustomPropertyModel>();
  /** Merged areas (Range.merge / unmerge). */
  merges: Rect[] = [];
  /** 0-based rows with a manual page break above them (Worksheet.horizontalPageBreaks, ExcelApi 1.9). */
  readonly rowBreaks: number[] = [];
  /** Page setup (Worksheet.pageLayout, ExcelApi 1.9). */
  readonly pageLayout: PageLayoutModel = {
    orientation: "Portrait",
    paperSize: "Letter",
    zoom: { scale: 100 },
    printArea: null,
    printTitleRows: null,
    headerFooter: {},
  };

  constructor(readonly workbook: FakeWorkbook, readonly id: string, name: string) {
    this.name = name;
  }

  get position(): number {
    return this.workbook.sheets.indexOf(this);
  }

  cell(r: number, c: number): Cell | undefined {
    return this.cells.get(r)?.[c];
  }

  private ensure(r: number, c: number): Cell {
    let row = this.cells.get(r);
    if (!row) this.cells.set(r, (row = []));
    return (row[c] ??= {});
  }

  /** Row indexes that hold cells within [r0, r1], ascending; cheap for sparse sheets and for huge ranges. */
  private rowsIn(r0: number, r1: number): number[] {
    const out: number[] = [];
    if (r1 - r0 < this.cells.size) {
      for (let r = r0; r <= r1; r++) if (this.cells.has(r)) out.push(r);
    } else {
      for (const r of this.cells.keys()) if (r >= r0 && r <= r1) out.push(r);
      out.sort((a, b) => a - b);
    }
    return out;
  }

  /** A 2-D snapshot of one cell property over a rectangle. */
  grid<T>(rc: Rect, pick: (c: Cell | undefined) => T): T[][] {
    if (rows(rc) * cols(rc) > 20_000_000) fail("InvalidArgument", "The range is too large to read.", "load");
    const out: T[][] = [];
    for (let r = rc.r0; r <= rc.r1; r++) {
      const row = this.cells.get(r);
      const line: T[] = new Array(cols(rc));
      for (let c = rc.c0; c <= rc.c1; c++) line[c - rc.c0] = pick(row?.[c]);
      out.push(line);
    }
    return out;
  }

  values(rc: Rect): Scalar[][] {
    return this.grid(rc, cellValue);
  }
  formulas(rc: Rect): Scalar[][] {
    return this.grid(rc, cellFormula);
  }
  numberFormats(rc: Rect): string[][] {
    return this.grid(rc, (c) => c?.nf ?? "General");
  }
  valueTypes(rc: Rect): string[][] {
    return this.grid(rc, cellValueType);
  }
  texts(rc: Rect): string[][] {
    return this.grid(rc, cellText);
  }

  /**
   * Write a 2-D array of values or formulas (same parsing for both, as in Excel). The shape must equal
   * the range's, or InvalidArgument — Excel's rule, and the one that catches off-by-one block writes.
   */
  writeEntries(rc: Rect, input: unknown, where: string): void {
    checkShape(rc, input, where);
    const data = input as unknown[][];
    // Parse everything first: Excel rejects the whole write when one entry is invalid.
    const parsed: (Entry | null)[][] = data.map((line, i) =>
      line.map((x, j) => {
        const e = parseEntry(x, this.cell(rc.r0 + i, rc.c0 + j)?.nf === "@", where);
        // Excel checks a formula when it is entered: names, tables and sheets it refers to exist now.
        if (e?.kind === "formula") checkFormula(e.f, { sheet: this, place: "cell", row: rc.r0 + i, col: rc.c0 + j }, where);
        return e;
      }),
    );
    for (let i = 0; i < parsed.length; i++) {
      for (let j = 0; j < parsed[i].length; j++) {
        const e = parsed[i][j];
        if (e) this.apply(rc.r0 + i, rc.c0 + j, e);
      }
    }
    this.workbook.normalizeTableHeaders(this, rc);
  }

  private apply(r: number, c: number, e: Entry): void {
    if (e.kind === "empty") {
      const cell = this.cell(r, c);
      if (cell) {
        delete cell.v;
        delete cell.f;
        delete cell.err;
      }
      return;
    }
    const cell = this.ensure(r, c);
    if (e.kind === "formula") {
      cell.f = e.f;
      delete cell.v;
      delete cell.err;
    } else {
      delete cell.f;
      cell.v = e.v;
      if (e.err) cell.err = true;
      else delete cell.err;
      if (e.nf && (cell.nf === undefined || cell.nf === "General")) cell.nf = e.nf;
    }
  }

  /** Store literal text (table headers are always text in Excel). */
  setText(r: number, c: number, text: string): void {
    const cell = this.ensure(r, c);
    delete cell.f;
    delete cell.err;
    cell.v = text;
  }

  /** Seed a formula together with the result Excel would have calculated (test setup only). */
  seedFormula(r: number, c: number, formula: string, result: Scalar): void {
    const cell = this.ensure(r, c);
    cell.f = formula;
    cell.v = result;
  }

  writeNumberFormats(rc: Rect, input: unknown, where: string): void {
    checkShape(rc, input, where);
    const data = input as unknown[][];
    for (const line of data) {
      for (const x of line) {
        if (x !== null && x !== undefined && typeof x !== "string") {
          fail("InvalidArgument", "A number format must be a string.", where);
        }
      }
    }
    data.forEach((line, i) =>
      line.forEach((x, j) => {
        if (typeof x === "string") this.ensure(rc.r0 + i, rc.c0 + j).nf = x;
      }),
    );
  }

  /** Set a cell-format property over a rectangle (bold, italic, fill, font colour, wrap, vertical alignment). */
  setFormat(rc: Rect, key: FormatKey, value: boolean | string | null): void {
    if (rows(rc) * cols(rc) > 5_000_000) fail("InvalidArgument", "Formatting whole sheets cell by cell is not supported by the fake.", key);
    for (let r = rc.r0; r <= rc.r1; r++) {
      for (let c = rc.c0; c <= rc.c1; c++) {
        const cell = this.ensure(r, c);
        if (value === null) delete cell[key];
        else (cell as Record<string, unknown>)[key] = value;
      }
    }
  }

  /** The common value of a format property over a rectangle, or null when mixed (Excel's convention). */
  getFormat<K extends FormatKey>(rc: Rect, key: K, dflt: Cell[K]): Cell[K] | null {
    const all = this.grid(rc, (c) => c?.[key] ?? dflt);
    const first = all[0][0];
    return all.every((line) => line.every((x) => x === first)) ? first : null;
  }

  /** Range.clear(applyTo): contents, formats or both. */
  clear(rc: Rect, applyTo: string): void {
    const contents = applyTo === "All" || applyTo === "Contents";
    const formats = applyTo === "All" || applyTo === "Formats";
    if (!contents && !formats) fail("InvalidArgument", `Unsupported clear type "${applyTo}".`, "clear");
    for (const r of this.rowsIn(rc.r0, rc.r1)) {
      const row = this.cells.get(r)!;
      for (let c = rc.c0; c <= Math.min(rc.c1, row.length - 1); c++) {
        const cell = row[c];
        if (!cell) continue;
        if (contents) {
          delete cell.v;
          delete cell.f;
          delete cell.err;
        }
        if (formats) {
          delete cell.nf;
          delete cell.bold;
          delete cell.italic;
          delete cell.fill;
          delete cell.color;
          delete cell.wrap;
          delete cell.vAlign;
          delete cell.hAlign;
        }
        if (Object.keys(cell).length === 0) row[c] = undefined;
      }
      if (row.every((x) => x === undefined)) this.cells.delete(r);
    }
    if (contents) this.workbook.normalizeTableHeaders(this, rc);
  }

  /** Bounding box of cells with a value/formula (valuesOnly) or also with a format, within `within`. */
  usedRect(valuesOnly: boolean, within?: Rect): Rect | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    const rowIdx = within ? this.rowsIn(within.r0, within.r1) : [...this.cells.keys()];
    for (const r of rowIdx) {
      const row = this.cells.get(r)!;
      const from = within ? within.c0 : 0;
      const to = within ? Math.min(within.c1, row.length - 1) : row.length - 1;
      for (let c = from; c <= to; c++) {
        const cell = row[c];
        if (!cell) continue;
        const used = cell.v !== undefined || cell.f !== undefined || (!valuesOnly && Object.keys(cell).length > 0);
        if (!used) continue;
        r0 = Math.min(r0, r);
        r1 = Math.max(r1, r);
        c0 = Math.min(c0, c);
        c1 = Math.max(c1, c);
      }
    }
    return r1 < 0 ? null : { r0, c0, r1, c1 };
  }

  private filled(r: number, c: number): boolean {
    const cell = this.cell(r, c);
    return !!cell && (cell.v !== undefined || cell.f !== undefined);
  }

  /** Ctrl+* : grow from the top-left cell while any cell in the surrounding band is not blank. */
  surroundingRegion(start: Rect): Rect {
    const rc = { r0: start.r0, c0: start.c0, r1: start.r0, c1: start.c0 };
    for (let grown = true; grown; ) {
      grown = false;
      const band = (r0: number, r1: number, c0: number, c1: number): boolean => {
        for (let r = Math.max(0, r0); r <= Math.min(MAX_ROWS - 1, r1); r++)
          for (let c = Math.max(0, c0); c <= Math.min(MAX_COLS - 1, c1); c++) if (this.filled(r, c)) return true;
        return false;
      };
      // Rows grow in a tight loop before the column bands are scanned again: scanning a column band over
      // all rows after every single row would make a 100,000-row region quadratic.
      while (rc.r0 > 0 && band(rc.r0 - 1, rc.r0 - 1, rc.c0 - 1, rc.c1 + 1)) {
        rc.r0--;
        grown = true;
      }
      while (rc.r1 < MAX_ROWS - 1 && band(rc.r1 + 1, rc.r1 + 1, rc.c0 - 1, rc.c1 + 1)) {
        rc.r1++;
        grown = true;
      }
      if (rc.c0 > 0 && band(rc.r0 - 1, rc.r1 + 1, rc.c0 - 1, rc.c0 - 1)) {
        rc.c0--;
        grown = true;
      }
      if (rc.c1 < MAX_COLS - 1 && band(rc.r0 - 1, rc.r1 + 1, rc.c1 + 1, rc.c1 + 1)) {
        rc.c1++;
        grown = true;
      }
    }
    return rc;
  }

  address(rc: Rect): string {
    return `${quoteSheet(this.name)}!${formatRect(rc)}`;
  }

  tables(): TableModel[] {
    return this.workbook.tables.filter((t) => t.sheet === this && !t.deleted);
  }
}

function checkShape(rc: Rect, input: unknown, where: string): void {
  const ok =
    Array.isArray(input) &&
    input.length === rows(rc) &&
    input.every((line) => Array.isArray(line) && line.length === cols(rc));
  if (!ok) {
    fail(
      "InvalidArgument",
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range ` +
        `(range ${rows(rc)}×${cols(rc)}, input ${describeShape(input)}).`,
      where,
    );
  }
}

function describeShape(input: unknown): string {
  if (!Array.isArray(input)) return typeof input;
  const widths = new Set(input.map((l) => (Array.isArray(l) ? l.length : -1)));
  return `${input.length}×${[...widths].join("/")}`;
}

/** Excel's rule for table and defined names: letter/_/\ first, then letters, digits, _ . \; not a cell reference. */
export function isValidDefinedName(name: unknown): name is string {
  if (typeof name !== "string" || name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name)) return false;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name)) return false;
  if (/^[RrCc]$/.test(name) || /^[Rr][0-9]*[Cc][0-9]*$/.test(name)) return false;
  return true;
}

export interface FakeWorkbookOptions {
  /** Sheets to start with; default one sheet "Sheet1". */
  sheets?: string[];
  limits?: Partial<FakeLimits>;
  /**
   * Namespaces of the custom functions registered in this Excel (default ["KAM"], the add-in's own):
   * `=KAM.ABC(…)` is accepted in formulas; other unknown functions are refused.
   */
  customFunctionNamespaces?: string[];
}

/** The whole fake workbook: what `installFakeExcel` returns for inspection. */
export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  readonly tables: TableModel[] = [];
  readonly names: NamedItemModel[] = [];
  readonly syncs: SyncRecord[] = [];
  /** Every range write (values, formulas, numberFormat), in order: checks block sizes. */
  readonly writes: WriteRecord[] = [];
  readonly limits: FakeLimits;
  readonly customFunctionNamespaces: readonly string[];
  activeSheet: FakeSheet | undefined;
  selection: RangeRef | undefined;
  private nextSheetId = 1;
  private nextTableId = 1;
  private nextChartId = 1;
  private nextCfId = 1;

  constructor(options: FakeWorkbookOptions = {}) {
    this.limits = { maxRequestBytes: 5_000_000, maxResponseBytes: 5_000_000, ...options.limits };
    this.customFunctionNamespaces = options.customFunctionNamespaces ?? ["KAM"];
    for (const name of options.sheets ?? ["Sheet1"]) this.addSheet(name);
  }

  // ---- statistics -------------------------------------------------------------------------------

  /** Number of `context.sync()` calls so far (including the final one of each `Excel.run`). */
  get syncCount(): number {
    return this.syncs.length;
  }

  /** Largest request payload of any sync so far, in bytes. */
  get maxRequestBytes(): number {
    return this.syncs.reduce((m, s) => Math.max(m, s.requestBytes), 0);
  }

  resetStats(): void {
    this.syncs.length = 0;
    this.writes.length = 0;
  }

  noteWrite(sheet: FakeSheet, rc: Rect, property: WriteRecord["property"]): void {
    this.writes.push({ sheet: sheet.name, address: formatRect(rc), property, rows: rows(rc), cols: cols(rc) });
  }

  // ---- sheets -----------------------------------------------------------------------------------

  liveSheets(): FakeSheet[] {
    return this.sheets.filter((s) => !s.deleted);
  }

  /** Excel's sheet-name rules (DESIGN §2 rule 6); InvalidArgument otherwise. */
  checkSheetName(name: unknown, self?: FakeSheet): string {
    const where = "worksheet.name";
    if (typeof name !== "string" || name.length === 0) fail("InvalidArgument", "A sheet name cannot be empty.", where);
    if (name.length > 31) fail("InvalidArgument", `The sheet name "${name}" is longer than 31 characters.`, where);
    if (FORBIDDEN_SHEET_CHARS.test(name)) fail("InvalidArgument", `The sheet name "${name}" contains one of : \\ / ? * [ ].`, where);
    if (name.startsWith("'") || name.endsWith("'")) fail("InvalidArgument", `The sheet name "${name}" begins or ends with an apostrophe.`, where);
    if (name.toLowerCase() === "history") fail("InvalidArgument", `"History" is a reserved sheet name.`, where);
    const clash = this.liveSheets().find((s) => s !== self && s.name.toLocaleUpperCase() === name.toLocaleUpperCase());
    if (clash) fail("InvalidArgument", `A sheet named "${clash.name}" already exists.`, where);
    return name;
  }

  addSheet(name?: string): FakeSheet {
    let n = name;
    if (n === undefined) {
      for (let i = this.liveSheets().length + 1; ; i++) {
        if (!this.findSheet(`Sheet${i}`)) {
          n = `Sheet${i}`;
          break;
        }
      }
    }
    const sheet = new FakeSheet(this, `{fake-sheet-${this.nextSheetId++}}`, this.checkSheetName(n));
    this.sheets.push(sheet);
    this.activeSheet ??= sheet;
    this.selection ??= { sheet, rect: rect(0, 0) };
    return sheet;
  }

  findSheet(nameOrId: string): FakeSheet | undefined {
    const key = nameOrId.toLocaleUpperCase();
    return this.liveSheets().find((s) => s.id === nameOrId || s.name.toLocaleUpperCase() === key);
  }

  /** The sheet by name, for tests; throws when missing. */
  sheet(name: string): FakeSheet {
    const s = this.findSheet(name);
    if (!s) throw new Error(`fake: no sheet "${name}" (have ${this.liveSheets().map((x) => x.name).join(", ")})`);
    return s;
  }

  deleteSheet(sheet: FakeSheet): void {
    const visible = this.liveSheets().filter((s) => s.visibility === "Visible");
    if (visible.length === 1 && visible[0] === sheet) fail("InvalidOperation", "A workbook must contain at least one visible worksheet.", "worksheet.delete");
    const tables = sheet.tables();
    sheet.deleted = true;
    for (const t of tables) t.deleted = true;
    // Excel: references to the deleted sheet become #REF! (=Data!A1 → =#REF!A1), and those to its tables.
    const key = sheet.name.toLocaleUpperCase();
    const gone = new Set(tables.map((t) => t.name.toUpperCase()));
    this.breakReferences((t) => {
      if ((t.kind === "ref" || t.kind === "name") && t.sheet?.toLocaleUpperCase() === key) return "#REF!" + t.text.slice(t.prefix.length);
      if (t.kind === "structured" && t.table !== undefined && gone.has(t.table.toUpperCase())) return "#REF!";
      return undefined;
    });
    if (this.activeSheet === sheet) this.activeSheet = this.liveSheets().find((s) => s.visibility === "Visible");
    if (this.selection?.sheet === sheet && this.activeSheet) this.selection = { sheet: this.activeSheet, rect: rect(0, 0) };
  }

  setVisibility(sheet: FakeSheet, v: unknown): void {
    if (v !== "Visible" && v !== "Hidden" && v !== "VeryHidden") fail("InvalidArgument", `Invalid visibility "${String(v)}".`, "worksheet.visibility");
    if (v !== "Visible") {
      const others = this.liveSheets().filter((s) => s !== sheet && s.visibility === "Visible");
      if (others.length === 0) fail("InvalidOperation", "A workbook must contain at least one visible worksheet.", "worksheet.visibility");
    }
    sheet.visibility = v;
    if (v !== "Visible" && this.activeSheet === sheet) this.activeSheet = this.liveSheets().find((s) => s.visibility === "Visible");
  }

  activate(sheet: FakeSheet): void {
    if (sheet.visibility !== "Visible") fail("InvalidOperation", "A hidden sheet cannot be activated.", "worksheet.activate");
    this.activeSheet = sheet;
    this.selection = { sheet, rect: rect(0, 0) };
  }

  // ---- tables -----------------------------------------------------------------------------------

  liveTables(): TableModel[] {
    return this.tables.filter((t) => !t.deleted);
  }

  findTable(nameOrId: string): TableModel | undefined {
    const key = nameOrId.toUpperCase();
    return this.liveTables().find((t) => t.id === nameOrId || t.name.toUpperCase() === key);
  }

  private nameTaken(name: string, selfTable?: TableModel): boolean {
    const key = name.toUpperCase();
    return (
      this.liveTables().some((t) => t !== selfTable && t.name.toUpperCase() === key) ||
      this.names.some((n) => !n.deleted && n.name.toUpperCase() === key)
    );
  }

  checkTableName(name: unknown, self?: TableModel): string {
    if (!isValidDefinedName(name)) fail("InvalidArgument", `"${String(name)}" is not a valid table name.`, "table.name");
    if (this.nameTaken(name, self)) fail("InvalidArgument", `The name "${name}" is already used by a table or named item.`, "table.name");
    return name;
  }

  /** tables.add(range, hasHeaders): the first row becomes the header row. */
  addTable(ref: RangeRef, hasHeaders: unknown): TableModel {
    if (hasHeaders !== true) fail("NotImplemented", "The fake implements tables.add(…, true) only (headers in the first row).", "tables.add");
    const rc = { ...ref.rect };
    if (rc.r1 === MAX_ROWS - 1 || rc.c1 === MAX_COLS - 1) fail("InvalidArgument", "A table cannot span whole rows or columns.", "tables.add");
    if (ref.sheet.tables().some((t) => intersects(t.rect, rc))) fail("InvalidArgument", "A table can't overlap another table.", "tables.add");
    if (rows(rc) === 1) rc.r1 += 1; // Excel adds one empty data row under a lone header row
    let n = this.nextTableId;
    while (this.nameTaken(`Table${n}`)) n++;
    const table: TableModel = { id: `{fake-table-${this.nextTableId++}}`, name: `Table${n}`, sheet: ref.sheet, rect: rc, style: "TableStyleMedium2" };
    this.tables.push(table);
    this.normalizeTableHeaders(ref.sheet, rc);
    return table;
  }

  /**
   * table.name = …: Excel renames the table in every formula that already names it (structured and bare
   * references). Formulas written afterwards must use the new name (the fake stores them as given).
   */
  renameTable(t: TableModel, name: unknown): void {
    const checked = this.checkTableName(name, t);
    const key = t.name.toUpperCase();
    t.name = checked;
    this.breakReferences((x) => {
      if (x.kind === "structured" && x.table?.toUpperCase() === key) return checked + x.text.slice(x.table.length);
      if (x.kind === "name" && x.sheet === undefined && x.name.toUpperCase() === key) return checked;
      return undefined;
    });
  }

  /** Table.delete(): the table and its cells go; formulas that name it keep #REF! in its place, as in Excel. */
  deleteTable(t: TableModel): void {
    t.deleted = true;
    t.sheet.clear(t.rect, "All");
    const key = t.name.toUpperCase();
    this.breakReferences((x) => (x.kind === "structured" && x.table?.toUpperCase() === key) || (x.kind === "name" && x.sheet === undefined && x.name.toUpperCase() === key) ? "#REF!" : undefined);
  }

  /** Rewrite every formula of the workbook (cells, conditional formats, names) whose tokens `broken` replaces. */
  private breakReferences(broken: (t: Token) => string | undefined): void {
    const fix = (f: string): string => rewriteTokens(f, broken);
    for (const s of this.liveSheets()) {
      for (const row of s.cells.values()) for (const cell of row) if (cell?.f) cell.f = fix(cell.f);
      for (const cf of s.conditionalFormats) if (cf.formula) cf.formula = fix(cf.formula);
    }
    for (const n of this.names) if (!n.deleted) n.formula = fix(n.formula);
  }

  tableHeaders(t: TableModel): string[] {
    return t.sheet.values({ r0: t.rect.r0, r1: t.rect.r0, c0: t.rect.c0, c1: t.rect.c1 })[0].map(String);
  }

  /** Excel keeps table headers non-empty, textual and unique: "Column1", "Name2" … */
  normalizeTableHeaders(sheet: FakeSheet, touched: Rect): void {
    for (const t of sheet.tables()) {
      const header = { r0: t.rect.r0, r1: t.rect.r0, c0: t.rect.c0, c1: t.rect.c1 };
      if (!intersects(header, touched)) continue;
      const seen = new Set<string>();
      const fixed = sheet.values(header)[0].map((v, i) => {
        let name = v === "" ? `Column${i + 1}` : String(v);
        if (seen.has(name.toUpperCase())) {
          let k = 2;
          while (seen.has(`${name}${k}`.toUpperCase())) k++;
          name = `${name}${k}`;
        }
        seen.add(name.toUpperCase());
        return name;
      });
      fixed.forEach((name, i) => {
        const cell = sheet.cell(header.r0, header.c0 + i);
        if (!cell || cell.v !== name || cell.f !== undefined) sheet.setText(header.r0, header.c0 + i, name);
      });
    }
  }

  // ---- charts, formats, names --------------------------------------------------------------------

  addChart(sheet: FakeSheet, chartType: string, source: RangeRef, seriesBy: string): ChartModel {
    const chart: ChartModel = {
      id: `{fake-chart-${this.nextChartId}}`,
      name: `Chart ${this.nextChartId++}`,
      sheet,
      chartType,
      series: [],
      axes: new Map(),
    };
    const byRows = seriesBy === "Rows";
    const n = byRows ? rows(source.rect) : cols(source.rect);
    for (let i = 0; i < n; i++) {
      const r = byRows
        ? { ...source.rect, r0: source.rect.r0 + i, r1: source.rect.r0 + i }
        : { ...source.rect, c0: source.rect.c0 + i, c1: source.rect.c0 + i };
      chart.series.push({ name: `Series${i + 1}`, axisGroup: "Primary", values: { sheet: source.sheet, rect: r } });
    }
    sheet.charts.push(chart);
    return chart;
  }

  nextConditionalFormatId(): number {
    return this.nextCfId++;
  }

  /** A live defined name (case-insensitive), or undefined. */
  findName(name: string): NamedItemModel | undefined {
    const key = name.toUpperCase();
    return this.names.find((n) => !n.deleted && n.name.toUpperCase() === key);
  }

  checkNewName(name: unknown): string {
    if (!isValidDefinedName(name)) fail("InvalidArgument", `"${String(name)}" is not a valid name.`, "names.add");
    if (this.nameTaken(name)) fail("InvalidArgument", `The name "${name}" already exists.`, "names.add");
    return name;
  }

  // ---- helpers for tests ------------------------------------------------------------------------

  /** Resolve "Sheet!A1:B2" or (sheet, "A1:B2"). */
  ref(sheetName: string, address: string): RangeRef {
    return { sheet: this.sheet(sheetName), rect: parseAddress(address).rect };
  }

  /** Write through Excel's own parsing, as if a user typed the values (test setup). */
  seed(sheetName: string, topLeft: string, data: unknown[][]): void {
    const s = this.findSheet(sheetName) ?? this.addSheet(sheetName);
    const at = parseAddress(topLeft).rect;
    const width = Math.max(...data.map((l) => l.length));
    const padded = data.map((l) => [...l, ...new Array(width - l.length).fill(null)]);
    s.writeEntries(rect(at.r0, at.c0, data.length, width), padded, "seed");
  }

  values(sheetName: string, address: string): Scalar[][] {
    const { sheet, rect: rc } = this.ref(sheetName, address);
    return sheet.values(rc);
  }

  formulas(sheetName: string, address: string): Scalar[][] {
    const { sheet, rect: rc } = this.ref(sheetName, address);
    return sheet.formulas(rc);
  }

  numberFormats(sheetName: string, address: string): string[][] {
    const { sheet, rect: rc } = this.ref(sheetName, address);
    return sheet.numberFormats(rc);
  }

  /** Set the user's selection (what `workbook.getSelectedRange()` returns). */
  select(sheetName: string, address: string): void {
    const sheet = this.sheet(sheetName);
    this.activeSheet = sheet;
    this.selection = { sheet, rect: parseAddress(address).rect };
  }

  table(name: string): TableModel {
    const t = this.findTable(name);
    if (!t) throw new Error(`fake: no table "${name}"`);
    return t;
  }

  tableAddress(name: string): string {
    const t = this.table(name);
    return formatRect(t.rect);
  }

  /** Validations and conditional formats that apply to a cell of a sheet (tests). */
  validationAt(sheetName: string, address: string): ValidationModel | undefined {
    const { sheet, rect: rc } = this.ref(sheetName, address);
    return sheet.validations.find((v) => contains(v.rect, rc));
  }
}
