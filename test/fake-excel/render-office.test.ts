/**
 * The Office.js renderer against the strict fake: every kind of spec element, literal user strings,
 * sync counts and payload sizes, refresh in place, user sheets never overwritten, export to .xlsx.
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { toExcelJs } from "../support/fake-excel/exceljs";
import { TAG_KEY, charactersToPoints, renderToExcel, RenderOptions, RenderResult } from "../../src/render/office";
import type { SheetSpec, WorkbookSpec } from "../../src/plan/spec";

const HOSTILE = ['=HYPERLINK("http://example.com","x")', "+47 22 00 00 00", "-10% rabatt", "@home AS", "'quoted", "00123", "TRUE"];

/** An ABC sheet as a plan builder would describe it: title, formula block, table, Pareto chart, … */
function abcSheet(n: number, extra: Partial<SheetSpec> = {}): SheetSpec {
  const rows = Array.from({ length: n }, (_, i) => {
    const name = i < HOSTILE.length ? HOSTILE[i] : `Customer ${String(i + 1).padStart(6, "0")} AS`;
    const revenue = Math.round(1_000_000 / (i + 1)) / 100;
    const cumulative = (i + 1) / n;
    return [name, revenue, null, cumulative, cumulative <= 0.8 ? "A" : cumulative <= 0.95 ? "B" : "C"];
  });
  const first = 5; // 1-based sheet row of the first table data row (header in row 4)
  const last = first + n - 1;
  return {
    name: "ABC",
    id: "kam.abc",
    blocks: [
      { row: 0, col: 0, values: [["ABC analysis"]], bold: true },
      {
        row: 1,
        col: 0,
        values: [["Total revenue", null], ["Customers", null]],
        formulas: [[undefined, "=SUM(tblABC[Revenue])"], [undefined, "=ROWS(tblABC[Customer])"]],
        numberFormats: [undefined, "#,##0.00"],
      },
      { row: 1, col: 7, values: [["Notes: write here"]], owner: "user" },
    ],
    tables: [
      {
        name: "tblABC",
        row: 3,
        col: 0,
        headers: ["Customer", "Revenue", "Share", "Cumulative share", "Class"],
        rows,
        columnFormulas: [undefined, undefined, "=[@Revenue]/SUM([Revenue])"],
        numberFormats: [undefined, "#,##0.00", "0.0%", "0.0%", undefined],
      },
    ],
    charts: [
      {
        title: "Pareto",
        row: 3,
        col: 9,
        widthCols: 8,
        heightRows: 18,
        secondaryAxisPercent: true,
        series: [
          { name: "Revenue", values: `B${first}:B${last}`, categories: `A${first}:A${last}`, type: "column" },
          { name: "Cumulative share", values: `D${first}:D${last}`, categories: `A${first}:A${last}`, type: "line", secondaryAxis: true },
        ],
      },
    ],
    validations: [{ range: `E${first}:E${last}`, kind: "list", list: ["A", "B", "C"] }],
    conditionalFormats: [{ range: `A${first}:E${last}`, formula: `=$E${first}="A"`, fill: "#C6EFCE", fontColor: "#006100" }],
    columnWidths: { 0: 30, 1: 14 },
    freeze: { rows: 4, cols: 1 },
    ...extra,
  };
}

const spec = (n: number, extra: Partial<SheetSpec> = {}): WorkbookSpec => ({ sheets: [abcSheet(n, extra)] });

async function render(s: WorkbookSpec, opts: RenderOptions = {}): Promise<RenderResult> {
  return Excel.run((ctx) => renderToExcel(ctx, s, opts));
}

let wb: FakeWorkbook;
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Data"] });
});
afterAll(() => uninstallFakeExcel());

