import { KamError } from "../../src/core/errors";
import { decodeCsvBytes } from "../../src/read/csv";
import { createTextDecoder, decodeTextBytes, decodeWindows1252, utf8SequenceLength } from "../../src/read/decode";

/** Every byte 0x80–0x9F as the WHATWG Encoding Standard's index-windows-1252 names it (what Excel writes). */
const WHATWG_80_9F =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

/** Feeds `bytes` to a streaming decoder in chunks of `size` bytes and joins the text. */
function streamed(bytes: Uint8Array, size: number, source = "in.csv"): string {
  const d = createTextDecoder(source);
  let text = "";
  for (let i = 0; i < bytes.length; i += size) text += d.write(bytes.subarray(i, i + size));
  return text + d.end();
}

function failure(f: () => unknown): KamError {
  try {
    f();
  } catch (e) {
    return e as KamError;
  }
  throw new Error("expected a KamError");
}

describe("Windows-1252", () => {
  it("decodes the whole 0x80–0x9F range to the typographic characters, not C1 controls", () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeWindows1252(bytes)).toBe(WHATWG_80_9F);
  });

  it("decodes a real Excel 'CSV (semicolon delimited)' line with ’ – € Š œ", () => {
    // "Kari’s €uro – Šœ;12" as Excel for Windows saves it: ’ = 92, € = 80, – = 96, Š = 8A, œ = 9C.
    const bytes = Uint8Array.from([
      0x4b, 0x61, 0x72, 0x69, 0x92, 0x73, 0x20, 0x80, 0x75, 0x72, 0x6f, 0x20, 0x96, 0x20, 0x8a, 0x9c, 0x3b, 0x31, 0x32, 0x0d, 0x0a,
    ]);
    expect(decodeCsvBytes(bytes)).toBe("Kari’s €uro – Šœ;12\r\n");
    expect(streamed(bytes, 3)).toBe("Kari’s €uro – Šœ;12\r\n");
  });

  it("keeps Latin-1 letters (æøå) and ASCII before the first high byte", () => {
    expect(decodeTextBytes(Uint8Array.from([0x61, 0x0a, 0x42, 0xe6, 0xf8, 0xe5]))).toBe("a\nBæøå");
  });
});

describe("UTF-8 validation", () => {
  it.each<[number[], number]>([
    [[0xc3, 0xa6], 2],
    [[0xe2, 0x82, 0xac], 3],
    [[0xf0, 0x9f, 0x98, 0x80], 4],
    [[0xc0, 0x80], 0], // overlong
    [[0xed, 0xa0, 0x80], 0], // surrogate
    [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
    [[0x92, 0x73], 0],
    [[0xe2, 0x82], -1], // cut off
  ])("%j → %d", (bytes, n) => {
    expect(utf8SequenceLength(Uint8Array.from(bytes), 0)).toBe(n);
  });
});

describe("streaming decoder", () => {
  const text = "Kunde;Omsetning\r\nBlåbær AS;1 234,50\nKari’s €;5\n😀 Ltd;7\n";

  it.each([1, 2, 3, 5, 64])("gives the same UTF-8 text in chunks of %d bytes, BOM or not", (size) => {
    const utf8 = new TextEncoder().encode(text);
    expect(streamed(utf8, size)).toBe(text);
    expect(streamed(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]), size)).toBe(text);
  });

  it.each([1, 3, 64])("gives the same UTF-16 text in chunks of %d bytes", (size) => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(text, "utf16le").swap16();
    expect(streamed(le, size)).toBe(text);
    expect(streamed(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), size)).toBe(text);
  });

  it("decides the encoding at the first non-ASCII byte, even in a later chunk", () => {
    const ascii = "a;b\n".repeat(1000);
    const bytes = Buffer.concat([Buffer.from(ascii), Buffer.from([0x80, 0x0a])]);
    const d = createTextDecoder();
    expect(d.write(bytes.subarray(0, 4000))).toBe(ascii);
    expect(d.encoding).toBe("ascii");
    expect(d.write(bytes.subarray(4000)) + d.end()).toBe("€\n");
    expect(d.encoding).toBe("windows-1252");
  });

  it("reports a UTF-8 file whose later bytes are not UTF-8 with the line, whole or streamed", () => {
    // Line 1 has UTF-8 "ø"; line 4 (after a CRLF, an LF and a lone CR) has a Windows-1252 "’" (0x92).
    const bytes = Buffer.concat([Buffer.from("Kø;1\r\nA;2\nB;3\rC"), Buffer.from([0x92]), Buffer.from("s;4\n")]);
    for (const read of [() => decodeCsvBytes(bytes, "mixed.csv"), () => streamed(bytes, 2, "mixed.csv")]) {
      const err = failure(read);
      expect(err).toBeInstanceOf(KamError);
      expect(err.code).toBe("file");
      expect(err.place).toEqual({ source: "mixed.csv", row: 4 });
      expect(err.message).toMatch(/mixed\.csv \(line 4\).*not valid UTF-8/);
    }
  });

  it("reports a UTF-8 file that ends inside a character", () => {
    const bytes = Buffer.concat([Buffer.from("Kø\n"), Buffer.from([0xe2, 0x82])]);
    expect(failure(() => decodeTextBytes(bytes, "cut.csv")).place).toEqual({ source: "cut.csv", row: 2 });
  });

  it("reads files shorter than a byte-order mark", () => {
    expect(streamed(Buffer.from("a"), 1)).toBe("a");
    expect(streamed(Buffer.from([0xef]), 1)).toBe("ï");
    expect(decodeTextBytes(new Uint8Array(0))).toBe("");
  });
});
