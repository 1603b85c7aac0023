/**
 * Exact per-customer sums of typed decimals, added one value at a time, so a stream of lines needs memory
 * in customers only. Each total is the exact sum of the values' decimal meanings (src/core/exact.ts),
 * rounded once to float64: the number `aggregateByKey` (src/core/abc.ts) gives for the same rows, in any
 * row order.
 *
 * Fast path, as `commonScale`: while every value so far is an integer number of 10^-k units (k ≤ 9) and
 * the units summed in absolute value stay below 2^53, sums are float64 integers and exact; a value with
 * more decimals raises k and rescales the sums (exact: they are below 2^53). Otherwise the sums move to
 * BigInt over a common power of ten, as `exactTotals`.
 */
import { type Ratio, decimalOf, pow10 } from "../../core/exact";

const MAX_SCALE = 9;
/** Units below which x·10^k rounds to the one right integer (src/core/exact.ts's FAST_LIMIT). */
const FAST_LIMIT = 2 ** 49;

export class DecimalSums {
  /** Number of customers (sums) so far. */
  size = 0;
  private k = 0;
  private scale = 1;
  private absUnits = 0;
  private units = new Float64Array(1024);
  /** BigInt sums in 10^exp units once the fast path no longer holds. */
  private big: bigint[] | null = null;
  private exp = 0;

  /** Adds a sum for a new customer (0) and returns its index. */
  addCustomer(): number {
    if (this.big) this.big.push(0n);
    else if (this.size === this.units.length) {
      const grown = new Float64Array(this.units.length * 2);
      grown.set(this.units);
      this.units = grown;
    }
    return this.size++;
  }

  /** Removes the customer added last (its sum is dropped). */
  removeLast(): void {
    this.size--;
    if (this.big) this.big.pop();
    else {
      this.absUnits -= Math.abs(this.units[this.size]);
      this.units[this.size] = 0;
    }
  }

  /** Adds finite `x` to customer `c`'s sum. */
  add(c: number, x: number): void {
    if (this.big === null) {
      let m = Math.round(x * this.scale);
      // At or above 2^49 units a float64 x·10^k may round to a neighbouring integer that still reads back
      // as x (src/core/exact.ts, FAST_LIMIT): such values take the exact BigInt path.
      if (Math.abs(m) >= FAST_LIMIT) return this.addBig(c, x);
      if (m / this.scale !== x) {
        let k = this.k;
        do k++;
        while (k <= MAX_SCALE && Math.round(x * pow10(k)) / pow10(k) !== x);
        // Rescale only while the scaled sums stay exact integers (below 2^53).
        if (k > MAX_SCALE || this.absUnits * pow10(k - this.k) > Number.MAX_SAFE_INTEGER) return this.addBig(c, x);
        m = Math.round(x * pow10(k));
        if (Math.abs(m) >= FAST_LIMIT) return this.addBig(c, x);
        this.rescale(k);
      }
      const abs = this.absUnits + Math.abs(m);
      if (abs <= Number.MAX_SAFE_INTEGER) {
        this.absUnits = abs;
        this.units[c] += m;
        return;
      }
    }
    this.addBig(c, x);
  }

  /**
   * Adds the decimal m·10^-d to customer `c`'s sum: the byte reader's digits, read without a float in
   * between. Same result as `add(c, m / 10^d)`, as long as the digits are those of that Number.
   * @param m an integer of at most 15 digits (|m| < 10^15, so exact); @param d decimals, 0 ≤ d ≤ 15.
   */
  addUnits(c: number, m: number, d: number): void {
    if (this.big === null) {
      if (d > this.k) {
        // "1.50" needs no more decimals than "1.5": raise the scale only for digits that count.
        while (d > this.k && m % 10 === 0) {
          m /= 10;
          d--;
        }
        if (d > this.k) {
          if (d > MAX_SCALE || this.absUnits * pow10(d - this.k) > Number.MAX_SAFE_INTEGER) return this.addBig(c, m / 10 ** d + 0);
          this.rescale(d);
        }
      }
      // |u| ≤ 2^53 - 1 makes the product exact; a larger true product rounds to ≥ 2^53 and fails the test.
      const u = d === this.k ? m : m * pow10(this.k - d);
      const abs = this.absUnits + Math.abs(u);
      if (abs <= Number.MAX_SAFE_INTEGER) {
        this.absUnits = abs;
        this.units[c] += u;
        return;
      }
    }
    this.addBig(c, m / 10 ** d + 0);
  }

  /** The exact sum of every value added (minus those of a customer removed), as num/den. */
  exactTotal(): Ratio {
    if (this.big) {
      let num = 0n;
      for (let c = 0; c < this.size; c++) num += this.big[c];
      return this.exp >= 0 ? { num: num * 10n ** BigInt(this.exp), den: 1n } : { num, den: 10n ** BigInt(-this.exp) };
    }
    // Exact: the absolute units sum to at most 2^53 - 1.
    let units = 0;
    for (let c = 0; c < this.size; c++) units += this.units[c];
    return { num: BigInt(units), den: 10n ** BigInt(this.k) };
  }

  /** The sums, each rounded once to float64 (may be ±Infinity beyond float64's range). */
  totals(): number[] {
    const out = new Array<number>(this.size);
    if (this.big) {
      for (let c = 0; c < this.size; c++) out[c] = Number(`${this.big[c]}e${this.exp}`);
    } else {
      for (let c = 0; c < this.size; c++) out[c] = this.units[c] / this.scale;
    }
    return out;
  }

  private rescale(k: number): void {
    const f = pow10(k - this.k);
    for (let c = 0; c < this.size; c++) this.units[c] *= f;
    this.absUnits *= f;
    this.k = k;
    this.scale = pow10(k);
  }

  /** Moves to BigInt sums; the float64 unit sums are exact integers below 2^53 until here. */
  private toBig(): void {
    this.big = Array.from(this.units.subarray(0, this.size), (u) => BigInt(u));
    this.exp = -this.k;
  }

  private addBig(c: number, x: number): void {
    if (this.big === null) this.toBig();
    const big = this.big as bigint[];
    const d = decimalOf(x);
    if (d.e < this.exp) {
      const f = 10n ** BigInt(this.exp - d.e);
      for (let i = 0; i < this.size; i++) big[i] *= f;
      this.exp = d.e;
    }
    big[c] += d.m * 10n ** BigInt(d.e - this.exp);
  }
}
