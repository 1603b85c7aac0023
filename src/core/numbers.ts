/**
 * The one place that reads numbers from text (DESIGN §5: number parsing is locale-aware and explicit).
 *
 * Accepted forms, after trimming surrounding whitespace:
 *
 * | locale | decimal | thousands separators            | examples                                   |
 * | ------ | ------- | ------------------------------- | ------------------------------------------ |
 * | en-US  | `.`     | `,` (groups of three)           | `1234.5`, `1,234.50`, `.5`, `-12`, `1e6`    |
 * | nb-NO  | `,`     | space, U+00A0, U+202F or `.`    | `1 234,50`, `1.234,50`, `1234,5`, `-12`     |
 *
 * - Signs: leading `-`, `+` or U+2212 (the typographic minus Norwegian texts use). Accounting
 *   negatives in parentheses, `(1,234.50)`, are read as −1234.5 in both locales: finance exports use
 *   them and nothing else could be meant.
 * - Thousands groups must be exactly three digits after the first group, one kind of separator per
 *   number. So `1,23` is not en-US and `1 234,50` is never read under en-US (it would silently
 *   become 1 or 123450 otherwise).
 * - nb-NO and a dot without a comma: a dot followed by exactly three digits (`12.500`) could be a
 *   thousands separator (12500) or a decimal point (12.5) and is rejected as ambiguous; any other
 *   single dot (`1234.5`, `0.75`) can only be a decimal point, as machine exports write it, and is
 *   accepted. Several dot groups (`1.234.567`) are thousands.
 * - Exponents (`1.5E-3`, `1,5E-3` under nb-NO) are accepted, as Excel writes very large or small
 *   numbers that way in CSV.
 * - Not numbers: blanks, currency symbols, percent signs, `NaN`, `Infinity` and hex. Callers decide
 *   what a blank means.
 * - Refused because float64 cannot hold them, never silently rounded (each with its own `NumberProblem`
 *   so messages can say why):
 *   - more than 17 significant digits (`20000000000000000001`); leading and trailing zeros do not
 *     count, so `0.50000000000000000000` and `2000000000000000000000` are fine. 17 is what the
 *     shortest text of any float64 can need, so every number a program wrote from a double passes;
 *     a longer one cannot have come from a double and would be rounded;
 *   - a non-zero text that would become 0 (`1e-400`): "too small";
 *   - a text beyond ±1.8e308 (`1e400`), which would become ±Infinity: "too large".
 */

export type NumberLocale = "en-US" | "nb-NO";

export const NUMBER_LOCALES: readonly NumberLocale[] = ["en-US", "nb-NO"];

/**
 * Why a text is not a number: "blank", "invalid", "ambiguous" (nb-NO `12.500`), or a number float64
 * cannot hold: "digits" (more than 17 significant digits), "tooSmall" (non-zero but would become 0),
 * "tooLarge" (would become ±Infinity).
 */
export type NumberProblem = "blank" | "invalid" | "ambiguous" | "digits" | "tooSmall" | "tooLarge";

/** Most significant digits a text number may have: enough for the shortest text of any float64. */
export const MAX_SIGNIFICANT_DIGITS = 17;

export type NumberReading = { ok: true; value: number } | { ok: false; problem: NumberProblem };

const SPACES = "\u0020\u00a0\u202f";
const DIGITS = "\\d+";
const EXPONENT = "(?:[eE][+-]?\\d+)?";

// Integer part, either plain digits or grouped by one separator kind (a grouped number never starts
// with 0, so "0,123" and "0.750" are not thousands); then a decimal part.
const EN_US = new RegExp(`^([1-9]\\d{0,2}(?:,\\d{3})+|${DIGITS})?(?:\\.(\\d*))?${EXPONENT}$`);
const NB_SPACE_GROUPS = new RegExp(`^([1-9]\\d{0,2}(?:[${SPACES}]\\d{3})+|${DIGITS})?(?:,(\\d*))?${EXPONENT}$`);
const NB_DOT_GROUPS = new RegExp(`^([1-9]\\d{0,2}(?:\\.\\d{3})+)(?:,(\\d*))?${EXPONENT}$`);
const NB_DOT_DECIMAL = new RegExp(`^(${DIGITS})?\\.(\\d*)${EXPONENT}$`);

