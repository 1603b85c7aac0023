/**
 * Customer profitability ("accounting analysis") — KAM-DOMAIN §4: cost-to-serve, the contribution-margin
 * ladder (CM1…CM4, Norwegian DB1…DB4), the whale curve and the Shapiro matrix.
 */
import { KamError } from "./errors";
import { commonScale, pow10 } from "./exact";
import { orderDescending } from "./order";
import { runningSums } from "./pareto";
import { AxisNames, Quadrant, quadrants } from "./quadrant";

/**
 * Cost-to-serve per customer: Σ over activities of count × rate (activity-based costing).
 * @param counts one row per customer, one column per activity: how often the activity was done for the
 *               customer in the period (≥ 0); null = blank → that customer's cost is null (not yet known;
 *               a blank is never read as 0 — type 0 for "none").
 * @param rates  one cost per activity (currency per occurrence, ≥ 0), same order as the columns.
 * @returns one cost per row (currency per period), null where a count is blank. Exact on decimal inputs
 *          (see `sumOfProducts`).
 * @throws KamError("shape") when a row has a different number of activities than rates; ("range") for
 *         negative counts or rates; ("number") for non-finite numbers.
 */
export function costToServe(counts: readonly (readonly (number | null)[])[], rates: readonly number[]): (number | null)[] {
  rates.forEach((r, j) => {
    if (!Number.isFinite(r)) throw new KamError("number", "cts.rateNotFinite", { n: String(j + 1) }, { column: "activity_rates" });
    if (r < 0) throw new KamError("range", "cts.rateNegative", { n: String(j + 1), value: r }, { column: "activity_rates" });
  });
  return counts.map((row, i) => {
    if (row.length !== rates.length) {
      throw new KamError("shape", "cts.rowLength", { row: String(i + 1), count: row.length, n: rates.length }, { row: i + 1, column: "activity_counts" });
    }
    let blank = false;
    row.forEach((c, j) => {
      if (c === null) blank = true;
      else if (!Number.isFinite(c)) {
        throw new KamError("number", "cts.countNotFinite", { row: String(i + 1), n: String(j + 1) }, { row: i + 1 });
      } else if (c < 0) {
        throw new KamError("range", "cts.countNegative", { row: String(i + 1), n: String(j + 1), value: c }, { row: i + 1 });
      }
    });
    return blank ? null : sumOfProducts(row as number[], rates);
  });
}

/**
 * Σ a[j]·b[j], exact for decimal inputs when possible: when both lists are whole numbers of 10^-ka and
 * 10^-kb units (`commonScale`) and the scaled products and their sum stay below 2^53, the sum is done in
 * integers and divided once, so 0.7 × 3 + 0.1 gives 2.2, not 2.1999999999999997. Otherwise float64.
 */