describe("a 793-row ABC sheet", () => {
  test("values, literal names, formulas, table, chart, validation, conditional format, panes, widths", async () => {
    const progress: [number, number][] = [];
    const result = await render(spec(793), { onProgress: (d, t) => progress.push([d, t]) });

    expect(result.sheets).toEqual([{ id: "kam.abc", wanted: "ABC", name: "ABC", action: "created" }]);
    const sheet = wb.sheet("ABC");

    // Hostile customer names are stored as the literal text, never as formulas or numbers.
    const names = wb.values("ABC", "A5:A11").map((r) => r[0]);
    expect(names).toEqual(HOSTILE);
    expect(wb.formulas("ABC", "A5:A11").map((r) => r[0])).toEqual(HOSTILE);
    expect(sheet.valueTypes({ r0: 4, c0: 0, r1: 796, c1: 0 }).flat().every((t) => t === "String")).toBe(true);
    expect(wb.values("ABC", "A797")).toEqual([["Customer 000793 AS"]]);

    // Blocks: title (bold), formulas with number formats, header row.
    expect(wb.values("ABC", "A1")).toEqual([["ABC analysis"]]);
    expect(sheet.cell(0, 0)?.bold).toBe(true);
    expect(wb.formulas("ABC", "A2:B3")).toEqual([["Total revenue", "=SUM(tblABC[Revenue])"], ["Customers", "=ROWS(tblABC[Customer])"]]);
    expect(wb.numberFormats("ABC", "B2:B3")).toEqual([["#,##0.00"], ["#,##0.00"]]);
    expect(wb.values("ABC", "H2")).toEqual([["Notes: write here"]]);

    // Table: name, range, headers, body values, calculated column, number formats.
    const table = wb.table("tblABC");
    expect(wb.tableAddress("tblABC")).toBe("A4:E797");
    expect(wb.tableHeaders(table)).toEqual(["Customer", "Revenue", "Share", "Cumulative share", "Class"]);
    expect(wb.values("ABC", "B5:B6")).toEqual([[10000], [5000]]);
    expect(wb.formulas("ABC", "C5:C797").every((r) => r[0] === "=[@Revenue]/SUM([Revenue])")).toBe(true);
    expect(wb.numberFormats("ABC", "C5:D5")).toEqual([["0.0%", "0.0%"]]);
    expect(wb.values("ABC", "E5")).toEqual([["A"]]);

    // Pareto chart: columns + cumulative line on a 0–100 % secondary axis.
    expect(sheet.charts).toHaveLength(1);
    const chart = sheet.charts[0];
    expect(chart.title).toBe("Pareto");
    expect(chart.name).toBe("kam:kam.abc:1");
    expect(chart.series.map((s) => ({ name: s.name, type: s.chartType ?? chart.chartType, axis: s.axisGroup, values: s.values && sheet.address(s.values.rect), x: s.xValues && sheet.address(s.xValues.rect) }))).toEqual([
      { name: "Revenue", type: "ColumnClustered", axis: "Primary", values: "ABC!B5:B797", x: "ABC!A5:A797" },
      { name: "Cumulative share", type: "Line", axis: "Secondary", values: "ABC!D5:D797", x: "ABC!A5:A797" },
    ]);
    expect(chart.axes.get("Value/Secondary")).toEqual({ minimum: 0, maximum: 1, numberFormat: "0%" });
    expect(chart.from).toEqual({ r0: 3, c0: 9, r1: 3, c1: 9 });
    expect(chart.to).toEqual({ r0: 20, c0: 16, r1: 20, c1: 16 });

    // Validation, conditional format, frozen panes, widths, tags.
    expect(wb.validationAt("ABC", "E400")?.rule).toEqual({ list: { inCellDropDown: true, source: "A,B,C" } });
    expect(sheet.conditionalFormats).toEqual([expect.objectContaining({ formula: '=$E5="A"', fill: "#C6EFCE", fontColor: "#006100" })]);
    expect(sheet.freeze).toEqual({ rows: 4, cols: 1 });
    expect(sheet.columnWidths.get(0)).toBe(charactersToPoints(30));
    expect(sheet.customProperties.get(TAG_KEY)?.value).toBe("kam.abc");
    expect([...sheet.customProperties.keys()]).toEqual([TAG_KEY]); // no stored addresses
    expect(wb.activeSheet).toBe(sheet);

    // Syncs: 2 reads + 1 write batch by the renderer, + the final (empty) sync of Excel.run.
    expect(result.syncs).toBe(3);
    expect(wb.syncCount).toBe(4);
    expect(wb.maxRequestBytes).toBeLessThan(5_000_000);
    expect(wb.syncs[2]).toMatchObject({ calculationSuspended: true, screenUpdatingSuspended: true });
    expect(progress).toEqual([[0, 1], [1, 1]]);
  });

  test("no range write exceeds 5,000 rows; values are written before formats, tables and formulas", async () => {
    await render(spec(12_000));
    expect(wb.values("ABC", "A12004")).toEqual([["Customer 012000 AS"]]);
    expect(Math.max(...wb.writes.map((w) => w.rows))).toBe(5_000);
    const bodyWrites = wb.writes.filter((w) => w.property === "values" && w.cols === 5).map((w) => w.address);
    expect(bodyWrites).toEqual(["A4:E5003", "A5004:E10003", "A10004:E12004"]);
    const firstFormat = wb.writes.findIndex((w) => w.property === "numberFormat");
    const lastValues = wb.writes.map((w) => w.property).lastIndexOf("values");
    expect(lastValues).toBeLessThan(firstFormat);
    expect(wb.syncs.every((s) => s.requestBytes < 5_000_000)).toBe(true);
  });
});