/**
 * The number a text stands for under `locale`, or null when it is not a number (blank included).
 * @param text   what a user or an export wrote, e.g. "1 234,50".
 * @param locale "en-US" (decimal point) or "nb-NO" (decimal comma); see the module doc for the forms.
 * @returns a finite number (never -0), or null.
 */
export function parseNumber(text: string, locale: NumberLocale): number | null {
  const r = readNumber(text, locale);
  return r.ok ? r.value : null;
}

/** Like `parseNumber`, but says why a text is not a number (for error messages). */
export function readNumber(text: string, locale: NumberLocale): NumberReading {
  let s = text.trim();
  if (s === "") return { ok: false, problem: "blank" };
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  } else if (s[0] === "-" || s[0] === "+" || s[0] === "\u2212") {
    negative = s[0] !== "+";
    s = s.slice(1);
  }
  const normal = locale === "en-US" ? normaliseEnUs(s) : normaliseNbNo(s);
  if (typeof normal !== "string") return { ok: false, problem: normal.problem };
  // normal is digits with at most one ".", then maybe an exponent.
  const mantissa = normal.replace(/[eE].*$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
  if (mantissa.length > MAX_SIGNIFICANT_DIGITS) return { ok: false, problem: "digits" };
  const value = Number(normal);
  if (!Number.isFinite(value)) return { ok: false, problem: "tooLarge" };
  if (value === 0 && mantissa !== "") return { ok: false, problem: "tooSmall" };
  return { ok: true, value: negative && value !== 0 ? -value : value + 0 };
}

/** Digits-only mantissa with "." as the decimal point, or the problem. */
function normaliseEnUs(s: string): string | { problem: NumberProblem } {
  const m = EN_US.exec(s);
  if (!m || !hasDigits(m[1], m[2])) return { problem: "invalid" };
  return s.replace(/,/g, "");
}

function normaliseNbNo(s: string): string | { problem: NumberProblem } {
  let m = NB_SPACE_GROUPS.exec(s);
  if (m && hasDigits(m[1], m[2])) return s.replace(/[\u0020\u00a0\u202f]/g, "").replace(",", ".");
  m = NB_DOT_GROUPS.exec(s);
  if (m) {
    // One dot group and no comma: "12.500" is 12500 or 12.5 depending on who wrote it.
    if (m[2] === undefined && (m[1].match(/\./g) ?? []).length === 1) return { problem: "ambiguous" };
    return s.replace(/\./g, "").replace(",", ".");
  }
  m = NB_DOT_DECIMAL.exec(s);
  if (m && hasDigits(m[1], m[2])) return s;
  return { problem: "invalid" };
}

function hasDigits(intPart: string | undefined, fraction: string | undefined): boolean {
  return (intPart !== undefined && intPart !== "") || (fraction !== undefined && fraction !== "");
}

/**
 * A Grid cell as a number: numbers pass when finite, strings are parsed with `parseNumber`, and
 * everything else (blank, boolean, Date, error marker, rich object) is not a number → null.
 * Booleans and dates are refused on purpose: TRUE is not revenue, and a date in a value column is a
 * mapping mistake.
 */
export function cellNumber(cell: unknown, locale: NumberLocale): number | null {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell + 0 : null;
  if (typeof cell === "string") return parseNumber(cell, locale);
  return null;
}

/** The other locale under which `text` would be a number, for a hint in error messages. */
export function otherLocaleReading(text: string, locale: NumberLocale): { locale: NumberLocale; value: number } | null {
  for (const other of NUMBER_LOCALES) {
    if (other === locale) continue;
    const v = parseNumber(text, other);
    if (v !== null) return { locale: other, value: v };
  }
  return null;
}
