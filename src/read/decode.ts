/**
 * Bytes of a text file (CSV) → text, whole or chunk by chunk, with the encoding Excel users' files come in.
 *
 * Rule (one rule for the whole-file and the streaming read, so both give the same text):
 * 1. A UTF-16 byte-order mark (FF FE little-endian, FE FF big-endian: Excel's "Unicode text") selects UTF-16.
 * 2. Otherwise a UTF-8 byte-order mark (EF BB BF) is dropped, and the first byte at or above 0x80 decides:
 *    - it starts a valid UTF-8 sequence → the file is UTF-8 ("CSV UTF-8"); a later byte that is not valid
 *      UTF-8 is an error naming its line, never silently mis-decoded;
 *    - it does not → the file is Windows-1252, the encoding Excel for Windows writes for "CSV (comma/
 *      semicolon delimited)" in Western locales (Norwegian æøå included).
 *    Until that byte arrives the text is ASCII, which reads the same in both.
 * 3. Windows-1252 is decoded with the WHATWG Encoding Standard's table (index-windows-1252): 0x80–0x9F are
 *    the typographic characters (’ – € Š œ …), not C1 control characters. Node's own
 *    `TextDecoder("windows-1252")` (Node 20) decodes that range as Latin-1, hence the table here.
 *
 * Line numbers count line breaks as a text editor does: LF, CRLF and a lone CR each end one line.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { KamError } from "../core/errors";

/** The encoding a decoder settled on; "ascii" while only ASCII bytes have arrived. */
export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | "ascii";

/**
 * Windows-1252 code points of bytes 0x80–0x9F (WHATWG index-windows-1252). The five bytes Microsoft leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 code point of the same value, as browsers do.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** All 256 Windows-1252 characters, indexed by byte. */
const CP1252: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  String.fromCharCode(b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b),
);

/** Text of Windows-1252 bytes (WHATWG table; see the module doc). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  let start = 0;
  // Runs of ASCII go through latin1 in one call (same code points); only bytes ≥ 0x80 are looked up.
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x80) continue;
    if (i > start) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString("latin1");
    out += CP1252[bytes[i]];
    start = i + 1;
  }
  if (start < bytes.length) out += Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString("latin1");
  return out;
}

/**
 * Length of the UTF-8 sequence that starts at `bytes[i]` (≥ 0x80): the byte count when valid, 0 when
 * invalid, -1 when valid so far but cut off by the end of `bytes`. Follows RFC 3629 (no overlongs, no
 * surrogates, nothing above U+10FFFF), as a fatal `TextDecoder` does.
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) n = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < n; k++) {
    if (i + k >= bytes.length) return -1;
    const c = bytes[i + k];
    if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return 0;
  }
  return n;
}

/**
 * A decoder fed chunk by chunk (`write`), then `end`; the concatenated results are the file's text, without
 * byte-order mark. Detection follows the module rule, so feeding a file whole or in any chunks gives the same
 * text and the same errors.
 */
export interface StreamingTextDecoder {
  /** Text of this chunk (bytes of a character cut by the chunk's end are kept for the next call). */
  write(chunk: Uint8Array): string;
  /** Text of bytes still held back. @throws KamError("file") when the file ends inside a UTF-8/UTF-16 character. */
  end(): string;
  /** The encoding settled on so far ("ascii" until a byte ≥ 0x80 decides). */
  readonly encoding: TextEncodingName;
}

