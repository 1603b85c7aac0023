/**
 * Where a cell is, by CONTENT rather than by address (issue 9 part 3): every row and column of a generated
 * sheet gets a key that survives what people do to sheets — rows and columns inserted anywhere (above the
 * title, inside lists, before column A), lists sorted, blank rows inside lists, a language switch.
 *
 * A key is an ANCHOR and an OFFSET from it:
 * - row anchors: a label of the kind in the KEY COLUMN → "L:<labelKey>#<n-th occurrence>"; a list row
 *   (below the list header, keyed by the content of the kind's row-key column) → "R:<key>#<n>"; the row
 *   after the last list row → "E" (what is below a list moves with the list's end);
 * - column anchors: the labels (and criterion IDs) of the list header row → "C:<labelKey|ID>#<n>";
 * - every other row/column is its nearest anchor above/left + k (rows above the first anchor: the first
 *   anchor − k).
 * The key column and the header row are found by content: the cell holding the kind's header label.
 *
 * `mapPosition` carries a cell of one keyed sheet (the old one) to the other (the new spec): the same
 * anchor + offset; for an anchor the new sheet lacks, the nearest earlier anchor it has, at the same
 * distance.
 */
import type { SheetLabelKey } from "../i18n/sheets";
import { CRITERION_ID } from "../plan/criteria";
import type { UserCell } from "../plan/userCell";
import { SheetCells, cellAt } from "./kit/grid";
import { isLabel, labelIndex } from "./kit/labels";

/** The kinds of sheets the add-in generates (the settings sheet is read by its own schema). */
export type SheetKind =
  | "abc"
  | "profitability"
  | "scoring"
  | "portfolio"
  | "overview"
  | "plan"
  | "kept"
  | "history"
  // Issue 14: whitespace
  | "whitespace"
  // Issue 14: voice
  | "survey"
  | "complaints"
  | "voice";

interface KindProfile {
  /** Label keys of the kind start with one of these. */
  prefixes: readonly string[];
  /** The label that marks the header row and the key column. */
  header: SheetLabelKey;
  /** A second label the header row must hold (tells apart kinds whose header label is the same word). */
  companion: SheetLabelKey | "criterionId";
  /** The header label of the column whose content keys list rows; none for kinds without a list. */
  rowKey?: SheetLabelKey;
  /**
   * A block beside the list with rows of its own (the ABC summary): its key column holds `label` with
   * `companion` right of it in the same row. Cells from that column rightwards are keyed by the labels
   * (or class letters) of that column, not by the list row beside them, so sorting or inserting inside
   * the list does not move them.
   */
  side?: { label: SheetLabelKey; companion: SheetLabelKey };
  /**
   * A block with rows of its own above the list's header (the ABC summary since issue 11): its labels and
   * class letters stand `aboveLabelCol` columns right of the key column and anchor those rows, named as the
   * side block's anchors ("S:<label or class>#n"), so a workbook whose summary sat beside the list maps
   * onto one whose summary sits above it.
   */
  aboveLabelCol?: number;
  /** The label of the row that ends the list (the Overview's Total); other labels never end a list. */
  footer?: SheetLabelKey;
}

export const KIND_PROFILES: Record<SheetKind, KindProfile> = {
  abc: {
    prefixes: ["abc."],
    header: "abc.col.rank",
    companion: "abc.col.cumulativeShare",
    rowKey: "abc.col.rank",
    side: { label: "abc.summary.class", companion: "abc.summary.count" },
    aboveLabelCol: 1,
  },
  profitability: {
    prefixes: ["profit."],
    header: "profit.col.rank",
    companion: "profit.col.revenue",
    rowKey: "profit.col.customer",
  },
  scoring: {
    prefixes: ["scoring."],
    header: "scoring.col.customer",
    companion: "criterionId",
    rowKey: "scoring.col.customer",
  },
  portfolio: {
    prefixes: ["portfolio."],
    header: "portfolio.col.customer",
    companion: "portfolio.col.keyAccount",
    rowKey: "portfolio.col.customer",
  },
  overview: {
    prefixes: ["overview."],
    header: "overview.col.customer",
    companion: "overview.col.goalsWithoutActions",
    rowKey: "overview.col.customer",
    footer: "overview.total",
  },
  plan: { prefixes: ["aplan."], header: "aplan.customerId", companion: "aplan.customerId" },
  kept: { prefixes: ["kept."], header: "kept.col.date", companion: "kept.col.why" },
  // The History sheet is the user's list (src/sheets/history): found by its Period and Actions overdue
  // headers, never merged cell by cell.
  history: { prefixes: ["history."], header: "history.col.period", companion: "history.col.overdue" },
  // Issue 14: whitespace (carried whole and rebuilt block by block, src/sheets/whitespace)
  whitespace: { prefixes: ["whitespace."], header: "whitespace.col.unit", companion: "whitespace.col.totalCurrent" },
  // Issue 14: voice — Survey and Complaints are the user's lists (carried whole); Voice is generated.
  survey: { prefixes: ["survey."], header: "survey.col.respondent", companion: "survey.col.recommend" },
  complaints: { prefixes: ["complaints."], header: "complaints.col.received", companion: "complaints.col.severity" },
  voice: { prefixes: ["voice."], header: "voice.col.customer", companion: "voice.col.nps" },
};

