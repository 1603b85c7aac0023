/**
 * The Plans step's review list, pure: from the cells of one "Plan <customer>" sheet (as read back by
 * `readPlanCells`), the overdue actions, the goals without actions and the contacts not reached in 90
 * days, each with the cell to select in Excel.
 *
 * The layout knowledge is the plan module's: tables are found with `readAccountPlan` (by content, so rows
 * a person inserted are seen) and column positions come from `TABLES` by column label; only the row of a
 * table's section header is looked up here (a table's rows start two rows below it, as `readAccountPlan`
 * reads them). The tests are those of the sheet's own formulas:
 * - overdue: an activity, a due date before today, status neither done nor cancelled (either language);
 * - goal without actions: ID and goal filled, no action row names the ID (COUNTIF: case-insensitive);
 * - not reached: a name, and no last-contact date or one more than 90 days before today;
 * - overdue next step (issue 14): an opportunity (a name or a next step) whose next-step due date is
 *   before today while its stage is neither won nor lost (either language), as the sheet's format;
 * - review due (issue 13, when the caller knows the plan's review cadence): no "Last review" date, or one
 *   more than the cadence of the account's quadrant before today (src/core/health.ts; the item selects
 *   the Last review cell).
 */
import { COMPLETENESS_PARTS, CompletenessPart, DEFAULT_HEALTH_SETTINGS, accountHealth } from "../core/health";
import type { Quadrant } from "../core/quadrant";
import { SHEET_LABELS, SheetLabelKey } from "../i18n/sheets";
import { planFacts } from "../sheets/accountPlan/health";
import { daySerial } from "../sheets/history/snapshot";
import { HEADER_ROWS, TABLES, TableKey, dateSerial } from "../sheets/accountPlan/build";
import { readAccountPlan } from "../sheets/accountPlan/read";
import { a1 } from "../plan/formula";
import type { SheetCells } from "../plan/preserve";
import { UserCell, isBlankCell, isFormulaCell } from "../plan/userCell";

export type ReviewKind =
  | "review"
  | "incomplete"
  | "overdue"
  | "goal"
  | "contact"
  // Issue 14: oppneg (an opportunity whose next step is overdue)
  | "nextStep";

export interface ReviewItem {
  kind: ReviewKind;
  customer: string;
  sheet: string;
  /** 0-based cell to select: the due date, the goal text, the last-contact date. */
  row: number;
  col: number;
  /** Sheet-local A1 address of that cell ("H112"). */
  address: string;
  /** The activity, goal or contact name as typed. */
  text: string;
  /** The action or goal ID, when there is one. */
  id?: string;
  /** Due date / last contact / last review as an Excel serial (none: no contact date, never reviewed). */
  date?: number;
  /** The review cadence in days (kind "review"). */
  days?: number;
  /** Kind "incomplete": the plan's completeness (0–1) and the parts it lacks, in the plan's order. */
  completeness?: number;
  missing?: CompletenessPart[];
  /** Kind "nextStep": the next step as typed (`text` is the opportunity's name). */
  step?: string;
}

/** The plan section each completeness part is filled in: where the pane takes a person to complete it. */
const PART_SECTION: Record<CompletenessPart, SheetLabelKey> = {
  analysis: "aplan.section.analysis",
  buyingCenter: "aplan.section.buyingCenter",
  goals: "aplan.section.goals",
  actions: "aplan.section.actions",
  kpis: "aplan.section.kpis",
};

/** Days a contact may go without being reached (the sheet's formula uses the same). */
export const NOT_REACHED_DAYS = 90;

/** Today's date as an Excel serial (local date, as TODAY()): the History's rule (`daySerial`). */
export function todaySerial(now: Date = new Date()): number {
  return daySerial(now);
}

/** An Excel serial as "yyyy-mm-dd". */
export function serialDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

const col = (table: TableKey, label: SheetLabelKey): number => {
  const i = TABLES[table].columns.findIndex((c) => c.label === label);
  if (i < 0) throw new Error(`no column ${label} in ${table}`);
  return i;
};

const is = (v: UserCell, key: SheetLabelKey): boolean =>
  typeof v === "string" && (v.trim() === SHEET_LABELS.en[key] || v.trim() === SHEET_LABELS.nb[key]);

function sectionRow(grid: SheetCells, table: TableKey): number {
  for (let r = 0; r < grid.length; r++) if (is(grid[r]?.[0] ?? null, TABLES[table].section)) return r;
  return -1;
}

const text = (v: UserCell): string => (v === null ? "" : isFormulaCell(v) ? v.formula : String(v).trim());
const serial = (v: UserCell): number | undefined => {
  const d = dateSerial(v);
  return typeof d === "number" && Number.isFinite(d) ? d : undefined;
};
const key = (v: UserCell): string => text(v).toLocaleLowerCase();

/** Whether the plan carries the "inactive" banner (the account is no longer a key account). */
export function planInactive(grid: SheetCells): boolean {
  return !isBlankCell(grid[HEADER_ROWS.banner]?.[0] ?? null);
}

