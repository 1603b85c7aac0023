/**
 * How Excel moves references when cells are inserted or deleted (Range.insert / Range.delete, or rows
 * and columns inserted by hand). Pure: rectangles and formula text in, rectangles and formula text out,
 * so tests of other parts (the refresh, say) can predict what Excel does to a formula.
 *
 * Excel's rules, as the fake applies them (Microsoft, "Insert or delete cells, rows, and columns";
 * ECMA-376 Part 1 §18.17.2 for the reference syntax):
 * - Inserting n rows at row a (whole rows, or cells shifted down within columns c0..c1): a reference
 *   that starts at or below a moves down n rows; one that starts above a and ends at or below it grows by
 *   n rows. Relative and absolute ($) references move alike — "$" only matters when copying.
 * - Deleting rows a..b: a reference entirely inside becomes #REF!; one below moves up; one that overlaps
 *   shrinks by the deleted part.
 * - With cells shifted within columns c0..c1 only, a reference moves only when all its columns lie inside
 *   c0..c1 (one that sticks out of the band stays as it was, as in Excel).
 * - Whole-column references (C:C) do not change when rows move, nor whole-row references (2:4) when
 *   columns move. Columns work the same way as rows throughout.
 * - Structured references (tblABC[Class]) and names are not touched: they follow the table or name.
 */
import { MAX_COLS, MAX_ROWS, Rect, colLetters } from "./address";
import { RefEnd, Token, tokenize } from "./formula";

/** One insertion or deletion of cells on a sheet. */
export interface SheetEdit {
  /** Name of the sheet whose cells move. */
  sheet: string;
  op: "insert" | "delete";
  /** "rows": cells move down (insert) or up (delete); "columns": right or left. */
  axis: "rows" | "columns";
  /** The inserted or deleted cells (0-based, inclusive). Whole rows span every column, and so on. */
  rect: Rect;
}

/** Where a span [lo, hi] along the moving axis goes; null when it is deleted entirely. */
function shiftSpan(lo: number, hi: number, a: number, b: number, op: SheetEdit["op"], max: number): [number, number] | null {
  const n = b - a + 1;
  if (op === "insert") {
    if (lo >= a) return lo + n > max - 1 ? null : [lo + n, Math.min(hi + n, max - 1)];
    if (hi >= a) return [lo, Math.min(hi + n, max - 1)];
    return [lo, hi];
  }
  if (hi < a) return [lo, hi];
  if (lo > b) return [lo - n, hi - n];
  if (lo >= a && hi <= b) return null;
  return [lo < a ? lo : a, hi > b ? hi - n : a - 1];
}

/** The rectangle's span along the edit's axis and across it, as [lo, hi] pairs. */
function spans(r: Rect, axis: SheetEdit["axis"]): { along: [number, number]; across: [number, number] } {
  return axis === "rows" ? { along: [r.r0, r.r1], across: [r.c0, r.c1] } : { along: [r.c0, r.c1], across: [r.r0, r.r1] };
}

/** True when the rectangle spans the whole sheet along the edit's axis (C:C for rows), so it never moves. */
function wholeAlong(r: Rect, axis: SheetEdit["axis"]): boolean {
  return axis === "rows" ? r.r0 === 0 && r.r1 === MAX_ROWS - 1 : r.c0 === 0 && r.c1 === MAX_COLS - 1;
}

/**
 * True when the edit moves (or deletes, or grows) the rectangle: it lies within the edit's band across
 * the axis and reaches the edited position.
 */
export function touchedBy(r: Rect, edit: SheetEdit): boolean {
  if (wholeAlong(r, edit.axis)) return false;
  const { along, across } = spans(r, edit.axis);
  const e = spans(edit.rect, edit.axis);
  const inBand = across[0] >= e.across[0] && across[1] <= e.across[1];
  return inBand && along[1] >= e.along[0];
}

/**
 * Where the rectangle `r` (on the edited sheet) is after the edit: the same object when the edit does not
 * move it, a new rectangle when it moves, grows or shrinks, and null when every cell of it is deleted
 * (a reference to it becomes #REF!).
 */
export function shiftRect(r: Rect, edit: SheetEdit): Rect | null {
  if (!touchedBy(r, edit)) return r;
  const { along } = spans(r, edit.axis);
  const e = spans(edit.rect, edit.axis).along;
  const max = edit.axis === "rows" ? MAX_ROWS : MAX_COLS;
  const s = shiftSpan(along[0], along[1], e[0], e[1], edit.op, max);
  if (!s) return null;
  if (s[0] === along[0] && s[1] === along[1]) return r;
  return edit.axis === "rows" ? { ...r, r0: s[0], r1: s[1] } : { ...r, c0: s[0], c1: s[1] };
}

type RefToken = Extract<Token, { kind: "ref" }>;

function refRect(t: RefToken): Rect {
  const b = t.b ?? t.a;
  const rowsOf = (x?: number, y?: number): [number, number] => (x === undefined || y === undefined ? [0, MAX_ROWS - 1] : [Math.min(x, y), Math.max(x, y)]);
  const colsOf = (x?: number, y?: number): [number, number] => (x === undefined || y === undefined ? [0, MAX_COLS - 1] : [Math.min(x, y), Math.max(x, y)]);
  const [r0, r1] = rowsOf(t.a.row, b.row);
  const [c0, c1] = colsOf(t.a.col, b.col);
  return { r0, r1, c0, c1 };
}

function endText(e: RefEnd): string {
  const col = e.col === undefined ? "" : `${e.colAbs ? "$" : ""}${colLetters(e.col)}`;
  const row = e.row === undefined ? "" : `${e.rowAbs ? "$" : ""}${e.row + 1}`;
  return col + row;
}

function refText(t: RefToken, r: Rect): string {
  const last = t.b ?? t.a;
  // Keep each end's "$" flags; the ends are written top-left first, as Excel prints them.
  const a: RefEnd = { ...t.a, row: t.a.row === undefined ? undefined : r.r0, col: t.a.col === undefined ? undefined : r.c0 };
  if (!t.b) return t.prefix + endText(a);
  const b: RefEnd = { ...last, row: last.row === undefined ? undefined : r.r1, col: last.col === undefined ? undefined : r.c1 };
  return `${t.prefix}${endText(a)}:${endText(b)}`;
}

/**
 * A formula as Excel rewrites it after an insertion or deletion of cells.
 * @param formula      en-US formula text, with or without the leading "=".
 * @param formulaSheet name of the sheet the formula lives on (its unqualified references point there).
 * @param edit         what was inserted or deleted.
 * @returns the formula with every reference to the edited sheet moved, grown or shrunk, and references
 *          to deleted cells replaced by #REF! (the sheet prefix kept: `Data!#REF!`); unchanged text when
 *          nothing refers to the edited cells.
 * @throws InvalidArgument (the fake's error) when the formula cannot be tokenized.
 */
export function shiftFormula(formula: string, formulaSheet: string, edit: SheetEdit): string {
  const target = edit.sheet.toLocaleUpperCase();
  let changed = false;
  const parts = tokenize(formula, "shiftFormula").map((t) => {
    if (t.kind !== "ref") return t.text;
    if ((t.sheet ?? formulaSheet).toLocaleUpperCase() !== target) return t.text;
    const r = refRect(t);
    const moved = shiftRect(r, edit);
    if (moved === r) return t.text;
    changed = true;
    return moved ? refText(t, moved) : `${t.prefix}#REF!`;
  });
  return changed ? parts.join("") : formula;
}