/** An anchor and the distance from it. */
export interface AxisKey {
  anchor: string;
  offset: number;
}

export interface KeyedSheet {
  kind: SheetKind;
  /** 0-based header row and key column; -1 / 0 when the sheet has no header. */
  headerRow: number;
  keyCol: number;
  /** Rows of the list (ascending); empty for kinds without a list. */
  listRows: number[];
  /** The column whose content keys list rows (the customer column); -1 for kinds without a list. */
  rowKeyCol: number;
  /** Anchor → position, and the anchors in position order. */
  rows: Map<string, number>;
  cols: Map<string, number>;
  rowOrder: string[];
  colOrder: string[];
  /** The key column of the side block (KindProfile.side); -1 when the sheet has none. */
  sideCol: number;
  /** The side block's row anchors ("S:<label or class>#n") and their order; empty without one. */
  sideRows: Map<string, number>;
  sideOrder: string[];
  /** The row key of (r, c): by the side block's anchors when c is at or right of `sideCol`. */
  rowKey(r: number, c?: number): AxisKey;
  colKey(c: number): AxisKey;
  /** The same position measured from the next anchor at or below / right (offset ≤ 0); none after the last. */
  rowKeyNext(r: number, c?: number): AxisKey | undefined;
  colKeyNext(c: number): AxisKey | undefined;
}

const isCriterionId = (c: UserCell | undefined): boolean => typeof c === "string" && CRITERION_ID.test(c.trim());

/** The header cell of a kind: the first (row, col) holding its header label with its companion in the same row. */
export function findHeader(kind: SheetKind, grid: SheetCells): { row: number; col: number } | undefined {
  const p = KIND_PROFILES[kind];
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    if (!row) continue;
    const col = row.findIndex((c) => isLabel(c, p.header));
    if (col < 0) continue;
    const ok =
      p.companion === "criterionId"
        ? row.some((c, j) => j > col && isCriterionId(c))
        : p.companion === p.header || row.some((c, j) => j !== col && isLabel(c, p.companion as SheetLabelKey));
    if (ok) return { row: r, col };
  }
  return undefined;
}

/** A list row's key text (trimmed), or null for a blank or formula cell. */
export function rowKeyText(cell: UserCell): string | null {
  if (cell === null || typeof cell === "object") return null;
  const s = typeof cell === "string" ? cell.trim() : typeof cell === "boolean" ? (cell ? "TRUE" : "FALSE") : String(cell);
  return s === "" ? null : s;
}

const blank = (v: UserCell | undefined): boolean => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

/**
 * Keys the rows and columns of a sheet of the given kind.
 * @param grid the sheet's cells (an old sheet as read, or `specCells` of a new spec).
 */
