/**
 * Finding the add-in's labels in cells, whatever the sheet's language and however a person typed them:
 * trimmed, case-insensitive, English or Norwegian (DESIGN §5). The one place that reads a list choice
 * back ("yes", "YES", "Ja" → plan.yes) and writes it in the sheet language.
 */
import { SHEET_LABELS, SheetLabelKey, SheetLanguage, sheetEn } from "../../i18n/sheets";
import type { UserCell } from "../../plan/userCell";

const ALL_KEYS = Object.keys(sheetEn) as SheetLabelKey[];

function norm(s: string): string {
  return s.trim().replace(/\s+/g, " ").toLowerCase();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Looks up label texts of the keys starting with one of `prefixes`. */
export interface LabelIndex {
  /** The label key a cell shows (the first key in declaration order when two share a text), or undefined. */
  keyOf(cell: UserCell | undefined): SheetLabelKey | undefined;
}

const indexCache = new Map<string, LabelIndex>();

/**
 * An index of the labels whose keys start with one of `prefixes`, in both languages. Labels with
 * placeholders ("Key account plan: {customer}") match any text in the placeholder's place.
 */
export function labelIndex(prefixes: readonly string[]): LabelIndex {
  const cacheKey = prefixes.join("|");
  const cached = indexCache.get(cacheKey);
  if (cached) return cached;
  const exact = new Map<string, SheetLabelKey>();
  const patterns: { re: RegExp; key: SheetLabelKey }[] = [];
  for (const key of ALL_KEYS) {
    if (!prefixes.some((p) => key.startsWith(p))) continue;
    for (const lang of ["en", "nb"] as const) {
      const text = SHEET_LABELS[lang][key];
      if (/\{[a-z]+\}/.test(text)) {
        const re = new RegExp(
          "^" + norm(text).split(/\{[a-z]+\}/).map(escapeRe).join(".+") + "$",
          "s",
        );
        patterns.push({ re, key });
      } else if (!exact.has(norm(text))) exact.set(norm(text), key);
    }
  }
  const index: LabelIndex = {
    keyOf(cell) {
      if (typeof cell !== "string") return undefined;
      const t = norm(cell);
      if (t === "") return undefined;
      return exact.get(t) ?? patterns.find((p) => p.re.test(t))?.key;
    },
  };
  indexCache.set(cacheKey, index);
  return index;
}

/** The cell shows the label `key` (either language, any case, surrounding spaces ignored). */
export function isLabel(cell: UserCell | undefined, key: SheetLabelKey): boolean {
  if (typeof cell !== "string") return false;
  const t = norm(cell);
  return t === norm(SHEET_LABELS.en[key]) || t === norm(SHEET_LABELS.nb[key]);
}

/** Which item of a list (label keys) a typed value is, in any case or language; undefined for none. */
export function listKey(value: UserCell | undefined, items: readonly SheetLabelKey[]): SheetLabelKey | undefined {
  return typeof value === "string" ? items.find((k) => isLabel(value, k)) : undefined;
}

/**
 * A typed list value in the sheet language: "yes", "YES" or "Ja" on an English sheet → "Yes". Values
 * that are no item of any of `lists` (a person's own words, numbers, formulas) come back unchanged.
 */
export function translateListValue(
  value: UserCell,
  lists: readonly (readonly SheetLabelKey[])[],
  language: SheetLanguage,
): UserCell {
  for (const list of lists) {
    const k = listKey(value, list);
    if (k) return SHEET_LABELS[language][k];
  }
  return value;
}

/** The Yes/No list of the Portfolio and the KPI table. */
export const YES_NO: readonly SheetLabelKey[] = ["plan.yes", "plan.no"];

/** A Yes choice, typed in any case or language ("yes", "YES", "Ja"). */
export function isYes(value: UserCell | undefined): boolean {
  return listKey(value, YES_NO) === "plan.yes";
}
