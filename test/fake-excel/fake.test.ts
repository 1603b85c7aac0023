/**
 * The strict Excel fake itself: every rule it enforces is proven here, through the same typed
 * `Excel.run` API the add-in uses (types from @types/office-js).
 */
import { promises as fs } from "fs";
import os from "os";
import path from "path";
import ExcelJS from "exceljs";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { qualifyStructuredRefs, toExcelJs } from "../support/fake-excel/exceljs";
import { excelLiteral } from "../../src/render/cells";

let wb: FakeWorkbook;
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Data"] });
});
afterAll(() => uninstallFakeExcel());

/** Run a batch and return the error it rejects with (or fail). */
async function failure(batch: (ctx: Excel.RequestContext) => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await Excel.run(batch);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected the batch to fail");
}

describe("proxies and sync", () => {
  test("reading a property that was not loaded throws PropertyNotLoaded; after load + sync it is readable", async () => {
    wb.seed("Data", "A1", [[1, 2]]);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1:B1");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      r.load("values");
      expect(() => r.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" })); // not before sync
      expect(() => r.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(r.values).toEqual([[1, 2]]);
      expect(() => r.address).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" })); // only what was loaded
    });
  });

  test("writes are queued and applied only at sync; a loaded value is a snapshot", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1");
      r.values = [[42]];
      expect(wb.values("Data", "A1")).toEqual([[""]]);
      r.load("values");
      await ctx.sync();
      expect(wb.values("Data", "A1")).toEqual([[42]]);
      expect(r.values).toEqual([[42]]);
      wb.seed("Data", "A1", [[7]]);
      expect(r.values).toEqual([[42]]);
    });
  });

  test("getItem of a missing sheet fails with ItemNotFound at sync, not before", async () => {
    const err = await failure(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Nope");
      s.getRange("A1").values = [[1]]; // queued without error
      await ctx.sync();
    });
    expect(err.code).toBe("ItemNotFound");
  });

  test("getItemOrNullObject: isNullObject readable after sync only; null objects read as undefined", async () => {
    await Excel.run(async (ctx) => {
      const missing = ctx.workbook.worksheets.getItemOrNullObject("Nope");
      const present = ctx.workbook.worksheets.getItemOrNullObject("data");
      missing.load("name");
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(missing.isNullObject).toBe(true);
      expect(missing.name).toBeUndefined();
      expect(present.isNullObject).toBe(false);
    });
  });

  test("a failing operation stops the sync: earlier writes stay, later ones are dropped", async () => {
    const err = await failure(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.getRange("A1").values = [[1]];
      s.getRange("A2:B2").values = [[1]]; // wrong shape
      s.getRange("A3").values = [[3]];
      await ctx.sync();
    });
    expect(err.code).toBe("InvalidArgument");
    expect(wb.values("Data", "A1:A3")).toEqual([[1], [""], [""]]);
  });

  test("read-only properties have no setter", async () => {
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1") as unknown as { address: string };
      expect(() => (r.address = "B2")).toThrow(TypeError);
    });
  });

  test("collections load items and navigation paths", async () => {
    wb.addSheet("Second");
    await Excel.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/name");
      expect(() => sheets.items).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await ctx.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["Data", "Second"]);
      expect(() => sheets.items[0].visibility).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      const both = ctx.workbook.worksheets.load("items/name,items/visibility");
      await ctx.sync();
      expect(both.items.map((s) => [s.name, s.visibility])).toEqual([["Data", "Visible"], ["Second", "Visible"]]);
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1").load("format/font/bold, worksheet/name");
      await ctx.sync();
      expect(r.format.font.bold).toBe(false);
      expect(r.worksheet.name).toBe("Data");
    });
  });

  test("Excel.run syncs once at the end, requires a promise, and ends the context", async () => {
    let saved: Excel.RequestContext | undefined;
    await Excel.run(async (ctx) => {
      saved = ctx;
      ctx.workbook.worksheets.getItem("Data").getRange("B2").values = [["x"]];
    });
    expect(wb.syncCount).toBe(1);
    expect(wb.values("Data", "B2")).toEqual([["x"]]);
    await expect(saved!.sync()).rejects.toMatchObject({ code: "InvalidRequestContext" });
    await expect(Excel.run((() => 1) as unknown as () => Promise<number>)).rejects.toMatchObject({ code: "RunMustReturnPromise" });
  });
});

