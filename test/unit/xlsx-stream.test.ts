/**
 * The streaming .xlsx read path (src/read/stream/xlsxFile.ts) against the whole-file path (readXlsxSheet →
 * readAbcInput → aggregateByKey): the same customers, totals, classes, skipped rows and errors, on the
 * sample workbook, on the data sets of ../shared/data saved as .xlsx by ExcelJS (both writers) and by
 * LibreOffice, and on sheets built for each edge case (table Total rows, merges, formula results, dates,
 * rich text, escapes, sheet choice). Each case also says whether the stream had to read the file whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { abcTable } from "../../src/core/abc";
import type { AbcInputOptions } from "../../src/core/input";
import { parseCsv, readCsvFile } from "../../src/read/csv";
import { type StreamedAbc, gridAbc } from "../../src/read/stream/abcRows";
import { readAbcFile } from "../../src/read/stream/abcFile";
import { streamXlsxAbc } from "../../src/read/stream/xlsxFile";
import { readXlsxSheet } from "../../src/read/xlsx";
import { libreOfficeConvert, sofficePath } from "../support/libreoffice";

const DATA = resolve(__dirname, "../../../shared/data");
const SAMPLE = resolve(__dirname, "../../assets/kam-sample.xlsx");
const dir = mkdtempSync(join(tmpdir(), "kam-xlsx-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { ok: StreamedAbc } | { error: string };

async function outcome(read: () => Promise<StreamedAbc>): Promise<Outcome> {
  try {
    return { ok: await read() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Both paths on one file; `whole` is the reason the stream read the file whole, if it did. */
async function both(path: string, options: AbcInputOptions, sheet?: string): Promise<{ streamed: Outcome; grid: Outcome; whole?: string }> {
  let whole: string | undefined;
  const streamed = await outcome(() => streamXlsxAbc(path, sheet, options, (why) => (whole = why)));
  const grid = await outcome(async () => {
    const { grid: cells, tableTotalsRows } = await wholeSheet(path, sheet);
    return gridAbc(cells, { ...options, tableTotalsRows });
  });
  return { streamed, grid, whole };
}

/** The whole-file reader's sheet, read once per file and sheet (the slow part of these tests). */
const sheets = new Map<string, ReturnType<typeof readXlsxSheet>>();
function wholeSheet(path: string, sheet?: string): ReturnType<typeof readXlsxSheet> {
  const key = `${path}\u0000${sheet ?? ""}`;
  if (!sheets.has(key)) sheets.set(key, readXlsxSheet(path, sheet));
  return sheets.get(key) as ReturnType<typeof readXlsxSheet>;
}

function opts(customer: string, value: string, source = "book.xlsx"): AbcInputOptions {
  return { customer, value, locale: "en-US", source };
}

/** A CSV grid as typed cells: plain decimals become numbers, the rest stays text (as a person would paste it). */
function typed(grid: unknown[][]): unknown[][] {
  return grid.map((row) => row.map((cell) => (typeof cell === "string" && /^-?\d+(\.\d+)?$/.test(cell) && cell.length < 16 ? Number(cell) : cell)));
}

