/**
 * One "Plan <customer>" sheet per key account: the key account plan of KAM-DOMAIN §8, from customer
 * analysis to control (§1 steps 3–7). Pure: builds a SheetSpec; `src/sheets/accountPlan/read.ts` reads back what
 * a person entered, so a refresh writes it again unchanged.
 *
 * Layout (0-based rows; every section is a bold header row in column A, then its content):
 *
 *   row 0 title · row 1 banner (blank, or "Inactive …" when the account is no longer a key account)
 *   row 2 Customer ID | <customer key> · row 3 Key account manager | (input) · row 4 Last review | (input date)
 *   1. Overview          ABC class, revenue, profit, attractiveness, strength, quadrant, strategy: native
 *                        formulas on the account's Portfolio row (the Portfolio keeps its rows in a stable
 *                        order and never removes one, so a row reference is stable; no MATCH on a name,
 *                        which would treat * ? ~ in customer keys as wildcards)
 *   2. Customer analysis priorities, trends, challenges, competitors, needs (text, merged B:M)
 *   3. Buying center     table: name, title, unit, reports to, role (list), influence (1–5), attitude (list),
 *                        our owner, last contact, what they value, next action | check (formula: no contact
 *                        date / not reached in 90 days against TODAY()); below it the roles not covered,
 *                        the count of contacts not reached and a single-threaded warning
 *   4. Relationship      contact model (list), stage (list), SWOT of our position (text)
 *   5. Goals             table: goal ID (prefilled G1…), goal, horizon (list), metric, baseline, target, due,
 *                        owner | actions (formula: actions whose goal ID is this one)
 *   6. Strategy          product, price, distribution, communication, service, relationship, joint planning
 *   7. Resources / team  table: role, name, hours per month, budget, comment; totals row
 *   8. Action plan       table: ID (prefilled A1…), goal ID, strategy element (list), activity, owner, customer
 *                        counterpart, start, due, budget, status (list), done date, comment | overdue (formula);
 *                        overdue rows highlighted by a conditional format against TODAY()
 *   9. KPI follow-up     table: KPI, unit, target, actual, higher is better (Yes/No) | RAG (formula) | comment
 *  10. Opportunities     (issue 14; starts a printed page) table: name, offering, buying unit, value, probability | weighted value |
 *                        stage, buy class, expected close, competitor | decider's attitude | next step, due;
 *                        totals (lost excluded, won at 100 %), overdue next steps, revenue goal (input) and
 *                        weighted ÷ goal. Columns and formulas: ./opportunities.ts
 *  11. Negotiation       (issue 14; its own printed page) BATNAs, give, get, notes (text), then the issues
 *                        table: issue, our target, our walk-away, their position, their walk-away, unit |
 *                        zone of agreement | we give, we get; a note on the zone rule
 *
 * Lists store the label of the sheet language ("Done" / "Utført"), and the formulas compare with the
 * labels of that language; a refresh writes every list value it knows, typed in any case or language, in
 * the sheet language (`translateListValue`, as the Yes/No choice of the Portfolio), so formulas and
 * values always agree.
 *
 * Who owns what: labels, figures and formula columns are generated (rewritten on refresh); every input
 * cell (header inputs, text fields, table columns without a formula) is user-owned. Tables have a fixed
 * number of rows (DEFAULT_SIZES), grown on refresh to hold every row a person filled or inserted.
 */
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import { inlineList } from "../kit/limits";
import { a1, abs, absRange, columnLetter, onSheet, range, str } from "../../plan/formula";
import { PORTFOLIO_ROWS, PORTFOLIO_SHEET_NAME, portfolioCols } from "../portfolio/build";
import { ABC_SUMMARY } from "../abc/build";
import { nameWithId } from "../../core/names";
import { INPUT_FILL } from "../scoring/build";
import type { Block, CellValue, ChartSpec, ConditionalFormatSpec, SheetSpec, ValidationSpec } from "../../plan/spec";
import { printSetup } from "../kit/print";
import { AMOUNT, COUNT, CurrencyCode, DATE, DECIMAL1, PERCENT, SCORE, TEXT, amountFormat } from "../kit/formats";
import { UserCell, blockEntry, isBlankCell } from "../../plan/userCell";
import { YES_NO, translateListValue } from "../kit/labels";
import { sheetName, sheetNameKeepingTail } from "../kit/address";
import { LIGHT_SIZES, PlanForm, keptBlock } from "./light";
// Issue 14: buying
import { COVERAGE_LABELS, coverageRows } from "./coverage";
import { MatrixEntry, MatrixLayout, matrixBlock } from "./matrix";
import { HEALTH_BLOCK_ROWS, HealthCells, HealthSettingRefs, defaultHealthRefs, healthBlock } from "./health";
// Issue 14: oppneg
import {
  BUY_CLASSES,
  NEG,
  NEG_FIELDS,
  OPP,
  OPP_STAGES,
  deciderAttitudeFormula,
  nextStepOverdueTest,
  oppTotals,
  weightedFormula,
  zoneFormula,
} from "./opportunities";
// Issue 14: orgchart
import { ORG_CHART_ROWS, orgChartShapes, orgChartTexts } from "./orgChart";
import type { ShapeSpec } from "../../plan/spec";

export const PLAN_SHEET_ID_PREFIX = "kam.plan:";
/** Columns A..N (issue 14: the buying center's two new columns make it 14 wide). */
export const PLAN_WIDTH = 14;
const LAST_COL = PLAN_WIDTH - 1;
/** Column widths of a plan sheet, in characters (A..M). */
const PLAN_COLUMN_WIDTHS: Record<number, number> = { 0: 26, 1: 14, 2: 16, 3: 30, 4: 14, 5: 16, 6: 13, 7: 12, 8: 12, 9: 14, 10: 12, 11: 22, 12: 12, 13: 16 };
// Issue 14: orgchart
/** Width of columns A..M in points (≈ 7 px per character + 5 px; 0.75 pt per px), which the org chart fits. */
const PLAN_WIDTH_POINTS = Object.values(PLAN_COLUMN_WIDTHS).reduce((sum, w) => sum + Math.round(w * 7 + 5) * 0.75, 0);
/** Amount columns hold AMOUNT in the static layout; `buildAccountPlanSheet` gives them the plan's currency. */
const MONEY = AMOUNT;
const TABLE_FILL = "#FFFBEA";
const SECTION_FILL = "#D9E1F2";
const HEADER_FILL = "#EDF2F9";

export const FIGURES = ["class", "revenue", "profit", "attractiveness", "strength", "quadrant", "strategy"] as const;
export type FigureKey = (typeof FIGURES)[number];
/** The Portfolio column each figure reads (its columns move right when the Portfolio shows names). */
function figureCol(f: FigureKey, portfolioNames: boolean): number {
  return portfolioCols(portfolioNames)[f];
}
const FIGURE_FORMAT: Record<FigureKey, string> = {
  class: "@",
  revenue: MONEY,
  profit: MONEY,
  attractiveness: SCORE,
  strength: SCORE,
  quadrant: "@",
  strategy: "@",
};

export type FieldKey =
  | "priorities"
  | "trends"
  | "challenges"
  | "competitors"
  | "needs"
  | "contactModel"
  | "stage"
  | "strengths"
  | "weaknesses"
  | "opportunities"
  | "threats"
  | "product"
  | "price"
  | "distribution"
  | "communication"
  | "service"
  | "relationship"
  | "joint"
  // Issue 14: oppneg
  | (typeof NEG_FIELDS)[number];
export type HeaderKey =
  | "manager"
  | "reviewed"
  | "satisfaction"
  // Issue 14: oppneg
  | "revenueGoal";
export type TableKey =
  | "buyingCenter"
  | "goals"
  | "team"
  | "actions"
  | "kpis"
  // Issue 14: oppneg
  | "opportunities"
  | "negotiation";

type ColumnKind = "text" | "number" | "date" | "list" | "whole" | "formula" | "percent";
interface ColumnDef {
  label: SheetLabelKey;
  kind: ColumnKind;
  /** List items (label keys) for kind "list". */
  list?: readonly SheetLabelKey[];
  format?: string;
  /**
   * A column added after plans were in use (issue 14): read as blank when its header is absent, so an
   * older plan's cells are not read from the column that now holds it by position.
   */
  added?: boolean;
}

