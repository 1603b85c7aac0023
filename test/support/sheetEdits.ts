/**
 * What people do to sheets, on cell grids (the pure model of a workbook): type into a cell, insert or
 * delete rows and columns (every cell below / right shifts by one, as in Excel; formula references are
 * not adjusted), and the refresh of `kam plan` on such grids (extractPreserved → buildSelectionWorkbook).
 */
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, SelectionResult, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { extractPreserved } from "../../src/plan/preserve";
import type { UserCell } from "../../src/plan/userCell";
import { specCells } from "../../src/sheets/kit/grid";

export type Grid = UserCell[][];
export type Book = Map<string, Grid>;

/** 0-based (row, col) of an A1 address. */
export function pos(address: string): { row: number; col: number } {
  const m = /^([A-Z]+)([0-9]+)$/.exec(address);
  if (!m) throw new Error(`bad address ${address}`);
  return { row: Number(m[2]) - 1, col: m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1 };
}

export function get(grid: Grid, address: string): UserCell {
  const { row, col } = pos(address);
  return grid[row]?.[col] ?? null;
}

export function set(grid: Grid, address: string, value: UserCell): void {
  const { row, col } = pos(address);
  (grid[row] ??= [])[col] = value;
}

export function insertRow(grid: Grid, row: number): void {
  if (row < grid.length) grid.splice(row, 0, []);
}

export function deleteRow(grid: Grid, row: number): void {
  if (row < grid.length) grid.splice(row, 1);
}

export function insertCol(grid: Grid, col: number): void {
  for (const r of grid) if (r && col < r.length) r.splice(col, 0, null);
}

export function deleteCol(grid: Grid, col: number): void {
  for (const r of grid) if (r && col < r.length) r.splice(col, 1);
}

/** A spec as the cells a reader of the rendered workbook sees, by sheet name. */
export function bookOf(r: SelectionResult): Book {
  return new Map(r.spec.sheets.map((s) => [s.name, specCells(s)]));
}

/** `kam plan` on an edited book: what was entered is read and merged into a new build. */
export function refresh(book: Book, data: PlanData, options: SelectionOptions): SelectionResult {
  return buildSelectionWorkbook(data, options, extractPreserved(book));
}

/** Every cell of a sheet equal to `value` (strings trimmed), as [row, col]. */
export function findAll(grid: Grid | undefined, value: UserCell): [number, number][] {
  const out: [number, number][] = [];
  grid?.forEach((row, r) =>
    row?.forEach((v, c) => {
      if (v === value || (typeof v === "string" && typeof value === "string" && v.trim() === value.trim())) out.push([r, c]);
    }),
  );
  return out;
}
