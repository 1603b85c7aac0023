/**
 * The columns of the History sheet (issue 13 part 1), in the order a new sheet shows them. Each is found
 * again by its header label "history.col.<field>" (src/sheets/history/read.ts), so people may move them.
 *
 * KPI actuals: one text column per KPI row of the plan, "KPI 1: actual" … "KPI 6: actual", each cell
 * "<KPI name>: <actual> <unit>". A plan's KPIs differ from account to account (one tracks share of wallet,
 * another on-time delivery), so a column per KPI name would grow without end and a number without its name
 * would not say what it measures; a text keeps name, figure and unit together in a snapshot that never
 * changes, and six columns are the plan's six KPI rows (more rows: the rest joins the sixth, separated by "; ").
 */
export const HISTORY_FIELDS = [
  "period",
  "customer",
  "name",
  "revenue",
  "profit",
  "class",
  "attractiveness",
  "strength",
  "quadrant",
  "health",
  "completeness",
  "open",
  "overdue",
  "done",
  "kpi1",
  "kpi2",
  "kpi3",
  "kpi4",
  "kpi5",
  "kpi6",
] as const;

export type HistoryField = (typeof HISTORY_FIELDS)[number];

/** KPI columns of the History sheet. */
export const KPI_FIELDS = ["kpi1", "kpi2", "kpi3", "kpi4", "kpi5", "kpi6"] as const satisfies readonly HistoryField[];

/** One key account in one period: what the History sheet records (values, a snapshot). */
export interface HistoryEntry {
  customer: string;
  /** Customer name; "" for none. */
  name: string;
  revenue: number | null;
  profit: number | null;
  /** ABC class by value (A–D), "" when the customer is no longer in the data. */
  abcClass: string;
  /** Weighted scores 0–10, null while a criterion is unrated. */
  attractiveness: number | null;
  strength: number | null;
  /** KAISM quadrant label in the sheet language, "" without both scores. */
  quadrant: string;
  /** Health score 0–100 and completeness 0–1 (src/core/health.ts), null until computed. */
  health: number | null;
  completeness: number | null;
  open: number;
  overdue: number;
  done: number;
  /** "<KPI>: <actual> <unit>" per KPI row with content, at most six (the sixth holds the rest). */
  kpis: string[];
}
