/**
 * The "Portfolio" sheet: the KAISM matrix of the candidate accounts and the decision which of them become
 * key accounts (KAM-DOMAIN §3; Cheverton; McDonald, Rogers & Woodburn). Pure: builds a SheetSpec.
 *
 * Layout (0-based rows; A1 in brackets):
 *
 *   row 0 [1] title; row 1 [2] how to read it
 *   row 3 [4] Attractiveness midpoint   | 5   (user-owned input)
 *   row 4 [5] Relative strength midpoint| 5   (user-owned input)
 *   row 5 [6] Selected key accounts     | =COUNTIF(Key account column,"Yes") | warning outside 15–35
 *   row 6 [7] Recommended number        | 15–35 (pilot with 2–3)
 *   M1        the KAISM matrix: a bubble chart in files (size = revenue; a scatter in Office.js, which cannot
 *             make bubble charts), customers labelled; right of it, W3:Z6, the two quadrant lines as chart
 *             data (x/y pairs that follow the midpoint cells), and AB3:AD7 the quadrant names with the point
 *             where the chart writes each (a series of labels without markers)
 *   row 8 [9] header: Customer | ABC class | Revenue | Profit | Attractiveness | Relative strength |
 *                     Quadrant | Recommended strategy | Key account | Comment | Status | Plan form
 *   row 9 [10]… one row per account, in the Scoring sheet's order: attractiveness and strength refer to
 *             the Scoring row at the same index; quadrant and strategy are native IF formulas; Key account
 *             (Yes/No list), Comment and Plan form (Full/Light list, blank: by quadrant; issue 13 KAM light,
 *             src/sheets/accountPlan/light.ts) are user-owned.
 *
 * Previous positions (issue 13): with `previous` (the History sheet's latest earlier period per account)
 * a second series "Previous period" shows where each account stood (grey bubbles sized by its revenue
 * then), from three helper columns right of the quadrant names (values, blank for accounts without one).
 *
 * The quadrant rule is the one of `kaism` (src/core/portfolio.ts): a score on the midpoint counts as high
 * (x ≥ mid, src/core/quadrant.ts), labels KAISM_LABELS.newer in the sheet language, blank while either
 * score is blank. So the sheet shows what =KAM.KAISM shows for the same scores and midpoints.
 */
import { KAISM_DEFAULT_MID, KAISM_LABELS } from "../../core/portfolio";
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import { a1, abs, absRange, columnLetter, onSheet, range, str } from "../../plan/formula";
import type { CandidateRow } from "../../plan/rows";
import { INPUT_FILL, SCORING_SHEET_NAME, ScoringLayout, hasNames } from "../scoring/build";
import type { Block, CellValue, ChartSpec, ConditionalFormatSpec, SheetSpec, ValidationSpec } from "../../plan/spec";
import { printSetup } from "../kit/print";
import { CurrencyCode, SCORE, TEXT, amountFormat } from "../kit/formats";
import { UserCell, blockEntry } from "../../plan/userCell";

export const PORTFOLIO_SHEET_ID = "kam.portfolio";
export const PORTFOLIO_SHEET_NAME = "Portfolio";

/** Recommended number of key accounts (KAM-DOMAIN §3) and the count above which there are far too many. */
export const KEY_ACCOUNTS_MIN = 15;
export const KEY_ACCOUNTS_MAX = 35;
export const KEY_ACCOUNTS_TOO_MANY = 50;

export const PORTFOLIO_ROWS = {
  title: 0,
  intro: 1,
  attractivenessMid: 3,
  strengthMid: 4,
  selected: 5,
  recommended: 6,
  header: 8,
  firstData: 9,
} as const;

/** Columns of the account table (0-based), without names. */
export const PORTFOLIO_COLS = portfolioCols(false);

/**
 * Columns of the account table (0-based). With names (issue 11) a Name column sits right of Customer
 * and every other column moves one to the right.
 */
export function portfolioCols(withNames: boolean) {
  const k = withNames ? 1 : 0;
  return {
    customer: 0,
    name: withNames ? 1 : -1,
    class: 1 + k,
    revenue: 2 + k,
    profit: 3 + k,
    attractiveness: 4 + k,
    strength: 5 + k,
    quadrant: 6 + k,
    strategy: 7 + k,
    keyAccount: 8 + k,
    comment: 9 + k,
    status: 10 + k,
    /** Full / Light (issue 13, accountPlan/light.ts): in the column left of the chart, which stays where it was. */
    planForm: 11 + k,
  } as const;
}

