/**
 * Key account selection — KAM-DOMAIN §3: the Key Account Identification and Selection Matrix (KAISM)
 * and relative strength against the best competitor.
 * Sources: Cheverton, "Key Account Management" (attractiveness × relative strength; the newer names
 * Strategic / Star / Status / Streamline); McDonald, Rogers & Woodburn, "Key Customers: How to Manage Them
 * Profitably" (the classic names Key account / Key development / Maintenance / Opportunistic).
 */
import type { ProblemRef } from "../i18n/problems";
import { KamError, overflowError } from "./errors";
import { AxisNames, Quadrant, quadrants } from "./quadrant";

export type KaismNaming = "newer" | "classic";
export type Language = "en" | "nb";

/** Default midpoint of both KAISM axes on the 0–10 scale of weighted scores (use 1 for a strength ratio). */
export const KAISM_DEFAULT_MID = 5;

/**
 * Quadrant labels, indexed by (attractiveness, strength) high/low. Norwegian labels are ours (Bokmål):
 * "Effektivisere" says what the low/low quadrant asks for (reduce the cost to serve), as "Streamline" does.
 */
export const KAISM_LABELS: Record<KaismNaming, Record<Language, Record<Quadrant, string>>> = {
  newer: {
    en: { "high-high": "Strategic", "high-low": "Star", "low-high": "Status", "low-low": "Streamline" },
    nb: { "high-high": "Strategisk", "high-low": "Stjerne", "low-high": "Status", "low-low": "Effektivisere" },
  },
  classic: {
    en: { "high-high": "Key account", "high-low": "Key development", "low-high": "Maintenance", "low-low": "Opportunistic" },
    nb: {
      "high-high": "Nøkkelkunde",
      "high-low": "Utviklingskunde",
      "low-high": "Vedlikeholdskunde",
      "low-low": "Opportunistisk kunde",
    },
  },
};

const KAISM_AXES: AxisNames = {
  first: "attractiveness",
  second: "strength",
  firstMid: "attractiveness_mid",
  secondMid: "strength_mid",
};

export interface KaismOptions {
  /** Midpoint of account attractiveness (default 5); a point exactly on it is high. */
  attractivenessMid?: number;
  /** Midpoint of relative strength (default 5; 1 for a ratio from `relativeStrength`); on it is high. */
  strengthMid?: number;
  naming?: KaismNaming;
  language?: Language;
}

/**
 * KAISM quadrant label per account.
 * @param attractiveness account attractiveness per row (weighted score, usually 0–10), null = blank.
 * @param strength       relative strength per row (0–10 score, or a ratio with strengthMid 1), null = blank.
 * @returns one label per row ("Strategic" / "Star" / "Status" / "Streamline", or the classic or Norwegian
 *          names), null where either input is blank. High attractiveness + high strength = Strategic,
 *          high + low = Star, low + high = Status, low + low = Streamline; x ≥ mid is high.
 * @throws KamError("shape") for different lengths; ("number") for non-finite values or midpoints.
 */
export function kaism(
  attractiveness: readonly (number | null)[],
  strength: readonly (number | null)[],
  options: KaismOptions = {},
): (string | null)[] {
  const labels = KAISM_LABELS[options.naming ?? "newer"][options.language ?? "en"];
  const q = quadrants(
    attractiveness,
    strength,
    options.attractivenessMid ?? KAISM_DEFAULT_MID,
    options.strengthMid ?? KAISM_DEFAULT_MID,
    KAISM_AXES,
  );
  return q.map((x) => (x === null ? null : labels[x]));
}

