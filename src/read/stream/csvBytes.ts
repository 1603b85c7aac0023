/**
 * The fast engine for `kam analyze` on a `.csv`: the file's bytes → per-customer sums, without a string
 * per line or per field. Same records, rows, results and errors as the text engine (src/read/stream/
 * csvFile.ts over csvRecords.ts), which stays the reference and takes over whenever a file needs it.
 *
 * How a line is read (bench/read.bench.ts; figures in the README, "Large data"):
 * - Bytes are scanned in large pieces read into one reused buffer; records are split at LF bytes with the
 *   native `indexOf`, fields at separator bytes by a loop that stops after the last mapped column.
 * - The key field's bytes are looked up in a hash table keyed by those raw bytes (`ByteKeys`): for a
 *   customer seen before (Zipf: most lines) no text is ever made. Lines are scanned 64 at a time and
 *   their keys then looked up together (`flush`), so the cache misses of a large table overlap. A new
 *   byte sequence is decoded once and goes through the placeholder check and, when the customer-key rule
 *   could change it, the rule and the text index (`AbcRowSink.plainCustomer`, `customerCode`).
 * - The value field's digits become an integer and a count of decimals (`-1234.50` → -123450, 2), added
 *   to exact integer sums (`DecimalSums.addUnits`); the float is formed only for the trailing-total rule.
 * - Anything else — a quoted record, a key or value the fast rules do not settle, a short record, the
 *   header — is decoded to text and handed to the text engine's rules for that one record
 *   (`recordFields`, `AbcRowSink.row`), so errors and edge cases have one home.
 *
 * Encodings (src/read/decode.ts's rule): the structural bytes (separator, quote, CR, LF) are ASCII, and
 * in UTF-8 and Windows-1252 an ASCII byte is always that character, so scanning bytes is exact in both.
 * The first byte ≥ 0x80 decides the encoding as the decoder does; after UTF-8 is chosen every piece is
 * checked with the native `isUtf8`. Raw-byte keys are cached only once the bytes can be decoded, so the
 * cache never outlives an encoding decision.
 *
 * `FallBack` is thrown — before any result is given, the caller then reads the file with the text engine —
 * for what this engine leaves to it: UTF-16, a `\r`-only record delimiter, a lone LF inside an unquoted
 * field under CRLF, invalid UTF-8 (the text engine words the error with its line), a `sep=` character
 * beyond ASCII, a header line longer than the first piece, a file with no line break, open/read errors.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { isAscii, isUtf8 } from "node:buffer";
import { type AbcInputOptions } from "../../core/input";
import { detectSeparator, separatorLine } from "../csv";
import { decodeWindows1252, utf8SequenceLength } from "../decode";
import { AbcRowSink, EMPTY, type StreamedAbc } from "./abcRows";
import { recordFields } from "./csvRecords";

/** Thrown when the text engine must read the file instead (see the module doc); carries no message for users. */
export class FallBack extends Error {
  constructor(why: string) {
    super(why);
    this.name = "FallBack";
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const MINUS = 0x2d;
/** Bytes read at a time. */
const PIECE = 4 << 20;
/** Bytes looked at before choosing the separator, as the text engine's `HEAD`. */
const HEAD = 64 * 1024;
/** Longest record held while waiting for its end (the text engine's limit). */
const MAX_RECORD = 8 << 20;
/** `ByteKeys.get`'s answer for bytes not seen yet (codes are customer indexes ≥ 0 or small negatives). */
const MISS = -0x7fffffff;

/**
 * Raw key bytes → code (customer index or placeholder code, `AbcRowSink.customerCode`): an open-addressing
 * hash table whose slots hold keys of up to 8 bytes themselves, so a lookup of a customer seen before
 * touches one slot (16 bytes) and nothing else. Customer keys of invoice lines are mostly that short; a
 * longer key's slot points into a byte pool. With hundreds of thousands of customers the table is larger
 * than the processor's caches and each lookup is a cache miss: one, where a slot → entry → pool chain
 * had three (bench/read.bench.ts, 5,000,000 lines: 10 % of the whole run).
 */
export class ByteKeys {
  /** Per slot: [hash, ref, key word 0, key word 1]; ref = length << 24 | (code + CODE_BIAS), 0 = free. */
  private slots = new Int32Array(4 << 12);
  private pool = new Uint8Array(1 << 16);
  private used = 0;
  private size = 0;

  /** The code stored for the bytes `data[s..e)` with hash `h` (FNV-1a, 32 bits; `scanRecord`), or `MISS`. */
  get(data: Uint8Array, s: number, e: number, h: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    const len = e - s;
    const short = len <= INLINE;
    const w0 = short ? word(data, s, Math.min(e, s + 4)) : 0;
    const w1 = short ? word(data, s + 4, e) : 0;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = 4 * i;
      const ref = slots[at + 1];
      if (ref === 0) return MISS;
      if (slots[at] !== h || ref >>> 24 !== Math.min(len, 255)) continue;
      if (short) {
        if (slots[at + 2] === w0 && slots[at + 3] === w1) return (ref & CODE_MASK) - CODE_BIAS;
      } else if (slots[at + 3] === len && this.poolEquals(slots[at + 2], data, s, len)) return (ref & CODE_MASK) - CODE_BIAS;
    }
  }

  /**
   * Stores `code` for the bytes `data[s..e)` with hash `h` (not stored yet). Codes from `MAX_CODE` on
   * (more than 16 million customers) are not stored: those keys are then decoded every time.
   */
  set(data: Uint8Array, s: number, e: number, h: number, code: number): void {
    if (code >= MAX_CODE) return;
    const len = e - s;
    let w0: number;
    let w1: number;
    if (len <= INLINE) {
      w0 = word(data, s, Math.min(e, s + 4));
      w1 = word(data, s + 4, e);
    } else {
      if (this.used + len > this.pool.length) {
        const grown = new Uint8Array(Math.max(this.pool.length * 2, this.used + len));
        grown.set(this.pool.subarray(0, this.used));
        this.pool = grown;
      }
      this.pool.set(data.subarray(s, e), this.used);
      w0 = this.used;
      w1 = len;
      this.used += len;
    }
    if (++this.size * 2 > this.slots.length >> 2) {
      // Keep the table at most half full: rebuild it twice as large.
      const old = this.slots;
      this.slots = new Int32Array(old.length * 2);
      for (let i = 0; i < old.length; i += 4) if (old[i + 1] !== 0) this.place(old[i], old[i + 1], old[i + 2], old[i + 3]);
    }
    this.place(h, (Math.min(len, 255) << 24) | (code + CODE_BIAS), w0, w1);
  }

  private poolEquals(at: number, data: Uint8Array, s: number, len: number): boolean {
    const pool = this.pool;
    for (let j = 0; j < len; j++) if (pool[at + j] !== data[s + j]) return false;
    return true;
  }

  private place(h: number, ref: number, w0: number, w1: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    let i = h & mask;
    while (slots[4 * i + 1] !== 0) i = (i + 1) & mask;
    slots[4 * i] = h;
    slots[4 * i + 1] = ref;
    slots[4 * i + 2] = w0;
    slots[4 * i + 3] = w1;
  }
}

/** Longest key held in its slot. */
const INLINE = 8;
/** Codes are stored biased, so the placeholders' small negative codes are positive and 0 means free. */
const CODE_BIAS = 16;
const CODE_MASK = 0xffffff;
/** Codes `ByteKeys` stores: below this. */
const MAX_CODE = CODE_MASK - CODE_BIAS + 1;

/** Bytes `data[s..e)` (at most 4) as one little-endian word; 0 when empty. */
function word(data: Uint8Array, s: number, e: number): number {
  let w = 0;
  for (let j = e - 1; j >= s; j--) w = (w << 8) | data[j];
  return w;
}

/** Records queued between `flush`es. */
const BATCH = 64;

/** Queued records (`CsvByteReader.scanRecord`): positions in the region's bytes, key hash, value digits. */
class RecordBatch {
  size = 0;
  readonly hash = new Int32Array(BATCH);
  readonly keyStart = new Int32Array(BATCH);
  readonly keyEnd = new Int32Array(BATCH);
  /** The value is units·10^-decimals. */
  readonly units = new Float64Array(BATCH);
  readonly decimals = new Int32Array(BATCH);
  /** 1 when the key has whitespace or bytes beyond ASCII (the key rule may change it). */
  readonly odd = new Uint8Array(BATCH);
  /** The record's first byte and the end of its content (before CR LF / LF). */
  readonly start = new Int32Array(BATCH);
  readonly end = new Int32Array(BATCH);
  /** 1-based row. */
  readonly row = new Int32Array(BATCH);
  /** Codes found by `flush`. */
  readonly code = new Int32Array(BATCH);
}

/** Encoding state, as src/read/decode.ts decides it from the first byte ≥ 0x80. */
type Encoding = "ascii" | "utf-8" | "windows-1252";

/**
 * Reads the records of a CSV's bytes into an `AbcRowSink`. Feed it with `region` (complete lines) and
 * take `finish` at the end; `readCsvBytes` below drives it over a file.
 */
export class CsvByteReader {
  private readonly sink: AbcRowSink;
  private readonly keys = new ByteKeys();
  private encoding: Encoding = "ascii";
  private sep = -1;
  private sepText = "";
  private crlf = false;
  /** Record delimiter known (the first line break outside quotes was seen). */
  private delimited = false;
  private started = false;
  private inHeader = true;
  private rowIndex = 0;
  private keyCol = -1;
  private valueCol = -1;
  private lastCol = -1;
  /** Position of the next quote byte in the current region (-2: search again). */
  private quoteAt = -2;
  /** The 0x2e (.) or 0x2c (,) decimal mark of the number locale. */
  private readonly mark: number;
  /** Digits and decimals of the last value `plainUnits` accepted. */
  private m = 0;
  private d = 0;
  /** Records scanned, waiting for `flush`. */
  private readonly batch = new RecordBatch();

