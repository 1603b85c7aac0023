/**
 * Two-by-two matrices (KAISM, Shapiro et al., Dick & Basu): each axis is cut at a midpoint and a point
 * exactly on the midpoint counts as HIGH (x ≥ mid). One home for that rule, so all matrices agree.
 */
import { KamError } from "./errors";

/** Position in a 2×2 matrix: first axis high/low, then second axis high/low. */
export type Quadrant = "high-high" | "high-low" | "low-high" | "low-low";

/** True when `x` is on the high side of `mid`: x ≥ mid (on the line is high). */
export function isHigh(x: number, mid: number): boolean {
  return x >= mid;
}

/** The quadrant of (first, second) for the midpoints (firstMid, secondMid); ≥ mid is high. */
export function quadrant(first: number, second: number, firstMid: number, secondMid: number): Quadrant {
  const a = isHigh(first, firstMid) ? "high" : "low";
  const b = isHigh(second, secondMid) ? "high" : "low";
  return `${a}-${b}` as Quadrant;
}

/**
 * The median of finite numbers: the middle value, or the mean of the two middle values for an even
 * count. Order of the input does not matter.
 * @throws KamError("empty") when there are no numbers.
 */
export function median(xs: ArrayLike<number>, name = "values"): number {
  if (xs.length === 0) throw new KamError("empty", "quadrant.noMedian", { name }, { column: name });
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  // a/2 + b/2 cannot overflow and is exact for a = b.
  return s.length % 2 === 1 ? s[m] : s[m - 1] / 2 + s[m] / 2;
}

/**
 * Checks a midpoint argument.
 * @throws KamError("number") unless `mid` is a finite number.
 */
export function checkMid(mid: number, name: string): number {
  if (!Number.isFinite(mid)) throw new KamError("number", "core.mustBeFinite", { name }, { column: name });
  return mid;
}

/** Names of the two axes and their midpoints, as the user knows them (argument names), for messages. */
export interface AxisNames {
  first: string;
  second: string;
  firstMid: string;
  secondMid: string;
}

/**
 * Classifies rows on a 2×2 matrix, blanks allowed.
 * @param first     first-axis value per row, or null for a blank (the row gets null).
 * @param second    second-axis value per row (same length), or null.
 * @param firstMid  midpoint of the first axis; null = the median of that axis over the rows where both
 *                  values are present. Likewise `secondMid`.
 * @throws KamError("shape") for different lengths, ("number") for non-finite values or midpoints.
 */
export function quadrants(
  first: readonly (number | null)[],
  second: readonly (number | null)[],
  firstMid: number | null,
  secondMid: number | null,
  names: AxisNames,
): (Quadrant | null)[] {
  if (first.length !== second.length) {
    throw new KamError("shape", "quadrant.lengths", { first: names.first, a: first.length, second: names.second, b: second.length });
  }
  const complete: number[] = [];
  for (let i = 0; i < first.length; i++) {
    const a = first[i];
    const b = second[i];
    if (a === null || b === null) continue;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      throw new KamError("number", "quadrant.rowNotFinite", { row: String(i + 1), first: names.first, second: names.second }, { row: i + 1 });
    }
    complete.push(i);
  }
  const midOf = (axis: readonly (number | null)[], mid: number | null, axisName: string, midName: string): number => {
    if (mid !== null) return checkMid(mid, midName);
    if (complete.length === 0) return 0; // nothing to classify: every row is blank
    return median(
      complete.map((i) => axis[i] as number),
      axisName,
    );
  };
  const m1 = midOf(first, firstMid, names.first, names.firstMid);
  const m2 = midOf(second, secondMid, names.second, names.secondMid);
  return first.map((a, i) => (a === null || second[i] === null ? null : quadrant(a, second[i] as number, m1, m2)));
}
