import { execFile } from "node:child_process";
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import * as ExcelJS from "exceljs";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { KamRun, runKam as kam } from "../support/cli";
import { checkOutputPath, isXlsxPath } from "../../src/cli/output";

/** shared/ is the sibling of the repository folder (…/shared/data next to …/<repo>). */
const DATA = resolve(__dirname, "../../../shared/data");
const SUPERSTORE = join(DATA, "superstore_sample.csv");
const REPO = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "kam-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kamJson(...argv: string[]): Promise<AnalyzeJson> {
  const r = await kam(...argv, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A small workbook with columns c and v, for tests that need an .xlsx input. */
async function workbook(name: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Data");
  ws.addRow(["c", "v"]);
  ws.addRow(["a", 1]);
  const p = join(dir, name);
  await wb.xlsx.writeFile(p);
  return p;
}

function counts(j: AnalyzeJson): number[] {
  return (["A", "B", "C", "D"] as const).map((c) => j.classes[c].count);
}

/** The error output must be one line and name the place. */
function expectOneLine(r: KamRun, code: number, ...parts: string[]): void {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr.endsWith("\n")).toBe(true);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  for (const p of parts) expect(r.stderr).toContain(p);
}

describe("kam analyze on Superstore (real data)", () => {
  it("classes customers by Sales: 793 customers, A/B/C = 396/209/188", async () => {
    const j = await kamJson("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales");
    expect(Object.keys(j)).toEqual(["customers", "total", "skippedRows", "skippedKeys", "totalRows", "classes", "rows"]);
    expect(j.customers).toBe(793);
    expect(counts(j)).toEqual([396, 209, 188, 0]);
    expect(Math.abs(j.total - 2297200.8603)).toBeLessThan(1e-6);
    expect(j.skippedRows).toBe(0);
    expect(j.rows).toHaveLength(793);
    expect(j.rows.map((r) => r.rank)).toEqual(Array.from({ length: 793 }, (_, i) => i + 1));
    expect(Object.keys(j.rows[0])).toEqual(["rank", "customer", "value", "share", "cumulativeShare", "class"]);
    for (let i = 1; i < j.rows.length; i++) expect(j.rows[i].value).toBeLessThanOrEqual(j.rows[i - 1].value);
    expect(j.rows[792].cumulativeShare).toBeCloseTo(1, 12);
    const sum = j.classes.A.value + j.classes.B.value + j.classes.C.value;
    expect(Math.abs(sum - j.total)).toBeLessThan(1e-6);
  });

  it("classes customers by Profit: A/B/C/D = 256/188/194/155", async () => {
    const j = await kamJson("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Profit");
    expect(counts(j)).toEqual([256, 188, 194, 155]);
    expect(j.rows.filter((r) => r.class === "D").every((r) => r.value <= 0)).toBe(true);
  });

  it("puts loss-makers in C on request and honours thresholds and the count method", async () => {
    const c = await kamJson("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Profit", "--nonpositive", "C");
    expect(counts(c)).toEqual([256, 188, 194 + 155, 0]);
    const t = await kamJson("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--thresholds", "0.5,0.9");
    expect(t.classes.A.count).toBeLessThan(396);
    const n = await kamJson("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--method", "count");
    // Count method: A = ceil(0.2·793) = 159, B up to ceil(0.8·793) = 635 (ties could only add to a class).
    expect(counts(n)).toEqual([159, 635 - 159, 793 - 635, 0]);
  });

  it("prints a short human summary", async () => {
    const r = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("superstore_sample.csv: 793 customers from 9,994 rows");
    expect(r.stdout).toMatch(/^A\s+396\s+[\d,.]+\s+80\.1 %$/m);
    expect(r.stdout).toMatch(/^D\s+0\s+0\.00\s+0\.0 %$/m);
  });

  it("runs as a real process through bin/kam.js", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO, "bin/kam.js"), "analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--json"],
      { cwd: REPO, maxBuffer: 16 * 1024 * 1024 },
    );
    const j = JSON.parse(stdout) as AnalyzeJson;
    expect(j.customers).toBe(793);
    expect(counts(j)).toEqual([396, 209, 188, 0]);
  });

  it("exits 1 with one line through bin/kam.js for bad input", async () => {
    const err = await promisify(execFile)(process.execPath, [join(REPO, "bin/kam.js"), "analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Revenue"], { cwd: REPO }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toBe(`kam: Column "Revenue" not found in superstore_sample.csv. Available: Row ID, Order ID, Order Date, Ship Date, Ship Mode, Customer ID, Customer Name, Segment, Country, City, State, Postal Code, Region, Product ID, Category, Sub-Category, Product Name, Sales, Quantity, Discount, Profit\n`);
  });
});

