/**
 * Export the fake's state to an ExcelJS workbook, so what the task pane wrote can be saved as .xlsx and
 * opened and recalculated by a real spreadsheet application (LibreOffice, DESIGN §3 item 3).
 *
 * Written: values, formulas (as formula cells, without a cached result unless the fake has one), errors,
 * number formats, bold/fill/font colour, column widths (points → characters), tables (name, header,
 * style), data validations, custom conditional formats, freeze panes, hidden sheets, named ranges.
 * Not written: charts (ExcelJS cannot write charts) and worksheet custom properties.
 */
import ExcelJS from "exceljs";
import { colLetters, formatRect } from "./address";
import { Cell } from "./cells";
import { FakeSheet, FakeWorkbook, ValidationModel } from "./model";

/** Office.js column width (points) → Excel file width (characters of the default font). */
export function pointsToCharacters(points: number): number {
  return Math.max(0, Math.round(((points / 0.75 - 5) / 7) * 100) / 100);
}

function argb(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const named: Record<string, string> = { red: "FF0000", green: "00FF00", blue: "0000FF", yellow: "FFFF00", white: "FFFFFF", black: "000000" };
  const hex = /^#?([0-9A-Fa-f]{6})$/.exec(color)?.[1] ?? named[color.toLowerCase()];
  return hex ? `FF${hex.toUpperCase()}` : undefined;
}

/**
 * Excel's UI shorthand for structured references (`[@Revenue]`, `[Revenue]` inside a table), which
 * Office.js accepts in `range.formulas`, is not valid in a file: there Excel writes the qualified form
 * `tblABC[[#This Row],[Revenue]]` / `tblABC[Revenue]`, and LibreOffice reads only that.
 */
export function qualifyStructuredRefs(formula: string, table: string): string {
  // Split off "string literals" (odd indexes) and rewrite only the formula text between them.
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/(^|[^\w\][.'@])\[([^[\]@#]+)\]/g, `$1${table}[$2]`)
            .replace(/\[@\[([^\]]+)\]\]/g, `${table}[[#This Row],[$1]]`)
            .replace(/\[@([^[\]]+)\]/g, `${table}[[#This Row],[$1]]`),
    )
    .join("");
}

function cellValue(c: Cell, table?: string): ExcelJS.CellValue {
  if (c.f !== undefined) {
    const formula = table ? qualifyStructuredRefs(c.f.slice(1), table) : c.f.slice(1);
    return c.v === undefined ? ({ formula } as ExcelJS.CellFormulaValue) : ({ formula, result: c.v } as ExcelJS.CellFormulaValue);
  }
  if (c.err) return { error: c.v as ExcelJS.ErrorValue } as ExcelJS.CellErrorValue;
  return c.v === undefined ? null : c.v;
}

const OPERATORS: Record<string, ExcelJS.DataValidationOperator> = {
  Between: "between",
  NotBetween: "notBetween",
  EqualTo: "equal",
  NotEqualTo: "notEqual",
  GreaterThan: "greaterThan",
  LessThan: "lessThan",
  GreaterThanOrEqualTo: "greaterThanOrEqual",
  LessThanOrEqualTo: "lessThanOrEqual",
};

function operand(x: unknown): string | number {
  return typeof x === "string" && x.startsWith("=") ? x.slice(1) : (x as string | number);
}

function validation(v: ValidationModel): ExcelJS.DataValidation | undefined {
  const r = v.rule;
  if (r.list) {
    const src = String(r.list.source);
    return {
      type: "list",
      allowBlank: v.ignoreBlanks,
      showErrorMessage: true,
      formulae: [src.startsWith("=") ? src.slice(1) : `"${src}"`],
      ...(v.errorAlert?.style === "Warning" ? { errorStyle: "warning" } : {}),
    };
  }
  if (r.custom) return { type: "custom", allowBlank: v.ignoreBlanks, showErrorMessage: true, formulae: [operand(r.custom.formula)] };
  const kinds: [keyof Excel.DataValidationRule, ExcelJS.DataValidation["type"]][] = [
    ["wholeNumber", "whole"],
    ["decimal", "decimal"],
    ["textLength", "textLength"],
  ];
  for (const [key, type] of kinds) {
    const b = r[key] as Excel.BasicDataValidation | undefined;
    if (!b) continue;
    const formulae = [operand(b.formula1)];
    if (b.formula2 !== undefined) formulae.push(operand(b.formula2));
    return { type, operator: OPERATORS[b.operator], allowBlank: v.ignoreBlanks, showErrorMessage: true, formulae };
  }
  return undefined;
}

