/**
 * The "Profitability" sheet: finance's view of the customers (KAM-DOMAIN §4, the "accounting analysis").
 * Pure: builds a SheetSpec.
 *
 * Customers are listed by profit, descending (loss-makers last), one row each:
 *
 *   Rank | Customer | Revenue | Profit | [Net revenue | CM1 … CM4 | Cost to serve] | Margin % |
 *   ABC class (revenue) | Cumulative profit | Cumulative share of profit | Share of customers |
 *   [Net price realised | Cost to serve, share of net revenue | Shapiro type] | Flag
 *
 * Figures (revenue, profit, ladder) are values summed per customer; everything derived is a native
 * formula: margin = profit / revenue ("" for no revenue), rank = RANK over profit, the running profit
 * and its share of the total profit (the whale curve: rises above 100 % over the profitable customers
 * and falls back to 100 % through the loss-makers; Kaplan & Cooper 1998), and the flag on customers that
 * are A by revenue but lose money. A summary above the table (labels in A, figures in D) totals revenue
 * and profit, gives the curve's peak and counts loss-makers and flagged A customers; a scatter chart with
 * lines draws the curve (x the cumulative share of customers, y the cumulative share of profit) and the
 * 100 % line, whose two points sit in a small helper block right of the chart.
 *
 * Profit: the mapped profit column; without one, the lowest mapped contribution margin (CM4, else CM3 …),
 * as that is the figure closest to profit. With neither, the sheet explains that profitability needs
 * one and lists revenue only.
 *
 * Shapiro, Rangan, Moriarty & Ross (1987) type, when net revenue and cost-to-serve are mapped (our
 * operationalisation): net price realised = net revenue / revenue (gross), cost to serve as a share of
 * net revenue; each cut at its median over the customers (a value on the median counts as high, as in
 * `shapiro` of src/core/profitability.ts). High price/low cost Passive, high/high Carriage trade,
 * low/low Bargain basement, low price/high cost Aggressive.
 */
import type { AbcClass } from "../../core/abc";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import { a1, abs, absRange, columnLetter, range, str } from "../../plan/formula";
import { LADDER_KEYS, LadderKey } from "../../plan/planInput";
import { printSetup } from "../kit/print";
import { COUNT, CurrencyCode, PERCENT, TEXT, amountFormat } from "../kit/formats";
import type { Block, CellValue, ChartSpec, ConditionalFormatSpec, SheetSpec } from "../../plan/spec";

export const PROFITABILITY_SHEET_ID = "kam.profitability";
export const PROFITABILITY_SHEET_NAME = "Profitability";
/** Size of the whale-curve chart (cells); it sits one column right of the table, its 100 % line's data right of it. */
const WHALE_CHART = { widthCols: 9, heightRows: 22 } as const;
/** Column of the summary figures (D); their labels are in A. */
const SUMMARY_VALUE_COL = 3;

export interface ProfitabilityInput {
  customers: readonly string[];
  revenue: readonly number[];
  /** Revenue ABC class per customer. */
  classes: readonly AbcClass[];
  profit?: readonly number[];
  ladder?: Partial<Record<LadderKey, readonly number[]>>;
  /** Customer names beside the IDs (issue 11), aligned with `customers`; a Name column when any is non-blank. */
  names?: readonly string[];
}

export interface ProfitabilityOptions {
  language: SheetLanguage;
  /** What was mapped, shown as text, e.g. "Revenue: Sales · Profit: Profit". */
  columnsUsed: string;
  /** ISO 4217 code of the amounts (src/sheets/kit/formats.ts); undefined: no currency. */
  currency?: CurrencyCode;
}

interface Column {
  key: string;
  header: string;
  width: number;
  format?: string;
  /** Value for the customer at input index i. */
  value?: (i: number) => CellValue;
  /** Formula for sheet row r (0-based) holding input index i. */
  formula?: (r: number) => string;
}

const LADDER_LABEL: Record<LadderKey, SheetLabelKey> = {
  netRevenue: "profit.col.netRevenue",
  cm1: "profit.col.cm1",
  cm2: "profit.col.cm2",
  cm3: "profit.col.cm3",
  cm4: "profit.col.cm4",
  costToServe: "profit.col.costToServe",
};