describe("shapes", () => {
  test.each([
    ["values", [[1, 2, 3]]],
    ["values", [[1, 2], [3, 4], [5, 6]]],
    ["values", [[1, 2], [3]]],
    ["values", 5],
    ["formulas", [["=1"], ["=2"]]],
    ["numberFormat", [["0.0"]]],
  ])("%s with the wrong shape for A1:B2 → InvalidArgument (%j)", async (prop, data) => {
    const err = await failure(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A1:B2") as unknown as Record<string, unknown>;
      r[prop] = data;
      await ctx.sync();
    });
    expect(err.code).toBe("InvalidArgument");
    expect(err.message).toMatch(/doesn't match the size/);
  });

  test("non-finite numbers and objects are rejected", async () => {
    for (const bad of [NaN, Infinity, { a: 1 }]) {
      const err = await failure(async (ctx) => {
        ctx.workbook.worksheets.getItem("Data").getRange("A1").values = [[bad]];
        await ctx.sync();
      });
      expect(err.code).toBe("InvalidArgument");
    }
  });
});

describe("sheet names", () => {
  const bad = ["", "x".repeat(32), "a:b", "a\\b", "a/b", "a?b", "a*b", "a[b", "a]b", "'lead", "trail'", "History", "history", "DATA"];
  test.each(bad)("worksheets.add(%j) → InvalidArgument", async (name) => {
    const err = await failure(async (ctx) => {
      ctx.workbook.worksheets.add(name);
      await ctx.sync();
    });
    expect(err.code).toBe("InvalidArgument");
  });

  test("renaming follows the same rules; 31 characters and inner apostrophes are fine", async () => {
    const err = await failure(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").name = "Bad/Name";
      await ctx.sync();
    });
    expect(err.code).toBe("InvalidArgument");
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.add("x".repeat(31));
      ctx.workbook.worksheets.getItem("Data").name = "Kunde's data";
    });
    expect(wb.liveSheets().map((s) => s.name)).toEqual(["Kunde's data", "x".repeat(31)]);
  });
});

describe("what Excel does with written strings", () => {
  const write = async (input: unknown[][]): Promise<void> =>
    Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange(`A1:A${input.length}`).values = input;
    });

  test("strings that look like formulas or numbers are parsed, as in Excel", async () => {
    await write([["=1+1"], ["+47 22 00 00 00"], ["00123"], ["1,234"], ["12%"], ["TRUE"], ["#N/A"], ["2024-01-31"], ["-10"]]);
    const f = wb.formulas("Data", "A1:A9").map((r) => r[0]);
    expect(f.slice(0, 2)).toEqual(["=1+1", "=+47 22 00 00 00"]);
    expect(wb.values("Data", "A3:A9").map((r) => r[0])).toEqual([123, 1234, 0.12, true, "#N/A", 45322, -10]);
    expect(wb.sheet("Data").valueTypes({ r0: 6, c0: 0, r1: 6, c1: 0 })).toEqual([["Error"]]);
  });

  test("a text that turns into a formula naming something undefined is refused: -10% rabatt, @home AS", async () => {
    for (const text of ["-10% rabatt", "@home AS"]) {
      const err = await failure(async (ctx) => {
        ctx.workbook.worksheets.getItem("Data").getRange("A1").values = [[text]];
        await ctx.sync();
      });
      expect(err).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/not defined/) });
    }
    expect(wb.formulas("Data", "A1")).toEqual([[""]]);
  });

  test("a leading apostrophe marks text and is consumed: excelLiteral() round-trips any string", async () => {
    const hostile = ['=HYPERLINK("http://example.com","x")', "+47 22 00 00 00", "-10% rabatt", "@home AS", "00123", "TRUE", "'quoted", "#N/A", "1/2/2024", " "];
    await write(hostile.map((s) => [excelLiteral(s)]));
    expect(wb.values("Data", `A1:A${hostile.length}`).map((r) => r[0])).toEqual(hostile);
    expect(wb.formulas("Data", `A1:A${hostile.length}`).map((r) => r[0])).toEqual(hostile); // no formulas
  });

  test('"" empties a cell; null leaves it unchanged; a text-formatted cell keeps strings', async () => {
    wb.seed("Data", "A1", [[1], [2]]);
    await write([[""], [null]]);
    expect(wb.values("Data", "A1:A2")).toEqual([[""], [2]]);
    expect(wb.sheet("Data").valueTypes({ r0: 0, c0: 0, r1: 1, c1: 0 })).toEqual([["Empty"], ["Double"]]);
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("B1");
      r.numberFormat = [["@"]];
      r.values = [["00123"]];
    });
    expect(wb.values("Data", "B1")).toEqual([["00123"]]);
  });
});

