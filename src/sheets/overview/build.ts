/**
 * The "Overview" sheet: one row per key account plan, so a manager sees at a glance where plans are
 * stale (KAM-DOMAIN §8: overdue actions, goals without actions, contacts not reached). Pure: builds a
 * SheetSpec whose figures are native formulas over the plan sheets (COUNTA, COUNTIFS, SUMPRODUCT, MAX),
 * so they follow every edit of a plan and work without the add-in (DESIGN §2 rule 7).
 *
 * Layout: row 0 title, row 1 how to read it, row 3 the header, rows 4… one per plan (active plans first in
 * the order of the plan sheets, inactive ones marked), then a Total row. Right of the table (N1) a chart
 * of the actions per plan as stacked bars (overdue, open on time, done); its helper column "open, on
 * time" (= open − overdue) sits right of the chart, outside the print area.
 *
 * Definitions (documented here and in the README):
 * - Goals: goal rows with a goal text. Goals without actions: those whose goal ID is blank or appears in no
 *   action's Goal ID.
 * - Actions: action rows with an activity. Open: status neither Done nor Cancelled (blank counts as open);
 *   Overdue: open with a due date before TODAY(); % complete = done ÷ (actions − cancelled).
 * - Contacts not reached: buying-center people with no last-contact date or one more than 90 days ago.
 * - Last change: the latest of the last review, the done dates and the last-contact dates.
 *
 * Movement since the previous period (issue 13), right of Last change: the period compared with, ABC class
 * and quadrant changes ("B → A", "unchanged"), revenue and profit change, absolute and % (of the previous
 * figure's size, so a smaller loss is a positive change). VALUES from the History sheet, written by the
 * refresh (src/sheets/history): the History is the user's list, sorted and annotated at will, so formulas
 * pointing at its cells would follow the sort, not the account. Blank for an account without an earlier
 * period, and for inactive plans.
 * - Health, band, completeness, review due (issue 13): the plan's own health block (src/core/health.ts
 *   states the rules; src/sheets/accountPlan/health.ts writes them as formulas on the plan).
 *
 * Below the Total row, after a blank row, the account-health settings (weights, bands, review cadence):
 * input cells the plans' health formulas read (src/sheets/overview/healthSettings.ts).
 */
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import type { AccountPlanRefs } from "../accountPlan/build";
import { a1, columnLetter, onSheet, range, str } from "../../plan/formula";
import type { Block, CellValue, ChartSpec, ConditionalFormatSpec, SheetSpec } from "../../plan/spec";
import { printSetup } from "../kit/print";
import { sheetRef } from "../kit/address";
import { CurrencyCode, TEXT, amountFormat } from "../kit/formats";
import { PreservedHealthSettings, healthSettingsBlock } from "./healthSettings";

export const OVERVIEW_SHEET_ID = "kam.overview";
export const OVERVIEW_SHEET_NAME = "Overview";

export const OVERVIEW_ROWS = { title: 0, intro: 1, header: 3, firstData: 4 } as const;
/** Columns of the Overview without names. */
export const OVERVIEW_COLS = overviewCols(false);

/** Columns of the Overview; with names (issue 11) a Name column right of Customer moves the others right. */
export function overviewCols(withNames: boolean) {
  const k = withNames ? 1 : 0;
  return {
    customer: 0,
    name: withNames ? 1 : -1,
    sheet: 1 + k,
    status: 2 + k,
    quadrant: 3 + k,
    goals: 4 + k,
    open: 5 + k,
    overdue: 6 + k,
    done: 7 + k,
    complete: 8 + k,
    goalsWithoutActions: 9 + k,
    notReached: 10 + k,
    lastChange: 11 + k,
    health: 12 + k,
    band: 13 + k,
    completeness: 14 + k,
    reviewDue: 15 + k,
    previousPeriod: 16 + k,
    classChange: 17 + k,
    quadrantChange: 18 + k,
    revenueChange: 19 + k,
    revenueChangePct: 20 + k,
    profitChange: 21 + k,
    profitChangePct: 22 + k,
  } as const;
}

/** The action-status chart right of the table (N1), its helper column "open, on time" right of the chart. */
const CHART = { row: 0, col: OVERVIEW_COLS.profitChangePct + 2, widthCols: 8 } as const;
const ON_TIME_COL = CHART.col + CHART.widthCols + 1;

