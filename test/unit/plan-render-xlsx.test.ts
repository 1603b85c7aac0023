/** The ExcelJS renderer's additions for the plan sheets: fills, wrap, italic, row heights, validation messages, rendering into a loaded workbook. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import type { SheetSpec } from "../../src/plan/spec";
import { renderXlsx, writeWorkbookFile } from "../../src/render/xlsx";

const dir = mkdtempSync(join(tmpdir(), "kam-plan-xlsx-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sheet: SheetSpec = {
  name: "S",
  id: "s",
  blocks: [
    { row: 0, col: 0, values: [["input", 5]], fill: "#FFF2CC", wrap: true, owner: "user" },
    { row: 1, col: 0, values: [["note"]], italic: true, bold: true },
  ],
  tables: [],
  charts: [],
  validations: [{ range: "B1", kind: "wholeNumber", min: 1, max: 10, message: "Rate from 1 to 10." }],
  conditionalFormats: [],
  rowHeights: { 0: 60 },
};

describe("renderXlsx, plan additions", () => {
  const ws = renderXlsx({ sheets: [sheet] }).getWorksheet("S")!;

  it("fills and wraps input blocks, top-aligned", () => {
    expect(ws.getCell("A1").fill).toEqual({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } });
    expect(ws.getCell("B1").alignment).toEqual({ wrapText: true, vertical: "top" });
    expect(ws.getCell("A2").fill).toBeUndefined();
  });

  it("writes italic and bold together, and row heights", () => {
    expect(ws.getCell("A2").font).toEqual({ bold: true, italic: true });
    expect(ws.getRow(1).height).toBe(60);
  });

  it("shows the validation message as prompt and error", () => {
    const dv = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations
      .model.B1;
    expect(dv).toMatchObject({
      type: "whole",
      operator: "between",
      formulae: [1, 10],
      error: "Rate from 1 to 10.",
      prompt: "Rate from 1 to 10.",
      showInputMessage: true,
    });
  });

  it("writes an adjusted workbook atomically, leaving no temporary file", async () => {
    const wb = renderXlsx({ sheets: [sheet] });
    wb.getWorksheet("S")!.getCell("C3").value = "adjusted";
    const out = join(dir, "out.xlsx");
    await writeWorkbookFile(wb, out);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    expect(back.getWorksheet("S")!.getCell("C3").value).toBe("adjusted");
    expect(readdirSync(dir)).toEqual(["out.xlsx"]);
  });
});