/** The profit figure the sheet uses: the profit column, else the lowest mapped CM (CM4 first). */
export function effectiveProfit(input: Pick<ProfitabilityInput, "profit" | "ladder">): readonly number[] | undefined {
  return input.profit ?? input.ladder?.cm4 ?? input.ladder?.cm3 ?? input.ladder?.cm2 ?? input.ladder?.cm1;
}

/**
 * The "Profitability" sheet.
 * @param input per-customer figures (currency units), all arrays aligned with `customers`.
 * @returns a SheetSpec named "Profitability" (id "kam.profitability"), every cell generated.
 */
export function buildProfitabilitySheet(input: ProfitabilityInput, opts: ProfitabilityOptions): SheetSpec {
  const L = SHEET_LABELS[opts.language];
  const n = input.customers.length;
  const amount = amountFormat(opts.currency);
  const profit = effectiveProfit(input);
  const ladder = LADDER_KEYS.filter((k) => input.ladder?.[k]);
  const shapiro = !!(profit && input.ladder?.netRevenue && input.ladder?.costToServe);

  // Order: by profit descending (by revenue without profit), ties in input order.
  const key = profit ?? input.revenue;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => key[j] - key[i] || i - j);

  // Summary rows first, so the header row is known before the column formulas are written.
  const summaryKeys: SheetLabelKey[] = profit
    ? ["profit.totalRevenue", "profit.totalProfit", "profit.peak", "profit.lossMakers", "profit.flagged"]
    : ["profit.totalRevenue"];
  if (shapiro) summaryKeys.push("profit.priceMid", "profit.costMid");
  summaryKeys.push("profit.columnsUsed");
  const summaryRow = (k: SheetLabelKey): number => 1 + summaryKeys.indexOf(k);
  const headerRow = 2 + summaryKeys.length + (profit ? 0 : 1);
  const first = headerRow + 1;
  const last = first + Math.max(n, 1) - 1;

  const cols: Column[] = [];
  const colIndex = (k: string): number => cols.findIndex((c) => c.key === k);
  const cell = (k: string, r: number): string => a1(r, colIndex(k));
  const whole = (k: string): string => absRange(first, colIndex(k), last, colIndex(k));
  const totalProfit = abs(summaryRow("profit.totalProfit"), SUMMARY_VALUE_COL);

  cols.push({ key: "rank", header: L["profit.col.rank"], width: 7, format: COUNT });
  cols.push({
    key: "customer",
    header: L["profit.col.customer"],
    width: 14,
    format: TEXT,
    value: (i) => input.customers[i],
  });
  const names = input.names?.some((x) => x !== "") ? input.names : undefined;
  if (names) {
    const longestName = names.reduce((m, x) => Math.max(m, x.length), L["profit.col.name"].length);
    cols.push({ key: "name", header: L["profit.col.name"], width: Math.min(longestName + 2, 40), format: TEXT, value: (i) => names[i] });
  }
  cols.push({
    key: "revenue",
    header: L["profit.col.revenue"],
    width: 16,
    format: amount,
    value: (i) => input.revenue[i],
  });
  if (profit)
    cols.push({
      key: "profit",
      header: L["profit.col.profit"],
      width: 15,
      format: amount,
      value: (i) => profit[i],
    });
  for (const k of ladder) {
    const values = input.ladder![k]!;
    cols.push({ key: k, header: L[LADDER_LABEL[k]], width: 15, format: amount, value: (i) => values[i] });
  }
  if (profit) {
    cols[0].formula = (r) => `=RANK(${cell("profit", r)},${whole("profit")})`;
    cols.push({
      key: "margin",
      header: L["profit.col.margin"],
      width: 10,
      format: PERCENT,
      formula: (r) => `=IF(${cell("revenue", r)}=0,"",${cell("profit", r)}/${cell("revenue", r)})`,
    });
  } else {
    cols[0].formula = (r) => `=RANK(${cell("revenue", r)},${whole("revenue")})`;
  }
  cols.push({ key: "class", header: L["profit.col.class"], width: 12, format: TEXT, value: (i) => input.classes[i] });
  if (profit) {
    cols.push({
      key: "cumProfit",
      header: L["profit.col.cumulativeProfit"],
      width: 17,
      format: amount,
      // A running sum (previous row + this profit) keeps the sheet linear in the number of customers.
      formula: (r) => (r === first ? `=${cell("profit", r)}` : `=${cell("cumProfit", r - 1)}+${cell("profit", r)}`),
    });
    cols.push({
      key: "cumShare",
      header: L["profit.col.cumulativeShare"],
      width: 14,
      format: PERCENT,
      formula: (r) => `=IF(${totalProfit}>0,${cell("cumProfit", r)}/${totalProfit},"")`,
    });
    cols.push({
      key: "customerShare",
      header: L["profit.col.customerShare"],
      width: 12,
      format: PERCENT,
      formula: (r) => `=ROWS(${abs(first, colIndex("profit"))}:${cell("profit", r)})/ROWS(${whole("profit")})`,
    });
  }
  if (shapiro) {
    const priceMid = abs(summaryRow("profit.priceMid"), SUMMARY_VALUE_COL);
    const costMid = abs(summaryRow("profit.costMid"), SUMMARY_VALUE_COL);
    const q = (k: SheetLabelKey): string => str(L[k]);
    cols.push({
      key: "netPrice",
      header: L["profit.col.netPrice"],
      width: 12,
      format: PERCENT,
      formula: (r) => `=IF(${cell("revenue", r)}=0,"",${cell("netRevenue", r)}/${cell("revenue", r)})`,
    });
    cols.push({
      key: "costShare",
      header: L["profit.col.costShare"],
      width: 14,
      format: PERCENT,
      formula: (r) => `=IF(${cell("netRevenue", r)}=0,"",${cell("costToServe", r)}/${cell("netRevenue", r)})`,
    });
    cols.push({
      key: "shapiro",
      header: L["profit.col.shapiro"],
      width: 17,
      format: TEXT,
      formula: (r) => {
        const p = cell("netPrice", r);
        const c = cell("costShare", r);
        return (
          `=IF(OR(${p}="",${c}="",${priceMid}="",${costMid}=""),"",IF(${p}>=${priceMid},` +
          `IF(${c}>=${costMid},${q("profit.shapiro.carriage")},${q("profit.shapiro.passive")}),` +
          `IF(${c}>=${costMid},${q("profit.shapiro.aggressive")},${q("profit.shapiro.bargain")})))`
        );
      },
    });
  }
  if (profit) {
    cols.push({
      key: "flag",
      header: L["profit.col.flag"],
      width: Math.max(L["profit.flag.aLoss"].length + 2, 12),
      format: TEXT,
      formula: (r) => `=IF(AND(${cell("class", r)}="A",${cell("profit", r)}<0),${str(L["profit.flag.aLoss"])},"")`,
    });
  }

  const blocks: Block[] = [{ row: 0, col: 0, values: [[L["profit.title"]]], bold: true, owner: "generated" }];

  // Summary: labels in A (running on over the empty B and C), figures in D.
  const summaryFormula: Partial<Record<SheetLabelKey, [string, string]>> = {
    "profit.totalRevenue": [`=SUM(${whole("revenue")})`, amount],
  };
  if (profit) {
    summaryFormula["profit.totalProfit"] = [`=SUM(${whole("profit")})`, amount];
    summaryFormula["profit.peak"] = [`=IF(COUNT(${whole("cumShare")})=0,"",MAX(${whole("cumShare")}))`, PERCENT];
    summaryFormula["profit.lossMakers"] = [`=COUNTIF(${whole("profit")},"<0")`, COUNT];
    summaryFormula["profit.flagged"] = [`=SUMPRODUCT((${whole("class")}="A")*(${whole("profit")}<0))`, COUNT];
  }
  if (shapiro) {
    summaryFormula["profit.priceMid"] = [`=IF(COUNT(${whole("netPrice")})=0,"",MEDIAN(${whole("netPrice")}))`, PERCENT];
    summaryFormula["profit.costMid"] = [`=IF(COUNT(${whole("costShare")})=0,"",MEDIAN(${whole("costShare")}))`, PERCENT];
  }
  for (const k of summaryKeys) {
    const f = summaryFormula[k];
    blocks.push({ row: summaryRow(k), col: 0, values: [[L[k]]], owner: "generated" });
    blocks.push({
      row: summaryRow(k),
      col: SUMMARY_VALUE_COL,
      values: [[f ? null : opts.columnsUsed]],
      formulas: f ? [[f[0]]] : undefined,
      numberFormats: [f ? f[1] : "@"],
      bold: !!f,
      owner: "generated",
    });
  }
  if (!profit) {
    blocks.push({ row: headerRow - 1, col: 0, values: [[L["profit.noProfit"]]], italic: true, owner: "generated" });
  }

  blocks.push({
    row: headerRow,
    col: 0,
    values: [cols.map((c) => c.header)],
    bold: true,
    wrap: true,
    // Headers over figures stand right, like the figures (text columns keep the default).
    align: cols.map((c) => (c.format === TEXT ? undefined : "right")),
    owner: "generated",
    fill: "#D9E1F2",
  });
  if (n > 0) {
    blocks.push({
      row: first,
      col: 0,
      values: order.map((i) => cols.map((c) => (c.value ? c.value(i) : null))),
      formulas: order.map((_, k) => cols.map((c) => c.formula?.(first + k))),
      numberFormats: cols.map((c) => c.format),
      owner: "generated",
    });
  }

  const conditionalFormats: ConditionalFormatSpec[] = [];
  const charts: ChartSpec[] = [];
  if (profit && n > 0) {
    const p = colIndex("profit");
    conditionalFormats.push({
      range: range(first, p, last, p),
      formula: `=$${columnLetter(p)}${first + 1}<0`,
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
    const f = colIndex("flag");
    conditionalFormats.push({
      range: range(first, f, last, f),
      formula: `=$${columnLetter(f)}${first + 1}<>""`,
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
    const cs = colIndex("cumShare");
    const share = colIndex("customerShare");
    const chartCol = cols.length + 1;
    // The 100 % line's two points (x 0 and 1, y 1), right of the chart and outside the printed columns.
    const line = chartCol + WHALE_CHART.widthCols + 1;
    blocks.push({
      row: 0,
      col: line,
      values: [
        [L["profit.chart.helper"], null],
        ["x", "y"],
        [0, 1],
        [1, 1],
      ],
      numberFormats: ["0%", "0%"],
      italic: true,
      owner: "generated",
    });
    charts.push({
      title: L["profit.chart.title"],
      row: 0,
      col: chartCol,
      ...WHALE_CHART,
      series: [
        {
          name: L["profit.col.cumulativeShare"],
          values: range(first, cs, last, cs),
          type: "scatter",
          categories: range(first, share, last, share),
          markers: false,
          lines: true,
          color: "#2F5597",
        },
        {
          name: L["profit.chart.full"],
          values: range(2, line + 1, 3, line + 1),
          type: "scatter",
          categories: range(2, line, 3, line),
          markers: false,
          lines: true,
          color: "#7F7F7F",
          dashed: true,
        },
      ],
      xAxis: { title: L["profit.col.customerShare"], numberFormat: "0%", min: 0, max: 1 },
      yAxis: { title: L["profit.col.cumulativeShare"], numberFormat: "0%" },
    });
  }

  const longest = input.customers.reduce((m, c) => Math.max(m, c.length), 0);
  const columnWidths: Record<number, number> = {};
  cols.forEach((c, i) => (columnWidths[i] = c.width));
  // Wide enough for the customers, and for the summary labels that run over A–C.
  const labelWidth = Math.max(...summaryKeys.map((k) => L[k].length));
  columnWidths[1] = Math.min(
    Math.max(longest + 2, L["profit.col.customer"].length + 2, labelWidth + 2 - columnWidths[0] - columnWidths[2]),
    48,
  );
  return {
    name: PROFITABILITY_SHEET_NAME,
    id: PROFITABILITY_SHEET_ID,
    blocks,
    tables: [],
    charts,
    validations: [],
    conditionalFormats,
    columnWidths,
    rowHeights: { [headerRow]: 30 },
    freeze: { rows: headerRow + 1, cols: names ? 3 : 2 },
    // The list only (the whale curve's chart and any helper range sit right of it), its header on every page.
    print: printSetup({
      language: opts.language,
      title: L["profit.title"],
      orientation: "landscape",
      lastRow: last,
      lastCol: cols.length - 1,
      repeatRows: [headerRow, headerRow],
    }),
  };
}
