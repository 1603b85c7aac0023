/**
 * CSV → Grid. Cells stay strings; numbers are read later by `src/core/numbers.ts` under the locale the
 * user chose, so a file's "1 234,50" is never guessed at here.
 *
 * - Encoding: UTF-8 with or without BOM. A file that is not valid UTF-8 is decoded as Windows-1252,
 *   the encoding Excel for Windows uses for "CSV (comma/semicolon delimited)" in Western locales
 *   (Norwegian æøå included).
 * - Separator: comma or semicolon, whichever occurs more often outside quotes in the header line
 *   (Excel with a decimal-comma locale such as nb-NO writes semicolons). Ties go to comma.
 * - Quotes: RFC 4180 ("" inside quotes is one quote; separators and line breaks inside quotes are data).
 * - Rows keep their record order, empty lines included (as [""]), so grid row i is the row a
 *   spreadsheet app shows as i + 1 when it opens the file. Short rows are allowed.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { KamError } from "../core/errors";
import type { Grid } from "./grid";

export type CsvSeparator = "," | ";";

/** Text of a CSV file's bytes: UTF-8 (BOM removed) or, when not valid UTF-8, Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Comma or semicolon, counted outside double quotes up to the first line break outside quotes. */
export function detectSeparator(text: string): CsvSeparator {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted; // a doubled "" toggles twice: still correct
    else if (quoted) continue;
    else if (ch === ",") commas++;
    else if (ch === ";") semicolons++;
    else if (ch === "\n" || ch === "\r") break;
  }
  return semicolons > commas ? ";" : ",";
}

/**
 * Parses CSV text into a Grid of strings.
 * @param source file name used in error messages.
 * @throws KamError("file") for malformed CSV (e.g. an unclosed quote), naming the line.
 */
export function parseCsv(text: string, source = "input.csv", separator: CsvSeparator = detectSeparator(text)): Grid {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return parse(text, {
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    const where = err.lines !== undefined ? ` (line ${err.lines})` : "";
    throw new KamError("file", `${source}${where}: not a readable CSV file: ${err.message}`, { source, row: err.lines });
  }
}

/**
 * Reads a `.csv` file into a Grid.
 * @throws KamError("file") when the file cannot be read or parsed; the message names the file.
 */
export function readCsvFile(path: string): Grid {
  const source = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new KamError("file", `Cannot read ${source}: ${fileProblem(e)}.`, { source });
  }
  return parseCsv(decodeCsvBytes(bytes), source);
}

/** A short reason for a failed file access ("no such file", "permission denied", …). */
export function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a folder";
    default:
      return (e as Error)?.message ?? String(e);
  }
}
