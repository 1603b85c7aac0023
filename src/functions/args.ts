/**
 * Coercion of custom-function arguments, the way Excel hands them over (DESIGN §2 rule 1):
 *
 * - A range or array constant arrives as a 2-D array, row-major (`[[1], [2]]` is a column, `[[1, 2]]` a row).
 * - A blank cell arrives as `null` (Excel on the web, new builds) or `""`; some desktop builds have sent
 *   `0`, which we cannot tell from a typed 0. We treat `null`, `undefined`, `""` and whitespace-only text
 *   as blank, and never turn a blank into 0.
 * - An omitted optional argument arrives as `null` or `undefined`: TypeScript default values are NOT
 *   applied by Excel, so every optional argument is defaulted here, explicitly.
 * - Text where a number belongs is an error (KamError "number") naming the argument and the 1-based
 *   position inside it; numbers stored as text are not guessed at (locale rules, DESIGN §5).
 * - Cells holding an Excel data type (Stocks, Geography, other linked entities, formatted numbers) are
 *   read by their basic value: functions.json leaves `allowCustomDataForDataTypeAny` off (its default,
 *   false; the build removes the `true` the metadata generator writes), so Excel hands the functions
 *   plain values, as to a function written before data types existed. Should a data-type object arrive
 *   all the same (a host that ignores the flag, a caller passing one), `basicCell` reads it the same way:
 *   a formatted number or double as its number, an entity as the text it shows — a key, never a number:
 *   where a number belongs it is refused with a message that names the data type and says to refer to one
 *   of its fields (`=A2.Price`). docs/functions.md, "Conventions", says so for users.
 */
import { KamError } from "../core/errors";
import type { CellError } from "../core/grid";
import type { ProblemRef } from "../i18n/problems";
import { readKeyCell } from "../core/keyCell";

/** A custom-function argument as Excel may pass it: a 2-D array, or a scalar for a single value. */
export type ExcelArg = unknown;

/** How a one-dimensional range was laid out, so results can be returned the same way. */
export type Orientation = "column" | "row";

export interface Vector {
  cells: unknown[];
  orientation: Orientation;
}

/** True for the values Excel uses for an empty cell: null, undefined, "" (and whitespace-only text). */
export function isBlank(x: unknown): boolean {
  return x === null || x === undefined || (typeof x === "string" && x.trim() === "");
}

/** True when an optional argument was left out: null/undefined, or a (range of) blank cell(s). */
export function isOmitted(arg: ExcelArg): boolean {
  if (Array.isArray(arg)) return arg.every((row) => (Array.isArray(row) ? row.every(isBlank) : isBlank(row)));
  return isBlank(arg);
}

/** The fields of an Excel data-type cell value we use (Excel.CellValue: EntityCellValue, DoubleCellValue …). */
interface DataTypeValue {
  /** "Entity", "LinkedEntity", "FormattedNumber", "Double", "String", "Boolean", "WebImage" … */
  type: string;
  /** What `Range.values` returns for the cell: a number, text, boolean, or "#VALUE!" for entities. */
  basicValue?: unknown;
  /** The text the cell shows (entities, linked entities). */
  text?: unknown;
}

/** `x` as a data-type cell value, or null for plain values (numbers, text, booleans, null, arrays). */
export function dataTypeOf(x: unknown): DataTypeValue | null {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return null;
  const t = (x as { type?: unknown }).type;
  return typeof t === "string" ? (x as DataTypeValue) : null;
}

/**
 * A cell by its basic value: a plain value as is; a data type as the number it holds (FormattedNumber,
 * Double), else the text it shows (an entity's `text`, a String's basic value), else its basic value.
 */
export function basicCell(x: unknown): unknown {
  const dt = dataTypeOf(x);
  if (!dt) return x;
  if (typeof dt.basicValue === "number" || typeof dt.basicValue === "boolean") return dt.basicValue;
  if (typeof dt.text === "string") return dt.text;
  return dt.basicValue ?? "";
}