function exportSheet(wb: ExcelJS.Workbook, s: FakeSheet, priority: { n: number }): void {
  const ws = wb.addWorksheet(s.name, {
    state: s.visibility === "Visible" ? "visible" : s.visibility === "Hidden" ? "hidden" : "veryHidden",
    views: s.freeze ? [{ state: "frozen", xSplit: s.freeze.cols, ySplit: s.freeze.rows }] : [],
  });
  for (const [c, points] of s.columnWidths) ws.getColumn(c + 1).width = pointsToCharacters(points);

  const tableCells = new Set<string>();
  for (const t of s.tables()) {
    for (let r = t.rect.r0; r <= t.rect.r1; r++) for (let c = t.rect.c0; c <= t.rect.c1; c++) tableCells.add(`${r},${c}`);
  }

  for (const [r, row] of s.cells) {
    row.forEach((cell, c) => {
      if (!cell) return;
      const target = ws.getCell(r + 1, c + 1);
      if (!tableCells.has(`${r},${c}`)) target.value = cellValue(cell);
      if (cell.nf && cell.nf !== "General") target.numFmt = cell.nf;
      if (cell.bold || cell.color) target.font = { bold: cell.bold, color: argb(cell.color) ? { argb: argb(cell.color) } : undefined };
      const fill = argb(cell.fill);
      if (fill) target.fill = { type: "pattern", pattern: "solid", fgColor: { argb: fill } };
    });
  }

  // ExcelJS writes a table's cells itself from `rows`; give it the fake's values and formulas.
  for (const t of s.tables()) {
    const headers = s.workbook.tableHeaders(t);
    const body: ExcelJS.CellValue[][] = [];
    for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
      const line: ExcelJS.CellValue[] = [];
      for (let c = t.rect.c0; c <= t.rect.c1; c++) {
        const cell = s.cell(r, c);
        line.push(cell ? cellValue(cell, t.name) : null);
      }
      body.push(line);
    }
    ws.addTable({
      name: t.name,
      displayName: t.name,
      ref: `${colLetters(t.rect.c0)}${t.rect.r0 + 1}`,
      headerRow: true,
      style: { theme: t.style as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
      columns: headers.map((name) => ({ name, filterButton: true })),
      rows: body,
    });
  }

  for (const v of s.validations) {
    const dv = validation(v);
    if (dv) (ws as unknown as { dataValidations: { add(a: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(formatRect(v.rect), dv);
  }

  for (const cf of s.conditionalFormats) {
    if (!cf.formula) continue;
    const style: Partial<ExcelJS.Style> = {};
    const fill = argb(cf.fill);
    if (fill) style.fill = { type: "pattern", pattern: "solid", bgColor: { argb: fill } };
    const font = argb(cf.fontColor);
    if (font) style.font = { color: { argb: font } };
    ws.addConditionalFormatting({
      ref: formatRect(cf.rect),
      rules: [{ type: "expression", priority: priority.n++, formulae: [cf.formula.slice(1)], style }],
    });
  }
}

/** The fake workbook as an ExcelJS workbook (write it with `workbook.xlsx.writeFile`). */
export function toExcelJs(fake: FakeWorkbook): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "KAM for Excel (fake Excel export)";
  const priority = { n: 1 };
  for (const s of fake.liveSheets()) exportSheet(wb, s, priority);
  for (const n of fake.names) {
    if (n.deleted) continue;
    const ref = n.formula.slice(1);
    if (/^('[^']*(?:''[^']*)*'|[^!'"]+)!\$?[A-Z]+\$?\d+(:\$?[A-Z]+\$?\d+)?$/.test(ref)) wb.definedNames.add(ref, n.name);
  }
  return wb;
}
