/**
 * The "ABC" sheet: the ranked customer table, a per-class summary with native formulas, and a Pareto
 * chart (KAM-DOMAIN §2). Pure: builds a `SheetSpec`, knows nothing of Excel or files.
 *
 * Layout (0-based columns; A1 notation in brackets). The summary has rows of its own above the table, so
 * filtering or sorting the table never hides or moves it, and the header row repeated on printed pages is
 * the table's alone (issue 11; until then the summary sat at H1, beside the table's first rows):
 *
 *   [B1] summary:      Class | Customers | Value | Share of positive total
 *        rows A, B, C, D, Total; counts and values are COUNTIF/SUMIF over the table, so they follow
 *        any edit of the table and recalculate in every spreadsheet app (DESIGN §2 rule 7);
 *   [B7] positive total T⁺ = SUMIF(tblABC[Value], ">0"), the denominator of every share;
 *   [B9] settings used (value column, method, thresholds) and what D means;
 *   [A14] table tblABC: Rank | Customer | (Name) | Value | Share | Cumulative share | Class   (one row per customer;
 *        the Name column only with names, issue 11)
 *   [H1] Pareto chart: value as columns, cumulative share as a line on a secondary 0–100 % axis, the A and
 *        B limits as dashed lines; no customer names on the axis beyond ABC_CHART_MAX_LABELS customers;
 *   [T14:U…] the limit lines' data (the two series names on the table's header row, then the two thresholds
 *        once per customer, beside each customer's row), right of the chart and outside the print area.
 *
 * A workbook with the old layout is refreshed into this one: the summary is keyed by its labels and class
 * letters (src/sheets/keys.ts, the "side" block then, rows above the header now), so what a person typed
 * beside it follows it.
 *
 * Share and cumulative share in the table are numbers computed by `abcTable` (fractions of T⁺ shown
 * with "0.0%"); classes come from `classifyAbc`, whose exact boundary rule a formula cannot reproduce.
 */
import type { AbcMethod, AbcSummary } from "../../core/abc";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import { a1, columnLetter } from "../kit/address";
import { printSetup } from "../kit/print";
import { COUNT, CurrencyCode, PERCENT, TEXT, amountFormat } from "../kit/formats";
import type { Block, ChartSpec, ConditionalFormatSpec, SheetSpec, TableSpec } from "../../plan/spec";

export type AbcLanguage = SheetLanguage;

/** Labels of the ABC sheet: the "abc.*" keys of the sheet label tables in `src/i18n/sheets.ts`. */
export type AbcLabelKey = SheetLabelKey;
export const ABC_LABELS: Record<AbcLanguage, Record<AbcLabelKey, string>> = SHEET_LABELS;

export interface AbcSheetOptions {
  language: AbcLanguage;
  /** What the values are, as the user named them (usually the value column's header, e.g. "Sales"). */
  valueLabel: string;
  /** The thresholds used, as fractions (e.g. [0.8, 0.95]). */
  thresholds: readonly [number, number];
  method: AbcMethod;
  /**
   * Customer names beside the IDs (issue 11), by customer key. With at least one name the table gets a
   * Name column right of Customer (the summary above the table does not move); without,
   * the sheet is exactly as before.
   */
  names?: ReadonlyMap<string, string>;
  /** ISO 4217 code of the values (src/sheets/kit/formats.ts); undefined: no currency. */
  currency?: CurrencyCode;
}

export const ABC_SHEET_ID = "kam.abc";
export const ABC_TABLE_NAME = "tblABC";

/** Where the summary sits; exported so tests and other plans can point at the figures. */
export const ABC_SUMMARY = {
  /** 0-based column of the summary's "Class" column (B). */
  col: 1,
  /** 0-based row of the summary header. */
  row: 0,
  /** Classes in summary order; the Total row follows them. */
  classes: ["A", "B", "C", "D"] as const,
  /** 0-based row of the positive-total cell (its value is in column col + 2). */
  positiveTotalRow: 6,
  /** 0-based row of the first settings line (value column, method, thresholds, what D means). */
  settingsRow: 8,
} as const;

/** First of the two helper columns (T:U) holding the Pareto chart's limit lines, right of the chart (H:O). */
export const ABC_CHART_HELPER_COL = 19;
/** Most customers whose names label the Pareto's category axis; beyond, the axis has no labels. */
export const ABC_CHART_MAX_LABELS = 40;
/** 0-based row of tblABC's header, below the summary and the settings (a blank row between). */
export const ABC_TABLE_ROW = ABC_SUMMARY.settingsRow + 5;

/**
 * The "ABC" sheet for an ABC summary.
 * @param summary from `abcTable` (rows sorted by rank; shares are fractions of T⁺).
 * @param opts    language of the labels, the value's name, the thresholds (fractions) and the method.
 * @returns a SheetSpec named "ABC" with id "kam.abc": table tblABC, summary formulas, Pareto chart,
 *          class colouring, header row frozen, column widths.
 */
