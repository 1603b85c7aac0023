/**
 * Total rows in customer data: rows that repeat the sum of the customers above them instead of being a
 * customer. Counting one would make "Total" the largest customer and double the grand total.
 *
 * Two kinds, both skipped and reported with their key text and row:
 * 1. **An Excel table's Total row** (Table Design → Total Row): known from the file, not guessed — the table
 *    part's `totalsRowCount` in an .xlsx (ECMA-376 Part 1, §18.5.1.2 `table`), `table.showTotals` in
 *    Office.js. Readers find it; `tableTotalsRow` below says which sheet row it is.
 * 2. **A trailing grand-total row** typed or exported under the data (`trailingTotal`): the *last* data row
 *    counts as a total only when all of these hold —
 *    - its value equals the exact sum of the values of all data rows above it (decimal meanings, as typed:
 *      `src/core/exact.ts`, so 0.1 + 0.2 = 0.3), and that sum is not 0;
 *    - at least two data rows are above it (with one, "total" and "the only customer" cannot be told apart);
 *    - its key reads as a total label (`isTotalLabel`: "Total", "Grand total", "Sum", "Totalt", "I alt",
 *      "Summe", "Totaal", …, ignoring case, whitespace and a trailing colon).
 *    The label condition keeps a real customer whose sales happen to equal all others' ({10;20;30}) and the
 *    value condition keeps a customer called "Total" (an oil company) whose value is its own.
 *
 * Streaming: `TrailingTotalWatch` needs only a running exact sum and the last row, so a reader that sums
 * per customer as it goes calls `push` per data row and, at the end, takes `finish()`'s row back out.
 */
import { ExactSum, type Ratio, compareRatio, ratioOf } from "./exact";
import { customerKey } from "./customerKey";

/** A skipped total row: its key cell's text (normalised by `customerKey`), its 1-based row and value. */
export interface TotalRow {
  key: string;
  row: number;
  /** The row's value; absent for a table's Total row whose cell is not a number (e.g. an uncalculated SUBTOTAL). */
  value?: number;
  /** "table": an Excel table's Total row; "trailing": a last row equal to the sum above it. */
  kind: "table" | "trailing";
}

// Total labels in the languages of the exports people bring (en, nb/da/sv, de, nl, fr, es), optionally
// with "grand"/"sum"/… around them. Whole key only: "Total Norge AS" is a customer.
const TOTAL_LABEL =
  /^(grand total|total|totals|totalt|total sum|sum|sum total|summe|gesamtsumme|gesamt|i alt|i alt sum|totalsum|totaal|totalen|totale|total général|total general|suma total)\s*:?$/i;

/** Whether a key reads as a total label (see the module doc); keys are compared after `customerKey`. */
export function isTotalLabel(key: string): boolean {
  return TOTAL_LABEL.test(customerKey(key));
}

/**
 * Watches data rows as they arrive and tells, at the end, whether the last one was a grand-total row.
 * Push only rows that were used as customers (not skipped placeholders).
 */
export class TrailingTotalWatch {
  private readonly above = new ExactSum();
  private rowsAbove = 0;
  private last: { key: string; row: number; value: number } | undefined;

  /** One data row: its key (as in the key cell), 1-based row and finite value. */
  push(key: string, value: number, row: number): void {
    if (this.last) {
      this.above.add(this.last.value);
      this.rowsAbove++;
    }
    this.last = { key, row, value };
  }

  /** The last row pushed when it is a grand total of the rows above it (module rule), else undefined. */
  finish(): (TotalRow & { value: number }) | undefined {
    return this.last && trailingTotalOf(this.last, this.rowsAbove, () => this.above.ratio());
  }
}

/**
 * The module rule for the last data row, for a reader that keeps its own exact sums.
 * @param last      the last used row: key (as in the key cell), 1-based row, finite value.
 * @param rowsAbove number of used data rows above it.
 * @param sumAbove  the exact sum of their values (decimal meanings); asked for only when the label fits.
 * @returns the row as a skipped total row, or undefined when it is a customer.
 */
export function trailingTotalOf(
  last: { key: string; row: number; value: number },
  rowsAbove: number,
  sumAbove: () => Ratio,
): (TotalRow & { value: number }) | undefined {
  if (rowsAbove < 2 || !isTotalLabel(last.key)) return undefined;
  const sum = sumAbove();
  if (sum.num === 0n || compareRatio(sum, ratioOf(last.value)) !== 0) return undefined;
  return { key: customerKey(last.key), row: last.row, value: last.value, kind: "trailing" };
}

/**
 * The trailing grand-total row of row-aligned keys and values (whole-array form of `TrailingTotalWatch`).
 * @param rows 1-based row per entry; defaults to the index + 1.
 * @returns the index of the total row in the arrays and the row, or undefined.
 */
export function trailingTotal(
  keys: readonly string[],
  values: ArrayLike<number>,
  rows?: readonly number[],
): (TotalRow & { value: number; index: number }) | undefined {
  const watch = new TrailingTotalWatch();
  for (let i = 0; i < keys.length; i++) watch.push(keys[i], values[i], rows ? rows[i] : i + 1);
  const found = watch.finish();
  return found && { ...found, index: keys.length - 1 };
}

/** An Excel table's place on its sheet, as a reader sees it. */
export interface TableExtent {
  /** 1-based sheet row of the table's last row (its Total row when it has one). */
  lastRow: number;
  /** Number of Total rows at the bottom (0 or 1; `totalsRowCount` in the file, `showTotals` in Office.js). */
  totalsRowCount: number;
}

/** 1-based sheet rows that are a table's Total row. */
export function tableTotalsRows(tables: readonly TableExtent[]): Set<number> {
  const rows = new Set<number>();
  for (const t of tables) for (let k = 0; k < t.totalsRowCount; k++) rows.add(t.lastRow - k);
  return rows;
}
