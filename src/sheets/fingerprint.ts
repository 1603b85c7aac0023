/**
 * What the previous run generated, so a refresh can tell it from what a person typed (issue 9 part 2):
 * a set of 32-bit hashes of (row anchor, column anchor, content) for every generated cell of a sheet.
 * Content is the value for constants and the formula's SKELETON for formulas: references (with or
 * without a sheet prefix) become "#", so rows or columns inserted anywhere and renamed sheets do not
 * change it. Anchors without their offsets (see keys.ts), so rows inserted between two anchors do not
 * either. Stored per sheet id on the hidden settings sheet, 6 characters per hash.
 */
import type { UserCell } from "../plan/userCell";
import { isFormulaCell } from "../plan/userCell";
import type { SpecCell } from "./kit/grid";
import { KeyedSheet } from "./keys";

const STRING_LITERAL = /"(?:[^"]|"")*"/g;
const REFERENCE =
  /(?:(?:'(?:[^']|'')+'|[A-Za-z0-9_.\u00c0-\uffff]+)!)?\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?(?![A-Za-z0-9_(])/g;

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
  return `${typeof cell}:${String(cell)}`;
}

/** FNV-1a, 32 bits. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The fingerprint of the cell at (r, c) of a keyed sheet holding `cell`. */
export function fingerprint(keyed: KeyedSheet, r: number, c: number, cell: UserCell): number {
  return hash(`${keyed.rowKey(r).anchor}\u0001${keyed.colKey(c).anchor}\u0001${contentText(cell)}`);
}

/** Fingerprints of the generated cells of a sheet spec's grid (`specGrid`), keyed by `keyed`. */
export function generatedFingerprints(keyed: KeyedSheet, grid: readonly (readonly (SpecCell | undefined)[] | undefined)[]): number[] {
  const out = new Set<number>();
  grid.forEach((row, r) =>
    row?.forEach((x, c) => {
      if (x && x.owner === "generated") out.add(fingerprint(keyed, r, c, x.cell));
    }),
  );
  return [...out].sort((a, b) => a - b);
}

const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** Most characters in one stored cell (Excel allows 32,767). */
export const CHUNK_CHARS = 32_000 - (32_000 % 6);

/** Hashes as text, 6 base-64 digits each, split into cells of at most CHUNK_CHARS characters. */
export function encodeFingerprints(hashes: readonly number[]): string[] {
  let s = "";
  for (const h of hashes) {
    let x = h;
    let d = "";
    for (let i = 0; i < 6; i++) {
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
    if (chunk.length % 6 !== 0 || !/^[A-Za-z0-9+/]*$/.test(chunk)) return undefined;
    for (let i = 0; i < chunk.length; i += 6) {
      let x = 0;
      for (let j = 0; j < 6; j++) x = x * 64 + DIGITS.indexOf(chunk[i + j]);
      if (x > 0xffffffff) return undefined;
      out.add(x);
    }
  }
  return out;
}
