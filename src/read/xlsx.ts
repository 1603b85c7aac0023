/**
 * .xlsx → Grid with ExcelJS. Grid row i is sheet row i + 1 and grid column j is sheet column j + 1,
 * so error messages name the row the user sees.
 *
 * Cell mapping:
 * - numbers, strings, booleans, dates: as they are (ExcelJS turns date-formatted serials into Date);
 * - formulas: their cached result, the value Excel last calculated and saved; a formula with no saved
 *   result (files written by tools that do not calculate) becomes a `CellError` carrying the formula,
 *   never 0;
 * - error values (#DIV/0!, #N/A …): a `CellError` marker, so validation names them;
 * - rich text: its plain text; hyperlinks: their display text;
 * - blanks: null; cells covered by a merge (not its top-left cell): a `MergedCell` marker naming the
 *   top-left cell, so validation can refuse a merge in a mapped column instead of dropping the covered
 *   rows or counting the merged value once per row (elsewhere the marker reads as blank).
 *
 * Sheet choice: the named sheet (hidden ones included), else the first visible sheet — the one a user
 * sees first, not a hidden helper sheet that happens to come first.
 *
 * Tables: `readXlsxSheet` also names the sheet rows that are an Excel table's Total row (the table part's
 * `totalsRowCount`, ECMA-376 Part 1 §18.5.1.2), so the input reader skips and reports them instead of
 * counting "Total" as the largest customer (`src/core/totalRow.ts`).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import * as ExcelJS from "exceljs";
import { KamError } from "../core/errors";
import { TableExtent, tableTotalsRows } from "../core/totalRow";
import type { CellError, Grid, MergedCell } from "./grid";
import { fileProblem } from "./csv";
import { chooseSheet } from "./stream/xlsxParts";

/**
 * Reads one worksheet of an .xlsx file.
 * @param path  the file.
 * @param sheet worksheet name (exact, then case-insensitive); the first visible worksheet when omitted.
 * @throws KamError("file") for an unreadable file or an unknown sheet (the message lists the sheets).
 */
export async function readXlsxFile(path: string, sheet?: string): Promise<Grid> {
  return (await readXlsxSheet(path, sheet)).grid;
}

/** A worksheet read: its Grid and the 1-based sheet rows that are an Excel table's Total row. */
export interface XlsxSheet {
  grid: Grid;
  tableTotalsRows: Set<number>;
}

/** Same as `readXlsxFile`, with the sheet's table Total rows. */
export async function readXlsxSheet(path: string, sheet?: string): Promise<XlsxSheet> {
  const source = basename(path);
  let bytes: Buffer;
  try {
    // Read the bytes ourselves: ExcelJS's own "File not found" carries no error code.
    bytes = await readFile(path);
  } catch (e) {
    throw new KamError("file", "file.cannotRead", { source, reason: fileProblem(e) }, { source });
  }
  return readXlsxSheetBuffer(bytes, sheet, source);
}

/** Same as `readXlsxFile` for bytes already in memory (e.g. an upload). */
export async function readXlsxBuffer(bytes: ArrayBuffer | Uint8Array, sheet?: string, source = "input.xlsx"): Promise<Grid> {
  return (await readXlsxSheetBuffer(bytes, sheet, source)).grid;
}

/** Same as `readXlsxSheet` for bytes already in memory. */
export async function readXlsxSheetBuffer(bytes: ArrayBuffer | Uint8Array, sheet?: string, source = "input.xlsx"): Promise<XlsxSheet> {
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings want its own Buffer type; a Node Buffer view of the bytes is what it reads.
    await wb.xlsx.load(Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) as never);
  } catch {
    throw new KamError("file", "xlsx.unreadable", { source }, { source });
  }
  const ws = pickSheet(wb, sheet, source);
  return { grid: worksheetGrid(ws), tableTotalsRows: tableTotalsRowsOf(ws) };
}

/** Sheet rows that are a table's Total row; a table ExcelJS cannot describe is left out (its rows read as data). */
function tableTotalsRowsOf(ws: ExcelJS.Worksheet): Set<number> {
  const extents: TableExtent[] = [];
  for (const t of ws.getTables() as unknown as { table?: { tableRef?: string; totalsRow?: boolean } }[]) {
    const last = /(\d+)$/.exec(t.table?.tableRef ?? "");
    if (last && t.table?.totalsRow) extents.push({ lastRow: Number(last[1]), totalsRowCount: 1 });
  }
  return tableTotalsRows(extents);
}

function pickSheet(wb: ExcelJS.Workbook, sheet: string | undefined, source: string): ExcelJS.Worksheet {
  return chooseSheet(wb.worksheets, sheet, source);
}

/** All cells of a worksheet from A1 to its last used row and column. */
export function worksheetGrid(ws: ExcelJS.Worksheet): Grid {
  const rows = ws.rowCount;
  const cols = ws.columnCount;
  const grid: Grid = new Array(rows);
  for (let r = 1; r <= rows; r++) {
    const row = ws.getRow(r);
    const out = new Array<unknown>(cols);
    for (let c = 1; c <= cols; c++) out[c - 1] = gridCell(row.getCell(c));
    grid[r - 1] = out;
  }
  return grid;
}

/** One ExcelJS cell as a Grid cell (see the module doc). */
export function gridCell(cell: ExcelJS.Cell): unknown {
  if (cell.type === ExcelJS.ValueType.Merge) return { mergedFrom: cell.master.address } satisfies MergedCell;
  if (cell.type === ExcelJS.ValueType.Formula) {
    // Not cell.value: ExcelJS 4.4 drops falsy results there (0, FALSE, ""), so a formula that
    // calculated to 0 would look uncalculated. cell.result keeps them.
    const result = cell.result as ExcelJS.CellValue;
    if (result === undefined || result === null) return { error: "#N/A", formula: cell.formula } satisfies CellError;
    return plainValue(result);
  }
  return plainValue(cell.value);
}

function plainValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean" || v instanceof Date) return v;
  if ("error" in v) return { error: String(v.error) } satisfies CellError;
  if ("richText" in v) return v.richText.map((run) => run.text).join("");
  if ("hyperlink" in v) {
    const text = (v as ExcelJS.CellHyperlinkValue).text as unknown;
    // A hyperlink's text may itself be rich text.
    return typeof text === "string" ? text : plainValue(text as ExcelJS.CellValue);
  }
  return String(v);
}