/** A short rendering of a cell for messages ("abc" quoted and cut at 30 characters, TRUE, 12), to word in the user's language. */
function show(x: unknown): ProblemRef {
  if (typeof x === "string") return { key: "cell.text", values: { text: x.length > 30 ? x.slice(0, 29) + "…" : x } };
  if (typeof x === "boolean") return { key: "cell.other", values: { text: x ? "TRUE" : "FALSE" } };
  if (typeof x === "number") return { key: "cell.other", values: { text: String(x) } };
  return { key: "arg.valueNumber" };
}

/**
 * `arg` as a rectangular 2-D array. A scalar becomes 1×1; a flat array (a 1-D array constant from a
 * test or another caller) becomes one row.
 * @throws KamError("shape") for rows of different lengths or an empty array.
 */
export function readGrid(arg: ExcelArg, name: string): unknown[][] {
  let grid: unknown[][];
  if (!Array.isArray(arg)) grid = [[arg]];
  else if (arg.length > 0 && allArrays(arg)) grid = arg as unknown[][];
  else grid = [arg];
  const width = grid[0].length;
  if (width === 0) throw new KamError("shape", "arg.empty", { name }, { column: name });
  for (let i = 1; i < grid.length; i++) {
    if (grid[i].length !== width) {
      throw new KamError("shape", "arg.notRectangular", { name, row: String(i + 1), cells: grid[i].length, width }, { column: name });
    }
  }
  return grid;
}

/** True when every item is an array (a loop, not `every`: ranges have a million rows). */
function allArrays(xs: readonly unknown[]): boolean {
  for (let i = 0; i < xs.length; i++) if (!Array.isArray(xs[i])) return false;
  return true;
}

/**
 * The layout of a one-row or one-column range: a 1×1 range counts as a column.
 * @throws KamError("shape") for a range with several rows and several columns.
 */
function vectorOrientation(grid: unknown[][], name: string): Orientation {
  if (grid[0].length === 1) return "column";
  if (grid.length === 1) return "row";
  throw new KamError("shape", "arg.notVector", { name, rows: grid.length, columns: grid[0].length }, { column: name });
}

/**
 * A one-row or one-column range flattened to its cells. A 1×1 range counts as a column.
 * @throws KamError("shape") for a range with several rows and several columns.
 */
export function readVector(arg: ExcelArg, name: string): Vector {
  const grid = readGrid(arg, name);
  const orientation = vectorOrientation(grid, name);
  if (orientation === "row") return { cells: grid[0].slice(), orientation };
  const cells = new Array<unknown>(grid.length);
  for (let i = 0; i < grid.length; i++) cells[i] = grid[i][0];
  return { cells, orientation };
}

/** Where cell `i` (0-based) of a vector is, to word in the user's language: "row 3" for a column, "column 3" for a row. */
export function placeRef(v: { orientation: Orientation }, i: number): ProblemRef {
  return { key: v.orientation === "column" ? "arg.place.row" : "arg.place.column", values: { n: String(i + 1) } };
}

/** Where cell (r, c) (0-based) of a range is: "row 2, column 3". */
function cellPlace(r: number, c: number): ProblemRef {
  return { key: "arg.place.cell", values: { row: String(r + 1), column: String(c + 1) } };
}

/**
 * One cell as a number, or null for a blank.
 * @param where position for messages ("row 3", "row 2, column 4"); null for a single-value argument.
 *              A function is called only when there is an error: ranges of a million cells then build no
 *              positions.
 * @throws KamError("number") for text, booleans, errors and non-finite numbers.
 */
export function cellNumber(x: unknown, name: string, where: ProblemRef | null | (() => ProblemRef)): number | null {
  if (typeof x === "number" && Number.isFinite(x)) return x;
  if (isBlank(x)) return null;
  const dt = dataTypeOf(x);
  if (dt && typeof dt.basicValue === "number" && Number.isFinite(dt.basicValue)) return dt.basicValue;
  const place = typeof where === "function" ? where() : where;
  const at: ProblemRef | string = place ? { key: "arg.place.at", values: { place } } : "";
  if (dt) throw new KamError("number", "arg.dataType", { name, at, cell: show(basicCell(x)), type: dt.type }, { column: name });
  throw new KamError("number", "arg.notNumber", { name, at, cell: show(x) }, { column: name });
}