describe("kam analyze edge cases", () => {
  // Semicolons, BOM, a quoted field with the separator inside, Norwegian numbers, transactions to sum,
  // a blank customer to skip.
  const NB = "\ufeffKunde;Omsetning;Merknad\n" + '"Fjord; AS";"1 234,50";første\n' + "Vik AS;99,5;\n" + '"Fjord; AS";10;"sitat ""x"""\n' + ";5;uten kunde\n";

  it("reads a semicolon CSV with BOM, quotes and nb-NO numbers; sums transactions; counts blank customers", async () => {
    const p = file("salg.csv", NB);
    const j = await kamJson("analyze", p, "--customer", "Kunde", "--value", "Omsetning", "--locale", "nb-NO");
    expect(j.customers).toBe(2);
    expect(j.skippedRows).toBe(1);
    expect(j.total).toBeCloseTo(1344, 9);
    expect(j.rows.map((r) => [r.customer, r.value, r.class])).toEqual([
      ["Fjord; AS", 1244.5, "A"],
      ["Vik AS", 99.5, "B"],
    ]);
  });

  it("refuses the same file under en-US with a clear one-line message", async () => {
    const p = file("salg-en.csv", NB);
    const r = await kam("analyze", p, "--customer", "Kunde", "--value", "Omsetning");
    expectOneLine(r, 1, 'kam: salg-en.csv, column "Omsetning", row 2: "1 234,50" is not a number under en-US (it reads as 1,234.5 with the nb-NO locale)');
  });

  it("lists the headers when a column is missing", async () => {
    const p = file("h.csv", "Customer ID,Sales,Profit\nA,1,2\n");
    const r = await kam("analyze", p, "--customer", "Customer ID", "--value", "Revenue");
    expectOneLine(r, 1, 'kam: Column "Revenue" not found in h.csv. Available: Customer ID, Sales, Profit');
  });

  it("names file, column and row for text in the value column, and writes no output file", async () => {
    const rows = Array.from({ length: 15 }, (_, i) => `C${i},${i + 1}`);
    const p = file("sales.csv", ["Customer ID,Sales", ...rows, "X,abc", ""].join("\n"));
    const out = join(dir, "never.xlsx");
    const r = await kam("analyze", p, "--customer", "Customer ID", "--value", "Sales", "--out", out);
    expectOneLine(r, 1, 'kam: sales.csv, column "Sales", row 17: "abc" is not a number');
    expect(existsSync(out)).toBe(false);
  });

  it("reports a file with no data rows", async () => {
    const r = await kam("analyze", file("empty.csv", "Customer ID,Sales\n"), "--customer", "Customer ID", "--value", "Sales");
    expectOneLine(r, 1, "kam: empty.csv has no data rows under the header.");
  });

  it.each<[string, string[], number, string]>([
    ["a missing file", ["analyze", "/nonexistent/x.csv", "--customer", "a", "--value", "b"], 1, "kam: Cannot read x.csv: no such file."],
    ["an unknown extension", ["analyze", "data.txt", "--customer", "a", "--value", "b"], 1, 'data.txt has the unsupported type ".txt"'],
    ["bad thresholds", ["analyze", "x.csv", "--customer", "a", "--value", "b", "--thresholds", "95,80"], 1, "Thresholds must increase"],
    ["unreadable thresholds", ["analyze", "x.csv", "--customer", "a", "--value", "b", "--thresholds", "80"], 1, 'kam: --thresholds "80": give two numbers'],
    ["a missing --value", ["analyze", "x.csv", "--customer", "a"], 2, "kam: --value is required (see kam analyze --help)"],
    ["a bad --locale", ["analyze", "x.csv", "--customer", "a", "--value", "b", "--locale", "de-DE"], 2, '--locale "de-DE"'],
    ["an unknown option", ["analyze", "x.csv", "--customer", "a", "--value", "b", "--frobnicate"], 2, "--frobnicate"],
    ["no input file", ["analyze", "--customer", "a", "--value", "b"], 2, "analyze needs an input file"],
    ["two input files", ["analyze", "a.csv", "b.csv", "--customer", "a", "--value", "b"], 2, "one input file"],
    ["an unknown command", ["frobnicate"], 2, 'kam: unknown command "frobnicate" (see kam --help)'],
  ])("exits with one line for %s", async (_name, argv, code, message) => {
    expectOneLine(await kam(...argv), code, message);
  });

  it("refuses --sheet for a CSV file", async () => {
    const p = file("s.csv", "a,b\nx,1\n");
    expectOneLine(await kam("analyze", p, "--sheet", "X", "--customer", "a", "--value", "b"), 1, "has no sheets");
  });

  it("prints help", async () => {
    const top = await kam("--help");
    expect(top.code).toBe(0);
    expect(top.stdout).toContain("kam <command>");
    const sub = await kam("analyze", "--help");
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--thresholds T1,T2");
    const none = await kam();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Usage: kam");
  });

  it("reads an .xlsx sheet with a formula and a rich-text cell", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Cover").getCell("A1").value = "Report";
    const ws = wb.addWorksheet("Transactions");
    ws.addRow(["Customer", "Revenue"]);
    ws.addRow(["Acme", 100]);
    ws.addRow([{ richText: [{ text: "Nord" }, { text: "lys AS", font: { italic: true } }] }, { formula: "B2*3", result: 300 }]);
    ws.addRow(["Acme", "50"]);
    ws.addRow([null, 7]);
    const p = join(dir, "book.xlsx");
    await wb.xlsx.writeFile(p);
    const j = await kamJson("analyze", p, "--sheet", "Transactions", "--customer", "Customer", "--value", "Revenue");
    expect(j.rows.map((r) => [r.customer, r.value])).toEqual([
      ["Nordlys AS", 300],
      ["Acme", 150],
    ]);
    expect(j.skippedRows).toBe(1);
    const missing = await kam("analyze", p, "--sheet", "Data", "--customer", "Customer", "--value", "Revenue");
    expectOneLine(missing, 1, 'kam: Sheet "Data" not found in book.xlsx. Available: Cover, Transactions');
  });

  it("uses the first visible sheet without --sheet, not a hidden one before it", async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet("Old", { state: "hidden" });
    hidden.addRow(["Customer", "Sales"]);
    hidden.addRow(["Stale", 999]);
    const ws = wb.addWorksheet("Data");
    ws.addRow(["Customer", "Sales"]);
    ws.addRow(["Fresh", 10]);
    const p = join(dir, "hidden.xlsx");
    await wb.xlsx.writeFile(p);
    expect((await kamJson("analyze", p, "--customer", "Customer", "--value", "Sales")).rows.map((r) => r.customer)).toEqual(["Fresh"]);
    expect((await kamJson("analyze", p, "--sheet", "Old", "--customer", "Customer", "--value", "Sales")).rows.map((r) => r.customer)).toEqual(["Stale"]);
  });

  it("refuses merged customer cells instead of dropping the rows they cover", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    ws.addRow(["Customer", "Sales"]);
    ws.addRow(["A", 10]);
    ws.addRow([null, 20]);
    ws.addRow([null, 30]);
    ws.addRow(["B", 50]);
    ws.mergeCells("A2:A4");
    const p = join(dir, "sales.xlsx");
    await wb.xlsx.writeFile(p);
    const r = await kam("analyze", p, "--customer", "Customer", "--value", "Sales");
    expectOneLine(r, 1, 'kam: sales.xlsx, column "Customer", rows 2–4 are merged cells; unmerge them so every row has its own customer');
  });

  it("refuses text numbers float64 cannot hold, naming the row", async () => {
    const p = file("digits.csv", "Customer,Sales\nX,80000000000000000000\nY,20000000000000000001\n");
    const r = await kam("analyze", p, "--customer", "Customer", "--value", "Sales");
    expectOneLine(r, 1, 'kam: digits.csv, column "Sales", row 3: "20000000000000000001" has more digits than can be computed exactly');
    const tiny = await kam("analyze", file("tiny.csv", "Customer,Sales\nA,1e-400\nB,5\n"), "--customer", "Customer", "--value", "Sales");
    expectOneLine(tiny, 1, 'kam: tiny.csv, column "Sales", row 2: "1e-400" is too small');
  });

  it("reads UTF-16 CSV, a BOM before Windows-1252 text and Excel's sep= line", async () => {
    const u16 = join(dir, "u16.csv");
    writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Customer,Sales\nÆrlig AS,10\n", "utf16le")]));
    expect((await kamJson("analyze", u16, "--customer", "Customer", "--value", "Sales")).rows[0].customer).toBe("Ærlig AS");
    const mixed = join(dir, "mixed.csv");
    writeFileSync(mixed, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Customer,Sales\nK\xf8ben,10\n", "latin1")]));
    expect((await kamJson("analyze", mixed, "--customer", "Customer", "--value", "Sales")).rows[0].customer).toBe("Køben");
    const sep = file("sep.csv", "sep=;\nCustomer;Sales\nA;10\nB;x\n");
    // Row 3 as Excel shows it: Excel hides the sep= line.
    expectOneLine(await kam("analyze", sep, "--customer", "Customer", "--value", "Sales"), 1, 'kam: sep.csv, column "Sales", row 3: "x" is not a number');
  });

  it("names the line where an unclosed quote opens", async () => {
    const p = file("unclosed.csv", 'Customer,Sales\n"A,10\nB,5\n');
    expectOneLine(await kam("analyze", p, "--customer", "Customer", "--value", "Sales"), 1, 'kam: unclosed.csv (line 2): not a readable CSV file: the quote (") that opens on line 2 is never closed');
  });

  it("writes the ABC sheet with --out, customer names as literal text", async () => {
    const p = file("hostile.csv", 'Customer,Sales\n"=HYPERLINK(""http://example.com"",""x"")",10\n+47 22 00 00 00,5\n-10% rabatt,3\n@home AS,-1\n');
    const out = join(dir, "out", "abc.xlsx");
    mkdirSync(join(dir, "out")); // --out writes into an existing folder; a missing one is refused (cli-behaves.test.ts)
    const r = await kam("analyze", p, "--customer", "Customer", "--value", "Sales", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Wrote ${out}`);
    expect(readdirSync(join(dir, "out"))).toEqual(["abc.xlsx"]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("ABC")!;
    expect(ws.getTable("tblABC")).toBeDefined();
    const names = [15, 16, 17, 18].map((row) => ws.getCell(row, 2)); // the table below the summary
    expect(names.map((c) => c.value)).toEqual(['=HYPERLINK("http://example.com","x")', "+47 22 00 00 00", "-10% rabatt", "@home AS"]);
    expect(names.every((c) => c.type === ExcelJS.ValueType.String)).toBe(true);
    expect(ws.getCell("C2").value).toEqual({ formula: 'COUNTIF(tblABC[Class],"A")' });
  });

  it("keeps stdout to one JSON object when --json and --out are combined", async () => {
    const p = file("both.csv", "c,v\na,1\nb,2\n");
    const out = join(dir, "both.xlsx");
    const r = await kam("analyze", p, "--customer", "c", "--value", "v", "--out", out, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).customers).toBe(2);
    expect(existsSync(out)).toBe(true);
  });

  it("refuses to write the output over the input file", async () => {
    const p = await workbook("same.xlsx");
    const before = readFileSync(p);
    const r = await kam("analyze", p, "--customer", "c", "--value", "v", "--out", p);
    expectOneLine(r, 1, "kam: --out same.xlsx is the input file; choose another output name.");
    expect(readFileSync(p).equals(before)).toBe(true);
  });

  it("refuses an output that is the input through a symbolic or hard link", async () => {
    const real = await workbook("real.xlsx");
    const before = readFileSync(real);
    const sym = join(dir, "sym.xlsx");
    const hard = join(dir, "hard.xlsx");
    symlinkSync(real, sym);
    linkSync(real, hard);
    // Reading through the link and writing the real name, and the other way round.
    for (const [input, out, names] of [
      [sym, real, "--out real.xlsx is the input file sym.xlsx under another name (a link)"],
      [real, sym, "--out sym.xlsx is the input file real.xlsx under another name (a link)"],
      [hard, real, "--out real.xlsx is the input file hard.xlsx under another name (a link)"],
    ]) {
      const r = await kam("analyze", input, "--customer", "c", "--value", "v", "--out", out);
      expectOneLine(r, 1, `kam: ${names}; choose another output name.`);
    }
    expect(readFileSync(real).equals(before)).toBe(true);
  });

  it("refuses an --out that is not an .xlsx file as wrong usage, before reading anything", async () => {
    // The tester's case: link.csv → basic.csv, --out basic.csv would put workbook bytes into the CSV.
    const basic = file("basic.csv", "Customer,Sales\nA,10\nB,5\n");
    const link = join(dir, "link.csv");
    symlinkSync(basic, link);
    for (const out of [basic, join(dir, "new.csv"), join(dir, "noext"), join(dir, ".xlsx"), join(dir, "a.xlsx.bak")]) {
      const r = await kam("analyze", link, "--customer", "Customer", "--value", "Sales", "--out", out);
      expectOneLine(r, 2, `--out "${out}": the output is a workbook: give a file name ending in .xlsx (see kam analyze --help)`);
    }
    expect(readFileSync(basic, "utf8")).toBe("Customer,Sales\nA,10\nB,5\n");
    expect(existsSync(join(dir, "new.csv"))).toBe(false);
    const upper = join(dir, "UPPER.XLSX");
    expect((await kam("analyze", link, "--customer", "Customer", "--value", "Sales", "--out", upper)).code).toBe(0);
    expect(existsSync(upper)).toBe(true);
  });

  it("checkOutputPath: the shared check for commands that write a workbook", async () => {
    expect(isXlsxPath("a/b.xlsx")).toBe(true);
    expect(isXlsxPath("B.XlSx")).toBe(true);
    expect(isXlsxPath("b.xls")).toBe(false);
    expect(isXlsxPath("dir.xlsx/")).toBe(true); // basename is dir.xlsx; writing reports a folder
    const input = await workbook("check.xlsx");
    expect(() => checkOutputPath(input, join(dir, "fresh.xlsx"))).not.toThrow();
    expect(() => checkOutputPath(join(dir, "missing.csv"), join(dir, "fresh.xlsx"))).not.toThrow();
    expect(() => checkOutputPath(input, input)).toThrow(expect.objectContaining({ code: "file" }));
    expect(() => checkOutputPath(input, join(dir, "x.csv"))).toThrow(expect.objectContaining({ code: "argument" }));
    expect(() => checkOutputPath(input, relative(process.cwd(), input))).toThrow(/is the input file; choose/);
  });

  it("reports an unwritable output as a file error without leaving a partial file", async () => {
    const p = file("w.csv", "c,v\na,1\n");
    const target = join(dir, "taken.xlsx");
    mkdirSync(join(target, "sub"), { recursive: true }); // --out names an existing folder
    const r = await kam("analyze", p, "--customer", "c", "--value", "v", "--out", target);
    expectOneLine(r, 1, `kam: --out ${target}: is a folder; give a file name ending in .xlsx.`);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
