/**
 * The custom functions of the KAM namespace (=KAM.ABC, =KAM.SCORE …). Thin wrappers: Excel arguments
 * in (`args.ts`) → `src/core` → a rectangular 2-D result out; errors leave through `errors.ts` only.
 *
 * The JSDoc of each exported function is its metadata: the build (CustomFunctionsMetadataPlugin) turns
 * it into dist/functions.json and appends `CustomFunctions.associate("ID", fn)` for every function
 * declared in THIS file, so every custom function must be declared here. The Norwegian descriptions
 * live in src/i18n/functions.nb.ts, keyed by the same ids and parameter names; the build fails when one
 * is missing. Parameter types must stay plain (`unknown[][]`, `string`, `number`): a union such as
 * `unknown[][] | null` would turn a range parameter into a scalar in the metadata.
 *
 * Rules (DESIGN §2): no DOM, no task-pane state, no writes to the workbook, no @volatile; results are
 * rectangular with "" for "no value", finite numbers only.
 */
import { AbcCutoffs, AbcMethod, abcClassOf, abcCutoffsOf, customerTotals, normaliseThresholds } from "../core/abc";
import { KamError } from "../core/errors";
import { kanoAnswer, kanoCategory } from "../core/kano";
import { clv as clvCore, loyaltyType } from "../core/loyalty";
import { paretoTable } from "../core/pareto";
import { KaismNaming, Language, kaism as kaismCore, relativeStrength } from "../core/portfolio";
import { contributionLadder, costToServe, shapiro as shapiroCore, whaleCurve } from "../core/profitability";
import { csat as csatCore, nps as npsCore } from "../core/satisfaction";
import { weightedScores } from "../core/score";
import {
  Orientation,
  isBlank,
  isOmitted,
  placeRef,
  readAligned,
  readChoice,
  groupKeys,
  readMaybeNumber,
  readNumberCells,
  readNumberColumn,
  readNumberGrid,
  readNumberVector,
  readOptionalNumber,
  readRequiredNumbers,
  readVector,
  shapeLike,
  tableRows,
  transpose,
} from "./args";
import { excelResult } from "./errors";

/**
 * The address the add-in is served from. The build writes KAM_ADDIN_URL in here (webpack's DefinePlugin
 * replaces `process.env.KAM_ADDIN_URL`, see scripts/addin-url.js); tests, the CLI and the development
 * build get the development server, https://localhost:3000.
 */
export const ADDIN_URL: string = (process.env.KAM_ADDIN_URL || "https://localhost:3000").replace(/\/+$/, "");

/**
 * Where the help for every function lives: docs/functions.md, rendered at build time into
 * help/functions.html beside the add-in (scripts/help-pages.js), one section per function, so help works
 * wherever the add-in is hosted. Each `@helpurl` below is this page + "#" + the GitHub anchor of the
 * function's heading ("## KAM.PARETO" → "#kampareto"). JSDoc tags cannot reference a constant, so the
 * tags are written for the development server and the build moves them to KAM_ADDIN_URL
 * (`rewriteMetadata`); test/unit/functions-bundle.test.ts and test/unit/deploy-build.test.ts check that
 * every helpUrl in functions.json is this base + an anchor of docs/functions.md.
 */
export const HELP_BASE_URL = `${ADDIN_URL}/help/functions.html`;

/**
 * ABC (Pareto) class of each customer: "A", "B", "C", or "D" for no positive contribution. Returns one class per input row.
 * @customfunction ABC
 * @helpurl https://localhost:3000/help/functions.html#kamabc
 * @param values Value per row, e.g. revenue or contribution margin (one column or one row).
 * @param [keys] Customer per row (same size as values). Rows are summed per customer and each row gets its customer's class.
 * @param [thresholds] Two cumulative limits for A and B, as percents (80, 95) or fractions (0.8, 0.95). Default 80, 95 (value) or 20, 80 (count); none for computed.
 * @param [method] "value" (default): by cumulative share of value. "count": by share of customers. "computed": limits from the ABC curve (Ultsch & Lötsch).
 * @param [nonpositive] Class for customers with zero or negative value: "D" (default) or "C".
 * @returns One class per input row: A, B, C or D; blank where the row has no key or no value.
 */
