/**
 * The command line's read path for an ABC analysis: a `.csv` or `.xlsx` file → per-customer sums, read
 * once as a stream (memory in customers, not lines; csvFile.ts, xlsxFile.ts). Same rules, results and errors as
 * `readGridFile` (src/cli/readInput.ts) + `readAbcInput` + `aggregateByKey`; see src/read/stream/abcRows.ts.
 */
import { extname } from "node:path";
import type { AbcInputOptions } from "../../core/input";
import type { Grid } from "../../core/grid";
import { type StreamedAbc, gridAbc } from "./abcRows";
import { streamCsvAbc } from "./csvFile";
import { streamXlsxAbc } from "./xlsxFile";

export type { StreamedAbc } from "./abcRows";

/**
 * Reads the ABC input of a file.
 * @param readGrid the whole-file reader, for what streams do not cover: its errors for unknown types,
 *                 `--sheet` given for a CSV, ….
 * @throws KamError as the whole-file path.
 */
export async function readAbcFile(
  path: string,
  sheet: string | undefined,
  options: AbcInputOptions,
  readGrid: (path: string, sheet?: string) => Promise<{ grid: Grid; tableTotalsRows?: ReadonlySet<number> }>,
): Promise<StreamedAbc> {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv" && sheet === undefined) return streamCsvAbc(path, options);
  if (ext === ".xlsx") return streamXlsxAbc(path, sheet, options);
  const { grid, tableTotalsRows } = await readGrid(path, sheet);
  return gridAbc(grid, { ...options, tableTotalsRows });
}
