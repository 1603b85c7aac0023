/**
 * An `.xlsx` sheet → per-customer sums, read once as a stream (memory in customers, not rows): the
 * worksheet part is inflated piece by piece (src/read/stream/xlsxZip.ts, Node's zlib) and scanned one
 * `<row>` at a time (xlsxRows.ts) into the same row sink the CSV stream uses (abcRows.ts `AbcRowSink`), so
 * the key rule, placeholders, exact sums, trailing grand-total row and error messages are the ones of
 * every other door. Sheet choice (`--sheet`, else the first visible sheet), the header row, cell values
 * (numbers, dates, text, rich text, formula results, error values) and an Excel table's Total row
 * (the table part's `totalsRowCount`) are read as the whole-file reader (src/read/xlsx.ts) reads them.
 *
 * Engine, chosen by measurement (bench/read.bench.ts, figures in the README, "Large data"): ExcelJS's own
 * streaming reader (`stream.xlsx.WorkbookReader`) builds a Row and a Cell object with styles for every
 * cell, ignores merges and table parts, and reads error, boolean and inline rich-text cells unlike its
 * whole-file reader; this scanner reads only what the ABC needs.
 *
 * What a stream cannot see when it reads a row: merged ranges and hyperlinks are listed after the rows.
 * The whole-file reader marks cells covered by a merge and refuses them in the key and value columns, and
 * shows a hyperlinked formula without a saved result as blank. So, once the sheet is read, the file is
 * read again whole (src/read/xlsx.ts, same result and errors as before this path existed) when
 * - a merge covers a cell of the header row or above, or of a mapped column below it (key, value, and the
 *   name and money columns of a plan);
 * - a merge covers other cells below the header and rows with a blank key were skipped (a covered cell
 *   that still holds a value in the file would decide whether such a row is blank);
 * - the sheet has hyperlinks and a formula without a saved result;
 * - reading stopped at an error and the sheet has merges, or the error may name a shared formula's copy
 *   (its formula text is only in the whole-file reader's translation).
 * Such sheets are hand-made tables, not exports of a million rows.
 */
import { basename } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { KamError, isKamError } from "../../core/errors";
import { customerKey } from "../../core/customerKey";
import { cellText, isBlankRow } from "../../core/grid";
import type { AbcInputOptions } from "../../core/input";
import { fileProblem } from "../csv";
import { type RowReader, type StreamedAbc, abcReader } from "./abcRows";
import { chooseSheet, dateStyles, relationships, resolveTarget, sharedStrings, tableTotals, workbookSheets } from "./xlsxParts";
import { BadSheetXml, type MergeRange, XlsxRowScanner } from "./xlsxRows";
import { NotZip, type ZipEntry, ZipFile } from "./xlsxZip";

/**
 * Reads an .xlsx sheet's ABC input as a stream.
 * @param sheet  worksheet name (exact, then case-insensitive); the first visible worksheet when omitted.
 * @param options column names, number locale; `source` names the file in messages.
 * @param onWhole called with the reason when the sheet is read again whole (see the module doc); for tests.
 * @throws KamError exactly as `readXlsxSheet` + `readAbcInput` would (file, column, number, empty).
 */
export async function streamXlsxAbc(
  path: string,
  sheet: string | undefined,
  options: AbcInputOptions,
  onWhole?: (why: string) => void,
): Promise<StreamedAbc> {
  return streamXlsx(path, sheet, abcReader(options), onWhole);
}

/**
 * Reads an .xlsx sheet as a stream into a reader's row sink (see `streamXlsxAbc`).
 * @throws KamError exactly as `readXlsxSheet` + the reader's `fromGrid` would.
 */
export async function streamXlsx<R>(path: string, sheet: string | undefined, reader: RowReader<R>, onWhole?: (why: string) => void): Promise<R> {
  const source = basename(path);
  let zip: ZipFile;
  try {
    zip = await ZipFile.open(path);
  } catch (e) {
    if (e instanceof NotZip) throw new KamError("file", "xlsx.unreadable", { source }, { source });
    throw new KamError("file", "file.cannotRead", { source, reason: fileProblem(e) }, { source });
  }
  const whole = async (why: string): Promise<R> => {
    onWhole?.(why);
    const { readXlsxSheet } = await import("../xlsx");
    const { grid, tableTotalsRows } = await readXlsxSheet(path, sheet);
    return reader.fromGrid(grid, tableTotalsRows);
  };
  try {
    const read = await readSheet(zip, sheet, reader, source);
    return "whole" in read ? await whole(read.whole) : read.result;
  } catch (e) {
    if (e instanceof NotZip || e instanceof BadSheetXml) throw new KamError("file", "xlsx.unreadable", { source }, { source });
    throw e;
  } finally {
    await zip.close();
  }
}

type SheetRead<R> = { whole: string } | { result: R };

