/**
 * Voice of the customer (issue 14 part 4) — KAM-DOMAIN §7 and §11: per key account, what the Survey and
 * the Complaints lists say. The pure counterpart of the formulas on the "Voice of the customer" sheet
 * (src/sheets/voice/summary.ts): both read the same rows the same way, so tests compare them.
 *
 * How cells count (the same as the sheet's COUNTIFS/AVERAGEIFS): an answer counts when the cell holds a
 * number ≥ 0 (text and blanks are left out; the sheet's validations keep answers whole numbers in range).
 * Dates are Excel serial numbers (days since 1899-12-30).
 */

/** One row of the Survey sheet, as numbers (null = blank or not a number). */
export interface SurveyAnswer {
  customer: string;
  /** Satisfaction 1–5. */
  satisfaction: number | null;
  /** Likelihood to recommend 0–10 (the NPS question). */
  recommend: number | null;
  /** Would buy again 1–5 (stated loyalty). */
  buyAgain: number | null;
}

/** One row of the Complaints sheet (dates as Excel serials, null = blank). */
export interface Complaint {
  customer: string;
  received: number | null;
  resolved: number | null;
}

/** Jones & Sasser (1995) satisfaction × loyalty groups. */
export type VoiceGroup = "apostle" | "mercenary" | "hostage" | "defector";
/** Oliver (1999) loyalty phases, as our heuristic reads them from a survey. */
export type OliverPhase = "cognitive" | "affective" | "conative" | "action";

/** The cuts and the complaint age limit (defaults: 4, 4, 30 days), on the Voice sheet's settings block. */
export interface VoiceSettings {
  /** Mean satisfaction at or above this is "high" (1–5 scale). */
  satisfactionCut: number;
  /** Mean would-buy-again at or above this is "high" loyalty (1–5 scale). */
  loyaltyCut: number;
  /** A complaint open longer than this many days counts as old (feeds health). */
  openDays: number;
}

export const VOICE_DEFAULTS: VoiceSettings = { satisfactionCut: 4, loyaltyCut: 4, openDays: 30 };

/** CSAT top box: satisfaction 4 or 5 of 5 counts as satisfied (as `csat` in satisfaction.ts). */
export const VOICE_CSAT_TOP_BOX = 4;
/** Oliver's action phase: mean recommend at or above this (a promoter on average). */
export const VOICE_ACTION_RECOMMEND = 9;

/** One account's voice of the customer; null where the sheet shows a blank. */
export interface VoiceSummary {
  /** Survey rows for the account (any content in its row with the account's ID). */
  answers: number;
  /** NPS in points −100…100: 100·(promoters 9–10 − detractors 0–6) / recommend answers; null without any. */
  nps: number | null;
  /** Share 0–1 of satisfaction answers ≥ 4; null without any. */
  csat: number | null;
  satisfaction: number | null;
  recommend: number | null;
  buyAgain: number | null;
  group: VoiceGroup | null;
  phase: OliverPhase | null;
  /** Complaints with a received date; open = of those, without a resolved date. */
  complaints: number;
  open: number;
  /** Open complaints received more than `openDays` days before `today`. */
  openOld: number;
  /** Mean of resolved − received over resolved complaints (days); null when none is resolved. */
  meanDays: number | null;
}

const counted = (x: number | null): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;
const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * Jones & Sasser group from the two means: satisfaction ≥ cut and loyalty ≥ cut = apostle; high / low =
 * mercenary; low / high = hostage; low / low = defector. A mean exactly at the cut is high.
 * @returns null when either mean is missing.
 * Source: Jones & Sasser (1995), "Why Satisfied Customers Defect", HBR 73(6); cuts KAM-DOMAIN §11.
 */
export function jonesSasserGroup(satisfaction: number | null, loyalty: number | null, s: VoiceSettings = VOICE_DEFAULTS): VoiceGroup | null {
  if (satisfaction === null || loyalty === null) return null;
  const high = satisfaction >= s.satisfactionCut;
  const loyal = loyalty >= s.loyaltyCut;
  return high ? (loyal ? "apostle" : "mercenary") : loyal ? "hostage" : "defector";
}

/**
 * Oliver's loyalty phase, a heuristic label (ours, not a measurement; KAM-DOMAIN §11), from the three
 * survey means, checked top down:
 * - action: mean would-buy-again ≥ loyalty cut AND mean recommend ≥ 9 (intends to rebuy and vouches for us
 *   in public — the nearest a survey comes to "repurchase despite obstacles");
 * - conative: mean would-buy-again ≥ loyalty cut (stated intention to rebuy);
 * - affective: mean satisfaction ≥ satisfaction cut (liking);
 * - cognitive: otherwise (belief in our offer only).
 * @returns null unless all three means are present.
 * Source: Oliver (1999), "Whence Consumer Loyalty?", Journal of Marketing 63.
 */
export function oliverPhase(
  satisfaction: number | null,
  recommend: number | null,
  buyAgain: number | null,
  s: VoiceSettings = VOICE_DEFAULTS,
): OliverPhase | null {
  if (satisfaction === null || recommend === null || buyAgain === null) return null;
  if (buyAgain >= s.loyaltyCut) return recommend >= VOICE_ACTION_RECOMMEND ? "action" : "conative";
  return satisfaction >= s.satisfactionCut ? "affective" : "cognitive";
}

/**
 * One account's voice of the customer from the Survey and Complaints rows (all accounts' rows may be
 * passed; only `customer`'s count; IDs compared trimmed and case-insensitive, as COUNTIFS does).
 * @param today Excel serial of today (the sheet uses TODAY()).
 */
export function voiceSummary(
  customer: string,
  survey: readonly SurveyAnswer[],
  complaints: readonly Complaint[],
  today: number,
  s: VoiceSettings = VOICE_DEFAULTS,
): VoiceSummary {
  const key = customer.trim().toLowerCase();
  const mine = survey.filter((a) => a.customer.trim().toLowerCase() === key);
  const sat = mine.map((a) => a.satisfaction).filter(counted);
  const rec = mine.map((a) => a.recommend).filter(counted);
  const buy = mine.map((a) => a.buyAgain).filter(counted);
  const satisfaction = mean(sat);
  const recommend = mean(rec);
  const buyAgain = mean(buy);
  const promoters = rec.filter((x) => x >= 9).length;
  const detractors = rec.filter((x) => x <= 6).length;
  const theirs = complaints.filter((c) => c.customer.trim().toLowerCase() === key && counted(c.received));
  const open = theirs.filter((c) => c.resolved === null);
  const days = theirs.filter((c) => counted(c.resolved)).map((c) => c.resolved! - c.received!);
  return {
    answers: mine.length,
    nps: rec.length === 0 ? null : (100 * (promoters - detractors)) / rec.length,
    csat: sat.length === 0 ? null : sat.filter((x) => x >= VOICE_CSAT_TOP_BOX).length / sat.length,
    satisfaction,
    recommend,
    buyAgain,
    group: jonesSasserGroup(satisfaction, buyAgain, s),
    phase: oliverPhase(satisfaction, recommend, buyAgain, s),
    complaints: theirs.length,
    open: open.length,
    openOld: open.filter((c) => today - c.received! > s.openDays).length,
    meanDays: mean(days.filter((d) => d >= 0)),
  };
}