export function abc(
  values: unknown[][],
  keys?: unknown[][],
  thresholds?: unknown[][],
  method?: string,
  nonpositive?: string,
): string[][] {
  return excelResult(() => abcRows(values, keys, thresholds, method, nonpositive));
}

/**
 * Body of KAM.ABC, kept outside the JSDoc-tagged wrapper so the wrapper stays declarative.
 *
 * Shapes: `values` one column (n×1) or one row (1×n); `keys` any one-column/one-row range of the same
 * length; the result has the shape of `values`. A row whose value cell is blank is not (yet) a
 * transaction: it is left out of the totals and the ranking and its result is "" — a blank is never
 * read as 0. A row whose key is blank gets "" as well. With keys, rows are grouped in one pass over the key
 * cells (`groupKeys`) and summed exactly per customer (`customerTotals`): the classes of `classifyRows`.
 * Units: values in currency units (any, consistently); thresholds fractions or percents.
 * Errors: KamError("number") for text in values (naming the row), ("shape") for keys of another
 * length, ("argument") for bad thresholds, method or nonpositive, or thresholds with method "computed".
 * Method: KAM-DOMAIN §2 (value, count and computed methods, ties grouped, exact boundaries) via
 * `abcCutoffsOf` and `abcClassOf`, as `classifyAbc`.
 */
function abcRows(values: unknown, keys: unknown, thresholds: unknown, method: unknown, nonpositive: unknown): string[][] {
  const { numbers, blanks, orientation } = readNumberColumn(values, "values");
  const groups = keysOmitted(keys)
    ? null
    : groupKeys(keys, "keys", numbers, (count) => new KamError("shape", "fn.keysLength", { keys: "keys", count, values: "values", n: numbers.length }, { column: "keys" }));
  const limits = isOmitted(thresholds) ? undefined : normaliseThresholds(readRequiredNumbers(thresholds, "thresholds"));
  const how = readChoice<AbcMethod>(method, "method", ["value", "count", "computed"], "value");
  const low = readChoice<"D" | "C">(nonpositive, "nonpositive", ["D", "C"], "D");
  const options = { thresholds: limits, method: how, nonpositive: low };

  // One shared one-cell row per class: a million-row result costs a million references, not a million
  // arrays (Excel only reads a result; nothing in the add-in writes to one).
  const blankRow: [""] = [""];
  const rows = { A: ["A"], B: ["B"], C: ["C"], D: ["D"] } as const;
  const rowOf = (x: number, cut: AbcCutoffs): readonly string[] => {
    const cls = abcClassOf(x, cut, low);
    return cls === "A" ? rows.A : cls === "B" ? rows.B : cls === "C" ? rows.C : rows.D;
  };
  const n = numbers.length;
  const out = new Array<readonly string[]>(n);
  if (groups) {
    const { rowCustomer, customers } = groups;
    const totals = customerTotals(rowCustomer, numbers, customers);
    const cut = abcCutoffsOf(totals, options);
    const customerRow = new Array<readonly string[]>(totals.length);
    for (let c = 0; c < totals.length; c++) customerRow[c] = rowOf(totals[c], cut);
    for (let i = 0; i < n; i++) {
      const c = rowCustomer[i];
      out[i] = c < 0 ? blankRow : customerRow[c];
    }
  } else {
    // Rows with a blank value (NaN) are left out of the ranking and answered "".
    const cut = abcCutoffsOf(blanks === 0 ? numbers : usedValues(numbers, blanks), options);
    for (let i = 0; i < n; i++) {
      const x = numbers[i];
      out[i] = x !== x ? blankRow : rowOf(x, cut);
    }
  }
  if (orientation === "column") return out as string[][];
  const row = new Array<string>(n);
  for (let i = 0; i < n; i++) row[i] = out[i][0];
  return [row];
}

/** The non-blank values (not NaN) of a `readNumberColumn` result with `blanks` blanks, in order. */
function usedValues(numbers: Float64Array, blanks: number): Float64Array {
  const used = new Float64Array(numbers.length - blanks);
  for (let i = 0, k = 0; i < numbers.length; i++) if (!Number.isNaN(numbers[i])) used[k++] = numbers[i];
  return used;
}

