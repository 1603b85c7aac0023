/**
 * What the previous run generated, so a refresh can tell it from what a person typed (issue 9 part 2):
 * a set of 48-bit hashes of (row key, column key, content) for every generated cell of a sheet (48 bits:
 * with the ~50,000 hashes of a large sheet, a person's value is taken for a generated one by chance about
 * once in a billion values checked).
 * Content is the value for constants and the formula's SKELETON for formulas: references (with or
 * without a sheet prefix) become "#", so rows or columns inserted anywhere and renamed sheets do not
 * change it. Each cell is hashed with its position measured from the anchor before it and from the
 * anchor after it, on both axes (keys.ts): a cell still matches when rows or columns were inserted on one
 * side of it within its section, and a person's value only matches where the add-in generated that very
 * content. Each is also hashed with its row key, its ORDINAL among the generated cells of its row and its
 * distance from the one before, so a generated cell still matches after a column was inserted or deleted
 * elsewhere in the row, or a header it was measured from was typed over. Stored per sheet id on the
 * hidden settings sheet, 8 characters per hash.
 */
import { UserCell, isBlankCell, isFormulaCell } from "../plan/userCell";
import type { SheetCells, SpecCell } from "./kit/grid";
import { AxisKey, KeyedSheet, keyText } from "./keys";

const STRING_LITERAL = /"(?:[^"]|"")*"/g;
// A reference, or the #REF! a spreadsheet writes in its place when the cells or sheet it named were
// deleted (with or without a sheet prefix): both are "a reference" in a skeleton.
const REFERENCE =
  /(?:(?:'(?:[^']|'')+'|[A-Za-z0-9_.\u00c0-\uffff]+|#REF)!)?(?:\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?(?![A-Za-z0-9_(])|#REF!)/g;

/** A formula without its cell references: "=SUM(C2:C9)/'My sheet'!$B$3" → "SUM(#)/#". */
export function formulaSkeleton(formula: string): string {
  const f = formula.replace(/^=/, "");
  const literals: string[] = [];
  const code = f.replace(STRING_LITERAL, (s) => {
    literals.push(s);
    return "\u0000";
  });
  const skeleton = code
    .replace(/\s+/g, "")
    .toUpperCase()
    // LibreOffice saves the constants TRUE and FALSE as the functions TRUE() and FALSE().
    .replace(/(^|[^A-Z0-9_.])(TRUE|FALSE)\(\)/g, "$1$2")
    .replace(REFERENCE, (m, offset: number, whole: string) => {
      const before = whole[offset - 1];
      return before && /[A-Za-z0-9_.]/.test(before) ? m : "#";
    });
  let i = 0;
  return skeleton.replace(/\u0000/g, () => literals[i++]);
}

/** The content of a cell as fingerprinted: "f:" + skeleton, or the value's type and text. */
export function contentText(cell: UserCell): string {
  if (isFormulaCell(cell)) return "f:" + formulaSkeleton(cell.formula);
  if (typeof cell === "string") return "s:" + cell.trim();
  // Excel and LibreOffice store numbers at 15 significant digits: a workbook only opened and saved
  // there must fingerprint as it was written.
  if (typeof cell === "number" && Number.isFinite(cell)) return `number:${String(Number(cell.toPrecision(15)))}`;
  return `${typeof cell}:${String(cell)}`;
}