export function keySheet(kind: SheetKind, grid: SheetCells): KeyedSheet {
  const p = KIND_PROFILES[kind];
  const labels = labelIndex(p.prefixes);
  const head = findHeader(kind, grid);
  const headerRow = head?.row ?? -1;
  const keyCol = head?.col ?? 0;

  // Column anchors: the header row's labels and criterion IDs.
  const cols = new Map<string, number>();
  const colSeen = new Map<string, number>();
  const headerCells = headerRow >= 0 ? (grid[headerRow] ?? []) : [];
  const labelled: number[] = [];
  headerCells.forEach((c, j) => {
    const k = isCriterionId(c) ? (c as string).trim() : labels.keyOf(c);
    if (!k) return;
    const n = (colSeen.get(k) ?? 0) + 1;
    colSeen.set(k, n);
    cols.set(`C:${k}#${n}`, j);
    labelled.push(j);
  });
  if (cols.size === 0) cols.set("K", keyCol);
  const rowKeyCol = p.rowKey ? headerCells.findIndex((c) => isLabel(c, p.rowKey!)) : -1;

  // Row anchors: labels in the key column, list rows, the end of the list.
  const rows = new Map<string, number>();
  const rowSeen = new Map<string, number>();
  const add = (base: string, r: number): void => {
    const n = (rowSeen.get(base) ?? 0) + 1;
    rowSeen.set(base, n);
    rows.set(`${base}#${n}`, r);
  };
  const listRows: number[] = [];
  let inList = rowKeyCol >= 0;
  // Inside a list, a customer may be called like a label ("Customer", "Total", "G1"): below the header
  // only the kind's footer label ends the list, and only its last occurrence (the footer is written last).
  let footerRow = -1;
  if (p.footer) for (let r = grid.length - 1; r > headerRow && footerRow < 0; r--) if (isLabel(cellAt(grid, r, keyCol), p.footer)) footerRow = r;
  const sideKeyOf = (v: UserCell | undefined): string | undefined =>
    labels.keyOf(v) ?? (typeof v === "string" && /^[A-D]$/.test(v.trim()) ? `class:${v.trim()}` : undefined);
  for (let r = 0; r < grid.length; r++) {
    const label = labels.keyOf(cellAt(grid, r, keyCol));
    if (!label && r < headerRow && p.aboveLabelCol !== undefined) {
      const above = sideKeyOf(cellAt(grid, r, keyCol + p.aboveLabelCol));
      if (above) add(`S:${above}`, r);
      continue;
    }
    if (label && (r <= headerRow || !inList || r === footerRow)) {
      add(`L:${label}`, r);
      if (r > headerRow) inList = false; // the footer row ends the list
      continue;
    }
    if (!inList || r <= headerRow) continue;
    const key = rowKeyText(cellAt(grid, r, rowKeyCol));
    if (key === null) continue;
    const last = listRows.length > 0 ? listRows[listRows.length - 1] : headerRow;
    // After a gap, a row continues the list only if it looks like one (two more cells under the header's
    // labels, or a formula): a note typed in the key column below the list is not a customer.
    const filled = labelled.filter((j) => j !== rowKeyCol && !blank(grid[r]?.[j])).length;
    const formula = (grid[r] ?? []).some((v) => typeof v === "object" && v !== null);
    if (r === last + 1 || filled >= 2 || formula) {
      listRows.push(r);
      add(`R:${key.toLowerCase()}`, r);
    } else if (label) add(`L:${label}`, r);
  }
  const listEnd = rowKeyCol >= 0 ? (listRows.length > 0 ? listRows[listRows.length - 1] : headerRow) : -1;
  if (listEnd >= 0 && ![...rows.values()].includes(listEnd + 1)) rows.set("E", listEnd + 1);
  if (rows.size === 0) rows.set("TOP", 0);

  const rowOrder = [...rows.entries()].sort((a, b) => a[1] - b[1]).map((e) => e[0]);

  // The side block: its own row anchors, the labels and class letters in its key column.
  const sideCol = p.side ? findSide(grid, p.side, keyCol, headerRow) : -1;
  const sideRows = new Map<string, number>();
  if (sideCol >= 0) {
    const seen = new Map<string, number>();
    for (let r = 0; r < grid.length; r++) {
      const k = sideKeyOf(cellAt(grid, r, sideCol));
      if (!k) continue;
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      sideRows.set(`S:${k}#${n}`, r);
    }
  }
  const sideOrder = [...sideRows.entries()].sort((a, b) => a[1] - b[1]).map((e) => e[0]);
  const inSide = (c: number | undefined): boolean => sideCol >= 0 && sideOrder.length > 0 && c !== undefined && c >= sideCol;
  const colOrder = [...cols.entries()].sort((a, b) => a[1] - b[1]).map((e) => e[0]);
  // Binary search over the anchors' positions (ascending): a 100,000-row list keys 600,000 cells.
  const keyOn = (order: string[], pos: Map<string, number>, x: number): AxisKey => {
    let lo = 0;
    let hi = order.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pos.get(order[mid])! <= x) lo = mid;
      else hi = mid - 1;
    }
    const anchor = order[lo];
    return { anchor, offset: x - pos.get(anchor)! };
  };
  const nextOn = (order: string[], pos: Map<string, number>, x: number): AxisKey | undefined => {
    const anchor = order.find((a) => pos.get(a)! >= x);
    return anchor === undefined ? undefined : { anchor, offset: x - pos.get(anchor)! };
  };
  const mainKey = memo((r) => keyOn(rowOrder, rows, r));
  const mainNext = memo((r) => nextOn(rowOrder, rows, r));
  const sideKey = memo((r) => keyOn(sideOrder, sideRows, r));
  const sideNext = memo((r) => nextOn(sideOrder, sideRows, r));
  return {
    kind,
    headerRow,
    keyCol,
    listRows,
    rowKeyCol,
    rows,
    cols,
    rowOrder,
    colOrder,
    sideCol,
    sideRows,
    sideOrder,
    rowKey: (r, c) => (inSide(c) ? sideKey(r) : mainKey(r)),
    colKey: memo((c) => keyOn(colOrder, cols, c)),
    rowKeyNext: (r, c) => (inSide(c) ? sideNext(r) : mainNext(r)),
    colKeyNext: memo((c) => nextOn(colOrder, cols, c)),
  };
}

