/**
 * The pane's words: message templates from src/i18n filled in, numbers in the user's language, and every
 * error turned into a plain sentence that still names the column, the row and the sheet (STYLE: each
 * door maps KamError once — this is the task pane's mapping).
 */
import { isKamError } from "../core/errors";
import { NumberLocale, otherLocaleReading } from "../core/numbers";
import { Lang, MessageKey, t } from "../i18n";
import { isCellError, isMergedCell } from "../read/grid";
import { CellProblem } from "./abcRun";
import { SourceProblem } from "./readMapped";

export type Vars = Record<string, string | number>;

/** The text of `key` with {placeholders} replaced; numbers are formatted for `lang`. */
export function fmt(lang: Lang, key: MessageKey, vars: Vars = {}): string {
  return t(lang, key).replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = vars[name];
    return v === undefined ? m : typeof v === "number" ? formatCount(lang, v) : v;
  });
}

const tag = (lang: Lang): string => (lang === "nb" ? "nb-NO" : "en-US");

/** 9994 → "9,994" (en) / "9 994" (nb). */
export function formatCount(lang: Lang, n: number): string {
  return new Intl.NumberFormat(tag(lang), { maximumFractionDigits: 2 }).format(n);
}

/**
 * 0.8006 → "80.1 %" (en) / "80,1 %" (nb): one decimal, a no-break space before the sign in both
 * languages (Norwegian style; kept in English too so the pane reads the same), never split over lines.
 */
export function formatPercent(lang: Lang, x: number): string {
  const n = new Intl.NumberFormat(tag(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x * 100);
  return `${n}\u00a0%`;
}

/**
 * A threshold as typed in the pane: "80", "80,5", "80.5", "80 %" → 80 / 80.5 (percent); null when it is
 * not a plain non-negative number. Both decimal marks are accepted: the field holds one number, so a
 * comma cannot be a thousands separator here.
 */
export function parsePercent(text: string): number | null {
  const s = text.trim().replace(/\s*%$/, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) return null;
  return Number(s);
}

/** "5, 9, 12" or "5, 9, 12 and 3 more" for the first listed rows of `count`. */
export function rowList(lang: Lang, rows: readonly number[], count: number): string {
  const listed = rows.map((r) => String(r)).join(", ");
  return count > rows.length ? fmt(lang, "result.rows.more", { rows: listed, count: count - rows.length }) : listed;
}

/** How a cell is named in a message: the text “abc”, the logical value TRUE, the error value #N/A, 12. */
export function describeCellFor(lang: Lang, cell: unknown): string {
  if (typeof cell === "string") return fmt(lang, "cell.text", { text: cell });
  if (typeof cell === "boolean") return fmt(lang, "cell.logical", { text: cell ? "TRUE" : "FALSE" });
  if (isCellError(cell)) return fmt(lang, "cell.error", { text: cell.error });
  return String(cell);
}

/**
 * Any error of a pane action as one sentence in `lang`.
 * @param locale the number locale the run used (for the "it reads as … with the other locale" hint).
 */
export function errorMessage(e: unknown, lang: Lang, locale: NumberLocale = "en-US"): string {
  if (e instanceof SourceProblem) {
    const vars = { source: e.place.source ?? "", column: e.place.column ?? "" };
    switch (e.reason) {
      case "tableMissing":
        return fmt(lang, "error.table.missing", vars);
      case "sheetMissing":
        return fmt(lang, "error.sheet.missing", vars);
      case "noData":
        return fmt(lang, "error.noData", vars);
      case "columnMissing":
        return fmt(lang, "error.column.missing", vars);
      case "columnDuplicate":
        return fmt(lang, "error.column.duplicate", vars);
      case "mappedTwice":
        return fmt(lang, "error.mappedTwice", vars);
    }
  }
  if (e instanceof CellProblem) {
    const vars = { source: e.place.source ?? "", column: e.place.column ?? "", row: String(e.place.row ?? "") };
    const cell = e.cell;
    if (isMergedCell(cell)) return fmt(lang, "error.merged", vars);
    // A number kam cannot compute with (too many digits, too small, too large): the core's own words say why.
    const uncomputable = e.key === "input.digits" || e.key === "input.tooSmall" || e.key === "input.tooLarge";
    if (e.code === "number" && !uncomputable) {
      if (cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === ""))
        return fmt(lang, "error.value.blank", vars);
      let text = fmt(lang, "error.value.notNumber", { ...vars, cell: describeCellFor(lang, cell) });
      const other = typeof cell === "string" ? otherLocaleReading(cell, locale) : null;
      if (other) {
        const example = t(lang, other.locale === "nb-NO" ? "locale.nb" : "locale.en");
        text += " " + fmt(lang, "error.value.otherLocale", { value: formatCount(lang, other.value), example });
      }
      return text;
    }
    if (e.code === "argument" && isCellError(cell))
      return fmt(lang, "error.customer.errorValue", { ...vars, cell: cell.error });
  }
  if (isKamError(e)) {
    if (e.code === "empty") return fmt(lang, "error.empty", { source: e.place.source ?? "" });
    if (e.place.column === "thresholds") return fmt(lang, "error.thresholds");
    // Anything else the core reports names its place, in the pane's language when it has a message key.
    return e.messageIn(lang);
  }
  const office = e as { code?: unknown; message?: unknown };
  if (office && typeof office.code === "string") {
    return fmt(lang, "error.excel", { code: office.code, message: String(office.message ?? "") });
  }
  return fmt(lang, "error.unexpected", { message: e instanceof Error ? e.message : String(e) });
}