export const ROLES = [
  "aplan.role.initiator",
  "aplan.role.user",
  "aplan.role.influencer",
  "aplan.role.decider",
  "aplan.role.approver",
  "aplan.role.buyer",
  "aplan.role.gatekeeper",
] as const satisfies readonly SheetLabelKey[];
const ATTITUDES = ["aplan.attitude.supporter", "aplan.attitude.neutral", "aplan.attitude.opponent"] as const;
// Issue 14: buying
/** Relationship level of a contact (KAM-DOMAIN §11), weakest first; "known" or more counts as reached. */
export const REL_LEVELS = [
  "aplan.rel.none",
  "aplan.rel.known",
  "aplan.rel.trusted",
  "aplan.rel.advocate",
] as const satisfies readonly SheetLabelKey[];
const MODELS = ["aplan.model.bowTie", "aplan.model.duet", "aplan.model.oneOnMany", "aplan.model.diamond"] as const;
const STAGES = [
  "aplan.stage.exploratory",
  "aplan.stage.basic",
  "aplan.stage.cooperative",
  "aplan.stage.interdependent",
  "aplan.stage.integrated",
  "aplan.stage.disintegrating",
] as const;
const HORIZONS = ["aplan.horizon.strategic", "aplan.horizon.tactical", "aplan.horizon.operational"] as const;
const ELEMENTS = [
  "aplan.field.product",
  "aplan.field.price",
  "aplan.field.distribution",
  "aplan.field.communication",
  "aplan.field.service",
  "aplan.field.relationship",
] as const;
export const STATUSES = [
  "aplan.status.planned",
  "aplan.status.inProgress",
  "aplan.status.done",
  "aplan.status.cancelled",
] as const;

/** Every list whose values a language switch translates. */
export const PLAN_LISTS: readonly (readonly SheetLabelKey[])[] = [
  ROLES,
  ATTITUDES,
  MODELS,
  STAGES,
  HORIZONS,
  ELEMENTS,
  STATUSES,
  YES_NO,
  // Issue 14: oppneg
  OPP_STAGES,
  BUY_CLASSES,
  // Issue 14: buying
  REL_LEVELS,
];

export const TABLES: Record<TableKey, { section: SheetLabelKey; columns: ColumnDef[]; idPrefix?: string }> = {
  buyingCenter: {
    section: "aplan.section.buyingCenter",
    columns: [
      { label: "aplan.bc.name", kind: "text" },
      { label: "aplan.bc.title", kind: "text" },
      { label: "aplan.bc.unit", kind: "text" },
      { label: "aplan.bc.reportsTo", kind: "text" },
      { label: "aplan.bc.role", kind: "list", list: ROLES },
      // Issue 14: buying (a second role; the relationship level)
      { label: "aplan.bc.role2", kind: "list", list: ROLES, added: true },
      { label: "aplan.bc.influence", kind: "whole" },
      { label: "aplan.bc.attitude", kind: "list", list: ATTITUDES },
      // Issue 14: buying
      { label: "aplan.bc.relLevel", kind: "list", list: REL_LEVELS, added: true },
      { label: "aplan.bc.owner", kind: "text" },
      { label: "aplan.bc.lastContact", kind: "date" },
      { label: "aplan.bc.values", kind: "text" },
      { label: "aplan.bc.next", kind: "text" },
      { label: "aplan.bc.flag", kind: "formula" },
    ],
  },
  goals: {
    section: "aplan.section.goals",
    idPrefix: "G",
    columns: [
      { label: "aplan.goal.id", kind: "text" },
      { label: "aplan.goal.goal", kind: "text" },
      { label: "aplan.goal.horizon", kind: "list", list: HORIZONS },
      { label: "aplan.goal.metric", kind: "text" },
      { label: "aplan.goal.baseline", kind: "number" },
      { label: "aplan.goal.target", kind: "number" },
      { label: "aplan.goal.due", kind: "date" },
      { label: "aplan.goal.owner", kind: "text" },
      { label: "aplan.goal.actions", kind: "formula" },
    ],
  },
  team: {
    section: "aplan.section.team",
    columns: [
      { label: "aplan.team.role", kind: "text" },
      { label: "aplan.team.name", kind: "text" },
      { label: "aplan.team.hours", kind: "number", format: DECIMAL1 },
      { label: "aplan.team.budget", kind: "number", format: MONEY },
      { label: "aplan.team.comment", kind: "text" },
    ],
  },
  actions: {
    section: "aplan.section.actions",
    idPrefix: "A",
    columns: [
      { label: "aplan.action.id", kind: "text" },
      { label: "aplan.action.goal", kind: "text" },
      { label: "aplan.action.element", kind: "list", list: ELEMENTS },
      { label: "aplan.action.activity", kind: "text" },
      { label: "aplan.action.owner", kind: "text" },
      { label: "aplan.action.counterpart", kind: "text" },
      { label: "aplan.action.start", kind: "date" },
      { label: "aplan.action.due", kind: "date" },
      { label: "aplan.action.budget", kind: "number", format: MONEY },
      { label: "aplan.action.status", kind: "list", list: STATUSES },
      { label: "aplan.action.doneDate", kind: "date" },
      { label: "aplan.action.comment", kind: "text" },
      { label: "aplan.action.overdue", kind: "formula" },
    ],
  },
  kpis: {
    section: "aplan.section.kpis",
    columns: [
      { label: "aplan.kpi.kpi", kind: "text" },
      { label: "aplan.kpi.unit", kind: "text" },
      { label: "aplan.kpi.target", kind: "number" },
      { label: "aplan.kpi.actual", kind: "number" },
      { label: "aplan.kpi.higher", kind: "list", list: YES_NO },
      { label: "aplan.kpi.rag", kind: "formula" },
      { label: "aplan.kpi.comment", kind: "text" },
    ],
  },
  // Issue 14: oppneg (columns and formulas: ./opportunities.ts)
  opportunities: {
    section: "aplan.section.opportunities",
    columns: [
      { label: "aplan.opp.name", kind: "text" },
      { label: "aplan.opp.offering", kind: "text" },
      { label: "aplan.opp.unit", kind: "text" },
      { label: "aplan.opp.value", kind: "number", format: MONEY },
      { label: "aplan.opp.probability", kind: "percent", format: PERCENT },
      { label: "aplan.opp.weighted", kind: "formula", format: MONEY },
      { label: "aplan.opp.stage", kind: "list", list: OPP_STAGES },
      { label: "aplan.opp.buyClass", kind: "list", list: BUY_CLASSES },
      { label: "aplan.opp.close", kind: "date" },
      { label: "aplan.opp.competitor", kind: "text" },
      { label: "aplan.opp.attitude", kind: "formula" },
      { label: "aplan.opp.next", kind: "text" },
      { label: "aplan.opp.nextDue", kind: "date" },
    ],
  },
  negotiation: {
    section: "aplan.section.negIssues",
    columns: [
      { label: "aplan.neg.issue", kind: "text" },
      { label: "aplan.neg.ourTarget", kind: "number" },
      { label: "aplan.neg.ourWalkAway", kind: "number" },
      { label: "aplan.neg.theirPosition", kind: "text" },
      { label: "aplan.neg.theirWalkAway", kind: "number" },
      { label: "aplan.neg.unit", kind: "text" },
      { label: "aplan.neg.zone", kind: "formula" },
      { label: "aplan.neg.give", kind: "text" },
      { label: "aplan.neg.get", kind: "text" },
    ],
  },
};

/** Column indices used by formulas. */
// Issue 14: buying (role2, relLevel; the columns after them moved right by two)
export const BC = { name: 0, title: 1, unit: 2, role: 4, role2: 5, attitude: 7, relLevel: 8, owner: 9, lastContact: 10, flag: 13 } as const;
const GOAL = { id: 0, goal: 1, actions: 8 } as const;

/**
 * The prefilled ID of each of the `n` rows of a table ("G1", "A3"): the row's own position, unless
 * another row already holds that ID (rows were deleted and the table refilled); then the lowest number
 * no row holds, so IDs stay unique and COUNTIF over them counts one goal.
 */
function freeIds(prefix: string, rows: readonly (readonly UserCell[] | undefined)[], n: number): string[] {
  const norm = (v: UserCell | undefined): string => (typeof v === "string" ? v.trim().toUpperCase() : "");
  const used = new Set<string>();
  for (let i = 0; i < n; i++) if (norm(rows[i]?.[0])) used.add(norm(rows[i]?.[0]));
  const out: string[] = [];
  let next = 1;
  for (let i = 0; i < n; i++) {
    const own = `${prefix}${i + 1}`;
    if (norm(rows[i]?.[0]) || !used.has(own.toUpperCase())) {
      used.add(own.toUpperCase());
      out.push(own);
      continue;
    }
    while (used.has(`${prefix}${next}`.toUpperCase())) next++;
    const id = `${prefix}${next}`;
    used.add(id.toUpperCase());
    out.push(id);
  }
  return out;
}
const TEAM = { name: 1, hours: 2, budget: 3 } as const;
const ACT = { goal: 1, activity: 3, due: 7, status: 9, doneDate: 10, overdue: 12 } as const;
const KPI = { target: 2, actual: 3, higher: 4, rag: 5 } as const;