/**
 * Keys are omitted when the argument is left out (null/undefined, a blank scalar) or is a single blank
 * cell — what an empty argument slot can look like. A larger range of blanks is "keys given, all blank".
 */
function keysOmitted(keys: unknown): boolean {
  if (!Array.isArray(keys)) return isBlank(keys);
  return keys.length === 1 && Array.isArray(keys[0]) && keys[0].length === 1 && isBlank(keys[0][0]);
}

/**
 * Weighted score of each row of ratings: sum(weight × rating) / sum(weights), for KAISM attractiveness or relative strength.
 * @customfunction SCORE
 * @helpurl https://localhost:3000/help/functions.html#kamscore
 * @param ratings One row per account, one column per factor; each rating from 0 to scale_max.
 * @param weights One weight per factor (a row or a column), 0 or more, e.g. summing to 100.
 * @param [scale_max] Top of the rating scale. Default 10.
 * @returns One score per row of ratings, on the rating scale; blank where a row is not fully rated.
 */
export function score(ratings: unknown[][], weights: unknown[][], scale_max?: number): Array<Array<number | string>> {
  return excelResult(() => scoreRows(ratings, weights, scale_max));
}

/**
 * Body of KAM.SCORE. Shapes: `ratings` n×m, `weights` 1×m or m×1, result n×1. A row with any blank
 * rating is "not yet rated" and gets "". Units: ratings on 0…scale_max (default 10), so scores are too.
 * Errors: KamError("number") for text or blanks where a number belongs (naming row and column),
 * ("shape") for weights of the wrong length, ("range") for negative weights or ratings off the scale,
 * ("argument") for all-zero weights — see `weightedScores`.
 * Method: weighted-factor scoring (McDonald, Rogers & Woodburn, KAISM), KAM-DOMAIN §3.
 */
function scoreRows(ratings: unknown, weights: unknown, scaleMax: unknown): Array<Array<number | string>> {
  const grid = readNumberGrid(ratings, "ratings");
  const w = readRequiredNumbers(weights, "weights");
  if (w.length !== grid[0].length) {
    throw new KamError("shape", "fn.weightsLength", { count: w.length, n: grid[0].length }, { column: "weights" });
  }
  const top = readOptionalNumber(scaleMax, "scale_max", 10);
  const scores = weightedScores(grid, w, top);
  return shapeLike(
    scores.map((s) => (s === null ? "" : s)),
    "column",
  );
}

// ---------------------------------------------------------------------------------------------------
// Portfolio: Pareto table, KAISM, relative strength (KAM-DOMAIN §2–3)
// ---------------------------------------------------------------------------------------------------

/**
 * Pareto table of customers, sorted by value descending: key, value, share, cumulative share and ABC class (value method).
 * @customfunction PARETO
 * @helpurl https://localhost:3000/help/functions.html#kampareto
 * @param values Value per row, e.g. revenue or contribution margin (one column or one row).
 * @param [keys] Customer per row (same size as values); rows are summed per customer. Default: the position of the row in values.
 * @returns One row per customer: key, value, share of the positive total, cumulative share, class (A, B, C or D).
 */
export function pareto(values: unknown[][], keys?: unknown[][]): Array<Array<number | string>> {
  return excelResult(() => paretoRows(values, keys));
}

/**
 * Body of KAM.PARETO. Shapes: `values` n×1 or 1×n, `keys` the same length; result k×5 (k customers, at
 * least one row: blanks when there are none). Units: values in currency; share and cumulative share as
 * fractions of T⁺ (sum of positive values). Blank values and blank keys are left out. Ties keep the order
 * of first appearance. Errors as KAM.ABC. Method: `paretoTable` (KAM-DOMAIN §2).
 */
function paretoRows(values: unknown, keys: unknown): Array<Array<number | string>> {
  const { labels, totals } = customers(values, keys, "values", "keys");
  const t = paretoTable(totals);
  const { order, value, share, cumulativeShare, classes } = t;
  const rows = new Array<Array<number | string>>(totals.length);
  if (labels === null) for (let r = 0; r < rows.length; r++) rows[r] = [order[r] + 1, value[r], share[r], cumulativeShare[r], classes[r]];
  else for (let r = 0; r < rows.length; r++) rows[r] = [labels[order[r]], value[r], share[r], cumulativeShare[r], classes[r]];
  return tableRows(rows, 5);
}

