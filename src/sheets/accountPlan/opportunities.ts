/**
 * Issue 14, items 2 and 5: the Opportunities table and the Negotiation preparation of the full key account
 * plan (src/sheets/accountPlan/build.ts registers them in TABLES and SECTIONS; this module holds their
 * columns, lists and formulas, so the plan builder only places them).
 *
 * Opportunities (section 10; KAM-DOMAIN §11): one row per opportunity, 13 columns A..M —
 *
 *   A name · B offering (a drop-down of our offerings; another is typed after a warning) · C buying unit ·
 *   D value (plan currency) · E probability (0–1, shown as %) ·
 *   F weighted value (formula D×E) · G stage (list) · H buy class (list; Robinson, Faris & Wind 1967) ·
 *   I expected close (date) · J competitor · K decider's attitude (formula) · L next step · M next-step due
 *
 * An overdue next step (a due date before TODAY() while the stage is neither won nor lost) has no column
 * of its own (13 columns fill the page width): the next-step cells turn red by a conditional format, the
 * totals row counts them, and the task pane lists them (src/taskpane/reviewItems.ts).
 *
 * Below the table:
 *   total row     "Total (lost excluded; won at 100 %)": the value of every row not lost (D), the weighted
 *                 pipeline (F) = Σ weighted value of open rows + Σ value of won rows; the overdue count (M)
 *   goal row      "Revenue goal" (an input in B, the plan currency; the goals table has no revenue field,
 *                 so the KAM states the revenue goal the pipeline is measured against here) and the
 *                 weighted pipeline ÷ revenue goal as a percent (F); blank while the goal is not a positive
 *                 number.
 *
 * Negotiation preparation (section 11, Fisher & Ury 1981, "Getting to Yes"): text fields (our BATNA,
 * their BATNA, what we can give, what we want in return, notes) and the issues table (A issue · B our
 * target · C our walk-away · D their likely position · E their walk-away (estimate) · F unit · G zone of
 * agreement (formula) · H we give · I we get). As the seller our walk-away is the minimum we accept and
 * theirs the maximum they pay: a zone of agreement exists when theirs ≥ ours ("Zone 90–120"), else "No
 * zone"; blank while either walk-away is not a number (text in those cells gives "", not an error).
 */
import type { SheetLabelKey } from "../../i18n/sheets";
import { a1, absRange, columnLetter, str } from "../../plan/formula";

/** Stages of an opportunity (the sales funnel), in order; won and lost close it. */
export const OPP_STAGES = [
  "aplan.oppStage.identified",
  "aplan.oppStage.qualified",
  "aplan.oppStage.proposal",
  "aplan.oppStage.negotiation",
  "aplan.oppStage.won",
  "aplan.oppStage.lost",
] as const satisfies readonly SheetLabelKey[];

/** The buying situations (buy classes) of Robinson, Faris & Wind (1967). */
export const BUY_CLASSES = [
  "aplan.buyClass.newTask",
  "aplan.buyClass.modifiedRebuy",
  "aplan.buyClass.straightRebuy",
] as const satisfies readonly SheetLabelKey[];

/** Column indices of the opportunities table (0-based, column A = 0). */
export const OPP = {
  name: 0,
  offering: 1,
  unit: 2,
  value: 3,
  probability: 4,
  weighted: 5,
  stage: 6,
  buyClass: 7,
  close: 8,
  competitor: 9,
  attitude: 10,
  next: 11,
  nextDue: 12,
} as const;

/** Column indices of the negotiation issues table. */
export const NEG = {
  issue: 0,
  ourTarget: 1,
  ourWalkAway: 2,
  theirPosition: 3,
  theirWalkAway: 4,
  unit: 5,
  zone: 6,
  give: 7,
  get: 8,
} as const;

/** The text fields of the negotiation preparation, in order (FieldKey values of build.ts). */
export const NEG_FIELDS = ["ourBatna", "theirBatna", "weGive", "weGet", "negNotes"] as const;

type Labels = Record<SheetLabelKey, string>;

/** A table's rows: first and last 0-based row. */
export interface Rows {
  first: number;
  last: number;
}

/**
 * The weighted value of an opportunity row `r` (0-based): value × probability, blank unless both are numbers.
 */