type Section =
  | { kind: "figures"; label: SheetLabelKey }
  | { kind: "fields"; label: SheetLabelKey; fields: readonly FieldKey[] }
  | { kind: "table"; table: TableKey };

export const SECTIONS: readonly Section[] = [
  { kind: "figures", label: "aplan.section.overview" },
  {
    kind: "fields",
    label: "aplan.section.analysis",
    fields: ["priorities", "trends", "challenges", "competitors", "needs"],
  },
  { kind: "table", table: "buyingCenter" },
  {
    kind: "fields",
    label: "aplan.section.relationship",
    fields: ["contactModel", "stage", "strengths", "weaknesses", "opportunities", "threats"],
  },
  { kind: "table", table: "goals" },
  {
    kind: "fields",
    label: "aplan.section.strategy",
    fields: ["product", "price", "distribution", "communication", "service", "relationship", "joint"],
  },
  { kind: "table", table: "team" },
  { kind: "table", table: "actions" },
  { kind: "table", table: "kpis" },
  // Issue 14: oppneg (the opportunities and the negotiation preparation each start a printed page)
  { kind: "table", table: "opportunities" },
  { kind: "fields", label: "aplan.section.negotiation", fields: NEG_FIELDS },
  { kind: "table", table: "negotiation" },
];

/** The sections of a light plan (KAM light, ./light.ts): figures, contacts, goals, actions, one KPI. */
const LIGHT_SECTIONS: readonly Section[] = SECTIONS.filter(
  (s) => s.kind === "figures" || (s.kind === "table" && LIGHT_SIZES[s.table] > 0),
);

/** The sections of a plan of the given form, in order. */
export function sectionsOf(form: PlanForm): readonly Section[] {
  return form === "light" ? LIGHT_SECTIONS : SECTIONS;
}

/** Text fields with a list instead of free text. */
const FIELD_LIST: Partial<Record<FieldKey, readonly SheetLabelKey[]>> = { contactModel: MODELS, stage: STAGES };
export const FIELD_LABEL = (f: FieldKey): SheetLabelKey => `aplan.field.${f}` as SheetLabelKey;
export const HEADER_LABEL: Record<HeaderKey, SheetLabelKey> = {
  manager: "aplan.manager",
  reviewed: "aplan.reviewed",
  // In the health block of the summary (src/sheets/accountPlan/health.ts); read like the other header inputs.
  satisfaction: "aplan.satisfaction",
  // Issue 14: oppneg (below the opportunities' totals)
  revenueGoal: "aplan.opp.revenueGoal",
};

/** Labels in column A that end a table's rows (summary rows under a table). */
export const SUMMARY_LABELS: readonly SheetLabelKey[] = [
  "aplan.bc.rolesMissing",
  "aplan.bc.notReachedCount",
  // Issue 14: buying
  ...COVERAGE_LABELS,
  "aplan.team.total",
  "aplan.kpi.note",
  // Issue 14: oppneg
  "aplan.opp.total",
  "aplan.opp.revenueGoal",
  "aplan.neg.note",
  // Issue 14: orgchart
  "aplan.orgChart.caption",
];

export type PlanSizes = Record<TableKey, number>;
export const DEFAULT_SIZES: PlanSizes = {
  buyingCenter: 10,
  goals: 8,
  team: 6,
  actions: 20,
  kpis: 6,
  // Issue 14: oppneg
  opportunities: 10,
  negotiation: 6,
};

export const HEADER_ROWS = { title: 0, banner: 1, customer: 2, manager: 3, reviewed: 4 } as const;

/** Overdue actions and contacts not reached listed by name on the one-page summary (the counts are complete). */
export const SUMMARY_LIST_ROWS = 5;

/** Rows of the one-page summary at the top of a plan (issue 11 part 6); 0-based. */
export interface SummaryLayout {
  section: number;
  /** Labels of the key figures (B..H) beside "Key figures"; their values one row below. */
  figures: number;
  /** The account-health block (src/sheets/accountPlan/health.ts), below the key figures. */
  health: number;
  goals: number;
  /** Goal rows: one per row of the goals table, in its order. */
  goalFirst: number;
  overdue: number;
  overdueFirst: number;
  contacts: number;
  contactFirst: number;
  /** Last row of the summary; the page breaks after the blank row below it. */
  last: number;
}

export interface PlanLayout {
  summary: SummaryLayout;
  sections: Record<string, number>;
  figures: Record<FigureKey, number>;
  fields: Record<FieldKey, number>;
  /** Per table: header row, first and last data row (0-based). */
  tables: Record<TableKey, { header: number; first: number; last: number }>;
  /** Summary rows: roles not covered, contacts not reached, team totals, KPI note. */
  rolesMissing: number;
  notReached: number;
  // Issue 14: buying
  /** Coverage rule rows under the buying center (./coverage.ts): deciders/approvers not reached, access, one of ours. */
  coverage: { deciders: number; access: number; ours: number };
  /** The relationship matrix in the Relationship section (./matrix.ts); all -1 on a light plan. */
  matrix: MatrixLayout;
  teamTotal: number;
  kpiNote: number;
  // Issue 14: oppneg (-1 on a light plan)
  /** The opportunities' total row and the revenue-goal row below it; the negotiation issues' note row. */
  oppTotal: number;
  oppGoal: number;
  negNote: number;
  // Issue 14: orgchart
  /** Caption row of the org chart block (full plan only, else -1); the drawing takes ORG_CHART_ROWS below it. */
  orgChart: number;
  lastRow: number;
}

/**
 * Row positions of every part of a plan sheet with the given table sizes. A light plan (./light.ts) has
 * no one-page summary (it is one page itself; its summary rows are all -1 but the health block's, which
 * stands below its header), no text fields and no team table (absent from `fields` and `tables`;
 * teamTotal -1).
 */
export function planLayout(sizes: PlanSizes, form: PlanForm = "full"): PlanLayout {
  const r = HEADER_ROWS.reviewed + 2;
  const out = {
    sections: {},
    figures: {},
    fields: {},
    tables: {},
    teamTotal: -1,
    oppTotal: -1,
    oppGoal: -1,
    negNote: -1,
    orgChart: -1,
    matrix: { head: -1, first: -1, last: -1, derived: -1 },
  } as PlanLayout;
  if (form === "light") {
    const none = { section: -1, figures: -1, goals: -1, goalFirst: -1, overdue: -1, overdueFirst: -1, contacts: -1, contactFirst: -1, last: -1 };
    out.summary = { ...none, health: r };
    return sectionRows(out, r + HEALTH_BLOCK_ROWS, sizes, form);
  }
  const section = r;
  const figures = section + 1;
  const health = figures + 3;
  const goals = health + HEALTH_BLOCK_ROWS;
  const goalFirst = goals + 1;
  const overdue = goalFirst + sizes.goals + 1;
  const contacts = overdue + SUMMARY_LIST_ROWS + 2;
  const last = contacts + SUMMARY_LIST_ROWS;
  out.summary = {
    section,
    figures,
    health,
    goals,
    goalFirst,
    overdue,
    overdueFirst: overdue + 1,
    contacts,
    contactFirst: contacts + 1,
    last,
  };
  return sectionRows(out, last + 2, sizes, form);
}

