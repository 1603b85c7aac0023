/**
 * The streaming CSV read path (src/read/stream) against the whole-file path (readCsvFile → readAbcInput →
 * aggregateByKey): the same customers, totals, classes and errors, on every file in ../shared/data and on
 * generated text that exercises quotes, line breaks, encodings and piece boundaries.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { abcTable, aggregateByKey } from "../../src/core/abc";
import { customerKey, placeholderKind } from "../../src/core/customerKey";
import { type AbcInputOptions, readAbcInput } from "../../src/core/input";
import { parseCsv, readCsvFile } from "../../src/read/csv";
import { plainDecimalFor, readNumberOrNaN } from "../../src/read/stream/abcRows";
import { streamCsvAbc } from "../../src/read/stream/csvFile";
import { CsvRecordScanner, IrregularCsv } from "../../src/read/stream/csvRecords";

const DATA = resolve(__dirname, "../../../shared/data");
const dir = mkdtempSync(join(tmpdir(), "kam-csv-stream-"));

/** The whole-file path's per-customer totals under the one key rule (placeholders skipped). */
function gridTotals(path: string, options: AbcInputOptions): { customers: string[]; totals: number[] } {
  const input = readAbcInput(readCsvFile(path), options);
  const keys = input.keys.map((k) => (placeholderKind(k) === undefined ? customerKey(k) : null));
  const agg = aggregateByKey(keys, input.values);
  return { customers: agg.customers, totals: agg.totals };
}

const FILES: [string, string, string][] = [
  ["superstore_sample.csv", "Customer ID", "Sales"],
  ["superstore_sample.csv", "Customer Name", "Profit"],
  ["online_retail_sample_20k.csv", "CustomerID", "UnitPrice"],
  ["online_retail_sample_20k.csv", "Country", "Quantity"],
  ["northwind_orders.csv", "customer_id", "freight"],
  ["northwind_order_details.csv", "order_id", "unit_price"],
];

describe("streamed CSV = whole-file CSV on ../shared/data", () => {
  it.each(FILES)("%s by %s, %s: same customers, totals and classes", async (file, customer, value) => {
    const options: AbcInputOptions = { customer, value, locale: "en-US", source: file };
    const path = join(DATA, file);
    const streamed = await streamCsvAbc(path, options);
    const grid = gridTotals(path, options);
    expect(streamed.customers).toEqual(grid.customers);
    expect(streamed.totals).toEqual(grid.totals);
    expect(abcTable(streamed.customers, streamed.totals)).toEqual(abcTable(grid.customers, grid.totals));
    expect(streamed.customers.length).toBeGreaterThan(5);
  });

  it("reports Online Retail's missing customer IDs as skipped rows by kind, as the whole-file path", async () => {
    const options: AbcInputOptions = { customer: "CustomerID", value: "UnitPrice", locale: "en-US", source: "r.csv" };
    const path = join(DATA, "online_retail_sample_20k.csv");
    const streamed = await streamCsvAbc(path, options);
    const input = readAbcInput(readCsvFile(path), options);
    expect(streamed.skipped).toEqual(input.skipped.byKind);
    expect(streamed.skippedRows).toBe(input.skipped.rows);
    expect(streamed.totalRows).toEqual(input.totalRows);
    expect(streamed.usedRows).toBe(input.keys.length);
    expect(streamed.skippedRows).toBeGreaterThan(0);
  });

  it("takes a trailing grand-total row back out, as the whole-file path", async () => {
    const options: AbcInputOptions = { customer: "Kunde", value: "Sum", locale: "en-US", source: "t.csv" };
    const path = file("total.csv", "Kunde,Sum\nA,10.10\nB,20.25\nA,5\nNA,3\nTotal,35.35\n");
    const streamed = await streamCsvAbc(path, options);
    const input = readAbcInput(readCsvFile(path), options);
    expect(streamed.totalRows).toEqual(input.totalRows);
    expect(streamed.totalRows).toHaveLength(1);
    expect(streamed.customers).toEqual(["A", "B"]);
    expect(streamed.totals).toEqual([15.1, 20.25]);
    expect(streamed.skipped).toEqual({ NA: 1 });
  });
});

