import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { KamError } from "../../src/core/errors";
import { readXlsxBuffer, readXlsxFile } from "../../src/read/xlsx";

const dir = mkdtempSync(join(tmpdir(), "kam-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function workbookFile(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Notes").getCell("A1").value = "not the data";
  const ws = wb.addWorksheet("Data");
  ws.addRow(["Customer", "Sales", "Extra"]);
  ws.addRow(["Acme", 100.5, true]);
  ws.addRow([{ richText: [{ text: "Nord" }, { text: "lys", font: { bold: true } }] }, { formula: "B2*2", result: 201 }, null]);
  ws.addRow(["Err", { error: "#DIV/0!" }, new Date(Date.UTC(2024, 0, 31))]);
  ws.addRow(["NoCache", { formula: "1+1" }, { text: "site", hyperlink: "https://example.com" }]);
  ws.addRow(["Merged", 7, null]);
  ws.addRow([null, null, null]);
  ws.mergeCells("B6:C6");
  ws.addRow(["=HYPERLINK(\"x\")", "1 234,50", { formula: "1/0", result: { error: "#DIV/0!" } }]);
  ws.addRow(["Zero", { formula: "1-1" }, { formula: "1>2" }]);
  // ExcelJS drops falsy results when a value is set; put them in the model so the file has <v>0</v>.
  (ws.getCell("B9") as unknown as { _value: { result: unknown } })._value.result = 0;
  (ws.getCell("C9") as unknown as { _value: { result: unknown } })._value.result = false;
  const p = join(dir, "book.xlsx");
  await wb.xlsx.writeFile(p);
  return p;
}

describe("readXlsxFile", () => {
  let path: string;
  beforeAll(async () => {
    path = await workbookFile();
  });

  it("maps every kind of cell", async () => {
    const grid = await readXlsxFile(path, "Data");
    expect(grid[0]).toEqual(["Customer", "Sales", "Extra"]);
    expect(grid[1]).toEqual(["Acme", 100.5, true]);
    expect(grid[2]).toEqual(["Nordlys", 201, null]); // rich text → plain, formula → cached result
    expect(grid[3][1]).toEqual({ error: "#DIV/0!" });
    expect(grid[3][2]).toEqual(new Date(Date.UTC(2024, 0, 31)));
    expect(grid[4][1]).toEqual({ error: "#N/A", formula: "1+1" }); // formula without a saved result
    expect(grid[4][2]).toBe("site");
    expect(grid[5]).toEqual(["Merged", 7, { mergedFrom: "B6" }]); // C6 is covered by the merge: not a second 7
    expect(grid[6]).toEqual([null, null, null]);
    expect(grid[7]).toEqual(['=HYPERLINK("x")', "1 234,50", { error: "#DIV/0!" }]);
    expect(grid[8]).toEqual(["Zero", 0, false]); // falsy cached results are results, not "uncalculated"
  });

  it("reads the first sheet when no sheet is named", async () => {
    expect(await readXlsxFile(path)).toEqual([["not the data"]]);
  });

  it("finds a sheet case-insensitively", async () => {
    expect((await readXlsxFile(path, "data"))[0]).toEqual(["Customer", "Sales", "Extra"]);
  });

  it("lists the sheets when the named one is missing", async () => {
    await expect(readXlsxFile(path, "Sales")).rejects.toThrow('Sheet "Sales" not found in book.xlsx. Available: Notes, Data');
  });

  it("reports a missing file and a non-xlsx file as file errors", async () => {
    await expect(readXlsxFile(join(dir, "none.xlsx"))).rejects.toThrow("Cannot read none.xlsx: no such file.");
    const fake = join(dir, "fake.xlsx");
    writeFileSync(fake, "Customer,Sales\n");
    const err = await readXlsxFile(fake).catch((e) => e);
    expect(err).toBeInstanceOf(KamError);
    expect(err.code).toBe("file");
    expect(err.message).toBe("Cannot read fake.xlsx: not a readable .xlsx workbook.");
  });

  it("marks every cell covered by a merge with the merge's top-left cell", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    ws.addRow(["Customer", "Sales"]);
    ws.addRow(["A", 10]);
    ws.addRow([null, 20]);
    ws.addRow([null, 30]);
    ws.addRow(["B", 50]);
    ws.mergeCells("A2:A4");
    const grid = await readXlsxBuffer((await wb.xlsx.writeBuffer()) as ArrayBuffer, undefined, "sales.xlsx");
    expect(grid).toEqual([
      ["Customer", "Sales"],
      ["A", 10],
      [{ mergedFrom: "A2" }, 20],
      [{ mergedFrom: "A2" }, 30],
      ["B", 50],
    ]);
  });

  it("reads the first visible sheet when no sheet is named, and a hidden one on request", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Secret", { state: "hidden" }).addRow(["x"]);
    wb.addWorksheet("Lookup", { state: "veryHidden" }).addRow(["y"]);
    wb.addWorksheet("Data").addRow(["Customer", "Sales"]);
    const bytes = (await wb.xlsx.writeBuffer()) as ArrayBuffer;
    expect(await readXlsxBuffer(bytes)).toEqual([["Customer", "Sales"]]);
    expect(await readXlsxBuffer(bytes, "Secret")).toEqual([["x"]]);
    expect(await readXlsxBuffer(bytes, "lookup")).toEqual([["y"]]);
  });

  it("reads from a buffer too", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").addRow(["a", 1]);
    const bytes = await wb.xlsx.writeBuffer();
    expect(await readXlsxBuffer(bytes as ArrayBuffer)).toEqual([["a", 1]]);
  });
});
