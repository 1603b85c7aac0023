/**
 * How Excel turns what is written into a cell into what the cell holds, and how it prints it back.
 * Mimics Excel (en-US) on the points that matter to the add-in:
 * - a string that starts with "=" is a formula; one that starts with "+", "-" or "@" and is not a number
 *   becomes a formula too ("+47 22 00 00 00" → "=+47 22 00 00 00", "@home AS" → "=home AS"), exactly the
 *   trap DESIGN §2 rule 5 is about;
 * - a leading apostrophe marks text and is consumed ("'=x" is stored as the text "=x");
 * - numeric-looking text becomes a number ("00123" → 123, "1,234" → 1234, "12%" → 0.12, "1e3" → 1000),
 *   "TRUE"/"FALSE" become booleans, "#N/A" & co become errors, "2024-01-31" and "1/31/2024" become dates;
 * - "" empties the cell; null leaves it unchanged (Office.js semantics for arrays with holes);
 * - a cell formatted as text ("@") keeps every non-formula string as typed.
 */
import { fail } from "./errors";

export type Scalar = string | number | boolean;

/** One stored cell. `v` undefined = empty. `err` marks an error value (v holds its text, e.g. "#N/A"). */
export interface Cell {
  v?: Scalar;
  err?: boolean;
  /** Formula text with leading "=" (en-US). */
  f?: string;
  /** Number format; undefined = "General". */
  nf?: string;
  bold?: boolean;
  italic?: boolean;
  fill?: string;
  color?: string;
  /** Wrap text in the cell. */
  wrap?: boolean;
  /** Vertical alignment ("Top", "Center", "Bottom" …); undefined = Excel's default, "Bottom". */
  vAlign?: string;
  /** Horizontal alignment ("Left", "Center", "Right" …); undefined = Excel's default, "General". */
  hAlign?: string;
}

/** What a written entry turns into. */
export type Entry =
  | { kind: "empty" }
  | { kind: "value"; v: Scalar; err?: boolean; nf?: string }
  | { kind: "formula"; f: string };

const ERRORS = new Set(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"]);
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const MAX_TEXT = 32_767;

/** Parse one entry of a `values`/`formulas` write. Returns null for "leave unchanged". */
export function parseEntry(input: unknown, textFormat: boolean, where: string): Entry | null {
  if (input === null || input === undefined) return null;
  if (typeof input === "boolean") return { kind: "value", v: input };
  if (typeof input === "number") {
    if (!Number.isFinite(input)) fail("InvalidArgument", `Cannot write the non-finite number ${input} to a cell.`, where);
    return { kind: "value", v: input };
  }
  if (typeof input !== "string") {
    fail("InvalidArgument", `Cells accept strings, numbers and booleans, not ${Object.prototype.toString.call(input)}.`, where);
  }
  const s = input;
  if (s === "") return { kind: "empty" };
  // Formulas are checked by `checkFormula` (formula.ts), which knows the workbook.
  if (s.startsWith("=") && s.length > 1) return { kind: "formula", f: s };
  // Microsoft, "Excel specifications and limits": 32,767 characters in a cell (the apostrophe that
  // marks text is not part of the value).
  const text = s.startsWith("'") ? s.slice(1) : s;
  if (text.length > MAX_TEXT) fail("InvalidArgument", `Text longer than ${MAX_TEXT} characters (${text.length}): ${text.slice(0, 40)}…`, where);
  if (s.startsWith("'")) return { kind: "value", v: text };
  if (textFormat) return { kind: "value", v: s };
  const num = parseNumber(s);
  if (num) return { kind: "value", v: num.v, nf: num.nf };
  if (s[0] === "+" || s[0] === "-") return { kind: "formula", f: "=" + s };
  if (s[0] === "@" && s.length > 1) return { kind: "formula", f: "=" + s.slice(1) };
  const upper = s.trim().toUpperCase();
  if (upper === "TRUE" || upper === "FALSE") return { kind: "value", v: upper === "TRUE" };
  if (ERRORS.has(upper)) return { kind: "value", v: upper, err: true };
  const date = parseDate(s.trim());
  if (date !== null) return { kind: "value", v: date, nf: "m/d/yyyy" };
  return { kind: "value", v: s };
}

/** Numbers as Excel en-US reads typed text; nf is the format Excel applies to a General cell. */
function parseNumber(s: string): { v: number; nf?: string } | null {
  let t = s.trim();
  if (t === "") return null;
  let percent = false;
  if (t.endsWith("%")) {
    percent = true;
    t = t.slice(0, -1).trim();
  }
  if (!NUMBER.test(t) || !/\d/.test(t)) return null;
  const grouped = t.includes(",");
  let v = Number(t.replace(/,/g, ""));
  if (!Number.isFinite(v)) return null;
  if (percent) v = v / 100;
  return { v, nf: percent ? "0%" : grouped ? "#,##0" : undefined };
}

/** Excel date serial (1900 system, days since 1899-12-30) for ISO and US dates, else null. */
function parseDate(s: string): number | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s))) [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d || y < 1900) return null;
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** What `range.values` gives for a cell: "" for empty and for an uncalculated formula. */
export function cellValue(c: Cell | undefined): Scalar {
  return c?.v ?? "";
}

/** What `range.formulas` gives: the formula, else the value. */
export function cellFormula(c: Cell | undefined): Scalar {
  return c?.f ?? c?.v ?? "";
}

/**
 * What `range.valueTypes` gives. A formula whose result the fake does not know (it does not calculate;
 * LibreOffice does that in the real-client tests) is "Unknown", never "Empty", so a reader cannot
 * mistake it for a blank.
 */
export function cellValueType(c: Cell | undefined): string {
  if (!c || c.v === undefined) return c?.f ? "Unknown" : "Empty";
  if (c.err) return "Error";
  switch (typeof c.v) {
    case "number":
      return "Double";
    case "boolean":
      return "Boolean";
    default:
      return "String";
  }
}

/** What `range.text` gives: the value as displayed (a small subset of Excel's number formats). */
export function cellText(c: Cell | undefined): string {
  if (!c || c.v === undefined) return "";
  const v = c.v;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "string") return v;
  const nf = c.nf ?? "General";
  const pct = /^0(?:\.(0+))?%$/.exec(nf);
  if (pct) return (v * 100).toFixed(pct[1]?.length ?? 0) + "%";
  const fixed = /^(#,##)?0(?:\.(0+))?$/.exec(nf);
  if (fixed) {
    const s = v.toFixed(fixed[2]?.length ?? 0);
    return fixed[1] ? groupThousands(s) : s;
  }
  if (/[dmy]/i.test(nf) && !/[0#]/.test(nf)) {
    const dt = new Date(Date.UTC(1899, 11, 30) + Math.round(v) * 86_400_000);
    return `${dt.getUTCMonth() + 1}/${dt.getUTCDate()}/${dt.getUTCFullYear()}`;
  }
  return String(Number(v.toPrecision(11)));
}

function groupThousands(s: string): string {
  const [int, frac] = s.split(".");
  const sign = int.startsWith("-") ? "-" : "";
  const digits = sign ? int.slice(1) : int;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + grouped + (frac !== undefined ? "." + frac : "");
}
