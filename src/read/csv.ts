/**
 * CSV → Grid. Cells stay strings; numbers are read later by `src/core/numbers.ts` under the locale the
 * user chose, so a file's "1 234,50" is never guessed at here.
 *
 * - Encoding: UTF-16 after its byte-order mark (Excel's "Unicode text"), else UTF-8 (with or without BOM)
 *   or Windows-1252 (Excel's "CSV (comma/semicolon delimited)"), decided by the first non-ASCII byte; the
 *   rule lives in `./decode`, shared with the streaming read.
 * - Separator: Excel's first-line hint `sep=;` (or `sep=,`, any one character) when present; otherwise
 *   comma or semicolon, whichever occurs more often outside quotes in the header line (Excel with a
 *   decimal-comma locale such as nb-NO writes semicolons). Ties go to comma.
 * - Quotes: RFC 4180 ("" inside quotes is one quote; separators and line breaks inside quotes are data).
 * - Rows keep their record order, empty lines included (as [""]), so grid row i is the row a
 *   spreadsheet app shows as i + 1 when it opens the file. Short rows are allowed.
 * - The `sep=` line is not a row: Excel reads it as a setting and does not show it, so the header
 *   after it is row 1, as in Excel. (Messages about the file's text, such as an unclosed quote, count
 *   file lines, the `sep=` line included, as a text editor does.)
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse/sync";
import { KamError } from "../core/errors";
import type { ProblemRef } from "../i18n/problems";
import { decodeTextBytes } from "./decode";
import type { Grid } from "./grid";

/** A separator found by `detectSeparator`; a `sep=` line may name any other single character. */
export type CsvSeparator = "," | ";";

/**
 * Text of a CSV file's bytes (byte-order mark removed): UTF-16 after a UTF-16 BOM; else UTF-8 or Windows-1252,
 * decided by the first byte ≥ 0x80 (the rule and the Windows-1252 table are in `./decode`).
 * @throws KamError("file") for bytes after a UTF-16 BOM that are not valid UTF-16, or a UTF-8 file whose
 *         later bytes are not valid UTF-8 (the message names the line).
 */
export function decodeCsvBytes(bytes: Uint8Array, source = "input.csv"): string {
  return decodeTextBytes(bytes, source);
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

/** Excel's separator hint: a first line `sep=X` (case-insensitive) naming one character. */
const SEP_LINE = /^sep=([^"\r\n])(?:\r\n|\r|\n|$)/i;

/**
 * The separator named by a first line `sep=X` and the text after that line; null without such a line.
 */
export function separatorLine(text: string): { separator: string; rest: string } | null {
  const m = SEP_LINE.exec(text);
  return m ? { separator: m[1], rest: text.slice(m[0].length) } : null;
}

/**
 * Parses CSV text into a Grid of strings.
 * @param source    file name used in error messages.
 * @param separator field separator; by default the `sep=` line's, else `detectSeparator`.
 * @throws KamError("file") for malformed CSV (e.g. an unclosed quote), naming the line.
 */
export function parseCsv(text: string, source = "input.csv", separator?: string): Grid {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Lines before the CSV proper (the sep= line), so messages count lines of the whole file.
  let skippedLines = 0;
  const hint = separatorLine(text);
  if (hint) {
    text = hint.rest;
    skippedLines = 1;
    separator ??= hint.separator;
  }
  const sep = separator ?? detectSeparator(text);
  try {
    return parse(text, {
      delimiter: sep,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    let line = err.lines;
    // The parser's own words are the fallback (English: csv-parse has no other language).
    let reason: ProblemRef = { key: "file.reason.other", values: { text: err.message } };
    if (err.code === "CSV_QUOTE_NOT_CLOSED") {
      const opened = unclosedQuoteLine(text, sep);
      if (opened !== undefined) {
        line = opened;
        reason = { key: "csv.quoteOpens", values: { row: String(opened + skippedLines) } };
      } else {
        reason = { key: "csv.quoteBefore", values: { row: String((line ?? 1) + skippedLines) } };
      }
    }
    if (line !== undefined) line += skippedLines;
    throw line !== undefined
      ? new KamError("file", "csv.unreadable", { source, row: String(line), reason }, { source, row: line })
      : new KamError("file", "csv.unreadableNoLine", { source, reason }, { source });
  }
}

/**
 * 1-based line of the quote that opens a field and is never closed, scanning as RFC 4180 does (a quote
 * opens a field only at its start; "" inside quotes is one quote); undefined when every quote closes.
 */
export function unclosedQuoteLine(text: string, separator: string): number | undefined {
  let line = 1;
  let fieldStart = true;
  let quoted = false;
  let openedOn = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      if (quoted && text[i + 1] === '"') i++;
      else if (quoted) quoted = false;
      else if (fieldStart) {
        quoted = true;
        openedOn = line;
      }
      fieldStart = false;
      continue;
    }
    if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
    if (!quoted) fieldStart = ch === separator || ch === "\n" || ch === "\r";
  }
  return quoted ? openedOn : undefined;
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
    throw new KamError("file", "file.cannotRead", { source, reason: fileProblem(e) }, { source });
  }
  return parseCsv(decodeCsvBytes(bytes, source), source);
}

/** A short reason for a failed file access ("no such file", "permission denied", …), to word in the user's language. */
export function fileProblem(e: unknown): ProblemRef {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return { key: "file.reason.missing" };
    case "EACCES":
    case "EPERM":
      return { key: "file.reason.denied" };
    case "EISDIR":
      return { key: "file.reason.folder" };
    default:
      return { key: "file.reason.other", values: { text: (e as Error)?.message ?? String(e) } };
  }
}