describe("payload accounting", () => {
  test("each sync records its request bytes (JSON of the queued arguments)", async () => {
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("A1:B1").values = [["é", 12]];
      await ctx.sync();
    });
    expect(wb.syncCount).toBe(2);
    // ["values"-set argument] = [[["é",12]]] → 13 characters, é is 2 bytes in UTF-8
    expect(wb.syncs[0].requestBytes).toBe(Buffer.byteLength(JSON.stringify([[["é", 12]]])));
    expect(wb.syncs[1].requestBytes).toBe(0);
  });

  test("a sync over 5 MB fails with RequestPayloadSizeLimitExceeded and changes nothing", async () => {
    const big = Array.from({ length: 5_000 }, () => ["x".repeat(1_100)]);
    const err = await failure(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("A1:A5000").values = big;
      await ctx.sync();
    });
    expect(err.code).toBe("RequestPayloadSizeLimitExceeded");
    expect(wb.syncs[0].requestBytes).toBeGreaterThan(5_000_000);
    expect(wb.values("Data", "A1")).toEqual([[""]]);
  });

  test("the same data in two syncs passes", async () => {
    const half = Array.from({ length: 2_500 }, () => ["x".repeat(1_100)]);
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.getRange("A1:A2500").values = half;
      await ctx.sync();
      s.getRange("A2501:A5000").values = half;
      await ctx.sync();
    });
    expect(Math.max(...wb.syncs.map((s) => s.requestBytes))).toBeLessThan(5_000_000);
    expect(wb.values("Data", "A5000")[0][0]).toHaveLength(1_100);
  });

  test("a response over 5 MB fails with ResponsePayloadSizeLimitExceeded", async () => {
    const sheet = wb.sheet("Data");
    for (let r = 0; r < 5_000; r++) sheet.setText(r, 0, "y".repeat(1_100));
    const err = await failure(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("A1:A5000").load("values");
      await ctx.sync();
    });
    expect(err.code).toBe("ResponsePayloadSizeLimitExceeded");
  });

  test("suspension calls are recorded on the sync they apply to", async () => {
    await Excel.run(async (ctx) => {
      ctx.application.suspendApiCalculationUntilNextSync();
      ctx.application.suspendScreenUpdatingUntilNextSync();
      await ctx.sync();
    });
    expect(wb.syncs[0]).toMatchObject({ calculationSuspended: true, screenUpdatingSuspended: true });
    expect(wb.syncs[1]).toMatchObject({ calculationSuspended: false, screenUpdatingSuspended: false });
  });
});

describe("objects", () => {
  test("tables: add over data, unique valid names, headers kept textual and unique, no overlap", async () => {
    wb.seed("Data", "A1", [["Name", "Name", ""], ["a", 1, 2], ["b", 3, 4]]);
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      const t = s.tables.add(s.getRange("A1:C3"), true);
      t.name = "tblData";
      const body = t.getDataBodyRange().load("address,values");
      const cols = t.columns.load("items/name");
      await ctx.sync();
      expect(body.address).toBe("Data!A2:C3");
      expect(cols.items.map((c) => c.name)).toEqual(["Name", "Name2", "Column3"]);
    });
    for (const name of ["tblData", "TBLDATA", "A1", "R1C1", "has space", "1abc"]) {
      const err = await failure(async (ctx) => {
        const s = ctx.workbook.worksheets.getItem("Data");
        s.tables.add(s.getRange("F1:G2"), true).name = name;
        await ctx.sync();
      });
      expect(err.code).toBe("InvalidArgument");
    }
    const overlap = await failure(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.tables.add(s.getRange("B2:D4"), true);
      await ctx.sync();
    });
    expect(overlap.code).toBe("InvalidArgument");
  });

  test("charts: series need values before type/axis; a secondary axis exists only with a secondary series", async () => {
    wb.seed("Data", "A1", [[1, 0.5], [2, 1]]);
    const empty = await failure(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      const c = s.charts.add("ColumnClustered", s.getRange("A1:A2"), "Columns");
      c.series.add("line").chartType = "Line";
      await ctx.sync();
    });
    expect(empty.code).toBe("EmptyChartSeries");
    const noAxis = await failure(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      const c = s.charts.add("ColumnClustered", s.getRange("A1:A2"), "Columns");
      c.axes.getItem("Value", "Secondary").maximum = 1;
      await ctx.sync();
    });
    expect(noAxis.code).toBe("ItemNotFound");
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      const c = s.charts.add("ColumnClustered", s.getRange("A1:A2"), "Columns");
      const line = c.series.add("Share");
      line.setValues(s.getRange("B1:B2"));
      line.chartType = "Line";
      line.axisGroup = "Secondary";
      c.axes.getItem("Value", "Secondary").maximum = 1;
    });
    const chart = wb.sheet("Data").charts.at(-1)!;
    expect(chart.series.map((x) => [x.name, x.chartType ?? chart.chartType, x.axisGroup])).toEqual([
      ["Series1", "ColumnClustered", "Primary"],
      ["Share", "Line", "Secondary"],
    ]);
    expect(chart.axes.get("Value/Secondary")).toEqual({ maximum: 1 });
  });

  test("custom properties: keys are case-insensitive; add overwrites", async () => {
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.customProperties.add("kam.id", "one");
      s.customProperties.add("KAM.ID", "two");
      const p = s.customProperties.getItemOrNullObject("Kam.Id").load("value");
      const none = s.customProperties.getItemOrNullObject("other").load("value");
      await ctx.sync();
      expect(p.value).toBe("two");
      expect(none.isNullObject).toBe(true);
    });
  });

  test("used range, surrounding region, freeze panes, validation and conditional formats", async () => {
    wb.seed("Data", "B2", [["h1", "h2"], [1, 2], [3, ""], ["", ""], [9, 9]]);
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      const used = s.getUsedRange(true).load("address");
      const region = s.getRange("C3").getSurroundingRegion().load("address");
      const empty = s.getRange("H1:H9").getUsedRangeOrNullObject(true);
      s.freezePanes.freezeAt(s.getRange("A1:B2"));
      s.getRange("C3:C4").dataValidation.rule = { wholeNumber: { operator: "Between", formula1: 0, formula2: 10 } };
      const cf = s.getRange("B3:B4").conditionalFormats.add(Excel.ConditionalFormatType.custom);
      cf.custom.rule.formula = "=B3>1";
      cf.custom.format.fill.color = "#FFEB9C";
      await ctx.sync();
      expect(used.address).toBe("Data!B2:C6");
      expect(region.address).toBe("Data!B2:C4");
      expect(empty.isNullObject).toBe(true);
    });
    const sheet = wb.sheet("Data");
    expect(sheet.freeze).toEqual({ rows: 2, cols: 2 });
    expect(wb.validationAt("Data", "C4")?.rule).toEqual({ wholeNumber: { operator: "Between", formula1: 0, formula2: 10 } });
    expect(sheet.conditionalFormats[0]).toMatchObject({ formula: "=B3>1", fill: "#FFEB9C" });
    const bad = await failure(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").getRange("A1").dataValidation.rule = { wholeNumber: { operator: "Between", formula1: 0.5, formula2: 2 } };
      await ctx.sync();
    });
    expect(bad.code).toBe("InvalidArgument");
  });

  test("the last visible sheet cannot be hidden or deleted", async () => {
    const hide = await failure(async (ctx) => {
      ctx.workbook.worksheets.getItem("Data").visibility = "Hidden";
      await ctx.sync();
    });
    expect(hide.code).toBe("InvalidOperation");
  });
});

