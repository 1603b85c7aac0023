/**
 * Account health, plan completeness and review cadence (issue 13 parts 2–3): the single statement of the
 * rules. Pure: the plan sheets' native formulas (src/sheets/accountPlan/health.ts) and the Overview's
 * columns compute the same figures in the workbook; this module computes them from a plan's contents
 * for the add-in (History rows, the task pane) and for tests.
 *
 * Sources: Kapta's account health (a 0–100 weighted score of several signals, freshness among them);
 * Altify's plan completeness (which parts of the plan have content); the seed's last KAM step, control
 * and evaluation of the result (2.1.7), with a business-review cadence per KAISM quadrant
 * (KAM-DOMAIN §3: Strategic, Star, Status, Streamline).
 *
 * Dates are Excel serial day numbers (1900 date system, as the sheets store them); `today` likewise.
 *
 * Completeness = present parts ÷ 5, the parts being
 *   analysis      the account is rated (it has a quadrant) and at least one customer-analysis field is filled;
 *   buyingCenter  at least one contact has the role Decider;
 *   goals         at least one goal, and every goal is SMART: metric, baseline, target, due date and owner present;
 *   actions       at least one goal, and every goal has an ID and at least one action (with an activity) under it;
 *   kpis          at least one KPI with a name and a target.
 *
 * Components, each 0–100, or blank (null) when there is nothing to judge:
 *   completeness  100 × completeness;
 *   actions       100 × (1 − overdue ÷ open) over open actions (neither done nor cancelled; overdue = due
 *                 before today); 100 when every action is closed; blank without actions;
 *   contacts      100 × (1 − not reached ÷ contacts), a contact being not reached with no last-contact date
 *                 or one more than CONTACT_DAYS (90) days ago, as the plan's own flag; blank without contacts;
 *   kpis          the mean of the KPIs' RAG points (Green 100, Amber 50, Red 0; the plan's RAG rule: achieved
 *                 ÷ target ≥ 1 green, ≥ 0.9 amber, else red); blank while no KPI has a RAG;
 *   profit        loss-making key accounts score low: with revenue > 0, clamp(50 + 500 × profit ÷ revenue, 0, 100)
 *                 (a −10 % margin scores 0, break-even 50, +10 % or more 100); otherwise 100 / 50 / 0 for a
 *                 profit above / at / below zero; blank without a profit;
 *   satisfaction  100 × CSAT from the Survey sheet when the account has satisfaction answers there (issue
 *                 14); else the recorded "Satisfaction (1–5)" s as 100 × (s − 1) ÷ 4; blank when neither;
 *   complaints    (issue 14, KAM-DOMAIN §11 "open complaints older than N days feed the health score") 100
 *                 when the account has no complaint on the Complaints sheet that is open (no resolved date)
 *                 with today − received > N days (N = settings.complaintDays, default 30), else 0; 100 when
 *                 the account has no complaint rows (or the workbook no Complaints sheet). Never blank.
 *                 Its default weight 5 is taken from satisfaction (10 → 5), so the customer's voice
 *                 (satisfaction + complaints) keeps the 10 it had and the defaults still sum to 100;
 *   review        freshness: 100 while the last review is within the quadrant's cadence, 0 when the review
 *                 is due (never reviewed, or older than the cadence).
 *
 * Score = Σ wᵢ·cᵢ ÷ Σ wᵢ over the components that are not blank: a blank component drops out and the
 * others' weights are rescaled to fill its share. Blank when no component with a weight > 0 is present.
 * Band: Green when score ≥ bands.green, Amber when ≥ bands.amber, else Red.
 *
 * Review due: no last-review date, or today − last review > the cadence of the account's quadrant
 * (defaults Strategic 30, Star 60, Status 90, Streamline 180 days); an account without a quadrant uses the
 * longest cadence.
 *
 * Where the user edits weights, bands and cadences: a visible block below the Overview's table
 * (src/sheets/overview/healthSettings.ts), not the hidden "KAM Settings" sheet: that sheet holds what the
 * add-in remembers and says "Do not edit"; these are the user's choices, so they stand where health is
 * read, in marked input cells with data validation and a check cell naming the cells to fix, and a
 * refresh keeps them.
 */
