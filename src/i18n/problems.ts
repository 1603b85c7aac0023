/**
 * Problems in the user's language. A KamError carries a message key and values (`src/core/errors.ts`);
 * each door words it here in its language: the CLI (`--language`, else the system locale), the task pane
 * (its UI language), the custom functions (Excel's display language).
 *
 * Values are text (inserted as is: file names, headers, cell text), numbers (formatted for the language:
 * 1,234.5 in English, 1 234,5 in Norwegian; row and line numbers are passed as text, ungrouped, as Excel's
 * row headers show them) or a nested problem (`{ key, values }`, worded in the same language: how a cell is named, a reason).
 */
import { problemsEn, ProblemKey } from "./problems.en";
import { problemsNb } from "./problems.nb";

export type { ProblemKey };

/** The languages problems are worded in (the same as the add-in's, `src/i18n/index.ts`). */
export type ProblemLang = "en" | "nb";

/** A problem to word: its key and the values of its {placeholders}. */
export interface ProblemRef {
  key: ProblemKey;
  values?: ProblemValues;
}

/** Values of a problem's placeholders. */
export type ProblemValues = { [name: string]: string | number | ProblemRef };

const CATALOGUES: Record<ProblemLang, Record<ProblemKey, string>> = { en: problemsEn, nb: problemsNb };

/**
 * A number as the language writes it: 1234.5 → "1,234.5" (en) / "1 234,5" (nb); integers without decimals.
 * A number JavaScript writes with an exponent (from 1e21 up, below 1e-6 in size) keeps it and every digit,
 * with the language's decimal mark (1.5e-320 / 1,5e-320), not 309 digits or a rounded 0.
 */
export function formatProblemNumber(lang: ProblemLang, n: number): string {
  const plain = String(n);
  if (plain.includes("e")) return lang === "nb" ? plain.replace(".", ",") : plain;
  return new Intl.NumberFormat(lang === "nb" ? "nb-NO" : "en-US", { maximumFractionDigits: 10, useGrouping: true }).format(n);
}

/**
 * The text of problem `key` in `lang`, placeholders filled from `values` (module rules); a placeholder
 * without a value stays as written, so a missing value shows instead of vanishing.
 */
export function problemText(lang: ProblemLang, key: ProblemKey, values: ProblemValues = {}): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = values[name];
    if (v === undefined) return m;
    if (typeof v === "number") return formatProblemNumber(lang, v);
    if (typeof v === "string") return v;
    return problemText(lang, v.key, v.values);
  });
}

/**
 * A list of items as one value, worded in the message's language: "a, b, c" (joined by `joiner`, a key with
 * {a} and {b}), and, past `max` items, "a, b and 3 more" ("list.more").
 */
export function problemList(items: readonly (string | ProblemRef)[], max = Infinity, joiner: ProblemKey = "report.list"): string | ProblemRef {
  const shown = items.slice(0, max);
  let list: string | ProblemRef = shown[0] ?? "";
  for (let i = 1; i < shown.length; i++) list = { key: joiner, values: { a: list, b: shown[i] } };
  return items.length > shown.length ? { key: "list.more", values: { list, count: items.length - shown.length } } : list;
}

/** All keys, for tests and tools. */
export const PROBLEM_KEYS = Object.keys(problemsEn) as ProblemKey[];

/**
 * The language of a locale tag or environment value ("nb-NO", "nb_NO.UTF-8", "no", "nn_NO", "en_US"):
 * Norwegian for nb, nn and no (Bokmål is what we ship), English otherwise.
 */
export function problemLangOf(tag: string | null | undefined): ProblemLang {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_.@]/)[0];
  return primary === "nb" || primary === "nn" || primary === "no" ? "nb" : "en";
}