export interface OverviewPlan {
  customer: string;
  /** The plan sheet's name. */
  sheet: string;
  active: boolean;
  refs: AccountPlanRefs;
  /** The customer's name (issue 11); "" or absent for none. */
  customerName?: string;
  /** Movement since the previous period in the History (issue 13); absent: blank cells. */
  movement?: OverviewMovement;
}

/** What changed since the previous period on the History sheet (src/sheets/history/movement.ts). */
export interface OverviewMovement {
  previousPeriod: string;
  classChange: string;
  quadrantChange: string;
  revenueChange: number | null;
  revenueChangePct: number | null;
  profitChange: number | null;
  profitChangePct: number | null;
}

const MOVEMENT_KEYS = [
  "previousPeriod",
  "classChange",
  "quadrantChange",
  "revenueChange",
  "revenueChangePct",
  "profitChange",
  "profitChangePct",
] as const;

/** The 0-based top row of the health settings block of an Overview with `plans` plans (two rows below Total). */
export function overviewHealthTop(plans: number): number {
  return OVERVIEW_ROWS.firstData + plans + 2;
}

/**
 * The Overview sheet.
 * @param plans    one per plan sheet, in sheet order; `movement` from the History sheet.
 * @param health   what a person entered in the health settings block of the old Overview (readHealthSettings).
 * @param currency ISO 4217 code of the revenue and profit changes; undefined: none.
 */
