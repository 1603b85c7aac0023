/**
 * ExcelJS renderer: one WorkbookSpec → an .xlsx workbook (DESIGN §1, "Renderers").
 *
 * What it writes: blocks (values, formulas, number formats, bold/italic, fill, wrap), Excel tables
 * (header, rows, style, per-column formulas, number formats), data validations (list / whole number /
 * decimal, with their message), conditional formats (expression rules with fill and font colour),
 * column widths, row heights, frozen panes, hidden sheets, merged ranges, horizontal alignment and the page
 * setup (A4, orientation, fit to width, print area, repeated header rows, title header, page-number footer). Files are written through `writeWorkbookFile`, which
 * corrects ExcelJS's package (print areas of sheet names with apostrophes, the user's tables; see
 * src/render/xlsxPackage.ts). A sheet with a table of more than 10,000 rows has those rows written by
 * src/render/xlsxBulk.ts, past ExcelJS.
 *
 * Charts: ExcelJS 4.4 cannot write charts, so `renderXlsx` records each sheet's ChartSpecs with the workbook
 * and `writeWorkbookFile` hands them to `finishPackage`, which adds them as DrawingML chart parts
 * (src/render/drawingml/). A workbook written by other means (`workbook.xlsx.writeBuffer()`) has none.
 *
 * Rules that live here because they are about the file format, not the plan:
 * - Strings are written as string cells. In an .xlsx file a string cell is never parsed, so a customer
 *   named `=HYPERLINK(…)` or `+47 22 00 00 00` stays literal text without the apostrophe that
 *   `excelLiteral` adds for Office.js `range.values` (which would show up here as a real character).
 * - Spec formulas are en-US with a leading "="; the file stores them without it, writes `[@Col]`
 *   (this-row references, only valid inside a table) as `Table[[#This Row],[Col]]`, and prefixes
 *   functions newer than Excel 2007 with `_xlfn.` as Excel itself does in the file.
 * - Formulas are written without a cached result unless the spec gives one (the block value beside
 *   the formula), and the workbook asks for a full recalculation on load, so Excel and LibreOffice
 *   show computed figures rather than stale or empty ones.
 * - Sheet names go through `sheetName()`; rendering adds sheets and never replaces an existing one
 *   (a clash gets a " (2)" suffix), so user data in a passed-in workbook is never destroyed.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FinishOptions, finishPackage } from "./xlsxPackage";
import { bulkBands, bulkSkeleton, writeBulkPackage } from "./xlsxBulk";
import { specCells } from "./drawingml/cells";
import type { SheetCharts } from "./drawingml/package";
import * as ExcelJS from "exceljs";
import { KamError } from "../core/errors";
import type { ProblemRef } from "../i18n/problems";
import type { Block, CellValue, ConditionalFormatSpec, SheetSpec, TableSpec, ValidationSpec, WorkbookSpec } from "../plan/spec";
import { a1, sheetName } from "../sheets/kit/address";
import { checkSpecLimits } from "../sheets/kit/limits";
import { headerFooterCodes } from "../sheets/kit/print";

/**
 * Renders every sheet of `spec` into `workbook` (a new one when omitted) and returns it.
 * @throws KamError("argument") for a spec Excel would reject: a table name already used, no visible sheet, or
 *         anything `checkSpecLimits` refuses (text, formula and validation limits, list items with commas).
 */
