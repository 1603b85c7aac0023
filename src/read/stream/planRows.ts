/**
 * Rows → the per-customer figures of `kam plan` (and `kam analyze --name`), one row at a time: revenue,
 * profit, the contribution-margin ladder and the customer's name, with memory in customers, not lines.
 *
 * It gives what `planDataFromGrid` (src/plan/planInput.ts) gives for the same rows, errors included. The
 * key and value column go through the ABC row sink (abcRows.ts: key rule, placeholders, trailing total,
 * exact sums). Each used row's other cells are read by the grid path's own rules (`numberOrThrow`,
 * `nameCell`) and summed exactly per customer (`DecimalSums`), or tallied (`NameTally`).
 *
 * Which error is reported is the grid path's, though the grid path reads one column after another and a
 * stream reads one row after another: the grid path reads the whole value column first, then the names,
 * then profit, then the ladder (LADDER_KEYS order), each column from the top. So an error in the value
 * column is thrown when it is met; the first problem of each other column (its header missing or
 * repeated, a cell that is not a number or not a name, a total beyond float64) is kept, that column is
 * read no further, and the problems are thrown at the end in the grid path's column order.
 *
 * The last used row is added only when the next one is used, or at the end unless the ABC sink took it
 * for a trailing grand total: the grid path skips that row in every column.
 */
import { type AbcInputOptions, findColumn, numberOrThrow } from "../../core/input";
import { NameTally, nameCell } from "../../core/names";
import type { NumberLocale } from "../../core/numbers";
import { headerTexts } from "../../core/grid";
import type { TotalRow } from "../../core/totalRow";
import { LADDER_KEYS, type LadderKey, type PlanData, type PlanMapping, planDataFromGrid } from "../../plan/planInput";
import { AbcRowSink, type RowReader, type RowSink, finiteTotals } from "./abcRows";
import { DecimalSums } from "./decimalSums";

/** A money column besides the value: profit or a step of the ladder. */
interface MoneyColumn {
  field: "profit" | LadderKey;
  /** 0-based column; -1 when its header is missing or repeated (then `problem` says so). */
  column: number;
  /** The header's text, as messages name the column. */
  label: string;
  sums: DecimalSums;
  /** The first problem met in this column, thrown at the end (module doc). */
  problem?: unknown;
}

/** The other cells of one used row, read but not yet added (module doc). */
interface PendingRow {
  c: number;
  row: number;
  /** Per money column: the number, or the error its cell gives; undefined for a column read no further. */
  values: (number | Error | undefined)[];
  name?: string | Error;
}

/**
 * The reader for `planDataFromGrid`'s figures (see the module doc).
 * @param mapping the columns; `customer` and `value` are required.
 */
export function planReader(mapping: PlanMapping, locale: NumberLocale, source: string): RowReader<PlanData> {
  const options: AbcInputOptions = { customer: mapping.customer, value: mapping.value, locale, source };
  return {
    options,
    sink: () => new PlanRowSink(mapping, options),
    fromGrid: (grid, tableTotalsRows) => planDataFromGrid(grid, mapping, locale, source, tableTotalsRows),
  };
}

class PlanRowSink implements RowSink<PlanData> {
  private readonly abc: AbcRowSink;
  private readonly money: MoneyColumn[] = [];
  private nameColumn = -1;
  private nameProblem: unknown;
  private readonly tally = new NameTally();
  moreColumns: number[] = [];
  private pending: PendingRow | undefined;
  /** The cells of the row being read (set by `row` before the ABC sink reads it). */
  private cell: (column: number) => unknown = () => null;

  constructor(
    private readonly mapping: PlanMapping,
    private readonly options: AbcInputOptions,
  ) {
    this.abc = new AbcRowSink(options, (c, row) => this.used(c, row));
  }

  get keyColumn(): number {
    return this.abc.keyColumn;
  }

  get valueColumn(): number {
    return this.abc.valueColumn;
  }

  get skippedBlankKeys(): boolean {
    return this.abc.skippedBlankKeys;
  }

  header(cells: unknown[], rowIndex: number): boolean {
    if (!this.abc.header(cells, rowIndex)) return false;
    const headers = headerTexts(cells);
    const find = (header: string): { column: number; problem?: unknown } => {
      try {
        return { column: findColumn(headers, header, this.options.source) };
      } catch (e) {
        return { column: -1, problem: e };
      }
    };
    if (this.mapping.name) {
      const found = find(this.mapping.name);
      this.nameColumn = found.column;
      this.nameProblem = found.problem;
    }
    const fields: ("profit" | LadderKey)[] = ["profit", ...LADDER_KEYS];
    for (const field of fields) {
      const header = this.mapping[field];
      if (!header) continue;
      const found = find(header);
      this.money.push({ field, ...found, label: found.column < 0 ? header : headers[found.column], sums: new DecimalSums() });
    }
    this.moreColumns = [this.nameColumn, ...this.money.map((m) => m.column)].filter((c) => c >= 0);
    return true;
  }

  row(rowIndex: number, key: unknown, value: unknown, cells: () => unknown[], cell?: (column: number) => unknown): void {
    this.cell = cell ?? ((column) => cells()[column] ?? null);
    this.abc.row(rowIndex, key, value, cells);
  }

  tableRow(total: TotalRow): void {
    this.abc.tableRow(total);
  }

  /** The ABC sink used a row for customer `c`: read its other cells (added when the next row is used). */
  private used(c: number, row: number): void {
    if (this.pending) this.add(this.pending);
    const { source, locale } = this.options;
    const values = this.money.map((m) => {
      if (m.problem !== undefined) return undefined;
      try {
        return numberOrThrow(this.cell(m.column), locale, { source, column: m.label, row });
      } catch (e) {
        return e as Error;
      }
    });
    let name: string | Error | undefined;
    if (this.nameColumn >= 0 && this.nameProblem === undefined) {
      try {
        name = nameCell(this.cell(this.nameColumn), { source, column: this.mapping.name as string, row });
      } catch (e) {
        name = e as Error;
      }
    }
    this.pending = { c, row, values, name };
  }

  private add(p: PendingRow): void {
    this.money.forEach((m, j) => {
      const x = p.values[j];
      if (x === undefined || m.problem !== undefined) return;
      if (x instanceof Error) {
        m.problem = x;
        return;
      }
      while (m.sums.size <= p.c) m.sums.addCustomer();
      m.sums.add(p.c, x);
    });
    if (p.name instanceof Error) this.nameProblem ??= p.name;
    else if (p.name !== undefined && this.nameProblem === undefined) this.tally.add(p.c, p.name);
  }

  /** @throws KamError as `planDataFromGrid`: value column, names, profit, ladder (module doc). */
  finish(): PlanData {
    const abc = this.abc.finish();
    const last = this.pending;
    if (last && !abc.totalRows.some((t) => t.kind === "trailing" && t.row === last.row)) this.add(last);
    const data: PlanData = {
      customers: abc.customers,
      revenue: abc.totals,
      usedRows: abc.usedRows,
      skippedRows: abc.skippedRows + abc.totalRows.length,
      skipped: { keys: abc.skipped, totalRows: abc.totalRows },
    };
    if (this.mapping.name) {
      if (this.nameProblem !== undefined) throw this.nameProblem;
      data.names = this.tally.names(abc.customers);
    }
    for (const m of this.money) {
      if (m.problem !== undefined) throw m.problem;
      const totals = finiteTotals(m.sums, abc.customers);
      if (m.field === "profit") data.profit = totals;
      else (data.ladder ??= {})[m.field] = totals;
    }
    return data;
  }
}

