/**
 * Excel formulas as the fake reads them: a small tokenizer of the en-US A1 syntax (ECMA-376 Part 1
 * §18.17 "Formulas", the grammar of the file format, which is also what Office.js's `range.formulas`
 * speaks) and the checks Excel makes when a formula is entered (`checkFormula`).
 *
 * The tokenizer is our own and deliberately small: it knows strings, numbers, booleans, error literals,
 * A1 references with an optional sheet prefix (`B3`, `$B$3:D9`, `C:C`, `2:4`, `'It''s'!A1`), structured
 * references (`Table[Col]`, `Table[[#This Row],[Col]]`, `[@Col]`, `Table[#All]`), defined names,
 * function names (with `_xlfn.` prefixes) and operators. It does not check the grammar beyond that
 * (argument counts, operator placement): Excel's own parse errors there are not what the add-in risks.
 * It shares no code with the add-in (`src/`), so a bug there cannot hide itself in tests.
 */
import { MAX_COLS, MAX_ROWS, contains } from "./address";
import { fail } from "./errors";
import type { FakeSheet } from "./model";

/** One end of an A1 reference; `col`/`row` undefined for whole rows/columns. */
export interface RefEnd {
  col?: number;
  row?: number;
  colAbs: boolean;
  rowAbs: boolean;
}

interface TokenBase {
  /** Offset of the token in the formula text (the leading "=" included). */
  start: number;
  /** The token's text exactly as written. */
  text: string;
}

export type Token = TokenBase &
  (
    | { kind: "string"; value: string }
    | { kind: "number" | "bool" | "error" | "op" | "space" }
    /** `sheet` is the unquoted sheet name, `prefix` its text with the "!" (e.g. "'It''s'!"). */
    | { kind: "ref"; sheet?: string; prefix: string; a: RefEnd; b?: RefEnd }
    /** A structured reference: `table` undefined for `[@Col]`/`[Col]` inside a table. */
    | { kind: "structured"; table?: string; specials: string[]; columns: string[]; thisRow: boolean }
    | { kind: "name"; sheet?: string; prefix: string; name: string }
    /** `name` as written, prefixes included ("_xlfn.XLOOKUP"); the text includes the "(". */
    | { kind: "function"; name: string }
  );