describe("toExcelJs", () => {
  test("structured-reference shorthand is qualified for files, string literals untouched", () => {
    expect(qualifyStructuredRefs("[@Revenue]/SUM([Revenue])", "tblABC")).toBe("tblABC[[#This Row],[Revenue]]/SUM(tblABC[Revenue])");
    expect(qualifyStructuredRefs('IF([@[Cum share]]<=0.8,"[A]",tblX[Y])', "t")).toBe('IF(t[[#This Row],[Cum share]]<=0.8,"[A]",tblX[Y])');
  });

  test("values, formulas, formats, tables, validations, freeze panes survive a save and reload", async () => {
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.getRange("A1:C3").values = [
        ["Customer", "Revenue", "Share"],
        [excelLiteral("=HYPERLINK(\"x\")"), 100, null],
        [excelLiteral("+47 22 00 00 00"), 300, null],
      ];
      s.getRange("C2:C3").formulas = [["=B2/SUM($B$2:$B$3)"], ["=B3/SUM($B$2:$B$3)"]];
      s.getRange("C2:C3").numberFormat = [["0.0%"], ["0.0%"]];
      s.tables.add(s.getRange("A1:C3"), true).name = "tblCustomers";
      s.getRange("B2:B3").dataValidation.rule = { decimal: { operator: "GreaterThanOrEqualTo", formula1: 0 } };
      s.freezePanes.freezeRows(1);
      s.getRange("A:A").format.columnWidth = 89 * 0.75;
    });
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "fake-excel-")), "out.xlsx");
    await toExcelJs(wb).xlsx.writeFile(file);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(file);
    const ws = back.getWorksheet("Data")!;
    expect(ws.getCell("A2").value).toBe('=HYPERLINK("x")');
    expect(ws.getCell("A3").value).toBe("+47 22 00 00 00");
    expect(ws.getCell("C2").value).toMatchObject({ formula: "B2/SUM($B$2:$B$3)" });
    expect(ws.getCell("C2").numFmt).toBe("0.0%");
    expect(ws.getCell("B3").dataValidation).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual" });
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.getColumn(1).width).toBe(12);
    expect(Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables)).toEqual(["tblCustomers"]);
  });
});
