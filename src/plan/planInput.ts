/**
 * Grid + column mapping → the per-customer figures the selection sheets need (DESIGN §1, "Dataset"):
 * revenue (the ABC value), and optionally profit and the contribution-margin ladder (KAM-DOMAIN §4).
 * Every mapped column is read with the same validation as the ABC value (`readAbcInput`: a cell that is
 * not a number is reported with file, column and row) and summed per customer key.
 */
import { aggregateByKey } from "../core/abc";
import { KamError } from "../core/errors";
import { readAbcInput } from "../core/input";
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
  /** Data rows used, and rows skipped for a blank customer key. */
  usedRows: number;
  skippedRows: number;
}

/**
 * Reads and aggregates every mapped column.
 * @throws KamError("column" | "number" | "empty" | "argument") as `readAbcInput`, naming file, column and row.
 */
export function planDataFromGrid(grid: Grid, mapping: PlanMapping, locale: NumberLocale, source: string): PlanData {
  const base = readAbcInput(grid, { customer: mapping.customer, value: mapping.value, locale, source });
  const agg = aggregateByKey(base.keys, base.values);
  const index = new Map(agg.customers.map((c, i) => [c, i]));
  const column = (header: string): number[] => {
    const input = readAbcInput(grid, { customer: mapping.customer, value: header, locale, source });
    const a = aggregateByKey(input.keys, input.values);
    const out = new Array<number>(agg.customers.length).fill(0);
    a.customers.forEach((c, i) => {
      const at = index.get(c);
      if (at === undefined)
        throw new KamError("argument", `Customer "${c}" has a ${header} but no ${mapping.value}.`, {
          source,
          column: header,
        });
      out[at] = a.totals[i];
    });
    return out;
  };
  const data: PlanData = {
    customers: agg.customers,
    revenue: agg.totals,
    usedRows: base.keys.length,
    skippedRows: base.skippedBlankCustomer,
  };
  if (mapping.name) data.names = chooseNames(agg.customers, base.keys, readNameColumn(grid, mapping.name, base.rows, source));
  if (mapping.profit) data.profit = column(mapping.profit);
  for (const key of LADDER_KEYS) {
    const header = mapping[key];
    if (header) (data.ladder ??= {})[key] = column(header);
  }
  return data;
}