/**
 * Cell `i` of a vector as a number, or null for a blank. A finite number (nearly every cell of a large
 * range) is returned at once; anything else goes through `cellNumber`, which builds the position for
 * its message only then.
 */
function vectorNumber(x: unknown, name: string, orientation: Orientation, i: number): number | null {
  if (typeof x === "number" && Number.isFinite(x)) return x;
  return cellNumber(x, name, () => placeRef({ orientation }, i));
}

/** The cells of a one-row/one-column range as numbers, blanks as null. */
export function readNumberVector(arg: ExcelArg, name: string): { numbers: (number | null)[]; orientation: Orientation } {
  const grid = readGrid(arg, name);
  const orientation = vectorOrientation(grid, name);
  const numbers = new Array<number | null>(orientation === "column" ? grid.length : grid[0].length);
  if (orientation === "column") for (let i = 0; i < grid.length; i++) numbers[i] = vectorNumber(grid[i][0], name, orientation, i);
  else for (let i = 0; i < numbers.length; i++) numbers[i] = vectorNumber(grid[0][i], name, orientation, i);
  return { numbers, orientation };
}

/** The values of a one-row/one-column range in one typed array, for the functions that rank a million rows. */
export interface NumberColumn {
  /** One entry per cell; NaN for a blank (every other cell is a finite number, so NaN is unambiguous). */
  numbers: Float64Array;
  /** How many cells are blank. */
  blanks: number;
  orientation: Orientation;
}

/**
 * The cells of a one-row/one-column range as numbers, in one pass into a Float64Array, blanks as NaN:
 * what `readNumberVector` reads, with the same errors, without an array of boxed numbers and nulls.
 * @throws KamError("shape") for a range that is not one row or one column; KamError("number") as `cellNumber`.
 */
export function readNumberColumn(arg: ExcelArg, name: string): NumberColumn {
  return plainColumn(arg) ?? checkedNumberColumn(arg, name);
}

/**
 * The common case in one pass over the rows: an n×1 range (n ≥ 2) of finite numbers, null, undefined and
 * "". Undefined at the first cell that is anything else, or a row that is not one cell: the checked path
 * then reads the range again and raises its errors in their usual order (shape first, then the cell).
 */
function plainColumn(arg: ExcelArg): NumberColumn | undefined {
  if (!Array.isArray(arg) || arg.length < 2) return undefined;
  const numbers = new Float64Array(arg.length);
  let blanks = 0;
  for (let i = 0; i < arg.length; i++) {
    const row: unknown = arg[i];
    if (!Array.isArray(row) || row.length !== 1) return undefined;
    const x: unknown = row[0];
    if (typeof x === "number") {
      if (!Number.isFinite(x)) return undefined;
      numbers[i] = x;
    } else if (x === null || x === undefined || x === "") {
      numbers[i] = NaN;
      blanks++;
    } else return undefined;
  }
  return { numbers, blanks, orientation: "column" };
}

/** `readNumberColumn` for any range, cell by cell through `cellNumber`. */
function checkedNumberColumn(arg: ExcelArg, name: string): NumberColumn {
  const grid = readGrid(arg, name);
  const orientation = vectorOrientation(grid, name);
  const n = orientation === "column" ? grid.length : grid[0].length;
  const numbers = new Float64Array(n);
  let blanks = 0;
  for (let i = 0; i < n; i++) {
    const x = orientation === "column" ? grid[i][0] : grid[0][i];
    const v = vectorNumber(x, name, orientation, i);
    if (v === null) {
      numbers[i] = NaN;
      blanks++;
    } else numbers[i] = v;
  }
  return { numbers, blanks, orientation };
}

/** A rectangular range as numbers, blanks as null; positions are "row r, column c" of the range. */
export function readNumberGrid(arg: ExcelArg, name: string): (number | null)[][] {
  return readGrid(arg, name).map((row, r) => row.map((x, c) => cellNumber(x, name, () => cellPlace(r, c))));
}

