/**
 * Rows → per-customer sums for an ABC analysis, one row at a time (the command line's streaming read
 * path). Memory grows with customers, not lines: no row is kept.
 *
 * It gives what `readAbcInput` (src/core/input.ts) followed by `aggregateByKey` (src/core/abc.ts) gives
 * for the same rows: the same header and column rules, the same customer-key rule
 * (src/core/customerKey.ts: trimmed, inner whitespace collapsed, placeholders skipped and counted by
 * kind), the same exact decimal totals, and the same errors. One rule, one home: rows the fast path
 * below does not settle (a value that is not a plain decimal, a key that is not text, anything wrong)
 * go through `readAbcInput` itself, on a sparse grid that holds only the header row and that row at their
 * own row numbers, so the error (file, column, row, wording) is the grid path's.
 */
import { type AbcInputOptions, readAbcInput } from "../../core/input";
import { type PlaceholderCounts, type PlaceholderKind, PLACEHOLDER_KINDS, countPlaceholder, customerKey, placeholderKind, placeholderOfKey } from "../../core/customerKey";
import { cellText, findHeader, headerTexts, isBlank, isBlankRow, isCellError, type Grid } from "../../core/grid";
import { aggregateByKey } from "../../core/abc";
import { KamError, overflowError } from "../../core/errors";
import { readNumber } from "../../core/numbers";
import { ratioOf } from "../../core/exact";
import { type TotalRow, trailingTotalOf } from "../../core/totalRow";
import { DecimalSums } from "./decimalSums";

/** What a streamed read hands to the ABC core. */
export interface StreamedAbc {
  /** Customer keys in first-seen order. */
  customers: string[];
  /** Exact total per customer (see `DecimalSums`). */
  totals: number[];
  /** Data rows used. */
  usedRows: number;
  /** Rows skipped for a placeholder key, by kind. */
  skipped: PlaceholderCounts;
  /** Rows skipped in all. */
  skippedRows: number;
  /** Trimmed header texts of the header row. */
  headers: string[];
  /** A trailing grand-total row that was taken back out (src/core/totalRow.ts), if any. */
  totalRows: TotalRow[];
}

/**
 * What the stream engines (csvFile.ts, xlsxFile.ts) feed, one row at a time: `header(cells)` with each row
 * until it returns true (the first row with content), then `row(…)` for every later data row and
 * `tableRow` for an Excel table's Total row, then `finish()`.
 */
export interface RowSink<R> {
  /** 0-based columns of the customer key and the value, once the header is read. */
  readonly keyColumn: number;
  readonly valueColumn: number;
  /** Other 0-based columns the sink reads, once the header is read (their cells come through `row`'s `cell`). */
  readonly moreColumns: readonly number[];
  /** @returns true when this row is the header row. @throws KamError("column") as `readAbcInput`. */
  header(cells: unknown[], rowIndex: number): boolean;
  /**
   * One data row. @param rowIndex 0-based (the row the user sees is rowIndex + 1); @param key, value the
   * customer and value cells (null when the row is shorter); @param cells the whole row, asked for only
   * in rare cases; @param cell the cell of one of `moreColumns` (null when the row is shorter).
   */
  row(rowIndex: number, key: unknown, value: unknown, cells: () => unknown[], cell?: (column: number) => unknown): void;
  /** An Excel table's Total row, taken out by the engine before the sink, as `readAbcInput` takes it out. */
  tableRow(total: TotalRow): void;
  /** Whether a row was skipped for a blank customer key (a merge beside it could have decided that). */
  readonly skippedBlankKeys: boolean;
  /** The result. @throws KamError as the whole-file path, for what only the end of the rows decides. */
  finish(): R;
}

/** A kind of streamed read: its row sink, and the whole-file path for files a stream leaves to it. */
export interface RowReader<R> {
  /** Column names, locale and source of the key and value (the other columns are the sink's). */
  readonly options: AbcInputOptions;
  sink(): RowSink<R>;
  /** The same result from a grid read whole (src/read/csv.ts, src/read/xlsx.ts). */
  fromGrid(grid: Grid, tableTotalsRows?: ReadonlySet<number>): R;
  /** A faster engine for a CSV file that throws `FallBack` (csvBytes.ts) when the text engine must read it. */
  bytes?(path: string): R;
}

