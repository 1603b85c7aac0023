/**
 * ABC (Pareto) analysis of customers — KAM-DOMAIN §2.
 *
 * Value method: customers ranked by value, descending; a customer is A when the cumulative share of the
 * customers ranked *before* it is < t1 of the positive total T⁺, B when < t2, else C. So the customer
 * that crosses a threshold belongs to the higher class. Count method: the first ceil(t1·n) customers are
 * A, up to ceil(t2·n) B, the rest C (n = customers with a positive value; our rounding convention).
 * Computed method (Ultsch & Lötsch 2015, discrete variant, `computedAbc.ts`): the A|B and B|C limits
 * come from the ABC curve of the positive values, no thresholds.
 * Ties: equal values share the class of the first of them. Non-positive values are outside T⁺ (and off
 * the ABC curve) and get "D" ("no positive contribution"), or "C" on request.
 *
 * Exactness: boundary decisions are made on the decimal values the user typed (see `exact.ts`). When
 * all values are whole numbers of 10^-k units (k ≤ 9) with a total below 2^53, float64 sums of the
 * scaled integers are exact and the whole computation is exact. Otherwise sums are float64 and a
 * comparison closer to a threshold than the proven rounding bound is redone with exact BigInt sums.
 */
import { computedAbcLimits } from "./computedAbc";
import { KamError, overflowError } from "./errors";
import { Ratio, commonScale, compareRatio, decimalOf, exactSum, pow10, ratioOf } from "./exact";
import { orderDescending, sortPositive } from "./order";

export type AbcClass = "A" | "B" | "C" | "D";
export type AbcMethod = "value" | "count" | "computed";

export interface AbcOptions {
  /**
   * Cumulative thresholds as fractions, strictly increasing in (0, 1]. Default [0.8, 0.95] (value),
   * [0.2, 0.8] (count). The computed method takes none (KamError "argument" when given).
   */
  thresholds?: readonly [number, number];
  method?: AbcMethod;
  /** Class for customers with a value ≤ 0. Default "D". */
  nonpositive?: "D" | "C";
}

export const DEFAULT_VALUE_THRESHOLDS: readonly [number, number] = [0.8, 0.95];
export const DEFAULT_COUNT_THRESHOLDS: readonly [number, number] = [0.2, 0.8];

/**
 * Reads two thresholds given as fractions (0.8, 0.95) or percents (80, 95): both the same way.
 * A percent becomes the fraction with the same decimal digits (57.1 → 0.571, not the float 57.1 / 100 =
 * 0.5710000000000001), so boundary decisions stay exact on what the user typed.
 * @throws KamError("argument") for a pair that mixes fractions and percents (0.8, 95), or unless
 *         0 < t1 < t2 ≤ 1 after conversion.
 */
export function normaliseThresholds(t: readonly number[]): [number, number] {
  if (t.length !== 2 || !t.every((x) => typeof x === "number" && Number.isFinite(x))) {
    throw new KamError("argument", "abc.thresholdsTwo", {}, { column: "thresholds" });
  }
  const percent = t[0] > 1 || t[1] > 1;
  if (percent && (t[0] <= 1 || t[1] <= 1) && t[0] > 0 && t[1] > 0) {
    throw new KamError("argument", "abc.thresholdsMixed", { a: t[0], b: t[1] }, { column: "thresholds" });
  }
  const [a, b] = percent ? [percentToFraction(t[0]), percentToFraction(t[1])] : [t[0], t[1]];
  if (!(a > 0 && a < b && b <= 1)) {
    throw new KamError("argument", "abc.thresholdsOrder", { a: t[0], b: t[1] }, { column: "thresholds" });
  }
  return [a, b];
}

/** x / 100 by moving the decimal point of x's shortest decimal form: exact, unlike float division. */
function percentToFraction(x: number): number {
  const { m, e } = decimalOf(x);
  return Number(`${m}e${e - 2}`);
}