/**
 * A list of numbers where every cell must be filled (weights, thresholds): one row or one column.
 * @throws KamError("number") naming the blank or non-numeric position.
 */
export function readRequiredNumbers(arg: ExcelArg, name: string): number[] {
  const v = readVector(arg, name);
  return v.cells.map((x, i) => {
    const n = cellNumber(x, name, () => placeRef(v, i));
    if (n === null) throw new KamError("number", "arg.blankNeeded", { name, at: placeRef(v, i) }, { column: name });
    return n;
  });
}

/**
 * Customer keys from a one-row/one-column range under the one key rule (`src/core/keyCell.ts`, shared with
 * the task pane and the CLI): text trimmed and inner whitespace collapsed, case kept; numbers as their text.
 * A blank cell, a placeholder for "no customer" (NA, N/A, #N/A, NULL, (blank), -) or the error value #N/A
 * gives null: the function leaves that row out and returns "" for it, as for a blank.
 * @throws KamError("argument") for any other error value (#DIV/0!, #REF! …), naming its position.
 */
export function readKeys(arg: ExcelArg, name: string): (string | null)[] {
  return keysOf(readVector(arg, name), name);
}

/**
 * The keys of a vector's cells (`readKeys`). Keys repeat (invoice lines: a million rows, a few thousand
 * customers), and a text cell's key depends on its text only, so each distinct text is read under the
 * key rule once and then looked up.
 */
function keysOf(v: Vector, name: string): (string | null)[] {
  const cells = v.cells;
  const keys = new Array<string | null>(cells.length);
  const byText = new Map<string, string | null>();
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell === "string") {
      let key = byText.get(cell);
      if (key === undefined) byText.set(cell, (key = keyOf(cell, name, v, i)));
      keys[i] = key;
    } else keys[i] = keyOf(cell, name, v, i);
  }
  return keys;
}

/** One key cell under the key rule (`readKeyCell`): its key, or null for a blank or a placeholder. */
function keyOf(cell: unknown, name: string, v: { orientation: Orientation }, i: number): string | null {
  // A data type (a Stocks or Geography cell as customer) is the customer it shows.
  const x = basicCell(cell);
  const read = readKeyCell(typeof x === "number" && !Number.isFinite(x) ? { error: "#NUM!" } : errorCell(x) ?? x);
  if ("key" in read) return read.key;
  if ("placeholder" in read) return null;
  throw new KamError("argument", "arg.notKey", { name, at: placeRef(v, i) }, { column: name });
}

/**
 * An error value as custom functions may receive it (a `CustomFunctions.Error`-like object with an `errorCode`
 * such as "#N/A", or a Grid `{ error }` marker) as a Grid error marker; undefined for anything else.
 */
function errorCell(x: unknown): CellError | undefined {
  if (typeof x !== "object" || x === null || x instanceof Date) return undefined;
  const e = x as { error?: unknown; errorCode?: unknown; code?: unknown };
  if (typeof e.error === "string") return { error: e.error };
  if (typeof e.errorCode === "string") return { error: e.errorCode === "NotAvailable" ? "#N/A" : e.errorCode };
  if (typeof e.code === "string") return { error: e.code === "NotAvailable" ? "#N/A" : e.code };
  return { error: "#VALUE!" };
}

/**
 * An optional keyword argument such as method "value" | "count", matched case-insensitively.
 * Omitted (null, undefined, blank) → `fallback`.
 * @throws KamError("argument") for anything else, listing the allowed words.
 */
export function readChoice<T extends string>(arg: ExcelArg, name: string, allowed: readonly T[], fallback: T): T {
  const x = basicCell(Array.isArray(arg) ? readVector(arg, name).cells[0] : arg);
  if (isBlank(x)) return fallback;
  if (typeof x === "string") {
    const hit = allowed.find((a) => a.toLowerCase() === x.trim().toLowerCase());
    if (hit !== undefined) return hit;
  }
  // "a" or "b" or "c", each joined in the user's language.
  const options = allowed
    .map((a): ProblemRef | string => `"${a}"`)
    .reduce((a, b) => ({ key: "arg.or", values: { a, b } }));
  throw new KamError("argument", "arg.choice", { name, options, cell: show(x) }, { column: name });
}