export function renderXlsx(spec: WorkbookSpec, workbook: ExcelJS.Workbook = new ExcelJS.Workbook()): ExcelJS.Workbook {
  checkSpecLimits(spec);
  const charts = CHARTS.get(workbook) ?? [];
  CHARTS.set(workbook, charts);
  workbook.creator ||= "KAM for Excel";
  // Formula cells carry no cached result; ask the application to calculate everything on open.
  workbook.calcProperties = { ...(workbook.calcProperties ?? {}), fullCalcOnLoad: true };
  for (const sheet of spec.sheets) {
    const ws = renderSheet(workbook, sheet);
    // Issue 14: orgchart (a sheet's shapes go into the same drawing part as its charts)
    if (sheet.charts.length > 0 || (sheet.shapes?.length ?? 0) > 0) charts.push({ ws, chart: sheetDrawing(ws.name, sheet) });
  }
  if (workbook.worksheets.length > 0 && workbook.worksheets.every((ws) => ws.state === "hidden" || ws.state === "veryHidden")) {
    throw new KamError("argument", "render.noVisibleSheet");
  }
  return workbook;
}

/**
 * Renders `spec` (into `base` when given, e.g. an existing workbook being refreshed, else a new one) and
 * writes it to `path` atomically: the bytes go to a temporary file in the same folder, which is then
 * renamed over `path`. A failure at any step leaves no partial output (and an
 * existing file at `path` untouched). Missing parent folders are created.
 *
 * A new workbook with a sheet whose table has more than `options.bulkRows` rows (default BULK_ROWS, 10,000)
 * is written with that table's rows streamed past ExcelJS (src/render/xlsxBulk.ts): the same file, in a
 * fraction of the time and memory.
 * @throws KamError("file") when the file cannot be written; KamError("argument") as `renderXlsx`.
 */
export async function writeXlsxFile(spec: WorkbookSpec, path: string, base?: ExcelJS.Workbook, options: { bulkRows?: number } = {}): Promise<void> {
  const bands = base ? [] : bulkBands(spec, options.bulkRows);
  if (bands.length === 0) {
    await writeWorkbookFile(renderXlsx(spec, base), path);
    return;
  }
  checkSpecLimits(spec);
  const workbook = renderXlsx(bulkSkeleton(spec, bands));
  const names = workbook.worksheets.map((ws) => ws.name);
  // The charts' caches come from the whole spec, not the skeleton ExcelJS rendered.
  const charts = spec.sheets.flatMap((sheet, i) => (sheet.charts.length > 0 || (sheet.shapes?.length ?? 0) > 0 ? [sheetDrawing(names[i], sheet)] : []));
  const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  await writeAtomically(path, (tmp) => writeBulkPackage(bytes, names, bands, charts, tmp));
}

/**
 * Writes an ExcelJS workbook to `path` atomically (temporary file in the same folder, then rename), as
 * `writeXlsxFile` does after rendering; for callers that adjust the rendered workbook first. The package
 * goes through `finishPackage` (src/render/xlsxPackage.ts), which corrects what ExcelJS writes wrongly
 * and, on a refresh, puts the user's tables back exactly (`options.keptTables`).
 * @throws KamError("file") when the file cannot be written.
 */
export async function writeWorkbookFile(workbook: ExcelJS.Workbook, path: string, options: FinishOptions = {}): Promise<void> {
  const bytes = await finishPackage(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), {
    ...options,
    charts: options.charts ?? renderedCharts(workbook),
  });
  await writeAtomically(path, (tmp) => writeFile(tmp, bytes, { flag: "wx" }));
}

/**
 * Runs `write` on a new temporary file beside `path` (it must create it exclusively), then renames it over
 * `path`; on failure removes it. Missing parent folders are created.
 * @throws KamError("file") when the file cannot be written.
 */
async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await write(tmp);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException)?.code;
    const reason: ProblemRef =
      code === "EACCES" || code === "EPERM"
        ? { key: "file.reason.denied" }
        : code === "EISDIR"
          ? { key: "file.reason.folder" }
          : { key: "file.reason.other", values: { text: (e as Error).message } };
    throw new KamError("file", "file.cannotWrite", { name: basename(target), reason }, { source: basename(target) });
  }
}

/**
 * The charts `renderXlsx` rendered into `workbook`, per sheet still in it (a sheet removed since is left
 * out; a renamed one is found by its worksheet object). For `finishPackage`'s `charts` option.
 */