/** Chart geometry: the chart right of the table (M1), its quadrant-line data right of the chart (W3:Z6). */
function chartPlace(C: ReturnType<typeof portfolioCols>) {
  const chart = { row: 0, col: C.status + 2, widthCols: 9, heightRows: 26 } as const;
  const lines = { row: 2, col: chart.col + chart.widthCols + 1 } as const;
  /** The quadrant names and where the chart writes them: one per quadrant, centred near its outer edge. */
  const quadrants = { row: lines.row, col: lines.col + 5 } as const;
  /** Previous positions (x, y, size) right of the quadrant names, in the rows of the table. */
  const previous = { col: quadrants.col + 4 } as const;
  return { CHART: chart, LINES: lines, QUADRANTS: quadrants, PREVIOUS: previous };
}

export interface PortfolioOptions {
  language: SheetLanguage;
  /** The midpoint cells' content (user-entered, or the defaults 5 / 5). */
  mids: { attractiveness: UserCell; strength: UserCell };
  /** Name of the Scoring sheet the scores come from (default "Scoring"; the user may have renamed it). */
  scoringSheet?: string;
  /** Sheet name (default "Portfolio"). */
  name?: string;
  /** ISO 4217 code of revenue and profit (src/sheets/kit/formats.ts); undefined: no currency. */
  currency?: CurrencyCode;
  /** Each account's position in its previous period on the History sheet (issue 13), by customer. */
  previous?: ReadonlyMap<string, { attractiveness: number | null; strength: number | null; revenue: number | null }>;
}

/**
 * The "Portfolio" sheet.
 * @param rows    the accounts in the Scoring sheet's order (same length and order as its grid).
 * @param scoring the Scoring sheet's layout, for the references to its score columns.
 * @returns a SheetSpec named "Portfolio" (id "kam.portfolio") with the KAISM chart spec.
 */
