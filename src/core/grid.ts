/**
 * Grid: the 2-D cells every reader produces and `src/core/input.ts` consumes (DESIGN §1).
 *
 * A cell is one of: number, string, boolean, Date, null (blank), a `CellError` marker for an Excel
 * error value (`#DIV/0!`, `#N/A`, …) or a formula whose result is unknown, or a `MergedCell` marker for
 * a cell covered by a merge (not its top-left cell, which holds the merge's value). Rows may have
 * different lengths (CSV lines with missing trailing fields); a missing cell reads as blank.
 *
 * Row numbers: `grid[i]` is the row the user sees as number i + 1 (sheet row, or CSV record as a
 * spreadsheet app shows it when opening the file), so errors can name it.
 */

import type { ProblemRef } from "../i18n/problems";

/** Rows of cells; see the module doc for the allowed cell kinds. */
export type Grid = unknown[][];

/** An Excel error value kept as data so validation can name it instead of reading it as 0. */
export interface CellError {
  /** The error as Excel shows it: "#DIV/0!", "#N/A", "#REF!", … */
  error: string;
  /** Formula text (without "="), when the error stands for a formula with no cached result. */
  formula?: string;
}

export function isCellError(cell: unknown): cell is CellError {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date) && typeof (cell as CellError).error === "string";
}

/**
 * A cell covered by a merged range, other than the range's top-left cell. It has no value of its own:
 * Excel shows the top-left value across the whole merge. Readers keep the marker (instead of null) so
 * that validation can refuse merges in a mapped column rather than drop or repeat rows.
 */
export interface MergedCell {
  /** A1 address of the merge's top-left cell, e.g. "A2". */
  mergedFrom: string;
}

export function isMergedCell(cell: unknown): cell is MergedCell {
  return (
    typeof cell === "object" && cell !== null && !(cell instanceof Date) && typeof (cell as MergedCell).mergedFrom === "string"
  );
}

/**
 * Blank: null, undefined, a string of whitespace only (NBSP included, as `String.prototype.trim` does),
 * or a `MergedCell` (no value of its own; callers that must not ignore merges check `isMergedCell` first).
 */
export function isBlank(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "") || isMergedCell(cell);
}

/** True when every cell of the row is blank (such rows are not data rows). */
export function isBlankRow(row: readonly unknown[] | undefined): boolean {
  return !row || row.every(isBlank);
}

/** Index of the header row: the first row with any non-blank cell; -1 for a grid with no content. */
export function headerRowIndex(grid: Grid): number {
  return grid.findIndex((row) => !isBlankRow(row));
}

/** Header texts of a row, trimmed; blank headers become "". */
export function headerTexts(row: readonly unknown[]): string[] {
  return row.map((cell) => (isBlank(cell) ? "" : cellText(cell).trim()));
}

/**
 * 0-based index of the column whose trimmed header equals `name` trimmed (case-sensitive, exact);
 * -1 when absent; -2 when two columns carry that header (callers report the ambiguity).
 */
export function findHeader(headers: readonly string[], name: string): number {
  const wanted = name.trim();
  const first = headers.indexOf(wanted);
  if (first < 0) return -1;
  return headers.indexOf(wanted, first + 1) >= 0 ? -2 : first;
}

/** The cell at (row, col), blank when outside the row. */
export function cellAt(grid: Grid, row: number, col: number): unknown {
  const r = grid[row];
  return r && col < r.length ? r[col] : null;
}

/**
 * A cell as plain text: strings as they are, numbers in JavaScript's shortest round-trip form, dates as
 * ISO dates (yyyy-mm-dd, plus time when not midnight UTC), booleans as TRUE/FALSE, errors as their code,
 * merged-over cells as "".
 */
export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return cell;
  if (typeof cell === "number" || typeof cell === "bigint") return String(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  if (cell instanceof Date) {
    const iso = cell.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (isCellError(cell)) return cell.error;
  if (isMergedCell(cell)) return "";
  return String(cell);
}

/**
 * How a cell is named in an error message, as a problem to word in the user's language: `"abc"` for text,
 * `the logical value TRUE`, `the error value #N/A`, `a blank cell`, `a cell merged into A2`, …
 */
export function cellRef(cell: unknown): ProblemRef {
  if (isMergedCell(cell)) return { key: "cell.merged", values: { text: cell.mergedFrom } };
  if (isBlank(cell)) return { key: "cell.blank" };
  if (typeof cell === "string") return { key: "cell.text", values: { text: cell } };
  if (isCellError(cell)) {
    return cell.formula !== undefined
      ? { key: "cell.formula", values: { text: cell.formula } }
      : { key: "cell.error", values: { text: cell.error } };
  }
  if (typeof cell === "boolean") return { key: "cell.logical", values: { text: cellText(cell) } };
  if (cell instanceof Date) return { key: "cell.date", values: { text: cellText(cell) } };
  return { key: "cell.other", values: { text: cellText(cell) } };
}