/** Per-customer sums of the value column: `readAbcInput` + `aggregateByKey`, streamed. */
export function abcReader(options: AbcInputOptions): RowReader<StreamedAbc> {
  return { options, sink: () => new AbcRowSink(options), fromGrid: (grid, tableTotalsRows) => gridAbc(grid, { ...options, tableTotalsRows }) };
}

/**
 * The per-customer totals of `sums`, one per customer (customers without a row sum to 0).
 * @throws overflowError naming the first customer whose total is beyond float64.
 */
export function finiteTotals(sums: DecimalSums, customers: readonly string[]): number[] {
  while (sums.size < customers.length) sums.addCustomer();
  const totals = sums.totals();
  totals.forEach((t, c) => {
    if (!Number.isFinite(t)) throw overflowError({ key: "overflow.customerTotal", values: { customer: customers[c] } });
  });
  return totals;
}

/** Length of the longest placeholder text ("(blank)"). */
const LONGEST_PLACEHOLDER = Math.max(...PLACEHOLDER_KINDS.map((k) => k.length));

/** Placeholder kinds as negative codes in the raw-key cache: -1 - index in PLACEHOLDER_KINDS. */
const kindCode = (kind: PlaceholderKind): number => -1 - PLACEHOLDER_KINDS.indexOf(kind);
/** The raw-key code of a blank key cell (see `AbcRowSink.codeOf`). */
export const EMPTY = kindCode("empty");

/** Collects the key and value of each row into exact per-customer sums (see `RowSink`). */
export class AbcRowSink implements RowSink<StreamedAbc> {
  keyColumn = -1;
  valueColumn = -1;
  readonly moreColumns: readonly number[] = [];
  private headerCells: unknown[] = [];
  private headerIndex = -1;
  private headers: string[] = [];
  /** Raw key text → customer index, or a negative placeholder code (see `kindCode`). */
  private readonly raw = new Map<string, number>();
  /** Normalised key → customer index, for customers [0, indexed). */
  private readonly index = new Map<string, number>();
  private indexed = 0;
  /** Customers made by `customerCode` (a key read as text). */
  private byText = 0;
  private readonly customers: string[] = [];
  private readonly sums = new DecimalSums();
  private readonly skipped: PlaceholderCounts = {};
  private usedRows = 0;
  /**
   * The last used row, for the trailing grand-total rule (src/core/totalRow.ts): its customer, whether
   * that row made it a customer, its value and 1-based row. The sum of the rows above it is the exact
   * grand total less its value, so nothing is kept per row.
   */
  private lastC = -1;
  private lastIsNew = false;
  /** The last used row's value is lastUnits·10^-lastDecimals. */
  private lastUnits = 0;
  private lastDecimals = 0;
  private lastRow = 0;
  private readonly tableRows: TotalRow[] = [];
  private readonly fastNumber: (s: string) => number;

  /**
   * @param onUse called for each used row read through `row` (c = its customer, row 1-based), before the
   *              next row is read: a sink of more columns reads that row's other cells then.
   */
  constructor(
    private readonly options: AbcInputOptions,
    private readonly onUse?: (c: number, row: number) => void,
  ) {
    this.fastNumber = options.locale === "en-US" ? plainDecimal(0x2e) : plainDecimal(0x2c);
  }

  /**
   * Offers a row before the header is found.
   * @param cells the row's cells; @param rowIndex its 0-based index (grid row = sheet row - 1).
   * @returns true when this row is the header row (blank rows return false).
   * @throws KamError("column") as `readAbcInput` for a missing or doubled column.
   */
  header(cells: unknown[], rowIndex: number): boolean {
    if (isBlankRow(cells)) return false;
    const headers = headerTexts(cells);
    const key = findHeader(headers, this.options.customer);
    const value = findHeader(headers, this.options.value);
    if (key < 0 || value < 0) {
      readAbcInput(this.sparse([], cells, rowIndex), this.options); // throws the column error
      throw new KamError("column", "input.columnNotFound", { source: this.options.source }, { source: this.options.source });
    }
    this.headerCells = cells.slice();
    this.headerIndex = rowIndex;
    this.headers = headers;
    this.keyColumn = key;
    this.valueColumn = value;
    return true;
  }