import { KamError } from "./errors";
import type { Quadrant } from "./quadrant";

export const HEALTH_COMPONENTS = ["completeness", "actions", "contacts", "kpis", "profit", "satisfaction", "complaints", "review"] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];
export type HealthWeights = Record<HealthComponent, number>;

/** Default weights (sum 100; only their proportions matter). */
export const DEFAULT_HEALTH_WEIGHTS: HealthWeights = {
  completeness: 20,
  actions: 20,
  contacts: 15,
  kpis: 15,
  profit: 10,
  // Issue 14: voice — complaints take 5 of satisfaction's 10 (the customer's voice keeps 10 in all).
  satisfaction: 5,
  complaints: 5,
  review: 10,
};

/** Lower limits of the bands on the 0–100 score: Green from `green`, Amber from `amber`, Red below. */
export interface HealthBands {
  green: number;
  amber: number;
}
export const DEFAULT_HEALTH_BANDS: HealthBands = { green: 70, amber: 40 };
export type HealthBand = "green" | "amber" | "red";

/** Review cadence in days per KAISM quadrant (keys of src/core/quadrant.ts: attractiveness-strength). */
export type ReviewCadence = Record<Quadrant, number>;
/** Strategic (high-high) 30, Star (high-low) 60, Status (low-high) 90, Streamline (low-low) 180 days. */
export const DEFAULT_REVIEW_CADENCE: ReviewCadence = { "high-high": 30, "high-low": 60, "low-high": 90, "low-low": 180 };
/** The quadrants in the order the settings sheet lists them. */
export const CADENCE_QUADRANTS: readonly Quadrant[] = ["high-high", "high-low", "low-high", "low-low"];

/** A contact counts as not reached after this many days without contact (the plan's own flag). */
export const CONTACT_DAYS = 90;

export const COMPLETENESS_PARTS = ["analysis", "buyingCenter", "goals", "actions", "kpis"] as const;
export type CompletenessPart = (typeof COMPLETENESS_PARTS)[number];

// Issue 14: voice
/** A complaint open longer than this many days (today − received > N) sets the complaints component to 0. */
export const DEFAULT_COMPLAINT_DAYS = 30;

export interface HealthSettings {
  weights: HealthWeights;
  bands: HealthBands;
  cadence: ReviewCadence;
  // Issue 14: voice
  /** N of the complaints component (whole days ≥ 0); default DEFAULT_COMPLAINT_DAYS. */
  complaintDays: number;
}
export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  weights: DEFAULT_HEALTH_WEIGHTS,
  bands: DEFAULT_HEALTH_BANDS,
  cadence: DEFAULT_REVIEW_CADENCE,
  complaintDays: DEFAULT_COMPLAINT_DAYS,
};

/**
 * What health reads from one plan, already interpreted (src/sheets/accountPlan/health.ts `planFacts`
 * builds it from what readAccountPlan returns, recognising list values in either language).
 * Rows are the filled rows only: contacts with a name, goals with a goal text, actions with an activity,
 * KPIs with a name or figures.
 */
export interface PlanFacts {
  /** The account's KAISM quadrant, null when it is not rated. */
  quadrant: Quadrant | null;
  /** Revenue and profit of the account (Portfolio figures); null when unknown. */
  revenue: number | null;
  profit: number | null;
  /** How many of the customer-analysis fields (priorities, trends, challenges, competitors, needs) are filled. */
  analysisFields: number;
  contacts: { decider: boolean; lastContact: number | null }[];
  goals: { id: string; metric: boolean; baseline: boolean; target: boolean; due: boolean; owner: boolean }[];
  actions: { goalId: string; status: "open" | "done" | "cancelled"; due: number | null }[];
  kpis: { name: boolean; target: number | null; actual: number | null; higherIsBetter: boolean }[];
  /** Last review date (serial), null when none. */
  reviewed: number | null;
  /** Recorded satisfaction 1–5, null when none. */
  satisfaction: number | null;
  // Issue 14: voice
  /**
   * CSAT 0–1 from the Survey sheet (src/core/voice.ts), null or absent when the account has no answers.
   * When present it is the satisfaction component (100 × CSAT), in place of the typed satisfaction.
   */
  csat?: number | null;
  /**
   * The account's rows on the Complaints sheet (received and resolved dates as serials, null when blank or
   * not a number; a row without a received date is not counted); absent or empty when none.
   */
  complaints?: readonly { received: number | null; resolved: number | null }[];
}

