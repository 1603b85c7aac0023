/**
 * The byte engine of the CSV read path (src/read/stream/csvBytes.ts) against the whole-file path
 * (readCsvFile → readAbcInput): the same customers, totals, skipped rows, total rows and errors on
 * generated files — quoted keys with separators, line breaks and doubled quotes, placeholders, keys the
 * key rule joins, non-ASCII keys in UTF-8 and Windows-1252, CRLF, byte-order marks, `sep=` lines — read
 * in pieces of any size. Also: exact sums from digits equal exact sums from Numbers.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { aggregateByKey } from "../../src/core/abc";
import { type AbcInputOptions, readAbcInput } from "../../src/core/input";
import { readCsvFile } from "../../src/read/csv";
import { FallBack, readCsvBytes } from "../../src/read/stream/csvBytes";
import { streamCsvAbc } from "../../src/read/stream/csvFile";
import { DecimalSums } from "../../src/read/stream/decimalSums";

const dir = mkdtempSync(join(tmpdir(), "kam-csv-bytes-"));
let fileNo = 0;

/** What a reader gives, or the message of the error it throws. */
type Outcome = { customers: string[]; totals: number[]; skipped: unknown; usedRows: number; totalRows: unknown } | string;

function wholeFile(path: string, options: AbcInputOptions): Outcome {
  try {
    const input = readAbcInput(readCsvFile(path), options);
    const agg = aggregateByKey(input.keys, input.values);
    return { customers: agg.customers, totals: agg.totals, skipped: input.skipped.byKind, usedRows: input.keys.length, totalRows: input.totalRows };
  } catch (e) {
    return (e as Error).message;
  }
}

/** The byte engine's outcome; "fallback" when it hands the file to the text engine. */
function bytes(path: string, options: AbcInputOptions, piece: number, head?: number): Outcome | "fallback" {
  try {
    const r = readCsvBytes(path, options, piece, head);
    return { customers: r.customers, totals: r.totals, skipped: r.skipped, usedRows: r.usedRows, totalRows: r.totalRows };
  } catch (e) {
    if (e instanceof FallBack) return "fallback";
    return (e as Error).message;
  }
}

// Keys held in a hash slot (up to 8 bytes) and in the pool (longer, same first 8 bytes); one key as plain
// bytes, quoted (read as text) and with doubled inner space; placeholders in any case.
const KEYS = ["ACME", "ACME ", " acme", "Bø AS", "Kari’s €uro", '"Quoted, Inc"', '"Two\nlines"', '"Say ""hi"""', "NA", "na", "null", "#N/A", "", "  ", "-", "C1", "C2", "C3", "Total",
  "ABCDEFGH", "ABCDEFGHI", "ABCDEFGHJ", "ACME AS", "ACME  AS", '"ACME AS"', '"C1"'];
const VALUES = ["1.50", "-0", "12", "0.1", "0.2", "-7.25", "123456789012345", "0.000000001", '"1,234.50"', "3.14159265358979", "1e3", "x", ""];

const csvFile = fc.record({
  rows: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), fc.constantFrom("a", '"b,c"', "")), { minLength: 0, maxLength: 30 }),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  sepLine: fc.boolean(),
  cp1252: fc.boolean(),
  trailingBreak: fc.boolean(),
  piece: fc.integer({ min: 1, max: 64 }),
  head: fc.integer({ min: 1, max: 80 }),
  total: fc.boolean(),
});

