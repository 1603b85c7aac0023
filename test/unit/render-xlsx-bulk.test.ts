/**
 * Large sheets written past ExcelJS (issue 12, src/render/xlsxBulk.ts) give the file ExcelJS gives:
 * the same ABC sheet written both ways has the same parts with the same XML (the zip's own dates and
 * docProps' timestamps aside), and ExcelJS reads back the same cells, formats and table. Run at 20,000
 * customers (twice the size where the new path takes over by default), and on small sheets with the new path
 * forced (names, currency, Norwegian labels, strings that need escaping), and on a sheet the new path
 * refuses. Not timed: the bench (bench/read.bench.ts) times it.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { abcTable } from "../../src/core/abc";
import type { SheetSpec } from "../../src/plan/spec";
import { renderXlsx, writeWorkbookFile, writeXlsxFile } from "../../src/render/xlsx";
import { BULK_ROWS, bulkBands } from "../../src/render/xlsxBulk";
import { buildAbcSheet } from "../../src/sheets/abc/build";
import { validatePackage } from "../support/ooxml";

const dir = mkdtempSync(join(tmpdir(), "kam-bulk-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An ABC sheet of `n` customers: Zipf-like values, a few losses, keys that need XML escaping or keep spaces. */
function abcSheet(n: number, opts: { names?: boolean; language?: "en" | "nb"; currency?: "NOK" } = {}): SheetSpec {
  const customers = Array.from({ length: n }, (_, i) => (i % 13 === 5 ? ` Kunde & "Sønn" <${i}> ` : i % 17 === 3 ? `O'Brien\u0001${i}` : `C${100000 + i}`));
  const totals = customers.map((_, i) => Math.round(1e8 / (i + 1)) / 100 - (i % 97 === 0 ? 5000 : 0));
  const summary = abcTable(customers, totals, { method: "value", thresholds: [0.8, 0.95], nonpositive: "D" });
  const names = opts.names ? new Map(customers.map((c, i) => [c, i % 3 === 0 ? "" : `Navn ${i}\nlinje 2`])) : undefined;
  return buildAbcSheet(summary, { language: opts.language ?? "en", valueLabel: "Omsetning", thresholds: [0.8, 0.95], method: "value", names, currency: opts.currency });
}

/** The package's parts as text, without what differs between two writes of the same spec (times). */
async function parts(path: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const out = new Map<string, string>();
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const xml = await f.async("string");
    out.set(f.name, f.name === "docProps/core.xml" ? xml.replace(/<dcterms:(created|modified)\b[^>]*>[^<]*</g, "<dcterms:$1>") : xml);
  }
  return out;
}

/**
 * Every cell of every sheet as ExcelJS reads it (value, number format, font, fill, alignment), one JSON line
 * per cell, after the sheet's name, dimensions, print area and tables.
 */
async function cells(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    out.push(JSON.stringify([ws.name, ws.dimensions.range, ws.pageSetup.printArea]));
    for (const t of Object.values((ws as unknown as { tables: Record<string, { model: { name: string; tableRef: string } }> }).tables)) out.push(JSON.stringify([t.model.name, t.model.tableRef]));
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      row.eachCell({ includeEmpty: true }, (c) => out.push(JSON.stringify([r, c.col, c.value, c.numFmt, c.font, c.fill, c.alignment])));
    });
  });
  return out;
}

/** Asserts two lists are equal, showing only the first difference (lists of 300,000 lines make a useless diff). */
function expectSameLines(actual: string[], expected: string[]): void {
  const i = expected.findIndex((x, k) => actual[k] !== x);
  expect({ length: actual.length, first: i < 0 ? undefined : actual[i] }).toEqual({ length: expected.length, first: i < 0 ? undefined : expected[i] });
}

/** Writes `sheet` through today's ExcelJS path and through `writeXlsxFile` (new path above `bulkRows`). */
async function both(sheet: SheetSpec, name: string, bulkRows?: number): Promise<{ old: string; now: string }> {
  const old = join(dir, `${name}-exceljs.xlsx`);
  const now = join(dir, `${name}-bulk.xlsx`);
  await writeWorkbookFile(renderXlsx({ sheets: [sheet] }), old);
  await writeXlsxFile({ sheets: [sheet] }, now, undefined, { bulkRows });
  return { old, now };
}