/**
 * An optional single number. Omitted (null, undefined, blank) → `fallback`.
 * @throws KamError("number") for text or booleans.
 */
export function readOptionalNumber(arg: ExcelArg, name: string, fallback: number): number {
  const x = Array.isArray(arg) ? readVector(arg, name).cells[0] : arg;
  const n = cellNumber(x, name, null);
  return n === null ? fallback : n;
}

/**
 * Results laid out like the input vector: n×1 for a column (and for an empty input, one blank cell),
 * 1×n for a row, so a spilled result sits beside (or below) its input, row for row.
 */
export function shapeLike<T>(items: readonly T[], orientation: Orientation): (T | "")[][] {
  if (items.length === 0) return [[""]];
  if (orientation === "row") return [items.slice()];
  const out = new Array<T[]>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = [items[i]];
  return out;
}

/**
 * An optional single number where "omitted" has its own meaning (e.g. "use the median"): null when the
 * argument is left out or blank, else the number.
 * @throws KamError("number") for text or booleans.
 */
export function readMaybeNumber(arg: ExcelArg, name: string): number | null {
  const x = Array.isArray(arg) ? readVector(arg, name).cells[0] : arg;
  return cellNumber(x, name, null);
}

/** One input of `readAligned`: an argument, its name, and whether it may be left out. */
export interface AlignedInput {
  arg: ExcelArg;
  name: string;
  /** When true and the argument is omitted, its column is `null` (the caller applies its default). */
  optional?: boolean;
}

export interface Aligned {
  /** One column per input, n cells each (a single value repeated), or null for an omitted optional input. */
  columns: ((number | null)[] | null)[];
  /** Number of rows (the longest input). */
  n: number;
  /** Layout of the longest input, for `shapeLike`. */
  orientation: Orientation;
}

/**
 * Several row-aligned numeric inputs (one value per customer): each a one-column/one-row range of n
 * cells, or a single value that applies to every row (as Excel's own array arithmetic does).
 * Blanks stay null: the caller returns "" for such rows.
 * @throws KamError("shape") when two inputs have different lengths other than 1, naming both;
 *         KamError("number") for text, naming the argument and position.
 */
export function readAligned(inputs: readonly AlignedInput[]): Aligned {
  const read = inputs.map((input) =>
    input.optional && isOmitted(input.arg) ? null : readNumberVector(input.arg, input.name),
  );
  let n = 0;
  let orientation: Orientation = "column";
  let longest = "";
  read.forEach((r, k) => {
    if (r && r.numbers.length > n) {
      n = r.numbers.length;
      orientation = r.orientation;
      longest = inputs[k].name;
    }
  });
  const columns = read.map((r, k) => {
    if (!r) return null;
    if (r.numbers.length === n) return r.numbers;
    if (r.numbers.length === 1) return new Array<number | null>(n).fill(r.numbers[0]);
    throw new KamError("shape", "arg.lengths", { name: inputs[k].name, count: r.numbers.length, longest, n }, { column: inputs[k].name });
  });
  return { columns, n, orientation };
}

/**
 * All cells of a range of any shape as numbers, row by row, blanks as null, with a function that names
 * cell i's place ("row 2, column 3") for messages (survey answers for NPS and CSAT).
 */
export function readNumberCells(arg: ExcelArg, name: string): { numbers: (number | null)[]; where: (i: number) => ProblemRef } {
  const grid = readGrid(arg, name);
  const width = grid[0].length;
  const numbers: (number | null)[] = [];
  grid.forEach((row, r) => row.forEach((x, c) => numbers.push(cellNumber(x, name, () => cellPlace(r, c)))));
  return { numbers, where: (i) => cellPlace(Math.floor(i / width), i % width) };
}

