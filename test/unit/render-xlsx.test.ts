import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { KamError } from "../../src/core/errors";
import type { SheetSpec, WorkbookSpec } from "../../src/plan/spec";
import { fileFormula, renderXlsx, writeXlsxFile } from "../../src/render/xlsx";

const HOSTILE = ['=HYPERLINK("http://example.com","x")', "+47 22 00 00 00", "-10% rabatt", "@home AS", "'quoted", "00123", "TRUE"];

function sheet(over: Partial<SheetSpec> = {}): SheetSpec {
  return { name: "S", id: "t.s", blocks: [], tables: [], charts: [], validations: [], conditionalFormats: [], ...over };
}

const FULL: WorkbookSpec = {
  sheets: [
    sheet({
      name: "Plan: 2025/26 [draft]?", // forbidden characters → sanitised
      id: "t.plan",
      blocks: [
        {
          row: 0,
          col: 7,
          values: [
            ["Label", 1.5, true, null, ""],
            ["Sum", null, null, null, null],
          ],
          formulas: [
            [undefined, undefined, undefined, undefined, undefined],
            [undefined, "=SUM(tblT[Amount])", "=IFS(1>0,\"x(\",TRUE,\"y\")", "", undefined],
          ],
          numberFormats: ["@", "#,##0.00"],
          bold: true,
        },
        { row: 5, col: 7, values: HOSTILE.map((s) => [s]) },
      ],
      tables: [
        {
          name: "tblT",
          row: 0,
          col: 0,
          headers: ["Name", "Amount", "Double"],
          rows: HOSTILE.map((s, i) => [s, i + 0.5, null]),
          columnFormulas: [undefined, undefined, "=[@Amount]*2"],
          numberFormats: [undefined, "0.0%", "#,##0"],
          style: "TableStyleMedium2",
        },
      ],
      charts: [{ title: "ignored", row: 0, col: 12, widthCols: 5, heightRows: 10, series: [{ name: "a", values: "B2:B3", type: "column" }] }],
      validations: [
        { range: "L2:L10", kind: "list", list: ["Open", "Done", 'Say "hi"'] },
        { range: "M2:M10", kind: "wholeNumber", min: 1, max: 10 },
        { range: "N2:N10", kind: "decimal", min: 0 },
      ],
      conditionalFormats: [{ range: "B2:B8", formula: "=$B2>3", fill: "#FFC7CE", fontColor: "#9C0006" }],
      columnWidths: { 0: 30, 7: 12.5 },
      freeze: { rows: 1, cols: 1 },
    }),
    sheet({ name: "Hidden", id: "t.hidden", hidden: true, blocks: [{ row: 0, col: 0, values: [["x"]] }] }),
  ],
};

async function roundTrip(spec: WorkbookSpec): Promise<ExcelJS.Workbook> {
  const bytes = await renderXlsx(spec).xlsx.writeBuffer();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as ArrayBuffer);
  return wb;
}