  /**
   * Adds one data row.
   * @param rowIndex 0-based row index (the row the user sees is rowIndex + 1).
   * @param key      the customer cell; @param value the value cell (null when the row is shorter).
   * @param cells    the whole row, asked for only in rare cases (blank key, a value to check slowly).
   * @throws KamError as `readAbcInput` for a value that is not a number, an error value as key, ….
   */
  row(rowIndex: number, key: unknown, value: unknown, cells: () => unknown[]): void {
    const before = this.customers.length;
    let c: number | undefined;
    if (typeof key === "string") {
      c = this.codeOf(key);
    } else if (key === null || key === undefined) {
      c = EMPTY;
    } else if ((typeof key === "number" && Number.isFinite(key)) || typeof key === "boolean" || key instanceof Date) {
      // IDs typed as numbers, as the grid path reads them (`cellText`).
      c = this.customerCode(cellText(key));
    }
    if (c !== undefined && c < 0) {
      // A placeholder; a row blank in every cell is no row at all.
      if (c === EMPTY && isBlankRow(cells())) return;
      countPlaceholder(this.skipped, PLACEHOLDER_KINDS[-1 - c]);
      return;
    }
    let x = NaN;
    if (c !== undefined) {
      if (typeof value === "string") {
        x = this.fastNumber(value);
        if (Number.isNaN(x)) {
          const r = readNumber(value, this.options.locale);
          if (r.ok) x = r.value;
        }
      } else if (typeof value === "number" && Number.isFinite(value)) x = value + 0;
    }
    if (c === undefined || Number.isNaN(x)) {
      // Rare (an error value as key, a value that is not a number): the grid path decides, once per such
      // row, at the cost of a pass over the row numbers above it.
      this.slowRow(rowIndex, key, cells(), before);
      return;
    }
    this.use(c, x, rowIndex + 1, before);
  }

  tableRow(total: TotalRow): void {
    this.tableRows.push(total);
  }

  get skippedBlankKeys(): boolean {
    return (this.skipped.empty ?? 0) > 0;
  }

  /** Number of customers so far (a new one gets this index). */
  get customerCount(): number {
    return this.customers.length;
  }

  /**
   * The code of a key cell's text: the customer's index (a new customer when the key is new), or a
   * negative placeholder code (`EMPTY` for a blank key). Cached by the raw text.
   */
  codeOf(text: string): number {
    let c = this.raw.get(text);
    if (c === undefined) {
      c = this.customerCode(text);
      this.raw.set(text, c);
    }
    return c;
  }

  /** Counts a row skipped for the placeholder of negative `code` other than `EMPTY` (see `codeOf`). */
  skip(code: number): void {
    countPlaceholder(this.skipped, PLACEHOLDER_KINDS[-1 - code]);
  }

  /**
   * Counts a used row whose value is the decimal m·10^-d (the byte reader's fast path; see
   * `DecimalSums.addUnits`). @param row 1-based; @param before as in `use`. `onUse` is not called: the
   * byte reader serves the ABC sums only (a plan's other columns go through the text engine).
   */
  useUnits(c: number, m: number, d: number, row: number, before: number): void {
    this.sums.addUnits(c, m, d);
    this.usedRows++;
    this.lastC = c;
    this.lastIsNew = c === before;
    // The Number is formed only if the row is still the last at the end (the trailing-total rule).
    this.lastUnits = m;
    this.lastDecimals = d;
    this.lastRow = row;
  }

  /** Counts a used row for customer `c` (`before` = number of customers before the row was read). */
  private use(c: number, x: number, row: number, before: number): void {
    this.sums.add(c, x);
    this.usedRows++;
    this.lastC = c;
    this.lastIsNew = c === before;
    this.lastUnits = x;
    this.lastDecimals = 0;
    this.lastRow = row;
    this.onUse?.(c, row);
  }

