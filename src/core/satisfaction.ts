/**
 * Satisfaction measures from survey answers — KAM-DOMAIN §7: Net Promoter Score and CSAT (top-box share).
 */
import type { ProblemRef } from "../i18n/problems";
import { KamError } from "./errors";

/** Where answer i is, for messages: "answer 3" by default; the custom functions say "row 2, column 1". */
export type Where = (i: number) => ProblemRef;
const nth: Where = (i) => ({ key: "answer.nth", values: { n: String(i + 1) } });

/**
 * Net Promoter Score: % promoters (answers 9–10) − % detractors (0–6), from −100 to 100.
 * @param answers the answers to "How likely are you to recommend us…?", whole numbers 0–10, one per
 *                respondent; null = no answer (left out).
 * @param where   position of answer i for messages.
 * @returns the score in points (−100…100, not rounded), or null when there are no answers.
 * @throws KamError("range") for an answer that is not a whole number from 0 to 10, naming its position.
 * Source: Reichheld (2003), "The One Number You Need to Grow", Harvard Business Review 81(12).
 * Computed as 100·(promoters − detractors)/answers with one division, so it is exact whenever the
 * result is representable (e.g. 2 of 6 promoters and 2 of 6 detractors give exactly 0).
 */
export function nps(answers: readonly (number | null)[], where: Where = nth): number | null {
  let promoters = 0;
  let detractors = 0;
  let count = 0;
  answers.forEach((x, i) => {
    if (x === null) return;
    if (!(Number.isInteger(x) && x >= 0 && x <= 10)) {
      throw new KamError("range", "nps.answer", { where: where(i), value: x }, { column: "scores" });
    }
    count++;
    if (x >= 9) promoters++;
    else if (x <= 6) detractors++;
  });
  return count === 0 ? null : (100 * (promoters - detractors)) / count;
}

/** Defaults of =KAM.CSAT: the top two boxes of a 1–5 scale. */
export const CSAT_DEFAULT_TOP_BOX = 4;
export const CSAT_DEFAULT_SCALE_MAX = 5;

/**
 * CSAT: the share of answers in the top box(es), i.e. answers ≥ topBox on a 1…scaleMax scale.
 * @param answers  whole numbers from 1 to scaleMax, one per respondent; null = no answer (left out).
 * @param topBox   lowest answer that counts as satisfied (default 4), a whole number from 1 to scaleMax.
 * @param scaleMax top of the answer scale (default 5), a whole number ≥ 2.
 * @param where    position of answer i for messages.
 * @returns a fraction from 0 to 1 (format it as %), or null when there are no answers.
 * @throws KamError("range") for a bad scale or top box, or an answer outside 1…scaleMax (naming it).
 * Source: the top-box convention of customer-satisfaction surveys (e.g. ACSI, "top-2-box"); KAM-DOMAIN §7.
 */
export function csat(
  answers: readonly (number | null)[],
  topBox = CSAT_DEFAULT_TOP_BOX,
  scaleMax = CSAT_DEFAULT_SCALE_MAX,
  where: Where = nth,
): number | null {
  if (!(Number.isInteger(scaleMax) && scaleMax >= 2)) {
    throw new KamError("range", "csat.scale", { value: scaleMax }, { column: "scale_max" });
  }
  if (!(Number.isInteger(topBox) && topBox >= 1 && topBox <= scaleMax)) {
    throw new KamError("range", "csat.topBox", { max: scaleMax, value: topBox }, { column: "top_box" });
  }
  let satisfied = 0;
  let count = 0;
  answers.forEach((x, i) => {
    if (x === null) return;
    if (!(Number.isInteger(x) && x >= 1 && x <= scaleMax)) {
      throw new KamError("range", "csat.answer", { where: where(i), value: x, max: scaleMax }, { column: "scores" });
    }
    count++;
    if (x >= topBox) satisfied++;
  });
  return count === 0 ? null : satisfied / count;
}