  /**
   * @param head bytes of complete lines awaited before the separator is chosen (tests make it small, to
   *             cut records anywhere; the file's first line must fit in it).
   */
  constructor(
    options: AbcInputOptions,
    private readonly head = HEAD,
  ) {
    this.sink = new AbcRowSink(options);
    this.mark = options.locale === "en-US" ? 0x2e : 0x2c;
  }

  /**
   * Reads the records of `data[0..limit)`.
   * @param limit end of the bytes to read: just after an LF, or the end of the file when `eof`.
   * @returns where the unread bytes start (a record not complete before `limit`; `limit` when none).
   * @throws FallBack, IrregularCsv (the whole-file reader then decides), KamError as `readAbcInput`.
   */
  region(buffer: Buffer, limit: number, eof: boolean): number {
    let data = buffer;
    let pos = 0;
    if (!this.started) {
      if (limit < this.head && !eof) return 0;
      pos = this.start(data, limit);
    }
    // Bytes past `limit` are not the file's (the buffer is reused): searches must not see them.
    data = data.subarray(0, limit);
    this.checkEncoding(data, pos, limit);
    this.quoteAt = -2;
    // The fast loop needs an LF ahead: the last record of a file without a final line break is read slowly.
    const lastLF = data[limit - 1] === LF ? limit : data.lastIndexOf(LF) + 1;
    while (pos < limit) {
      const next = this.inHeader || pos >= lastLF ? -1 : this.scanRecord(data, pos);
      if (next >= 0) {
        pos = next;
        if (this.batch.size === BATCH) this.flush(data);
        continue;
      }
      // Records are summed in their order: the queued ones first.
      this.flush(data);
      const slow = this.slowRecord(data, pos, limit, eof);
      if (slow < 0) return pos;
      pos = slow;
    }
    this.flush(data);
    return pos;
  }

