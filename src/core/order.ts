/**
 * Ranking without comparators: the order of customers by value, descending, for the Pareto table and
 * the whale curve (KAM-DOMAIN §2). A comparator sort over a million indices costs several times a
 * Float64Array sort; this LSD radix sort on the IEEE-754 bit patterns costs less than one.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const DIGIT_MASK = BUCKETS - 1;

/**
 * Indices of `values` ordered by value, descending; equal values keep their input order (stable), and
 * −0 counts as 0.
 * @param values finite numbers (NaN and ±Infinity are the caller's to reject; they are not ordered here).
 * @returns a Uint32Array `order` with values[order[0]] ≥ values[order[1]] ≥ … (length = values.length).
 * Method: least-significant-digit radix sort, four 16-bit digits of a 64-bit key, skipping digits on
 * which all keys agree. The key maps the float64 bits to an unsigned integer whose ascending order is the
 * descending order of the numbers: negatives keep their bits, non-negatives flip all but the sign bit.
 */
export function orderDescending(values: ArrayLike<number>): Uint32Array {
  const n = values.length;
  if (n === 0) return new Uint32Array(0);
  const buf = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    buf[i] = x === 0 ? 0 : x; // −0 → 0
  }
  const words = new Uint32Array(buf.buffer);
  const [loAt, hiAt] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + hiAt];
    const l = words[2 * i + loAt];
    if (h & 0x80000000) {
      hi[i] = h;
      lo[i] = l;
    } else {
      hi[i] = (h ^ 0x7fffffff) >>> 0;
      lo[i] = ~l >>> 0;
    }
    idx[i] = i;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const count = new Uint32Array(BUCKETS);

  for (let digit = 0; digit < 4; digit++) {
    const useHi = digit >= 2;
    const shift = (digit % 2) * DIGIT_BITS;
    const key = useHi ? hi : lo;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i] >>> shift) & DIGIT_MASK]++;
    if (count[(key[0] >>> shift) & DIGIT_MASK] === n) continue; // every key has this digit: nothing to do
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    if (useHi) {
      // The low word is no longer needed once its two digits are sorted.
      for (let i = 0; i < n; i++) {
        const p = count[(hi[i] >>> shift) & DIGIT_MASK]++;
        hi2[p] = hi[i];
        idx2[p] = idx[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const p = count[(lo[i] >>> shift) & DIGIT_MASK]++;
        lo2[p] = lo[i];
        hi2[p] = hi[i];
        idx2[p] = idx[i];
      }
      [lo, lo2] = [lo2, lo];
    }
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}
