/**
 * Reads only the mapped columns of the data the user chose (the current region around the selection,
 * or an Excel table) as a narrow Grid: header row first, then one row per data row, in the mapped
 * columns' order. Same cell rules as `src/read/office.ts` (blank = valueType "Empty" → null, error cells
 * → `{ error }` markers, the same header-detection rule), so a run reads what the preview showed.
 *
 * Why not `readSelection`/`readTable`: the pane needs 2 to 5 columns of what is often a wide export
 * (Superstore has 21). Loading only those keeps the response small and the syncs few: one sync learns
 * the extent and the header rows, then one sync per READ_CELLS_PER_SYNC cells of the mapped columns,
 * in ranges of at most 5,000 rows. 100,000 customers × 2 columns = 2 cell syncs.
 */
import { KamError, KamErrorCode, KamErrorPlace } from "../core/errors";
import type { ProblemKey, ProblemValues } from "../i18n/problems";
import type { CellError } from "../read/grid";
import { MAX_READ_ROWS, READ_CELLS_PER_SYNC, detectHeader } from "../read/office";
import { columnLetter } from "../sheets/kit/address";
import type { DataSource } from "./abcRun";

/** Why the data could not be read; the pane words each reason in the user's language. */
export type SourceReason =
  "tableMissing" | "sheetMissing" | "noData" | "columnMissing" | "columnDuplicate" | "mappedTwice";

/** A KamError about the chosen data as a whole (not one cell), with its reason. */
export class SourceProblem extends KamError {
  constructor(
    readonly reason: SourceReason,
    code: KamErrorCode,
    key: ProblemKey,
    values: ProblemValues,
    place: KamErrorPlace,
  ) {
    super(code, key, values, place);
    this.name = "SourceProblem";
  }
}

export interface MappedRead {
  /** Sheet-qualified address of the whole data, header included ("Data!A1:U9995"). */
  address: string;
  /** Worksheet name of the data. */
  sheet: string;
  /** 1-based sheet row of the first data row (below the header when there is one). */
  firstDataRow: number;
  /** All header texts of the data, in sheet order (column letters when there is no header row). */
  allHeaders: string[];
  /** [wanted headers, ...data rows], only the wanted columns, in the order asked for. */
  grid: unknown[][];
  /** Number format of each wanted column's first data cell (e.g. "[$kr-414] #,##0.00"); [] without data. */
  numberFormats: string[];
  hasHeaders: boolean;
}

interface Extent {
  address: string;
  sheet: Excel.Worksheet;
  row: number;
  col: number;
  /** Rows of the data body (header excluded). */
  rows: number;
  cols: number;
  headers: string[];
  hasHeaders: boolean;
}

/**
 * @param wanted header names to read (trimmed, exact, as `readAbcInput` matches them); each must exist once.
 * @throws SourceProblem (a KamError): "column" for a wanted header that is missing or appears twice
 *         (the message lists the headers); "argument" for a table or sheet that no longer exists;
 *         "empty" when there is nothing around the selection.
 */
export async function readMappedColumns(
  context: Excel.RequestContext,
  source: DataSource,
  wanted: readonly string[],
): Promise<MappedRead> {
  const extent = await readExtent(context, source);
  const name = source.kind === "table" ? source.name : extent.sheet.name;
  const cols = wanted.map((w) => {
    const key = w.trim();
    const first = extent.headers.indexOf(key);
    if (first >= 0 && extent.headers.indexOf(key, first + 1) >= 0) {
      throw new SourceProblem("columnDuplicate", "column", "input.columnTwice", { column: key, source: name }, { source: name, column: key });
    }
    if (first < 0) {
      const available = extent.headers.filter((h) => h).join(", ");
      throw new SourceProblem(
        "columnMissing",
        "column",
        "input.columnMissing",
        { column: key, source: name, available },
        { source: name, column: key },
      );
    }
    return first;
  });

  // Load the wanted columns in ranges of ≤ 5,000 rows, ≤ READ_CELLS_PER_SYNC cells a sync.
  const width = cols.length;
  const rows: unknown[][] = Array.from({ length: extent.rows }, () => new Array(width).fill(null));
  const perSync = Math.max(1, Math.floor(READ_CELLS_PER_SYNC / Math.max(width, 1)));
  // The first data cell's number format per column, loaded with the first block (no sync of its own): the
  // pane's currency defaults from the value column's format.
  const firstFormats = extent.rows > 0 ? cols.map((c) => extent.sheet.getRangeByIndexes(extent.row, extent.col + c, 1, 1).load("numberFormat")) : [];
  for (let start = 0; start < extent.rows; start += perSync) {
    const end = Math.min(extent.rows, start + perSync);
    const parts: { j: number; at: number; range: Excel.Range }[] = [];
    for (let at = start; at < end; at += MAX_READ_ROWS) {
      const n = Math.min(MAX_READ_ROWS, end - at);
      cols.forEach((c, j) => {
        const range = extent.sheet.getRangeByIndexes(extent.row + at, extent.col + c, n, 1).load("values,valueTypes");
        parts.push({ j, at, range });
      });
    }
    // One sync per READ_CELLS_PER_SYNC cells (Excel on the web caps a response at 5 MB), never per row.
    // eslint-disable-next-line office-addins/no-context-sync-in-loop
    await context.sync();
    for (const { j, at, range } of parts) {
      const types = range.valueTypes as string[][];
      range.values.forEach((line, i) => (rows[at + i][j] = cell(line[0], types[i][0])));
    }
  }
  return {
    address: extent.address,
    sheet: extent.sheet.name,
    firstDataRow: extent.row + 1,
    allHeaders: extent.headers,
    grid: [cols.map((c) => extent.headers[c]), ...rows],
    numberFormats: firstFormats.map((r) => String((r.numberFormat as unknown[][])[0]?.[0] ?? "")),
    hasHeaders: extent.hasHeaders,
  };
}