  /** The per-customer sums. @throws KamError as `AbcRowSink.finish`. */
  finish(): StreamedAbc {
    if (!this.started) throw new FallBack("empty file");
    return this.sink.finish();
  }

  /** Byte-order marks, the `sep=` line and the separator; returns where the records start. */
  private start(data: Buffer, limit: number): number {
    this.started = true;
    if (limit >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) throw new FallBack("UTF-16");
    let pos = 0;
    if (limit >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) pos = 3;
    if (limit - pos >= 3 && data[pos] === 0xef && data[pos + 1] === 0xbb && data[pos + 2] === 0xbf) throw new FallBack("a second byte-order mark");
    if (limit === pos) throw new FallBack("empty file");
    // Only ASCII counts for the separator rules, and latin1 keeps one character per byte.
    const headEnd = Math.min(limit, pos + this.head);
    const head = data.toString("latin1", pos, headEnd);
    // A sep= character beyond ASCII is one to four bytes here (sep=€ is three in UTF-8), which the
    // latin1 head would not read as one character: the text engine decodes it first.
    if (/^sep=[^\x00-\x7f]/i.test(head)) throw new FallBack("a sep= character beyond ASCII");
    const hint = separatorLine(head);
    let separator: string;
    if (hint) {
      separator = hint.separator;
      pos += head.length - hint.rest.length;
    } else separator = detectSeparator(head);
    this.sep = separator.charCodeAt(0);
    this.sepText = separator;
    // The record delimiter: the first line break outside quotes, as csv-parse finds it. It must lie in the
    // head, or the separator was chosen from part of a line (and the sep= line's break may be cut).
    let quoted = false;
    for (let i = pos; i < headEnd; i++) {
      const b = data[i];
      if (b === QUOTE) quoted = !quoted;
      else if (!quoted && (b === LF || b === CR)) {
        if (b === LF) this.crlf = false;
        else if (i + 1 < headEnd && data[i + 1] === LF) this.crlf = true;
        else throw new FallBack("a CR record delimiter");
        this.delimited = true;
        break;
      }
    }
    if (!this.delimited) throw new FallBack("no line break in the head");
    return pos;
  }