export interface AccountHealth {
  /** Each component 0–100, null when blank (it drops out of the score). */
  components: Record<HealthComponent, number | null>;
  /** 0–100, null when no weighted component is present. */
  score: number | null;
  band: HealthBand | null;
  /** Share of the five parts present, 0–1. */
  completeness: number;
  parts: Record<CompletenessPart, boolean>;
  reviewDue: boolean;
  /** The cadence applied (days) and the date the next review is due (serial; null when never reviewed). */
  cadenceDays: number;
  nextReview: number | null;
  actionsOpen: number;
  actionsOverdue: number;
  actionsDone: number;
  contactsNotReached: number;
}

/** The plan's KPI RAG rule (src/sheets/accountPlan/build.ts): null when target or actual is missing or unusable. */
export function kpiRag(target: number | null, actual: number | null, higherIsBetter: boolean): HealthBand | null {
  if (target === null || actual === null || !Number.isFinite(target) || !Number.isFinite(actual)) return null;
  if (target <= 0 || actual < 0) return null;
  const achievement = higherIsBetter ? actual / target : actual === 0 ? 2 : target / actual;
  return achievement >= 1 ? "green" : achievement >= 0.9 ? "amber" : "red";
}

/** The profit component (see the module docstring); null without a profit. */
export function profitScore(revenue: number | null, profit: number | null): number | null {
  if (profit === null || !Number.isFinite(profit)) return null;
  if (revenue !== null && Number.isFinite(revenue) && revenue > 0) return Math.min(100, Math.max(0, 50 + (500 * profit) / revenue));
  return profit > 0 ? 100 : profit < 0 ? 0 : 50;
}

/** The band of a score. */
export function healthBand(score: number, bands: HealthBands): HealthBand {
  return score >= bands.green ? "green" : score >= bands.amber ? "amber" : "red";
}

/**
 * Checks health settings: weights finite and ≥ 0, not all 0; 0 ≤ amber ≤ green ≤ 100; cadences whole
 * numbers ≥ 1.
 * @throws KamError("number") naming the first offending setting.
 */
export function checkHealthSettings(s: HealthSettings): HealthSettings {
  for (const k of HEALTH_COMPONENTS) {
    const w = s.weights[k];
    if (!Number.isFinite(w) || w < 0) throw new KamError("number", "health.weight", { what: k }, { column: k });
  }
  if (HEALTH_COMPONENTS.every((k) => s.weights[k] === 0)) throw new KamError("number", "health.weightsZero");
  const { green, amber } = s.bands;
  if (!Number.isFinite(green) || !Number.isFinite(amber) || amber < 0 || green > 100 || amber > green) {
    throw new KamError("number", "health.bands");
  }
  for (const q of CADENCE_QUADRANTS) {
    const d = s.cadence[q];
    if (!Number.isInteger(d) || d < 1) throw new KamError("number", "health.cadence", { what: q }, { column: q });
  }
  // Issue 14: voice
  const n = s.complaintDays ?? DEFAULT_COMPLAINT_DAYS;
  if (!Number.isInteger(n) || n < 0) throw new KamError("number", "health.cadence", { what: "complaintDays" }, { column: "complaintDays" });
  return s;
}

/**
 * The health of one account plan.
 * @param facts    the plan's contents (PlanFacts).
 * @param settings weights, bands and cadences (checked with checkHealthSettings).
 * @param today    today's date as an Excel serial day number (whole days; a fraction is ignored).
 * @throws KamError("number") for invalid settings.
 */
