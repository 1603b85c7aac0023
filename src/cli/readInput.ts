/** Picks the reader for an input file by its extension (.csv, .xlsx). */
import { basename, extname } from "node:path";
import { KamError } from "../core/errors";
import { readCsvFile } from "../read/csv";
import type { Grid } from "../read/grid";
import { readXlsxSheet } from "../read/xlsx";

export const INPUT_EXTENSIONS = [".csv", ".xlsx"] as const;

/** An input file read: its Grid and the rows that are an Excel table's Total row (none for CSV). */
export interface InputFile {
  grid: Grid;
  tableTotalsRows: ReadonlySet<number>;
}

/**
 * Reads a `.csv` or `.xlsx` file into a Grid, with the rows that are an Excel table's Total row.
 * @param sheet worksheet name for .xlsx (first visible sheet when omitted); refused for .csv.
 * @throws KamError("file") for an unknown extension, an unreadable file, or `sheet` given for a CSV.
 */
export async function readInputFile(path: string, sheet?: string): Promise<InputFile> {
  const ext = extname(path).toLowerCase();
  const source = basename(path);
  if (ext === ".csv") {
    if (sheet !== undefined) {
      throw new KamError("file", "file.csvNoSheets", { source }, { source });
    }
    return { grid: readCsvFile(path), tableTotalsRows: new Set() };
  }
  if (ext === ".xlsx") return readXlsxSheet(path, sheet);
  throw ext === ""
    ? new KamError("file", "file.noExtension", { source }, { source })
    : new KamError("file", "file.badExtension", { source, ext }, { source });
}
