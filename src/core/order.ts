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

/** Below this many values the built-in sort is cheaper than clearing and summing the radix buckets. */
const RADIX_MIN = 1 << 15;

/**
 * Sorts positive finite numbers ascending, in place, and returns the array: what `values.sort()` does,
 * several times faster on a million values (the ABC cutoffs of KAM.ABC sort every positive value).
 * @param values numbers > 0 (or +0), finite; a negative number, −0 or NaN would be misplaced.
 * Method: LSD radix sort on the IEEE-754 bits, which for non-negative numbers ascend as the numbers do:
 * one pass counts all four 16-bit digits, then one stable scatter per digit on which the values differ.
 */
export function sortPositive(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN) return values.sort();
  const [loAt, hiAt] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  const counts = new Uint32Array(4 * BUCKETS);
  let words: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i + loAt];
    const hi = words[2 * i + hiAt];
    counts[lo & DIGIT_MASK]++;
    counts[BUCKETS + (lo >>> DIGIT_BITS)]++;
    counts[2 * BUCKETS + (hi & DIGIT_MASK)]++;
    counts[3 * BUCKETS + (hi >>> DIGIT_BITS)]++;
  }
  let src: Float64Array = values;
  let dst: Float64Array = new Float64Array(n);
  let dstWords: Uint32Array = new Uint32Array(dst.buffer);
  for (let digit = 0; digit < 4; digit++) {
    const base = digit * BUCKETS;
    const at = digit < 2 ? loAt : hiAt;
    const shift = (digit % 2) * DIGIT_BITS;
    if (counts[base + ((words[at] >>> shift) & DIGIT_MASK)] === n) continue; // every value has this digit
    let sum = 0;
    for (let b = base; b < base + BUCKETS; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) dst[counts[base + ((words[2 * i + at] >>> shift) & DIGIT_MASK)]++] = src[i];
    [src, dst] = [dst, src];
    [words, dstWords] = [dstWords, words];
  }
  if (src !== values) values.set(src);
  return values;
}