/**
 * The review items of one plan sheet, in sheet order (review due, contacts, goals, actions, overdue next steps of opportunities); [] when the
 * cells are not a plan sheet.
 * @param cadenceDays the plan's review cadence (reviewCadence in src/taskpane/reviewDue.ts); without it no
 *        review-due item.
 */
export function reviewItems(
  sheet: string,
  grid: SheetCells,
  today: number,
  cadenceDays?: number,
  quadrant?: Quadrant | null,
): ReviewItem[] {
  const plan = readAccountPlan(sheet, grid);
  if (!plan) return [];
  const out: ReviewItem[] = [];
  const item = (kind: ReviewKind, row: number, c: number, t: string, extra: Partial<ReviewItem> = {}): void => {
    out.push({ kind, customer: plan.customer, sheet, row, col: c, address: a1(row, c), text: t, ...extra });
  };

  if (cadenceDays !== undefined) {
    // The Last review cell: right of its label in column A (rows may have been inserted above it).
    let row: number = HEADER_ROWS.reviewed;
    for (let r = 0; r < Math.min(grid.length, 50); r++) if (is(grid[r]?.[0] ?? null, "aplan.reviewed")) row = r;
    const last = serial(plan.header.reviewed ?? null);
    if (last === undefined || today - Math.floor(last) > cadenceDays) item("review", row, 1, "", { date: last, days: cadenceDays });
  }

  if (quadrant !== undefined) {
    // Completeness as src/core/health.ts states it (the quadrant is the Portfolio's, which the pane
    // computes: it reads entries, not calculated values); the item selects the first missing part's section.
    const h = accountHealth({ ...planFacts(plan, {}), quadrant }, DEFAULT_HEALTH_SETTINGS, today);
    const missing = COMPLETENESS_PARTS.filter((p) => !h.parts[p]);
    if (missing.length > 0) {
      let row = 0;
      for (let r = 0; r < grid.length; r++) if (is(grid[r]?.[0] ?? null, PART_SECTION[missing[0]])) row = r;
      item("incomplete", row, 0, "", { completeness: h.completeness, missing });
    }
  }

  const bc = { name: col("buyingCenter", "aplan.bc.name"), last: col("buyingCenter", "aplan.bc.lastContact") };
  const bcFirst = sectionRow(grid, "buyingCenter") + 2;
  (plan.tables.buyingCenter ?? []).forEach((r, i) => {
    if (isBlankCell(r[bc.name])) return;
    const last = serial(r[bc.last]);
    if (last === undefined || today - last > NOT_REACHED_DAYS) item("contact", bcFirst + i, bc.last, text(r[bc.name]), { date: last });
  });

  const act = {
    id: col("actions", "aplan.action.id"),
    goal: col("actions", "aplan.action.goal"),
    activity: col("actions", "aplan.action.activity"),
    due: col("actions", "aplan.action.due"),
    status: col("actions", "aplan.action.status"),
  };
  const actions = plan.tables.actions ?? [];
  const goalsWithActions = new Set(actions.map((r) => key(r[act.goal])).filter((g) => g !== ""));

  const goal = { id: col("goals", "aplan.goal.id"), goal: col("goals", "aplan.goal.goal") };
  const goalFirst = sectionRow(grid, "goals") + 2;
  (plan.tables.goals ?? []).forEach((r, i) => {
    if (isBlankCell(r[goal.id]) || isBlankCell(r[goal.goal]) || goalsWithActions.has(key(r[goal.id]))) return;
    item("goal", goalFirst + i, goal.goal, text(r[goal.goal]), { id: text(r[goal.id]) });
  });

  const actFirst = sectionRow(grid, "actions") + 2;
  actions.forEach((r, i) => {
    if (isBlankCell(r[act.activity])) return;
    const due = serial(r[act.due]);
    if (due === undefined || due >= today) return;
    if (is(r[act.status], "aplan.status.done") || is(r[act.status], "aplan.status.cancelled")) return;
    item("overdue", actFirst + i, act.due, text(r[act.activity]), { id: text(r[act.id]) || undefined, date: due });
  });

  // Issue 14: oppneg — opportunities whose next step is overdue; the item selects the next-step due date.
  const opp = {
    name: col("opportunities", "aplan.opp.name"),
    stage: col("opportunities", "aplan.opp.stage"),
    next: col("opportunities", "aplan.opp.next"),
    due: col("opportunities", "aplan.opp.nextDue"),
  };
  const oppSection = sectionRow(grid, "opportunities");
  if (oppSection >= 0) {
    (plan.tables.opportunities ?? []).forEach((r, i) => {
      if (isBlankCell(r[opp.name]) && isBlankCell(r[opp.next])) return;
      const due = serial(r[opp.due]);
      if (due === undefined || due >= today) return;
      if (is(r[opp.stage], "aplan.oppStage.won") || is(r[opp.stage], "aplan.oppStage.lost")) return;
      item("nextStep", oppSection + 2 + i, opp.due, text(r[opp.name]), { step: text(r[opp.next]), date: due });
    });
  }
  return out;
}