/**
 * Customers of a value column: without keys, each non-blank row is a customer labelled with its 1-based
 * position in the range; with keys, rows are summed per key (`groupKeys`, `customerTotals`: the sums of
 * `aggregateByKey`) and labelled with the key as first typed (a numeric id stays a number). Rows with a
 * blank value or a blank key are left out. `labels` is null when customer i is simply row i + 1 (no keys,
 * no blanks), so a million-row range builds no label array.
 */
function customers(
  values: unknown,
  keys: unknown,
  valuesName: string,
  keysName: string,
): { labels: ArrayLike<string | number> | null; totals: ArrayLike<number> } {
  const { numbers, blanks } = readNumberColumn(values, valuesName);
  if (keysOmitted(keys)) {
    if (blanks === 0) return { labels: null, totals: numbers };
    const labels = new Array<number>(numbers.length - blanks);
    const totals = new Float64Array(labels.length);
    for (let i = 0, k = 0; i < numbers.length; i++) {
      if (Number.isNaN(numbers[i])) continue;
      labels[k] = i + 1;
      totals[k++] = numbers[i];
    }
    return { labels, totals };
  }
  const groups = groupKeys(
    keys,
    keysName,
    numbers,
    (count) => new KamError("shape", "fn.keysLength", { keys: keysName, count, values: valuesName, n: numbers.length }, { column: keysName }),
  );
  return { labels: groups.labels, totals: customerTotals(groups.rowCustomer, numbers, groups.customers) };
}

/**
 * KAISM quadrant of each account from account attractiveness and relative strength: Strategic, Star, Status or Streamline.
 * @customfunction KAISM
 * @helpurl https://localhost:3000/help/functions.html#kamkaism
 * @param attractiveness Account attractiveness per account, e.g. a KAM.SCORE on 0–10.
 * @param strength Our relative strength per account (same size), e.g. a KAM.SCORE on 0–10, or a ratio from KAM.RELSTRENGTH with strength_mid 1.
 * @param [attractiveness_mid] Where attractiveness turns high (a value on the line counts as high). Default 5.
 * @param [strength_mid] Where relative strength turns high (a value on the line counts as high). Default 5.
 * @param [naming] "newer" (default): Strategic, Star, Status, Streamline. "classic": Key account, Key development, Maintenance, Opportunistic.
 * @param [language] "en" (default) or "nb" (Norwegian labels).
 * @returns One quadrant per account; blank where an input is blank.
 */
export function kaism(
  attractiveness: unknown[][],
  strength: unknown[][],
  attractiveness_mid?: number,
  strength_mid?: number,
  naming?: string,
  language?: string,
): string[][] {
  return excelResult(() => kaismRows(attractiveness, strength, attractiveness_mid, strength_mid, naming, language));
}

/**
 * Body of KAM.KAISM. Shapes: two row-aligned vectors (n×1 or 1×n; a single value applies to every row);
 * result shaped like the longer input. Units: scores (0–10) or a ratio; mids on the same scale.
 * Errors: KamError("number") for text, ("shape") for lengths that differ, ("argument") for naming or
 * language. Method: `kaism` in src/core/portfolio.ts (Cheverton; McDonald, Rogers & Woodburn).
 */
function kaismRows(a: unknown, s: unknown, aMid: unknown, sMid: unknown, naming: unknown, language: unknown): string[][] {
  const { columns, orientation } = readAligned([
    { arg: a, name: "attractiveness" },
    { arg: s, name: "strength" },
  ]);
  const labels = kaismCore(columns[0] as (number | null)[], columns[1] as (number | null)[], {
    attractivenessMid: readOptionalNumber(aMid, "attractiveness_mid", 5),
    strengthMid: readOptionalNumber(sMid, "strength_mid", 5),
    naming: readChoice<KaismNaming>(naming, "naming", ["newer", "classic"], "newer"),
    language: readChoice<Language>(language, "language", ["en", "nb"], "en"),
  });
  return shapeLike(
    labels.map((x) => x ?? ""),
    orientation,
  );
}