  /** Settles and checks the encoding of `data[from..limit)` (see the module doc). */
  private checkEncoding(data: Buffer, from: number, limit: number): void {
    if (this.encoding === "windows-1252") return;
    const bytes = data.subarray(from, limit);
    if (this.encoding === "utf-8") {
      if (!isUtf8(bytes)) throw new FallBack("invalid UTF-8");
      return;
    }
    if (isAscii(bytes)) return;
    let i = 0;
    while (bytes[i] < 0x80) i++;
    const n = utf8SequenceLength(bytes, i);
    if (n < 0) throw new FallBack("a character cut by the end of the file");
    this.encoding = n > 0 ? "utf-8" : "windows-1252";
    if (this.encoding === "utf-8" && !isUtf8(bytes)) throw new FallBack("invalid UTF-8");
  }

  /** Text of `data[s..e)` in the file's encoding. */
  private text(data: Buffer, s: number, e: number): string {
    if (this.encoding === "windows-1252") return decodeWindows1252(data.subarray(s, e));
    return data.toString(this.encoding === "utf-8" ? "utf8" : "latin1", s, e);
  }

  /**
   * The common record: no quote, ends at an LF (the caller makes sure one follows), key and value
   * reached, a plain value. One loop finds the separators, the LF and any quote up to the last mapped
   * column; the rest of a longer line is searched natively. The record is queued for `flush`, which
   * looks its key up.
   * @returns the position after it, or -1 to read it slowly (nothing queued).
   */
  private scanRecord(data: Buffer, pos: number): number {
    const sep = this.sep;
    const keyCol = this.keyCol;
    const valueCol = this.valueCol;
    const lastCol = this.lastCol;
    let ks = -1;
    let ke = -1;
    let vs = -1;
    let ve = -1;
    let col = 0;
    let p = pos;
    let lf = -1;
    let i = pos;
    for (; ; i++) {
      const b = data[i];
      if (b !== sep) {
        if (b === QUOTE) return -1;
        if (b !== LF) continue;
      }
      let e = i;
      if (b === LF) {
        lf = i;
        if (this.crlf) {
          if (i === pos || data[i - 1] !== CR) throw new FallBack("a lone LF under CRLF");
          e--;
        }
      }
      if (col === keyCol) {
        ks = p;
        ke = e;
      }
      if (col === valueCol) {
        vs = p;
        ve = e;
      }
      if (lf >= 0 || col === lastCol) break;
      col++;
      p = i + 1;
    }
    if (lf < 0) {
      // Columns after the last mapped one: only the line's end matters, and that no quote comes before it.
      lf = data.indexOf(LF, i);
      let quoteAt = this.quoteAt;
      if (quoteAt === -2 || (quoteAt >= 0 && quoteAt < i)) quoteAt = this.quoteAt = data.indexOf(QUOTE, i);
      if (quoteAt >= 0 && quoteAt < lf) return -1;
      if (this.crlf && data[lf - 1] !== CR) throw new FallBack("a lone LF under CRLF");
    }
    if (ks < 0 || vs < 0) return -1; // a short record: the sink's blank-cell rules
    // The key's hash (FNV-1a, 32 bits), and whether any byte is whitespace or beyond ASCII (`odd` < 0),
    // which the customer-key rule may change.
    let h = 0x811c9dc5 | 0;
    let odd = 0;
    for (let j = ks; j < ke; j++) {
      const b = data[j];
      odd |= (b - 0x21) | (0x7f - b);
      h = Math.imul(h ^ b, 0x01000193);
    }
    if (!this.plainUnits(data, vs, ve)) return -1;
    const b = this.batch;
    const k = b.size++;
    b.hash[k] = h;
    b.keyStart[k] = ks;
    b.keyEnd[k] = ke;
    b.units[k] = this.m;
    b.decimals[k] = this.d;
    b.odd[k] = odd < 0 ? 1 : 0;
    b.start[k] = pos;
    b.end[k] = this.crlf ? lf - 1 : lf;
    b.row[k] = ++this.rowIndex;
    return lf + 1;
  }

