/**
 * Grid + column mapping → the per-customer figures the selection sheets need (DESIGN §1, "Dataset"):
 * revenue (the ABC value), and optionally profit and the contribution-margin ladder (KAM-DOMAIN §4).
 * Every mapped column is read with the same validation as the ABC value (`readAbcInput`: a cell that is
 * not a number is reported with file, column and row) and summed per customer key.
 */
import { aggregateByKey } from "../core/abc";
import { KamError } from "../core/errors";
import { SkipReport, readAbcInput } from "../core/input";
import { CustomerNames, chooseNames, readNameColumn } from "../core/names";
import type { NumberLocale } from "../core/numbers";
import type { Grid } from "../core/grid";

/** Optional money columns besides revenue, in ladder order. */
export const LADDER_KEYS = ["netRevenue", "cm1", "cm2", "cm3", "cm4", "costToServe"] as const;
export type LadderKey = (typeof LADDER_KEYS)[number];

/** Column headers chosen for each field; customer and value are required. */
export interface PlanMapping {
  customer: string;
  /** Header of the customer-name column shown beside the ID (issue 11); the key stays `customer`. */
  name?: string;
  /** The ABC value, e.g. "Sales": revenue in the sheets. */
  value: string;
  profit?: string;
  netRevenue?: string;
  cm1?: string;
  cm2?: string;
  cm3?: string;
  cm4?: string;
  costToServe?: string;
  /** Worksheet of an .xlsx input, when not the first (recorded in the settings only). */
  sheet?: string;
}

/** Figures per customer, aligned with `customers` (currency units, summed over the customer's rows). */
export interface PlanData {
  customers: string[];
  revenue: number[];
  profit?: number[];
  ladder?: Partial<Record<LadderKey, number[]>>;
  /** Name per customer (aligned with `customers`; "" for none) and how many had several: with `mapping.name` only. */
  names?: CustomerNames;
  /** Data rows used, and rows skipped (blank or placeholder customer key, total rows). */
  usedRows: number;
  skippedRows: number;
  /** What was skipped: rows by placeholder kind, and total rows (absent in data not read from a grid). */
  skipped?: SkipReport;
}

/**
 * Reads and aggregates every mapped column.
 * @param tableTotalsRows 1-based grid rows that are an Excel table's Total row (skipped and reported).
 * @throws KamError("column" | "number" | "empty" | "argument") as `readAbcInput`, naming file, column and row.
 */
export function planDataFromGrid(
  grid: Grid,
  mapping: PlanMapping,
  locale: NumberLocale,
  source: string,
  tableTotalsRows?: ReadonlySet<number>,
): PlanData {
  const base = readAbcInput(grid, { customer: mapping.customer, value: mapping.value, locale, source, tableTotalsRows });
  const agg = aggregateByKey(base.keys, base.values);
  const index = new Map(agg.customers.map((c, i) => [c, i]));
  // The other columns skip the rows the value column found to be totals, so every column sums the same rows.
  const totalsRows = new Set(base.totalRows.map((t) => t.row));
  const column = (header: string): number[] => {
    const input = readAbcInput(grid, {
      customer: mapping.customer,
      value: header,
      locale,
      source,
      tableTotalsRows: totalsRows,
      trailingTotal: false,
    });
    const a = aggregateByKey(input.keys, input.values);
    const out = new Array<number>(agg.customers.length).fill(0);
    a.customers.forEach((c, i) => {
      const at = index.get(c);
      if (at === undefined)
        throw new KamError("argument", "plan.noValue", { customer: c, column: header, value: mapping.value }, { source, column: header });
      out[at] = a.totals[i];
    });
    return out;
  };
  const data: PlanData = {
    customers: agg.customers,
    revenue: agg.totals,
    usedRows: base.keys.length,
    skippedRows: base.skipped.rows + base.totalRows.length,
    skipped: { keys: base.skipped.byKind, totalRows: base.totalRows },
  };
  if (mapping.name) data.names = chooseNames(agg.customers, base.keys, readNameColumn(grid, mapping.name, base.rows, source));
  if (mapping.profit) data.profit = column(mapping.profit);
  for (const key of LADDER_KEYS) {
    const header = mapping[key];
    if (header) (data.ladder ??= {})[key] = column(header);
  }
  return data;
}
