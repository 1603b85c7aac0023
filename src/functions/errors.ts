/**
 * The one place where errors become Excel errors (STYLE: "one home for each rule"). Every custom function
 * body runs inside `excelResult`, so a `KamError` — or any unexpected exception — reaches the cell as
 * #VALUE! with a message naming the problem (shown in the cell's error indicator).
 *
 * It is also the one place that guarantees DESIGN §2 rule 2, "finite numbers only": a result holding
 * Infinity or NaN (a product or quotient beyond float64, e.g. KAM.CTS({1E308},{10})) becomes an error
 * naming the cell of the result, never a number Excel would show as #NUM! without a word.
 *
 * Why #VALUE! and not #NUM! for numbers out of range: CustomFunctions.ErrorCode shows a custom message only
 * with #VALUE! and #N/A ("A custom error message can't be used" for #NUM!, @types/custom-functions-runtime),
 * and a bare #NUM! would not say which input is too large or what to do.
 */
import { isKamError, overflowError } from "../core/errors";
import { ProblemLang, problemLangOf } from "../i18n/problems";

/** Longest message we hand to Excel; the error indicator shows a short tooltip, not a report. */
const MAX_MESSAGE = 255;

/**
 * The language of Excel's user interface (`Office.context.displayLanguage`, e.g. "nb-NO"), read at call time;
 * English where the runtime does not say (unit tests, hosts without Office.context).
 */
export function excelLanguage(): ProblemLang {
  const office = (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office;
  return problemLangOf(office?.context?.displayLanguage);
}

/** The text the user sees for `e`: a KamError's message in `lang` (Excel's display language), or a short note for anything else. */
export function errorMessage(e: unknown, lang: ProblemLang = excelLanguage()): string {
  let message: string;
  if (isKamError(e)) message = e.messageIn(lang);
  else if (e instanceof Error && e.message) message = `Unexpected error: ${e.message}`;
  else message = `Unexpected error: ${String(e)}`;
  return message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE - 1) + "…" : message;
}

/**
 * `e` as the error a custom function throws: `CustomFunctions.Error(invalidValue, message)` → #VALUE!.
 * `CustomFunctions` is looked up at call time (`typeof` guard), so unit tests can install a fake global
 * and a host without `CustomFunctions.Error` (CustomFunctionsRuntime 1.1) still gets #VALUE! from a
 * plain `Error`, just without the custom message.
 */
export function toExcelError(e: unknown): CustomFunctions.Error | Error {
  const message = errorMessage(e);
  if (typeof CustomFunctions !== "undefined" && typeof CustomFunctions.Error === "function") {
    return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, message);
  }
  return new Error(message);
}

/**
 * Runs a custom function body; any error it throws is rethrown as the Excel error for it, and so is a
 * result that is not finite (see `assertFinite`).
 */
export function excelResult<T>(body: () => T): T {
  try {
    return assertFinite(body());
  } catch (e) {
    throw toExcelError(e);
  }
}

/**
 * `result` (a number, a text, or a 2-D array of them) unchanged when every number in it is finite.
 * @throws overflowError naming the first non-finite cell ("row 2, column 3 of the result"; "The result"
 *         for a single value). O(cells): one pass, nothing built unless there is an error.
 */
export function assertFinite<T>(result: T): T {
  if (typeof result === "number") {
    if (!Number.isFinite(result)) throw overflowError({ key: "overflow.result" });
  } else if (Array.isArray(result)) {
    for (let r = 0; r < result.length; r++) {
      const row: unknown = result[r];
      if (!Array.isArray(row)) continue;
      for (let c = 0; c < row.length; c++) {
        const x: unknown = row[c];
        if (typeof x === "number" && !Number.isFinite(x)) {
          throw overflowError({ key: "overflow.resultCell", values: { row: String(r + 1), column: String(c + 1) } });
        }
      }
    }
  }
  return result;
}
