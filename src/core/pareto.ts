/**
 * The Pareto table behind =KAM.PARETO: customers ranked by value with their share, cumulative share and
 * ABC class (value method) — KAM-DOMAIN §2. Columnar typed arrays, so a million customers cost about one
 * Float64Array sort (see bench/abc.bench.ts).
 */
import { AbcClass, AbcOptions, abcClassOf, abcCutoffs } from "./abc";
import { KamError, overflowError } from "./errors";
import { orderDescending } from "./order";

export interface ParetoTable {
  /** Input index of the customer at each rank (rank 0 = largest value); ties in input order. */
  order: Uint32Array;
  /** Value at each rank. */
  value: Float64Array;
  /** value / T⁺ at each rank (negative for loss-makers; 0 everywhere when T⁺ = 0). */
  share: Float64Array;
  /**
   * Running sum of the positive values up to and including this rank / T⁺: it reaches 1 at the last
   * positive customer and stays there over the loss-makers (the whale curve is the view where they count).
   */
  cumulativeShare: Float64Array;
  /** ABC class at each rank. */
  classes: AbcClass[];
  /** T⁺: the sum of the positive values. */
  total: number;
}

/**
 * Ranks customers by value and classifies them.
 * @param values  one finite number per customer (currency units).
 * @param options ABC options (default: value method, 80 %/95 %, non-positive → "D"); any method works.
 * @returns a `ParetoTable` with one entry per value, ranked descending.
 * @throws KamError("number") for a non-finite value; the errors of `abcCutoffs` for bad options;
 *         KamError("overflow") when the total is beyond ±1.8E+308 (`runningSums`).
 * Method: KAM-DOMAIN §2. Shares are float64 (running sums with Neumaier compensation); the classes use
 * the exact boundaries of `classifyAbc`, so they agree with =KAM.ABC on the same values.
 */
export function paretoTable(values: ArrayLike<number>, options: AbcOptions = {}): ParetoTable {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new KamError("number", "core.valueNotFinite", { n: String(i + 1) }, { row: i + 1 });
  }
  const order = orderDescending(values);
  const value = new Float64Array(n);
  let positives = 0;
  for (let r = 0; r < n; r++) {
    const x = values[order[r]];
    value[r] = x === 0 ? 0 : x;
    if (x > 0) positives++;
  }
  // The positive values ascending, as the ABC cutoffs take them: the top `positives` ranks reversed.
  const ascending = new Float64Array(positives);
  for (let r = 0; r < positives; r++) ascending[positives - 1 - r] = value[r];
  const cut = abcCutoffs(ascending, options);
  const low: AbcClass = options.nonpositive ?? "D";

  const running = runningSums(value);
  const total = positives > 0 ? running[positives - 1] : 0;
  const share = new Float64Array(n);
  const cumulativeShare = new Float64Array(n);
  const classes = new Array<AbcClass>(n);
  for (let r = 0; r < n; r++) {
    if (total > 0) {
      share[r] = value[r] / total;
      cumulativeShare[r] = r < positives ? running[r] / total : 1;
    }
    classes[r] = abcClassOf(value[r], cut, low);
  }
  return { order, value, share, cumulativeShare, classes, total };
}

/**
 * Prefix sums s[r] = x[0] + … + x[r], Neumaier-compensated (each as accurate as float64 allows).
 * @throws overflowError when a prefix sum leaves float64's range: it would become Infinity or NaN (the
 *         compensation term turns Infinity − Infinity into NaN), and a NaN total turns every share into 0
 *         (KAM.PARETO on {1E308; 1E308}) or NaN (KAM.WHALE). The Pareto table and the whale curve both
 *         take their totals from here, so this is where the overflow is caught.
 */
export function runningSums(xs: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xs.length);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    out[i] = sum + comp;
    if (!Number.isFinite(out[i])) throw overflowError({ key: "overflow.topTotal", values: { n: i + 1 } });
  }
  return out;
}