/**
 * Relative strength of one account as a ratio: our weighted score divided by the best competitor's (1 = parity).
 * @customfunction RELSTRENGTH
 * @helpurl https://localhost:3000/help/functions.html#kamrelstrength
 * @param our_scores Our score per factor as the customer sees us (one row or one column), e.g. 1–10.
 * @param competitor_scores One row per competitor with a score per factor, in the same order (one column per competitor if our_scores is a column).
 * @param weights One weight per factor, 0 or more; only their proportions matter.
 * @returns Our weighted score ÷ the best competitor's; blank while a score is missing.
 */
export function relstrength(our_scores: unknown[][], competitor_scores: unknown[][], weights: unknown[][]): number | string {
  return excelResult(() => relstrengthValue(our_scores, competitor_scores, weights));
}

/**
 * Body of KAM.RELSTRENGTH. Shapes: `our_scores` 1×m (competitors k×m, one row each) or m×1 (competitors
 * m×k, one column each); `weights` m cells in any orientation; result a single number. A competitor row
 * that is blank throughout is skipped. Errors: see `relativeStrength` (src/core/portfolio.ts).
 */
function relstrengthValue(ours: unknown, competitors: unknown, weights: unknown): number | string {
  const our = readNumberVector(ours, "our_scores");
  let grid = readNumberGrid(competitors, "competitor_scores");
  const m = our.numbers.length;
  if (our.orientation === "column" && m > 1) {
    if (grid.length !== m) {
      throw new KamError("shape", "fn.competitorRows", { count: grid.length, n: m }, { column: "competitor_scores" });
    }
    grid = transpose(grid);
  }
  const ratio = relativeStrength(our.numbers, grid, readRequiredNumbers(weights, "weights"));
  return ratio ?? "";
}

// ---------------------------------------------------------------------------------------------------
// Profitability: cost-to-serve, contribution margins, whale curve, Shapiro (KAM-DOMAIN §4)
// ---------------------------------------------------------------------------------------------------

/**
 * Cost-to-serve of each customer: the sum of activity count × activity rate over the activities.
 * @customfunction CTS
 * @helpurl https://localhost:3000/help/functions.html#kamcts
 * @param activity_counts One row per customer, one column per activity: how often it was done (0 or more).
 * @param activity_rates Cost per occurrence of each activity (one row or one column), 0 or more.
 * @returns One cost per customer row; blank where a count is blank.
 */
export function cts(activity_counts: unknown[][], activity_rates: unknown[][]): Array<Array<number | string>> {
  return excelResult(() => ctsRows(activity_counts, activity_rates));
}

/**
 * Body of KAM.CTS. Shapes: counts n×m, rates m cells; result n×1. Units: counts per period, rates in
 * currency per occurrence, result in currency per period. Errors: ("shape") when rates do not match the
 * columns, ("range") for negative numbers, ("number") for text. Method: `costToServe`.
 */
function ctsRows(counts: unknown, rates: unknown): Array<Array<number | string>> {
  const grid = readNumberGrid(counts, "activity_counts");
  const r = readRequiredNumbers(rates, "activity_rates");
  if (r.length !== grid[0].length) {
    throw new KamError("shape", "fn.ratesLength", { count: r.length, n: grid[0].length }, { column: "activity_rates" });
  }
  return shapeLike(
    costToServe(grid, r).map((x) => x ?? ""),
    "column",
  );
}

/**
 * Contribution-margin ladder per customer: net revenue and CM1 to CM4 (Norwegian DB1 to DB4).
 * @customfunction CMLADDER
 * @helpurl https://localhost:3000/help/functions.html#kamcmladder
 * @param gross_sales Gross sales per customer.
 * @param discounts Discounts and rebates per customer, as amounts to deduct.
 * @param cogs Cost of goods sold per customer.
 * @param sales_cost Customer-specific sales cost per customer.
 * @param cost_to_serve Cost-to-serve per customer, e.g. from KAM.CTS.
 * @param overhead Allocated overhead per customer.
 * @returns One row per customer: net revenue, CM1, CM2, CM3, CM4; blank where an input is blank.
 */
export function cmladder(
  gross_sales: unknown[][],
  discounts: unknown[][],
  cogs: unknown[][],
  sales_cost: unknown[][],
  cost_to_serve: unknown[][],
  overhead: unknown[][],
): Array<Array<number | string>> {
  return excelResult(() => cmRows([gross_sales, discounts, cogs, sales_cost, cost_to_serve, overhead]));
}

