/**
 * Office.js reader: the user's selection, its current region, or an Excel table as a Grid with headers
 * (DESIGN §1, the Grid door for the task pane).
 *
 * Why it reads `values` *and* `valueTypes`: in `values` an empty cell and an empty-string formula result
 * both read as "", and desktop custom functions hand blanks over as 0; only `valueTypes` ("Empty") says
 * a cell is really blank, so a missing revenue is never read as a revenue of 0. Error cells ("Error")
 * become `{ error: "#N/A" }` markers, as in every other reader (`grid.ts`).
 *
 * Syncs: one to learn the address and size, one to load the cells. The cells are loaded in ranges of at
 * most 5,000 rows and, per sync, at most READ_CELLS_PER_SYNC cells, because Excel on the web also caps a
 * *response* at 5 MB; a selection above that takes one more sync per 100,000 cells (and the budget
 * halves and retries if Excel still reports ResponsePayloadSizeLimitExceeded). Nothing grows per row.
 */
import { KamError } from "../core/errors";
import { columnLetter } from "../sheets/kit/address";
import type { CellError } from "./grid";

export interface ReadResult {
  /** Sheet-qualified address of what was read, header row included ("Data!A1:D794"); the selection when empty. */
  address: string;
  /** Header texts; column letters ("A", "B" …) when the data has no header row. */
  headers: string[];
  /** Data rows (header excluded). Blank cells are null, error cells `{ error }`, others as Excel gives them. */
  rows: unknown[][];
  /** Same shape as `rows`: true where the cell is empty (valueType "Empty"), so blank ≠ 0 ≠ "". */
  blanks: boolean[][];
  /** Whether the first row was taken as headers. */
  hasHeaders: boolean;
}

export interface TableInfo {
  name: string;
  sheet: string;
  /** Data rows (header excluded). */
  rows: number;
}

export const MAX_READ_ROWS = 5_000;
/** Cells loaded per sync; about 3 MB of values + valueTypes for typical customer data. */
export const READ_CELLS_PER_SYNC = 100_000;

