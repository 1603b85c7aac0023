/**
 * A `.csv` file → per-customer sums, read once as a stream of 1 MiB pieces (memory in customers, not
 * lines). Same file rules as `readCsvFile` (src/read/csv.ts): encodings, the `sep=` line, separator
 * detection, RFC 4180 quotes; same rows, row numbers and errors.
 *
 * Engines, chosen by measurement (bench/read.bench.ts, figures in the README, "Large data"): first the
 * byte engine (src/read/stream/csvBytes.ts: no string per line, keys looked up by their raw bytes); for
 * what it hands on (`FallBack`: UTF-16, invalid UTF-8, a CR-only delimiter, …) a hand-written
 * scanner over decoded text (src/read/stream/csvRecords.ts) that copies out only the two mapped columns
 * (records without quotes are split with native `indexOf`). `kam analyze` on 1,000,000 lines took 0.42×
 * the time of csv-parse's whole-file grid path and a quarter of its memory (csv-parse builds every field
 * of every row). DuckDB is faster still on two cores (2.8× less time at 5,000,000 lines, same run), but
 * it is a 60 MB native download, sums exactly only as DECIMAL(p,s) with the scale known in advance, and
 * reports problems in its own words, not the file/column/row messages of the other doors.
 *
 * Bytes become text through the streaming decoder of src/read/decode.ts, the rule the whole-file reader
 * uses too. Text csv-parse refuses (the scanner throws `IrregularCsv`) goes the whole-file way, whose
 * errors, with their line numbers, are the reference.
 *
 * One difference, by design: a file with two problems. The whole-file reader decodes and parses the whole
 * file before it reads a value, so an unclosed quote or an invalid UTF-8 byte near the end is reported
 * before a bad value near the top. A stream reports the first problem in file order (the value), as the
 * user meets them; the other is reported once that one is fixed. Reading on to find a later file problem
 * would cost a second pass over the file for every bad value.
 */
import { createReadStream } from "node:fs";
import { isKamError } from "../../core/errors";
import { type AbcInputOptions } from "../../core/input";
import { detectSeparator, readCsvFile, separatorLine } from "../csv";
import { createTextDecoder } from "../decode";
import { type RowReader, type StreamedAbc, abcReader } from "./abcRows";
import { FallBack, readCsvBytes } from "./csvBytes";
import { CsvRecordScanner, IrregularCsv } from "./csvRecords";

/** Bytes per read; large pieces keep per-piece costs (decoding, the record carried over) small. */
const PIECE = 1 << 20;
/** Text looked at before choosing the separator: enough for any real header line. */
const HEAD = 64 * 1024;

/**
 * Reads a CSV file's ABC input as a stream.
 * @param options column names, number locale; `source` names the file in messages.
 * @throws KamError exactly as `readCsvFile` + `readAbcInput` would (file, column, number, empty).
 */
export async function streamCsvAbc(path: string, options: AbcInputOptions): Promise<StreamedAbc> {
  return streamCsv(path, { ...abcReader(options), bytes: (p) => readCsvBytes(p, options) });
}

/**
 * Reads a CSV file as a stream into a reader's row sink: the byte engine when the reader has one, else
 * (or when it falls back) the text engine; text csv-parse refuses goes the whole-file way.
 * @throws KamError exactly as `readCsvFile` + the reader's `fromGrid` would.
 */
export async function streamCsv<R>(path: string, reader: RowReader<R>): Promise<R> {
  try {
    if (reader.bytes) {
      try {
        return reader.bytes(path);
      } catch (e) {
        if (!(e instanceof FallBack)) throw e;
      }
    }
    return await readStream(path, reader);
  } catch (e) {
    if (e instanceof IrregularCsv) return reader.fromGrid(readCsvFile(path));
    throw e;
  }
}

async function readStream<R>(path: string, reader: RowReader<R>): Promise<R> {
  const { options } = reader;
  const sink = reader.sink();
  let rowIndex = 0;
  let inHeader = true;
  let keySlot = 0;
  let valueSlot = 0;
  /** Slot of each kept column in the scanner's `fields`. */
  const slotOf = new Map<number, number>();
  let scanner: CsvRecordScanner | undefined;
  const cell = (column: number): unknown => {
    const s = scanner as CsvRecordScanner;
    return column < s.fieldCount ? s.fields[slotOf.get(column) as number] : null;
  };
  const onRecord = (s: CsvRecordScanner): void => {
    const i = rowIndex++;
    if (inHeader) {
      const cells = s.fields.slice(0, s.fieldCount);
      if (!sink.header(cells, i)) return;
      inHeader = false;
      const columns = [...new Set([sink.keyColumn, sink.valueColumn, ...sink.moreColumns])];
      columns.forEach((c, k) => slotOf.set(c, k));
      keySlot = slotOf.get(sink.keyColumn) as number;
      valueSlot = slotOf.get(sink.valueColumn) as number;
      s.keep(columns);
      return;
    }
    // A column the record does not reach is a blank cell, as in the grid (`cellAt`).
    const key = sink.keyColumn < s.fieldCount ? s.fields[keySlot] : null;
    const value = sink.valueColumn < s.fieldCount ? s.fields[valueSlot] : null;
    sink.row(i, key, value, () => s.allFields(), cell);
  };

  const decoder = createTextDecoder(options.source);
  let head = "";
  const start = (text: string, eof: boolean): void => {
    // The first text decides the separator, as `parseCsv` does for the whole text.
    head += text;
    // The first line must be whole: `detectSeparator` counts up to its end (a header longer than a piece
    // is contrived, but then the stream must not choose from part of it).
    if ((head.length < HEAD || !headerLineEnds(head)) && !eof) return;
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

  let stream;
  try {
    stream = createReadStream(path, { highWaterMark: PIECE });
    for await (const chunk of stream as AsyncIterable<Buffer>) take(decoder.write(chunk), false);
  } catch (e) {
    if (e instanceof IrregularCsv || isKamError(e)) throw e;
    // Open and read errors: the whole-file reader words them (no such file, permission denied, …).
    readCsvFile(path);
    throw e;
  } finally {
    stream?.destroy();
  }
  take(decoder.end(), true);
  if (!scanner) start("", true);
  scanner?.end();
  return sink.finish();
}

/** Whether the text holds a line break outside double quotes: the end of the first line (`detectSeparator`). */
function headerLineEnds(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) quoted = !quoted;
    else if (!quoted && (ch === 0x0a || ch === 0x0d)) return true;
  }
  return false;
}
