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
import { AbcClass, AbcMethod, classifyRows, normaliseThresholds } from "../core/abc";
import { KamError } from "../core/errors";
import { weightedScores } from "../core/score";
import {
  isBlank,
  isOmitted,
  readChoice,
  readKeys,
  readNumberGrid,
  readNumberVector,
  readOptionalNumber,
  readRequiredNumbers,
  shapeLike,
} from "./args";
import { excelResult } from "./errors";

/**
 * ABC (Pareto) class of each customer: "A", "B", "C", or "D" for no positive contribution. Returns one class per input row.
 * @customfunction ABC
 * @param values Value per row, e.g. revenue or contribution margin (one column or one row).
 * @param [keys] Customer per row (same size as values). Rows are summed per customer and each row gets its customer's class.
 * @param [thresholds] Two cumulative limits for A and B, as percents (80, 95) or fractions (0.8, 0.95). Default 80, 95 (value) or 20, 80 (count).
 * @param [method] "value" (default): classes by cumulative share of value. "count": classes by share of customers.
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
 * read as 0. A row whose key is blank gets "" as well (`classifyRows`).
 * Units: values in currency units (any, consistently); thresholds fractions or percents.
 * Errors: KamError("number") for text in values (naming the row), ("shape") for keys of another
 * length, ("argument") for bad thresholds, method or nonpositive.
 * Method: KAM-DOMAIN §2 (value and count methods, ties grouped, exact boundaries) via `classifyRows`.
 */
function abcRows(values: unknown, keys: unknown, thresholds: unknown, method: unknown, nonpositive: unknown): string[][] {
  const { numbers, orientation } = readNumberVector(values, "values");
  const keyList = keysOmitted(keys) ? null : readKeys(keys, "keys");
  if (keyList && keyList.length !== numbers.length) {
    throw new KamError("shape", `keys has ${keyList.length} cells but values has ${numbers.length}; give one key per value.`, {
      column: "keys",
    });
  }
  const limits = isOmitted(thresholds) ? undefined : normaliseThresholds(readRequiredNumbers(thresholds, "thresholds"));
  const how = readChoice<AbcMethod>(method, "method", ["value", "count"], "value");
  const low = readChoice<"D" | "C">(nonpositive, "nonpositive", ["D", "C"], "D");

  const used: number[] = [];
  for (let i = 0; i < numbers.length; i++) if (numbers[i] !== null) used.push(i);
  const classes = classifyRows(
    used.map((i) => numbers[i] as number),
    keyList ? used.map((i) => keyList[i]) : null,
    { thresholds: limits, method: how, nonpositive: low },
  );
  const out: (AbcClass | "")[] = numbers.map(() => "");
  used.forEach((i, k) => (out[i] = classes[k]));
  return shapeLike(out, orientation);
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
    throw new KamError(
      "shape",
      `weights has ${w.length} numbers but ratings has ${grid[0].length} columns; give one weight per factor.`,
      { column: "weights" },
    );
  }
  const top = readOptionalNumber(scaleMax, "scale_max", 10);
  const scores = weightedScores(grid, w, top);
  return shapeLike(
    scores.map((s) => (s === null ? "" : s)),
    "column",
  );
}