export function sumOfProducts(a: readonly number[], b: readonly number[]): number {
  const ka = commonScale(a);
  const kb = commonScale(b);
  if (ka >= 0 && kb >= 0 && ka + kb <= 9) {
    const sa = pow10(ka);
    const sb = pow10(kb);
    let sum = 0;
    let safe = true;
    for (let j = 0; j < a.length; j++) {
      const p = Math.round(a[j] * sa) * Math.round(b[j] * sb);
      sum += p;
      if (!Number.isSafeInteger(p) || !Number.isSafeInteger(sum)) safe = false;
    }
    if (safe) return sum / pow10(ka + kb);
  }
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

/** Inputs of the contribution-margin ladder for one customer, all in currency units per period. */
export interface LadderInput {
  grossSales: number;
  /** Discounts and rebates, as an amount (positive = deducted). */
  discounts: number;
  /** Cost of goods sold. */
  cogs: number;
  /** Customer-specific sales cost (KAM time, travel, customer-specific marketing). */
  salesCost: number;
  /** Cost-to-serve: logistics, order handling, support, payment terms (see `costToServe`). */
  costToServe: number;
  /** Allocated overhead. */
  overhead: number;
}

/** Net revenue and CM1…CM4 (Norwegian DB1…DB4), in currency units. */
export type Ladder = [netRevenue: number, cm1: number, cm2: number, cm3: number, cm4: number];

/**
 * The contribution-margin ladder: net revenue = gross sales − discounts; CM1 = net revenue − cost of goods;
 * CM2 = CM1 − sales cost; CM3 = CM2 − cost-to-serve; CM4 = CM3 − overhead. The labels are ours
 * (KAM-DOMAIN §4). Costs are amounts to subtract; a negative cost (a credit) raises the margin.
 * Exact on decimal inputs: when all six numbers are whole numbers of 10^-k units (k ≤ 9) the ladder is
 * computed in integers and each step divided once, so 1.4 − 1.1 is 0.3, not 0.2999999999999998.
 * @throws KamError("number") for a non-finite input.
 */
export function contributionLadder(x: LadderInput): Ladder {
  const steps = [x.grossSales, x.discounts, x.cogs, x.salesCost, x.costToServe, x.overhead];
  steps.forEach((v) => {
    if (!Number.isFinite(v)) throw new KamError("number", "ladder.notFinite");
  });
  const k = commonScale(steps);
  const scale = k >= 0 ? pow10(k) : 1;
  const scaled = k >= 0 ? steps.map((v) => Math.round(v * scale)) : steps;
  const out: number[] = [];
  let level = scaled[0];
  for (let s = 1; s < 6; s++) {
    level -= scaled[s];
    out.push(k >= 0 ? level / scale : level);
  }
  return out as Ladder;
}

/** Shapiro et al. (1987) matrix, net price realised (first axis) × cost to serve (second axis). */
export const SHAPIRO_LABELS: Record<Quadrant, string> = {
  "high-low": "Passive",
  "high-high": "Carriage trade",
  "low-low": "Bargain basement",
  "low-high": "Aggressive",
};

const SHAPIRO_AXES: AxisNames = { first: "net_price", second: "cost_to_serve", firstMid: "price_mid", secondMid: "cost_mid" };

/**
 * Shapiro customer type per row: high price/low cost "Passive", high/high "Carriage trade", low/low
 * "Bargain basement", low price/high cost "Aggressive". x ≥ mid counts as high.
 * @param netPrice    net price realised per row (e.g. price index or net margin %), null = blank.
 * @param costToServe cost to serve per row (same unit per row, e.g. % of revenue), null = blank.
 * @param priceMid    price midpoint; null = median of netPrice over the rows where both are present.
 * @param costMid     cost midpoint; null = median of costToServe over those rows.
 * @returns one label per row, null where either input is blank.
 * Source: Shapiro, Rangan, Moriarty & Ross (1987), "Manage Customers for Profits (Not Just Sales)",
 * Harvard Business Review 65(5).
 */
export function shapiro(
  netPrice: readonly (number | null)[],
  costToServe: readonly (number | null)[],
  priceMid: number | null = null,
  costMid: number | null = null,
): (string | null)[] {
  return quadrants(netPrice, costToServe, priceMid, costMid, SHAPIRO_AXES).map((q) => (q === null ? null : SHAPIRO_LABELS[q]));
}

export interface WhaleCurve {
  /** Input index of the customer at each rank (rank 0 = most profitable); ties in input order. */
  order: Uint32Array;
  /** Profit at each rank. */
  profit: Float64Array;
  /** Running profit up to and including this rank ÷ total profit; may exceed 1; the last is exactly 1. */
  cumulativeShare: Float64Array;
  /** (rank + 1) / n: the share of customers up to and including this one. */
  customerShare: Float64Array;
  /** Total profit (losses included), > 0. */
  total: number;
  /** Rank with the highest cumulative share (the whale's hump); the first if several. */
  peak: number;
}

/**
 * The whale curve (cumulative profitability): customers ranked by profit, descending, with the running
 * profit as a share of the total. Because loss-makers come last, the curve typically peaks at 150–300 %
 * of total profit before falling back to 100 % (KAM-DOMAIN §2, §4; Kaplan & Cooper, "Cost & Effect", 1998).
 * @param profits one finite number per customer (currency units), losses negative.
 * @throws KamError("number") for non-finite profits; ("empty") for no customers; ("range") when the total
 *         profit is 0 or negative (the curve's shares are then undefined).
 */
export function whaleCurve(profits: ArrayLike<number>): WhaleCurve {
  const n = profits.length;
  if (n === 0) throw new KamError("empty", "whale.noCustomers", {}, { column: "profits" });
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(profits[i])) throw new KamError("number", "whale.profitNotFinite", { n: String(i + 1) }, { row: i + 1 });
  }
  const order = orderDescending(profits);
  const profit = new Float64Array(n);
  for (let r = 0; r < n; r++) profit[r] = profits[order[r]] === 0 ? 0 : profits[order[r]];
  const running = runningSums(profit);
  const total = running[n - 1];
  if (!(total > 0)) {
    throw new KamError("range", "whale.totalNotPositive", { total }, { column: "profits" });
  }
  const cumulativeShare = new Float64Array(n);
  const customerShare = new Float64Array(n);
  let peak = 0;
  for (let r = 0; r < n; r++) {
    cumulativeShare[r] = running[r] / total;
    customerShare[r] = (r + 1) / n;
    if (cumulativeShare[r] > cumulativeShare[peak]) peak = r;
  }
  return { order, profit, cumulativeShare, customerShare, total, peak };
}