describe("sync count does not grow with rows", () => {
  const measured: Record<number, { rendererSyncs: number; totalSyncs: number; maxBytes: number; totalBytes: number }> = {};

  afterAll(() => {
    // The numbers the report quotes.
    console.log("render-office sync measurements", JSON.stringify(measured));
  });

  test.each([793, 5_000, 100_000])("%i rows", async (n) => {
    const result = await render(spec(n));
    measured[n] = {
      rendererSyncs: result.syncs,
      totalSyncs: wb.syncCount,
      maxBytes: wb.maxRequestBytes,
      totalBytes: wb.syncs.reduce((s, x) => s + x.requestBytes, 0),
    };
    expect(wb.syncs.every((s) => s.requestBytes < 5_000_000)).toBe(true);
    expect(wb.syncCount).toBeLessThanOrEqual(10);
    // Write syncs follow the data size (each ≥ 3 MB except the last), not the row count.
    expect(result.syncs - 2).toBeLessThanOrEqual(Math.max(1, Math.ceil(measured[n].totalBytes / 3_000_000)));
    expect(wb.values("ABC", `A${4 + n}`)).toEqual([[`Customer ${String(n).padStart(6, "0")} AS`]]);
    if (n <= 5_000) expect(result.syncs).toBe(3);
  }, 120_000);
});

