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
 * - actions open / overdue / done: the Overview's COUNTIFS rules (src/sheets/overview/build.ts) on the plan's
 *   action rows: an action has an activity; done: status Done; open: neither Done nor Cancelled (blank is
 *   open); overdue: open with a due date before the refresh date;
 * - health and completeness: `planHealth` below, blank until src/core/health.ts (the health work) is merged.
 */
import { KAISM_LABELS } from "../../core/portfolio";
import { quadrant } from "../../core/quadrant";
import { weightedScores } from "../../core/score";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { CriteriaSet, Criterion } from "../../plan/criteria";
import type { CandidateRow } from "../../plan/rows";
import { UserCell, isBlankCell, isFormulaCell } from "../../plan/userCell";
import { PreservedAccountPlan, TABLES, TableKey, dateSerial } from "../accountPlan/build";
import type { HistoryEntry } from "./fields";

/** The column of a plan table by its label. */
function col(table: TableKey, label: SheetLabelKey): number {
  const i = TABLES[table].columns.findIndex((c) => c.label === label);
  if (i < 0) throw new Error(`no column ${label} in ${table}`);
  return i;
}

const isLabelText = (v: UserCell, key: SheetLabelKey): boolean =>
  typeof v === "string" && [SHEET_LABELS.en[key], SHEET_LABELS.nb[key]].some((t) => t.toLowerCase() === v.trim().toLowerCase());

/** A date as an Excel serial (local calendar day, as TODAY() in the sheet). */
export function daySerial(date: Date): number {
  return (Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/**
 * Actions open, overdue and done on a plan, counted as the Overview's formulas count them.
 * @param plan  the plan as read back (`readAccountPlan`); undefined for a plan not yet written (all 0).
 * @param today the refresh date as an Excel serial (`daySerial`).
 */
export function actionCounts(plan: PreservedAccountPlan | undefined, today: number): { open: number; overdue: number; done: number } {
  const out = { open: 0, overdue: 0, done: 0 };
  const c = {
    activity: col("actions", "aplan.action.activity"),
    due: col("actions", "aplan.action.due"),
    status: col("actions", "aplan.action.status"),
  };
  for (const row of plan?.tables.actions ?? []) {
    if (isBlankCell(row[c.activity] ?? null)) continue;
    const status = row[c.status] ?? null;
    if (isLabelText(status, "aplan.status.done")) out.done++;
    else if (!isLabelText(status, "aplan.status.cancelled")) {
      out.open++;
      const due = dateSerial(row[c.due] ?? null);
      if (typeof due === "number" && Number.isFinite(due) && due < today) out.overdue++;
    }
  }
  return out;
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
 * Health score (0–100) and completeness (0–1) of a plan. The formulas live in src/core/health.ts (the
 * health work, issue 13 part 2); until it is merged they are blank here, one place to connect them.
 */
export function planHealth(_plan: PreservedAccountPlan | undefined): { health: number | null; completeness: number | null } {
  return { health: null, completeness: null };
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
    return {
      customer: row.customer,
      name: row.name ?? "",
      revenue: row.revenue,
      profit: row.profit,
      abcClass: row.abcClass,
      attractiveness,
      strength,
      quadrant: q,
      ...planHealth(plan),
      ...actionCounts(plan, today),
      kpis: kpiActuals(plan),
    };
  });
}