/**
 * The key column of a side block: a cell right of the key column holding its label, with its companion
 * the next filled cell right of it (the ABC table's own "Class" column is followed by the summary's), in
 * the header row or below it: a block above the header is not beside the list (`aboveLabelCol`).
 */
function findSide(grid: SheetCells, side: NonNullable<KindProfile["side"]>, keyCol: number, headerRow: number): number {
  for (let r = Math.max(headerRow, 0); r < grid.length; r++) {
    const row = grid[r];
    if (!row) continue;
    for (let j = keyCol + 1; j < row.length; j++) {
      if (!isLabel(row[j], side.label)) continue;
      const next = row.findIndex((c, k) => k > j && !blank(c));
      if (next > j && isLabel(row[next], side.companion)) return j;
    }
  }
  return -1;
}

/** A function of a position, computed once per position (keys are asked for every cell). */
function memo<T>(f: (x: number) => T): (x: number) => T {
  const cache = new Map<number, T>();
  return (x) => {
    if (!cache.has(x)) cache.set(x, f(x));
    return cache.get(x)!;
  };
}

/** Whether column c holds a header the kind knows (a label or criterion ID of the header row). */
export function isHeaderColumn(keyed: KeyedSheet, c: number): boolean {
  for (const [anchor, at] of keyed.cols) if (at === c && anchor.startsWith("C:")) return true;
  return false;
}

/** An axis key as text, e.g. "R:c01#1+0". */
export function keyText(k: AxisKey): string {
  return `${k.anchor}${k.offset >= 0 ? "+" : ""}${k.offset}`;
}

function mapAxis(key: AxisKey, fromPos: Map<string, number>, fromOrder: string[], to: Map<string, number>): number {
  const target = to.get(key.anchor);
  if (target !== undefined) return Math.max(0, target + key.offset);
  // The anchor is gone (a customer left the ABC list): the nearest earlier anchor both sheets have.
  const at = fromPos.get(key.anchor)! + key.offset;
  for (let i = fromOrder.indexOf(key.anchor) - 1; i >= 0; i--) {
    const t = to.get(fromOrder[i]);
    if (t !== undefined) return Math.max(0, t + at - fromPos.get(fromOrder[i])!);
  }
  return Math.max(0, at);
}

/** Where the cell (r, c) of `from` lies in `to`, by its keys. */
export function mapPosition(from: KeyedSheet, to: KeyedSheet, r: number, c: number): { row: number; col: number } {
  const fromSide = from.sideCol >= 0 && from.sideOrder.length > 0 && c >= from.sideCol;
  const side = fromSide && to.sideOrder.length > 0;
  return {
    row: side
      ? mapAxis(from.rowKey(r, c), from.sideRows, from.sideOrder, to.sideRows)
      : fromSide
        ? // A summary beside the list (old layout) onto one above it: its anchors have the same names.
          mapAxis(from.rowKey(r, c), from.sideRows, from.sideOrder, to.rows)
        : mapAxis(from.rowKey(r), from.rows, from.rowOrder, to.rows),
    col: mapAxis(from.colKey(c), from.cols, from.colOrder, to.cols),
  };
}

/** The kind a sheet's cells show, by content only (whatever its name or position), or undefined. */
export function recogniseKind(grid: SheetCells): SheetKind | undefined {
  // Issue 14: "whitespace"; voice — "survey", "complaints", "voice" added to the list.
  for (const kind of ["plan", "kept", "history", "whitespace", "survey", "complaints", "voice", "scoring", "portfolio", "overview", "profitability", "abc"] as const) {
    const head = findHeader(kind, grid);
    if (!head) continue;
    if (kind !== "plan") return kind;
    // A plan also has its action plan section in the key column.
    const actions = grid.some((row) => isLabel(row?.[head.col] ?? null, "aplan.section.actions"));
    if (actions) return kind;
  }
  return undefined;
}
