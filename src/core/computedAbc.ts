/**
 * Computed ABC analysis (Ultsch & Lötsch 2015, "Computed ABC Analysis for Rational Selection of Most
 * Informative Variables in Multivariate Data", PLoS ONE 10(6): e0129767), discrete variant: the limits
 * come from the ABC curve itself, with no fixed percentages — KAM-DOMAIN §2.
 *
 * The discrete variant evaluates everything on the curve's own points, as CalculatedABC.jl does
 * (T. Frilling, Apache-2.0; this is a from-scratch TypeScript implementation of the same steps):
 *
 * 1. ABC curve: values sorted descending, x_k = k/n (effort), y_k = (x₁+…+x_k)/T (yield), k = 0…n,
 *    starting at (0, 0).
 * 2. Pareto point: the curve point nearest (0, 1) (squared Euclidean distance).
 * 3. Break-even point: the curve point where the slope of the interpolating natural cubic spline through
 *    all curve points is nearest 1 (the gain of one more customer equals its average gain).
 * 4. A|B limit: the smaller of the Pareto and break-even points (by rank).
 * 5. Submarginal point (B|C limit): the curve point nearest (x_max, 1), where x_max is the effort of the
 *    larger of the Pareto and break-even points.
 * 6. A = the customers ranked 1…k_AB, B = k_AB+1…k_BC, C = the rest.
 *
 * Every "nearest" takes the first (lowest-rank) point when several are equally near; differences below
 * 1e-12 count as equal, so float64 rounding noise on a flat stretch of the curve (tied values) cannot
 * move a limit to an arbitrary point of that stretch. Our conventions beyond the published method:
 * a single customer is A; the B|C limit is never before the A|B limit.
 */

/** A point of the ABC curve: `index` customers (the top ones) give `yield` of the total. */
export interface CurvePoint {
  /** Number of top-ranked customers up to this point, 0…n. */
  index: number;
  /** index / n. */
  effort: number;
  /** Cumulative share of the total at this point, 0…1. */
  yield: number;
}

export interface ComputedAbcLimits {
  /** Number of customers on the curve (the positive values). */
  n: number;
  pareto: CurvePoint;
  breakEven: CurvePoint;
  /** The A|B limit: the earlier of the Pareto and break-even points. */
  demarcationAB: CurvePoint;
  /** The B|C limit. */
  submarginal: CurvePoint;
  /** Ranks 1…aCount are A. */
  aCount: number;
  /** Ranks aCount+1…abCount are B; the rest C. */
  abCount: number;
}

/** Differences of distances or slopes below this count as ties (float64 noise on flat stretches). */
const TIE_TOLERANCE = 1e-12;

/**
 * The ABC curve's yields: y[0] = 0, y[k] = sum of the k largest values / total, y[n] = 1 exactly.
 * @param descending positive finite values, sorted descending.
 */
export function abcCurveYields(descending: ArrayLike<number>): Float64Array {
  const n = descending.length;
  const y = new Float64Array(n + 1);
  let sum = 0;
  let comp = 0; // Neumaier compensation: sums of 10^5 values keep full precision
  for (let k = 0; k < n; k++) {
    const x = descending[k];
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    y[k + 1] = sum + comp;
  }
  const total = y[n];
  for (let k = 1; k <= n; k++) y[k] /= total;
  return y;
}

/**
 * Slopes at the knots of the natural cubic spline (second derivative 0 at both ends) through
 * (k·h, y[k]), k = 0…m, on a uniform grid of step h — the interpolation CalculatedABC.jl uses
 * (Interpolations.jl, cubic B-spline with the `Line` boundary condition).
 * Method: solve the tridiagonal system M[k−1] + 4·M[k] + M[k+1] = 6·(y[k+1] − 2y[k] + y[k−1]) / h² for the
 * second derivatives (Thomas algorithm, O(m)), then s[k] = (y[k+1] − y[k]) / h − h·(2M[k] + M[k+1]) / 6.
 * @returns m + 1 slopes; for m = 1 (two points) the straight line's slope at both ends.
 */
export function naturalSplineSlopes(y: ArrayLike<number>, h: number): Float64Array {
  const m = y.length - 1;
  const slopes = new Float64Array(m + 1);
  if (m < 1) return slopes;
  const second = new Float64Array(m + 1); // M[0] = M[m] = 0
  const c = new Float64Array(m + 1);
  const d = new Float64Array(m + 1);
  const h2 = h * h;
  for (let k = 1; k < m; k++) {
    const rhs = (6 * (y[k + 1] - 2 * y[k] + y[k - 1])) / h2;
    const den = 4 - (k > 1 ? c[k - 1] : 0);
    c[k] = 1 / den;
    d[k] = (rhs - (k > 1 ? d[k - 1] : 0)) / den;
  }
  for (let k = m - 1; k >= 1; k--) second[k] = d[k] - c[k] * second[k + 1];
  for (let k = 0; k < m; k++) slopes[k] = (y[k + 1] - y[k]) / h - (h * (2 * second[k] + second[k + 1])) / 6;
  slopes[m] = (y[m] - y[m - 1]) / h + (h * (second[m - 1] + 2 * second[m])) / 6;
  return slopes;
}

/** First index whose score is within TIE_TOLERANCE of the smallest score. */
function firstNearest(count: number, score: (k: number) => number): number {
  const scores = new Float64Array(count);
  let best = Infinity;
  for (let k = 0; k < count; k++) {
    scores[k] = score(k);
    if (scores[k] < best) best = scores[k];
  }
  for (let k = 0; k < count; k++) if (scores[k] <= best + TIE_TOLERANCE) return k;
  return 0;
}

/**
 * The limits of the computed ABC analysis for values sorted descending.
 * @param descending positive finite values (currency units or any unit), sorted descending; may be empty.
 * @returns the curve points and the class sizes by rank (aCount, abCount); for n = 0 all are 0.
 * Ties are not grouped here (ranks only); `classifyAbc` gives equal values the class of the first.
 * Method: Ultsch & Lötsch (2015), discrete variant (CalculatedABC.jl) — see the module doc.
 */
export function computedAbcLimits(descending: ArrayLike<number>): ComputedAbcLimits {
  const n = descending.length;
  const origin: CurvePoint = { index: 0, effort: 0, yield: 0 };
  if (n === 0) {
    return { n, pareto: origin, breakEven: origin, demarcationAB: origin, submarginal: origin, aCount: 0, abCount: 0 };
  }
  const y = abcCurveYields(descending);
  const effort = (k: number): number => k / n;
  const point = (k: number): CurvePoint => ({ index: k, effort: effort(k), yield: y[k] });
  const nearest = (px: number, py: number): number =>
    firstNearest(n + 1, (k) => (effort(k) - px) ** 2 + (y[k] - py) ** 2);

  const pareto = nearest(0, 1);
  const slopes = naturalSplineSlopes(y, 1 / n);
  const breakEven = firstNearest(n + 1, (k) => Math.abs(slopes[k] - 1));
  let ab = Math.min(pareto, breakEven);
  let bc = nearest(effort(Math.max(pareto, breakEven)), 1);
  if (n === 1) ab = bc = 1; // one customer carries the whole total
  bc = Math.max(bc, ab);
  return {
    n,
    pareto: point(pareto),
    breakEven: point(breakEven),
    demarcationAB: point(ab),
    submarginal: point(bc),
    aCount: ab,
    abCount: bc,
  };
}
