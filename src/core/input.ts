/**
 * Grid + column mapping → typed ABC input (DESIGN §1, "Dataset"). Every rejected cell is reported with
 * its file, column and row; nothing is silently dropped or turned into 0.
 *
 * Conventions (decided here, documented for users):
 * - The header row is the first row with any non-blank cell. Headers match the requested column name
 *   exactly after trimming surrounding spaces on both sides (case matters: "sales" ≠ "Sales").
 * - Rows where every cell is blank are not data rows (trailing empty lines, spacer rows) and are ignored.
 * - Customer keys follow the one key rule (`src/core/customerKey.ts`, read per cell by `readKeyCell`):
 *   whitespace trimmed and collapsed ("ACME " and "ACME" are one customer), case kept, numeric keys (IDs
 *   typed as numbers in Excel) as their decimal text. A row whose key is blank or a placeholder for "no
 *   customer" (NA, N/A, #N/A, NULL, (blank), -) is skipped and counted by kind (`skipped`); its value cell
 *   is not checked, since the row is not used.
 * - Total rows are skipped and reported (`totalRows`, rule in `src/core/totalRow.ts`): an Excel table's
 *   Total row (rows the reader names in `tableTotalsRows`) and a trailing grand-total row.
 * - The value cell of every used row must be a number, or text that `parseNumber` reads under the
 *   chosen locale. Blank, boolean, date, error and other text are errors.
 * - Merged cells in the customer or value column that reach into a data row are an error: the merge's
 *   value is in its top-left cell only, so reading it once would drop the other rows' customer (or
 *   value) and copying it would guess. The user unmerges and fills the rows.
 */
import { KamError } from "./errors";
import { PlaceholderCounts, customerKey } from "./customerKey";
import { SkippedKeys, noSkippedKeys, readKeyCell, tallyPlaceholder } from "./keyCell";
import { TotalRow, trailingTotal } from "./totalRow";
import { MAX_SIGNIFICANT_DIGITS, NumberLocale, otherLocaleReading, readNumber } from "./numbers";
import {
  Grid,
  cellAt,
  cellText,
  cellRef,
  findHeader,
  headerRowIndex,
  headerTexts,
  isBlank,
  isBlankRow,
  isMergedCell,
} from "./grid";

export interface AbcInputOptions {
  /** Header of the customer-key column (e.g. "Customer ID"). */
  customer: string;
  /** Header of the value column (e.g. "Sales"), in currency units or any additive measure. */
  value: string;
  /** How numbers written as text are read. */
  locale: NumberLocale;
  /** File or sheet name for error messages (e.g. "sales.csv"). */
  source: string;
  /** 1-based grid rows that are an Excel table's Total row (the reader knows them from the file or Office.js). */
  tableTotalsRows?: ReadonlySet<number>;
  /** Look for a trailing grand-total row (default true); off when the rows to skip are already known. */
  trailingTotal?: boolean;
}

/** What a door reports as skipped: key cells by placeholder kind, and total rows. */
export interface SkipReport {
  keys: PlaceholderCounts;
  totalRows: TotalRow[];
}

export interface AbcInput {
  /** Customer key per used row (`customerKey`: trimmed, inner whitespace collapsed, never a placeholder). */
  keys: string[];
  /** Value per used row, finite. */
  values: number[];
  /** 1-based source row number per used row (sheet row / CSV record; the header is usually row 1). */
  rows: number[];
  /** Rows that had content but a blank or placeholder customer key, by kind. */
  skipped: SkippedKeys;
  /** Total rows skipped (an Excel table's Total row, a trailing grand-total row), in row order. */
  totalRows: TotalRow[];
  /** Trimmed header texts of the header row, in column order ("" for blank headers). */
  headers: string[];
}

/**
 * Maps and validates the rows of a Grid for an ABC analysis.
 * @returns row-aligned keys, values and source row numbers (see `AbcInput`).
 * @throws KamError("empty") for a grid with no header or no data rows;
 *         KamError("column") for a missing or duplicated column (the message lists the headers), or
 *         merged cells in a mapped column over data rows;
 *         KamError("number") for a value cell that is not a number (file, column, row and the cell);
 *         KamError("argument") for an error value in the customer column.
 */