describe("renderXlsx", () => {
  let wb: ExcelJS.Workbook;
  let ws: ExcelJS.Worksheet;
  beforeAll(async () => {
    wb = await roundTrip(FULL);
    ws = wb.worksheets[0];
  });

  it("sanitises sheet names and hides hidden sheets", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Plan_ 2025_26 _draft__", "Hidden"]);
    expect(wb.worksheets.map((w) => w.state)).toEqual(["visible", "hidden"]);
  });

  it("writes block values, formulas without '=', number formats and bold", () => {
    expect(ws.getCell("H1").value).toBe("Label");
    expect(ws.getCell("I1").value).toBe(1.5);
    expect(ws.getCell("I1").numFmt).toBe("#,##0.00");
    expect(ws.getCell("H1").numFmt).toBe("@");
    expect(ws.getCell("J1").value).toBe(true);
    expect(ws.getCell("L1").value).toBeNull(); // "" is a blank cell
    expect(ws.getCell("H1").font?.bold).toBe(true);
    expect(ws.getCell("I2").value).toEqual({ formula: "SUM(tblT[Amount])" });
    expect(ws.getCell("J2").value).toEqual({ formula: '_xlfn.IFS(1>0,"x(",TRUE,"y")' });
    expect(ws.getCell("K2").value).toBeNull(); // "" formula = no formula
  });

  it("writes user strings as literal string cells, never formulas or numbers", () => {
    HOSTILE.forEach((s, i) => {
      for (const addr of [`H${6 + i}`, `A${2 + i}`]) {
        const cell = ws.getCell(addr);
        expect(cell.type).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(s);
      }
    });
  });

  it("writes the table with header, rows, column formulas and formats", () => {
    const t = ws.getTable("tblT") as unknown as { table: ExcelJS.TableProperties & { tableRef?: string } };
    expect(t).toBeDefined();
    expect(t.table.name).toBe("tblT");
    expect(t.table.columns.map((c) => c.name)).toEqual(["Name", "Amount", "Double"]);
    expect((t.table.style as ExcelJS.TableStyleProperties).theme).toBe("TableStyleMedium2");
    expect(ws.getCell("A1").value).toBe("Name");
    expect(ws.getCell("B2").value).toBe(0.5);
    expect(ws.getCell("B2").numFmt).toBe("0.0%");
    expect(ws.getCell("C3").value).toEqual({ formula: "tblT[[#This Row],[Amount]]*2" });
    expect(ws.getCell("C3").numFmt).toBe("#,##0");
  });

  it("writes data validations", () => {
    const dv = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const byType = Object.values(dv).map((v) => [v.type, v.operator ?? null, v.formulae]);
    expect(byType).toEqual(
      expect.arrayContaining([
        ["list", null, ['"Open,Done,Say ""hi"""']],
        ["whole", "between", [1, 10]],
        ["decimal", "greaterThanOrEqual", [0]],
      ]),
    );
  });

  it("writes conditional formats as expression rules", () => {
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    expect(cfs).toHaveLength(1);
    expect(cfs[0].ref).toBe("B2:B8");
    const rule = cfs[0].rules[0] as ExcelJS.ExpressionRuleType;
    expect(rule.type).toBe("expression");
    expect(rule.formulae).toEqual(["$B2>3"]);
    expect((rule.style?.fill as ExcelJS.FillPattern).bgColor?.argb).toBe("FFFFC7CE");
    expect(rule.style?.font?.color?.argb).toBe("FF9C0006");
  });

  it("sets column widths and frozen panes", () => {
    expect(ws.getColumn(1).width).toBe(30);
    expect(ws.getColumn(8).width).toBe(12.5);
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1, topLeftCell: "B2" });
  });

  it("asks for a full recalculation on load", () => {
    expect(renderXlsx({ sheets: [sheet()] }).calcProperties.fullCalcOnLoad).toBe(true);
  });

  it("adds to a given workbook without replacing its sheets", () => {
    const existing = new ExcelJS.Workbook();
    existing.addWorksheet("S").getCell("A1").value = "user data";
    renderXlsx({ sheets: [sheet({ blocks: [{ row: 0, col: 0, values: [["generated"]] }] })] }, existing);
    expect(existing.worksheets.map((w) => w.name)).toEqual(["S", "S (2)"]);
    expect(existing.getWorksheet("S")!.getCell("A1").value).toBe("user data");
  });

  it("gives an empty table one blank row (Excel tables need a data row)", async () => {
    const w = await roundTrip({ sheets: [sheet({ tables: [{ name: "tblE", row: 0, col: 0, headers: ["A", "B"], rows: [] }] })] });
    const t = w.worksheets[0].getTable("tblE") as unknown as { table: { tableRef: string } };
    expect(t.table.tableRef).toBe("A1:B2");
  });

  it.each<[string, WorkbookSpec, RegExp]>([
    [
      "duplicate table names",
      { sheets: [sheet({ tables: [{ name: "t1", row: 0, col: 0, headers: ["A"], rows: [[1]] }] }), sheet({ tables: [{ name: "T1", row: 0, col: 0, headers: ["A"], rows: [[1]] }] })] },
      /table named "T1" already exists/,
    ],
    ["a comma in a list item", { sheets: [sheet({ validations: [{ range: "A1", kind: "list", list: ["a,b"] }] })] }, /contains a comma/],
    ["a list over 255 characters", { sheets: [sheet({ validations: [{ range: "A1", kind: "list", list: ["x".repeat(300)] }] })] }, /255-character/],
    ["no visible sheet", { sheets: [sheet({ hidden: true })] }, /at least one visible sheet/],
  ])("refuses %s", (_name, spec, message) => {
    expect(() => renderXlsx(spec)).toThrow(KamError);
    expect(() => renderXlsx(spec)).toThrow(message);
  });
});

