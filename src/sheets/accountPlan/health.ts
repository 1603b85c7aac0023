/**
 * Account health on a plan sheet (issue 13 parts 2–3): the facts src/core/health.ts reads from what
 * readAccountPlan returns (`planFacts`), and the health block of the plan's one-page summary (`healthBlock`).
 * The rules are those of src/core/health.ts; this module only finds the plan's contents and states the
 * same rules as native formulas.
 */
import type { PreservedAccountPlan } from "./build";
import { ROLES, TABLES, dateSerial } from "./build";
import { CADENCE_QUADRANTS, PlanFacts } from "../../core/health";
import type { Quadrant } from "../../core/quadrant";
import { KAISM_LABELS } from "../../core/portfolio";
import { UserCell, isBlankCell, isFormulaCell } from "../../plan/userCell";
import { isLabel, listKey } from "../kit/labels";
import { STATUSES } from "./build";

const ANALYSIS_FIELDS = ["priorities", "trends", "challenges", "competitors", "needs"] as const;

/** Column index of a table column by its label key. */
function colOf(table: keyof typeof TABLES, label: string): number {
  const i = TABLES[table].columns.findIndex((c) => c.label === label);
  if (i < 0) throw new Error(`no column ${label} in ${table}`);
  return i;
}

const num = (v: UserCell | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const date = (v: UserCell | undefined): number | null => (v === undefined || isFormulaCell(v) ? null : num(dateSerial(v)));
const text = (v: UserCell | undefined): string => (v === undefined || v === null || isFormulaCell(v) ? "" : String(v).trim());
const filled = (v: UserCell | undefined): boolean => !isBlankCell(v);

/** The KAISM quadrant of a quadrant label (newer or classic names, English or Norwegian, any case); null for none. */
export function quadrantOfLabel(label: UserCell | undefined): Quadrant | null {
  const t = text(label).toLowerCase();
  if (t === "") return null;
  for (const naming of Object.values(KAISM_LABELS)) {
    for (const names of Object.values(naming)) {
      for (const q of CADENCE_QUADRANTS) if (names[q].toLowerCase() === t) return q;
    }
  }
  return null;
}

/**
 * The facts health is computed from, as the plan's formulas see them.
 * @param plan     what readAccountPlan returned for the sheet.
 * @param figures  the account's Portfolio figures: its quadrant label (as the plan shows it) and revenue
 *                 and profit; null or absent when unknown.
 * Dates typed as text ("2026-11-02") count as dates, as the refresh writes them back as dates; other text
 * and formulas a person wrote in a number or date cell count as blank.
 */
export function planFacts(
  plan: PreservedAccountPlan,
  figures: { quadrant?: UserCell; revenue?: number | null; profit?: number | null },
): PlanFacts {
  const t = plan.tables;
  const bc = t.buyingCenter ?? [];
  const goals = t.goals ?? [];
  const actions = t.actions ?? [];
  const kpis = t.kpis ?? [];
  const BC = { name: colOf("buyingCenter", "aplan.bc.name"), role: colOf("buyingCenter", "aplan.bc.role"), last: colOf("buyingCenter", "aplan.bc.lastContact") };
  const G = {
    id: colOf("goals", "aplan.goal.id"),
    goal: colOf("goals", "aplan.goal.goal"),
    metric: colOf("goals", "aplan.goal.metric"),
    baseline: colOf("goals", "aplan.goal.baseline"),
    target: colOf("goals", "aplan.goal.target"),
    due: colOf("goals", "aplan.goal.due"),
    owner: colOf("goals", "aplan.goal.owner"),
  };
  const A = {
    goal: colOf("actions", "aplan.action.goal"),
    activity: colOf("actions", "aplan.action.activity"),
    due: colOf("actions", "aplan.action.due"),
    status: colOf("actions", "aplan.action.status"),
  };
  const K = {
    kpi: colOf("kpis", "aplan.kpi.kpi"),
    target: colOf("kpis", "aplan.kpi.target"),
    actual: colOf("kpis", "aplan.kpi.actual"),
    higher: colOf("kpis", "aplan.kpi.higher"),
  };
  const sat = num(plan.header.satisfaction);
  return {
    quadrant: quadrantOfLabel(figures.quadrant),
    revenue: figures.revenue ?? null,
    profit: figures.profit ?? null,
    analysisFields: ANALYSIS_FIELDS.filter((f) => filled(plan.fields[f])).length,
    contacts: bc
      .filter((r) => filled(r[BC.name]))
      .map((r) => ({ decider: listKey(r[BC.role], ROLES) === "aplan.role.decider", lastContact: date(r[BC.last]) })),
    goals: goals
      .filter((r) => filled(r[G.goal]))
      .map((r) => ({
        id: text(r[G.id]),
        metric: filled(r[G.metric]),
        baseline: num(r[G.baseline]) !== null,
        target: num(r[G.target]) !== null,
        due: date(r[G.due]) !== null,
        owner: filled(r[G.owner]),
      })),
    actions: actions
      .filter((r) => filled(r[A.activity]))
      .map((r) => {
        const s = listKey(r[A.status], STATUSES);
        return {
          goalId: text(r[A.goal]),
          status: s === "aplan.status.done" ? "done" : s === "aplan.status.cancelled" ? "cancelled" : "open",
          due: date(r[A.due]),
        };
      }),
    kpis: kpis
      .filter((r) => filled(r[K.kpi]) || num(r[K.target]) !== null || num(r[K.actual]) !== null)
      .map((r) => ({
        name: filled(r[K.kpi]),
        target: num(r[K.target]),
        actual: num(r[K.actual]),
        higherIsBetter: !isLabel(r[K.higher], "plan.no"),
      })),
    reviewed: date(plan.header.reviewed),
    satisfaction: sat,
  };
}