/** Threshold as an exact ratio; percents written as 80 are read as 80/100, not as float 0.8. */
function thresholdRatio(t: number): Ratio {
  return ratioOf(t);
}

/**
 * One class per input value, same order: "A" | "B" | "C" | "D".
 * @param values  one number per customer (currency units), finite.
 * @throws KamError("number") for a non-finite value; KamError("argument") for bad thresholds, or any
 *         thresholds with the computed method; KamError("overflow") when the positive total is beyond 1.8E+308.
 * Method: KAM-DOMAIN §2 (value and count methods, ties grouped, exact boundaries; computed ABC).
 */
export function classifyAbc(values: ArrayLike<number>, options: AbcOptions = {}): AbcClass[] {
  const cut = abcCutoffsOf(values, options);
  const low: AbcClass = options.nonpositive ?? "D";
  const out = new Array<AbcClass>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = abcClassOf(values[i], cut, low);
  return out;
}

/**
 * The class limits of `options.method` for one value per customer: what `classifyAbc` compares each value
 * with (`abcClassOf`), for callers that lay the classes out themselves (the custom functions write one
 * shared result row per class instead of an array of classes).
 * @param values one number per customer (currency units), finite.
 * @throws as `classifyAbc`.
 */
export function abcCutoffsOf(values: ArrayLike<number>, options: AbcOptions = {}): AbcCutoffs {
  let positives = 0;
  let positiveTotal = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) throw new KamError("number", "core.valueNotFinite", { n: String(i + 1) }, { row: i + 1 });
    if (x > 0) {
      positives++;
      positiveTotal += x;
    }
  }
  // Shares are fractions of T⁺: a T⁺ beyond float64 would make every share 0 or NaN.
  if (positiveTotal === Infinity) throw overflowError({ key: "overflow.sumPositive" });
  const sorted = new Float64Array(positives);
  for (let i = 0, j = 0; i < values.length; i++) if (values[i] > 0) sorted[j++] = values[i];
  sortPositive(sorted); // ascending; rank r (0 = largest) is sorted[n - 1 - r]
  return abcCutoffs(sorted, options);
}

/**
 * Smallest value that is still A, and still B (Infinity when the class is empty), for the positive
 * values sorted ascending. Comparing a value with these gives its class with ties grouped.
 */
export interface AbcCutoffs {
  a: number;
  b: number;
}

/**
 * The class limits of `options.method` for the positive customer values.
 * @param sortedPositives the values > 0, finite, sorted ascending.
 * @throws KamError("argument") for bad thresholds, or thresholds given with the computed method.
 */
export function abcCutoffs(sortedPositives: Float64Array, options: AbcOptions = {}): AbcCutoffs {
  const method = options.method ?? "value";
  if (method === "computed") {
    if (options.thresholds) {
      throw new KamError("argument", "abc.thresholdsComputed", {}, {
        column: "thresholds",
      });
    }
    return computedCutoffs(sortedPositives);
  }
  const thresholds = normaliseThresholds(
    options.thresholds ?? (method === "count" ? DEFAULT_COUNT_THRESHOLDS : DEFAULT_VALUE_THRESHOLDS),
  );
  return method === "count" ? countCutoffs(sortedPositives, thresholds) : valueCutoffs(sortedPositives, thresholds);
}

/** The class of one value given the cutoffs; `low` for values ≤ 0. */
export function abcClassOf(x: number, cut: AbcCutoffs, low: AbcClass): AbcClass {
  return x <= 0 ? low : x >= cut.a ? "A" : x >= cut.b ? "B" : "C";
}

/** Computed ABC: the rank limits of `computedAbcLimits`, as the values of the last A and last B customer. */
function computedCutoffs(sorted: Float64Array): AbcCutoffs {
  const descending = sorted.slice().reverse();
  const { aCount, abCount } = computedAbcLimits(descending); // abCount ≥ aCount
  const at = (count: number): number => (count <= 0 ? Infinity : descending[count - 1]);
  return { a: at(aCount), b: at(abCount) };
}