const CM_INPUTS = ["gross_sales", "discounts", "cogs", "sales_cost", "cost_to_serve", "overhead"] as const;

/**
 * Body of KAM.CMLADDER. Shapes: six row-aligned vectors (a single value applies to every row, e.g. a flat
 * overhead); result n×5 for column inputs, 5×n for row inputs. Units: currency. A row with any blank
 * input is blank. Errors: ("number") for text, ("shape") for lengths that differ.
 * Method: `contributionLadder` (KAM-DOMAIN §4).
 */
function cmRows(args: unknown[]): Array<Array<number | string>> {
  const { columns, n, orientation } = readAligned(CM_INPUTS.map((name, k) => ({ arg: args[k], name })));
  const cols = columns as (number | null)[][];
  const rows: Array<Array<number | string>> = [];
  for (let i = 0; i < n; i++) {
    const v = cols.map((c) => c[i]);
    if (v.some((x) => x === null)) {
      rows.push(["", "", "", "", ""]);
      continue;
    }
    const [grossSales, discounts, cogs, salesCost, costToServe, overhead] = v as number[];
    rows.push(contributionLadder({ grossSales, discounts, cogs, salesCost, costToServe, overhead }));
  }
  const table = tableRows(rows, 5);
  return orientation === "row" && n > 0 ? transpose(table) : table;
}

/**
 * Whale curve: customers sorted by profit descending with the cumulative share of total profit (can exceed 100 %) and the customer share.
 * @customfunction WHALE
 * @helpurl https://localhost:3000/help/functions.html#kamwhale
 * @param profits Profit per row, losses negative (one column or one row).
 * @param [keys] Customer per row (same size as profits); rows are summed per customer. Default: the position of the row in profits.
 * @returns One row per customer: key, profit, cumulative share of total profit, share of customers so far.
 */
export function whale(profits: unknown[][], keys?: unknown[][]): Array<Array<number | string>> {
  return excelResult(() => whaleRows(profits, keys));
}

/**
 * Body of KAM.WHALE. Shapes as KAM.PARETO; result k×4. Units: profits in currency, shares as fractions
 * (the profit share peaks above 1 when there are loss-makers and ends at exactly 1). Errors: ("range")
 * when total profit is 0 or negative, plus those of KAM.PARETO. Method: `whaleCurve`.
 */
function whaleRows(profits: unknown, keys: unknown): Array<Array<number | string>> {
  const { labels, totals } = customers(profits, keys, "profits", "keys");
  if (totals.length === 0) return tableRows([], 4);
  const w = whaleCurve(totals);
  const rows = new Array<Array<number | string>>(totals.length);
  for (let r = 0; r < totals.length; r++) {
    const i = w.order[r];
    rows[r] = [labels === null ? i + 1 : labels[i], w.profit[r], w.cumulativeShare[r], w.customerShare[r]];
  }
  return rows;
}

/**
 * Shapiro customer type from net price and cost to serve: Passive, Carriage trade, Bargain basement or Aggressive.
 * @customfunction SHAPIRO
 * @helpurl https://localhost:3000/help/functions.html#kamshapiro
 * @param net_price Net price realised per customer, e.g. net margin % or a price index.
 * @param cost_to_serve Cost to serve per customer (same size), e.g. as % of revenue.
 * @param [price_mid] Where net price turns high (on the line counts as high). Default: the median of net_price.
 * @param [cost_mid] Where cost to serve turns high (on the line counts as high). Default: the median of cost_to_serve.
 * @returns One type per customer; blank where an input is blank.
 */
export function shapiro(net_price: unknown[][], cost_to_serve: unknown[][], price_mid?: number, cost_mid?: number): string[][] {
  return excelResult(() => shapiroRows(net_price, cost_to_serve, price_mid, cost_mid));
}

/**
 * Body of KAM.SHAPIRO. Shapes: two row-aligned vectors; result shaped like them. Medians are taken over
 * the rows where both inputs are present. Errors: ("number") for text, ("shape") for lengths that
 * differ. Method: `shapiro` (Shapiro, Rangan, Moriarty & Ross 1987).
 */