interface Area {
  /** The range of `n` rows starting `r` rows below the area's top (absolute, so no re-evaluation). */
  chunk: (r: number, n: number) => Excel.Range;
  address: string;
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * Read the selection ("selection": the used part of it, so a whole-column selection reads only the
 * filled rows) or its current region ("currentRegion": the block around the selection's top-left cell
 * bounded by blank rows and columns, like Ctrl+*).
 * Header rule: the first row is a header when it holds only text (and at least one text) and the second
 * row holds at least one number.
 */
export async function readSelection(context: Excel.RequestContext, mode: "selection" | "currentRegion"): Promise<ReadResult> {
  const selection = context.workbook.getSelectedRange().load("address");
  const region = mode === "currentRegion" ? selection.getSurroundingRegion() : selection.getUsedRangeOrNullObject(true);
  region.load("address,rowIndex,columnIndex,rowCount,columnCount");
  await context.sync();
  if (region.isNullObject) return { address: selection.address, headers: [], rows: [], blanks: [], hasHeaders: false };
  const ws = region.worksheet;
  const [row, col, cols] = [region.rowIndex, region.columnIndex, region.columnCount];
  const area: Area = { chunk: (r, n) => ws.getRangeByIndexes(row + r, col, n, cols), address: region.address, row, col, rows: region.rowCount, cols };
  const { values, types } = await loadCells(context, area);
  return shape(area, values, types, detectHeader(types));
}

/**
 * Read an Excel table by name: headers are the table's column names, rows its data body.
 * @throws KamError("argument") when the workbook has no table of that name.
 */
export async function readTable(context: Excel.RequestContext, tableName: string): Promise<ReadResult> {
  const table = context.workbook.tables.getItem(tableName);
  const header = table.getHeaderRowRange().load("values");
  const body = table.getDataBodyRange().load("address,rowIndex,columnIndex,rowCount,columnCount");
  const all = table.getRange().load("address");
  try {
    await context.sync();
  } catch (e) {
    if ((e as { code?: string }).code === "ItemNotFound") throw new KamError("argument", "pane.tableMissing", { name: tableName }, { source: tableName });
    throw e;
  }
  const cols = body.columnCount;
  const area: Area = { chunk: (r, n) => body.getCell(r, 0).getResizedRange(n - 1, cols - 1), address: body.address, row: body.rowIndex, col: body.columnIndex, rows: body.rowCount, cols };
  const { values, types } = await loadCells(context, area);
  const headers = (header.values[0] ?? []).map((h, j) => (h === "" || h === null ? columnLetter(area.col + j) : String(h).trim()));
  return { ...toRows(values, types), address: all.address, headers, hasHeaders: true };
}

/** Every table of the workbook with its sheet and number of data rows (two syncs). */
export async function listTables(context: Excel.RequestContext): Promise<TableInfo[]> {
  const tables = context.workbook.tables.load("items/name,items/worksheet/name");
  await context.sync();
  const counts = tables.items.map((t) => t.rows.load("count"));
  await context.sync();
  return tables.items.map((t, i) => ({ name: t.name, sheet: t.worksheet.name, rows: counts[i].count }));
}

/** First row all text (at least one), second row with a number → the first row is a header. */
export function detectHeader(types: readonly (readonly string[])[]): boolean {
  if (types.length < 2) return false;
  const first = types[0];
  const allText = first.every((t) => t === "String" || t === "Empty") && first.some((t) => t === "String");
  const numberBelow = types[1].some((t) => t === "Double" || t === "Integer");
  return allText && numberBelow;
}

async function loadCells(context: Excel.RequestContext, a: Area): Promise<{ values: unknown[][]; types: string[][] }> {
  const values: unknown[][] = [];
  const types: string[][] = [];
  let budget = READ_CELLS_PER_SYNC;
  for (let row = 0; row < a.rows; ) {
    const perRange = Math.max(1, Math.min(MAX_READ_ROWS, Math.floor(budget / a.cols)));
    const ranges: Excel.Range[] = [];
    let r = row;
    let cells = 0;
    while (r < a.rows && (ranges.length === 0 || cells + Math.min(perRange, a.rows - r) * a.cols <= budget)) {
      const n = Math.min(perRange, a.rows - r);
      ranges.push(a.chunk(r, n).load("values,valueTypes"));
      cells += n * a.cols;
      r += n;
    }
    try {
      // One sync per READ_CELLS_PER_SYNC cells (the 5 MB response limit), not per row or per range.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (e) {
      if ((e as { code?: string }).code === "ResponsePayloadSizeLimitExceeded" && budget > a.cols) {
        budget = Math.floor(budget / 2);
        continue;
      }
      throw e;
    }
    for (const range of ranges) {
      values.push(...range.values);
      types.push(...(range.valueTypes as string[][]));
    }
    row = r;
  }
  return { values, types };
}

function cell(v: unknown, t: string): unknown {
  if (t === "Empty") return null;
  if (t === "Error") return { error: String(v) } satisfies CellError;
  return v;
}

function toRows(values: unknown[][], types: string[][]): { rows: unknown[][]; blanks: boolean[][] } {
  return {
    rows: values.map((line, i) => line.map((v, j) => cell(v, types[i][j]))),
    blanks: types.map((line) => line.map((t) => t === "Empty")),
  };
}

function shape(a: Area, values: unknown[][], types: string[][], hasHeaders: boolean): ReadResult {
  const headers = hasHeaders
    ? values[0].map((h, j) => (types[0][j] === "Empty" ? columnLetter(a.col + j) : String(h).trim()))
    : Array.from({ length: a.cols }, (_, j) => columnLetter(a.col + j));
  const body = hasHeaders ? 1 : 0;
  return { address: a.address, headers, hasHeaders, ...toRows(values.slice(body), types.slice(body)) };
}