  /**
   * Looks up and sums the queued records, in their order. The lookups come first, all together: with
   * hundreds of thousands of customers each is a cache miss, and independent misses overlap, where one
   * record at a time waits for each (a sixth less time for the whole read of 5,000,000 lines with
   * 388,000 customers).
   */
  private flush(data: Buffer): void {
    const b = this.batch;
    const n = b.size;
    if (n === 0) return;
    b.size = 0;
    const keys = this.keys;
    const code = b.code;
    for (let k = 0; k < n; k++) code[k] = keys.get(data, b.keyStart[k], b.keyEnd[k], b.hash[k]);
    const sink = this.sink;
    for (let k = 0; k < n; k++) {
      const before = sink.customerCount;
      let c = code[k];
      if (c === MISS) c = this.newKey(data, k);
      if (c >= 0) sink.useUnits(c, b.units[k], b.decimals[k], b.row[k], before);
      else if (c === EMPTY) {
        // A blank key: the sink looks at every cell (a blank row is no row).
        this.recordRow(this.fields(data, b.start[k], b.end[k]), b.row[k] - 1);
      } else sink.skip(c);
    }
  }

  /** The code of queued record `k`'s key, not found before the batch: stored now (an earlier record of the batch may have). */
  private newKey(data: Buffer, k: number): number {
    const b = this.batch;
    const s = b.keyStart[k];
    const e = b.keyEnd[k];
    let c = this.keys.get(data, s, e, b.hash[k]);
    if (c !== MISS) return c;
    const text = this.text(data, s, e);
    // A key the rule leaves as it is needs no text index, as long as its bytes are remembered (`MAX_CODE`).
    const plain = b.odd[k] === 0 && this.sink.customerCount < MAX_CODE;
    c = plain ? this.sink.plainCustomer(text) : this.sink.customerCode(text);
    this.keys.set(data, s, e, b.hash[k], c);
    return c;
  }