export function buildPortfolioSheet(
  rows: readonly CandidateRow[],
  scoring: ScoringLayout,
  opts: PortfolioOptions,
): SheetSpec {
  const L = SHEET_LABELS[opts.language];
  const R = PORTFOLIO_ROWS;
  const C = portfolioCols(hasNames(rows));
  const { CHART, LINES, QUADRANTS, PREVIOUS } = chartPlace(C);
  const n = rows.length;
  const lastRow = R.firstData + Math.max(n, 1) - 1;
  const q = KAISM_LABELS.newer[opts.language];
  const yes = L["plan.yes"];
  const aMid = abs(R.attractivenessMid, 1);
  const sMid = abs(R.strengthMid, 1);
  const count = abs(R.selected, 1);
  const scoringSheet = opts.scoringSheet ?? SCORING_SHEET_NAME;

  const blocks: Block[] = [
    { row: R.title, col: 0, values: [[L["portfolio.title"]]], bold: true, owner: "generated" },
    { row: R.intro, col: 0, values: [[L["portfolio.intro"]]], italic: true, owner: "generated" },
    {
      row: R.attractivenessMid,
      col: 0,
      values: [
        [L["portfolio.mid.attractiveness"]],
        [L["portfolio.mid.strength"]],
        [L["portfolio.selected"]],
        [L["portfolio.recommended"]],
      ],
      bold: true,
      owner: "generated",
    },
  ];
  const [aValue, aFormula] = blockEntry(opts.mids.attractiveness);
  const [sValue, sFormula] = blockEntry(opts.mids.strength);
  blocks.push({
    row: R.attractivenessMid,
    col: 1,
    values: [[aValue], [sValue]],
    formulas: aFormula || sFormula ? [[aFormula], [sFormula]] : undefined,
    numberFormats: ["0.0"],
    owner: "user",
    fill: INPUT_FILL,
  });
  const keyRange = absRange(R.firstData, C.keyAccount, lastRow, C.keyAccount);
  blocks.push({
    row: R.selected,
    col: 1,
    values: [
      [null, null],
      [L["portfolio.recommended.value"], null],
    ],
    formulas: [
      [`=COUNTIF(${keyRange},${str(yes)})`, warningFormula(count, L)],
      [undefined, undefined],
    ],
    numberFormats: ["0", "@"],
    bold: true,
    owner: "generated",
  });

  // Chart data for the quadrant lines: vertical at x = strength mid, horizontal at y = attractiveness mid.
  blocks.push({
    row: LINES.row,
    col: LINES.col,
    values: [
      [L["portfolio.chart.lines"], null, null, null],
      [L["portfolio.chart.x"], L["portfolio.chart.y"], L["portfolio.chart.x"], L["portfolio.chart.y"]],
      [null, 0, 0, null],
      [null, 10, 10, null],
    ],
    formulas: [
      [undefined, undefined, undefined, undefined],
      [undefined, undefined, undefined, undefined],
      [`=${sMid}`, undefined, undefined, `=${aMid}`],
      [`=${sMid}`, undefined, undefined, `=${aMid}`],
    ],
    italic: true,
    owner: "generated",
  });

  // Quadrant names for the chart's corners: name, x, y (strength is x, attractiveness y; see the quadrant formula).
  blocks.push({
    row: QUADRANTS.row,
    col: QUADRANTS.col,
    values: [
      [L["portfolio.chart.quadrants"], L["portfolio.chart.x"], L["portfolio.chart.y"]],
      [q["high-low"], 2.5, 9.6],
      [q["high-high"], 7.5, 9.6],
      [q["low-low"], 2.5, 0.4],
      [q["low-high"], 7.5, 0.4],
    ],
    italic: true,
    owner: "generated",
  });

  const header: CellValue[] = [
    L["portfolio.col.customer"],
    ...(C.name >= 0 ? [L["portfolio.col.name"]] : []),
    L["portfolio.col.class"],
    L["portfolio.col.revenue"],
    L["portfolio.col.profit"],
    L["portfolio.col.attractiveness"],
    L["portfolio.col.strength"],
    L["portfolio.col.quadrant"],
    L["portfolio.col.strategy"],
    L["portfolio.col.keyAccount"],
    L["portfolio.col.comment"],
    L["portfolio.col.status"],
    L["portfolio.col.planForm"],
  ];
  // Headers over figures stand right, like the figures; the header row wraps long labels.
  const numeric = new Set<number>([C.revenue, C.profit, C.attractiveness, C.strength]);
  blocks.push({
    row: R.header,
    col: 0,
    values: [header],
    bold: true,
    wrap: true,
    owner: "generated",
    fill: "#D9E1F2",
    align: header.map((_, c) => (numeric.has(c) ? "right" : undefined)),
  });

  const validations: ValidationSpec[] = [
    {
      range: range(R.attractivenessMid, 1, R.strengthMid, 1),
      kind: "decimal",
      min: 0,
      max: 10,
      message: L["portfolio.validation.mid"],
    },
  ];
  const conditionalFormats: ConditionalFormatSpec[] = [
    // Outside 15–35: the count turns red and the verdict beside it dark red (its text runs on to the right,
    // so it gets no coloured fill that would stop mid-word).
    {
      range: a1(R.selected, 1),
      formula: `=OR(${count}<${KEY_ACCOUNTS_MIN},${count}>${KEY_ACCOUNTS_MAX})`,
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    },
    {
      range: a1(R.selected, 2),
      formula: `=OR(${count}<${KEY_ACCOUNTS_MIN},${count}>${KEY_ACCOUNTS_MAX})`,
      fill: "#FFFFFF",
      fontColor: "#9C0006",
    },
  ];
  const charts: ChartSpec[] = [];

  if (n > 0) {
    const status: Record<CandidateRow["status"], string> = {
      candidate: "",
      dropped: L["plan.status.dropped"],
      missing: L["plan.status.missing"],
    };
    blocks.push({
      row: R.firstData,
      col: 0,
      values: rows.map((r) => [r.customer, ...(C.name >= 0 ? [r.name ?? ""] : []), r.abcClass, r.revenue, r.profit]),
      numberFormats: [TEXT, ...(C.name >= 0 ? [TEXT] : []), TEXT, amountFormat(opts.currency), amountFormat(opts.currency)],
      owner: "generated",
    });
    blocks.push({
      row: R.firstData,
      col: C.attractiveness,
      values: rows.map(() => [null, null, null, null]),
      formulas: rows.map((_, i) => {
        const r = R.firstData + i;
        const s = scoring.firstDataRow + i;
        const attr = a1(r, C.attractiveness);
        const str_ = a1(r, C.strength);
        const quad = a1(r, C.quadrant);
        return [
          `=${onSheet(scoringSheet, a1(s, scoring.scoreCol.attractiveness))}`,
          `=${onSheet(scoringSheet, a1(s, scoring.scoreCol.strength))}`,
          `=IF(OR(${attr}="",${str_}=""),"",IF(${attr}>=${aMid},IF(${str_}>=${sMid},${str(q["high-high"])},${str(q["high-low"])}),` +
            `IF(${str_}>=${sMid},${str(q["low-high"])},${str(q["low-low"])})))`,
          `=IF(${quad}="","",IF(${quad}=${str(q["high-high"])},${str(L["portfolio.strategy.strategic"])},` +
            `IF(${quad}=${str(q["high-low"])},${str(L["portfolio.strategy.star"])},` +
            `IF(${quad}=${str(q["low-high"])},${str(L["portfolio.strategy.status"])},${str(L["portfolio.strategy.streamline"])}))))`,
        ];
      }),
      numberFormats: [SCORE, SCORE, TEXT, TEXT],
      owner: "generated",
    });
    const choices = rows.map((r) => [blockEntry(r.keyAccount), blockEntry(r.comment)]);
    blocks.push({
      row: R.firstData,
      col: C.keyAccount,
      values: choices.map(([k, c]) => [k[0], c[0]]),
      formulas: choices.some(([k, c]) => k[1] || c[1]) ? choices.map(([k, c]) => [k[1], c[1]]) : undefined,
      owner: "user",
      fill: INPUT_FILL,
    });
    blocks.push({
      row: R.firstData,
      col: C.status,
      values: rows.map((r) => [status[r.status]]),
      italic: true,
      owner: "generated",
    });
    validations.push({
      range: range(R.firstData, C.keyAccount, lastRow, C.keyAccount),
      kind: "list",
      list: [yes, L["plan.no"]],
      message: L["portfolio.validation.keyAccount"],
    });
    // The Plan form: blank means by quadrant (accountPlan/light.ts `planFormFor`).
    const forms = rows.map((r) => blockEntry(r.planForm ?? null));
    blocks.push({
      row: R.firstData,
      col: C.planForm,
      values: forms.map((f) => [f[0]]),
      formulas: forms.some((f) => f[1]) ? forms.map((f) => [f[1]]) : undefined,
      owner: "user",
      fill: INPUT_FILL,
    });
    validations.push({
      range: range(R.firstData, C.planForm, lastRow, C.planForm),
      kind: "list",
      list: [L["portfolio.form.full"], L["portfolio.form.light"]],
      message: L["portfolio.validation.planForm"],
    });

    const quadRange = range(R.firstData, C.quadrant, lastRow, C.quadrant);
    const quadCell = `$${columnLetter(C.quadrant)}${R.firstData + 1}`;
    const colours: [string, string, string][] = [
      [q["high-high"], "#C6EFCE", "#006100"],
      [q["high-low"], "#FFEB9C", "#9C5700"],
      [q["low-high"], "#DDEBF7", "#1F4E78"],
      [q["low-low"], "#EDEDED", "#3A3A3A"],
    ];
    for (const [label, fill, fontColor] of colours) {
      conditionalFormats.push({ range: quadRange, formula: `=${quadCell}=${str(label)}`, fill, fontColor });
    }
    conditionalFormats.push({
      range: range(R.firstData, C.keyAccount, lastRow, C.keyAccount),
      formula: `=$${columnLetter(C.keyAccount)}${R.firstData + 1}=${str(yes)}`,
      fill: "#C6EFCE",
      fontColor: "#006100",
    });
    // A loss-making account can still score as Strategic: show the loss where the choice is made.
    conditionalFormats.push({
      range: range(R.firstData, C.profit, lastRow, C.profit),
      formula: `=AND(ISNUMBER($${columnLetter(C.profit)}${R.firstData + 1}),$${columnLetter(C.profit)}${R.firstData + 1}<0)`,
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });

    const col = (c: number): string => range(R.firstData, c, lastRow, c);
    const before = rows.map((r) => opts.previous?.get(r.customer));
    const previousSeries = [];
    if (before.some((p) => p && p.attractiveness !== null && p.strength !== null)) {
      blocks.push({
        row: R.header,
        col: PREVIOUS.col,
        values: [
          [L["portfolio.chart.previousX"], L["portfolio.chart.previousY"], L["portfolio.chart.previousSize"]],
          ...before.map((p) => [p?.strength ?? null, p?.attractiveness ?? null, p?.revenue ?? null]),
        ],
        numberFormats: [SCORE, SCORE, amountFormat(opts.currency)],
        italic: true,
        owner: "generated",
      });
      previousSeries.push({
        name: L["portfolio.chart.previous"],
        type: "scatter" as const,
        values: col(PREVIOUS.col + 1),
        categories: col(PREVIOUS.col),
        sizes: col(PREVIOUS.col + 2),
        markers: true,
        lines: false,
        color: "#A5A5A5",
      });
    }
    const lineX = (c: number): string => range(LINES.row + 2, c, LINES.row + 3, c);
    const names = range(QUADRANTS.row + 1, QUADRANTS.col, QUADRANTS.row + 4, QUADRANTS.col);
    charts.push({
      title: L["portfolio.chart.title"],
      ...CHART,
      series: [
        // First, so the current positions are drawn over the previous ones.
        ...previousSeries,
        {
          name: L["portfolio.chart.accounts"],
          type: "bubble",
          values: col(C.attractiveness),
          categories: col(C.strength),
          sizes: col(C.revenue),
          // Names read better than IDs beside the points; a customer without a name shows its ID (issue 11).
          labels: col(C.name >= 0 ? C.name : C.customer),
          markers: true,
          lines: false,
          color: "#4472C4",
        },
        {
          name: L["portfolio.chart.strengthLine"],
          type: "scatter",
          values: lineX(LINES.col + 1),
          categories: lineX(LINES.col),
          markers: false,
          lines: true,
          color: "#7F7F7F",
        },
        {
          name: L["portfolio.chart.attractivenessLine"],
          type: "scatter",
          values: lineX(LINES.col + 3),
          categories: lineX(LINES.col + 2),
          markers: false,
          lines: true,
          color: "#7F7F7F",
        },
        {
          name: L["portfolio.chart.quadrants"],
          type: "scatter",
          values: range(QUADRANTS.row + 1, QUADRANTS.col + 2, QUADRANTS.row + 4, QUADRANTS.col + 2),
          categories: range(QUADRANTS.row + 1, QUADRANTS.col + 1, QUADRANTS.row + 4, QUADRANTS.col + 1),
          labels: names,
          markers: false,
          lines: false,
        },
      ],
      xAxis: { title: L["portfolio.col.strength"], min: 0, max: 10 },
      yAxis: { title: L["portfolio.col.attractiveness"], min: 0, max: 10 },
    });
  }

  const longest = rows.reduce((m, r) => Math.max(m, r.customer.length), 0);
  const labels = [
    L["portfolio.mid.attractiveness"],
    L["portfolio.mid.strength"],
    L["portfolio.selected"],
    L["portfolio.recommended"],
  ];
  return {
    name: opts.name ?? PORTFOLIO_SHEET_NAME,
    id: PORTFOLIO_SHEET_ID,
    blocks,
    tables: [],
    charts,
    validations,
    conditionalFormats,
    columnWidths: {
      0: Math.min(Math.max(longest, ...labels.map((s) => s.length)) + 2, 48),
      ...(C.name >= 0 ? { [C.name]: Math.min(rows.reduce((m, r) => Math.max(m, (r.name ?? "").length), 6) + 2, 40) } : {}),
      [C.class]: 11,
      [C.revenue]: 15,
      [C.profit]: 14,
      [C.attractiveness]: 15,
      [C.strength]: 17,
      [C.quadrant]: 13,
      [C.strategy]: Math.max(L["portfolio.strategy.streamline"].length, L["portfolio.col.strategy"].length) + 2,
      [C.keyAccount]: 13,
      [C.comment]: 30,
      [C.status]: Math.max(L["plan.status.dropped"].length, L["plan.status.missing"].length) + 2,
      [C.planForm]: 10,
    },
    freeze: { rows: R.header + 1, cols: 1 },
    // The table only: the chart and its quadrant-line data right of it are not part of the list.
    print: printSetup({
      language: opts.language,
      title: L["portfolio.title"],
      orientation: "landscape",
      lastRow,
      lastCol: C.planForm,
      repeatRows: [R.header, R.header],
    }),
  };
}

/** The count's verdict: none yet / fewer than 15 / 15–35 / more than 35 / more than 50. */
function warningFormula(count: string, L: Record<string, string>): string {
  return (
    `=IF(${count}=0,${str(L["portfolio.warn.none"])},IF(${count}<${KEY_ACCOUNTS_MIN},${str(L["portfolio.warn.few"])},` +
    `IF(${count}>${KEY_ACCOUNTS_TOO_MANY},${str(L["portfolio.warn.tooMany"])},IF(${count}>${KEY_ACCOUNTS_MAX},` +
    `${str(L["portfolio.warn.many"])},${str(L["portfolio.warn.ok"])}))))`
  );
}

/** The default midpoint of both axes. */
export const DEFAULT_MID = KAISM_DEFAULT_MID;