/** Rows of the sections from row `r` on. */
function sectionRows(out: PlanLayout, r: number, sizes: PlanSizes, form: PlanForm): PlanLayout {
  for (const s of sectionsOf(form)) {
    const label = s.kind === "table" ? TABLES[s.table].section : s.label;
    out.sections[label] = r++;
    if (s.kind === "figures") for (const f of FIGURES) out.figures[f] = r++;
    else if (s.kind === "fields") {
      for (const f of s.fields) out.fields[f] = r++;
      // Issue 14: buying (the relationship matrix, one row per buying-center row; full form only)
      if (s.label === "aplan.section.relationship") {
        const head = r++;
        out.matrix = { head, first: r, last: r + sizes.buyingCenter - 1, derived: r + sizes.buyingCenter };
        r += sizes.buyingCenter + 1;
      }
    }
    else {
      const header = r++;
      const first = r;
      r += sizes[s.table];
      out.tables[s.table] = { header, first, last: r - 1 };
      if (s.table === "buyingCenter") {
        [out.rolesMissing, out.notReached] = [r++, r++];
        // Issue 14: buying (coverage rule rows; not on the one-page light form)
        out.coverage = form === "light" ? { deciders: -1, access: -1, ours: -1 } : { deciders: r++, access: r++, ours: r++ };
      }
      // Issue 14: orgchart
      if (s.table === "buyingCenter" && form === "full") {
        out.orgChart = ++r;
        r += 1 + ORG_CHART_ROWS;
      }
      if (s.table === "team") out.teamTotal = r++;
      if (s.table === "kpis") out.kpiNote = r++;
      // Issue 14: oppneg
      if (s.table === "opportunities") [out.oppTotal, out.oppGoal] = [r++, r++];
      if (s.table === "negotiation") out.negNote = r++;
    }
    r++; // blank row between sections
  }
  out.lastRow = r - 2;
  return out;
}

/** What a person entered on a plan sheet, as read back by `readAccountPlan`. */
export interface PreservedAccountPlan {
  customer: string;
  /** The sheet's name in the workbook. */
  sheet: string;
  header: Partial<Record<HeaderKey, UserCell>>;
  fields: Partial<Record<FieldKey, UserCell>>;
  /** Rows of each table, full width; formula columns are null. Trailing blank rows removed. */
  tables: Partial<Record<TableKey, UserCell[][]>>;
  /** Read from a light plan (./light.ts): its tables include the rows of its kept block. */
  form?: PlanForm;
  /** On a light plan: the rows each table showed on the light form (rows a person inserted included). */
  shown?: Partial<Record<TableKey, number>>;
  // Issue 14: buying
  /** Typed cells of the relationship matrix (./matrix.ts), by contact and team member name. */
  matrix?: MatrixEntry[];
}

export interface AccountPlanInput {
  customer: string;
  /** The customer's name (issue 11), shown in the title and right of the ID; "" or absent for none. */
  customerName?: string;
  /** The Portfolio shows a Name column (its figure columns are one to the right). */
  portfolioNames?: boolean;
  /** The ABC sheet's name (default "ABC"), for the summary's share of revenue. */
  abcSheet?: string;
  /** Sheet name (already sanitised and unique). */
  name: string;
  /** Still a key account; an inactive plan gets a banner and keeps everything. */
  active: boolean;
  /** 0-based row of the account on the Portfolio sheet; null when it is not there (figures blank). */
  portfolioRow: number | null;
  portfolioSheet?: string;
  language: SheetLanguage;
  /** ISO 4217 code amounts are shown in (src/sheets/kit/formats.ts); undefined: no currency. */
  currency?: CurrencyCode;
  preserved?: PreservedAccountPlan;
  /** Full plan (default) or KAM light (./light.ts, chosen on the Portfolio). */
  form?: PlanForm;
  /** Where the health settings are (the Overview's block); default: the defaults as constants. */
  healthSettings?: HealthSettingRefs;
  /** Our offerings (the Whitespace grid's columns): the choices of the opportunities' Offering column. */
  offerings?: readonly string[];
}

/** Where the Overview finds the plan's figures (sheet-local absolute A1 ranges). */
export interface AccountPlanRefs {
  quadrant: string;
  reviewed: string;
  goalIds: string;
  goalTexts: string;
  actionGoals: string;
  activities: string;
  statuses: string;
  dues: string;
  doneDates: string;
  contactFlags: string;
  lastContacts: string;
  /** The health block's score, band, completeness and review-due cells (src/sheets/accountPlan/health.ts). */
  health: HealthCells;
}

export interface AccountPlanResult {
  sheet: SheetSpec;
  layout: PlanLayout;
  refs: AccountPlanRefs;
  /** Entered cells written back from `preserved`. */
  keptCells: number;
}

/**
 * The name of a new plan sheet (DESIGN §2 rule 6, via src/sheets/kit/address.ts): "Plan <ID>", or with a
 * customer name (issue 11) "Plan <name> (<ID>)"; within Excel's 31 characters by shortening the name,
 * never the ID; unique among `taken` (case-insensitively).
 */
export function planSheetName(customer: string, customerName: string | undefined, taken: Iterable<string>): string {
  // A very long ID leaves no room for a name: then the ID alone, as without names.
  if (customerName && customerName !== customer && `Plan x (${customer})`.length <= 31) {
    return sheetNameKeepingTail(`Plan ${customerName}`, ` (${customer})`, taken);
  }
  // Cut to Excel's 31 characters here so that a cut never leaves a trailing space.
  return sheetName(Array.from(`Plan ${customer}`).slice(0, 31).join("").trimEnd(), taken);
}

/**
 * Whether a plan sheet still carries a name the add-in gave it (so a refresh may rename it when the
 * customer's name changes or names are added): "Plan <ID>" or "Plan <any name> (<ID>)", with or without
 * a " (n)" suffix, case-insensitively. A name a person chose is never changed.
 */
export function isGeneratedPlanName(sheet: string, customer: string): boolean {
  const lower = sheet.toLowerCase().replace(/ \([0-9]+\)$/, "");
  const bare = planSheetName(customer, undefined, []).toLowerCase();
  if (lower === bare) return true;
  const id = sheetName(`(${customer})`).toLowerCase();
  return lower.startsWith("plan ") && lower.endsWith(` ${id}`);
}

/** Sheet id of an account's plan. */
export function planSheetId(customer: string): string {
  return PLAN_SHEET_ID_PREFIX + customer;
}

