/**
 * Number formats of the generated sheets, in one place (issue 11, "Currency"): amounts, percentages,
 * counts, ratings and dates. Every builder takes its formats from here, so a currency chosen once shows
 * on every amount of every sheet.
 *
 * Amounts: "#,##0.00" without a currency; with one, Excel's locale-independent currency format
 * `[$CODE] #,##0.00` (the ISO 4217 code as a literal prefix, e.g. "[$NOK] #,##0.00"), which Excel and
 * LibreOffice show as "NOK 1,234.50" in en-US and "NOK 1 234,50" in nb-NO. The code is validated
 * (three capital letters, ISO 4217's shape) before it goes into a format string.
 */
import { KamError } from "../../core/errors";

/** An ISO 4217 currency code: three capital letters (e.g. "NOK", "USD", "EUR"). */
export type CurrencyCode = string;

/** Two decimals with thousands separators; no currency. */
export const AMOUNT = "#,##0.00";
/** One decimal with thousands separators (hours, ratings times weights). */
export const DECIMAL1 = "#,##0.0";
/** A weighted score on the 1–10 scale. */
export const SCORE = "0.00";
/** A share as a percentage with one decimal. */
export const PERCENT = "0.0%";
/** A whole number (ranks, counts). */
export const COUNT = "0";
/** Text: the cell keeps what is typed literally. */
export const TEXT = "@";
/** A date (ISO order, unambiguous in every locale). */
export const DATE = "yyyy-mm-dd";

/** The ISO 4217 codes people use most with this add-in; others of the right shape are accepted too. */
export const COMMON_CURRENCIES: readonly CurrencyCode[] = ["NOK", "SEK", "DKK", "EUR", "USD", "GBP", "CHF", "ISK", "PLN", "JPY"];

/**
 * A currency code as typed ("nok", " usd ") normalised to ISO 4217's shape.
 * @returns the code in capitals, or undefined for undefined/empty input (no currency).
 * @throws KamError("argument") for anything that is not three letters A–Z.
 */
export function parseCurrency(code: string | undefined | null): CurrencyCode | undefined {
  if (code === undefined || code === null || code.trim() === "") return undefined;
  const c = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) {
    throw new KamError("argument", "arg.currency", { code });
  }
  return c;
}

/**
 * The number format of an amount: `#,##0.00`, or with a currency `[$NOK] #,##0.00`.
 * @param currency a code from `parseCurrency` (undefined: no currency).
 */
export function amountFormat(currency?: CurrencyCode): string {
  return currency ? `[$${currency}] ${AMOUNT}` : AMOUNT;
}

/**
 * The task pane's currency choice: "auto" takes it from the value column's number format (else what the
 * workbook's settings hold), "none" shows amounts without one, or an ISO 4217 code.
 */
export type CurrencyChoice = "auto" | "none" | CurrencyCode;

/**
 * The currency a run passes to `buildSelectionWorkbook` / `buildAbcSheet` for a pane choice.
 * @param valueFormat the number format of the value column's first data cell, when Excel gave one.
 * @returns a code; null for "none" (no currency, even if the workbook had one); undefined for "auto" with
 *          no currency in the format (then the workbook's stored currency, if any, stays).
 */
export function resolveCurrency(choice: CurrencyChoice | undefined, valueFormat?: string): CurrencyCode | null | undefined {
  if (choice === undefined || choice === "auto") return currencyFromFormat(valueFormat);
  if (choice === "none") return null;
  return parseCurrency(choice);
}

/** Symbols Excel writes in currency formats, and the ISO code each stands for. */
const SYMBOLS: Record<string, CurrencyCode> = {
  $: "USD",
  "€": "EUR",
  "£": "GBP",
  "¥": "JPY",
  kr: "NOK",
  "kr.": "DKK",
  zł: "PLN",
  "fr.": "CHF",
};

/**
 * The currency a cell's number format shows, when it shows one: `[$kr-414] #,##0.00` → NOK (the locale
 * id after "-" decides between the Scandinavian krones), `[$EUR] #,##0.00` → EUR, `$#,##0.00` → USD,
 * `#,##0.00 "kr"` → NOK. Used to default the task pane's currency choice from the value column.
 * @returns the ISO code, or undefined when the format names no currency (or one this table lacks).
 */
export function currencyFromFormat(format: string | undefined | null): CurrencyCode | undefined {
  if (!format) return undefined;
  const bracket = /\[\$([^\]-]*)(?:-([0-9A-Fa-f]+))?\]/.exec(format);
  if (bracket) {
    const [, sym, lcid] = bracket;
    if (/^[A-Z]{3}$/.test(sym)) return sym;
    if (sym === "kr" && lcid) {
      const id = parseInt(lcid, 16) & 0xffff;
      // 0x41D Swedish, 0x406 Danish, 0x414 / 0x814 Norwegian.
      if (id === 0x41d || id === 0x81d) return "SEK";
      if (id === 0x406) return "DKK";
      return "NOK";
    }
    if (SYMBOLS[sym]) return SYMBOLS[sym];
  }
  // Unbracketed symbols outside quotes-stripped format text ("$#,##0.00", "#,##0 €", '#,##0 "kr"').
  const text = format.replace(/\[[^\]]*\]/g, "").replace(/"([^"]*)"/g, "$1");
  if (/[$]/.test(text)) return "USD";
  if (text.includes("€")) return "EUR";
  if (text.includes("£")) return "GBP";
  if (/\bkr\b/i.test(text)) return "NOK";
  return undefined;
}