/**
 * Relative strength as a ratio: our weighted score ÷ the best competitor's (1 = parity, > 1 ahead).
 * @param ours        our score per factor (m numbers ≥ 0, e.g. 1–10), as the customer judges us; null = blank.
 * @param competitors one row per competitor, m scores each (same factors, same order); null = blank. A row
 *                    that is blank throughout is no competitor (spare rows in a range).
 * @param weights     m weights ≥ 0, at least one > 0; only their proportions matter (scale-free).
 * @returns the ratio, or null when it cannot be computed yet: a blank in our scores, a competitor only
 *          partly scored, or no competitor at all.
 * @throws KamError("shape") when a row does not have m scores or weights; ("range") for negative scores
 *         or weights, or when the best competitor scores 0; ("argument") when all weights are 0;
 *         ("number") for non-finite numbers; ("overflow") when the ratio is beyond ±1.8E+308 (a best competitor
 *         scoring almost 0). Huge weights or scores (near 1E308) are averaged without overflow.
 * Method: weighted score Σ(w·s)/Σ(w) per party (McDonald, Rogers & Woodburn; KAM-DOMAIN §3).
 */
export function relativeStrength(
  ours: readonly (number | null)[],
  competitors: readonly (readonly (number | null)[])[],
  weights: readonly number[],
): number | null {
  const m = weights.length;
  if (m === 0) throw new KamError("shape", "portfolio.noWeights", {}, { column: "weights" });
  let weightSum = 0;
  weights.forEach((w, j) => {
    if (!Number.isFinite(w)) throw new KamError("number", "portfolio.weightNotFinite", { n: String(j + 1) }, { column: "weights" });
    if (w < 0) throw new KamError("range", "portfolio.weightNegative", { n: String(j + 1), value: w }, { column: "weights" });
    weightSum += w;
  });
  if (!(weightSum > 0)) throw new KamError("argument", "weights.allZero", {}, { column: "weights" });
  // Only proportions matter. Σ(w·s)/Σ(w), what SUMPRODUCT gives in a sheet, is used whenever it is finite;
  // where it overflows (weights or scores near 1E308) the same mean is taken with the weights scaled to
  // sum to 1, which never exceeds the largest score.
  let maxWeight = 0;
  for (const w of weights) if (w > maxWeight) maxWeight = w;
  let unitSum = 0;
  for (const w of weights) unitSum += w / maxWeight;
  const share = weights.map((w) => w / maxWeight / unitSum);

  const score = (row: readonly (number | null)[], name: string, where: ProblemRef | ""): number | null => {
    if (row.length !== m) {
      throw new KamError("shape", "portfolio.scoresLength", { name, where, count: row.length, m }, { column: name });
    }
    let sum = 0;
    let scaled = 0;
    let blank = false;
    row.forEach((s, j) => {
      if (s === null) {
        blank = true;
        return;
      }
      if (!Number.isFinite(s)) throw new KamError("number", "portfolio.factorNotFinite", { name, where, n: String(j + 1) }, { column: name });
      if (s < 0) throw new KamError("range", "portfolio.factorNegative", { name, where, n: String(j + 1), value: s }, { column: name });
      sum += weights[j] * s;
      scaled += share[j] * s;
    });
    if (blank) return null;
    const plain = sum / weightSum;
    return Number.isFinite(weightSum) && Number.isFinite(plain) ? plain : scaled;
  };

  const our = score(ours, "our_scores", "");
  let best: number | null = null;
  let incomplete = false;
  competitors.forEach((row, k) => {
    if (row.every((s) => s === null)) return;
    const s = score(row, "competitor_scores", { key: "portfolio.competitor", values: { n: String(k + 1) } });
    if (s === null) incomplete = true;
    else if (best === null || s > best) best = s;
  });
  if (our === null || incomplete || best === null) return null;
  if (!((best as number) > 0)) {
    throw new KamError("range", "portfolio.bestZero", {}, { column: "competitor_scores" });
  }
  const ratio = our / (best as number);
  if (!Number.isFinite(ratio)) {
    throw overflowError(
      { key: "overflow.relativeStrength", values: { our, best: best as number } },
      { column: "competitor_scores" },
      { key: "overflow.hint.competitorZero" },
    );
  }
  return ratio;
}
