/**
 * Sheets as cell grids, the common currency of every reader (ExcelJS in the CLI, Office.js in the task
 * pane, the pure model in tests): `SheetCells` for what a workbook holds, `specGrid` for what a SheetSpec
 * writes. `specGrid` is a pure model of rendering (tables first, then blocks in order, the later block
 * winning, as `src/render/xlsx.ts` does), so a refresh can key the NEW spec with the same reader it uses
 * on the OLD sheet.
 */
import type { SheetSpec } from "../../plan/spec";
import type { UserCell } from "../../plan/userCell";

/** The cells of one sheet: grid[r][c] is sheet row r + 1, column c + 1; missing cells are blank. */
export type SheetCells = readonly (readonly UserCell[] | undefined)[];

/** Sheets by name. */
export type WorkbookCells = ReadonlyMap<string, SheetCells>;

/** One cell a spec writes and who owns it ("generated": rewritten on refresh; "user": an input). */
export interface SpecCell {
  cell: UserCell;
  owner: "generated" | "user";
}

/** The cell at (r, c), null when blank or outside the grid. */
export function cellAt(grid: SheetCells, r: number, c: number): UserCell {
  return grid[r]?.[c] ?? null;
}

/**
 * What a sheet spec writes, cell by cell (0-based), with owners. Blank entries of a later block clear an
 * earlier cell, as the renderers write them. Formulas are `{ formula: "=…" }`.
 */
export function specGrid(sheet: SheetSpec): (SpecCell | undefined)[][] {
  const grid: (SpecCell | undefined)[][] = [];
  walkSpec(sheet, undefined, (r, c, cell) => ((grid[r] ??= [])[c] = cell));
  return grid;
}

/**
 * One column of `specGrid` (entry r is row r), for a reader of a few columns of a large sheet (a chart's
 * series): no row arrays for the other columns.
 */
export function specColumn(sheet: SheetSpec, col: number): (SpecCell | undefined)[] {
  const column: (SpecCell | undefined)[] = [];
  walkSpec(sheet, col, (r, _c, cell) => (column[r] = cell));
  return column;
}

/** Every cell a spec writes, in writing order (tables, then blocks), blank ones as undefined; only `onlyCol`'s when given. */
function walkSpec(sheet: SheetSpec, onlyCol: number | undefined, visit: (r: number, c: number, cell: SpecCell | undefined) => void): void {
  const put = (r: number, c: number, cell: UserCell, owner: SpecCell["owner"]): void =>
    visit(r, c, cell === null || cell === "" ? undefined : { cell, owner });
  // The entries of a row written from column `base` on: all of them, or only the one in `onlyCol`.
  const each = <T>(row: readonly T[], base: number, fn: (v: T, c: number) => void): void => {
    if (onlyCol === undefined) row.forEach(fn);
    else if (onlyCol - base in row) fn(row[onlyCol - base], onlyCol - base);
  };
  for (const t of sheet.tables) {
    each(t.headers, t.col, (h, c) => put(t.row, t.col + c, h, "generated"));
    t.rows.forEach((row, r) =>
      each(row, t.col, (v, c) => {
        const f = t.columnFormulas?.[c];
        put(t.row + 1 + r, t.col + c, f ? { formula: f } : v, "generated");
      }),
    );
  }
  for (const b of sheet.blocks) {
    const owner = b.owner ?? "generated";
    b.values.forEach((row, r) =>
      each(row, b.col, (v, c) => {
        const f = b.formulas?.[r]?.[c];
        put(b.row + r, b.col + c, f ? { formula: f } : v, owner);
      }),
    );
  }
}

/** The values of `specGrid` only: the cells a reader of the rendered sheet would see. */
export function specCells(sheet: SheetSpec): UserCell[][] {
  return specGrid(sheet).map((row) => (row ? row.map((x) => x?.cell ?? null) : []));
}

/** Every non-blank cell of a grid, row by row. */
export function* nonBlank(grid: SheetCells): Generator<{ row: number; col: number; value: UserCell }> {
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    if (!row) continue;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) continue;
      yield { row: r, col: c, value: v };
    }
  }
}

/** The grid seen from a key column: column 0 is `keyCol` (a column inserted before A shifts nothing). */
export function fromKeyColumn(grid: SheetCells, keyCol: number): SheetCells {
  return keyCol === 0 ? grid : grid.map((row) => row?.slice(keyCol));
}