export function buildOverviewSheet(
  plans: readonly OverviewPlan[],
  language: SheetLanguage,
  name?: string,
  health?: PreservedHealthSettings,
  currency?: CurrencyCode,
): SheetSpec {
  const L = SHEET_LABELS[language];
  const R = OVERVIEW_ROWS;
  const withNames = plans.some((p) => !!p.customerName);
  const C = overviewCols(withNames);
  const done = str(L["aplan.status.done"]);
  const cancelled = str(L["aplan.status.cancelled"]);
  const header: CellValue[] = [
    L["overview.col.customer"],
    ...(withNames ? [L["overview.col.name"]] : []),
    L["overview.col.sheet"],
    L["overview.col.status"],
    L["overview.col.quadrant"],
    L["overview.col.goals"],
    L["overview.col.open"],
    L["overview.col.overdue"],
    L["overview.col.done"],
    L["overview.col.complete"],
    L["overview.col.goalsWithoutActions"],
    L["overview.col.notReached"],
    L["overview.col.lastChange"],
    L["overview.col.health"],
    L["overview.col.band"],
    L["overview.col.completeness"],
    L["overview.col.reviewDue"],
    ...MOVEMENT_KEYS.map((k) => L[`overview.col.${k}`]),
  ];
  const blocks: Block[] = [
    { row: R.title, col: 0, values: [[L["overview.title"]]], bold: true, owner: "generated" },
    { row: R.intro, col: 0, values: [[L["overview.intro"]]], italic: true, owner: "generated" },
    {
      row: R.header,
      col: 0,
      values: [header],
      bold: true,
      wrap: true,
      fill: "#D9E1F2",
      owner: "generated",
      // Headers over counts, percentages and dates stand right, like the figures under them.
      align: header.map((_, c) => (c >= C.goals && (c < C.previousPeriod || c >= C.revenueChange) ? "right" : undefined)),
    },
  ];
  const n = plans.length;
  if (n > 0) {
    blocks.push({
      row: R.firstData,
      col: 0,
      values: plans.map((p) => [
        p.customer,
        ...(withNames ? [p.customerName ?? ""] : []),
        null,
        p.active ? L["overview.status.active"] : L["overview.status.inactive"],
      ]),
      formulas: plans.map((p) => [
        undefined,
        ...(withNames ? [undefined] : []),
        `=HYPERLINK(${str(`#${sheetRef(p.sheet)}!A1`)},${str(p.sheet)})`,
        undefined,
      ]),
      numberFormats: ["@", ...(withNames ? ["@"] : []), "@", "@"],
      owner: "generated",
    });
    blocks.push({
      row: R.firstData,
      col: C.quadrant,
      values: plans.map(() => new Array<CellValue>(C.reviewDue - C.quadrant + 1).fill(null)),
      formulas: plans.map((p, i) => {
        const r = R.firstData + i;
        const ref = (x: string): string => onSheet(p.sheet, x);
        const f = p.refs;
        const acts = `${ref(f.activities)},"<>"`;
        const notCancelled = `COUNTIFS(${acts},${ref(f.statuses)},"<>"&${cancelled})`;
        const quadrant = ref(f.quadrant);
        const last = `MAX(${ref(f.reviewed)},${ref(f.doneDates)},${ref(f.lastContacts)})`;
        return [
          `=IF(${quadrant}="","",${quadrant})`,
          `=COUNTA(${ref(f.goalTexts)})`,
          `=COUNTIFS(${acts},${ref(f.statuses)},"<>"&${done},${ref(f.statuses)},"<>"&${cancelled})`,
          `=COUNTIFS(${acts},${ref(f.statuses)},"<>"&${done},${ref(f.statuses)},"<>"&${cancelled},${ref(f.dues)},"<"&TODAY())`,
          `=COUNTIFS(${acts},${ref(f.statuses)},${done})`,
          `=IF(${notCancelled}=0,"",${a1(r, C.done)}/${notCancelled})`,
          `=SUMPRODUCT((${ref(f.goalTexts)}<>"")*(((${ref(f.goalIds)}="")+(COUNTIF(${ref(f.actionGoals)},${ref(f.goalIds)})=0))>0))`,
          `=SUMPRODUCT((${ref(f.contactFlags)}=${str(L["aplan.bc.notReached"])})+(${ref(f.contactFlags)}=${str(L["aplan.bc.noContact"])}))`,
          `=IF(${last}=0,"",${last})`,
          `=IF(${ref(f.health.score)}="","",${ref(f.health.score)})`,
          `=IF(${ref(f.health.band)}="","",${ref(f.health.band)})`,
          `=${ref(f.health.completeness)}`,
          `=${ref(f.health.reviewDue)}`,
        ];
      }),
      numberFormats: ["@", "0", "0", "0", "0", "0%", "0", "0", "yyyy-mm-dd", "0", "@", "0%", "@"],
      owner: "generated",
    });
  }
  if (n > 0) {
    blocks.push({
      row: R.firstData,
      col: C.previousPeriod,
      values: plans.map((p) => MOVEMENT_KEYS.map((k) => p.movement?.[k] ?? null)),
      numberFormats: [TEXT, TEXT, TEXT, amountFormat(currency), "0.0%", amountFormat(currency), "0.0%"],
      owner: "generated",
    });
  }
  const total = R.firstData + n;
  const sumCols = [C.goals, C.open, C.overdue, C.done, C.goalsWithoutActions, C.notReached];
  const totalRow: (string | undefined)[] = Array.from({ length: C.profitChangePct + 1 }, () => undefined);
  for (const c of sumCols) totalRow[c] = n > 0 ? `=SUM(${range(R.firstData, c, total - 1, c)})` : undefined;
  blocks.push({
    row: total,
    col: 0,
    values: [[L["overview.total"], ...new Array<CellValue>(C.profitChangePct).fill(null)]],
    formulas: n > 0 ? [totalRow] : undefined,
    bold: true,
    fill: "#EDF2F9",
    owner: "generated",
  });

  const charts: ChartSpec[] = [];
  if (n > 0) {
    // Open actions include the overdue ones: the bars stack overdue + open on time + done, so the helper
    // column holds open − overdue for each plan.
    const last = total - 1;
    blocks.push({ row: R.header, col: ON_TIME_COL, values: [[L["overview.chart.onTime"]]], italic: true, owner: "generated" });
    blocks.push({
      row: R.firstData,
      col: ON_TIME_COL,
      values: plans.map(() => [null]),
      formulas: plans.map((_, i) => [`=${a1(R.firstData + i, C.open)}-${a1(R.firstData + i, C.overdue)}`]),
      numberFormats: ["0"],
      italic: true,
      owner: "generated",
    });
    const categories = range(R.firstData, C.customer, last, C.customer);
    const col = (c: number): string => range(R.firstData, c, last, c);
    charts.push({
      title: L["overview.chart.title"],
      ...CHART,
      heightRows: Math.max(18, Math.min(n + 8, 60)),
      series: [
        { name: L["overview.col.overdue"], values: col(C.overdue), type: "barStacked", categories, color: "#C00000" },
        { name: L["overview.chart.onTime"], values: col(ON_TIME_COL), type: "barStacked", categories, color: "#FFC000" },
        { name: L["overview.col.done"], values: col(C.done), type: "barStacked", categories, color: "#70AD47" },
      ],
      yAxis: { min: 0, numberFormat: "0" },
    });
  }

  const conditionalFormats: ConditionalFormatSpec[] = [];
  const settings = healthSettingsBlock(overviewHealthTop(n), language, health);
  blocks.push(...settings.blocks);
  if (n > 0) {
    const last = total - 1;
    const col = (c: number): string => `$${columnLetter(c)}${R.firstData + 1}`;
    conditionalFormats.push(
      { range: range(R.firstData, C.overdue, last, C.overdue), formula: `=${col(C.overdue)}>0`, fill: "#FFC7CE", fontColor: "#9C0006" },
      {
        range: range(R.firstData, C.goalsWithoutActions, last, C.goalsWithoutActions),
        formula: `=${col(C.goalsWithoutActions)}>0`,
        fill: "#FFEB9C",
        fontColor: "#9C5700",
      },
      {
        range: range(R.firstData, C.notReached, last, C.notReached),
        formula: `=${col(C.notReached)}>0`,
        fill: "#FFEB9C",
        fontColor: "#9C5700",
      },
      ...[C.revenueChange, C.profitChange].map((c) => ({
        range: range(R.firstData, c, last, c + 1),
        formula: `=AND(ISNUMBER(${col(c)}),${col(c)}<0)`,
        fill: "#FFC7CE",
        fontColor: "#9C0006",
      })),
      {
        range: range(R.firstData, C.customer, last, C.status),
        formula: `=${col(C.status)}=${str(L["overview.status.inactive"])}`,
        fill: "#EDEDED",
        fontColor: "#7F7F7F",
      },
      ...(
        [
          ["aplan.rag.green", "#C6EFCE", "#006100"],
          ["aplan.rag.amber", "#FFEB9C", "#9C5700"],
          ["aplan.rag.red", "#FFC7CE", "#9C0006"],
        ] as const
      ).map(([k, fill, fontColor]) => ({
        range: range(R.firstData, C.health, last, C.band),
        formula: `=${col(C.band)}=${str(L[k])}`,
        fill,
        fontColor,
      })),
      {
        range: range(R.firstData, C.reviewDue, last, C.reviewDue),
        formula: `=${col(C.reviewDue)}=${str(L["plan.yes"])}`,
        fill: "#FFC7CE",
        fontColor: "#9C0006",
      },
    );
  }
  const longest = plans.reduce((m, p) => Math.max(m, p.customer.length), L["overview.total"].length);
  const longestSheet = plans.reduce((m, p) => Math.max(m, p.sheet.length), 10);
  return {
    name: name ?? OVERVIEW_SHEET_NAME,
    id: OVERVIEW_SHEET_ID,
    blocks,
    tables: [],
    charts,
    validations: settings.validations,
    conditionalFormats,
    columnWidths: {
      // At least 20: the health settings' labels stand in column A below the table.
      0: Math.min(Math.max(longest + 2, 20), 40),
      ...(withNames ? { [C.name]: Math.min(plans.reduce((m, p) => Math.max(m, (p.customerName ?? "").length), 6) + 2, 40) } : {}),
      [C.sheet]: Math.min(longestSheet + 2, 33),
      [C.status]: 11,
      [C.quadrant]: 12,
      [C.goals]: 8,
      [C.open]: 10,
      [C.overdue]: 10,
      [C.done]: 8,
      [C.complete]: 10,
      [C.goalsWithoutActions]: 11,
      [C.notReached]: 13,
      [C.lastChange]: 12,
      [C.previousPeriod]: 11,
      [C.classChange]: 11,
      [C.quadrantChange]: 22,
      [C.revenueChange]: 15,
      [C.revenueChangePct]: 11,
      [C.profitChange]: 14,
      [C.profitChangePct]: 11,
      [C.health]: 9,
      [C.band]: 9,
      [C.completeness]: 14,
      [C.reviewDue]: 11,
    },
    rowHeights: { [R.header]: 45 },
    freeze: { rows: R.header + 1, cols: 1 },
    print: printSetup({
      language,
      title: L["overview.title"],
      orientation: "landscape",
      lastRow: total,
      lastCol: C.profitChangePct,
      repeatRows: [R.header, R.header],
    }),
  };
}
