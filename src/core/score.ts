/**
 * Weighted-factor scoring, the arithmetic behind both axes of the Key Account Identification and
 * Selection Matrix (KAISM): account attractiveness and relative strength — KAM-DOMAIN §3.
 * Source: McDonald, Rogers & Woodburn, "Key Customers: How to Manage Them Profitably" (KAISM, weighted
 * factor scores); Cheverton, "Key Account Management" (attractiveness × relative strength).
 */
import { KamError } from "./errors";

/**
 * One weighted score per account: Σ(wᵢ·rᵢ) / Σ(wᵢ), on the same scale as the ratings.
 *
 * @param ratings  n×m: one row per account, one column per factor; each rating in [0, scaleMax].
 *                 `null` means "not yet rated"; a row with any `null` rating gets `null` (no partial
 *                 scores: a missing factor would silently re-weight the others).
 * @param weights  m non-negative numbers, one per factor, in any unit (100-point, fractions …); only
 *                 their proportions matter. At least one must be positive.
 * @param scaleMax top of the rating scale (default 10, so scores are 0–10). Must be finite and > 0.
 * @returns n numbers (or `null` for rows not yet rated), same order as `ratings`. Each score lies
 *          between the smallest and largest rating that carries weight in its row (clamped against
 *          float rounding, so an all-10 row scores exactly 10).
 * @throws KamError("shape") when a ratings row does not have one rating per weight;
 *         KamError("number") for a non-finite weight, rating or scale;
 *         KamError("range") for a negative weight, a rating outside [0, scaleMax] or scaleMax ≤ 0;
 *         KamError("argument") when all weights are zero.
 */
export function weightedScores(ratings: (number | null)[][], weights: number[], scaleMax = 10): (number | null)[] {
  if (!Number.isFinite(scaleMax)) throw new KamError("number", "score.scaleNotNumber", {}, { column: "scale_max" });
  if (!(scaleMax > 0)) {
    throw new KamError("range", "score.scaleNotPositive", { value: scaleMax }, { column: "scale_max" });
  }
  if (weights.length === 0) throw new KamError("shape", "score.noWeights", {}, { column: "weights" });
  let weightSum = 0;
  for (let j = 0; j < weights.length; j++) {
    const w = weights[j];
    if (!Number.isFinite(w)) throw new KamError("number", "score.weightNotFinite", { n: String(j + 1) }, { column: "weights" });
    if (w < 0) throw new KamError("range", "score.weightNegative", { n: String(j + 1), value: w }, { column: "weights" });
    weightSum += w;
  }
  if (!(weightSum > 0)) throw new KamError("argument", "weights.allZero", {}, { column: "weights" });
  // Only proportions matter. The plain Σ(w·r)/Σ(w) is what a SUMPRODUCT in the sheet computes, so it is
  // used whenever it is finite; for huge units (weights of 1e308 give Infinity / Infinity) the same
  // average is taken over weights / max weight and ratings / scaleMax, which cannot overflow.
  let maxWeight = 0;
  for (const w of weights) if (w > maxWeight) maxWeight = w;
  const unitWeights = weights.map((w) => w / maxWeight);
  let unitWeightSum = 0;
  for (const w of unitWeights) unitWeightSum += w;

  return ratings.map((row, i) => {
    if (row.length !== weights.length) {
      throw new KamError("shape", "score.rowLength", { row: String(i + 1), count: row.length, n: weights.length }, { row: i + 1, column: "ratings" });
    }
    let blank = false;
    for (let j = 0; j < row.length; j++) {
      const r = row[j];
      if (r === null) {
        blank = true;
        continue;
      }
      if (!Number.isFinite(r)) {
        throw new KamError("number", "score.ratingNotFinite", { row: String(i + 1), column: String(j + 1) }, { row: i + 1, column: "ratings" });
      }
      if (r < 0 || r > scaleMax) {
        throw new KamError("range", "score.ratingRange", { row: String(i + 1), column: String(j + 1), value: r, max: scaleMax }, { row: i + 1, column: "ratings" });
      }
    }
    if (blank) return null;
    let sum = 0;
    let unitSum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < row.length; j++) {
      const w = weights[j];
      const r = row[j] as number;
      sum += w * r;
      unitSum += unitWeights[j] * (r / scaleMax);
      if (w > 0) {
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
    }
        const plain = sum / weightSum;
    const score = Number.isFinite(plain) ? plain : (unitSum / unitWeightSum) * scaleMax;
    return Math.min(hi, Math.max(lo, score));
  });
}