export function readAbcInput(grid: Grid, options: AbcInputOptions): AbcInput {
  const { source, locale } = options;
  const h = headerRowIndex(grid);
  if (h < 0) throw new KamError("empty", "input.noHeader", { source }, { source });
  const headers = headerTexts(grid[h]);
  const customerCol = findColumn(headers, options.customer, source);
  const valueCol = findColumn(headers, options.value, source);
  const valueName = headers[valueCol];
  const customerName = headers[customerCol];

  const keys: string[] = [];
  const values: number[] = [];
  const rows: number[] = [];
  const skipped = noSkippedKeys();
  const totalRows: TotalRow[] = [];
  for (let i = h + 1; i < grid.length; i++) {
    if (isBlankRow(grid[i])) continue;
    const row = i + 1;
    refuseMerged(grid, i, customerCol, { source, column: customerName, what: "input.what.customer" });
    refuseMerged(grid, i, valueCol, { source, column: valueName, what: "input.what.value" });
    const keyCell = cellAt(grid, i, customerCol);
    if (options.tableTotalsRows?.has(row)) {
      const value = cellAt(grid, i, valueCol);
      totalRows.push({ key: customerKey(cellText(keyCell)), row, ...(typeof value === "number" ? { value } : {}), kind: "table" });
      continue;
    }
    const key = readKeyCell(keyCell);
    if ("placeholder" in key) {
      tallyPlaceholder(skipped, key.placeholder);
      continue;
    }
    if ("error" in key) {
      throw new KamError(
        "argument",
        "input.notKey",
        { source, column: customerName, row: String(row), cell: cellRef(keyCell) },
        { source, column: customerName, row },
      );
    }
    const valueCell = cellAt(grid, i, valueCol);
    keys.push(key.key);
    values.push(numberOrThrow(valueCell, locale, { source, column: valueName, row }));
    rows.push(row);
  }
  const trailing = options.trailingTotal === false ? undefined : trailingTotal(keys, values, rows);
  if (trailing) {
    keys.pop();
    values.pop();
    rows.pop();
    totalRows.push({ key: trailing.key, row: trailing.row, value: trailing.value, kind: trailing.kind });
  }
  if (keys.length === 0) {
    if (skipped.rows === 0) throw new KamError("empty", "input.noRows", { source }, { source });
    throw new KamError("empty", "input.noRowsSkipped", { source, count: skipped.rows, column: customerName }, { source });
  }
  return { keys, values, rows, skipped, totalRows, headers };
}

/**
 * The 0-based column headed `name` (exact after trimming surrounding spaces).
 * @throws KamError("column") for a header that is missing (the message lists the headers) or repeated.
 */
export function findColumn(headers: readonly string[], name: string, source: string): number {
  const c = findHeader(headers, name);
  if (c === -2) {
    throw new KamError("column", "input.columnTwice", { column: name.trim(), source }, { source, column: name });
  }
  if (c < 0) {
    const available = headers.filter((x) => x !== "").join(", ");
    throw new KamError("column", "input.columnMissing", { column: name.trim(), source, available }, { source, column: name });
  }
  return c;
}

/**
 * Throws when the cell at (i, col) is covered by a merge, naming the rows the merge spans in that column:
 * from the merge's top-left row down to the last covered row.
 */
function refuseMerged(
  grid: Grid,
  i: number,
  col: number,
  place: { source: string; column: string; what: "input.what.customer" | "input.what.value" },
): void {
  const cell = cellAt(grid, i, col);
  if (!isMergedCell(cell)) return;
  const from = cell.mergedFrom;
  const topRow = Number(/\d+$/.exec(from)?.[0] ?? i + 1);
  let last = i;
  while (sameMerge(cellAt(grid, last + 1, col), from)) last++;
  const bottomRow = last + 1;
  const top = Math.min(topRow, i + 1);
  const values = { source: place.source, column: place.column, what: { key: place.what } };
  const at = { source: place.source, column: place.column, row: top };
  throw top < bottomRow
    ? new KamError("column", "input.mergedRows", { ...values, from: String(top), to: String(bottomRow) }, at)
    : new KamError("column", "input.mergedRow", { ...values, row: String(bottomRow), text: from }, at);
}

function sameMerge(cell: unknown, from: string): boolean {
  return isMergedCell(cell) && cell.mergedFrom === from;
}

/**
 * A value cell as a finite number: a number, or text `readNumber` reads under `locale`.
 * @param place the file, the column's header text and the 1-based row, for the message.
 * @throws KamError("number") naming the place and, when useful, a fix (the other locale's reading, …).
 */
export function numberOrThrow(cell: unknown, locale: NumberLocale, place: { source: string; column: string; row: number }): number {
  if (typeof cell === "number" && Number.isFinite(cell)) return cell + 0;
  const values = { source: place.source, column: place.column, row: String(place.row), cell: cellRef(cell), locale };
  if (typeof cell === "string") {
    const r = readNumber(cell, locale);
    if (r.ok) return r.value;
    // Looks like a number, but float64 cannot hold it: say so rather than "not a number".
    if (r.problem === "digits") throw new KamError("number", "input.digits", { ...values, max: MAX_SIGNIFICANT_DIGITS }, place);
    if (r.problem === "tooSmall") throw new KamError("number", "input.tooSmall", values, place);
    if (r.problem === "tooLarge") throw new KamError("number", "input.tooLarge", values, place);
    if (r.problem === "ambiguous") throw new KamError("number", "input.ambiguous", values, place);
    if (r.problem !== "blank") {
      const other = otherLocaleReading(cell, locale);
      // The value as JavaScript writes it: the other locale's reading, shown without this language's grouping.
      if (other) throw new KamError("number", "input.otherLocale", { ...values, value: other.value, other: other.locale }, place);
    }
  }
  if (isBlank(cell)) throw new KamError("number", "input.blankNumber", values, place);
  throw new KamError("number", "input.notNumber", values, place);
}
