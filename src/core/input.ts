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
import { NumberLocale, numberProblemReason, otherLocaleReading, readNumber } from "./numbers";
import {
  Grid,
  cellAt,
  cellText,
  describeCell,
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
  if (h < 0) throw new KamError("empty", `${source} is empty: no header row found.`, { source });
  const headers = headerTexts(grid[h]);
  const customerCol = column(headers, options.customer, source);
  const valueCol = column(headers, options.value, source);
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
    refuseMerged(grid, i, customerCol, { source, column: customerName, what: "customer" });
    refuseMerged(grid, i, valueCol, { source, column: valueName, what: "value" });
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
        `${source}, column "${customerName}", row ${row}: ${describeCell(keyCell)} is not a customer key.`,
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
    const why = skipped.rows > 0 ? ` (${skipped.rows} row${skipped.rows === 1 ? "" : "s"} without a customer in "${customerName}" skipped)` : "";
    throw new KamError("empty", `${source} has no data rows under the header${why}.`, { source });
  }
  return { keys, values, rows, skipped, totalRows, headers };
}

function column(headers: readonly string[], name: string, source: string): number {
  const c = findHeader(headers, name);
  if (c === -2) {
    throw new KamError("column", `Column "${name.trim()}" appears more than once in ${source}; rename one of them.`, {
      source,
      column: name,
    });
  }
  if (c < 0) {
    const available = headers.filter((x) => x !== "").join(", ");
    throw new KamError("column", `Column "${name.trim()}" not found in ${source}. Available: ${available}`, {
      source,
      column: name,
    });
  }
  return c;
}

/**
 * Throws when the cell at (i, col) is covered by a merge, naming the rows the merge spans in that column:
 * from the merge's top-left row down to the last covered row.
 */
function refuseMerged(grid: Grid, i: number, col: number, place: { source: string; column: string; what: string }): void {
  const cell = cellAt(grid, i, col);
  if (!isMergedCell(cell)) return;
  const from = cell.mergedFrom;
  const topRow = Number(/\d+$/.exec(from)?.[0] ?? i + 1);
  let last = i;
  while (sameMerge(cellAt(grid, last + 1, col), from)) last++;
  const bottomRow = last + 1;
  const top = Math.min(topRow, i + 1);
  const how = `unmerge them so every row has its own ${place.what} (in Excel: Home → Merge & Center → Unmerge Cells).`;
  const what =
    top < bottomRow
      ? `rows ${top}–${bottomRow} are merged cells`
      : `row ${bottomRow} is covered by cells merged from ${from}`;
  throw new KamError("column", `${place.source}, column "${place.column}", ${what}; ${how}`, {
    source: place.source,
    column: place.column,
    row: top,
  });
}

function sameMerge(cell: unknown, from: string): boolean {
  return isMergedCell(cell) && cell.mergedFrom === from;
}

/** The cell as a finite number, or a KamError("number") naming the place and, when useful, a fix. */
function numberOrThrow(cell: unknown, locale: NumberLocale, place: { source: string; column: string; row: number }): number {
  if (typeof cell === "number" && Number.isFinite(cell)) return cell + 0;
  let hint = "";
  if (typeof cell === "string") {
    const r = readNumber(cell, locale);
    if (r.ok) return r.value;
    const reason = numberProblemReason(r.problem);
    if (reason !== null) {
      // Looks like a number, but float64 cannot hold it: say so rather than "not a number".
      throw new KamError("number", `${place.source}, column "${place.column}", row ${place.row}: ${describeCell(cell)} ${reason}`, place);
    }
    if (r.problem === "ambiguous") {
      hint = ` under ${locale}: the dot could be a thousands separator or a decimal point`;
    } else if (r.problem !== "blank") {
      const other = otherLocaleReading(cell, locale);
      hint = other ? ` under ${locale} (it reads as ${other.value} with the ${other.locale} locale)` : "";
    }
  }
  const what = isBlank(cell) ? "a blank cell is not a number" : `${describeCell(cell)} is not a number`;
  throw new KamError("number", `${place.source}, column "${place.column}", row ${place.row}: ${what}${hint}`, place);
}