function countCutoffs(sorted: Float64Array, [t1, t2]: [number, number]): AbcCutoffs {
  const n = sorted.length;
  if (n === 0) return { a: Infinity, b: Infinity };
  const size = (t: number): number => {
    const { num, den } = thresholdRatio(t);
    return Number((num * BigInt(n) + den - 1n) / den); // ceil(t·n), exact
  };
  const at = (count: number): number => (count <= 0 ? Infinity : sorted[n - count]);
  return { a: at(size(t1)), b: at(size(t2)) };
}

function valueCutoffs(sorted: Float64Array, [t1, t2]: [number, number]): AbcCutoffs {
  const n = sorted.length;
  if (n === 0) return { a: Infinity, b: Infinity };
  const desc = (r: number): number => sorted[n - 1 - r];

  // before[r] = sum of the r largest values (prefix before rank r); before[n] = T⁺.
  const k = commonScale(sorted);
  const scale = k >= 0 ? pow10(k) : 1;
  const before = new Float64Array(n + 1);
  for (let r = 0; r < n; r++) before[r + 1] = before[r] + (k >= 0 ? Math.round(desc(r) * scale) : desc(r));
  const total = before[n];

  // Float path: |computed − exact| of (before[r] − t·T) is below (2n + 8)·2^-53·T (recursive summation
  // of non-negative terms, decimal-to-binary conversion, one product); we double it for margin.
  const bound = (2 * n + 8) * 2 ** -52 * total;
  let exactTotal: Ratio | undefined;
  // The values in rank order, for the exact fallback only (built on first use: most inputs never need it).
  let descValues: Float64Array | undefined;
  const descending = (): Float64Array => {
    if (!descValues) {
      descValues = new Float64Array(n);
      for (let r = 0; r < n; r++) descValues[r] = desc(r);
    }
    return descValues;
  };

  /** Sign of before[r] − t·T⁺, exactly. */
  const compare = (r: number, t: number, tr: Ratio): number => {
    if (k >= 0) {
      // Scaled integers: before[r] and total are exact integers.
      return compareRatio({ num: BigInt(before[r]) * tr.den, den: 1n }, { num: tr.num * BigInt(total), den: 1n });
    }
    const diff = before[r] - t * total;
    if (diff > bound) return 1;
    if (diff < -bound) return -1;
    exactTotal ??= exactSum(descending());
    const b = exactSum(descending(), 0, r);
    return compareRatio(b, { num: tr.num * exactTotal.num, den: tr.den * exactTotal.den });
  };

  /** Value of the last customer whose prefix-before is < t·T⁺ (customers at or above it are in). */
  const cutoff = (t: number): number => {
    const tr = thresholdRatio(t);
    // First rank r* in [1, n] with before[r*] ≥ t·T⁺; before[0] = 0 < t·T⁺ and before[n] = T⁺ ≥ t·T⁺.
    let lo = 1;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(mid, t, tr) >= 0) hi = mid;
      else lo = mid + 1;
    }
    return desc(lo - 1);
  };
  return { a: cutoff(t1), b: cutoff(t2) };
}

/** Customers after aggregation by key, and each input row's customer index (-1 for a blank key). */
export interface Aggregated {
  customers: string[];
  totals: number[];
  rowCustomer: Int32Array;
}

/**
 * Sums transaction rows per customer key (KAM-DOMAIN §2: aggregate first).
 * @param keys   one key per row; null, undefined or whitespace-only = blank (row is not counted).
 * @param values one finite number per row.
 * Exact when the values share a decimal scale (see `commonScale`); otherwise float64 with Neumaier
 * compensation, so ties between per-key totals are then only as exact as float64 allows.
 */