/** Length of `bytes` without a UTF-8 character cut off at its end (its lead byte and what follows). */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = n - 1;
  while (i >= 0 && i > n - 4 && (bytes[i] & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const b = bytes[i];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return n - i < need ? i : n;
}

/**
 * A streaming decoder for the file named `source` (used in error messages).
 * Errors are KamError("file") naming the file and the 1-based line of the bad bytes.
 */
export function createTextDecoder(source = "input.csv"): StreamingTextDecoder {
  let encoding: TextEncodingName | "start" = "start";
  let pending = new Uint8Array(0); // bytes held back: a cut character, or the first bytes before the BOM is known
  let line = 1; // line of the next byte not yet decoded
  let lastCR = false; // the text decoded so far ends with CR (a following LF ends the same line)
  let utf16: TextDecoder | null = null;

  // Native searches, not a loop over every character: this runs on every piece of a large file.
  function countLines(text: string): void {
    if (text.length === 0) return;
    let breaks = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) breaks++;
    if (text.indexOf("\r") >= 0) {
      for (let i = text.indexOf("\r"); i >= 0; i = text.indexOf("\r", i + 1)) breaks++;
      for (let i = text.indexOf("\r\n"); i >= 0; i = text.indexOf("\r\n", i + 2)) breaks--; // CRLF is one line end
    }
    if (lastCR && text.charCodeAt(0) === 10) breaks--; // the LF of a CRLF cut between pieces
    line += breaks;
    lastCR = text.charCodeAt(text.length - 1) === 13;
  }

  /** `countLines` on the UTF-8 bytes `bytes[0..end)` (bytes 10 and 13 are only ever LF and CR there). */
  function countLineBytes(bytes: Uint8Array, end: number): void {
    if (end === 0) return;
    let breaks = 0;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, end);
    if (view.indexOf(13) < 0) {
      // No CR: count LFs with the native search.
      for (let i = view.indexOf(10); i >= 0; i = view.indexOf(10, i + 1)) breaks++;
      if (lastCR && view[0] === 10) breaks--; // the LF of a CRLF cut between pieces
      line += breaks;
      lastCR = false;
      return;
    }
    let cr = lastCR;
    for (let i = 0; i < end; i++) {
      const b = bytes[i];
      if (b > 13) {
        cr = false;
        continue;
      }
      if (b === 10) {
        if (!cr) breaks++;
        cr = false;
      } else if (b === 13) {
        breaks++;
        cr = true;
      } else cr = false;
    }
    line += breaks;
    lastCR = cr;
  }

  function badUtf8(): KamError {
    return new KamError("file", "csv.badUtf8", { source, row: String(line) }, { source, row: line });
  }

  function badUtf16(): KamError {
    return new KamError("file", "csv.badUtf16", { source }, { source, row: line });
  }

  /** Decodes `bytes` (no BOM) once the encoding is not "start"; returns text and keeps a cut tail pending. */
  function decodeBody(bytes: Uint8Array, final: boolean): string {
    if (encoding === "utf-16le" || encoding === "utf-16be") {
      try {
        const text = utf16!.decode(bytes, { stream: !final });
        countLines(text);
        return text;
      } catch {
        throw badUtf16();
      }
    }
    if (encoding === "windows-1252") {
      const text = decodeWindows1252(bytes);
      countLines(text);
      return text;
    }
    // "ascii" or "utf-8". Fast path: the piece (without a character cut at its end) is valid UTF-8 as a
    // whole, checked by the native decoder; then its first non-ASCII byte, if any, starts valid UTF-8.
    // (Node's isUtf8/isAscii are SIMD validators; a fatal TextDecoder was 5× slower.) Otherwise the walk
    // below applies the rule byte by byte.
    const cut = final ? bytes.length : completeUtf8Length(bytes);
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, cut);
    if (isUtf8(view)) {
      if (encoding === "ascii" && !isAscii(view)) encoding = "utf-8";
      const fast = view.toString(encoding === "ascii" ? "latin1" : "utf8");
      countLineBytes(bytes, cut);
      pending = bytes.slice(cut);
      return fast;
    }
    // Walk to the first non-ASCII byte (ascii) or validate (utf-8).
    let out = "";
    const start = 0;
    let i = 0;
    while (i < bytes.length) {
      if (bytes[i] < 0x80) {
        i++;
        continue;
      }
      const n = utf8SequenceLength(bytes, i);
      if (encoding === "ascii") {
        if (n === -1 && !final) break; // decide when the rest of the character arrives
        if (n <= 0) {
          // Not UTF-8: the whole file is Windows-1252 from here on (what came before was ASCII).
          encoding = "windows-1252";
          const head = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString("latin1");
          countLines(head);
          return out + head + decodeBody(bytes.subarray(i), final);
        }
        encoding = "utf-8";
      }
      if (n === -1 && !final) break;
      if (n <= 0) {
        const before = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString("utf8");
        countLines(before);
        throw badUtf8();
      }
      i += n;
    }
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString("utf8");
    countLines(text);
    out += text;
    pending = bytes.slice(i);
    return out;
  }

  function feed(chunk: Uint8Array, final: boolean): string {
    let bytes = chunk;
    if (pending.length > 0) {
      bytes = new Uint8Array(pending.length + chunk.length);
      bytes.set(pending);
      bytes.set(chunk, pending.length);
      pending = new Uint8Array(0);
    }
    if (encoding === "start") {
      // A byte-order mark needs up to 3 bytes; wait for them unless the file is shorter.
      if (bytes.length < 3 && !final && (bytes.length === 0 || [0xff, 0xfe, 0xef].includes(bytes[0]))) {
        pending = bytes.slice();
        return "";
      }
      if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = "utf-16le";
      else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = "utf-16be";
      else encoding = "ascii";
      if (encoding !== "ascii") {
        // The UTF-16 decoder drops the BOM itself.
        utf16 = new TextDecoder(encoding, { fatal: true });
      } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
      }
    }
    return decodeBody(bytes, final);
  }

  return {
    write: (chunk) => feed(chunk, false),
    end() {
      const text = feed(new Uint8Array(0), true);
      if (pending.length > 0) throw encoding === "utf-8" ? badUtf8() : badUtf16();
      return text;
    },
    get encoding() {
      return encoding === "start" ? "ascii" : encoding;
    },
  };
}

/**
 * Text of a whole file's bytes under the module rule (byte-order mark removed).
 * @throws KamError("file") for bytes after a UTF-16 BOM that are not valid UTF-16, or a UTF-8 file with
 *         invalid bytes later on (the message names the line).
 */
export function decodeTextBytes(bytes: Uint8Array, source = "input.csv"): string {
  const decoder = createTextDecoder(source);
  return decoder.write(bytes) + decoder.end();
}