async function expectSameFile(old: string, now: string): Promise<void> {
  const a = await parts(old);
  const b = await parts(now);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  for (const [name, xml] of a) {
    const other = b.get(name) ?? "";
    let i = 0;
    while (i < xml.length && xml[i] === other[i]) i++;
    // The first difference in context, rather than two strings of 100 MB.
    expect({ name, length: other.length, at: other.slice(i - 100, i + 100) }).toEqual({ name, length: xml.length, at: xml.slice(i - 100, i + 100) });
  }
}

describe("sheets of more than BULK_ROWS rows written past ExcelJS", () => {
  it("an ABC sheet of 20,000 customers is the file ExcelJS writes, part for part and cell for cell", async () => {
    const sheet = abcSheet(20_000);
    expect(sheet.tables[0].rows.length).toBeGreaterThan(BULK_ROWS);
    expect(bulkBands({ sheets: [sheet] })).toHaveLength(1);
    const { old, now } = await both(sheet, "abc50k");
    await expectSameFile(old, now);
    const read = await cells(now);
    expectSameLines(read, await cells(old));
    // The last customer's row is there, with its class.
    const last = read.map((x) => JSON.parse(x) as unknown[]).find((x) => x[0] === 20_000 + 14 && x[1] === 6);
    expect(last?.[2]).toMatch(/^[ABCD]$/);
  });

  it.each([
    ["names, currency, Norwegian", { names: true, language: "nb" as const, currency: "NOK" as const }],
    ["plain", {}],
  ])("a small ABC sheet (%s) forced through the new path gives the same file", async (_label, opts) => {
    const { old, now } = await both(abcSheet(40, opts), `small-${Object.keys(opts).join("-") || "plain"}`, 0);
    await expectSameFile(old, now);
    expectSameLines(await cells(now), await cells(old));
  });

  it("the new path's file passes the OOXML schemas", async () => {
    // Plain keys and names: ExcelJS marks text with a line break or edge spaces xml:space="preserve", as Excel
    // does, which the schema set in ../shared does not declare (the same on either path).
    const customers = Array.from({ length: 60 }, (_, i) => `Kunde & "Sønn" <${i}>`);
    const summary = abcTable(customers, customers.map((_, i) => 100 - i), { method: "value", thresholds: [0.8, 0.95], nonpositive: "D" });
    const names = new Map(customers.map((c, i) => [c, `Navn ${i}`]));
    const sheet = buildAbcSheet(summary, { language: "nb", valueLabel: "Omsetning", thresholds: [0.8, 0.95], method: "value", names });
    const { now } = await both(sheet, "schema", 0);
    const report = await validatePackage(readFileSync(now));
    expect(report.failing).toEqual([]);
    expect(report.validated).toEqual(expect.arrayContaining(["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/tables/table1.xml", "xl/charts/chart1.xml"]));
  });

  it("a sheet whose rows are not laid out alike is left to ExcelJS", () => {
    const sheet = abcSheet(30);
    const withFormula: SheetSpec = { ...sheet, tables: [{ ...sheet.tables[0], columnFormulas: [undefined, undefined, "=1"] }] };
    const withBlockBelow: SheetSpec = { ...sheet, blocks: [...sheet.blocks, { row: sheet.tables[0].row + 5, col: 8, values: [["note"]] }] };
    const withMerge: SheetSpec = { ...sheet, merges: [`H${sheet.tables[0].row + 4}:I${sheet.tables[0].row + 4}`] };
    expect(bulkBands({ sheets: [sheet] }, 0)).toHaveLength(1);
    for (const s of [withFormula, withBlockBelow, withMerge]) expect(bulkBands({ sheets: [s] }, 0)).toEqual([]);
    expect(bulkBands({ sheets: [sheet] })).toEqual([]);
  });
});
