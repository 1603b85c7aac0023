/**
 * Exact decimal arithmetic for boundary decisions. A number the user typed (73.43) is stored as the
 * nearest float64; we read it back as its shortest round-trip decimal, the value the user meant, so
 * "73.43 + 55.77 out of 161.50 is exactly 80 %" holds (KAM-DOMAIN §2, exact boundaries).
 */

/** A rational number num/den with den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Largest number of decimals the integer fast path tries (cents, øre, 1/10,000 of a unit, …). */
const MAX_SCALE = 9;
const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);
/** Below this, x·10^k is an integer in float64 for which only one k-decimal rounds to x (half an ulp < 10^-k/16). */
const FAST_LIMIT = 2 ** 49;

/**
 * The shortest decimal that round-trips to `x`, as m·10^e (m integer). `x` must be finite.
 * Uses the ECMAScript Number-to-String algorithm, which yields the shortest round-trip digits.
 */
export function decimalOf(x: number): { m: bigint; e: number } {
  const s = String(x);
  const [mant, expPart] = s.split("e");
  const exp = expPart === undefined ? 0 : Number(expPart);
  const dot = mant.indexOf(".");
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const decimals = dot < 0 ? 0 : mant.length - dot - 1;
  return { m: BigInt(digits), e: exp - decimals };
}

/** A threshold such as 0.8 or 0.95 as an exact ratio of its decimal digits (0.8 → 4/5 unreduced: 8/10). */
export function ratioOf(x: number): Ratio {
  const { m, e } = decimalOf(x);
  return e >= 0 ? { num: m * 10n ** BigInt(e), den: 1n } : { num: m, den: 10n ** BigInt(-e) };
}

/** Exact sum of the decimal meanings of `xs` (start..end), as a ratio over a power of ten. */
export function exactSum(xs: ArrayLike<number>, start = 0, end = xs.length): Ratio {
  const parts: { m: bigint; e: number }[] = [];
  let minE = 0;
  for (let i = start; i < end; i++) {
    const d = decimalOf(xs[i]);
    parts.push(d);
    if (d.e < minE) minE = d.e;
  }
  let num = 0n;
  for (const d of parts) num += d.m * 10n ** BigInt(d.e - minE);
  return { num, den: 10n ** BigInt(-minE) };
}

/** Sign of a/b − c/d for ratios with positive denominators. */
export function compareRatio(a: Ratio, b: Ratio): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * Fast path: the smallest k ≤ 9 such that every value is exactly (its decimal meaning) an integer
 * number of 10^-k units and all those integers, summed in absolute value, stay below 2^53. Then sums of
 * the scaled integers in float64 are exact, so every prefix sum and comparison is exact.
 * Returns -1 when no such k exists (more decimals, or a value of 2^49 units or more).
 */
export function commonScale(xs: ArrayLike<number>): number {
  let k = 0;
  let absSum = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    while (k <= MAX_SCALE && Math.round(x * POW10[k]) / POW10[k] !== x) k++;
    if (k > MAX_SCALE) return -1;
  }
  const p = POW10[k];
  for (let i = 0; i < xs.length; i++) {
    const m = Math.round(xs[i] * p);
    // Values checked at a smaller k must still round-trip at the final k. At 2^49 units and beyond, more than
    // one k-decimal can round to the same float64, so m may not be the value's decimal meaning
    // (88618442581606.4 · 100 rounds to …0642): such values take the exact path.
    if (Math.abs(m) >= FAST_LIMIT || m / p !== xs[i]) return -1;
    absSum += Math.abs(m);
  }
  // The rounding check above holds for the integers only while they are exactly representable.
  return absSum <= Number.MAX_SAFE_INTEGER ? k : -1;
}

export function pow10(k: number): number {
  return POW10[k];
}

/**
 * An exact running sum of the decimal meanings of numbers, added one at a time (streams, running totals).
 * Values with at most 9 decimals are summed as scaled integers in float64 while that is exact and flushed to
 * a bigint before it would not be; others go through `decimalOf`. Cost per `add` is a few float operations
 * in the common case (amounts in cents), so a reader can call it per row.
 */
export class ExactSum {
  /** Units are 10^-scale. */
  private scale = 0;
  /** Units not yet flushed; |fast| ≤ 2^53 keeps it exact. */
  private fast = 0;
  private big = 0n;

  /** Adds the decimal meaning of finite `x`. */
  add(x: number): void {
    if (this.scale > MAX_SCALE) {
      this.addDecimal(decimalOf(x));
      return;
    }
    let k = this.scale;
    let m = x * POW10[k];
    while (Math.abs(m) < FAST_LIMIT && Math.round(m) / POW10[k] !== x && k < MAX_SCALE) m = x * POW10[++k];
    m = Math.round(m);
    if (Math.abs(m) >= FAST_LIMIT || m / POW10[k] !== x) {
      this.addDecimal(decimalOf(x));
      return;
    }
    if (k > this.scale) this.rescale(k);
    if (Math.abs(this.fast + m) >= Number.MAX_SAFE_INTEGER - FAST_LIMIT) this.flush();
    this.fast += m;
  }

  /** The sum so far as num/10^scale. */
  ratio(): Ratio {
    return { num: this.big + BigInt(this.fast), den: 10n ** BigInt(this.scale) };
  }

  private flush(): void {
    this.big += BigInt(this.fast);
    this.fast = 0;
  }

  private rescale(k: number): void {
    this.flush();
    this.big *= 10n ** BigInt(k - this.scale);
    this.scale = k;
  }

  private addDecimal(d: { m: bigint; e: number }): void {
    if (-d.e > this.scale) this.rescale(-d.e);
    this.flush();
    this.big += d.m * 10n ** BigInt(d.e + this.scale);
  }
}