function shapiroRows(price: unknown, cost: unknown, priceMid: unknown, costMid: unknown): string[][] {
  const { columns, orientation } = readAligned([
    { arg: price, name: "net_price" },
    { arg: cost, name: "cost_to_serve" },
  ]);
  const types = shapiroCore(
    columns[0] as (number | null)[],
    columns[1] as (number | null)[],
    readMaybeNumber(priceMid, "price_mid"),
    readMaybeNumber(costMid, "cost_mid"),
  );
  return shapeLike(
    types.map((x) => x ?? ""),
    orientation,
  );
}

// ---------------------------------------------------------------------------------------------------
// Satisfaction and loyalty: NPS, CSAT, Dick & Basu, Kano, CLV (KAM-DOMAIN §7)
// ---------------------------------------------------------------------------------------------------

/**
 * Net Promoter Score of survey answers 0–10: % promoters (9–10) minus % detractors (0–6), from -100 to 100.
 * @customfunction NPS
 * @helpurl https://localhost:3000/help/functions.html#kamnps
 * @param scores Answers 0–10 (a range of any shape); blank cells are no answer.
 * @returns The NPS from -100 to 100; blank when there are no answers.
 */
export function nps(scores: unknown[][]): number | string {
  return excelResult(() => {
    const { numbers, where } = readNumberCells(scores, "scores");
    return npsCore(numbers, where) ?? "";
  });
}

/**
 * CSAT: the share of answers in the top box, e.g. 4 or 5 on a 1–5 scale.
 * @customfunction CSAT
 * @helpurl https://localhost:3000/help/functions.html#kamcsat
 * @param scores Answers from 1 to scale_max (a range of any shape); blank cells are no answer.
 * @param [top_box] Lowest answer that counts as satisfied. Default 4.
 * @param [scale_max] Highest answer on the scale. Default 5.
 * @returns The share of answers at or above top_box, from 0 to 1; blank when there are no answers.
 */
export function csat(scores: unknown[][], top_box?: number, scale_max?: number): number | string {
  return excelResult(() => {
    const { numbers, where } = readNumberCells(scores, "scores");
    return csatCore(numbers, readOptionalNumber(top_box, "top_box", 4), readOptionalNumber(scale_max, "scale_max", 5), where) ?? "";
  });
}

/**
 * Loyalty type (Dick & Basu) from relative attitude and repeat patronage: True, Latent, Spurious or None.
 * @customfunction LOYALTY
 * @helpurl https://localhost:3000/help/functions.html#kamloyalty
 * @param attitude Relative attitude per customer, e.g. an attitude or satisfaction score.
 * @param repeat Repeat patronage per customer (same size), e.g. share of wallet or purchases per year.
 * @param [attitude_mid] Where attitude turns high (on the line counts as high). Default: the median of attitude.
 * @param [repeat_mid] Where repeat patronage turns high (on the line counts as high). Default: the median of repeat.
 * @returns One loyalty type per customer; blank where an input is blank.
 */
export function loyalty(attitude: unknown[][], repeat: unknown[][], attitude_mid?: number, repeat_mid?: number): string[][] {
  return excelResult(() => {
    const { columns, orientation } = readAligned([
      { arg: attitude, name: "attitude" },
      { arg: repeat, name: "repeat" },
    ]);
    const types = loyaltyType(
      columns[0] as (number | null)[],
      columns[1] as (number | null)[],
      readMaybeNumber(attitude_mid, "attitude_mid"),
      readMaybeNumber(repeat_mid, "repeat_mid"),
    );
    return shapeLike(
      types.map((x) => x ?? ""),
      orientation,
    );
  });
}

/**
 * Kano category of each functional/dysfunctional answer pair: A, O, M, I, R or Q.
 * @customfunction KANO
 * @helpurl https://localhost:3000/help/functions.html#kamkano
 * @param functional Answer if the feature is present: like, must-be, neutral, live-with, dislike (or liker, forventer, nøytral, kan leve med, misliker), or 1–5.
 * @param dysfunctional Answer if the feature is absent (same size, same words).
 * @returns One category per pair: A attractive, O one-dimensional, M must-be, I indifferent, R reverse, Q questionable; blank where an answer is blank.
 */
