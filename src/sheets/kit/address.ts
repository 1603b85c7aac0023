/**
 * The one home of Excel's address and sheet-name rules (DESIGN §2 rule 6): A1 addresses, sheet names,
 * sheet references in formulas and print areas. Pure (no host imports), below both `src/plan` and
 * `src/render`: a formula or print area that points at another sheet must quote and sanitise that sheet's
 * name exactly as the renderers will, and plans never import the renderers.
 */

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

/**
 * A valid sheet name `head + tail` unique among `taken` that shortens `head`, never `tail` (a plan sheet
 * "Plan Sean Miller (SM-20320)" loses letters of the name, not of the ID). Forbidden characters become
 * "_" as in `sheetName`; on a clash " (2)", " (3)" … follow the tail. When even an empty head does not
 * leave room for the tail, `sheetName(head + tail, taken)` (which cuts at the end).
 */
export function sheetNameKeepingTail(head: string, tail: string, taken: Iterable<string> = []): string {
  const used = new Set(Array.from(taken, (t) => t.toLowerCase()));
  const clean = (s: string): string => s.replace(FORBIDDEN, "_").replace(/[\u0000-\u001f]/g, "");
  const h = clean(head);
  const t = clean(tail);
  for (let i = 1; i < 10_000; i++) {
    const suffix = i === 1 ? "" : ` (${i})`;
    const room = MAX_SHEET_NAME - t.length - suffix.length;
    if (room < 1) break;
    const candidate = sheetName(truncate(h, room).trimEnd() + t + suffix);
    if (candidate.endsWith(t.trim() + suffix) && !used.has(candidate.toLowerCase())) return candidate;
  }
  return sheetName(head + tail, taken);
}

/** Cut to at most n UTF-16 units without splitting a surrogate pair (Excel counts UTF-16 units). */
function truncate(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * Sheet name quoted for use in a formula reference: 'My sheet'!A1 (apostrophes doubled). Quotes are left
 * out only where Excel leaves them out: a name of ASCII letters, digits, "_" and "." that does not start
 * with a digit and does not read as a reference, neither A1 ("AB12") nor R1C1 ("R", "C3", "R2C4", "RC").
 */
export function sheetRef(name: string): string {
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && !/^[Rr]?[0-9]*[Cc]?[0-9]*$/.test(name);
  return bare ? name : `'${name.replace(/'/g, "''")}'`;
}

/**
 * The one builder of sheet-qualified references, for formulas, defined names (print areas, print titles)
 * and internal hyperlinks: `sheetQualified("Plan O'Brien", "A1:M107", true)` → `'Plan O''Brien'!$A$1:$M$107`.
 * Excel's rule (ECMA-376 part 1, §18.17 formula grammar, `sheet-name` in single quotes with `''` for an
 * apostrophe): the name is quoted by `sheetRef`. `ref` is an A1 cell or range, or a whole-row ("1:3") or
 * whole-column ("A:B") range, with or without "$"; with `absolute` every column and row part gets a "$"
 * (print areas and titles are stored absolute). Several ranges may be given separated by commas.
 */
export function sheetQualified(sheet: string, ref: string, absolute = false): string {
  const prefix = `${sheetRef(sheet)}!`;
  return ref
    .split(",")
    .map((r) => prefix + (absolute ? r.trim().replace(/\$?([A-Za-z]+|[0-9]+)/g, (_m, part: string) => "$" + part.toUpperCase()) : r.trim()))
    .join(",");
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

/** A rectangle of cells, 0-based and inclusive. */
export interface CellRect {
  row: number;
  col: number;
  endRow: number;
  endCol: number;
}

/**
 * "B3" or "$B$3:D9" (a single cell or a range, with or without "$", no sheet) → its 0-based rectangle,
 * corners ordered; undefined for anything else (whole rows or columns, names, several ranges).
 */
export function parseA1(ref: string): CellRect | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]+)(?::\$?([A-Za-z]{1,3})\$?([0-9]+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const colOf = (letters: string): number => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const r0 = Number(m[2]) - 1;
  const c0 = colOf(m[1]);
  const r1 = m[4] ? Number(m[4]) - 1 : r0;
  const c1 = m[3] ? colOf(m[3]) : c0;
  if (r0 < 0 || r1 < 0) return undefined;
  return { row: Math.min(r0, r1), col: Math.min(c0, c1), endRow: Math.max(r0, r1), endCol: Math.max(c0, c1) };
}
