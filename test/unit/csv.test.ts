import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KamError } from "../../src/core/errors";
import { decodeCsvBytes, detectSeparator, parseCsv, readCsvFile, separatorLine, unclosedQuoteLine } from "../../src/read/csv";

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
    const err = csvFailure('a,b\n1,"open\n2,3\n');
    expect(err).toBeInstanceOf(KamError);
    expect(err.code).toBe("file");
    expect(err.message).toMatch(/^bad\.csv \(line \d+\): not a readable CSV file/);
  });

  it("names the line where an unclosed quote opens, not where parsing ended", () => {
    const err = csvFailure('Customer,Sales\n"A,10\nB,5\nC,7\n');
    expect(err.message).toBe('bad.csv (line 2): not a readable CSV file: the quote (") that opens on line 2 is never closed');
    expect(err.place).toEqual({ source: "bad.csv", row: 2 });
    // Quoted line breaks and "" before it do not confuse the count.
    const later = csvFailure('a;b\r\n"multi\r\nline";"say ""hi"""\r\nx;"open\r\ny;z\r\n');
    expect(later.message).toMatch(/^bad\.csv \(line 4\): .*opens on line 4 is never closed$/);
  });

  it("reads Excel's sep= first line as the separator and not as a row", () => {
    // Excel hides the sep= line, so the header is row 1 there and grid row 0 here.
    expect(parseCsv("sep=;\nCustomer;Sales\nA,B AS;1,5\n")).toEqual([
      ["Customer", "Sales"],
      ["A,B AS", "1,5"],
    ]);
    expect(parseCsv("\ufeffSEP=,\r\nKunde,Omsetning;x\r\nA;B,2\r\n")).toEqual([
      ["Kunde", "Omsetning;x"],
      ["A;B", "2"],
    ]);
    expect(parseCsv("sep=|\na|b\n")).toEqual([["a", "b"]]);
    // Only a whole first line of exactly one character counts.
    expect(parseCsv("sep=;x,y\n1,2\n")).toEqual([
      ["sep=;x", "y"],
      ["1", "2"],
    ]);
    expect(parseCsv("Customer;Sales;sep=,\n")).toEqual([["Customer", "Sales", "sep=,"]]);
  });

  it("counts the sep= line in file line numbers of parse errors", () => {
    expect(csvFailure('sep=;\nCustomer;Sales\n"A;10\n').message).toMatch(/^bad\.csv \(line 3\): .*opens on line 3 is never closed$/);
  });
});

function csvFailure(text: string): KamError {
  try {
    parseCsv(text, "bad.csv");
  } catch (e) {
    if (e instanceof KamError) return e;
    throw e;
  }
  throw new Error("expected a KamError");
}

describe("separatorLine", () => {
  it.each<[string, { separator: string; rest: string } | null]>([
    ["sep=;\na;b", { separator: ";", rest: "a;b" }],
    ["sep=,\r\na", { separator: ",", rest: "a" }],
    ["sep=\t\ra", { separator: "\t", rest: "a" }],
    ["sep=;", { separator: ";", rest: "" }],
    ["sep=\na", null],
    ["sep=;;\na", null],
    [" sep=;\na", null],
    ['sep="\na', null],
  ])("%j → %p", (text, expected) => {
    expect(separatorLine(text)).toEqual(expected);
  });
});

describe("unclosedQuoteLine", () => {
  it.each<[string, number | undefined]>([
    ['a,b\n"x,1\n', 2],
    ['a,b\n"x\ny",1\n"open', 4],
    ['a,b\r\n"x\r\ny",1\r\n"open', 4],
    ['a,b\r"x""",1\r2,"open', 3],
    ['a,b\n"ok","fine"\n', undefined],
    ['a,b\nx,"y""z"\n', undefined],
  ])("%j → %p", (text, line) => {
    expect(unclosedQuoteLine(text, ",")).toBe(line);
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
  it("drops a UTF-8 BOM before falling back to Windows-1252", () => {
    // BOM, then "Køben,10" with ø = F8 (Windows-1252, not UTF-8).
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x4b, 0xf8, 0x62, 0x65, 0x6e, 0x2c, 0x31, 0x30]))).toBe("Køben,10");
  });
  it("decodes UTF-16 little- and big-endian after their BOM (Excel's Unicode text)", () => {
    const text = "Kunde,Omsetning\nBlåbær AS 😀,10\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeCsvBytes(le)).toBe(text);
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
  });
  it("refuses bytes after a UTF-16 BOM that are not UTF-16", () => {
    expect(() => decodeCsvBytes(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]), "odd.csv")).toThrow(
      "odd.csv starts like a UTF-16 text file but is not valid UTF-16; save it as CSV UTF-8.",
    );
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

  it("reads a UTF-16 file with Excel's sep= line", () => {
    const p = file("u16.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("sep=;\r\nKunde;Omsetning\r\nÆrlig AS;1 234,50\r\n", "utf16le")]));
    expect(readCsvFile(p)).toEqual([
      ["Kunde", "Omsetning"],
      ["Ærlig AS", "1 234,50"],
    ]);
  });

  it("names the file when it does not exist", () => {
    expect(() => readCsvFile(join(dir, "missing.csv"))).toThrow("Cannot read missing.csv: no such file.");
  });

  it("names a folder given as file", () => {
    expect(() => readCsvFile(dir)).toThrow(/it is a folder/);
  });
});