/** Rows of a one-row/one-column value range grouped by customer: what `groupKeys` returns. */
export interface KeyGroups {
  /** Each row's customer index, or -1 for a row left out (blank value, blank or placeholder key). */
  rowCustomer: Int32Array;
  /** Each customer's key under the key rule (`readKeys`), in order of first appearance among counted rows. */
  customers: string[];
  /** Each customer's label for a table: its first counted row's cell when that is a number (an ID typed as a number), else its key. */
  labels: (string | number)[];
}

/**
 * The customers of a key range for a value column, in one pass over the key cells: each row's key under
 * the key rule of `readKeys` (same keys, same errors in the same order), grouped into customers.
 * Invoice lines repeat their customer (a million rows, tens of thousands of customers): a text cell or a
 * number seen before is looked up once, straight to its customer, with no key built and no array per row.
 * @param arg     the key range (one row or one column).
 * @param numbers the value column (`readNumberColumn`); a row whose value is NaN (blank) is not counted:
 *                it belongs to no customer and creates none, though its key cell is still checked.
 * @param mismatch the error to throw when the key range has another number of cells than `numbers`
 *                (given the key range's count); thrown after every key cell has been checked, as
 *                `readKeys` followed by a length check would.
 * @throws KamError("shape") as `readVector`; KamError("argument") for an error value other than #N/A.
 */
export function groupKeys(arg: ExcelArg, name: string, numbers: Float64Array, mismatch: (count: number) => KamError): KeyGroups {
  const grid = readGrid(arg, name);
  const orientation = vectorOrientation(grid, name);
  const column = orientation === "column";
  const n = column ? grid.length : grid[0].length;
  const where = { orientation };
  const sameLength = n === numbers.length;
  const rowCustomer = new Int32Array(sameLength ? n : 0);
  const customers: string[] = [];
  const labels: (string | number)[] = [];
  // A text's or a number's customer (-1: a placeholder, no customer); set once a counted row has it.
  const byText = new Map<string, number>();
  const byNumber = new Map<number, number>();
  const byKey = new Map<string, number>();
  const customerOf = (key: string, cell: unknown): number => {
    let c = byKey.get(key);
    if (c === undefined) {
      c = customers.length;
      byKey.set(key, c);
      customers.push(key);
      labels.push(typeof cell === "number" ? cell : key);
    }
    return c;
  };
  for (let i = 0; i < n; i++) {
    const cell: unknown = column ? grid[i][0] : grid[0][i];
    const counted = sameLength && !Number.isNaN(numbers[i]);
    let c: number | undefined;
    if (typeof cell === "string") {
      c = byText.get(cell);
      if (c === undefined) {
        const key = keyOf(cell, name, where, i);
        if (key === null) byText.set(cell, (c = -1));
        else if (counted) byText.set(cell, (c = customerOf(key, cell)));
        else c = -1;
      }
    } else if (typeof cell === "number" && Number.isFinite(cell)) {
      c = byNumber.get(cell);
      if (c === undefined) {
        const key = keyOf(cell, name, where, i) as string; // a finite number is always a key
        if (counted) byNumber.set(cell, (c = customerOf(key, cell)));
        else c = -1;
      }
    } else if (cell === null || cell === undefined) {
      c = -1;
    } else {
      const key = keyOf(cell, name, where, i);
      c = key === null || !counted ? -1 : customerOf(key, cell);
    }
    if (sameLength) rowCustomer[i] = counted ? c : -1;
  }
  if (!sameLength) throw mismatch(n);
  return { rowCustomer, customers, labels };
}

/** Rows of a table result; a table with no rows is one row of `width` blanks (results are never empty). */
export function tableRows<T>(rows: T[][], width: number): (T | "")[][] {
  return rows.length === 0 ? [new Array<"">(width).fill("")] : rows;
}

/** A table transposed (rows ↔ columns), for results of row-oriented inputs. */
export function transpose<T>(rows: readonly (readonly T[])[]): T[][] {
  if (rows.length === 0) return [];
  return rows[0].map((_, c) => rows.map((row) => row[c]));
}
