/**
 * The one home of Excel's cell and sheet-name rules (DESIGN §2 rules 5 and 6). Every renderer and
 * every door imports these; nothing else escapes strings or cleans sheet names.
 * Pure (no host imports), so the plan builders use it too: a formula that points at another sheet
 * must quote and sanitise that sheet's name exactly as the renderers will.
 */

/**
 * A user string as it must be handed to Excel's `range.values` so that it is stored literally.
 * Excel parses a string written as a value: "=…", "+47 22 00 00 00", "-10% rabatt", "@home" become
 * formulas, "00123" a number, "1/2" a date, "TRUE" a boolean. A leading apostrophe is Excel's own
 * "this is text" marker and is consumed on entry, so prefixing every non-empty string is lossless
 * (even for a string that itself starts with an apostrophe) and needs no guessing about what Excel parses.
 */
export function excelLiteral(s: string): string {
  return s === "" ? s : "'" + s;
}

/** Characters Excel forbids in sheet names. */
const FORBIDDEN = /[:\\/?*[\]]/g;
const MAX_SHEET_NAME = 31;

/**
 * A valid, unique sheet name close to `wanted`: forbidden characters `: \ / ? * [ ]` become "_",
 * leading/trailing apostrophes and spaces are removed, at most 31 characters, never "History"
 * (reserved by Excel), and unique case-insensitively among `taken` by a " (2)", " (3)" … suffix.
 */
export function sheetName(wanted: string, taken: Iterable<string> = []): string {
  let base = wanted.replace(FORBIDDEN, "_").replace(/[\u0000-\u001f]/g, "").trim();
  base = base.replace(/^'+|'+$/g, "").trim();
  if (base === "") base = "Sheet";
  if (base.toLowerCase() === "history") base = "History_";
  base = truncate(base, MAX_SHEET_NAME).replace(/'+$/, "");
  const used = new Set(Array.from(taken, (t) => t.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = truncate(base, MAX_SHEET_NAME - suffix.length).replace(/'+$/, "") + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** Cut to at most n UTF-16 units without splitting a surrogate pair (Excel counts UTF-16 units). */
function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** Sheet name quoted for use in a formula reference: 'My sheet'!A1 (apostrophes doubled). */
export function sheetRef(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

/** 0-based column index → letters (0 → A, 26 → AA). */
export function columnLetter(col: number): string {
  let s = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** 0-based (row, col) → "B3"; with an end, "B3:D9". */
export function a1(row: number, col: number, endRow?: number, endCol?: number): string {
  const start = `${columnLetter(col)}${row + 1}`;
  return endRow === undefined ? start : `${start}:${columnLetter(endCol ?? col)}${endRow + 1}`;
}