const ERROR_LITERALS = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"];
const SPECIALS = ["#ALL", "#DATA", "#HEADERS", "#TOTALS", "#THIS ROW"];

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})/;
const COLS = /^(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![\p{L}\p{N}_.(![])/u;
const ROWS = /^(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})(?![\p{L}\p{N}_.(!:])/u;
/** Characters that may follow an identifier's first character. */
const IDENT = /^[\p{L}_\\][\p{L}\p{N}_.\\?]*/u;
const UNQUOTED_SHEET = /^([\p{L}_][\p{L}\p{N}_.]*)!/u;
const NUMBER = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function syntax(formula: string, at: number, why: string, where: string): never {
  // Excel: "There's a problem with this formula." Office.js reports the write as InvalidArgument.
  fail("InvalidArgument", `There's a problem with this formula (${why} at character ${at + 1}): ${formula.slice(0, 80)}`, where);
}

/** The text of a bracketed part starting at `i` (formula[i] === "["), with `'` escaping the next character. */
function bracketEnd(f: string, i: number, where: string): number {
  let depth = 0;
  for (let j = i; j < f.length; j++) {
    const ch = f[j];
    if (ch === "'") {
      j++;
      continue;
    }
    if (ch === "[") depth++;
    else if (ch === "]" && --depth === 0) return j + 1;
  }
  return syntax(f, i, "unclosed [", where);
}

const unescape = (s: string): string => s.replace(/'(.)/g, "$1");

/** Parse the inside of a structured reference's outer brackets. */
function structuredParts(inner: string): { specials: string[]; columns: string[]; thisRow: boolean } {
  const specials: string[] = [];
  const columns: string[] = [];
  let thisRow = false;
  let rest = inner.trim();
  if (rest.startsWith("@")) {
    thisRow = true;
    rest = rest.slice(1).trim();
  }
  if (rest.startsWith("[")) {
    // A list of [items] separated by "," or ":" (column ranges).
    const items = rest.match(/\[(?:[^'\]]|'.)*\]/g) ?? [];
    for (const item of items) {
      const name = unescape(item.slice(1, -1)).trim();
      if (name.startsWith("#")) specials.push(name.toUpperCase());
      else columns.push(name);
    }
  } else if (rest.startsWith("#")) specials.push(rest.toUpperCase());
  else if (rest !== "") columns.push(unescape(rest));
  if (specials.includes("#THIS ROW")) thisRow = true;
  return { specials, columns, thisRow };
}

function refEnd(m: RegExpExecArray): RefEnd {
  return { colAbs: m[1] === "$", col: colNumber(m[2]), rowAbs: m[3] === "$", row: Number(m[4]) - 1 };
}

function validEnd(e: RefEnd): boolean {
  return (e.col === undefined || e.col < MAX_COLS) && (e.row === undefined || (e.row >= 0 && e.row < MAX_ROWS));
}

/**
 * Split a formula (with or without its leading "=") into tokens; joining every token's `text` gives the
 * formula back. Throws InvalidArgument (Excel's "There's a problem with this formula") on an unclosed
 * string, quote or bracket and on characters outside the syntax.
 */
export function tokenize(formula: string, where = "formula"): Token[] {
  const f = formula;
  const out: Token[] = [];
  let i = f.startsWith("=") ? 1 : 0;
  if (i === 1) out.push({ kind: "op", start: 0, text: "=" });
  const push = (t: Token): void => {
    out.push(t);
    i = t.start + t.text.length;
  };
  /** After a sheet prefix: a reference or a sheet-scoped name. */
  const afterPrefix = (start: number, prefix: string, sheet: string): void => {
    const rest = f.slice(start + prefix.length);
    const ref = readRef(rest);
    if (ref) return push({ kind: "ref", start, text: prefix + ref.text, sheet, prefix, a: ref.a, b: ref.b });
    if (rest.toUpperCase().startsWith("#REF!")) return push({ kind: "error", start, text: prefix + "#REF!" });
    const id = IDENT.exec(rest);
    if (id) return push({ kind: "name", start, text: prefix + id[0], sheet, prefix, name: id[0] });
    syntax(f, start, `nothing after ${prefix}`, where);
  };
  while (i < f.length) {
    const ch = f[i];
    const rest = f.slice(i);
    if (ch === '"') {
      let j = i + 1;
      for (;;) {
        const k = f.indexOf('"', j);
        if (k < 0) syntax(f, i, "unclosed string", where);
        if (f[k + 1] === '"') j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      const text = f.slice(i, j);
      push({ kind: "string", start: i, text, value: text.slice(1, -1).replace(/""/g, '"') });
    } else if (ch === "'") {
      let j = i + 1;
      for (;;) {
        const k = f.indexOf("'", j);
        if (k < 0) syntax(f, i, "unclosed quote", where);
        if (f[k + 1] === "'") j = k + 2;
        else {
          j = k + 1;
          break;
        }
      }
      if (f[j] !== "!") syntax(f, i, "quoted name without !", where);
      const prefix = f.slice(i, j + 1);
      afterPrefix(i, prefix, prefix.slice(1, -2).replace(/''/g, "'"));
    } else if (ch === "#") {
      const e = ERROR_LITERALS.find((x) => rest.toUpperCase().startsWith(x));
      if (!e) syntax(f, i, "unknown error literal", where);
      push({ kind: "error", start: i, text: rest.slice(0, e.length) });
    } else if (ch === "[") {
      const end = bracketEnd(f, i, where);
      const text = f.slice(i, end);
      if (/^[\p{L}\p{N}_'!]/u.test(f.slice(end, end + 1))) {
        // [Book.xlsx]Sheet!A1: a reference into another workbook.
        syntax(f, i, "external workbook reference", where);
      }
      push({ kind: "structured", start: i, text, ...structuredParts(text.slice(1, -1)) });
    } else if (/\s/.test(ch)) {
      push({ kind: "space", start: i, text: /^\s+/.exec(rest)![0] });
    } else if (/[0-9.]/.test(ch)) {
      const rows = ROWS.exec(rest);
      if (rows) {
        const a: RefEnd = { colAbs: false, rowAbs: rows[1] === "$", row: Number(rows[2]) - 1 };
        const b: RefEnd = { colAbs: false, rowAbs: rows[3] === "$", row: Number(rows[4]) - 1 };
        if (validEnd(a) && validEnd(b)) {
          push({ kind: "ref", start: i, text: rows[0], prefix: "", a, b });
          continue;
        }
      }
      const n = NUMBER.exec(rest);
      if (!n) syntax(f, i, "bad number", where);
      push({ kind: "number", start: i, text: n[0] });
    } else if (ch === "$" || IDENT.test(rest)) {
      const sheet = UNQUOTED_SHEET.exec(rest);
      if (sheet) {
        afterPrefix(i, sheet[0], sheet[1]);
        continue;
      }
      const ref = readRef(rest);
      if (ref) {
        push({ kind: "ref", start: i, text: ref.text, prefix: "", a: ref.a, b: ref.b });
        continue;
      }
      if (ch === "$") syntax(f, i, "bad reference", where);
      const id = IDENT.exec(rest)![0];
      const next = f[i + id.length];
      if (next === "(") push({ kind: "function", start: i, text: id + "(", name: id });
      else if (next === "[") {
        const end = bracketEnd(f, i + id.length, where);
        const text = f.slice(i, end);
        push({ kind: "structured", start: i, text, table: id, ...structuredParts(f.slice(i + id.length + 1, end - 1)) });
      } else if (/^(TRUE|FALSE)$/i.test(id)) push({ kind: "bool", start: i, text: id });
      else push({ kind: "name", start: i, text: id, prefix: "", name: id });
    } else if (/^(<>|<=|>=)/.test(rest)) {
      push({ kind: "op", start: i, text: rest.slice(0, 2) });
    } else if ("+-*/^&=<>%:,;(){}@".includes(ch)) {
      push({ kind: "op", start: i, text: ch });
    } else {
      syntax(f, i, `unexpected "${ch}"`, where);
    }
  }
  return out;
}

/**
 * `formula` with some tokens replaced: `replace` returns the new text of a token, or undefined to keep
 * it. A formula the tokenizer cannot read (only test setup can store one) comes back unchanged.
 */
export function rewriteTokens(formula: string, replace: (t: Token) => string | undefined): string {
  let tokens: Token[];
  try {
    tokens = tokenize(formula);
  } catch {
    return formula;
  }
  let changed = false;
  const text = tokens
    .map((t) => {
      const r = replace(t);
      if (r === undefined) return t.text;
      changed = true;
      return r;
    })
    .join("");
  return changed ? text : formula;
}

/** A cell, cell range, column range or row range at the start of `s`, or null. */
function readRef(s: string): { text: string; a: RefEnd; b?: RefEnd } | null {
  const cols = COLS.exec(s);
  if (cols) {
    const a: RefEnd = { colAbs: cols[1] === "$", col: colNumber(cols[2]), rowAbs: false };
    const b: RefEnd = { colAbs: cols[3] === "$", col: colNumber(cols[4]), rowAbs: false };
    if (validEnd(a) && validEnd(b)) return { text: cols[0], a, b };
  }
  const rows = ROWS.exec(s);
  if (rows) {
    const a: RefEnd = { colAbs: false, rowAbs: rows[1] === "$", row: Number(rows[2]) - 1 };
    const b: RefEnd = { colAbs: false, rowAbs: rows[3] === "$", row: Number(rows[4]) - 1 };
    if (validEnd(a) && validEnd(b)) return { text: rows[0], a, b };
  }
  const m = CELL.exec(s);
  if (!m) return null;
  const after = s.slice(m[0].length);
  if (/^[\p{L}\p{N}_.(![\\?]/u.test(after)) return null; // part of a longer name or a function
  const a = refEnd(m);
  if (!validEnd(a)) return null;
  if (after.startsWith(":")) {
    const m2 = CELL.exec(after.slice(1));
    if (m2 && !/^[\p{L}\p{N}_.(![\\?]/u.test(after.slice(1 + m2[0].length))) {
      const b = refEnd(m2);
      if (validEnd(b)) return { text: m[0] + ":" + m2[0], a, b };
    }
  }
  return { text: m[0], a };
}

// ------------------------------------------------------------------------------------------------
// Functions Excel knows
// ------------------------------------------------------------------------------------------------

/**
 * Worksheet functions of Excel 2016 and earlier that the file format stores without a prefix (ECMA-376
 * Part 1 §18.17.7 "Predefined Function Definitions" lists them). Not all ~340, but every one the add-in
 * writes (grep `src/plan` for formulas) and the common ones beside them; a function missing here makes the
 * fake refuse a formula, which a test then shows, and the function is added.
 */
const CLASSIC = `ABS ACOS ACOSH ADDRESS AND AREAS ASIN ASINH ATAN ATAN2 ATANH AVEDEV AVERAGE AVERAGEA AVERAGEIF
  AVERAGEIFS CEILING CELL CHAR CHOOSE CLEAN CODE COLUMN COLUMNS CONCATENATE CORREL COS COSH COUNT COUNTA
  COUNTBLANK COUNTIF COUNTIFS COVAR DATE DATEDIF DATEVALUE DAY DAYS360 DEGREES DOLLAR EDATE EOMONTH EVEN EXACT
  EXP FACT FALSE FIND FIXED FLOOR FORECAST FREQUENCY GEOMEAN GROWTH HLOOKUP HOUR HYPERLINK IF IFERROR INDEX
  INDIRECT INFO INT INTERCEPT IPMT IRR ISBLANK ISERR ISERROR ISEVEN ISLOGICAL ISNA ISNONTEXT ISNUMBER ISODD
  ISREF ISTEXT LARGE LEFT LEN LINEST LN LOG LOG10 LOOKUP LOWER MATCH MAX MAXA MEDIAN MID MIN MINA MINUTE MOD
  MODE MONTH MROUND N NA NETWORKDAYS NOT NOW NPER NPV ODD OFFSET OR PERCENTILE PERCENTRANK PI PMT POWER PPMT
  PRODUCT PROPER PV QUARTILE RADIANS RAND RANDBETWEEN RANK RATE REPLACE REPT RIGHT ROUND ROUNDDOWN ROUNDUP ROW
  ROWS RSQ SEARCH SECOND SIGN SIN SINH SLOPE SMALL SQRT STANDARDIZE STDEV STDEVA STDEVP SUBSTITUTE SUBTOTAL
  SUM SUMIF SUMIFS SUMPRODUCT SUMSQ T TAN TANH TEXT TIME TIMEVALUE TODAY TRANSPOSE TREND TRIM TRUE TRUNC TYPE
  UPPER VALUE VAR VARA VARP VLOOKUP WEEKDAY WEEKNUM WORKDAY XIRR XNPV YEAR YEARFRAC`;

/**
 * Functions the file format stores as `_xlfn.NAME` (Microsoft: "Issue: An _xlfn. prefix is displayed in
 * front of a formula", which lists them with the version that introduced them), by that version.
 * FILTER, SORT and SORTBY … carry `_xlfn._xlws.`.
 */
const XLFN: Record<string, number> = {
  ...Object.fromEntries(
    `AGGREGATE CEILING.PRECISE CHISQ.DIST CONFIDENCE.NORM COVARIANCE.P COVARIANCE.S FLOOR.PRECISE MODE.SNGL
     NETWORKDAYS.INTL NORM.DIST NORM.INV PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC
     QUARTILE.EXC QUARTILE.INC RANK.AVG RANK.EQ STDEV.P STDEV.S VAR.P VAR.S WORKDAY.INTL`.split(/\s+/).map((n) => [n, 2010]),
  ),
  ...Object.fromEntries(
    `ACOT ARABIC BASE BITAND CEILING.MATH DAYS DECIMAL FLOOR.MATH FORMULATEXT IFNA ISFORMULA ISOWEEKNUM NUMBERVALUE
     SHEET SHEETS UNICHAR UNICODE XOR`.split(/\s+/).map((n) => [n, 2013]),
  ),
  ...Object.fromEntries("FORECAST.ETS FORECAST.LINEAR".split(" ").map((n) => [n, 2016])),
  ...Object.fromEntries("CONCAT IFS MAXIFS MINIFS SWITCH TEXTJOIN".split(" ").map((n) => [n, 2019])),
  ...Object.fromEntries(
    `FILTER LET RANDARRAY SEQUENCE SORT SORTBY UNIQUE XLOOKUP XMATCH LAMBDA TEXTBEFORE TEXTAFTER TEXTSPLIT
     VSTACK HSTACK TAKE DROP CHOOSEROWS CHOOSECOLS TOCOL TOROW WRAPROWS WRAPCOLS EXPAND BYROW BYCOL MAP REDUCE
     SCAN MAKEARRAY ISOMITTED VALUETOTEXT ARRAYTOTEXT GROUPBY PIVOTBY REGEXTEST REGEXEXTRACT REGEXREPLACE`
      .split(/\s+/)
      .map((n) => [n, 2021]),
  ),
};

const CLASSIC_SET = new Set(CLASSIC.split(/\s+/).filter(Boolean));

/** The oldest Excel the add-in supports: functions newer than this need their `_xlfn.` form. */
export const OLDEST_EXCEL = 2016;

/**
 * Check a function name as Excel would when the formula is entered. Refused (InvalidArgument):
 * - a name Excel does not know (Excel itself stores it and shows #NAME?; the fake refuses, because the
 *   add-in never means to write one) — unless it is in a custom-function namespace of the workbook
 *   (`KAM.ABC`), which the add-in registers itself;
 * - a function newer than Excel 2016 (OLDEST_EXCEL) written without `_xlfn.`: Excel 2016 would show
 *   #NAME?, so a formula that needs one must say so by its file-format spelling (decision documented in
 *   the fake's README);
 * - `_xlfn.` on a function that does not have that form.
 */
function checkFunction(name: string, namespaces: readonly string[], formula: string, where: string): void {
  const upper = name.toUpperCase();
  const dot = upper.indexOf(".");
  if (dot > 0 && namespaces.some((ns) => ns.toUpperCase() === upper.slice(0, dot))) return;
  const prefixed = /^_XLFN\.(_XLWS\.)?/.exec(upper);
  const bare = prefixed ? upper.slice(prefixed[0].length) : upper;
  const since = XLFN[bare];
  if (prefixed) {
    if (since === undefined) fail("InvalidArgument", `"${name}": _xlfn. is only for functions added after Excel 2007 (${formula.slice(0, 80)}).`, where);
    return;
  }
  if (since !== undefined && since > OLDEST_EXCEL) {
    fail("InvalidArgument", `${bare} is newer than Excel ${OLDEST_EXCEL}; write it as _xlfn.${bare} (${formula.slice(0, 80)}).`, where);
  }
  if (since === undefined && !CLASSIC_SET.has(bare)) fail("InvalidArgument", `Unknown function ${name} (${formula.slice(0, 80)}).`, where);
}

// ------------------------------------------------------------------------------------------------
// Entering a formula
// ------------------------------------------------------------------------------------------------

/** Excel's limit on a formula's length (Microsoft, "Excel specifications and limits": 8,192 characters). */
export const MAX_FORMULA_LENGTH = 8_192;
/** Excel's limit on a text constant inside a formula ("Text values in formulas are limited to 255 characters"). */
export const MAX_FORMULA_STRING = 255;

/** Where a formula is entered: a cell, a conditional format, a data validation, a defined name. */
export type FormulaPlace = "cell" | "conditionalFormat" | "validation" | "name";

export interface FormulaSite {
  sheet: FakeSheet;
  place: FormulaPlace;
  /** The cell (0-based) for a cell formula; a conditional format's or validation's top-left cell. */
  row: number;
  col: number;
}

/** Tokens of recently checked formulas: a table column repeats one formula on 100,000 rows. */
const recent = new Map<string, Token[]>();

function tokensOf(formula: string, where: string): Token[] {
  let tokens = recent.get(formula);
  if (!tokens) {
    tokens = tokenize(formula, where);
    if (recent.size >= 1_000) recent.clear();
    recent.set(formula, tokens);
  }
  return tokens;
}

/**
 * Check a formula the moment it is entered, as Excel does, and throw InvalidArgument when Excel would
 * refuse it (or, for unknown names and functions, where Excel would store a #NAME? the add-in never
 * wants). Rules and their sources are listed in the fake's README.md.
 */
export function checkFormula(formula: string, site: FormulaSite, where: string): void {
  // F1: Microsoft, "Excel specifications and limits" (length of formula contents).
  if (formula.length > MAX_FORMULA_LENGTH) {
    fail("InvalidArgument", `A formula has at most ${MAX_FORMULA_LENGTH} characters (this one ${formula.length}): ${formula.slice(0, 60)}…`, where);
  }
  const wb = site.sheet.workbook;
  const short = formula.slice(0, 80);
  // F11: Excel refuses a formula whose parentheses do not pair ("There's a problem with this formula";
  // LibreOffice shows Err:508). Counted outside "text" and 'sheet names'.
  let depth = 0;
  for (let i = 0, quote = ""; i < formula.length; i++) {
    const ch = formula[i];
    if (quote) {
      if (ch === quote && formula[i + 1] === quote) i++;
      else if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) break;
  }
  if (depth !== 0) fail("InvalidArgument", `The formula's parentheses do not pair: ${short}`, where);
  for (const t of tokensOf(formula, where)) {
    switch (t.kind) {
      // F2: "Text values in formulas are limited to 255 characters" (Excel's message).
      case "string":
        if (t.value.length > MAX_FORMULA_STRING) fail("InvalidArgument", `Text values in formulas are limited to ${MAX_FORMULA_STRING} characters: ${short}`, where);
        break;
      // F4 (ECMA-376 §18.17.2: a sheet-qualified reference names a sheet of the workbook; Excel would
      // otherwise look for an external file) and F8 (a name is a defined name or a table, else #NAME?;
      // Microsoft, "How to correct a #NAME? error").
      case "ref":
      case "name":
        if (t.sheet !== undefined && !wb.findSheet(t.sheet)) fail("InvalidArgument", `The formula names the sheet "${t.sheet}", which does not exist: ${short}`, where);
        if (t.kind === "name" && !wb.findName(t.name) && !(t.sheet === undefined && wb.findTable(t.name))) {
          fail("InvalidArgument", `The formula uses the name "${t.name}", which is not defined: ${short}`, where);
        }
        break;
      // F9, F10: ECMA-376 §18.17.7 predefined functions; Microsoft's _xlfn. list.
      case "function":
        checkFunction(t.name, wb.customFunctionNamespaces, formula, where);
        break;
      // F5–F7: Microsoft, "Using structured references with Excel tables": a structured reference is
      // resolved when entered (table and columns must exist), and it is not accepted in conditional
      // formatting or data validation (where the known workaround is INDIRECT).
      case "structured": {
        if (site.place === "conditionalFormat" || site.place === "validation") {
          fail("InvalidArgument", `Structured references (${t.text}) can't be used in ${site.place === "validation" ? "data validation" : "conditional formatting"} formulas: ${short}`, where);
        }
        let table = t.table !== undefined ? wb.findTable(t.table) : undefined;
        if (t.table !== undefined && !table) fail("InvalidArgument", `The formula names the table "${t.table}", which does not exist: ${short}`, where);
        if (!table) {
          // [@Col] / [Col] without a table name: only inside a table's own rows.
          const cell = { r0: site.row, r1: site.row, c0: site.col, c1: site.col };
          table = site.place === "cell" ? site.sheet.tables().find((x) => contains(x.rect, cell)) : undefined;
          if (!table) fail("InvalidArgument", `${t.text} names no table and the cell is not in one: ${short}`, where);
        }
        const headers = wb.tableHeaders(table).map((h) => h.toUpperCase());
        for (const c of t.columns) {
          if (!headers.includes(c.toUpperCase())) fail("InvalidArgument", `The table "${table.name}" has no column "${c}": ${short}`, where);
        }
        for (const s of t.specials) if (!SPECIALS.includes(s)) fail("InvalidArgument", `Unknown table item ${s}: ${short}`, where);
        break;
      }
      default:
        break;
    }
  }
}