export function renderedCharts(workbook: ExcelJS.Workbook): SheetCharts[] {
  const live = new Set(workbook.worksheets);
  return (CHARTS.get(workbook) ?? []).filter((s) => live.has(s.ws)).map((s) => ({ ...s.chart, sheet: s.ws.name }));
}

/** The charts each rendered workbook holds (ExcelJS has no place for them), by workbook and worksheet. */
const CHARTS = new WeakMap<ExcelJS.Workbook, { ws: ExcelJS.Worksheet; chart: SheetCharts }[]>();

function renderSheet(wb: ExcelJS.Workbook, spec: SheetSpec): ExcelJS.Worksheet {
  const name = sheetName(spec.name, wb.worksheets.map((ws) => ws.name));
  const ws = wb.addWorksheet(name, {
    state: spec.hidden ? "hidden" : "visible",
    views: spec.freeze && (spec.freeze.rows > 0 || spec.freeze.cols > 0)
      ? [{ state: "frozen", xSplit: spec.freeze.cols, ySplit: spec.freeze.rows, topLeftCell: a1(spec.freeze.rows, spec.freeze.cols) }]
      : undefined,
  });
  for (const [col, width] of Object.entries(spec.columnWidths ?? {})) ws.getColumn(Number(col) + 1).width = width;
  for (const [row, height] of Object.entries(spec.rowHeights ?? {})) ws.getRow(Number(row) + 1).height = height;
  for (const table of spec.tables) renderTable(wb, ws, table);
  for (const block of spec.blocks) renderBlock(ws, block);
  for (const v of spec.validations) renderValidation(ws, v);
  spec.conditionalFormats.forEach((cf, i) => renderConditionalFormat(ws, cf, i + 1));
  for (const m of spec.merges ?? []) ws.mergeCells(m);
  if (spec.print) renderPrint(ws, spec.print);
  return ws;
}

/**
 * Page setup: A4 (paper size 9), orientation, fit to one page wide, print area, repeated rows, and the
 * header (title) and footer (page numbers) in Excel's header/footer codes.
 */