  /**
   * The text engine's fast value rule (`plainDecimal` in abcRows.ts) on bytes: an optional minus, digits,
   * at most one decimal mark with digits on both sides, at most 15 digits. Sets `m` and `d`.
   */
  private plainUnits(data: Buffer, s: number, e: number): boolean {
    const neg = s < e && data[s] === MINUS;
    const i = neg ? s + 1 : s;
    const n = e - i;
    if (n < 1 || n > 16) return false;
    const mark = this.mark;
    let markAt = -1;
    let m = 0;
    for (let j = i; j < e; j++) {
      const b = data[j];
      if (b >= 0x30 && b <= 0x39) m = m * 10 + (b - 0x30);
      else if (b === mark && markAt < 0 && j > i && j < e - 1) markAt = j;
      else return false;
    }
    if (markAt < 0 && n > 15) return false;
    this.m = neg ? -m : m;
    this.d = markAt < 0 ? 0 : e - 1 - markAt;
    return true;
  }

  /**
   * Any record, through the text engine's rules: finds its end (quotes may hold line breaks), decodes
   * it and gives its fields to the sink. @returns the position after it, or -1 when it does not end
   * before `limit` and more bytes follow.
   */
  private slowRecord(data: Buffer, pos: number, limit: number, eof: boolean): number {
    let quoted = false;
    let end = -1;
    let next = -1;
    for (let i = pos; i < limit; i++) {
      const b = data[i];
      if (b === QUOTE) quoted = !quoted;
      else if (b === LF && !quoted) {
        if (!this.crlf) {
          end = i;
          next = i + 1;
          break;
        }
        if (i > pos && data[i - 1] === CR) {
          end = i - 1;
          next = i + 1;
          break;
        }
        throw new FallBack("a lone LF under CRLF");
      }
    }
    if (end < 0) {
      if (!eof) return -1;
      end = next = limit;
    }
    this.recordRow(this.fields(data, pos, end), this.rowIndex++);
    return next;
  }

  /** The fields of the record `data[s..e)` (its line break excluded), by the text engine's rules. */
  private fields(data: Buffer, s: number, e: number): string[] {
    return recordFields(this.text(data, s, e), this.sepText, this.crlf ? "\r\n" : "\n");
  }

  /** A record's fields, through the text engine's rules: the header, or a row for the sink (0-based index `i`). */
  private recordRow(fields: string[], i: number): void {
    if (this.inHeader) {
      if (this.sink.header(fields, i)) {
        this.inHeader = false;
        this.keyCol = this.sink.keyColumn;
        this.valueCol = this.sink.valueColumn;
        this.lastCol = Math.max(this.keyCol, this.valueCol);
      }
      return;
    }
    // A column the record does not reach is a blank cell, as in the grid (`cellAt`).
    const key = this.keyCol < fields.length ? fields[this.keyCol] : null;
    const value = this.valueCol < fields.length ? fields[this.valueCol] : null;
    this.sink.row(i, key, value, () => fields);
  }
}

/**
 * Reads a CSV file's ABC input with the byte engine.
 * @param piece bytes read at a time; @param head see `CsvByteReader` (tests make both small).
 * @throws FallBack (read the file with the text engine), IrregularCsv, KamError as `readAbcInput`.
 */
export function readCsvBytes(path: string, options: AbcInputOptions, piece = PIECE, head = HEAD): StreamedAbc {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    throw new FallBack("cannot open"); // the text engine words it
  }
  try {
    const reader = new CsvByteReader(options, head);
    let buf = Buffer.allocUnsafe(piece);
    let have = 0;
    for (;;) {
      if (have === buf.length) {
        // A record longer than the buffer: grow it, up to the longest record held.
        if (buf.length >= MAX_RECORD) throw new FallBack("a record longer than the longest record held");
        const grown = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(grown, 0, 0, have);
        buf = grown;
      }
      let n: number;
      try {
        n = readSync(fd, buf, have, buf.length - have, null);
      } catch {
        throw new FallBack("read error");
      }
      have += n;
      const eof = n === 0;
      const limit = eof ? have : buf.lastIndexOf(LF, have - 1) + 1;
      const rest = limit > 0 || eof ? reader.region(buf, limit, eof) : 0;
      if (eof) {
        if (rest < have) throw new FallBack("bytes left at the end");
        return reader.finish();
      }
      buf.copy(buf, 0, rest, have);
      have -= rest;
    }
  } finally {
    closeSync(fd);
  }
}