  /** The last used row when it is a trailing grand total (src/core/totalRow.ts). */
  private trailingTotal(): (TotalRow & { value: number }) | undefined {
    if (this.lastC < 0) return undefined;
    const last = { key: this.customers[this.lastC], row: this.lastRow, value: this.lastUnits / 10 ** this.lastDecimals + 0 };
    return trailingTotalOf(last, this.usedRows - 1, () => {
      const all = this.sums.exactTotal();
      const v = ratioOf(last.value);
      return { num: all.num * v.den - v.num * all.den, den: all.den * v.den };
    });
  }

  /** The per-customer totals. @throws KamError("empty") as `readAbcInput` when no row was used. */
  finish(): StreamedAbc {
    if (this.headerIndex < 0) {
      readAbcInput([], this.options); // throws "no header row"
    }
    if (this.usedRows === 0) {
      // The grid path's message counts the skipped rows; give it rows that skip the same way.
      const rows: unknown[][] = [];
      for (const kind of PLACEHOLDER_KINDS) {
        for (let i = 0; i < (this.skipped[kind] ?? 0); i++) rows.push(this.placeholderRow(kind));
      }
      readAbcInput(this.sparse(rows, this.headerCells, this.headerIndex), this.options);
      throw new KamError("empty", "input.noRows", { source: this.options.source }, { source: this.options.source });
    }
    const total = this.trailingTotal();
    if (total) {
      // The last row repeated the sum of the rows above it: not a customer (src/core/totalRow.ts).
      this.usedRows--;
      if (this.lastIsNew) {
        this.sums.removeLast();
        this.index.delete(this.customers.pop() as string);
      } else this.sums.add(this.lastC, -total.value);
    }
    const totals = finiteTotals(this.sums, this.customers);
    const skippedRows = Object.values(this.skipped).reduce((a, b) => a + (b ?? 0), 0);
    const totalRows = total ? [...this.tableRows, total] : this.tableRows;
    return { customers: this.customers, totals, usedRows: this.usedRows, skipped: this.skipped, skippedRows, headers: this.headers, totalRows };
  }

  /**
   * Customer index of a key's text, adding a new customer; a negative code for a placeholder. Not cached
   * by the raw text (`codeOf` is; the byte reader caches by raw bytes).
   */
  customerCode(text: string): number {
    const kind = placeholderKind(text);
    if (kind !== undefined) return kindCode(kind);
    const key = customerKey(text);
    // Customers added by `plainCustomer` are indexed only now that a key is looked up by text.
    for (; this.indexed < this.customers.length; this.indexed++) this.index.set(this.customers[this.indexed], this.indexed);
    let c = this.index.get(key);
    if (c === undefined) {
      c = this.sums.addCustomer();
      this.index.set(key, c);
      this.customers.push(key);
      this.indexed++;
      this.byText++;
    }
    return c;
  }

  /**
   * `customerCode` for a key the byte reader has not seen under these bytes, when the key rule leaves it
   * as it is (printable ASCII, no whitespace). Such a key is another customer's only if a key read as
   * text (`customerCode`) made that customer; otherwise it is a new customer, and it is not put in the
   * text index until a key is looked up by text. Most exports have no key the rule changes, so the
   * index of hundreds of thousands of keys is never built (a fifth of a 5,000,000-line read).
   */
  plainCustomer(text: string): number {
    if (text.length <= LONGEST_PLACEHOLDER) {
      const kind = text === "" ? "empty" : placeholderOfKey(text);
      if (kind !== undefined) return kindCode(kind);
    }
    if (this.byText > 0) {
      const c = this.index.get(text);
      if (c !== undefined) return c;
    }
    this.customers.push(text);
    return this.sums.addCustomer();
  }

  /** A row the fast path does not settle: the grid path reads it (and throws its error). */
  private slowRow(rowIndex: number, key: unknown, cells: unknown[], before: number): void {
    if (isBlankRow(cells)) return;
    const grid = this.sparse([], this.headerCells, this.headerIndex);
    grid[rowIndex] = cells;
    let input;
    try {
      input = readAbcInput(grid, this.options);
    } catch (e) {
      if (e instanceof KamError && e.code === "empty") {
        // The grid path skipped the row: a placeholder key.
        const text = isBlank(key) ? "" : isCellError(key) ? key.error : cellText(key);
        countPlaceholder(this.skipped, placeholderKind(text) ?? "empty");
        return;
      }
      throw e;
    }
    for (let i = 0; i < input.keys.length; i++) {
      const c = this.customerCode(input.keys[i]);
      if (c < 0) {
        countPlaceholder(this.skipped, PLACEHOLDER_KINDS[-1 - c]);
        continue;
      }
      this.use(c, input.values[i], rowIndex + 1, before);
    }
  }