export function aggregateByKey(keys: readonly (string | null | undefined)[], values: ArrayLike<number>): Aggregated {
  if (keys.length !== values.length) {
    throw new KamError("shape", "core.keysValuesLength", { keys: keys.length, values: values.length });
  }
  const index = new Map<string, number>();
  const customers: string[] = [];
  const rowCustomer = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key == null || key.trim() === "") {
      rowCustomer[i] = -1;
      continue;
    }
    let c = index.get(key);
    if (c === undefined) {
      c = customers.length;
      index.set(key, c);
      customers.push(key);
    }
    rowCustomer[i] = c;
  }
  return { customers, totals: customerTotals(rowCustomer, values, customers), rowCustomer };
}

/**
 * The per-customer sums of `aggregateByKey`, for a caller that has already given each row its customer
 * (the custom functions group a key range in one pass over its cells).
 * @param rowCustomer each row's customer index, or -1 for a row that is not counted (its value is ignored).
 * @param values      one number per row; every counted row's must be finite.
 * @param customers   the customers' keys (their number is the number of totals; keys name a customer in messages).
 * @returns one exact total per customer, rounded once to float64 (see `aggregateByKey`).
 * @throws KamError("number") for a counted row whose value is not finite; overflowError for a total beyond float64.
 */
export function customerTotals(rowCustomer: Int32Array, values: ArrayLike<number>, customers: readonly string[]): number[] {
  let usedCount = 0;
  for (let i = 0; i < rowCustomer.length; i++) {
    if (rowCustomer[i] < 0) continue;
    const x = values[i];
    if (!Number.isFinite(x)) throw new KamError("number", "core.valueRowNotFinite", { row: String(i + 1) }, { row: i + 1 });
    usedCount++;
  }
  const used = new Float64Array(usedCount);
  for (let i = 0, j = 0; i < rowCustomer.length; i++) if (rowCustomer[i] >= 0) used[j++] = values[i];
  const k = commonScale(used);
  const totals = k >= 0 ? scaledTotals(rowCustomer, values, customers.length, pow10(k)) : exactTotals(rowCustomer, values, customers.length);
  totals.forEach((total, c) => {
    if (!Number.isFinite(total)) {
      throw overflowError({ key: "overflow.customerTotal", values: { customer: customers[c] } }, { row: rowCustomer.indexOf(c) + 1 });
    }
  });
  return totals;
}

/** Per-customer sums of integers in 10^-k units: exact in float64 (see `commonScale`). */
function scaledTotals(rowCustomer: Int32Array, values: ArrayLike<number>, n: number, scale: number): number[] {
  const sums = new Float64Array(n);
  for (let i = 0; i < rowCustomer.length; i++) {
    const c = rowCustomer[i];
    if (c >= 0) sums[c] += Math.round(values[i] * scale);
  }
  const totals = new Array<number>(n);
  for (let c = 0; c < n; c++) totals[c] = sums[c] / scale;
  return totals;
}

/**
 * Per-customer sums of the typed decimals in BigInt, rounded once to the nearest float64. Equal exact
 * totals therefore give equal numbers and share a class, whatever the order of the rows.
 */
function exactTotals(rowCustomer: Int32Array, values: ArrayLike<number>, n: number): number[] {
  const parts: { m: bigint; e: number }[] = new Array(rowCustomer.length);
  let minE = 0;
  for (let i = 0; i < rowCustomer.length; i++) {
    if (rowCustomer[i] < 0) continue;
    parts[i] = decimalOf(values[i]);
    if (parts[i].e < minE) minE = parts[i].e;
  }
  const sums = new Array<bigint>(n).fill(0n);
  const pow = new Map<number, bigint>();
  for (let i = 0; i < rowCustomer.length; i++) {
    const c = rowCustomer[i];
    if (c < 0) continue;
    const shift = parts[i].e - minE;
    let p = pow.get(shift);
    if (p === undefined) pow.set(shift, (p = 10n ** BigInt(shift)));
    sums[c] += parts[i].m * p;
  }
  return sums.map((s) => Number(`${s}e${minE}`));
}