async function writeBook(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

const DATA_CASES: [string, string, string][] = [
  ["superstore_sample", "Customer ID", "Sales"],
  ["superstore_sample", "Customer Name", "Profit"],
  ["online_retail_sample_20k", "CustomerID", "UnitPrice"],
  ["online_retail_sample_20k", "Country", "Quantity"],
  ["northwind_orders", "customer_id", "freight"],
  ["northwind_order_details", "order_id", "unit_price"],
];

describe("streamed .xlsx = whole-file .xlsx on the sample workbook and ../shared/data", () => {
  const files = new Map<string, string>();
  beforeAll(async () => {
    for (const name of new Set(DATA_CASES.map(([f]) => f))) {
      const rows = typed(readCsvFile(join(DATA, `${name}.csv`)));
      // The in-memory writer (shared strings) …
      files.set(`${name}:shared`, await writeBook(`${name}.xlsx`, (wb) => wb.addWorksheet("Data").addRows(rows)));
      // … and the streaming writer (inline strings), as the bench file is made.
      const path = join(dir, `${name}-inline.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
      const ws = wb.addWorksheet("Data");
      for (const row of rows) ws.addRow(row).commit();
      ws.commit();
      await wb.commit();
      files.set(`${name}:inline`, path);
    }
  }, 120_000);

  it("reads the sample workbook as the whole-file reader does", async () => {
    const r = await both(SAMPLE, opts("Kunde", "Omsetning", "kam-sample.xlsx"), "Transactions");
    expect(r.whole).toBeUndefined();
    expect(r.streamed).toEqual(r.grid);
    expect("ok" in r.streamed && r.streamed.ok.customers.length).toBeGreaterThan(20);
  });

  it.each(DATA_CASES)("%s by %s, %s: same customers, totals, classes and skipped rows (both ExcelJS writers)", async (name, customer, value) => {
    for (const kind of ["shared", "inline"]) {
      const r = await both(files.get(`${name}:${kind}`) as string, opts(customer, value));
      expect(r.whole).toBeUndefined();
      expect(r.streamed).toEqual(r.grid);
      if (!("ok" in r.streamed) || !("ok" in r.grid)) throw new Error(`failed: ${JSON.stringify(r.streamed)}`);
      expect(abcTable(r.streamed.ok.customers, r.streamed.ok.totals)).toEqual(abcTable(r.grid.ok.customers, r.grid.ok.totals));
      expect(r.streamed.ok.customers.length).toBeGreaterThan(5);
    }
  });

  const lo = sofficePath() ? it : it.skip;
  lo("a file LibreOffice wrote (its own shared strings, styles and row attributes) reads the same", async () => {
    const out = join(dir, "lo");
    const [store] = await libreOfficeConvert(join(DATA, "superstore_sample.csv"), { outDir: out });
    const cases: [string, string, string][] = [
      [store, "Customer ID", "Sales"],
      [store, "Order Date", "Profit"],
      [store, "Customer Name", "Ship Date"], // a date where a number belongs: the same error
    ];
    for (const [path, customer, value] of cases) {
      const r = await both(path, opts(customer, value));
      expect(r.whole).toBeUndefined();
      expect(r.streamed).toEqual(r.grid);
    }
    const read = await both(store, opts("Customer ID", "Sales"));
    expect("ok" in read.streamed && read.streamed.ok.customers.length).toBeGreaterThan(500);
  }, 180_000);
});

describe("streamed .xlsx: edge cases as the whole-file path", () => {
  it("skips and reports an Excel table's Total row without reading the file whole", async () => {
    const path = await writeBook("table.xlsx", (wb) => {
      const ws = wb.addWorksheet("Sales");
      ws.addTable({
        name: "Sales",
        ref: "A1",
        headerRow: true,
        totalsRow: true,
        columns: [
          { name: "Customer", totalsRowLabel: "Total" },
          { name: "Amount", totalsRowFunction: "sum" },
        ],
        rows: [
          ["A", 10],
          ["B", 20],
          ["A", 5],
        ],
      });
    });
    const r = await both(path, opts("Customer", "Amount"));
    expect(r.whole).toBeUndefined();
    expect(r.streamed).toEqual(r.grid);
    expect("ok" in r.streamed && r.streamed.ok.totalRows).toEqual([expect.objectContaining({ key: "Total", row: 5, kind: "table" })]);
    expect("ok" in r.streamed && r.streamed.ok.customers).toEqual(["A", "B"]);
  });

  it("takes a trailing grand-total row back out and counts placeholders by kind", async () => {
    const path = await writeBook("trailing.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.addRows([["Kunde", "Sum"], ["A", 10.1], ["B", 20.25], ["NA", 3], [{ error: "#N/A" }, 4], [null, 5], ["  ", 6], ["A", 5], ["Total", 35.35]]);
    });
    const r = await both(path, opts("Kunde", "Sum"));
    expect(r.whole).toBeUndefined();
    expect(r.streamed).toEqual(r.grid);
    expect("ok" in r.streamed && r.streamed.ok.skipped).toEqual({ NA: 1, "#N/A": 1, empty: 2 });
    expect("ok" in r.streamed && r.streamed.ok.totalRows).toHaveLength(1);
  });

  it("reads formula results (0, FALSE, text, errors), booleans, dates, rich text and escapes as the whole-file reader", async () => {
    for (const date1904 of [false, true]) {
      const path = await writeBook(`cells-${date1904}.xlsx`, (wb) => {
        wb.properties.date1904 = date1904;
        const ws = wb.addWorksheet("Data");
        ws.addRow(["Customer", "Sales", "When"]);
        ws.addRow([{ richText: [{ text: "Nord" }, { text: "lys", font: { bold: true } }] }, { formula: "2*3", result: 6 }, new Date(Date.UTC(2024, 0, 31))]);
        ws.addRow([new Date(Date.UTC(2023, 5, 1, 12)), 7.25, null]);
        ws.addRow([true, 1, null]);
        ws.addRow([12345, 2, null]);
        ws.addRow([{ formula: 'LOWER("ACME")', result: "acme" }, { formula: "1-1" }, null]);
        ws.addRow(["A & B <Co> \"q\" 'x'", "3.5", null]);
        ws.addRow(["Line_x000D_break", -1, null]);
        ws.addRow([{ formula: "1>2" }, 4, null]);
        ws.addRow(["ACME ", "1 000", null]);
        // ExcelJS drops falsy results when a value is set; put them in the model so the file has <v>0</v>, <v>0</v>.
        (ws.getCell("B6") as unknown as { _value: { result: unknown } })._value.result = 0;
        (ws.getCell("A9") as unknown as { _value: { result: unknown } })._value.result = false;
        ws.getCell("C2").numFmt = "yyyy-mm-dd";
        ws.getCell("A3").numFmt = "dd.mm.yyyy hh:mm";
      });
      const r = await both(path, { ...opts("Customer", "Sales"), locale: "nb-NO" });
      expect(r.whole).toBeUndefined();
      expect(r.streamed).toEqual(r.grid);
      expect("ok" in r.streamed && r.streamed.ok.customers).toContain("acme");
      expect("ok" in r.streamed && r.streamed.ok.customers).toContain("2023-06-01T12:00:00.000Z");
    }
  });

  const errorCases: [string, unknown[][]][] = [
    ["an error value as value", [["Customer", "Sales"], ["A", 1], ["B", { error: "#DIV/0!" }]]],
    ["an error value as key", [["Customer", "Sales"], ["A", 1], [{ error: "#REF!" }, 2]]],
    ["a formula without a saved result", [["Customer", "Sales"], ["A", 1], ["B", { formula: "1+1" }]]],
    ["text as value", [["Customer", "Sales"], ["A", "x"]]],
    ["a date as value", [["Customer", "Sales"], ["A", new Date(Date.UTC(2024, 0, 1))]]],
    ["a blank value", [["Customer", "Sales"], ["A", 1], ["B", null, "note"]]],
    ["a missing column", [["Customer", "Amount"], ["A", 1]]],
    ["a doubled column", [["Customer", "Sales", "Sales"], ["A", 1, 2]]],
    ["no data rows", [["Customer", "Sales"], ["NA", 1]]],
    ["an empty sheet", []],
  ];
  it.each(errorCases)("%s: the same error", async (name, rows) => {
    const path = await writeBook(`${name.replace(/\W/g, "_")}.xlsx`, (wb) => wb.addWorksheet("S").addRows(rows));
    const r = await both(path, opts("Customer", "Sales"));
    expect("error" in r.streamed).toBe(true);
    expect(r.streamed).toEqual(r.grid);
    expect(r.whole).toBeUndefined();
  });

  it("reads a sheet with merged key cells whole, so the merge is refused as before", async () => {
    const path = await writeBook("merged-key.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.addRows([["Customer", "Sales"], ["A", 10], [null, 20], [null, 30], ["B", 50]]);
      ws.mergeCells("A2:A4");
    });
    const r = await both(path, opts("Customer", "Sales"));
    expect(r.whole).toBe("a merge in the customer or value column");
    expect(r.streamed).toEqual(r.grid);
    expect("error" in r.streamed && r.streamed.error).toMatch(/merged/i);
  });

  it("keeps the stream's result for merges outside the mapped columns; reads whole for a merge in the header row or beside skipped blank keys", async () => {
    const path = await writeBook("merged-value.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.addRows([["Customer", "Sales", "Note"], ["A", 10], ["B", 5, "x"], ["C", 7]]);
      ws.mergeCells("B3:C3"); // C3 is covered: not the value column, so no error …
      ws.mergeCells("B4:B4");
    });
    const r = await both(path, opts("Customer", "Sales"));
    expect(r.streamed).toEqual(r.grid);
    // … and no blank keys: the stream's own result stands.
    expect(r.whole).toBeUndefined();
    const header = await writeBook("merged-header.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.addRows([["Customer", "Sales", null], ["A", 10, 1], ["B", 5, 2]]);
      ws.mergeCells("B1:C1");
    });
    const h = await both(header, opts("Customer", "Sales"));
    expect(h.whole).toBe("a merge in or above the header row");
    expect(h.streamed).toEqual(h.grid);
    const beside = await writeBook("merged-beside.xlsx", (wb) => {
      const ws = wb.addWorksheet("S");
      ws.addRows([["Customer", "Sales", "Note", "More"], ["A", 10], [null, null, "n", null], ["B", 5]]);
      ws.mergeCells("C3:D3");
    });
    const b = await both(beside, opts("Customer", "Sales"));
    expect(b.whole).toBe("a merge beside rows with a blank customer");
    expect(b.streamed).toEqual(b.grid);
  });

  it("chooses the sheet as the whole-file reader: first visible, a hidden one by name, any case; lists the sheets otherwise", async () => {
    const path = await writeBook("sheets.xlsx", (wb) => {
      wb.addWorksheet("Secret", { state: "hidden" }).addRows([["Customer", "Sales"], ["hidden", 1]]);
      wb.addWorksheet("Data").addRows([["Customer", "Sales"], ["visible", 2]]);
    });
    for (const sheet of [undefined, "Secret", "data", "Nope"]) {
      const r = await both(path, opts("Customer", "Sales", "sheets.xlsx"), sheet);
      expect(r.streamed).toEqual(r.grid);
    }
    const first = await streamXlsxAbc(path, undefined, opts("Customer", "Sales"));
    expect(first.customers).toEqual(["visible"]);
    await expect(streamXlsxAbc(path, "Nope", opts("Customer", "Sales"))).rejects.toThrow('Sheet "Nope" not found in sheets.xlsx. Available: Secret, Data');
  });

  it("says a missing file and a file that is no workbook as the whole-file reader says them", async () => {
    const fake = join(dir, "fake.xlsx");
    writeFileSync(fake, "Customer,Sales\nA,1\n");
    for (const path of [join(dir, "none.xlsx"), fake]) {
      const r = await both(path, opts("Customer", "Sales"));
      expect("error" in r.streamed).toBe(true);
      expect(r.streamed).toEqual(r.grid);
    }
  });

  it("is the path kam analyze takes for .xlsx", async () => {
    const path = await writeBook("route.xlsx", (wb) => wb.addWorksheet("S").addRows([["Customer", "Sales"], ["A", 1], ["B", 2]]));
    const readGrid = jest.fn();
    const r = await readAbcFile(path, undefined, opts("Customer", "Sales"), readGrid);
    expect(readGrid).not.toHaveBeenCalled();
    expect(r.customers).toEqual(["A", "B"]);
  });

  it("reads a sheet split at every piece boundary the same (rows cut between inflated pieces)", async () => {
    const rows = typed(parseCsv("Customer,Sales\n" + Array.from({ length: 30_000 }, (_, i) => `C${i % 977},${(i % 101) / 4}`).join("\n")));
    const path = await writeBook("many.xlsx", (wb) => wb.addWorksheet("S").addRows(rows));
    const r = await both(path, opts("Customer", "Sales"));
    expect(r.whole).toBeUndefined();
    expect(r.streamed).toEqual(r.grid);
  });
});
