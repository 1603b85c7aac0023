/**
 * The one place where errors become Excel errors (STYLE: "one home for each rule"). Every custom function
 * body runs inside `excelResult`, so a `KamError` — or any unexpected exception — reaches the cell as
 * #VALUE! with a message naming the problem (shown in the cell's error indicator).
 */
import { isKamError } from "../core/errors";

/** Longest message we hand to Excel; the error indicator shows a short tooltip, not a report. */
const MAX_MESSAGE = 255;

/** The text the user sees for `e`: a KamError's own message, or a short note for anything else. */
export function errorMessage(e: unknown): string {
  let message: string;
  if (isKamError(e)) message = e.message;
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

/** Runs a custom function body; any error it throws is rethrown as the Excel error for it. */
export function excelResult<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw toExcelError(e);
  }
}