/**
 * Row-aligned classes, the shape KAM.ABC returns: with keys, each row gets its customer's class and a
 * row with a blank key gets ""; without keys, each row is a customer.
 */
export function classifyRows(
  values: ArrayLike<number>,
  keys: readonly (string | null | undefined)[] | null,
  options: AbcOptions = {},
): (AbcClass | "")[] {
  if (!keys) return classifyAbc(values, options);
  const agg = aggregateByKey(keys, values);
  const classes = classifyAbc(agg.totals, options);
  return Array.from(agg.rowCustomer, (c) => (c < 0 ? "" : classes[c]));
}

export interface AbcRow {
  rank: number;
  customer: string;
  value: number;
  /** value / T⁺ (fraction; negative for loss-makers). */
  share: number;
  /** Running sum of the positive values up to and including this customer / T⁺ (stays at 1 over loss-makers). */
  cumulativeShare: number;
  class: AbcClass;
}

export interface AbcSummary {
  customers: number;
  /** T⁺: sum of the positive customer values. */
  total: number;
  classes: Record<AbcClass, { count: number; value: number }>;
  rows: AbcRow[];
}

/**
 * The full ABC table of aggregated customers, sorted by value descending (ties in first-seen order).
 * @param customers customer names/keys; @param totals one value per customer (same length).
 */
export function abcTable(customers: readonly string[], totals: readonly number[], options: AbcOptions = {}): AbcSummary {
  const classes = classifyAbc(totals, options);
  const positives = totals.filter((v) => v > 0);
  const total = decimalTotal(positives);
  const byClass: Record<AbcClass, number[]> = { A: [], B: [], C: [], D: [] };
  totals.forEach((v, i) => byClass[classes[i]].push(v));
  const summary = {} as AbcSummary["classes"];
  for (const c of ["A", "B", "C", "D"] as const) summary[c] = { count: byClass[c].length, value: decimalTotal(byClass[c]) };

  // The rows are built when first read: a summary (counts and values per class, `kam analyze` without
  // --out or --json) needs only the classes, and 388,000 row objects cost more than the classes themselves.
  let rows: AbcRow[] | undefined;
  return {
    customers: customers.length,
    total,
    classes: summary,
    get rows(): AbcRow[] {
      rows ??= abcRows(customers, totals, classes, positives, total);
      return rows;
    },
  };
}

/** The rows of `abcTable`, sorted by value descending (ties in first-seen order). */
function abcRows(customers: readonly string[], totals: readonly number[], classes: readonly AbcClass[], positives: readonly number[], total: number): AbcRow[] {
  const order = orderDescending(totals);
  // Running sums of the positive values in the typed decimals when they share a scale, so the last
  // positive customer lands on exactly 100 % and no float noise reaches the sheet or the JSON.
  const k = commonScale(positives);
  const scale = k >= 0 ? pow10(k) : 1;
  const scaledTotal = k >= 0 ? Math.round(total * scale) : total;
  let running = 0;
  return Array.from(order, (i, r): AbcRow => {
    const v = totals[i];
    const units = v > 0 && k >= 0 ? Math.round(v * scale) : v;
    if (v > 0) running += units;
    return {
      rank: r + 1,
      customer: customers[i],
      value: v,
      share: total > 0 ? (v > 0 ? units / scaledTotal : v / total) : 0,
      cumulativeShare: total > 0 ? (v > 0 ? running / scaledTotal : 1) : 0,
      class: classes[i],
    };
  });
}

/** Sum of the typed decimals of `xs`, rounded once to float64 (exact integers when they share a scale). */
function decimalTotal(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const k = commonScale(xs);
  if (k >= 0) {
    let s = 0;
    for (const x of xs) s += Math.round(x * pow10(k));
    return s / pow10(k);
  }
  const { num, den } = exactSum(xs); // den is a power of ten
  return Number(`${num}e-${den.toString().length - 1}`);
}