export function buildAbcSheet(summary: AbcSummary, opts: AbcSheetOptions): SheetSpec {
  const L = ABC_LABELS[opts.language];
  const n = summary.rows.length;
  const names = opts.names && [...opts.names.values()].some((x) => x !== "") ? opts.names : undefined;
  // Columns right of Customer move one to the right when the Name column is there.
  const shift = names ? 1 : 0;
  // The count method ranks by customers, but the values are still amounts of the value column.
  const amount = amountFormat(opts.currency);

  const headers = [
    L["abc.col.rank"],
    L["abc.col.customer"],
    ...(names ? [L["abc.col.name"]] : []),
    L["abc.col.value"],
    L["abc.col.share"],
    L["abc.col.cumulativeShare"],
    L["abc.col.class"],
  ];
  const table: TableSpec = {
    name: ABC_TABLE_NAME,
    row: ABC_TABLE_ROW,
    col: 0,
    headers,
    rows: summary.rows.map((r) => [
      r.rank,
      r.customer,
      ...(names ? [names.get(r.customer) ?? ""] : []),
      r.value,
      r.share,
      r.cumulativeShare,
      r.class,
    ]),
    numberFormats: [COUNT, TEXT, ...(names ? [TEXT] : []), amount, PERCENT, PERCENT, TEXT],
    style: "TableStyleMedium2",
    // Headers over numbers stand right, like the numbers.
    headerAlign: ["right", undefined, ...(names ? [undefined] : []), "right", "right", "right", undefined],
  };
  const ref = (header: string): string => structuredRef(ABC_TABLE_NAME, header);
  const classRef = ref(L["abc.col.class"]);
  const valueRef = ref(L["abc.col.value"]);

  // Summary block at B1: header, one row per class, Total; then T⁺ on the next row.
  const c0 = ABC_SUMMARY.col;
  const valueCol = c0 + 2;
  const tPlus = absolute(ABC_SUMMARY.positiveTotalRow, valueCol);
  const shareOf = (r: number): string => `=IF(${tPlus}>0,${a1(r, valueCol)}/${tPlus},0)`;
  const values: (string | number | null)[][] = [];
  const formulas: (string | undefined)[][] = [];
  ABC_SUMMARY.classes.forEach((cls, i) => {
    const r = ABC_SUMMARY.row + 1 + i;
    values.push([cls, null, null, null]);
    formulas.push([
      undefined,
      `=COUNTIF(${classRef},"${cls}")`,
      `=SUMIF(${classRef},"${cls}",${valueRef})`,
      shareOf(r),
    ]);
  });
  const totalRow = ABC_SUMMARY.row + 1 + ABC_SUMMARY.classes.length;
  values.push([L["abc.summary.total"], null, null, null]);
  formulas.push([undefined, `=ROWS(${classRef})`, `=SUM(${valueRef})`, shareOf(totalRow)]);

  const summaryHeader: Block = {
    row: ABC_SUMMARY.row,
    col: c0,
    values: [[L["abc.summary.class"], L["abc.summary.count"], L["abc.summary.value"], L["abc.summary.share"]]],
    bold: true,
    // Wrapped: "Share of positive total" is wider than its column, and right-aligned text cannot spill left.
    wrap: true,
    align: [undefined, "right", "right", "right"],
    owner: "generated",
  };
  const summaryBody: Block = {
    row: ABC_SUMMARY.row + 1,
    col: c0,
    values,
    formulas,
    numberFormats: [TEXT, COUNT, amount, PERCENT],
    owner: "generated",
  };
  const positiveTotal: Block = {
    row: ABC_SUMMARY.positiveTotalRow,
    col: c0,
    values: [[L["abc.summary.positiveTotal"], null, null]],
    formulas: [[undefined, undefined, `=SUMIF(${valueRef},">0")`]],
    numberFormats: [TEXT, undefined, amount],
    bold: true,
    owner: "generated",
  };
  const [t1, t2] = opts.thresholds;
  const settings: Block = {
    row: ABC_SUMMARY.settingsRow,
    col: c0,
    values: [
      [L["abc.settings.valueColumn"], opts.valueLabel],
      [L["abc.settings.method"], L[opts.method === "count" ? "abc.method.count" : "abc.method.value"]],
      [L["abc.settings.thresholds"], `${percent(t1)} / ${percent(t2)}`],
      [L["abc.settings.dMeaning"], null],
    ],
    numberFormats: ["@", "@"],
    owner: "generated",
  };

  const charts: ChartSpec[] = [];
  const helpers: Block[] = [];
  if (n > 0) {
    const first = ABC_TABLE_ROW + 1;
    const last = ABC_TABLE_ROW + n;
    const categories = a1(first, 1, last, 1);
    const limit = (key: "abc.chart.limitA" | "abc.chart.limitB", t: number): string => L[key].replace("{percent}", percent(t));
    // The A and B limits as two dashed lines on the 0–100 % axis: one value per customer (a line series has
    // a point per category), constants, in the helper columns right of the chart (outside the print area).
    helpers.push({
      row: ABC_TABLE_ROW,
      col: ABC_CHART_HELPER_COL,
      values: [[limit("abc.chart.limitA", t1), limit("abc.chart.limitB", t2)], ...Array.from({ length: n }, () => [t1, t2])],
      numberFormats: ["0%", "0%"],
      italic: true,
      owner: "generated",
    });
    const many = n > ABC_CHART_MAX_LABELS;
    charts.push({
      title: L["abc.chart.title"].replace("{value}", opts.valueLabel),
      row: 0,
      col: 7,
      widthCols: 8,
      heightRows: 20,
      series: [
        { name: L["abc.col.value"], values: a1(first, 2 + shift, last, 2 + shift), type: "column", categories, color: "#4472C4" },
        { name: L["abc.col.cumulativeShare"], values: a1(first, 4 + shift, last, 4 + shift), type: "line", secondaryAxis: true, categories, color: "#ED7D31" },
        { name: limit("abc.chart.limitA", t1), values: a1(first, ABC_CHART_HELPER_COL, last, ABC_CHART_HELPER_COL), type: "line", secondaryAxis: true, categories, color: "#548235", dashed: true },
        { name: limit("abc.chart.limitB", t2), values: a1(first, ABC_CHART_HELPER_COL + 1, last, ABC_CHART_HELPER_COL + 1), type: "line", secondaryAxis: true, categories, color: "#BF9000", dashed: true },
      ],
      secondaryAxisPercent: true,
      // Thousands of customer names under the columns are a smear: beyond a few dozen the axis shows none.
      xAxis: many ? { labels: false, title: L["abc.col.rank"] } : undefined,
    });
  }

  // Class colours on the Class column: green A, yellow B, grey C, red D (colour-blind safe enough
  // together with the letter itself, which stays visible).
  const classCol = 5 + shift;
  const classRange = a1(ABC_TABLE_ROW + 1, classCol, ABC_TABLE_ROW + Math.max(n, 1), classCol);
  const fills: Record<string, { fill: string; fontColor?: string }> = {
    A: { fill: "#C6EFCE", fontColor: "#006100" },
    B: { fill: "#FFEB9C", fontColor: "#9C5700" },
    C: { fill: "#EDEDED" },
    D: { fill: "#FFC7CE", fontColor: "#9C0006" },
  };
  const conditionalFormats: ConditionalFormatSpec[] = ABC_SUMMARY.classes.map((cls) => ({
    range: classRange,
    formula: `=$${columnLetter(classCol)}${ABC_TABLE_ROW + 2}="${cls}"`,
    ...fills[cls],
  }));

  // Column B holds the customers and the summary's labels; D and E hold shares and the summary's values.
  const longest = summary.rows.reduce((m, r) => Math.max(m, r.customer.length), headers[1].length);
  const labelWidth = Math.max(L["abc.summary.total"].length, L["abc.summary.positiveTotal"].length, L["abc.settings.valueColumn"].length);
  const longestName = names ? [...names.values()].reduce((m, x) => Math.max(m, x.length), L["abc.col.name"].length) : 0;
  // Widths of the columns right of Customer, in order (the Name column's first when there is one).
  // Amounts with a currency ("USD 2,297,200.86", bold in the positive total) need 18 characters.
  const rest = [...(names ? [Math.min(longestName + 2, 40)] : []), 18, 18, 17, 8];
  return {
    name: L["abc.sheet"],
    id: ABC_SHEET_ID,
    blocks: [summaryHeader, summaryBody, positiveTotal, settings, ...helpers],
    tables: [table],
    charts,
    validations: [],
    conditionalFormats,
    columnWidths: {
      0: 7,
      1: Math.min(Math.max(longest + 2, labelWidth + 2, 14), 48),
      ...Object.fromEntries(rest.map((w, i) => [i + 2, w])),
    },
    // The summary's header wraps ("Share of positive total"): two lines.
    rowHeights: { 0: 30 },
    freeze: { rows: ABC_TABLE_ROW + 1, cols: 0 },
    // Portrait, one page wide, the table's header on every page; the chart right of it is not printed.
    print: printSetup({
      language: opts.language,
      title: L["abc.chart.title"].replace("{value}", opts.valueLabel),
      orientation: "portrait",
      lastRow: ABC_TABLE_ROW + Math.max(n, 1),
      lastCol: 5 + shift,
      repeatRows: [ABC_TABLE_ROW, ABC_TABLE_ROW],
    }),
  };
}

/**
 * A structured reference to a whole table column, `tblABC[Class]`. Inside brackets Excel escapes
 * `[`, `]`, `#` and `'` with a leading apostrophe.
 */
export function structuredRef(table: string, column: string): string {
  return `${table}[${column.replace(/['#[\]]/g, "'$&")}]`;
}

function absolute(row: number, col: number): string {
  return `$${columnLetter(col)}$${row + 1}`;
}

/** 0.8 → "80 %", 0.955 → "95.5 %" (en-US digits; the label is text, not a number). */
function percent(t: number): string {
  return `${Number((t * 100).toPrecision(12))} %`;
}
