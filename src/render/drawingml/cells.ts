/**
 * What a chart's caches show before any recalculation: the values a SheetSpec itself knows, per cell.
 * A `<c:numCache>`/`<c:strCache>` holds the cells' values as last calculated, so an application that draws
 * the chart without recalculating (a viewer, a preview) shows it; Excel and LibreOffice recalculate on open
 * (the file asks for it) and redraw from the cells.
 *
 * Known: literal values of blocks and table rows (blank cells are null). Unknown (undefined): formula
 * cells (e.g. the Portfolio's scores read from the Scoring sheet, table columns computed by a formula);
 * their points are left out of the cache, which the format allows (a cache lists only the points it has).
 */
import type { CellValue, SheetSpec } from "../../plan/spec";
import { parseA1 } from "../../sheets/kit/address";
import { specColumn } from "../../sheets/kit/grid";

/** Cell (0-based row, col) → its known value; undefined when the spec does not know it. */
export type CellLookup = (row: number, col: number) => CellValue | undefined;

/**
 * The known values of a sheet, from `specColumn` (`specGrid`, the one model of what a spec writes where, a column at a time). Built a column
 * at a time, when a chart first asks for it: a chart reads a few columns, and a grid of every cell of a
 * large sheet costs seconds and hundreds of MB.
 */
export function specCells(sheet: SheetSpec): CellLookup {
  const columns = new Map<number, ReturnType<typeof specColumn>>();
  return (r, c) => {
    let column = columns.get(c);
    if (column === undefined) columns.set(c, (column = specColumn(sheet, c)));
    const cell = column[r]?.cell;
    if (cell === undefined || cell === null) return null;
    return typeof cell === "object" ? undefined : cell;
  };
}

/**
 * The cells of a one-column or one-row A1 range in order, with what `cells` knows of each.
 * @throws Error for a range that is not one column or one row (a chart series reads one of those).
 */
export function rangeValues(range: string, cells: CellLookup): (CellValue | undefined)[] {
  const r = parseA1(range);
  if (!r || (r.row !== r.endRow && r.col !== r.endCol)) throw new Error(`A chart series needs one column or one row of cells, not "${range}".`);
  const n = Math.max(r.endRow - r.row, r.endCol - r.col) + 1;
  return Array.from({ length: n }, (_, i) => (r.row === r.endRow ? cells(r.row, r.col + i) : cells(r.row + i, r.col)));
}

/** Whether every cell of a one-column or one-row range passes `test`; stops at the first that does not. */
export function everyInRange(range: string, cells: CellLookup, test: (v: CellValue | undefined) => boolean): boolean {
  const r = parseA1(range);
  if (!r || (r.row !== r.endRow && r.col !== r.endCol)) throw new Error(`A chart series needs one column or one row of cells, not "${range}".`);
  for (let row = r.row; row <= r.endRow; row++) {
    for (let col = r.col; col <= r.endCol; col++) if (!test(cells(row, col))) return false;
  }
  return true;
}