/** FNV-1a, 32 bits, from the basis `seed`. */
function fnv(s: string, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * 48 bits of two FNV-1a passes with different bases, as one safe integer; `seed` (an earlier hash) lets
 * a cell's content be hashed once, then with each of its keys.
 */
function hash(s: string, seed = 0): number {
  const hi = fnv(s, 0x811c9dc5 ^ Math.floor(seed / 0x10000));
  const lo = fnv(s, 0x050c5d1f ^ seed % 0x10000) & 0xffff;
  return hi * 0x10000 + lo;
}

/**
 * The fingerprint of a cell of a list keyed by content rather than position (the History sheet: period,
 * customer, field): `keys` joined, then the cell's content (`contentText`), so sorting or moving the rows
 * does not change it.
 */
export function contentPrint(keys: readonly string[], cell: UserCell): number {
  return hash(contentText(cell), hash(keys.join("\u0000")));
}

/** The fingerprints of the cell at (r, c) of a keyed sheet holding `cell`: one per way to measure its place. */
export function fingerprints(keyed: KeyedSheet, r: number, c: number, cell: UserCell, content = hash(contentText(cell))): number[] {
  const rows = [keyed.rowKey(r, c), keyed.rowKeyNext(r, c)].filter((k): k is AxisKey => k !== undefined);
  const cols = [keyed.colKey(c), keyed.colKeyNext(c)].filter((k): k is AxisKey => k !== undefined);
  return rows.flatMap((rk) => cols.map((ck) => hash(`${keyText(rk)}\u0001${keyText(ck)}`, content)));
}

/**
 * The hashes of a cell as the `ordinal`-th generated cell of its row, `gap` columns right of the one
 * before it (0 for the first): a column inserted or deleted changes one gap of the row, not the order.
 */
function ordinalPrints(keyed: KeyedSheet, r: number, c: number, ordinal: number, gap: number, content: number): number[] {
  return [keyed.rowKey(r, c), keyed.rowKeyNext(r, c)]
    .filter((k): k is AxisKey => k !== undefined)
    .map((rk) => hash(`o\u0001${keyText(rk)}\u0001${ordinal}\u0001${gap}`, content));
}

/** How many columns a gap may have lost (columns deleted between two generated cells) and still match. */
const GAP_SLACK = 8;

/**
 * The cells of an old sheet that the run whose fingerprints are `set` generated, as "row,col": matched by
 * position, or by ordinal within the row (rows are scanned left to right; a typed cell does not count).
 */
export function generatedCells(set: ReadonlySet<number>, keyed: KeyedSheet, grid: SheetCells): Set<string> {
  const out = new Set<string>();
  grid.forEach((row, r) => {
    let ordinal = 0;
    let before = -1;
    row?.forEach((v, c) => {
      if (isBlankCell(v)) return;
      if (keyed.sideCol >= 0 && before >= 0 && before < keyed.sideCol && c >= keyed.sideCol) {
        // The side block's rows are keyed apart: its cells are counted from its own first cell.
        ordinal = 0;
        before = -1;
      }
      const hit = (hs: number[]): boolean => hs.some((h) => set.has(h));
      const content = hash(contentText(v));
      const gap = before < 0 ? 0 : c - before;
      // The gap before this cell may be the one a column inserted or deleted changed: once the exact gap
      // fails, any gap (the content and the ordinal must still match), so the cells after it still match.
      const anyGap = (): boolean => {
        if (before < 0) return false;
        for (let g = 1; g <= gap + GAP_SLACK; g++) if (g !== gap && hit(ordinalPrints(keyed, r, c, ordinal, g, content))) return true;
        return false;
      };
      if (hit(fingerprints(keyed, r, c, v, content)) || hit(ordinalPrints(keyed, r, c, ordinal, gap, content)) || anyGap()) {
        out.add(`${r},${c}`);
        ordinal++;
        before = c;
      }
    });
  });
  return out;
}

/** Fingerprints of the generated cells of a sheet spec's grid (`specGrid`), keyed by `keyed`. */
export function generatedFingerprints(keyed: KeyedSheet, grid: readonly (readonly (SpecCell | undefined)[] | undefined)[]): number[] {
  const out = new Set<number>();
  grid.forEach((row, r) => {
    let ordinal = 0;
    let before = -1;
    row?.forEach((x, c) => {
      if (!x || x.owner !== "generated") return;
      if (keyed.sideCol >= 0 && before >= 0 && before < keyed.sideCol && c >= keyed.sideCol) {
        ordinal = 0;
        before = -1;
      }
      const content = hash(contentText(x.cell));
      for (const h of [...fingerprints(keyed, r, c, x.cell, content), ...ordinalPrints(keyed, r, c, ordinal++, before < 0 ? 0 : c - before, content)]) out.add(h);
      before = c;
    });
  });
  return [...out].sort((a, b) => a - b);
}

/**
 * The generated constants of a sheet rebuilt from what its readers carry (Whitespace, Survey, Complaints,
 * Voice of the customer; issue 14), as content only: the k-th cell holding a content is hashed with k, so
 * the set says how many times the run wrote each content, wherever the cell sits now. A refresh takes
 * that many cells of an old sheet with the same content for generated (`rebuiltCount`), and the rest for
 * typed: rows a person inserted, sorted or moved do not matter, and a dropped account's title or name is
 * not taken for a person's note.
 */
export function rebuiltPrints(grid: readonly (readonly (SpecCell | undefined)[] | undefined)[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  for (const row of grid)
    for (const x of row ?? []) {
      if (!x || x.owner !== "generated" || isBlankCell(x.cell) || isFormulaCell(x.cell)) continue;
      const content = contentText(x.cell);
      const k = seen.get(content) ?? 0;
      seen.set(content, k + 1);
      out.push(hash(`r\u0001${k}`, hash(content)));
    }
  return [...new Set(out)].sort((a, b) => a - b);
}

/** How many cells holding `cell`'s content the run whose `rebuiltPrints` are `set` generated. */
export function rebuiltCount(set: ReadonlySet<number>, cell: UserCell): number {
  const content = hash(contentText(cell));
  let k = 0;
  while (set.has(hash(`r\u0001${k}`, content))) k++;
  return k;
}

const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGITS_PER_HASH = 8;
const MAX_HASH = 2 ** 48 - 1;
/** Most characters in one stored cell (Excel allows 32,767). */
export const CHUNK_CHARS = 32_000 - (32_000 % DIGITS_PER_HASH);

/** Hashes as text, 8 base-64 digits each, split into cells of at most CHUNK_CHARS characters. */
export function encodeFingerprints(hashes: readonly number[]): string[] {
  let s = "";
  for (const h of hashes) {
    let x = h;
    let d = "";
    for (let i = 0; i < DIGITS_PER_HASH; i++) {
      d = DIGITS[x % 64] + d;
      x = Math.floor(x / 64);
    }
    s += d;
  }
  const chunks: string[] = [];
  for (let i = 0; i < s.length; i += CHUNK_CHARS) chunks.push(s.slice(i, i + CHUNK_CHARS));
  return chunks.length > 0 ? chunks : [""];
}

/** The hashes of `encodeFingerprints`' chunks; undefined when a chunk is not such text. */
export function decodeFingerprints(chunks: readonly string[]): Set<number> | undefined {
  const out = new Set<number>();
  for (const chunk of chunks) {
    if (chunk.length % DIGITS_PER_HASH !== 0 || !/^[A-Za-z0-9+/]*$/.test(chunk)) return undefined;
    for (let i = 0; i < chunk.length; i += DIGITS_PER_HASH) {
      let x = 0;
      for (let j = 0; j < DIGITS_PER_HASH; j++) x = x * 64 + DIGITS.indexOf(chunk[i + j]);
      if (x > MAX_HASH) return undefined;
      out.add(x);
    }
  }
  return out;
}