export function kano(functional: unknown[][], dysfunctional: unknown[][]): string[][] {
  return excelResult(() => kanoRows(functional, dysfunctional));
}

/**
 * Body of KAM.KANO. Shapes: two vectors of the same length (a single answer applies to every row);
 * result shaped like the longer. Errors: ("argument") for an unknown answer, naming it and its row;
 * ("shape") for lengths that differ. Method: Kano (1984) evaluation table, `kanoCategory`.
 */
function kanoRows(functional: unknown, dysfunctional: unknown): string[][] {
  const f = readVector(functional, "functional");
  const d = readVector(dysfunctional, "dysfunctional");
  const n = Math.max(f.cells.length, d.cells.length);
  if (f.cells.length !== d.cells.length && Math.min(f.cells.length, d.cells.length) !== 1) {
    throw new KamError("shape", "fn.kanoLength", { count: f.cells.length, n: d.cells.length }, { column: "dysfunctional" });
  }
  const at = (v: typeof f, name: string, i: number) => {
    const k = v.cells.length === 1 ? 0 : i;
    return kanoAnswer(v.cells[k], name, placeRef(v, k));
  };
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = at(f, "functional", i);
    const b = at(d, "dysfunctional", i);
    out.push(a === null || b === null ? "" : kanoCategory(a, b));
  }
  const orientation: Orientation = f.cells.length === n ? f.orientation : d.orientation;
  return shapeLike(out, orientation);
}

/**
 * Customer lifetime value: margin × retention / (1 + discount rate − retention) − acquisition cost, or the discounted sum over periods.
 * @customfunction CLV
 * @helpurl https://localhost:3000/help/functions.html#kamclv
 * @param margin Contribution margin per period per customer (a value or one per row).
 * @param retention Retention rate per period as a fraction, e.g. 0.8 or 80 % (a value or one per row).
 * @param discount_rate Discount rate per period as a fraction, e.g. 0.1 or 10 % (a value or one per row).
 * @param [acquisition_cost] Cost of winning the customer, paid once at the start. Default 0.
 * @param [periods] Number of periods to sum over. Default (blank): infinite horizon.
 * @returns One lifetime value per row; blank where margin, retention or discount rate is blank.
 */
export function clv(
  margin: unknown[][],
  retention: unknown[][],
  discount_rate: unknown[][],
  acquisition_cost?: unknown[][],
  periods?: unknown[][],
): Array<Array<number | string>> {
  return excelResult(() => clvRows(margin, retention, discount_rate, acquisition_cost, periods));
}

/**
 * Body of KAM.CLV. Shapes: row-aligned vectors, a single value applies to every row; result shaped like
 * the longest. Units: margin and acquisition cost in currency, rates as fractions per period. A blank
 * acquisition cost is 0 and a blank periods cell means an infinite horizon for that row; a blank margin,
 * retention or discount rate makes the row blank. Errors: see `clv` in src/core/loyalty.ts, naming the row.
 */
function clvRows(m: unknown, r: unknown, d: unknown, ac: unknown, t: unknown): Array<Array<number | string>> {
  const { columns, n, orientation } = readAligned([
    { arg: m, name: "margin" },
    { arg: r, name: "retention" },
    { arg: d, name: "discount_rate" },
    { arg: ac, name: "acquisition_cost", optional: true },
    { arg: t, name: "periods", optional: true },
  ]);
  const [margin, retention, rate, cost, periods] = columns;
  const out: (number | "")[] = [];
  for (let i = 0; i < n; i++) {
    const mi = margin![i];
    const ri = retention![i];
    const di = rate![i];
    if (mi === null || ri === null || di === null) {
      out.push("");
      continue;
    }
    try {
      out.push(
        clvCore({ margin: mi, retention: ri, discountRate: di, acquisitionCost: cost?.[i] ?? 0, periods: periods?.[i] ?? null }),
      );
    } catch (e) {
      if (e instanceof KamError && n > 1) {
        // The core's problem, worded in the user's language, prefixed with the row.
        const problem = { key: e.key, values: e.values };
        throw new KamError(e.code, "fn.row", { row: String(i + 1), problem }, { ...e.place, row: i + 1 });
      }
      throw e;
    }
  }
  return shapeLike(out, orientation);
}
