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

import { ProblemKey, ProblemLang, ProblemValues, isProblemKey, problemText } from "../i18n/problems";

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
 *
 * Sites not yet converted still pass an English sentence (`new KamError(code, sentence, place)`); such an
 * error has no key and reads the same in every language. test/unit/problems.test.ts lists the files that may
 * still do so and fails when a converted file builds a sentence again.
 */
export class KamError extends Error {
  readonly code: KamErrorCode;
  readonly place: KamErrorPlace;
  /** The message key; undefined for an English sentence from a site not yet converted. */
  readonly key?: ProblemKey;
  readonly values: ProblemValues;
  constructor(code: KamErrorCode, key: ProblemKey, values?: ProblemValues, place?: KamErrorPlace);
  /** @deprecated an English sentence built at the throw site; give a message key and values. */
  constructor(code: KamErrorCode, message: string, place?: KamErrorPlace);
  constructor(code: KamErrorCode, keyOrMessage: string, valuesOrPlace: ProblemValues | KamErrorPlace = {}, place: KamErrorPlace = {}) {
    const keyed = isProblemKey(keyOrMessage);
    super(keyed ? problemText("en", keyOrMessage, valuesOrPlace as ProblemValues) : keyOrMessage);
    this.name = "KamError";
    this.code = code;
    this.key = keyed ? keyOrMessage : undefined;
    this.values = keyed ? (valuesOrPlace as ProblemValues) : {};
    this.place = keyed ? place : (valuesOrPlace as KamErrorPlace);
  }

  /** The message in `lang` (English for a sentence without key). */
  messageIn(lang: ProblemLang): string {
    return this.key ? problemText(lang, this.key, this.values) : this.message;
  }
}

/**
 * The error for a computed number that float64 cannot hold (beyond ±1.8E+308; Excel's own limit too), e.g.
 * a total of 1E308 + 1E308. `what` names the number as the start of a sentence ("The sum of the positive
 * values"); `hint` says what to do. One wording for every such case, so the functions, the pane and the CLI say the same.
 */
export function overflowError(what: string, place: KamErrorPlace = {}, hint = "give the inputs in larger units, e.g. thousands"): KamError {
  return new KamError("overflow", `${what} is too large to compute (beyond ±1.8E+308); ${hint}.`, place);
}

export function isKamError(e: unknown): e is KamError {
  return e instanceof KamError;
}