/** Builds one account's plan sheet. */
export function buildAccountPlanSheet(input: AccountPlanInput): AccountPlanResult {
  const L = SHEET_LABELS[input.language];
  const p = input.preserved;
  // Amounts in the plan's currency; every other format as it is.
  const money = (f: string | undefined): string | undefined => (f === AMOUNT ? amountFormat(input.currency) : f);
  const translate = (v: UserCell): UserCell => translateListValue(v, PLAN_LISTS, input.language);
  const form = input.form ?? "full";
  const sizes = { ...DEFAULT_SIZES };
  for (const t of Object.keys(sizes) as TableKey[]) {
    // A light plan shows its own sizes (grown by rows a person inserted there); the rest goes to its kept block.
    sizes[t] =
      form === "light"
        ? LIGHT_SIZES[t] === 0 ? 0 : Math.max(LIGHT_SIZES[t], p?.form === "light" ? (p.shown?.[t] ?? 0) : 0)
        : Math.max(sizes[t], p?.tables[t]?.length ?? 0);
  }
  const lay = planLayout(sizes, form);
  const blocks: Block[] = [];
  const validations: ValidationSpec[] = [];
  const conditionalFormats: ConditionalFormatSpec[] = [];
  const merges: string[] = [];
  const rowHeights: Record<number, number> = {};
  const charts: ChartSpec[] = [];
  let keptCells = 0;
  const gen = (row: number, col: number, values: CellValue[][], extra: Partial<Block> = {}): void => {
    blocks.push({ row, col, values, owner: "generated", ...extra });
  };
  /** A user cell: the preserved entry (dates as serials, lists translated), else the default. */
  const entry = (v: UserCell | undefined, kind: ColumnKind, fallback: CellValue = null): [CellValue, string | undefined] => {
    if (isBlankCell(v)) return [fallback, undefined];
    keptCells++;
    if (kind === "date") return blockEntry(dateSerial(v as UserCell));
    if (kind === "list") return blockEntry(translate(v as UserCell));
    return blockEntry(v);
  };

  // Header.
  gen(HEADER_ROWS.title, 0, [[L[form === "light" ? "aplan.light.title" : "aplan.title"].replace("{customer}", nameWithId(input.customer, input.customerName))]], {
    bold: true,
  });
  rowHeights[HEADER_ROWS.title] = 21;
  gen(HEADER_ROWS.banner, 0, [[input.active ? null : L["aplan.inactive"]]], {
    bold: !input.active,
    fill: input.active ? undefined : "#FFC7CE",
  });
  if (!input.active) merges.push(range(HEADER_ROWS.banner, 0, HEADER_ROWS.banner, LAST_COL));
  gen(
    HEADER_ROWS.customer,
    0,
    [[L["aplan.customerId"]], [L[HEADER_LABEL.manager]], [L[HEADER_LABEL.reviewed]]],
    { bold: true },
  );
  gen(HEADER_ROWS.customer, 1, [[input.customer]], { numberFormats: ["@"], bold: true });
  // The name right of the ID (the reader takes the first filled cell right of the label, the ID).
  if (input.customerName) gen(HEADER_ROWS.customer, 2, [[input.customerName]], { numberFormats: ["@"], bold: true });
  const manager = entry(p?.header.manager, "text");
  const reviewed = entry(p?.header.reviewed, "date");
  for (const [row, [v, formula], format] of [
    [HEADER_ROWS.manager, manager, "@"],
    [HEADER_ROWS.reviewed, reviewed, DATE],
  ] as const) {
    blocks.push({
      row,
      col: 1,
      values: [[v]],
      formulas: formula ? [[formula]] : undefined,
      numberFormats: [format],
      owner: "user",
      fill: INPUT_FILL,
    });
  }
  for (const r of [HEADER_ROWS.manager, HEADER_ROWS.reviewed]) merges.push(range(r, 1, r, 3));

  const portfolio = input.portfolioSheet ?? PORTFOLIO_SHEET_NAME;
  for (const s of sectionsOf(form)) {
    const label = s.kind === "table" ? TABLES[s.table].section : s.label;
    const sr = lay.sections[label];
    gen(sr, 0, [[L[label], ...new Array<CellValue>(LAST_COL).fill(null)]], { bold: true, fill: SECTION_FILL });
    if (s.kind === "figures") {
      for (const f of FIGURES) {
        const r = lay.figures[f];
        gen(r, 0, [[L[`aplan.fig.${f}` as SheetLabelKey]]]);
        if (input.portfolioRow === null) gen(r, 1, [[null]]);
        else {
          const ref = onSheet(portfolio, a1(input.portfolioRow, figureCol(f, input.portfolioNames ?? false)));
          gen(r, 1, [[null]], { formulas: [[`=IF(${ref}="","",${ref})`]], numberFormats: [money(FIGURE_FORMAT[f])], bold: true });
        }
      }
    } else if (s.kind === "fields") {
      for (const f of s.fields) {
        const r = lay.fields[f];
        const list = FIELD_LIST[f];
        gen(r, 0, [[L[FIELD_LABEL(f)]]], { bold: true, wrap: !list });
        const [v, formula] = entry(p?.fields[f], list ? "list" : "text");
        blocks.push({
          row: r,
          col: 1,
          values: [[v]],
          formulas: formula ? [[formula]] : undefined,
          owner: "user",
          fill: INPUT_FILL,
          wrap: !list,
        });
        if (list) {
          merges.push(range(r, 1, r, 3));
          validations.push({ range: a1(r, 1), kind: "list", list: list.map((k) => L[k]), message: L["aplan.validation.list"] });
        } else {
          merges.push(range(r, 1, r, LAST_COL));
          rowHeights[r] = 30;
        }
      }
      // Issue 14: buying (the relationship matrix below the Relationship fields)
      if (s.label === "aplan.section.relationship" && lay.matrix.head >= 0 && lay.tables.team) {
        const name = (v: UserCell | undefined): string => (typeof v === "string" || typeof v === "number" ? String(v).trim() : "");
        keptCells += matrixBlock({
          L,
          lay: lay.matrix,
          bc: { first: lay.tables.buyingCenter.first, nameCol: BC.name },
          team: { ...lay.tables.team, nameCol: TEAM.name },
          contacts: Array.from({ length: lay.matrix.last - lay.matrix.first + 1 }, (_, i) => name(p?.tables.buyingCenter?.[i]?.[BC.name])),
          members: Array.from({ length: lay.tables.team.last - lay.tables.team.first + 1 }, (_, k) => name(p?.tables.team?.[k]?.[TEAM.name])),
          kept: p?.matrix,
          chosen: a1(lay.fields.contactModel, 1),
          gen,
          blocks,
          validations,
          merges,
          lastCol: LAST_COL,
          fill: TABLE_FILL,
        });
      }
    } else {
      renderTable(s.table);
    }
  }

  function renderTable(key: TableKey): void {
    const def = TABLES[key];
    const t = lay.tables[key];
    const rows = p?.tables[key] ?? [];
    const n = t.last - t.first + 1;
    // Headers over number columns stand right, like the numbers.
    gen(t.header, 0, [def.columns.map((c) => L[c.label])], {
      bold: true,
      fill: HEADER_FILL,
      wrap: true,
      align: def.columns.map((c) =>
        c.kind === "number" || c.kind === "percent" ? (key === "negotiation" ? "center" : "right") : undefined,
      ),
    });
    rowHeights[t.header] = 30;
    // User columns in contiguous runs, formula columns generated.
    let c = 0;
    while (c < def.columns.length) {
      const isFormula = def.columns[c].kind === "formula";
      let end = c;
      while (end + 1 < def.columns.length && (def.columns[end + 1].kind === "formula") === isFormula) end++;
      const cols = def.columns.slice(c, end + 1);
      const start = c;
      if (isFormula) {
        gen(
          t.first,
          start,
          Array.from({ length: n }, () => cols.map(() => null)),
          {
            formulas: Array.from({ length: n }, (_, i) => cols.map((_col, j) => tableFormula(key, start + j, t.first + i))),
            // Issue 14: oppneg (the weighted value is an amount)
            ...(cols.some((col) => col.format) ? { numberFormats: cols.map((col) => money(col.format)) } : {}),
            italic: true,
          },
        );
      } else {
        const ids = start === 0 && def.idPrefix ? freeIds(def.idPrefix, rows, n) : [];
        const cells = Array.from({ length: n }, (_, i) =>
          cols.map((col, j) => {
            const fallback = j + start === 0 && def.idPrefix ? ids[i] : null;
            const v = rows[i]?.[start + j];
            // A prefilled ID the person cleared stays cleared only while the row has other content.
            if (fallback && isBlankCell(v) && rows[i]?.some((x) => !isBlankCell(x))) return [null, undefined] as const;
            if (fallback && !isBlankCell(v) && v === fallback) return blockEntry(v);
            return entry(v, col.kind, fallback);
          }),
        );
        blocks.push({
          row: t.first,
          col: start,
          values: cells.map((r) => r.map((x) => x[0])),
          formulas: cells.some((r) => r.some((x) => x[1])) ? cells.map((r) => r.map((x) => x[1])) : undefined,
          numberFormats: cols.map((col) => (col.kind === "date" ? DATE : money(col.format))),
          owner: "user",
          fill: TABLE_FILL,
          // Long entries ("Purchasing manager") wrap in print instead of being cut at the next cell.
          wrap: true,
          // Issue 14: oppneg — the issues' positions centred, so a number does not run into the text beside it.
          ...(key === "negotiation" ? { align: cols.map((col) => (col.kind === "number" ? "center" : undefined)) } : {}),
        });
        cols.forEach((col, j) => {
          const rg = range(t.first, start + j, t.last, start + j);
          if (col.kind === "list") {
            validations.push({
              range: rg,
              kind: "list",
              list: col.list!.map((k) => L[k]),
              message: key === "buyingCenter" && (col.label === "aplan.bc.role" || col.label === "aplan.bc.role2") ? L["aplan.validation.role"] : L["aplan.validation.list"],
            });
          } else if (key === "opportunities" && j === OPP.offering && input.offerings && inlineList(input.offerings)) {
            // A warning, not a stop: an opportunity may be for something not (yet) on the list.
            validations.push({ range: rg, kind: "list", list: [...input.offerings], alert: "warning", message: L["aplan.validation.offering"] });
          } else if (col.kind === "whole") {
            validations.push({ range: rg, kind: "wholeNumber", min: 1, max: 5, message: L["aplan.validation.influence"] });
          } else if (col.kind === "percent") {
            // Issue 14: oppneg (a probability)
            validations.push({ range: rg, kind: "decimal", min: 0, max: 1, message: L["aplan.validation.probability"] });
          }
        });
      }
      c = end + 1;
    }
  }

  /** The formula of a generated table column at a row. */
  function tableFormula(key: TableKey, col: number, r: number): string {
    const cell = (c: number): string => a1(r, c);
    if (key === "buyingCenter" && col === BC.flag) {
      const last = cell(BC.lastContact);
      return (
        `=IF(${cell(BC.name)}="","",IF(ISNUMBER(${last}),IF(TODAY()-${last}>90,${str(L["aplan.bc.notReached"])},""),` +
        `${str(L["aplan.bc.noContact"])}))`
      );
    }
    if (key === "goals" && col === GOAL.actions) {
      const a = lay.tables.actions;
      return (
        `=IF(OR(${cell(GOAL.id)}="",${cell(GOAL.goal)}=""),"",` +
        `COUNTIF(${absRange(a.first, ACT.goal, a.last, ACT.goal)},${cell(GOAL.id)}))`
      );
    }
    // Issue 14: oppneg
    if (key === "opportunities" && col === OPP.weighted) return weightedFormula(r);
    if (key === "opportunities" && col === OPP.attitude) {
      return deciderAttitudeFormula(L, r, lay.tables.buyingCenter, [BC.role, BC.role2], BC.attitude);
    }
    if (key === "negotiation" && col === NEG.zone) return zoneFormula(L, r);
    if (key === "actions" && col === ACT.overdue) return `=IF(${overdueTest(r, "")},${str(L["aplan.action.overdueFlag"])},"")`;
    if (key === "kpis" && col === KPI.rag) {
      const [t, a] = [cell(KPI.target), cell(KPI.actual)];
      const achievement = `IF(${cell(KPI.higher)}=${str(L["plan.no"])},IF(${a}=0,2,${t}/${a}),${a}/${t})`;
      return (
        `=IF(OR(NOT(ISNUMBER(${t})),NOT(ISNUMBER(${a})),${t}<=0,${a}<0),"",` +
        `IF(${achievement}>=1,${str(L["aplan.rag.green"])},IF(${achievement}>=0.9,${str(L["aplan.rag.amber"])},${str(L["aplan.rag.red"])})))`
      );
    }
    throw new Error(`no formula for ${key} column ${col}`);
  }

  /** An action row is overdue: it has an activity, a due date before today, and is neither done nor cancelled. */
  function overdueTest(r: number, dollar: "" | "$"): string {
    const c = (col: number): string => `${dollar}${columnLetter(col)}${r + 1}`;
    return (
      `AND(${c(ACT.activity)}<>"",ISNUMBER(${c(ACT.due)}),${c(ACT.due)}<TODAY(),` +
      `${c(ACT.status)}<>${str(L["aplan.status.done"])},${c(ACT.status)}<>${str(L["aplan.status.cancelled"])})`
    );
  }

  // Buying-center summary: roles not covered, contacts not reached, single-threaded.
  const bc = lay.tables.buyingCenter;
  const names = absRange(bc.first, BC.name, bc.last, BC.name);
  const roles = absRange(bc.first, BC.role, bc.last, BC.role);
  // Issue 14: buying (a role counts when it is in either role column)
  const roles2 = absRange(bc.first, BC.role2, bc.last, BC.role2);
  const roleCount = (k: SheetLabelKey): string => `(COUNTIF(${roles},${str(L[k])})+COUNTIF(${roles2},${str(L[k])}))`;
  const flags = absRange(bc.first, BC.flag, bc.last, BC.flag);
  const covered = ROLES.map((k) => `(${roleCount(k)}>0)`).join("+");
  const missing = ROLES.map((k) => `IF(${roleCount(k)}=0,${str("; " + L[k])},"")`).join("&");
  gen(lay.rolesMissing, 0, [[L["aplan.bc.rolesMissing"]], [L["aplan.bc.notReachedCount"]]], { bold: true, wrap: true });
  gen(lay.rolesMissing, 1, [[null], [null]], {
    formulas: [
      [`=IF(COUNTA(${names})=0,"",IF(${covered}=${ROLES.length},${str(L["aplan.bc.allRoles"])},MID(${missing},3,500)))`],
      [`=SUMPRODUCT((${flags}=${str(L["aplan.bc.notReached"])})+(${flags}=${str(L["aplan.bc.noContact"])}))`],
    ],
  });
  merges.push(range(lay.rolesMissing, 1, lay.rolesMissing, LAST_COL));
  gen(lay.notReached, 3, [[null]], {
    formulas: [[`=IF(COUNTA(${names})=1,${str(L["aplan.bc.singleThreaded"])},"")`]],
    italic: true,
  });
  // Issue 14: buying (coverage rules, src/core/coverage.ts)
  if (lay.coverage.deciders >= 0) {
    coverageRows({ L, rows: { first: bc.first, last: bc.last, ...lay.coverage }, cols: BC, gen, merges, lastCol: LAST_COL });
    // Their labels wrap to two lines in column A: room for both, so they do not print over each other.
    for (const r of [lay.coverage.deciders, lay.coverage.access, lay.coverage.ours]) rowHeights[r] = 30;
  }

  // Issue 14: orgchart
  const shapes: ShapeSpec[] = [];
  if (lay.orgChart >= 0) {
    const drawn = orgChartShapes(p?.tables.buyingCenter ?? [], lay.orgChart + 1, PLAN_WIDTH_POINTS);
    shapes.push(...drawn.shapes);
    const t = orgChartTexts(input.language, drawn.shapes.length > 0, drawn.cycles);
    gen(lay.orgChart, 0, [[t.caption]], { bold: true });
    if (t.note) gen(lay.orgChart, 1, [[t.note]], { italic: true });
  }

  // Team totals.
  const team = lay.tables.team;
  if (team) {
    gen(lay.teamTotal, 0, [[L["aplan.team.total"]]], { bold: true });
    gen(lay.teamTotal, TEAM.hours, [[null, null]], {
      formulas: [
        [
          `=SUM(${absRange(team.first, TEAM.hours, team.last, TEAM.hours)})`,
          `=SUM(${absRange(team.first, TEAM.budget, team.last, TEAM.budget)})`,
        ],
      ],
      numberFormats: [DECIMAL1, money(MONEY)],
      bold: true,
    });
  }
  gen(lay.kpiNote, 0, [[L["aplan.kpi.note"]]], { italic: true });

  // Issue 14: oppneg — the opportunities' totals, revenue goal and overdue next steps; the negotiation note.
  const opp = lay.tables.opportunities;
  const oppFormats: ConditionalFormatSpec[] = [];
  if (opp) {
    const totals = oppTotals(L, opp);
    gen(lay.oppTotal, 0, [[L["aplan.opp.total"]]], { bold: true, wrap: true });
    rowHeights[lay.oppTotal] = 30;
    gen(lay.oppTotal, OPP.value, [[null, null, null]], {
      formulas: [[totals.value, undefined, totals.weighted]],
      numberFormats: [money(MONEY), undefined, money(MONEY)],
      bold: true,
    });
    gen(lay.oppTotal, OPP.next, [[L["aplan.opp.overdue"], null]], {
      formulas: [[undefined, totals.overdue]],
      numberFormats: [undefined, COUNT],
      bold: true,
    });
    gen(lay.oppGoal, 0, [[L[HEADER_LABEL.revenueGoal]]], { bold: true });
    const [goal, goalFormula] = entry(p?.header.revenueGoal, "number");
    blocks.push({
      row: lay.oppGoal,
      col: 1,
      values: [[goal]],
      formulas: goalFormula ? [[goalFormula]] : undefined,
      numberFormats: [money(MONEY)],
      owner: "user",
      fill: INPUT_FILL,
    });
    gen(lay.oppGoal, OPP.value, [[L["aplan.opp.ofGoal"], null, null]], {
      formulas: [[undefined, undefined, totals.ofGoal(a1(lay.oppGoal, 1), a1(lay.oppTotal, OPP.weighted))]],
      numberFormats: [undefined, undefined, PERCENT],
      bold: true,
    });
    merges.push(range(lay.oppGoal, OPP.value, lay.oppGoal, OPP.probability));
    // After the plan's own formats (pushed below), so their order stays as before.
    oppFormats.push({
      range: range(opp.first, OPP.next, opp.last, OPP.nextDue),
      formula: `=${nextStepOverdueTest(L, opp.first)}`,
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
  }
  if (lay.tables.negotiation) {
    gen(lay.negNote, 0, [[L["aplan.neg.note"], ...new Array<CellValue>(LAST_COL).fill(null)]], { italic: true, wrap: true });
    merges.push(range(lay.negNote, 0, lay.negNote, LAST_COL));
    rowHeights[lay.negNote] = 30;
  }

  // Conditional formats: overdue actions, contacts not reached, RAG colours.
  const act = lay.tables.actions;
  conditionalFormats.push({
    range: range(act.first, 0, act.last, ACT.overdue),
    formula: `=${overdueTest(act.first, "$")}`,
    fill: "#FFC7CE",
    fontColor: "#9C0006",
  });
  const flagCell = `$${columnLetter(BC.flag)}${bc.first + 1}`;
  conditionalFormats.push({
    range: range(bc.first, BC.flag, bc.last, BC.flag),
    formula: `=${flagCell}<>""`,
    fill: "#FFEB9C",
    fontColor: "#9C5700",
  });
  const kpi = lay.tables.kpis;
  const ragCell = `$${columnLetter(KPI.rag)}${kpi.first + 1}`;
  for (const [k, fill, font] of [
    ["aplan.rag.green", "#C6EFCE", "#006100"],
    ["aplan.rag.amber", "#FFEB9C", "#9C5700"],
    ["aplan.rag.red", "#FFC7CE", "#9C0006"],
  ] as const) {
    conditionalFormats.push({
      range: range(kpi.first, KPI.rag, kpi.last, KPI.rag),
      formula: `=${ragCell}=${str(L[k])}`,
      fill,
      fontColor: font,
    });
  }
  // Issue 14: oppneg
  conditionalFormats.push(...oppFormats);

  // A light plan is one page itself: no summary.
  if (form === "full") {
    // The one-page summary (issue 11 part 6): what a manager reads in a minute, all formulas over this
    // sheet's own figures and tables (and the ABC sheet's positive total), so it follows every edit.
    const sum = lay.summary;
    const bcT = lay.tables.buyingCenter;
    const goalT = lay.tables.goals;
    const col = (table: { first: number; last: number }, c: number): string => absRange(table.first, c, table.last, c);
    const figureCell = (f: FigureKey): string => a1(lay.figures[f], 1);
    const show = (ref: string): string => `=IF(${ref}="","",${ref})`;
    gen(sum.section, 0, [[L["aplan.summary.section"], ...new Array<CellValue>(LAST_COL).fill(null)]], {
      bold: true,
      fill: SECTION_FILL,
    });
    // Key figures: labels beside "Key figures", values below them.
    const rev = figureCell("revenue");
    const prof = figureCell("profit");
    const abcSheet = input.abcSheet ?? "ABC";
    const tPlus = onSheet(abcSheet, abs(ABC_SUMMARY.positiveTotalRow, ABC_SUMMARY.col + 2));
    gen(sum.figures, 0, [[L["aplan.summary.figures"]]], { bold: true });
    gen(
      sum.figures,
      1,
      [
        [
          L["aplan.fig.revenue"],
          L["aplan.fig.profit"],
          L["aplan.summary.margin"],
          L["aplan.summary.share"],
          L["aplan.fig.class"],
          L["aplan.fig.quadrant"],
          L["aplan.fig.strategy"],
        ],
      ],
      { bold: true, fill: HEADER_FILL, wrap: true },
    );
    rowHeights[sum.figures] = 30;
    gen(sum.figures + 1, 1, [[null, null, null, null, null, null, null]], {
      formulas: [
        [
          show(rev),
          show(prof),
          `=IF(OR(NOT(ISNUMBER(${rev})),NOT(ISNUMBER(${prof}))),"",IF(${rev}=0,"",${prof}/${rev}))`,
          `=IF(NOT(ISNUMBER(${rev})),"",IF(N(${tPlus})<=0,"",${rev}/${tPlus}))`,
          show(figureCell("class")),
          show(figureCell("quadrant")),
          show(figureCell("strategy")),
        ],
      ],
      numberFormats: [money(MONEY), money(MONEY), PERCENT, PERCENT, TEXT, TEXT, TEXT],
      bold: true,
    });
    merges.push(range(sum.figures + 1, 7, sum.figures + 1, 8), range(sum.figures, 7, sum.figures, 8));

    // Goals with their status: one row per row of the goals table.
    const ids = col(act, 0);
    const actGoals = col(act, ACT.goal);
    const activities = col(act, ACT.activity);
    const statuses = col(act, ACT.status);
    const overdueFlags = col(act, ACT.overdue);
    gen(sum.goals, 0, [[L["aplan.summary.goals"]]], { bold: true });
    gen(sum.goals, 1, [[L["aplan.goal.goal"], null, null, L["aplan.goal.target"], L["aplan.goal.due"], L["aplan.action.status"], L["aplan.goal.actions"]]], {
      bold: true,
      fill: HEADER_FILL,
    });
    const goalRows = goalT.last - goalT.first + 1;
    gen(
      sum.goalFirst,
      0,
      Array.from({ length: goalRows }, () => new Array<CellValue>(8).fill(null)),
      {
        formulas: Array.from({ length: goalRows }, (_, i) => {
          const gr = goalT.first + i;
          const text = a1(gr, GOAL.goal);
          const id = a1(gr, GOAL.id);
          const mine = `${actGoals},${id},${activities},"<>"`;
          const n = `COUNTIFS(${mine})`;
          const closed = `COUNTIFS(${mine},${statuses},${str(L["aplan.status.done"])})+COUNTIFS(${mine},${statuses},${str(L["aplan.status.cancelled"])})`;
          const status =
            `=IF(${text}="","",IF(${id}="",${str(L["aplan.summary.noActions"])},IF(${n}=0,${str(L["aplan.summary.noActions"])},` +
            `IF(COUNTIFS(${actGoals},${id},${overdueFlags},${str(L["aplan.action.overdueFlag"])})>0,${str(L["aplan.summary.behind"])},` +
            `IF(${closed}=${n},${str(L["aplan.status.done"])},${str(L["aplan.summary.onTrack"])})))))`;
          return [
            `=IF(${text}="","",${id})`,
            `=IF(${text}="","",${text})`,
            undefined,
            undefined,
            show(a1(gr, 5)),
            show(a1(gr, 6)),
            status,
            `=IF(${text}="","",IF(${id}="",0,${n}))`,
          ];
        }),
        numberFormats: [TEXT, TEXT, undefined, undefined, "General", DATE, TEXT, COUNT],
      },
    );
    for (let i = 0; i < goalRows; i++) merges.push(range(sum.goalFirst + i, 1, sum.goalFirst + i, 3));

    // Lists by content: the k-th flagged row of a table column, found after the (k−1)-th (MATCH on the rest
    // of the column; a helper column M, hidden by the ";;;" format, holds the row numbers). No array
    // formulas, so Excel 2010+, the web and LibreOffice all calculate them.
    const HELPER = LAST_COL;
    const NOT_FOUND = "1000000000";
    const listed = (first: number, flagRange: string, labels: readonly string[]): string[] => {
      const lastCell = flagRange.split(":")[1];
      return Array.from({ length: SUMMARY_LIST_ROWS }, (_, k) => {
        const prev = k === 0 ? "0" : a1(first + k - 1, HELPER);
        const rest = `INDEX(${flagRange},${prev}+1):${lastCell}`;
        // "Not found" is a number past any row, written out in full: LibreOffice saves 1E+9 as 1000000000
        // (and FALSE as FALSE()), and a generated formula must read back as written to stay ours.
        const found = labels.map((l) => `IFERROR(MATCH(${str(l)},${rest},0),${NOT_FOUND})`);
        const m = found.length === 1 ? found[0] : `MIN(${found.join(",")})`;
        const next = `IF(${m}>=${NOT_FOUND},"",${prev}+${m})`;
        return k === 0 ? `=${next}` : `=IF(${prev}="","",${next})`;
      });
    };
    const pick = (helper: string, from: string): string => `=IF(${helper}="","",INDEX(${from},${helper}))`;

    gen(sum.overdue, 0, [[L["aplan.summary.overdue"]]], { bold: true });
    gen(sum.overdue, 1, [[null, L["aplan.action.activity"], null, L["aplan.action.owner"], L["aplan.action.due"], L["aplan.action.status"]]], {
      formulas: [[`=COUNTIF(${overdueFlags},${str(L["aplan.action.overdueFlag"])})`, undefined, undefined, undefined, undefined, undefined]],
      numberFormats: ["0"],
      bold: true,
      fill: HEADER_FILL,
    });
    const overdueHelpers = listed(sum.overdueFirst, overdueFlags, [L["aplan.action.overdueFlag"]]);
    gen(
      sum.overdueFirst,
      1,
      overdueHelpers.map(() => [null, null, null, null, null, null]),
      {
        formulas: overdueHelpers.map((_, k) => {
          const h = a1(sum.overdueFirst + k, HELPER);
          return [pick(h, ids), pick(h, activities), undefined, pick(h, col(act, 4)), pick(h, col(act, ACT.due)), pick(h, statuses)];
        }),
        numberFormats: [TEXT, TEXT, undefined, TEXT, DATE, TEXT],
      },
    );
    for (let k = 0; k < SUMMARY_LIST_ROWS; k++) merges.push(range(sum.overdueFirst + k, 2, sum.overdueFirst + k, 3));
    gen(sum.overdueFirst, HELPER, overdueHelpers.map(() => [null]), {
      formulas: overdueHelpers.map((f) => [f]),
      numberFormats: [";;;"],
    });

    const bcFlags = col(bcT, BC.flag);
    gen(sum.contacts, 0, [[L["aplan.summary.contacts"]]], { bold: true });
    gen(sum.contacts, 1, [[null, L["aplan.bc.name"], L["aplan.bc.title"], L["aplan.bc.lastContact"], L["aplan.bc.flag"]]], {
      formulas: [[`=${a1(lay.notReached, 1)}`, undefined, undefined, undefined, undefined]],
      numberFormats: ["0"],
      bold: true,
      fill: HEADER_FILL,
    });
    const contactHelpers = listed(sum.contactFirst, bcFlags, [L["aplan.bc.notReached"], L["aplan.bc.noContact"]]);
    gen(
      sum.contactFirst,
      2,
      contactHelpers.map(() => [null, null, null, null]),
      {
        formulas: contactHelpers.map((_, k) => {
          const h = a1(sum.contactFirst + k, HELPER);
          return [pick(h, col(bcT, BC.name)), pick(h, col(bcT, 1)), pick(h, col(bcT, BC.lastContact)), pick(h, bcFlags)];
        }),
        numberFormats: [TEXT, TEXT, DATE, TEXT],
      },
    );
    gen(sum.contactFirst, HELPER, contactHelpers.map(() => [null]), {
      formulas: contactHelpers.map((f) => [f]),
      numberFormats: [";;;"],
    });

    // The KAISM position: this account on the Portfolio's axes with the midpoint lines. The chart data sits
    // right of the print area (columns O–T), and follows the figures and the Portfolio's midpoints.
    const data = { row: sum.figures, col: LAST_COL + 2 } as const;
    const aMid = onSheet(portfolio, abs(PORTFOLIO_ROWS.attractivenessMid, 1));
    const sMid = onSheet(portfolio, abs(PORTFOLIO_ROWS.strengthMid, 1));
    // Blank until rated, as the Portfolio's own chart data (no error values in a shared workbook).
    const numeric = (ref: string): string => `=IF(ISNUMBER(${ref}),${ref},"")`;
    gen(
      data.row,
      data.col,
      [
        [L["aplan.summary.chart"], null, null, null, null, null],
        [L["aplan.summary.chart.x"], L["aplan.summary.chart.y"], L["aplan.summary.chart.x"], L["aplan.summary.chart.y"], L["aplan.summary.chart.x"], L["aplan.summary.chart.y"]],
        [null, null, null, 0, 0, null],
        [null, null, null, 10, 10, null],
      ],
      {
        formulas: [
          [],
          [],
          [numeric(figureCell("strength")), numeric(figureCell("attractiveness")), `=${sMid}`, undefined, undefined, `=${aMid}`],
          [undefined, undefined, `=${sMid}`, undefined, undefined, `=${aMid}`],
        ],
        italic: true,
      },
    );
    const dataRange = (c: number, rows = 1): string => range(data.row + 2, data.col + c, data.row + 1 + rows, data.col + c);
    charts.push({
      title: `${L["aplan.summary.chart"]}: ${nameWithId(input.customer, input.customerName)}`,
      row: sum.figures + 2,
      col: 9,
      widthCols: 4,
      heightRows: 14,
      series: [
        { name: nameWithId(input.customer, input.customerName), type: "scatter", values: dataRange(1), categories: dataRange(0), markers: true, lines: false },
        { name: L["portfolio.chart.strengthLine"], type: "scatter", values: dataRange(3, 2), categories: dataRange(2, 2), markers: false, lines: true },
        { name: L["portfolio.chart.attractivenessLine"], type: "scatter", values: dataRange(5, 2), categories: dataRange(4, 2), markers: false, lines: true },
      ],
      xAxis: { title: L["portfolio.col.strength"], min: 0, max: 10 },
      yAxis: { title: L["portfolio.col.attractiveness"], min: 0, max: 10 },
    });
  }

  // Account health (issue 13): score, band, components, completeness and review due, below the key figures
  // (on a light plan below its header).
  const health = healthBlock({
    top: lay.summary.health,
    language: input.language,
    layout: lay,
    settings: input.healthSettings ?? defaultHealthRefs(),
    satisfaction: entry(p?.header.satisfaction, "number"),
    inputFill: INPUT_FILL,
  });
  blocks.push(...health.blocks);
  validations.push(...health.validations);
  conditionalFormats.push(...health.conditionalFormats);

  const g = lay.tables.goals;
  const refs: AccountPlanRefs = {
    quadrant: `$B$${lay.figures.quadrant + 1}`,
    reviewed: `$B$${HEADER_ROWS.reviewed + 1}`,
    goalIds: absRange(g.first, GOAL.id, g.last, GOAL.id),
    goalTexts: absRange(g.first, GOAL.goal, g.last, GOAL.goal),
    actionGoals: absRange(act.first, ACT.goal, act.last, ACT.goal),
    activities: absRange(act.first, ACT.activity, act.last, ACT.activity),
    statuses: absRange(act.first, ACT.status, act.last, ACT.status),
    dues: absRange(act.first, ACT.due, act.last, ACT.due),
    doneDates: absRange(act.first, ACT.doneDate, act.last, ACT.doneDate),
    contactFlags: flags,
    lastContacts: absRange(bc.first, BC.lastContact, bc.last, BC.lastContact),
    health: health.cells,
  };

  // A light plan: what it has no place for, below it (./light.ts).
  if (form === "light") {
    const kept = keptBlock({
      language: input.language,
      row: lay.lastRow + 2,
      lastCol: LAST_COL,
      // Issue 14: buying
      matrix: p?.matrix,
      fields: SECTIONS.flatMap((s) =>
        s.kind === "fields"
          ? s.fields.map((f) => ({ section: s.label, label: FIELD_LABEL(f), value: p?.fields[f], list: !!FIELD_LIST[f] }))
          : [],
      ),
      tables: (Object.keys(TABLES) as TableKey[]).map((key) => ({
        key,
        section: TABLES[key].section,
        columns: TABLES[key].columns,
        rows: p?.tables[key] ?? [],
        shown: sizes[key],
        idPrefix: TABLES[key].idPrefix,
        // Issue 14: oppneg
        endLabel: key === "opportunities" ? "aplan.opp.total" : key === "negotiation" ? "aplan.neg.note" : undefined,
        after:
          key === "opportunities"
            ? [{ label: HEADER_LABEL.revenueGoal, value: p?.header.revenueGoal, kind: "number", format: MONEY }]
            : undefined,
      })),
      entry: (v, kind) => entry(v, kind as ColumnKind),
      numberFormat: (kind, format) => (kind === "date" ? DATE : money(format)),
      fills: { section: SECTION_FILL, header: HEADER_FILL, input: TABLE_FILL },
    });
    blocks.push(...kept.blocks);
    merges.push(...kept.merges);
  }

  const sheet: SheetSpec = {
    name: input.name,
    id: planSheetId(input.customer),
    blocks,
    tables: [],
    charts,
    // Issue 14: orgchart
    ...(shapes.length > 0 ? { shapes } : {}),
    validations,
    conditionalFormats,
    columnWidths: { ...PLAN_COLUMN_WIDTHS },
    rowHeights,
    freeze: { rows: HEADER_ROWS.customer + 1, cols: 0 },
    merges,
    // No title: the header prints the sheet's tab name ("Plan SM-20320"), which names the account.
    print: printSetup({
      language: input.language,
      orientation: "landscape",
      lastRow: lay.lastRow,
      lastCol: LAST_COL,
      repeatRows: [HEADER_ROWS.title, HEADER_ROWS.customer],
      // The summary is page 1; the plan itself starts on page 2. A light plan is one page (its kept
      // block below it stays out of the print area).
      // Issue 14: orgchart: the org chart starts a page, so it is never cut in two.
      // Issue 14: oppneg — the opportunities start a page (the pipeline page; the plan before them keeps
      // its two pages), and the negotiation preparation starts its own page too.
      rowBreaks:
        form === "light"
          ? undefined
          : [lay.summary.last + 2, lay.orgChart, lay.sections["aplan.section.opportunities"], lay.sections["aplan.section.negotiation"]],
    }),
  };
  return { sheet, layout: lay, refs, keptCells };
}

/** Dates as the readers give them ("2024-05-01", "2024-05-01T09:30:00") → Excel serial; anything else as it is. */
export function dateSerial(v: UserCell): UserCell {
  if (typeof v !== "string") return v;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z?)?$/.exec(v.trim());
  if (!m) return v;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - Date.UTC(1899, 11, 30);
  return Number.isFinite(ms) ? ms / 86_400_000 : v;
}