describe("refresh and ownership", () => {
  test("a refresh clears the sheet and writes the complete spec it is given; the table object is kept", async () => {
    await render(spec(793));
    const tableId = wb.table("tblABC").id;
    // The user renames the sheet and types; the caller (the pane) has merged the notes into the spec.
    wb.sheet("ABC").name = "ABC 2024";
    wb.seed("ABC 2024", "H2", [["Call Nordic Foods in May"]]);
    wb.seed("ABC 2024", "T1", [["my own memo"]]);
    wb.resetStats();

    const merged = abcSheet(500);
    merged.blocks.push(
      { row: 1, col: 7, values: [["Call Nordic Foods in May"]], owner: "user" },
      { row: 0, col: 19, values: [["my own memo"]], owner: "user" },
    );
    const result = await render({ sheets: [merged] });
    expect(result.sheets).toEqual([{ id: "kam.abc", wanted: "ABC", name: "ABC 2024", action: "updated" }]);
    expect(result.syncs).toBe(3); // names and tables, tags and table places, writes
    expect(result.tablesKept).toBe(1);
    expect(wb.liveSheets().map((s) => s.name)).toEqual(["Data", "ABC 2024"]);
    const sheet = wb.sheet("ABC 2024");
    expect(wb.values("ABC 2024", "H2")).toEqual([["Call Nordic Foods in May"]]);
    expect(wb.values("ABC 2024", "T1")).toEqual([["my own memo"]]);
    expect(wb.liveTables().map((t) => `${t.name}@${t.sheet.name}`)).toEqual(["tblABC@ABC 2024"]);
    expect(wb.table("tblABC").id).toBe(tableId); // resized, not deleted and added again
    expect(wb.tableAddress("tblABC")).toBe("A4:E504");
    expect(wb.values("ABC 2024", "A505:E505")).toEqual([["", "", "", "", ""]]); // old rows 505…797 cleared
    expect(sheet.usedRect(true)).toEqual({ r0: 0, c0: 0, r1: 503, c1: 19 });
    expect(sheet.charts).toHaveLength(1);
    expect(sheet.charts[0].series[0].values && sheet.address(sheet.charts[0].series[0].values.rect)).toBe("'ABC 2024'!B5:B504");
    expect(sheet.validations).toHaveLength(1);
    expect(sheet.conditionalFormats).toHaveLength(1);
    expect(wb.values("ABC 2024", "A5")).toEqual([[HOSTILE[0]]]);

    // What the spec does not hold is gone: the spec is the sheet's complete contents.
    await render(spec(500));
    expect(wb.values("ABC 2024", "T1")).toEqual([[""]]);
  });

  test("the table is moved back and resized, so a user's formula naming it on another sheet keeps working", async () => {
    await render(spec(40));
    wb.seed("Data", "A1", [["=ROWS(tblABC[Customer])"], ["=SUM(tblABC[Revenue])"]]);
    // Rows inserted above the table, a column before A, a row inside the table.
    await Excel.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("ABC");
      ws.getRange("1:2").insert("Down");
      ws.getRange("A:A").insert("Right");
      ws.getRange("10:10").insert("Down");
      await ctx.sync();
    });
    expect(wb.tableAddress("tblABC")).toBe("B6:F47");
    const result = await render(spec(60));
    expect(result.tablesKept).toBe(1);
    expect(wb.tableAddress("tblABC")).toBe("A4:E64");
    expect(wb.formulas("Data", "A1:A2")).toEqual([["=ROWS(tblABC[Customer])"], ["=SUM(tblABC[Revenue])"]]);
    expect(wb.formulas("ABC", "B2:B3")).toEqual([["=SUM(tblABC[Revenue])"], ["=ROWS(tblABC[Customer])"]]);
    expect(wb.values("ABC", "A1")).toEqual([["ABC analysis"]]);
  });

  test("a table the user renamed is found by its headers and kept; the generated formulas use its name", async () => {
    await render(spec(50));
    wb.table("tblABC").sheet.workbook.renameTable(wb.table("tblABC"), "MySales");
    const result = await render(spec(40));
    expect(result.sheets[0].action).toBe("updated");
    expect(result.renamedTables).toEqual([{ wanted: "tblABC", name: "MySales" }]);
    expect(wb.liveTables().map((t) => t.name)).toEqual(["MySales"]);
    expect(wb.tableAddress("MySales")).toBe("A4:E44");
    expect(wb.formulas("ABC", "B2")).toEqual([["=SUM(MySales[Revenue])"]]);
    expect(wb.sheet("ABC").charts.map((c) => c.name)).toEqual(["kam:kam.abc:1"]);
  });

  test("with the caller's findings, an untagged sheet recognised by content is refreshed, not duplicated", async () => {
    wb.seed("ABC", "A1", [["ABC analysis"]]); // e.g. copied in from a file: no tag
    const result = await render(spec(10), { recognised: { "kam.abc": "ABC" } });
    expect(result.sheets[0]).toMatchObject({ name: "ABC", action: "updated" });
    expect(wb.liveSheets().map((s) => s.name)).toEqual(["Data", "ABC"]);
    expect(wb.sheet("ABC").customProperties.get(TAG_KEY)?.value).toBe("kam.abc");
    // A tagged sheet the caller did not recognise is not refreshed in place (its cells were not merged).
    const again = await render(spec(10), { recognised: {} });
    expect(again.sheets[0]).toMatchObject({ name: "ABC (2)", action: "renamed" });
  });

  test("a user's own sheet named ABC is not overwritten: by default the plan goes to a free name", async () => {
    wb.seed("ABC", "A1", [["my data"]]);
    const asked: string[] = [];
    const result = await render(spec(793), { onConflict: (name) => (asked.push(name), "rename") });
    expect(asked).toEqual(["ABC"]);
    expect(result.renamed).toEqual([{ id: "kam.abc", wanted: "ABC", name: "ABC (2)" }]);
    expect(result.sheets[0]).toMatchObject({ name: "ABC (2)", action: "renamed" });
    expect(wb.values("ABC", "A1:B2")).toEqual([["my data", ""], ["", ""]]);
    expect(wb.sheet("ABC").customProperties.size).toBe(0);
    expect(wb.values("ABC (2)", "A5")).toEqual([[HOSTILE[0]]]);

    // Without a callback the default is the same; a second render then updates "ABC (2)".
    const again = await render(spec(10));
    expect(again.sheets[0]).toMatchObject({ name: "ABC (2)", action: "updated" });
    expect(wb.values("ABC", "A1")).toEqual([["my data"]]);
  });

  test("cancel skips the sheet; overwrite (with consent) clears and takes it over", async () => {
    wb.seed("ABC", "A1", [["my data"]]);
    const cancelled = await render(spec(20), { onConflict: async () => "cancel" as const });
    expect(cancelled.skipped).toEqual([{ id: "kam.abc", wanted: "ABC" }]);
    expect(wb.liveSheets().map((s) => s.name)).toEqual(["Data", "ABC"]);
    expect(wb.values("ABC", "A1")).toEqual([["my data"]]);

    wb.seed("ABC", "Z99", [["stray"]]);
    const overwritten = await render(spec(20), { onConflict: () => "overwrite" });
    expect(overwritten.sheets[0]).toMatchObject({ name: "ABC", action: "overwritten" });
    expect(wb.values("ABC", "A1")).toEqual([["ABC analysis"]]);
    expect(wb.values("ABC", "Z99")).toEqual([[""]]);
    expect(wb.sheet("ABC").customProperties.get(TAG_KEY)?.value).toBe("kam.abc");
  });

  test("a table name taken by the user's table elsewhere gets a free name", async () => {
    wb.seed("Data", "A1", [["x"], [1]]);
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.tables.add(s.getRange("A1:A2"), true).name = "tblABC";
    });
    const result = await render(spec(30));
    expect(result.renamedTables).toEqual([{ wanted: "tblABC", name: "tblABC_2" }]);
    expect(wb.table("tblABC").sheet.name).toBe("Data");
    expect(wb.table("tblABC_2").sheet.name).toBe("ABC");
  });

  test("hidden sheets are hidden; sheet names are sanitised", async () => {
    const result = await render({ sheets: [abcSheet(5, { name: "Kunder: A/B?", id: "kam.x" }), abcSheet(5, { name: "Data", id: "kam.h", hidden: true, tables: [], charts: [] })] });
    expect(result.sheets.map((s) => [s.wanted, s.name, s.action])).toEqual([
      ["Kunder_ A_B_", "Kunder_ A_B_", "created"],
      ["Data", "Data (2)", "renamed"],
    ]);
    expect(wb.sheet("Data (2)").visibility).toBe("Hidden");
  });
});

