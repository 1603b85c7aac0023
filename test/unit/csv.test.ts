import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KamError } from "../../src/core/errors";
import { decodeCsvBytes, detectSeparator, parseCsv, readCsvFile } from "../../src/read/csv";

const dir = mkdtempSync(join(tmpdir(), "kam-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe("detectSeparator", () => {
  it.each<[string, string]>([
    ["a,b,c\n1;2", ","],
    ["a;b;c\n1,2,3,4,5", ";"],
    ['"x,y";b;c\n', ";"], // commas inside quotes do not count
    ['"x;y;z",b\n', ","],
    ["single\n", ","],
    ["a;b\r\nc,d,e,f", ";"],
    ['"multi\nline,,,";b;c', ";"], // a line break inside quotes does not end the header
  ])("%j → %j", (text, sep) => {
    expect(detectSeparator(text)).toBe(sep);
  });
});

describe("parseCsv", () => {
  it("keeps cells as strings, quoted commas and doubled quotes included", () => {
    const grid = parseCsv('Customer,Sales\n"Hon Deluxe, Rounded",1234.5\n"Say ""hi""",2\n');
    expect(grid).toEqual([
      ["Customer", "Sales"],
      ["Hon Deluxe, Rounded", "1234.5"],
      ['Say "hi"', "2"],
    ]);
  });

  it("reads semicolon files with Norwegian numbers untouched", () => {
    expect(parseCsv("Kunde;Omsetning\nAcme AS;1 234,50\n")).toEqual([
      ["Kunde", "Omsetning"],
      ["Acme AS", "1 234,50"],
    ]);
  });

  it("keeps empty lines as rows so row numbers match a spreadsheet's", () => {
    expect(parseCsv("a,b\n\n1,2\n3\n")).toEqual([["a", "b"], [""], ["1", "2"], ["3"]]);
  });

  it("handles CRLF line ends and a BOM", () => {
    expect(parseCsv("\ufeffa,b\r\n1,2\r\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("reports an unclosed quote as a file error with the line", () => {
    let err: unknown;
    try {
      parseCsv('a,b\n1,"open\n2,3\n', "bad.csv");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KamError);
    expect((err as KamError).code).toBe("file");
    expect((err as KamError).message).toMatch(/^bad\.csv \(line \d+\): not a readable CSV file/);
  });
});

describe("decodeCsvBytes", () => {
  it("strips a UTF-8 BOM", () => {
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62]))).toBe("a,b");
  });
  it("falls back to Windows-1252 when the bytes are not UTF-8 (Excel's ANSI CSV)", () => {
    // "Blåbær;5" in Windows-1252: å = E5, æ = E6
    expect(decodeCsvBytes(new Uint8Array([0x42, 0x6c, 0xe5, 0x62, 0xe6, 0x72, 0x3b, 0x35]))).toBe("Blåbær;5");
  });
  it("keeps valid UTF-8 as UTF-8", () => {
    expect(decodeCsvBytes(new TextEncoder().encode("Blåbær"))).toBe("Blåbær");
  });
});

describe("readCsvFile", () => {
  it("reads a BOM + semicolon file from disk", () => {
    const p = file("nb.csv", "\ufeffKunde;Omsetning\n\"Blåbær; AS\";1 234,50\n");
    expect(readCsvFile(p)).toEqual([
      ["Kunde", "Omsetning"],
      ["Blåbær; AS", "1 234,50"],
    ]);
  });

  it("names the file when it does not exist", () => {
    expect(() => readCsvFile(join(dir, "missing.csv"))).toThrow("Cannot read missing.csv: no such file.");
  });

  it("names a folder given as file", () => {
    expect(() => readCsvFile(dir)).toThrow(/it is a folder/);
  });
});