function renderPrint(ws: ExcelJS.Worksheet, p: NonNullable<SheetSpec["print"]>): void {
  const setup: Partial<ExcelJS.PageSetup> = {};
  if (p.paper === "A4") setup.paperSize = 9 as ExcelJS.PaperSize;
  if (p.orientation) setup.orientation = p.orientation;
  if (p.fitToWidth) Object.assign(setup, { fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
  if (p.area) setup.printArea = p.area;
  if (p.repeatRows) setup.printTitlesRow = `${p.repeatRows[0] + 1}:${p.repeatRows[1] + 1}`;
  ws.pageSetup = { ...ws.pageSetup, ...setup };
  // ExcelJS breaks after the row it is given: the 1-based row before a 0-based row r is row r.
  for (const r of p.rowBreaks ?? []) if (r > 0) ws.getRow(r).addPageBreak();
  const { header, footer } = headerFooterCodes(p);
  // The file stores one text per header/footer with its sections marked: "&C" starts the centre one.
  if (header || footer) {
    ws.headerFooter = { ...ws.headerFooter, ...(header ? { oddHeader: "&C" + header } : {}), ...(footer ? { oddFooter: "&C" + footer } : {}) };
  }
}

function renderBlock(ws: ExcelJS.Worksheet, block: Block): void {
  block.values.forEach((rowValues, r) => {
    const width = Math.max(rowValues.length, block.formulas?.[r]?.length ?? 0);
    for (let c = 0; c < width; c++) {
      const cell = ws.getCell(block.row + r + 1, block.col + c + 1);
      const formula = block.formulas?.[r]?.[c];
      const value = rowValues[c] ?? null;
      cell.value = formula ? formulaValue(formula, value) : literal(value);
      const fmt = block.numberFormats?.[c];
      if (fmt) cell.numFmt = fmt;
      if (block.bold || block.italic) {
        cell.font = { ...(cell.font ?? {}), ...(block.bold ? { bold: true } : {}), ...(block.italic ? { italic: true } : {}) };
      }
      if (block.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(block.fill) } };
      if (block.wrap) cell.alignment = { ...(cell.alignment ?? {}), wrapText: true, vertical: "top" };
      const align = block.align?.[c];
      if (align) cell.alignment = { ...(cell.alignment ?? {}), horizontal: align };
    }
  });
}

function renderTable(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, t: TableSpec): void {
  for (const other of wb.worksheets) {
    if (other.getTables().some((x) => tableName(x).toLowerCase() === t.name.toLowerCase())) {
      throw new KamError("argument", "render.tableExists", { name: t.name }, { column: t.name });
    }
  }
  const width = t.headers.length;
  // An Excel table needs at least one data row; an empty result gets one blank row.
  const rows: CellValue[][] = t.rows.length > 0 ? t.rows : [new Array<CellValue>(width).fill(null)];
  ws.addTable({
    name: t.name,
    displayName: t.name,
    ref: a1(t.row, t.col),
    headerRow: true,
    totalsRow: false,
    style: { theme: (t.style ?? "TableStyleMedium2") as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
    columns: t.headers.map((name) => ({ name, filterButton: true })),
    rows: rows.map((row) =>
      Array.from({ length: width }, (_, c) => {
        const f = t.columnFormulas?.[c];
        return f ? formulaValue(f, null, t.name) : literal(row[c] ?? null);
      }),
    ),
  });
  t.headerAlign?.forEach((align, c) => {
    if (align) ws.getCell(t.row + 1, t.col + c + 1).alignment = { horizontal: align };
  });
  t.numberFormats?.forEach((fmt, c) => {
    if (!fmt) return;
    for (let r = 0; r < rows.length; r++) ws.getCell(t.row + r + 2, t.col + c + 1).numFmt = fmt;
  });
}

function tableName(table: unknown): string {
  const t = table as { name?: string; table?: { name?: string } };
  return t.table?.name ?? t.name ?? "";
}

function renderValidation(ws: ExcelJS.Worksheet, v: ValidationSpec): void {
  let dv: ExcelJS.DataValidation;
  if (v.kind === "list") {
    // Items and length were checked by checkSpecLimits before anything was written.
    const list = v.listFormula !== undefined ? fileFormula(v.listFormula) : `"${(v.list ?? []).map((x) => x.replace(/"/g, '""')).join(",")}"`;
    dv = { type: "list", allowBlank: true, formulae: [list], showErrorMessage: true };
  } else {
    const type = v.kind === "wholeNumber" ? "whole" : "decimal";
    const base = { type, allowBlank: true, showErrorMessage: true } as const;
    if (v.min !== undefined && v.max !== undefined) dv = { ...base, operator: "between", formulae: [v.min, v.max] };
    else if (v.min !== undefined) dv = { ...base, operator: "greaterThanOrEqual", formulae: [v.min] };
    else if (v.max !== undefined) dv = { ...base, operator: "lessThanOrEqual", formulae: [v.max] };
    else dv = { ...base, operator: "between", formulae: [-1e15, 1e15] }; // "any number of this kind"
  }
  if (v.message) {
    // Its length was checked by checkSpecLimits.
    dv = { ...dv, error: v.message, prompt: v.message, showInputMessage: true };
  }
  if (v.alert === "warning") dv = { ...dv, errorStyle: "warning" };
  // ExcelJS keeps range-keyed validations in `dataValidations` (not in its typings).
  (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(v.range, dv);
}

function renderConditionalFormat(ws: ExcelJS.Worksheet, cf: ConditionalFormatSpec, priority: number): void {
  ws.addConditionalFormatting({
    ref: cf.range,
    rules: [
      {
        type: "expression",
        priority,
        formulae: [fileFormula(cf.formula)],
        style: {
          // Differential formats (conditional formatting) take a solid fill's colour from bgColor.
          fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(cf.fill) } },
          ...(cf.fontColor ? { font: { color: { argb: argb(cf.fontColor) } } } : {}),
        },
      },
    ],
  });
}

/** A spec value as an ExcelJS cell value; "" is a blank cell (an empty string cell is not ISBLANK). */
function literal(v: CellValue): ExcelJS.CellValue {
  return v === "" ? null : v;
}

function formulaValue(formula: string, cached: CellValue, table?: string): ExcelJS.CellFormulaValue {
  const f: ExcelJS.CellFormulaValue = { formula: fileFormula(formula, table) };
  if (cached !== null && cached !== "") f.result = cached;
  return f;
}

/** "#C6EFCE" / "C6EFCE" / "FFC6EFCE" → "FFC6EFCE". */
function argb(color: string): string {
  const hex = color.replace(/^#/, "").toUpperCase();
  return hex.length === 6 ? "FF" + hex : hex;
}

/**
 * Functions added after Excel 2007 are stored with a prefix in the file ("_xlfn.IFS"); Excel shows
 * #NAME? for the bare name. Dynamic-array functions carry a second prefix.
 */
const FUTURE_FUNCTIONS: Record<string, string> = Object.fromEntries([
  ...[
    "AGGREGATE", "CONCAT", "IFNA", "IFS", "MAXIFS", "MINIFS", "SWITCH", "TEXTJOIN", "XLOOKUP", "XMATCH", "LET",
    "STDEV.S", "STDEV.P", "VAR.S", "VAR.P", "PERCENTILE.INC", "PERCENTILE.EXC", "QUARTILE.INC", "QUARTILE.EXC",
    "RANK.EQ", "RANK.AVG", "MODE.SNGL", "NORM.DIST", "NORM.INV", "NORM.S.DIST", "NORM.S.INV", "DAYS", "ISOWEEKNUM",
    "SEQUENCE", "UNIQUE", "SORTBY", "RANDARRAY",
  ].map((f) => [f, "_xlfn." + f]),
  ["FILTER", "_xlfn._xlws.FILTER"],
  ["SORT", "_xlfn._xlws.SORT"],
]);

/**
 * A spec formula (en-US, leading "=") as stored in the file: no "=", `[@Col]` expanded for `table`,
 * newer functions prefixed. String literals ("…") are left untouched.
 */
export function fileFormula(formula: string, table?: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  // Split into string literals (kept as they are) and code (rewritten).
  return body
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : rewriteCode(part, table)))
    .join("");
}

