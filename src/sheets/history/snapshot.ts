/**
 * What the History sheet records for one key account at a refresh (issue 13 part 1), computed in
 * TypeScript from the same inputs the sheets' formulas use, so the row is a snapshot of what the sheets
 * show at that moment:
 * - attractiveness and relative strength: Σ(w·r)/Σ(w) over the axis' criteria (`weightedScores`,
 *   src/core/score.ts, the arithmetic of the Scoring sheet's SUMPRODUCT); blank while a criterion is
 *   unrated, a rating is outside 0–10 or the weights are not usable (the sheet then shows no score or an
 *   error);
 * - quadrant: `quadrant` of src/core/quadrant.ts (a score on the midpoint is high) with KAISM_LABELS.newer,
 *   as the Portfolio's IF formula;
 * - health (0–100), completeness (0–1) and actions open / overdue / done: `accountHealth` of
 *   src/core/health.ts (the one statement of those rules) on the plan's contents (`planFacts`), with the
 *   health settings entered on the Overview and the refresh date as today.
 */
import { KAISM_LABELS } from "../../core/portfolio";
import { quadrant } from "../../core/quadrant";
import { weightedScores } from "../../core/score";
import type { SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { CriteriaSet, Criterion } from "../../plan/criteria";
import type { CandidateRow } from "../../plan/rows";
import { UserCell, isFormulaCell } from "../../plan/userCell";
import { PreservedAccountPlan, TABLES, TableKey } from "../accountPlan/build";
import { planFacts } from "../accountPlan/health";
import type { PreservedHealthSettings } from "../overview/healthSettings";
import { DEFAULT_HEALTH_SETTINGS, HealthSettings, accountHealth, checkHealthSettings } from "../../core/health";
import type { HistoryEntry } from "./fields";

/** The column of a plan table by its label. */
function col(table: TableKey, label: SheetLabelKey): number {
  const i = TABLES[table].columns.findIndex((c) => c.label === label);
  if (i < 0) throw new Error(`no column ${label} in ${table}`);
  return i;
}


/** A date as an Excel serial (local calendar day, as TODAY() in the sheet). */
export function daySerial(date: Date): number {
  return (Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** "<KPI>: <actual> <unit>" for every KPI row with a name or an actual, at most six (the sixth takes the rest). */
export function kpiActuals(plan: PreservedAccountPlan | undefined): string[] {
  const c = { kpi: col("kpis", "aplan.kpi.kpi"), unit: col("kpis", "aplan.kpi.unit"), actual: col("kpis", "aplan.kpi.actual") };
  const text = (v: UserCell | undefined): string => (v === null || v === undefined ? "" : isFormulaCell(v) ? v.formula : String(v).trim());
  const items: string[] = [];
  for (const row of plan?.tables.kpis ?? []) {
    const name = text(row[c.kpi]);
    const actual = text(row[c.actual]);
    if (name === "" && actual === "") continue;
    const unit = text(row[c.unit]);
    items.push(`${name}: ${actual}${actual !== "" && unit !== "" ? ` ${unit}` : ""}`.trim());
  }
  return items.length <= 6 ? items : [...items.slice(0, 5), items.slice(5).join("; ")];
}

/**
 * The health settings a person entered on the Overview (readHealthSettings), over the defaults: each
 * weight, band and cadence that is a number replaces its default; settings that do not pass
 * checkHealthSettings fall back to the defaults (the sheets' formulas then show the problem).
 */
export function healthSettingsOf(p: PreservedHealthSettings | undefined): HealthSettings {
  const d = DEFAULT_HEALTH_SETTINGS;
  if (!p) return d;
  const pick = <K extends string>(given: Partial<Record<K, UserCell>>, base: Record<K, number>): Record<K, number> => {
    const out = { ...base };
    for (const k of Object.keys(base) as K[]) {
      const v = num(given[k]);
      if (v !== null) out[k] = v;
    }
    return out;
  };
  const s: HealthSettings = {
    weights: pick(p.weights, d.weights),
    bands: { green: num(p.green ?? null) ?? d.bands.green, amber: num(p.amber ?? null) ?? d.bands.amber },
    cadence: pick(p.cadence, d.cadence),
    // Issue 14: voice
    complaintDays: num(p.complaintDays ?? null) ?? d.complaintDays,
  };
  try {
    return checkHealthSettings(s);
  } catch {
    return d;
  }
}

const num = (v: UserCell | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The weighted score of one axis for one row; null when the sheet would show none. */
function axisScore(row: CandidateRow, criteria: readonly Criterion[]): number | null {
  if (criteria.length === 0) return null;
  const ratings = criteria.map((c) => num(row.ratings[c.id]));
  // Text in a weight cell counts as 0, as in the sheet's SUMPRODUCT.
  const weights = criteria.map((c) => num(c.weight) ?? 0);
  try {
    return weightedScores([ratings], weights)[0];
  } catch {
    return null;
  }
}

export interface SnapshotInput {
  /** The key accounts' rows (Scoring/Portfolio rows), in the order the History lists them. */
  rows: readonly CandidateRow[];
  criteria: CriteriaSet;
  mids: { attractiveness: UserCell; strength: UserCell };
  /** The plans as read back before this refresh, by customer (absent for a new plan). */
  plans: ReadonlyMap<string, PreservedAccountPlan>;
  language: SheetLanguage;
  /** The refresh date (overdue is "due before this day"). */
  date: Date;
  /** Health weights, bands and cadences (`healthSettingsOf`); default DEFAULT_HEALTH_SETTINGS. */
  health?: HealthSettings;
  // Issue 14: voice
  /** CSAT 0–1 per customer from the Survey sheet (absent: no answers), for the satisfaction component. */
  csat?: ReadonlyMap<string, number>;
  /** The Complaints rows per customer (absent: none), for the complaints component. */
  complaints?: ReadonlyMap<string, readonly { received: number | null; resolved: number | null }[]>;
}

/** One History entry per given row. Midpoints that are not numbers give no quadrant (the sheet shows an error). */
export function historyEntries(input: SnapshotInput): HistoryEntry[] {
  const today = daySerial(input.date);
  const aMid = num(input.mids.attractiveness);
  const sMid = num(input.mids.strength);
  const labels = KAISM_LABELS.newer[input.language];
  return input.rows.map((row) => {
    const plan = input.plans.get(row.customer);
    const attractiveness = axisScore(row, input.criteria.attractiveness);
    const strength = axisScore(row, input.criteria.strength);
    const q =
      attractiveness !== null && strength !== null && aMid !== null && sMid !== null
        ? labels[quadrant(attractiveness, strength, aMid, sMid)]
        : "";
    const facts = planFacts(plan ?? { customer: row.customer, sheet: "", header: {}, fields: {}, tables: {} }, {
      quadrant: q,
      revenue: row.revenue,
      profit: row.profit,
    });
    const h = accountHealth({ ...facts, csat: input.csat?.get(row.customer) ?? null, complaints: input.complaints?.get(row.customer) ?? [] }, input.health ?? DEFAULT_HEALTH_SETTINGS, today);
    return {
      customer: row.customer,
      name: row.name ?? "",
      revenue: row.revenue,
      profit: row.profit,
      abcClass: row.abcClass,
      attractiveness,
      strength,
      quadrant: q,
      health: h.score,
      completeness: h.completeness,
      open: h.actionsOpen,
      overdue: h.actionsOverdue,
      done: h.actionsDone,
      kpis: kpiActuals(plan),
    };
  });
}