/** Writes `bytes` to a temp file and returns the path. */
function file(name: string, bytes: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

function gridError(path: string, options: AbcInputOptions): string {
  try {
    readAbcInput(readCsvFile(path), options);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
}

describe("streamed CSV: errors and encodings as the whole-file path", () => {
  const options: AbcInputOptions = { customer: "Kunde", value: "Beløp", locale: "en-US", source: "t.csv" };
  const cases: [string, string | Uint8Array][] = [
    ["value not a number", "Kunde,Beløp\nA,1\nB,x\n"],
    ["blank value", "Kunde,Beløp\nA,1\nB,\n"],
    ["missing column", "Kunde,Sum\nA,1\n"],
    ["doubled column", "Kunde,Beløp,Kunde\nA,1,2\n"],
    ["unclosed quote", 'Kunde,Beløp\nA,1\n"B,2\n'],
    ["quote inside a field", 'Kunde,Beløp\nA"x,1\n'],
    ["text after a closing quote", 'Kunde,Beløp\n"A"x,1\n'],
    ["no data rows", "Kunde,Beløp\n,1\n  ,2\n"],
    ["empty file", ""],
    ["only blank lines", "\n\n , \n"],
    ["too many digits", "Kunde,Beløp\nA,123456789012345678901\n"],
    ["nb number under en-US", "Kunde,Beløp\nA,\"1 234,50\"\n"],
  ];
  it.each(cases)("%s", async (name, text) => {
    const path = file(`${name.replace(/\W/g, "_")}.csv`, text);
    const message = await errorOf(streamCsvAbc(path, options));
    expect(message).toBe(gridError(path, options));
    expect(message).not.toBe("no error");
  });

  it("chooses the separator from the whole header line when it is longer than a piece", async () => {
    // Commas lead in the first 1 MiB piece, semicolons in the whole line: the separator is ";".
    const header = "Kunde;Sum;" + ",".repeat(600_000) + ";".repeat(1_000_000);
    const path = file("long-header.csv", `${header}\nA;1\nB;2,5\n`);
    const opts = { ...options, value: "Sum", locale: "nb-NO" as const };
    const streamed = await streamCsvAbc(path, opts);
    expect(streamed.customers).toEqual(["A", "B"]);
    expect(streamed.totals).toEqual([1, 2.5]);
    expect(streamed.totals).toEqual(gridTotals(path, opts).totals);
  });

  it("reports the first of two problems in file order, where the whole-file reader reports the broken file first", async () => {
    const path = file("two-problems.csv", 'Kunde,Beløp\nA,x\nB,2\n"C,3\n');
    const message = await errorOf(streamCsvAbc(path, options));
    expect(message).toMatch(/row 2/);
    expect(message).toMatch(/"x" is not a number/);
    expect(gridError(path, options)).toMatch(/quote/i);
  });

  it("names a missing file as the whole-file reader does", async () => {
    const path = join(dir, "missing.csv");
    const message = await errorOf(streamCsvAbc(path, options));
    expect(message).toBe(gridError(path, options));
    expect(message).toMatch(/no such file/);
  });

  it("reads Windows-1252 even when the first invalid UTF-8 byte comes after the first piece", async () => {
    const head = "Kunde;Beløp\n".replace("ø", "o");
    const lines = Array.from({ length: 120_000 }, (_, i) => `K${i % 97};${i % 13}.25\n`).join("");
    const tail = Buffer.from([0x4b, 0x61, 0x72, 0x69, 0x92, 0x73, 0x20, 0x80, 0x75, 0x72, 0x6f, 0x3b, 0x35, 0x0a]); // Kari’s €uro;5
    const path = file("cp1252-late.csv", Buffer.concat([Buffer.from(head + lines), tail]));
    const opts = { ...options, value: "Belop" };
    const streamed = await streamCsvAbc(path, opts);
    const grid = gridTotals(path, opts);
    expect(streamed.customers).toEqual(grid.customers);
    expect(streamed.totals).toEqual(grid.totals);
    expect(streamed.customers).toContain("Kari\u2019s \u20acuro");
  });

  it("reads UTF-16 and UTF-8 with a byte-order mark, a sep= line, CRLF and quoted line breaks", async () => {
    const text = 'sep=;\r\nKunde;Beløp\r\n"A\r\nS";"1,5"\r\n"B ""x""";2\r\n"A\r\nS";3\r\n';
    const opts = { ...options, locale: "nb-NO" as const };
    for (const [name, bytes] of [
      ["utf16le.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
      ["utf8bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ] as const) {
      const path = file(name, bytes);
      const streamed = await streamCsvAbc(path, opts);
      const grid = gridTotals(path, opts);
      expect(streamed.customers).toEqual(grid.customers);
      expect(streamed.totals).toEqual(grid.totals);
      expect(streamed.customers).toEqual(["A S", 'B "x"']);
    }
  });
});

/** Records of `text` split into pieces at `cuts`, every column kept. */
function scanPieces(text: string, separator: string, cuts: number[]): string[][] {
  const records: string[][] = [];
  const scanner = new CsvRecordScanner(separator, (s) => records.push(s.fields.slice(0, s.fieldCount)));
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    scanner.push(text.slice(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  scanner.push(text.slice(at));
  scanner.end();
  return records;
}

describe("CsvRecordScanner = csv-parse", () => {
  it("gives csv-parse's records for any text it accepts, in any pieces, and refuses what csv-parse refuses", () => {
    const alphabet = fc.constantFrom("a", "b", " ", ",", ";", '"', "\n", "\r", "\r\n", "ø", "1");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), fc.array(fc.nat(60), { maxLength: 4 }), (chars, cuts) => {
        const text = chars.join("");
        let expected: string[][] | "error";
        try {
          expected = parseCsv(text, "t.csv", ",") as string[][];
        } catch {
          expected = "error";
        }
        let got: string[][] | "error";
        try {
          got = scanPieces(text, ",", cuts);
        } catch (e) {
          if (!(e instanceof IrregularCsv)) throw e;
          got = "error";
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("fast value parser", () => {
  it("agrees with readNumber wherever it accepts a text", () => {
    const digits = fc.array(fc.constantFrom("0", "1", "5", "9", ".", ",", "-", " "), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(digits, fc.constantFrom("en-US" as const, "nb-NO" as const), (chars, locale) => {
        const text = chars.join("");
        const fast = plainDecimalFor(locale)(text);
        if (!Number.isNaN(fast)) expect(Object.is(fast, readNumberOrNaN(text, locale))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(plainDecimalFor("en-US")("-1234.50")).toBe(-1234.5);
    expect(plainDecimalFor("nb-NO")("1234,50")).toBe(1234.5);
    expect(plainDecimalFor("en-US")("1,234.50")).toBeNaN();
  });
});