export function weightedFormula(r: number): string {
  const [v, p] = [a1(r, OPP.value), a1(r, OPP.probability)];
  return `=IF(AND(ISNUMBER(${v}),ISNUMBER(${p})),${v}*${p},"")`;
}

/**
 * The decider's attitude on opportunity row `r`: the attitude of the first buying-center row whose role is
 * Decider (in the sheet language; its Role column first, then its Also role), blank when the row has no name, no row is a decider or the decider's
 * attitude is blank. Native INDEX/MATCH over the buying center's role and attitude columns.
 * @param bc the buying center's rows; @param roleCols its role columns (Role, Also role: the first match in
 *   column order wins); @param attitudeCol its attitude column.
 */
export function deciderAttitudeFormula(L: Labels, r: number, bc: Rows, roleCols: readonly number[], attitudeCol: number): string {
  const attitudes = absRange(bc.first, attitudeCol, bc.last, attitudeCol);
  // A decider in the first role column wins; else one whose other role (issue 14: several roles) is Decider.
  let found = `""`;
  for (const c of [...roleCols].reverse()) {
    const roles = absRange(bc.first, c, bc.last, c);
    found = `IFERROR(INDEX(${attitudes},MATCH(${str(L["aplan.role.decider"])},${roles},0))&"",${found})`;
  }
  return `=IF(${a1(r, OPP.name)}="","",${found})`;
}

/**
 * The zone of agreement on negotiation row `r`: "Zone <our walk-away>–<their walk-away>" when theirs ≥
 * ours, "No zone" when below, "" while either is not a number.
 */
export function zoneFormula(L: Labels, r: number): string {
  const [ours, theirs] = [a1(r, NEG.ourWalkAway), a1(r, NEG.theirWalkAway)];
  return (
    `=IF(OR(NOT(ISNUMBER(${ours})),NOT(ISNUMBER(${theirs}))),"",` +
    `IF(${theirs}>=${ours},${str(L["aplan.neg.zoneText"] + " ")}&${ours}&"–"&${theirs},${str(L["aplan.neg.noZone"])}))`
  );
}

/** The test of an overdue next step on row `r` (for the conditional format; `$` fixes the columns). */
export function nextStepOverdueTest(L: Labels, r: number): string {
  const c = (col: number): string => `$${columnLetter(col)}${r + 1}`;
  const due = c(OPP.nextDue);
  return (
    `AND(ISNUMBER(${due}),${due}<TODAY(),` +
    `${c(OPP.stage)}<>${str(L["aplan.oppStage.won"])},${c(OPP.stage)}<>${str(L["aplan.oppStage.lost"])})`
  );
}

/**
 * The totals under the opportunities table, as formulas (sheet-local A1, en-US):
 * - `value`: Σ value of the rows whose stage is not Lost;
 * - `weighted`: Σ weighted value of the rows not Lost and not Won + Σ value of the Won rows;
 * - `overdue`: the count of next-step due dates before TODAY() on rows neither won nor lost;
 * - `ofGoal(goalCell)`: weighted ÷ the revenue goal, blank unless the goal is a positive number.
 */
export function oppTotals(L: Labels, t: Rows): { value: string; weighted: string; overdue: string; ofGoal: (goal: string, weighted: string) => string } {
  const col = (c: number): string => absRange(t.first, c, t.last, c);
  const stage = col(OPP.stage);
  const [won, lost] = [str(L["aplan.oppStage.won"]), str(L["aplan.oppStage.lost"])];
  return {
    value: `=SUMIFS(${col(OPP.value)},${stage},"<>"&${lost})`,
    weighted:
      `=SUMIFS(${col(OPP.weighted)},${stage},"<>"&${lost},${stage},"<>"&${won})` + `+SUMIFS(${col(OPP.value)},${stage},${won})`,
    overdue: `=COUNTIFS(${col(OPP.nextDue)},"<"&TODAY(),${stage},"<>"&${won},${stage},"<>"&${lost})`,
    ofGoal: (goal, weighted) => `=IF(AND(ISNUMBER(${goal}),N(${goal})>0),${weighted}/${goal},"")`,
  };
}
