/**
 * The problems the KAM domain can have. Every layer throws `KamError`; each door maps it once:
 * custom functions in `src/functions/errors.ts`, the CLI in `src/cli/main.ts`, the task pane in its UI.
 */
export type KamErrorCode =
  | "argument" // an argument has the wrong form (thresholds, method, weights …)
  | "number" // text, boolean, blank or error where a number belongs
  | "range" // a number outside its allowed range
  | "overflow" // a computed number beyond float64 (±1.8E+308): the inputs are too large to compute with
  | "shape" // ranges of different sizes
  | "column" // a mapped column is missing
  | "empty" // no data rows
  | "file"; // unreadable input file

import { ProblemKey, ProblemLang, ProblemRef, ProblemValues, problemText } from "../i18n/problems";

export interface KamErrorPlace {
  /** 1-based row number as the user sees it (sheet row or file line), when known. */
  row?: number;
  /** Column header or argument name. */
  column?: string;
  /** File path or sheet name. */
  source?: string;
}

/**
 * A problem with a message key and values (`src/i18n/problems.*.ts`); `message` is its English text, and
 * `messageIn(lang)` words it in the user's language — each door calls that once, in its language.
 * No throw site builds a sentence: test/unit/problems.test.ts fails on one that does.
 */
export class KamError extends Error {
  readonly code: KamErrorCode;
  readonly place: KamErrorPlace;
  /** The message key. */
  readonly key: ProblemKey;
  readonly values: ProblemValues;
  constructor(code: KamErrorCode, key: ProblemKey, values: ProblemValues = {}, place: KamErrorPlace = {}) {
    super(problemText("en", key, values));
    this.name = "KamError";
    this.code = code;
    this.key = key;
    this.values = values;
    this.place = place;
  }

  /** The message in `lang`. */
  messageIn(lang: ProblemLang): string {
    return problemText(lang, this.key, this.values);
  }
}

/**
 * The error for a computed number that float64 cannot hold (beyond ±1.8E+308; Excel's own limit too), e.g.
 * a total of 1E308 + 1E308. `what` names the number as the start of a sentence ("overflow.sumPositive": "The
 * sum of the positive values"); `hint` says what to do. One wording for every such case, so the functions,
 * the pane and the CLI say the same.
 */
export function overflowError(what: ProblemRef, place: KamErrorPlace = {}, hint: ProblemRef = { key: "overflow.hint.units" }): KamError {
  return new KamError("overflow", "overflow", { what, hint }, place);
}

export function isKamError(e: unknown): e is KamError {
  return e instanceof KamError;
}
