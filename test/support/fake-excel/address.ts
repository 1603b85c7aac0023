/**
 * A1 addresses as Excel reads and prints them: "B3", "B3:D9", "$B$3", "C:C", "2:4", "'My sheet'!A1:B2".
 * The fake keeps its own parser (it is a model of Excel, so it must not share code with the add-in's
 * `src/render/cells.ts`, or a bug there would be invisible in tests).
 */
import { fail } from "./errors";

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** 0-based inclusive rectangle. */
export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function rect(r0: number, c0: number, rows = 1, cols = 1): Rect {
  return { r0, c0, r1: r0 + rows - 1, c1: c0 + cols - 1 };
}

export function rows(r: Rect): number {
  return r.r1 - r.r0 + 1;
}

export function cols(r: Rect): number {
  return r.c1 - r.c0 + 1;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
}

export function contains(outer: Rect, inner: Rect): boolean {
  return outer.r0 <= inner.r0 && outer.c0 <= inner.c0 && outer.r1 >= inner.r1 && outer.c1 >= inner.c1;
}

export function intersection(a: Rect, b: Rect): Rect | null {
  if (!intersects(a, b)) return null;
  return { r0: Math.max(a.r0, b.r0), c0: Math.max(a.c0, b.c0), r1: Math.min(a.r1, b.r1), c1: Math.min(a.c1, b.c1) };
}

export function checkBounds(r: Rect, where: string): Rect {
  if (
    !Number.isInteger(r.r0) || !Number.isInteger(r.c0) || !Number.isInteger(r.r1) || !Number.isInteger(r.c1) ||
    r.r0 < 0 || r.c0 < 0 || r.r1 >= MAX_ROWS || r.c1 >= MAX_COLS || r.r1 < r.r0 || r.c1 < r.c0
  ) {
    fail("InvalidArgument", `The range is outside the worksheet or empty (${JSON.stringify(r)}).`, where);
  }
  return r;
}

export function colLetters(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B3:D9" (or "B3" for one cell); whole columns/rows print as Excel prints them ("C:C", "2:4"). */
export function formatRect(r: Rect): string {
  if (r.r0 === 0 && r.r1 === MAX_ROWS - 1) return `${colLetters(r.c0)}:${colLetters(r.c1)}`;
  if (r.c0 === 0 && r.c1 === MAX_COLS - 1) return `${r.r0 + 1}:${r.r1 + 1}`;
  const a = `${colLetters(r.c0)}${r.r0 + 1}`;
  return r.r0 === r.r1 && r.c0 === r.c1 ? a : `${a}:${colLetters(r.c1)}${r.r1 + 1}`;
}

/** How Excel prints a sheet name in an address: quoted unless it is a plain identifier. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}[0-9]+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

export interface ParsedAddress {
  sheet?: string;
  rect: Rect;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?([0-9]{1,7})$/;

/** Parse an A1 address, optionally sheet-qualified. Throws InvalidArgument like Excel. */
export function parseAddress(address: string, where = "getRange"): ParsedAddress {
  if (typeof address !== "string" || address.trim() === "") fail("InvalidArgument", "The address is empty.", where);
  let rest = address.trim();
  let sheet: string | undefined;
  const bang = rest.lastIndexOf("!");
  if (bang >= 0) {
    let s = rest.slice(0, bang);
    rest = rest.slice(bang + 1);
    if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) s = s.slice(1, -1).replace(/''/g, "'");
    sheet = s;
  }
  const parts = rest.split(":");
  if (parts.length > 2) fail("InvalidArgument", `Invalid address "${address}".`, where);
  const [a, b = a] = parts;
  let r: Rect | undefined;
  const ca = CELL.exec(a);
  const cb = CELL.exec(b);
  if (ca && cb) {
    const c0 = colIndex(ca[1]);
    const c1 = colIndex(cb[1]);
    const r0 = Number(ca[2]) - 1;
    const r1 = Number(cb[2]) - 1;
    r = { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
  } else if (parts.length === 2 && COL.test(a) && COL.test(b)) {
    const c0 = colIndex(COL.exec(a)![1]);
    const c1 = colIndex(COL.exec(b)![1]);
    r = { r0: 0, r1: MAX_ROWS - 1, c0: Math.min(c0, c1), c1: Math.max(c0, c1) };
  } else if (parts.length === 2 && ROW.test(a) && ROW.test(b)) {
    const r0 = Number(ROW.exec(a)![1]) - 1;
    const r1 = Number(ROW.exec(b)![1]) - 1;
    r = { r0: Math.min(r0, r1), r1: Math.max(r0, r1), c0: 0, c1: MAX_COLS - 1 };
  }
  if (!r) fail("InvalidArgument", `Invalid address "${address}".`, where);
  return { sheet, rect: checkBounds(r, where) };
}
