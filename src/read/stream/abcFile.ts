/**
 * The command line's read path: a `.csv` or `.xlsx` file → per-customer figures, read once as a stream
 * (memory in customers, not lines; csvFile.ts, xlsxFile.ts) into a reader's row sink: the ABC sums
 * (abcRows.ts) or the plan's figures (planRows.ts). Same rules, results and errors as reading the file
 * whole (src/cli/readInput.ts) and then the grid path (`readAbcInput` + `aggregateByKey`, `planDataFromGrid`).
 */
import { extname } from "node:path";
import type { AbcInputOptions } from "../../core/input";
import type { Grid } from "../../core/grid";
import { type RowReader, type StreamedAbc, abcReader } from "./abcRows";
import { readCsvBytes } from "./csvBytes";
import { streamCsv } from "./csvFile";
import { streamXlsx } from "./xlsxFile";

export type { StreamedAbc } from "./abcRows";

/** The whole-file reader (src/cli/readInput.ts), for what streams do not cover. */
export type ReadGrid = (path: string, sheet?: string) => Promise<{ grid: Grid; tableTotalsRows?: ReadonlySet<number> }>;

/**
 * Reads the ABC input of a file.
 * @param readGrid the whole-file reader, for what streams do not cover: its errors for unknown types,
 *                 `--sheet` given for a CSV, ….
 * @throws KamError as the whole-file path.
 */
export async function readAbcFile(path: string, sheet: string | undefined, options: AbcInputOptions, readGrid: ReadGrid): Promise<StreamedAbc> {
  return readRowsFile(path, sheet, { ...abcReader(options), bytes: (p) => readCsvBytes(p, options) }, readGrid);
}

/**
 * Reads a file into a reader's result (`abcReader`, `planReader`): streamed for a CSV (without `sheet`)
 * and an .xlsx; otherwise read whole by `readGrid`, which words the errors for other files.
 * @throws KamError as the whole-file path.
 */
export async function readRowsFile<R>(path: string, sheet: string | undefined, reader: RowReader<R>, readGrid: ReadGrid): Promise<R> {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" && sheet === undefined) return streamCsv(path, reader);
  if (ext === ".xlsx") return streamXlsx(path, sheet, reader);
  const { grid, tableTotalsRows } = await readGrid(path, sheet);
  return reader.fromGrid(grid, tableTotalsRows);
}