describe("fileFormula", () => {
  it.each<[string, string | undefined, string]>([
    ["=SUM(A1:A3)", undefined, "SUM(A1:A3)"],
    ["SUM(A1)", undefined, "SUM(A1)"],
    ['=IFS(A1>0,"IFS(",TRUE,"x")', undefined, '_xlfn.IFS(A1>0,"IFS(",TRUE,"x")'],
    ['=XLOOKUP(A1,B:B,C:C)&CONCAT("a","b")', undefined, '_xlfn.XLOOKUP(A1,B:B,C:C)&_xlfn.CONCAT("a","b")'],
    ["=STDEV.S(A1:A9)+FILTER(A1:A3,B1:B3)", undefined, "_xlfn.STDEV.S(A1:A9)+_xlfn._xlws.FILTER(A1:A3,B1:B3)"],
    ["=MYIFS(1)", undefined, "MYIFS(1)"],
    ["=[@Amount]*2", "tblT", "tblT[[#This Row],[Amount]]*2"],
    ["=[@[Unit price]]*[@Qty]", "tblT", "tblT[[#This Row],[Unit price]]*tblT[[#This Row],[Qty]]"],
    ["=tblT[@Amount]", "tblT", "tblT[[#This Row],[Amount]]"],
    ['="[@x]"&[@x]', "tblT", '"[@x]"&tblT[[#This Row],[x]]'],
  ])("%j (table %p) → %j", (input, table, expected) => {
    expect(fileFormula(input, table)).toBe(expected);
  });
});

describe("writeXlsxFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "kam-render-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the file and leaves no temporary file behind", async () => {
    const out = join(dir, "ok", "nested", "out.xlsx");
    await writeXlsxFile(FULL, out);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(join(dir, "ok", "nested"))).toEqual(["out.xlsx"]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets).toHaveLength(2);
  });

  it("leaves neither output nor temp file when the spec is invalid", async () => {
    const sub = join(dir, "bad-spec");
    mkdirSync(sub);
    await expect(writeXlsxFile({ sheets: [sheet({ hidden: true })] }, join(sub, "out.xlsx"))).rejects.toThrow(KamError);
    expect(readdirSync(sub)).toEqual([]);
  });

  it("keeps an existing file intact and cleans up when the rename fails", async () => {
    const sub = join(dir, "rename-fails");
    mkdirSync(join(sub, "out.xlsx"), { recursive: true }); // a folder where the file should go
    writeFileSync(join(sub, "out.xlsx", "keep.txt"), "x");
    const err = await writeXlsxFile(FULL, join(sub, "out.xlsx")).catch((e) => e);
    expect(err).toBeInstanceOf(KamError);
    expect(err.code).toBe("file");
    expect(err.message).toMatch(/^Cannot write out\.xlsx: /);
    expect(readdirSync(sub)).toEqual(["out.xlsx"]);
    expect(readdirSync(join(sub, "out.xlsx"))).toEqual(["keep.txt"]);
  });
});