describe("byte engine = whole-file path", () => {
  it("gives the same customers, totals, skipped and total rows, or the same error, in pieces of any size", () => {
    let fast = 0;
    fc.assert(
      fc.property(csvFile, (f) => {
        const nl = f.crlf ? "\r\n" : "\n";
        const lines = f.rows.map(([k, v, other]) => `${other};${k};${v}`.replace(/;/g, ","));
        if (f.total) lines.push("Total,0");
        let text = (f.sepLine ? "sep=," + nl : "") + "Other,Kunde,Beløp" + nl + lines.join(nl) + (f.trailingBreak ? nl : "");
        if (f.crlf) text = text.replace(/(?<!\r)\n/g, "\r\n");
        let data: Buffer;
        if (f.cp1252) {
          // Windows-1252 bytes for the characters used here (ø, ’, €), one byte each.
          const map: Record<string, number> = { "ø": 0xf8, "’": 0x92, "€": 0x80 };
          data = Buffer.from(Array.from(text, (ch) => map[ch] ?? ch.charCodeAt(0)));
        } else data = Buffer.from(text, "utf8");
        if (f.bom && !f.cp1252) data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), data]);
        const path = join(dir, `f${fileNo++}.csv`);
        writeFileSync(path, data);
        const options: AbcInputOptions = { customer: "Kunde", value: "Beløp", locale: "en-US", source: "f.csv" };
        const got = bytes(path, options, f.piece, f.head);
        if (got === "fallback") return;
        fast++;
        expect(got).toEqual(wholeFile(path, options));
      }),
      { numRuns: 400 },
    );
    // Most files are read by the byte engine itself, not handed on (a header longer than `head` is).
    expect(fast).toBeGreaterThan(200);
  });

  it("gives the whole-file result for 20,000 customers over 200,000 lines, read in lookup batches across pieces", () => {
    // Enough keys for the hash table to grow many times, keys of 1–20 bytes, new keys repeated within
    // one batch of lookups, a few keys the key rule changes, and pieces that cut batches anywhere.
    let seed = 11;
    // xorshift32
    const rnd = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const lines = ["Kunde,Beløp"];
    for (let i = 0; i < 200_000; i++) {
      const c = Math.floor(20_000 * rnd() ** 2);
      const key = c % 997 === 0 ? ` K ${c}` : "K".repeat(1 + (c % 13)) + c.toString(36);
      lines.push(`${key},${(Math.floor(rnd() * 2_000_000) - 100_000) / 100}`);
    }
    const path = join(dir, "many.csv");
    writeFileSync(path, lines.join("\n") + "\n");
    const options: AbcInputOptions = { customer: "Kunde", value: "Beløp", locale: "en-US", source: "many.csv" };
    const want = wholeFile(path, options);
    expect(typeof want === "object" && want.customers.length).toBeGreaterThan(15_000);
    for (const piece of [1 << 20, 4099]) expect(bytes(path, options, piece)).toEqual(want);
  });

  it("reads a decimal comma under nb-NO and a semicolon separator as the whole-file path", () => {
    const path = join(dir, "nb.csv");
    writeFileSync(path, 'Kunde;Beløp\nA;1,5\nB;"2,25"\nA;-0,75\nB;1 000,5\n');
    const options: AbcInputOptions = { customer: "Kunde", value: "Beløp", locale: "nb-NO", source: "nb.csv" };
    const got = bytes(path, options, 5, 16);
    expect(got).toEqual(wholeFile(path, options));
    expect(got).toMatchObject({ customers: ["A", "B"], totals: [0.75, 1002.75] });
  });

  it("hands UTF-16, invalid UTF-8, a lone LF under CRLF and a sep= character beyond ASCII to the text engine, which gives the whole-file result", async () => {
    const cases: [string, Buffer][] = [
      ["utf16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Kunde,Sum\nA,1\n", "utf16le")])],
      ["bad-utf8.csv", Buffer.concat([Buffer.from("Kunde,Sum\nBø,1\n"), Buffer.from([0x41, 0xc3, 0x28, 0x2c, 0x32, 0x0a])])],
      ["lone-lf.csv", Buffer.from("Kunde,Sum\r\nA,1\r\nB\n,2\r\n")],
      // sep=€ is three bytes in UTF-8: not one latin1 character, so the head alone cannot read it.
      ["sep-euro.csv", Buffer.from("sep=€\nKunde€Sum\nA€1\nB€2.5\n")],
      ["sep-section.csv", Buffer.from("sep=§\r\nKunde§Sum\r\nA§1\r\n", "latin1")],
    ];
    for (const [name, data] of cases) {
      const path = join(dir, name);
      writeFileSync(path, data);
      // The whole-file reader names the file by its name: so does the source here.
      const options: AbcInputOptions = { customer: "Kunde", value: "Sum", locale: "en-US", source: name };
      expect(bytes(path, options, 1 << 20)).toBe("fallback");
      let streamed: Outcome;
      try {
        const r = await streamCsvAbc(path, options);
        streamed = { customers: r.customers, totals: r.totals, skipped: r.skipped, usedRows: r.usedRows, totalRows: r.totalRows };
      } catch (e) {
        streamed = (e as Error).message;
      }
      expect(streamed).toEqual(wholeFile(path, options));
      if (name.startsWith("sep-")) expect(streamed).toMatchObject({ customers: name === "sep-euro.csv" ? ["A", "B"] : ["A"] });
    }
  });
});

describe("DecimalSums.addUnits = DecimalSums.add", () => {
  it("gives the same totals and exact grand total, through rescaling and past 2^53", () => {
    const value = fc.tuple(fc.integer({ min: 0, max: 4 }), fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 12 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), (xs) => {
        const a = new DecimalSums();
        const b = new DecimalSums();
        for (let c = 0; c < 5; c++) {
          a.addCustomer();
          b.addCustomer();
        }
        for (const [c, m, d] of xs) {
          a.addUnits(c, Number(m), d);
          b.add(c, Number(m) / 10 ** d + 0);
        }
        expect(a.totals()).toEqual(b.totals());
        const [ta, tb] = [a.exactTotal(), b.exactTotal()];
        expect(ta.num * tb.den).toBe(tb.num * ta.den);
      }),
      { numRuns: 2000 },
    );
  });
});
