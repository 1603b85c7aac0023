/**
 * One customer-key cell, as any door hands it over (a Grid cell from a file or Office.js, a custom
 * function's argument cell), read under the one key rule of `./customerKey`. The CLI (`src/core/input.ts`),
 * the task pane (the same `readAbcInput`) and the custom functions (`src/functions/args.ts` `readKeys`) all
 * call `readKeyCell`, so {"ACME";"ACME "} is one customer in every door.
 *
 * - text: `customerKey` (whitespace trimmed and collapsed, case kept); a placeholder for "no customer" is
 *   skipped by kind (`placeholderKind`);
 * - numbers (IDs typed as numbers): their decimal text (`String(n)`), booleans TRUE/FALSE, dates their ISO date;
 * - blank (null, "", whitespace, a cell covered by a merge): skipped as "empty";
 * - the error value #N/A (what VLOOKUP/XLOOKUP leave for a customer they did not find, and what pandas writes)
 *   is the placeholder "#N/A"; any other error value (#DIV/0!, #REF! …) is not a key: `readKeyCell` returns
 *   `{ error }` and the caller refuses it, naming the cell.
 */
import { PlaceholderCounts, PlaceholderKind, countPlaceholder, customerKey, placeholderKind } from "./customerKey";
import { CellError, cellText, isBlank, isCellError } from "./grid";

/** A key cell read: the customer's key, a skipped placeholder, or an error value that is no key. */
export type KeyCell = { key: string } | { placeholder: PlaceholderKind } | { error: CellError };

/** The key cell under the module's rule. */
export function readKeyCell(cell: unknown): KeyCell {
  if (isBlank(cell)) return { placeholder: "empty" };
  if (isCellError(cell)) return cell.error.toUpperCase() === "#N/A" && cell.formula === undefined ? { placeholder: "#N/A" } : { error: cell };
  const text = cellText(cell);
  const kind = typeof cell === "string" ? placeholderKind(text) : undefined;
  return kind ? { placeholder: kind } : { key: customerKey(text) };
}

/** Rows skipped for their key: counts by placeholder kind, and the total. */
export interface SkippedKeys {
  /** Rows per placeholder kind; kinds never seen are absent. */
  byKind: PlaceholderCounts;
  /** All skipped rows. */
  rows: number;
}

/** An empty tally; `tallyPlaceholder` adds to it. */
export function noSkippedKeys(): SkippedKeys {
  return { byKind: {}, rows: 0 };
}

/** Adds one skipped row of `kind` (in place). */
export function tallyPlaceholder(skipped: SkippedKeys, kind: PlaceholderKind): void {
  countPlaceholder(skipped.byKind, kind);
  skipped.rows++;
}