  /** A row whose key is the placeholder `kind` (and a value, so the row is not blank). */
  private placeholderRow(kind: PlaceholderKind): unknown[] {
    const row: unknown[] = [];
    row[this.keyColumn] = kind === "empty" ? "" : kind;
    if (this.valueColumn !== this.keyColumn) row[this.valueColumn] = "0";
    else row[this.keyColumn] = kind === "empty" ? null : kind;
    // A blank key needs another cell with content for the row to count as skipped.
    if (kind === "empty" && this.valueColumn === this.keyColumn) row[this.keyColumn + 1] = "x";
    return Array.from(row, (cell) => cell ?? null);
  }

  /** A grid with the header at its own row, then `rows` right under it. */
  private sparse(rows: unknown[][], header: unknown[], headerIndex: number): Grid {
    const grid: Grid = [];
    grid[Math.max(0, headerIndex)] = header;
    for (const r of rows) grid.push(r);
    // Holes read as blank rows (`isBlankRow(undefined)`), which the grid path skips.
    return grid;
  }
}

/**
 * A parser for the commonest value text, "-1234.50" (or "-1234,50" with a decimal comma): an optional
 * minus, digits, and optionally one decimal mark followed by digits, at most 15 digits in all (so
 * `readNumber`'s digit limits never apply). NaN for any other text, which then goes through `readNumber`.
 * The result equals `readNumber`'s for every text it accepts: both are the correctly rounded Number of
 * the same digits, and "-0" is 0.
 */
function plainDecimal(mark: number): (s: string) => number {
  return (s: string): number => {
    const n = s.length;
    const i = s.charCodeAt(0) === 0x2d ? 1 : 0;
    if (n - i < 1 || n - i > 16) return NaN;
    let markAt = -1;
    let m = 0;
    for (let j = i; j < n; j++) {
      const ch = s.charCodeAt(j);
      if (ch >= 0x30 && ch <= 0x39) {
        m = m * 10 + (ch - 0x30);
        continue;
      }
      if (ch === mark && markAt < 0 && j > i && j < n - 1) {
        markAt = j;
        continue;
      }
      return NaN;
    }
    if (markAt < 0 && n - i > 15) return NaN;
    // m < 10^15 and 10^k are exact doubles, so one division is the correctly rounded value of the
    // decimal: the Number `readNumber` gets from the same digits.
    const x = markAt < 0 ? m : m / POW10[n - 1 - markAt];
    return (i === 1 ? -x : x) + 0;
  };
}

const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** The Number `readNumber` reads from `text`, or NaN; exported for tests of the fast path. */
export function readNumberOrNaN(text: string, locale: AbcInputOptions["locale"]): number {
  const r = readNumber(text, locale);
  return r.ok ? r.value : NaN;
}

/** Test hook: the fast value parser of a locale. */
export const plainDecimalFor = (locale: AbcInputOptions["locale"]): ((s: string) => number) =>
  plainDecimal(locale === "en-US" ? 0x2e : 0x2c);

/**
 * The ABC input of a grid already in memory (an .xlsx sheet, or a CSV the scanner left to csv-parse):
 * the whole-file path itself (`readAbcInput` → `aggregateByKey`) in the streamed result's shape.
 */
export function gridAbc(grid: Grid, options: AbcInputOptions): StreamedAbc {
  const input = readAbcInput(grid, options);
  const agg = aggregateByKey(input.keys, input.values);
  return {
    customers: agg.customers,
    totals: agg.totals,
    usedRows: input.keys.length,
    skipped: input.skipped.byKind,
    skippedRows: input.skipped.rows,
    headers: input.headers,
    totalRows: input.totalRows,
  };
}