describe("export", () => {
  test("toExcelJs writes a file ExcelJS reads back with literal names, formulas, table and validation", async () => {
    await render(spec(793));
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "kam-render-"));
    const file = path.join(dir, "abc.xlsx");
    await toExcelJs(wb).xlsx.writeFile(file);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    const ws = back.getWorksheet("ABC")!;
    for (let i = 0; i < HOSTILE.length; i++) expect(ws.getCell(`A${5 + i}`).value).toBe(HOSTILE[i]);
    expect(ws.getCell("B3").value).toMatchObject({ formula: "ROWS(tblABC[Customer])" });
    // The UI shorthand [@Revenue] is written in the file's qualified form, which LibreOffice calculates.
    expect(ws.getCell("C5").value).toMatchObject({ formula: "tblABC[[#This Row],[Revenue]]/SUM(tblABC[Revenue])" });
    expect(ws.getCell("B5").value).toBe(10000);
    expect(ws.getCell("E600").dataValidation).toMatchObject({ type: "list", formulae: ['"A,B,C"'] });
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 4 });
    expect(Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables)).toEqual(["tblABC"]);
  });
});

describe("print setup and alignment", () => {
  it("applies the page setup, the title header and page-number footer, and header alignment as Excel takes them", async () => {
    const sheet = abcSheet(20, {
      print: { paper: "A4", orientation: "landscape", fitToWidth: true, area: "A1:E24", repeatRows: [3, 3], title: "R&D", pageNumbers: "Page {page} of {pages}" },
    });
    sheet.blocks.push({ row: 2, col: 1, values: [["Revenue", "Share"]], align: ["right", "center"] });
    sheet.tables[0].headerAlign = [undefined, "right", "right"];
    await render({ sheets: [sheet] });
    const ws = wb.sheet("ABC");
    expect(ws.pageLayout).toEqual({
      orientation: "Landscape",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printArea: "A1:E24",
      printTitleRows: "$4:$4",
      headerFooter: { centerHeader: "&BR&&D", centerFooter: "Page &P of &N" },
    });
    expect([ws.cell(2, 1)?.hAlign, ws.cell(2, 2)?.hAlign]).toEqual(["Right", "Center"]);
    expect([ws.cell(3, 0)?.hAlign, ws.cell(3, 1)?.hAlign, ws.cell(3, 2)?.hAlign]).toEqual([undefined, "Right", "Right"]);
  });
});