function cell(v: unknown, t: string): unknown {
  if (t === "Empty") return null;
  if (t === "Error") return { error: String(v) } satisfies CellError;
  return v;
}

/** One sync: where the data is, its header row, and (for a selection) whether the first row is a header. */
async function readExtent(context: Excel.RequestContext, source: DataSource): Promise<Extent> {
  if (source.kind === "table") {
    const table = context.workbook.tables.getItem(source.name);
    const header = table.getHeaderRowRange().load("values");
    const body = table.getDataBodyRange().load("rowIndex,columnIndex,rowCount,columnCount");
    const all = table.getRange().load("address");
    const ws = table.worksheet.load("name");
    try {
      await context.sync();
    } catch (e) {
      throw missingSource(e, source);
    }
    const headers = (header.values[0] ?? []).map((h, j) =>
      h === "" || h === null ? columnLetter(body.columnIndex + j) : String(h).trim(),
    );
    return {
      address: all.address,
      sheet: ws,
      row: body.rowIndex,
      col: body.columnIndex,
      rows: body.rowCount,
      cols: body.columnCount,
      headers,
      hasHeaders: true,
    };
  }
  const region = regionOf(context, source).getSurroundingRegion();
  region.load("address,rowIndex,columnIndex,rowCount,columnCount");
  // The first two rows (the second may lie just below a one-row region; then it is ignored).
  const top = region.getRow(0).getResizedRange(1, 0).load("values,valueTypes");
  const ws = region.worksheet.load("name");
  try {
    await context.sync();
  } catch (e) {
    throw missingSource(e, source);
  }
  const types = (top.valueTypes as string[][]).slice(0, Math.min(2, region.rowCount));
  const letters = Array.from({ length: region.columnCount }, (_, j) => columnLetter(region.columnIndex + j));
  if (types.every((line) => line.every((t) => t === "Empty"))) {
    throw new SourceProblem("noData", "empty", "pane.noData", { address: region.address }, { source: ws.name });
  }
  const hasHeaders = detectHeader(types);
  const headers = hasHeaders
    ? top.values[0].map((h, j) => (types[0][j] === "Empty" ? letters[j] : String(h).trim()))
    : letters;
  const body = hasHeaders ? 1 : 0;
  return {
    address: region.address,
    sheet: ws,
    row: region.rowIndex + body,
    col: region.columnIndex,
    rows: region.rowCount - body,
    cols: region.columnCount,
    headers,
    hasHeaders,
  };
}

/** The cell a region grows from: the selection, or the anchor cell remembered from the preview. */
export function regionOf(context: Excel.RequestContext, source: Exclude<DataSource, { kind: "table" }>): Excel.Range {
  return source.kind === "region"
    ? context.workbook.worksheets.getItem(source.sheet).getRange(source.cell)
    : context.workbook.getSelectedRange();
}

/**
 * The error to throw for a failed sync: "the table/sheet is gone" (ItemNotFound) becomes a SourceProblem
 * the pane can word; anything else passes through.
 */
export function missingSource(e: unknown, source: DataSource): unknown {
  if ((e as { code?: string }).code !== "ItemNotFound" || source.kind === "selection") return e;
  if (source.kind === "table") {
    return new SourceProblem("tableMissing", "argument", "pane.tableMissing", { name: source.name }, { source: source.name });
  }
  return new SourceProblem("sheetMissing", "argument", "pane.sheetMissing", { name: source.sheet }, { source: source.sheet });
}
