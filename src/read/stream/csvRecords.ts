/**
 * A CSV record scanner for text that arrives in pieces (a file read as a stream). It reads exactly the
 * records `parseCsv` (src/read/csv.ts, csv-parse with `relax_column_count`, empty lines kept) reads, and
 * copies out only the columns asked for, so reading a file costs memory in columns kept, not in lines.
 *
 * Rules, the same as csv-parse's defaults (checked record by record against it in test/unit/csv-stream.test.ts):
 * - RFC 4180 quotes: a quote opens a field only at its start; "" inside quotes is one quote; separators
 *   and line breaks inside quotes are data.
 * - The record delimiter is the first line break found outside quotes: \r\n, \n or \r; from then on only
 *   that one ends a record (another kind of line break is data, as in csv-parse).
 * - An empty line is a record with one empty field; a line break at the very end does not start a record.
 *
 * Text csv-parse refuses (an unclosed quote, a quote inside an unquoted field, text after a closing
 * quote) throws `IrregularCsv`: the caller then reads the file the whole-file way, so the error message,
 * with its line, stays the one `parseCsv` gives.
 */

/** Thrown for text that csv-parse refuses; carries no message of its own (see the module doc). */
export class IrregularCsv extends Error {
  constructor(why: string) {
    super(why);
    this.name = "IrregularCsv";
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Record delimiters as csv-parse discovers them; "" until the first line break outside quotes. */
type RecordDelimiter = "" | "\r\n" | "\n" | "\r";

/**
 * Scans records out of text pieces. Call `push(text)` for each piece and `end()` after the last one;
 * `onRecord` runs once per record, in order, while `fields` holds the kept columns of that record.
 */
export class CsvRecordScanner {
  /** The kept fields of the current record, indexed by slot (see `keep`); "" for a column the record lacks. */
  readonly fields: string[] = [];
  /**
   * Number of fields of the current record: all of them while every column is kept; with `keep`, at
   * least every field up to the last kept column (enough to tell a record that is too short).
   */
  fieldCount = 0;
  /** Slot per column index, -1 for a column not kept; null keeps every column (slot = column). */
  private slots: Int32Array | null = null;
  private readonly sep: number;
  private readonly sepText: string;
  /** Fast path's cache: position of the next quote in the piece being scanned (-1 none, -2 not searched). */
  private quoteAt = -2;
  private delimiter: RecordDelimiter = "";
  private carry = "";
  /** Where the current record's text is, while `onRecord` runs (for `allFields`). */
  private recBuf = "";
  private recStart = 0;
  private recEnd = 0;

  /**
   * @param separator one character (",", ";", a `sep=` line's character …).
   * @param onRecord  called per record; `scanner.fields` is valid only during the call.
   * @param maxCarry  longest record (in characters) held while waiting for its end; beyond it the scan
   *                  stops with `IrregularCsv` (an unclosed quote would otherwise hold the whole file).
   */
  constructor(
    separator: string,
    private readonly onRecord: (scanner: CsvRecordScanner) => void,
    private readonly maxCarry = 8 * 1024 * 1024,
  ) {
    if (separator.length !== 1) throw new RangeError(`separator must be one character, got ${JSON.stringify(separator)}`);
    this.sep = separator.charCodeAt(0);
    this.sepText = separator;
  }

  /**
   * Keeps only these columns from the next record on: `fields[k]` is column `columns[k]`.
   * @param columns 0-based column indexes; null keeps every column.
   */
  keep(columns: readonly number[] | null): void {
    if (columns === null) {
      this.slots = null;
      return;
    }
    const slots = new Int32Array(Math.max(0, ...columns) + 1).fill(-1);
    columns.forEach((c, k) => (slots[c] = k));
    this.slots = slots;
    this.fields.length = columns.length;
  }

  /** Every field of the current record (a second scan of its text; for rare rows only). */
  allFields(): string[] {
    const inner = new CsvRecordScanner(String.fromCharCode(this.sep), () => undefined);
    inner.delimiter = this.delimiter;
    inner.scanRecord(this.recBuf.slice(this.recStart, this.recEnd), 0, true);
    return inner.fields.slice(0, inner.fieldCount);
  }

  /** See `recordFields`. */
  static wholeRecord(text: string, separator: string, delimiter: "\n" | "\r\n"): string[] {
    const scanner = new CsvRecordScanner(separator, () => undefined);
    scanner.delimiter = delimiter;
    if (scanner.scanRecord(text, 0, true) !== text.length) throw new IrregularCsv("more than one record");
    return scanner.fields.slice(0, scanner.fieldCount);
  }

  /** Scans the complete records of `carry + text`; keeps the unfinished last one for the next piece. */
  push(text: string): void {
    const buf = this.carry === "" ? text : this.carry + text;
    this.carry = this.scan(buf, false);
    if (this.carry.length > this.maxCarry) throw new IrregularCsv("a record longer than the longest record held");
  }

  /** Scans what is left after the last piece. */
  end(): void {
    const rest = this.carry;
    this.carry = "";
    this.scan(rest, true);
  }

  /** Scans records from the start of `buf`; returns the text of the unfinished record ("" when none). */
  private scan(buf: string, eof: boolean): string {
    let pos = 0;
    this.quoteAt = -2;
    while (pos < buf.length) {
      let next = this.fastRecord(buf, pos, eof);
      if (next === -2) next = this.scanRecord(buf, pos, eof);
      if (next < 0) return buf.slice(pos);
      this.recBuf = buf;
      this.recStart = pos;
      this.recEnd = next;
      this.onRecord(this);
      pos = next;
    }
    return "";
  }

  /**
   * The fast path for the common record: no quote in it and the record delimiter known. Finds the
   * record's end and the kept fields with `indexOf` (native string search) instead of a loop over every
   * character, and stops after the last kept column (`fieldCount` then counts the fields up to there).
   * @returns as `scanRecord`, or -2 when the record needs `scanRecord` (quotes, first line, a lone LF
   *          under \r\n, or every column kept).
   */
  private fastRecord(buf: string, pos: number, eof: boolean): number {
    const slots = this.slots;
    const d = this.delimiter;
    if (slots === null || d === "") return -2;
    let end = buf.indexOf(d === "\r" ? "\r" : "\n", pos);
    let next: number;
    if (end < 0) {
      if (!eof) return -1;
      end = next = buf.length;
    } else {
      next = end + 1;
      if (d === "\r\n") {
        if (end === pos || buf.charCodeAt(end - 1) !== CR) return -2; // a lone LF: data under \r\n
        end--;
      }
    }
    // Position of the next quote in this piece, searched again only once passed (-2: not searched yet).
    if (this.quoteAt === -2 || (this.quoteAt >= 0 && this.quoteAt < pos)) this.quoteAt = buf.indexOf('"', pos);
    if (this.quoteAt >= 0 && this.quoteAt < end) return -2;
    const fields = this.fields;
    for (let k = 0; k < fields.length; k++) fields[k] = "";
    const last = slots.length - 1;
    let col = 0;
    let p = pos;
    for (;;) {
      let s = buf.indexOf(this.sepText, p);
      if (s < 0 || s > end) s = end;
      const slot = slots[col];
      if (slot >= 0) fields[slot] = buf.slice(p, s);
      col++;
      if (s === end || col > last) break;
      p = s + 1;
    }
    this.fieldCount = col;
    return next;
  }

  /**
   * Scans one record starting at `pos`; fills `fields` and `fieldCount`.
   * @returns the position after the record's delimiter, or -1 when `buf` ends before the record does
   *          and more text may follow (`eof` false).
   */
  private scanRecord(buf: string, pos: number, eof: boolean): number {
    const len = buf.length;
    const sep = this.sep;
    const slots = this.slots;
    const fields = this.fields;
    if (slots !== null) for (let k = 0; k < fields.length; k++) fields[k] = "";
    let col = 0;
    for (;;) {
      let value: string | undefined;
      const slot = slots === null ? col : col < slots.length ? slots[col] : -1;
      if (pos < len && buf.charCodeAt(pos) === QUOTE) {
        // Quoted field: up to the quote not followed by another quote.
        let from = pos + 1;
        let doubled = false;
        let close: number;
        for (;;) {
          close = buf.indexOf('"', from);
          if (close < 0) {
            if (eof) throw new IrregularCsv("unclosed quote");
            return -1;
          }
          if (close + 1 >= len) {
            if (!eof) return -1; // the next piece may start with a quote
            break;
          }
          if (buf.charCodeAt(close + 1) !== QUOTE) break;
          doubled = true;
          from = close + 2;
        }
        if (slot >= 0) {
          value = buf.slice(pos + 1, close);
          if (doubled) value = value.replace(/""/g, '"');
        }
        pos = close + 1;
      } else {
        const start = pos;
        while (pos < len) {
          const c = buf.charCodeAt(pos);
          if (c === sep) break;
          if (c === QUOTE) throw new IrregularCsv("quote inside an unquoted field");
          if (c === CR || c === LF) {
            const d = this.delimiterAt(buf, pos, eof);
            if (d !== 0) break; // a delimiter, or -1: need the next piece to tell
          }
          pos++;
        }
        if (pos >= len && !eof) return -1;
        if (slot >= 0) value = buf.slice(start, pos);
      }
      if (slot >= 0) fields[slot] = value as string;
      col++;
      if (pos >= len) {
        if (!eof) return -1;
        this.fieldCount = col;
        return len;
      }
      const c = buf.charCodeAt(pos);
      if (c === sep) {
        pos++;
        continue;
      }
      const d = this.delimiterAt(buf, pos, eof);
      if (d < 0) return -1;
      if (d === 0) throw new IrregularCsv("text after a closing quote");
      this.fieldCount = col;
      return pos + d;
    }
  }

  /**
   * Length of the record delimiter at `pos` (0 when the character there is data), discovering the
   * delimiter on the first line break as csv-parse does; -1 when a \r ends the piece and more may follow.
   */
  private delimiterAt(buf: string, pos: number, eof: boolean): number {
    const c = buf.charCodeAt(pos);
    if (c !== CR && c !== LF) return 0;
    if (this.delimiter === "") {
      if (c === LF) this.delimiter = "\n";
      else if (pos + 1 >= buf.length && !eof) return -1;
      else this.delimiter = buf.charCodeAt(pos + 1) === LF ? "\r\n" : "\r";
    }
    switch (this.delimiter) {
      case "\n":
        return c === LF ? 1 : 0;
      case "\r":
        return c === CR ? 1 : 0;
      default:
        if (c !== CR) return 0;
        if (pos + 1 >= buf.length) return eof ? 0 : -1;
        return buf.charCodeAt(pos + 1) === LF ? 2 : 0;
    }
  }
}

/**
 * The fields of one whole record, the text between two record delimiters (the byte engine's rare
 * records, src/read/stream/csvBytes.ts), read by the scanner's rules.
 * @param delimiter the file's record delimiter (line breaks of another kind are data).
 * @throws IrregularCsv for text csv-parse refuses, or text that is more than one record.
 */
export const recordFields = (text: string, separator: string, delimiter: "\n" | "\r\n"): string[] =>
  CsvRecordScanner.wholeRecord(text, separator, delimiter);
