/**
 * A `.csv` file → per-customer sums, read once as a stream of 1 MiB pieces (memory in customers, not
 * lines). Same file rules as `readCsvFile` (src/read/csv.ts): encodings, the `sep=` line, separator
 * detection, RFC 4180 quotes; same rows, row numbers and errors.
 *
 * Engine, chosen by measurement (bench/read.bench.ts, figures in the README, "Large data"): a hand-written
 * scanner over decoded text (src/read/stream/csvRecords.ts) that copies out only the two mapped columns.
 * On 1,000,000 lines it read in about a third of csv-parse's time (which also builds every field of
 * every row); DuckDB reads faster on many cores but is a 60 MB native download, returns floats or fixed
 * DECIMAL(p,s) sums that need the scale known in advance, and reports problems in its own words, not the
 * file/column/row messages of the other doors.
 *
 * Rare cases go the whole-file way, whose errors are the reference: text csv-parse refuses (the scanner
 * throws `IrregularCsv`) and UTF-16 that does not decode. A file that turns out not to be valid UTF-8
 * part-way is read again from the start as Windows-1252, as `decodeCsvBytes` decides for the whole file.
 */
import { createReadStream } from "node:fs";
import { isKamError } from "../../core/errors";
import { type AbcInputOptions } from "../../core/input";
import { detectSeparator, readCsvFile, separatorLine } from "../csv";
import { AbcRowSink, type StreamedAbc } from "./abcRows";
import { CsvRecordScanner, IrregularCsv } from "./csvRecords";

/** Bytes per read; large pieces keep per-piece costs (decoding, the record carried over) small. */
const PIECE = 1 << 20;
/** Text looked at before choosing the separator: enough for any real header line. */
const HEAD = 64 * 1024;

type Encoding = "utf-8" | "windows-1252" | "utf-16le" | "utf-16be";

class NotUtf8 extends Error {}

/**
 * Reads a CSV file's ABC input as a stream.
 * @param options column names, number locale; `source` names the file in messages.
 * @throws KamError exactly as `readCsvFile` + `readAbcInput` would (file, column, number, empty).
 */
export async function streamCsvAbc(path: string, options: AbcInputOptions): Promise<StreamedAbc> {
  try {
    return await readAs(path, options, "utf-8");
  } catch (e) {
    if (e instanceof NotUtf8) return readAs(path, options, "windows-1252");
    if (e instanceof IrregularCsv) return gridFallback(path, options);
    throw e;
  }
}

/** The whole-file reader's grid fed through the same row sink: its parse errors, the same row rules. */
function gridFallback(path: string, options: AbcInputOptions): StreamedAbc {
  const grid = readCsvFile(path);
  const sink = new AbcRowSink(options);
  let i = 0;
  while (i < grid.length && !sink.header(grid[i], i)) i++;
  for (i++; i < grid.length; i++) {
    const cells = grid[i];
    sink.row(i, cells[sink.keyColumn] ?? null, cells[sink.valueColumn] ?? null, () => cells);
  }
  return sink.finish();
}

async function readAs(path: string, options: AbcInputOptions, fallback: Encoding): Promise<StreamedAbc> {
  const sink = new AbcRowSink(options);
  let rowIndex = 0;
  let inHeader = true;
  let keySlot = 0;
  let valueSlot = 0;
  let scanner: CsvRecordScanner | undefined;
  const onRecord = (s: CsvRecordScanner): void => {
    const i = rowIndex++;
    if (inHeader) {
      const cells = s.fields.slice(0, s.fieldCount);
      if (!sink.header(cells, i)) return;
      inHeader = false;
      const columns = sink.keyColumn === sink.valueColumn ? [sink.keyColumn] : [sink.keyColumn, sink.valueColumn];
      keySlot = 0;
      valueSlot = columns.length - 1;
      s.keep(columns);
      return;
    }
    // A column the record does not reach is a blank cell, as in the grid (`cellAt`).
    const key = sink.keyColumn < s.fieldCount ? s.fields[keySlot] : null;
    const value = sink.valueColumn < s.fieldCount ? s.fields[valueSlot] : null;
    sink.row(i, key, value, () => s.allFields());
  };

  let decoder: TextDecoder | undefined;
  let head = "";
  const start = (text: string, eof: boolean): void => {
    // The first text decides the separator, as `parseCsv` does for the whole text.
    head += text;
    if (head.length < HEAD && !eof) return;
    // A byte-order mark the decoder left (parseCsv drops it too).
    let body = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
    head = body;
    let separator: string;
    const hint = separatorLine(head);
    if (hint) {
      body = hint.rest;
      separator = hint.separator;
    } else separator = detectSeparator(head);
    head = "";
    scanner = new CsvRecordScanner(separator, onRecord);
    scanner.push(body);
  };
  const take = (text: string, eof: boolean): void => {
    if (scanner) scanner.push(text);
    else start(text, eof);
  };

  let first = true;
  let stream;
  try {
    stream = createReadStream(path, { highWaterMark: PIECE });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let bytes: Uint8Array = chunk;
      if (first) {
        first = false;
        const encoding = encodingOf(bytes, fallback);
        if (encoding !== "utf-16le" && encoding !== "utf-16be" && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
        decoder = new TextDecoder(encoding, { fatal: encoding !== "windows-1252", ignoreBOM: encoding === "utf-8" });
      }
      take(decode(decoder as TextDecoder, bytes, true), false);
    }
  } catch (e) {
    if (e instanceof NotUtf8 || e instanceof IrregularCsv || isKamError(e)) throw e;
    // Open and read errors: the whole-file reader words them (no such file, permission denied, …).
    readCsvFile(path);
    throw e;
  } finally {
    stream?.destroy();
  }
  if (decoder) take(decode(decoder, new Uint8Array(0), false), true);
  if (!scanner) start("", true);
  scanner?.end();
  return sink.finish();
}

/** Encoding from the first bytes: a UTF-16 byte-order mark, else `fallback` (UTF-8, or 1252 on the second try). */
function encodingOf(bytes: Uint8Array, fallback: Encoding): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return fallback;
}

function decode(decoder: TextDecoder, bytes: Uint8Array, more: boolean): string {
  try {
    return decoder.decode(bytes, { stream: more });
  } catch {
    // Invalid UTF-8 restarts as Windows-1252; invalid UTF-16 is the whole-file reader's error.
    if (decoder.encoding === "utf-8") throw new NotUtf8();
    throw new IrregularCsv("invalid UTF-16");
  }
}