export function accountHealth(facts: PlanFacts, settings: HealthSettings, today: number): AccountHealth {
  checkHealthSettings(settings);
  const day = Math.floor(today);
  const goals = facts.goals;
  const actionsFor = (id: string): number =>
    facts.actions.filter((a) => a.goalId.trim().toUpperCase() === id.trim().toUpperCase()).length;
  const parts: Record<CompletenessPart, boolean> = {
    analysis: facts.quadrant !== null && facts.analysisFields > 0,
    buyingCenter: facts.contacts.some((c) => c.decider),
    goals: goals.length > 0 && goals.every((g) => g.metric && g.baseline && g.target && g.due && g.owner),
    actions: goals.length > 0 && goals.every((g) => g.id.trim() !== "" && actionsFor(g.id) > 0),
    kpis: facts.kpis.some((k) => k.name && k.target !== null),
  };
  const completeness = COMPLETENESS_PARTS.filter((p) => parts[p]).length / COMPLETENESS_PARTS.length;

  const open = facts.actions.filter((a) => a.status === "open");
  const overdue = open.filter((a) => a.due !== null && a.due < day).length;
  const done = facts.actions.filter((a) => a.status === "done").length;
  const notReached = facts.contacts.filter((c) => c.lastContact === null || day - c.lastContact > CONTACT_DAYS).length;
  const rags = facts.kpis.map((k) => kpiRag(k.target, k.actual, k.higherIsBetter)).filter((r): r is HealthBand => r !== null);
  const cadenceDays = facts.quadrant ? settings.cadence[facts.quadrant] : Math.max(...CADENCE_QUADRANTS.map((q) => settings.cadence[q]));
  const reviewDue = facts.reviewed === null || day - Math.floor(facts.reviewed) > cadenceDays;
  const s = facts.satisfaction;

  const components: Record<HealthComponent, number | null> = {
    completeness: 100 * completeness,
    actions: facts.actions.length === 0 ? null : open.length === 0 ? 100 : 100 * (1 - overdue / open.length),
    contacts: facts.contacts.length === 0 ? null : 100 * (1 - notReached / facts.contacts.length),
    kpis: rags.length === 0 ? null : rags.reduce((t, r) => t + (r === "green" ? 100 : r === "amber" ? 50 : 0), 0) / rags.length,
    profit: profitScore(facts.revenue, facts.profit),
    // Issue 14: voice — the survey's CSAT first, else the typed satisfaction.
    satisfaction:
      facts.csat !== undefined && facts.csat !== null && Number.isFinite(facts.csat)
        ? 100 * facts.csat
        : s === null || !Number.isFinite(s)
          ? null
          : (100 * (Math.min(5, Math.max(1, s)) - 1)) / 4,
    // Issue 14: voice — 0 when a complaint is open longer than N days (the sheet: received < TODAY() − N).
    complaints: (facts.complaints ?? []).some(
      (c) => c.received !== null && Number.isFinite(c.received) && c.resolved === null && day - c.received > (settings.complaintDays ?? DEFAULT_COMPLAINT_DAYS),
    )
      ? 0
      : 100,
    review: reviewDue ? 0 : 100,
  };
  let sumW = 0;
  let sum = 0;
  for (const k of HEALTH_COMPONENTS) {
    const c = components[k];
    if (c === null) continue;
    sumW += settings.weights[k];
    sum += settings.weights[k] * c;
  }
  const score = sumW > 0 ? sum / sumW : null;
  return {
    components,
    score,
    band: score === null ? null : healthBand(score, settings.bands),
    completeness,
    parts,
    reviewDue,
    cadenceDays,
    nextReview: facts.reviewed === null ? null : Math.floor(facts.reviewed) + cadenceDays,
    actionsOpen: open.length,
    actionsOverdue: overdue,
    actionsDone: done,
    contactsNotReached: notReached,
  };
}