async function readSheet<R>(zip: ZipFile, sheet: string | undefined, reader: RowReader<R>, source: string): Promise<SheetRead<R>> {
  const text = async (name: string): Promise<string | undefined> => {
    const entry = zip.entries.get(name);
    return entry && decodeXml(await zip.bytes(entry));
  };
  const workbookXml = await text("xl/workbook.xml");
  if (workbookXml === undefined) throw new NotZip("no workbook part");
  const { sheets, date1904 } = workbookSheets(workbookXml, (await text("xl/_rels/workbook.xml.rels")) ?? "", new Set(zip.entries.keys()));
  const chosen = chooseSheet(sheets, sheet, source);
  const ctx = {
    sharedStrings: sharedStrings((await text("xl/sharedStrings.xml")) ?? ""),
    dateStyles: dateStyles((await text("xl/styles.xml")) ?? ""),
    date1904,
  };
  const totalsRows = await tableTotalRowsOf(chosen.part, text);

  // The sink gets no table rows as data: they are taken out here, as `readAbcInput` takes them out.
  const sink = reader.sink();
  let headerRow = 0;
  let failure: unknown;
  let cells: unknown[] = [];
  const cell = (column: number): unknown => cells[column] ?? null;
  const scanner = new XlsxRowScanner(ctx, (row, rowCells) => {
    if (failure !== undefined) return;
    cells = rowCells;
    try {
      if (headerRow === 0) {
        if (sink.header(cells, row - 1)) headerRow = row;
        return;
      }
      const key = sink.keyColumn < cells.length ? cells[sink.keyColumn] : null;
      const value = sink.valueColumn < cells.length ? cells[sink.valueColumn] : null;
      if (totalsRows.has(row)) {
        if (!isBlankRow(cells)) sink.tableRow({ key: customerKey(cellText(key)), row, ...(typeof value === "number" ? { value } : {}), kind: "table" });
        return;
      }
      sink.row(row - 1, key ?? null, value ?? null, () => rowCells, cell);
    } catch (e) {
      failure = e;
    }
  });
  const entry = zip.entries.get(chosen.part) as ZipEntry;
  const decoder = new XmlDecoder();
  for await (const piece of zip.stream(entry)) scanner.push(decoder.write(piece));
  scanner.push(decoder.end());
  scanner.end();

  if (scanner.hasHyperlinks && scanner.uncalculated) return { whole: "hyperlinks and a formula without a saved result" };
  let result: R | undefined;
  if (failure === undefined) {
    try {
      result = sink.finish();
    } catch (e) {
      failure = e;
    }
  }
  if (failure !== undefined || result === undefined) {
    if (!isKamError(failure)) throw failure;
    if (scanner.merges.length > 0) return { whole: "an error in a sheet with merged cells" };
    if (scanner.sharedUncalculated) return { whole: "an error in a sheet with shared formulas without saved results" };
    throw failure;
  }
  const mapped = [sink.keyColumn, sink.valueColumn, ...sink.moreColumns].map((c) => c + 1);
  const why = mergeProblem(scanner.merges, headerRow, mapped, sink.skippedBlankKeys);
  if (why) return { whole: why };
  return { result };
}

/** Why the merges make the streamed rows untrustworthy (module doc), or undefined. */
function mergeProblem(merges: readonly MergeRange[], headerRow: number, mapped: number[], skippedBlankKeys: boolean): string | undefined {
  for (const m of merges) {
    // The covered cells are the range without its top-left cell; a one-cell "merge" covers none.
    if (m.top === m.bottom && m.left === m.right) continue;
    const firstCoveredRow = m.right > m.left ? m.top : m.top + 1;
    if (firstCoveredRow <= headerRow) return "a merge in or above the header row";
    if (m.bottom <= headerRow) continue;
    // In column `left` only the rows under the top-left cell are covered; in the others, all of them.
    if (mapped.some((c) => c >= m.left && c <= m.right && (c !== m.left || m.bottom > m.top))) return "a merge in the customer or value column";
    if (skippedBlankKeys) return "a merge beside rows with a blank customer";
  }
  return undefined;
}

/** Sheet rows that are a table's Total row, from the sheet's relationships to table parts. */
async function tableTotalRowsOf(part: string, text: (name: string) => Promise<string | undefined>): Promise<Set<number>> {
  const slash = part.lastIndexOf("/");
  const rels = await text(`${part.slice(0, slash)}/_rels/${part.slice(slash + 1)}.rels`);
  if (rels === undefined) return new Set();
  const tables: string[] = [];
  for (const rel of relationships(rels).values()) {
    if (!rel.type.endsWith("/table")) continue;
    const xml = await text(resolveTarget(part.slice(0, slash), rel.target));
    if (xml !== undefined) tables.push(xml);
  }
  return tableTotals(tables);
}

/** XML bytes → text: UTF-16 when a byte-order mark says so, else UTF-8 (ECMA-376 Part 2 §8.1.6). */
function decodeXml(bytes: Buffer): string {
  const d = new XmlDecoder();
  return d.write(bytes) + d.end();
}

/**
 * A streaming decoder choosing UTF-8 or UTF-16 by the first bytes, dropping a byte-order mark. Node's
 * StringDecoder where it can (measured faster than TextDecoder on a 136 MB sheet), TextDecoder for UTF-16BE.
 */
class XmlDecoder {
  private decoder: { write(b: Uint8Array): string; end(): string } | undefined;
  private first = true;

  write(bytes: Uint8Array): string {
    if (!this.decoder) {
      if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        const d = new TextDecoder("utf-16be");
        this.decoder = { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
      } else this.decoder = new StringDecoder(bytes[0] === 0xff && bytes[1] === 0xfe ? "utf16le" : "utf8");
    }
    const text = this.decoder.write(bytes);
    if (this.first && text.length > 0) {
      this.first = false;
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    }
    return text;
  }

  end(): string {
    return this.decoder ? this.decoder.end() : "";
  }
}
