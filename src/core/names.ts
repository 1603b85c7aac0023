/**
 * Customer names beside customer IDs (issue 11 part 4). The key of every result stays the ID; a name is
 * only shown beside it. Pure: no Office, DOM or Node imports.
 *
 * Rule (ours, documented for users): a customer whose rows carry two or more different names gets the
 * most frequent one; on a tie, the one seen first (in row order). Names are compared after the customer-key
 * whitespace rule (`customerKey`: trimmed, inner runs of whitespace collapsed), case kept. Blank name
 * cells do not count; a customer with no name at all has none ("" → sheets show the ID alone).
 */
import { customerKey } from "./customerKey";
import { KamError } from "./errors";
import { Grid, cellAt, cellText, headerRowIndex, headerTexts, isBlank, isCellError } from "./grid";
import { findColumn } from "./input";

/** One name per customer, and what the choice had to decide. */
export interface CustomerNames {
  /** Name per customer, aligned with the `customers` given; "" when the customer has no name. */
  names: string[];
  /** Customers whose rows carry two or more different names. */
  several: number;
  /** The first such customer (in `customers` order), with its names most frequent first. */
  example?: { customer: string; names: string[] };
}

/**
 * The name of each customer from row-aligned keys and names.
 * @param customers the customers after aggregation (`aggregateByKey(...).customers`).
 * @param keys      one customer key per used row (as given to `aggregateByKey`).
 * @param rowNames  one name per used row, same length as `keys`; blank = no name in that row.
 * @returns names aligned with `customers` and the count of customers with several names (see the module doc).
 * @throws KamError("shape") when keys and names differ in length.
 */
export function chooseNames(
  customers: readonly string[],
  keys: readonly string[],
  rowNames: readonly (string | null | undefined)[],
): CustomerNames {
  if (keys.length !== rowNames.length) {
    throw new KamError("shape", "core.keysNamesLength", { keys: keys.length, names: rowNames.length });
  }
  const index = new Map(customers.map((c, i) => [c, i]));
  const tally = new NameTally();
  for (let i = 0; i < keys.length; i++) {
    const c = index.get(keys[i]);
    if (c !== undefined) tally.add(c, rowNames[i]);
  }
  return tally.names(customers);
}

/**
 * The names seen per customer, one row at a time (a stream keeps this, not the rows); `names` then
 * chooses by the rule of the module doc.
 */
export class NameTally {
  /** Per customer index: name → count; a Map keeps first-seen order, which breaks ties. */
  private readonly seen = new Map<number, Map<string, number>>();

  /** Counts the name cell of one used row of customer `c` (blank = no name). */
  add(c: number, raw: string | null | undefined): void {
    const name = raw == null ? "" : customerKey(raw);
    if (name === "") return;
    let counts = this.seen.get(c);
    if (!counts) this.seen.set(c, (counts = new Map()));
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  /** @param customers the customers, index c = the `c` given to `add`. */
  names(customers: readonly string[]): CustomerNames {
    const out: CustomerNames = { names: [], several: 0 };
    customers.forEach((customer, c) => {
      const counts = this.seen.get(c);
      if (!counts) {
        out.names.push("");
        return;
      }
      // Stable sort: equal counts keep first-seen order.
      const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
      out.names.push(ranked[0]);
      if (ranked.length > 1) {
        out.several++;
        out.example ??= { customer, names: ranked };
      }
    });
    return out;
  }
}

/**
 * The name cell of each used row: the column headed `header` (exact after trimming, as every mapped
 * column), read at the given 1-based sheet rows (`readAbcInput(...).rows`).
 * @returns one text per row ("" for a blank cell); numbers and dates as `cellText` writes them.
 * @throws KamError("column") for a missing or repeated header; KamError("argument") for an error value
 *         (#N/A …) in a name cell, naming source, column and row.
 */
export function readNameColumn(grid: Grid, header: string, rows: readonly number[], source: string): string[] {
  const h = headerRowIndex(grid);
  const col = findColumn(h < 0 ? [] : headerTexts(grid[h]), header, source);
  return rows.map((row) => nameCell(cellAt(grid, row - 1, col), { source, column: header, row }));
}

/**
 * The text of one name cell ("" for a blank cell; numbers and dates as `cellText` writes them).
 * @throws KamError("argument") for an error value (#N/A …), naming source, column and row.
 */
export function nameCell(cell: unknown, place: { source: string; column: string; row: number }): string {
  if (isBlank(cell)) return "";
  if (isCellError(cell)) {
    const { source, column, row } = place;
    throw new KamError("argument", "core.notName", { source, column: column.trim(), row: String(row), cell: cellText(cell) }, place);
  }
  return cellText(cell);
}

/** "Sean Miller (SM-20320)", or the ID alone when there is no name or the name is the ID. */
export function nameWithId(customer: string, name: string | undefined): string {
  return name && name !== customer ? `${name} (${customer})` : customer;
}