function rewriteCode(code: string, table?: string): string {
  let out = code.replace(/(^|[^A-Za-z0-9_.])([A-Za-z][A-Za-z0-9.]*)(?=\()/g, (m, pre: string, fn: string) => {
    const prefixed = FUTURE_FUNCTIONS[fn.toUpperCase()];
    return prefixed ? pre + prefixed : m;
  });
  if (table) {
    // [@[Col name]] and [@Col] → Table[[#This Row],[Col]]; a leading table name, if any, is reused.
    out = out.replace(/(?:[A-Za-z_][A-Za-z0-9_.]*)?\[@(\[(?:[^\]']|'.)*\]|[^\]]*)\]/g, (_m, col: string) => {
      const inner = col.startsWith("[") ? col : `[${col}]`;
      return `${table}[[#This Row],${inner}]`;
    });
  }
  return out;
}

// Issue 14: orgchart
/** What the package writer needs to draw a sheet's charts and shapes (src/render/drawingml/package.ts). */
function sheetDrawing(name: string, sheet: SheetSpec): SheetCharts {
  return {
    sheet: name,
    id: sheet.id,
    charts: sheet.charts,
    cells: specCells(sheet),
    shapes: sheet.shapes,
    grid: { columnWidths: sheet.columnWidths, rowHeights: sheet.rowHeights },
  };
}
