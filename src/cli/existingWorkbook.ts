/**
 * What the CLI may do with a workbook that already exists at `--out` (issue 9 part 4: the CLI never
 * destroys a workbook). Two questions, both answered from the file's own content:
 *
 * - `kam analyze --out`: is the file our own ABC output (then it may be replaced) or someone else's
 *   (then only with --force, after a backup)? See `analyzeOutputKind`.
 * - `kam plan` on an existing plan: the workbook goes through ExcelJS, which carries cells, styles,
 *   validations, conditional formats, merges, most hyperlinks, notes, page setup and tables, but drops
 *   every other part (charts, drawings, pictures, pivot tables, threaded comments, slicers, macros,
 *   external links, …).
 *   `inspectPackage` lists, per sheet, what in the original zip ExcelJS would drop, so the refresh can
 *   refuse before anything is written; and it returns the user's tables, whose original parts the writer
 *   puts back exactly (src/render/xlsxPackage.ts).
 */
import { stat, readFile } from "node:fs/promises";
import { basename, posix } from "node:path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { KamError } from "../core/errors";
import { ProblemRef, problemList } from "../i18n/problems";
import { DEFAULT_VALUE_THRESHOLDS, abcTable } from "../core/abc";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../i18n/sheets";
import { renderXlsx } from "../render/xlsx";
import { KeptTable, dxfElements, tableAttr, unescapeXml } from "../render/xlsxPackage";
import { ABC_TABLE_ROW, buildAbcSheet } from "../sheets/abc/build";
import { a1, sheetQualified } from "../sheets/kit/address";
import { isOurChartFrame } from "../render/drawingml/drawing";
// Issue 14: orgchart
import { isOurShape } from "../render/drawingml/shapes";

/**
 * What is at an `--out` path for `kam analyze`:
 * - "none": nothing (or something that is not a regular file, e.g. a folder, which the writer reports);
 * - "ours": a workbook whose only worksheet is an ABC sheet (named "ABC" in either language) holding a
 *   row with the six headers of the ABC table (Rank, Customer, Value, Share, Cumulative share, Class, or
 *   their Norwegian labels) next to each other, wherever that row is. `typed` lists (A1, in sheet order)
 *   the non-blank cells `kam analyze` would not write there again: notes a person typed beside or below
 *   the table, which replacing the file would lose;
 * - "foreign": anything else (another workbook, a plan, a file that is not a readable .xlsx), with why.
 */
export type AnalyzeOutputKind =
  | { kind: "none" }
  | { kind: "ours"; sheet: string; typed: string[] }
  | { kind: "foreign"; why: string };

/** Decides what an existing `kam analyze --out` file is (see `AnalyzeOutputKind`). */
export async function analyzeOutputKind(path: string): Promise<AnalyzeOutputKind> {
  try {
    if (!(await stat(path)).isFile()) return { kind: "none" };
  } catch {
    return { kind: "none" };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load((await readFile(path)) as never);
  } catch {
    return { kind: "foreign", why: "it is not a readable .xlsx workbook" };
  }
  const sheets = workbook.worksheets;
  const abcNames = new Set(LANGUAGES.map((l) => SHEET_LABELS[l]["abc.sheet"].toLowerCase()));
  const others = sheets.filter((ws) => !abcNames.has(ws.name.toLowerCase()));
  if (others.length > 0) {
    const names = others.slice(0, 3).map((ws) => `"${ws.name}"`).join(", ") + (others.length > 3 ? ` and ${others.length - 3} more` : "");
    return { kind: "foreign", why: `it has other sheets than ABC: ${names}` };
  }
  const header = sheets.length === 1 ? abcHeaderCell(sheets[0]) : undefined;
  if (!header) {
    return { kind: "foreign", why: "its ABC sheet is not one kam analyze wrote (no ABC table headers)" };
  }
  return { kind: "ours", sheet: sheets[0].name, typed: typedCells(sheets[0], header) };
}

const LANGUAGES: SheetLanguage[] = ["en", "nb"];

/**
 * The ABC table's header rows as kam writes them: in each language, without and with the Name column
 * right of Customer (`kam analyze --name`, issue 11), as src/sheets/abc/build.ts lays them out.
 */
const ABC_HEADERS: { texts: string[]; names: boolean }[] = LANGUAGES.flatMap((l) =>
  [false, true].map((names) => ({
    names,
    texts: [
      "abc.col.rank",
      "abc.col.customer",
      ...(names ? (["abc.col.name"] as const) : []),
      "abc.col.value",
      "abc.col.share",
      "abc.col.cumulativeShare",
      "abc.col.class",
    ].map((k) => SHEET_LABELS[l][k as SheetLabelKey]),
  })),
);

/** Text of a cell as a person sees it typed ("" for blank); formulas count as their formula. */
function cellText(cell: ExcelJS.Cell): string {
  if (cell.type === ExcelJS.ValueType.Merge) return "";
  if (cell.type === ExcelJS.ValueType.Formula) return `=${cell.formula}`;
  const v = cell.value;
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v.trim();
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("").trim();
  return String(v);
}

/**
 * The 1-based row and column of the first cell of a row holding the ABC table headers of one language
 * (`ABC_HEADERS`) in adjacent cells, and whether they include the Name column; undefined when there is none.
 */
function abcHeaderCell(ws: ExcelJS.Worksheet): { row: number; col: number; names: boolean } | undefined {
  let found: { row: number; col: number; names: boolean } | undefined;
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (found) return;
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => (texts[c - 1] = typeof cell.value === "string" ? cell.value : ""));
    for (const h of ABC_HEADERS) {
      for (let c = 0; c + h.texts.length <= texts.length && !found; c++) {
        if (texts.slice(c, c + h.texts.length).join("\u0000") === h.texts.join("\u0000")) found = { row: r, col: c + 1, names: h.names };
      }
    }
  });
  return found;
}

/**
 * Non-blank cells of an ABC sheet that `kam analyze` does not generate, as A1 addresses in row order.
 * What it generates is taken from the ABC sheet's own builder (`buildAbcSheet`, rendered as the file is),
 * for a table as long as the old one (its rows: a number under Rank, from the header down), placed where
 * the old table's header is; every other non-blank cell was typed by a person. A file from before the
 * summary moved above the table (issue 11) has it at H1:K13 instead: those cells count as generated.
 */
function typedCells(ws: ExcelJS.Worksheet, header: { row: number; col: number; names: boolean }): string[] {
  let rows = 0;
  while (typeof ws.getCell(header.row + 1 + rows, header.col).value === "number") rows++;
  const names = Array.from({ length: rows }, (_, i) => `c${i + 1}`);
  const dummy = abcTable(names, names.map((_, i) => rows - i), { thresholds: [...DEFAULT_VALUE_THRESHOLDS] });
  const spec = buildAbcSheet(dummy, {
    language: "en",
    valueLabel: "Value",
    thresholds: DEFAULT_VALUE_THRESHOLDS,
    method: "value",
    names: header.names ? new Map(names.map((n) => [n, n])) : undefined,
  });
  const generated = renderXlsx({ sheets: [spec] }).worksheets[0];
  const typed: string[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (cellText(cell) === "") return;
      // The generated sheet's table header is on row ABC_TABLE_ROW + 1 (the summary above it).
      const gr = r - header.row + ABC_TABLE_ROW + 1;
      const gc = c - header.col + 1;
      let mine = gr >= 1 && gc >= 1 && cellText(generated.getCell(gr, gc)) !== "";
      // A file written before issue 11 has its summary beside the table instead (H1:K13, header at A1).
      if (!mine && header.row === 1 && header.col === 1 && r <= 13 && c >= 8 && c <= 11) mine = true;
      if (!mine) typed.push(a1(r - 1, c - 1));
    });
  });
  return typed;
}

/**
 * The refusal of `kam analyze --out` over its own earlier output in which a person typed cells the ABC
 * sheet does not generate: names up to five of them ("and N more") and the two ways on.
 */
export function typedCellsError(path: string, sheet: string, typed: string[]): KamError {
  // Only the five shown are qualified with the sheet's name; the rest count.
  const cells = problemList(typed.map((a, i) => (i < 5 ? sheetQualified(sheet, a) : a)), 5);
  return new KamError("file", "out.typedCells", { name: basename(path), cells }, { source: basename(path) });
}

/** One thing a refresh would lose: where (a sheet's name, or undefined for the workbook) and what. */
export interface Loss {
  sheet?: string;
  what: string;
}

export interface PackageInventory {
  /** What ExcelJS would drop, per sheet and for the workbook; empty when the refresh loses nothing. */
  losses: Loss[];
  /** The tables on the user's own sheets, to be put back exactly after the refresh. */
  keptTables: KeptTable[];
}

/**
 * Lists what a refresh through ExcelJS would lose from an existing workbook, by reading the parts and
 * relationships of its zip (ECMA-376 part 2), and collects the user's tables.
 * Rules:
 * - the package, the workbook and each worksheet may only relate to parts ExcelJS carries (worksheets,
 *   styles, shared strings, theme, tables, hyperlinks); anything else is a loss, named for a person;
 * - document custom properties count only when there is at least one (LibreOffice writes an empty part);
 * - printer settings (a binary copy of the printer driver's state) and calculation chains are not
 *   counted: Excel rebuilds them, and the page setup itself is carried;
 * - sheet custom properties are counted on the user's sheets only: on the add-in's own sheets they are
 *   the add-in's (its task pane writes them) and the sheet is regenerated anyway;
 * - in a worksheet, sparklines, data validations kept in the Excel 2010 extension, protected ranges,
 *   scenarios and custom views are counted (ExcelJS does not read them), and so are cell links a refresh
 *   would lose (`lostLinks`), named by cell;
 * - notes (legacy comments) are carried on the user's sheets (ExcelJS reads and writes them) and counted,
 *   by cell, on the add-in's (the sheet is regenerated); threaded comments are counted everywhere;
 * - defined names other than print areas and titles are counted when ExcelJS cannot carry them (scoped
 *   to one sheet, or a formula or constant rather than a range);
 * - a table on a user's sheet is carried exactly, with the differential formats it refers to, unless it
 *   has a query (a connection); a table on one of the add-in's sheets other than its own ABC table
 *   (recognised by its column headers) is a loss.
 * @param ours lower-case names of the sheets the refresh regenerates (their tables are the add-in's).
 */
export async function inspectPackage(bytes: Uint8Array | Buffer, ours: Set<string>): Promise<PackageInventory> {
  const zip = await JSZip.loadAsync(bytes);
  const text = async (part: string): Promise<string | undefined> => zip.file(part)?.async("string");
  const losses: Loss[] = [];
  const keptTables: KeptTable[] = [];
  const add = (what: string, sheet?: string): void => {
    if (!losses.some((l) => l.sheet === sheet && l.what === what)) losses.push({ sheet, what });
  };

  for (const rel of await relationships(zip, "")) {
    if (PACKAGE_CARRIED.has(rel.type)) continue;
    // LibreOffice writes an empty custom-properties part into every file it saves.
    if (rel.type === "custom-properties" && !/<(?:\w+:)?property\b/.test((await text(rel.target)) ?? "")) continue;
    add(PACKAGE_LABELS[rel.type] ?? `package part "${rel.target}"`);
  }

  const workbookXml = (await text("xl/workbook.xml")) ?? "";
  const workbookRels = await relationships(zip, "xl/workbook.xml");
  const sheetTargets = new Map(workbookRels.map((r) => [r.id, r]));
  for (const rel of workbookRels) {
    if (rel.type === "worksheet") continue;
    if (!WORKBOOK_CARRIED.has(rel.type)) add(WORKBOOK_LABELS[rel.type] ?? `workbook part "${rel.target}"`);
  }
  for (const name of droppedNames(workbookXml)) add(`defined name "${name}"`);
  const dxfs = dxfElements((await text("xl/styles.xml")) ?? "");

  for (const m of workbookXml.matchAll(/<sheet\b[^>]*\/?>/g)) {
    const sheet = unescapeXml(attr(m[0], "name") ?? "");
    const rel = sheetTargets.get(attr(m[0], "r:id") ?? "");
    if (!rel || rel.type !== "worksheet") {
      add(rel?.type === "chartsheet" ? "chart sheet" : `sheet of kind ${rel?.type ?? "unknown"}`, sheet);
      continue;
    }
    const usersOwn = !ours.has(sheet.toLowerCase());
    const xml = (await text(rel.target)) ?? "";
    for (const [re, what] of SHEET_CONTENT) if (re.test(xml)) add(what, sheet);
    const links = lostLinks(xml, usersOwn);
    if (links.length > 0) add(`${links.length === 1 ? "a link on cell" : "links on cells"} ${cellList(links)} (use a =HYPERLINK formula instead: it is kept)`, sheet);
    const rels = await relationships(zip, rel.target);
    const hasComments = rels.some((r) => r.type === "comments");
    for (const r of rels) {
      if (r.type === "hyperlink" || r.type === "printerSettings") continue;
      if (r.type === "customProperty" && !usersOwn) continue;
      if (r.type === "vmlDrawing" && hasComments && onlyNotes((await text(r.target)) ?? "")) continue; // the notes' boxes
      if (r.type === "comments") {
        // ExcelJS carries notes (text and its formatting; not the box's size, nor the author of the part).
        if (usersOwn) continue;
        const cells = Array.from(((await text(r.target)) ?? "").matchAll(/<(?:\w+:)?comment\b[^>]*?\sref="([^"]*)"/g), (c) => c[1]);
        add(cells.length === 0 ? "comments (notes)" : `${cells.length === 1 ? "a note on cell" : "notes on cells"} ${cellList(cells)}`, sheet);
        continue;
      }
      if (r.type === "table") {
        const table = await inspectTable(zip, r.target, dxfs);
        // On the add-in's sheets only its own table is regenerated; anyone else's would be lost.
        if (!usersOwn && !isAbcTable(table.xml)) add(`table ${table.name}`, sheet);
        else if (usersOwn && table.problem) add(table.problem, sheet);
        else if (usersOwn) keptTables.push({ name: table.name, xml: table.xml, dxfs: table.dxfs });
        continue;
      }
      if (r.type === "drawing") {
        // The add-in's own charts on its own sheets are written again by the refresh; anything else is lost.
        for (const what of await drawingContents(zip, r.target, !usersOwn)) add(what, sheet);
        continue;
      }
      add(SHEET_LABELS_BY_TYPE[r.type] ?? `part "${r.target}"`, sheet);
    }
  }
  return { losses, keptTables };
}

/**
 * The refusal of `kam plan` when `inspectPackage` found losses: one line naming the file and, per sheet,
 * what would be lost; the file is left untouched.
 */
export function lossError(path: string, losses: Loss[]): KamError {
  // Per sheet (undefined: the workbook), in the order first met; the labels themselves are English.
  const groups = new Map<string | undefined, string[]>();
  for (const l of losses) groups.set(l.sheet, [...(groups.get(l.sheet) ?? []), l.what]);
  const parts = Array.from(groups, ([sheet, what]): ProblemRef =>
    sheet === undefined
      ? { key: "plan.loss.workbook", values: { what: problemList(what) } }
      : { key: "plan.loss.sheet", values: { sheet, what: problemList(what) } },
  );
  return new KamError("file", "plan.wouldLose", { name: basename(path), list: problemList(parts, Infinity, "list.semicolon") }, { source: basename(path) });
}

/**
 * Cells whose link (Insert > Link: a `<hyperlink>` of the sheet) a refresh would lose: on the add-in's
 * sheets every one (the sheet is regenerated from what was read, the cell's text; the add-in itself
 * writes links only as =HYPERLINK formulas); on the user's sheets those ExcelJS 4.4 drops on reading, i.e.
 * links to a place in the workbook (`location` without a relationship) and links with a screen tip.
 */
function lostLinks(sheetXml: string, usersOwn: boolean): string[] {
  const out: string[] = [];
  for (const m of sheetXml.matchAll(/<(?:\w+:)?hyperlink\b[^>]*\/?>/g)) {
    const ref = attr(m[0], "ref");
    if (ref === undefined) continue;
    const internal = attr(m[0], "r:id") === undefined;
    if (!usersOwn || internal || attr(m[0], "tooltip") !== undefined) out.push(ref);
  }
  return out;
}

/** True when a legacy VML drawing holds only the boxes of notes (no form controls or other shapes). */
function onlyNotes(vml: string): boolean {
  const kinds = Array.from(vml.matchAll(/<(?:\w+:)?ClientData\b[^>]*?\sObjectType="([^"]*)"/g), (m) => m[1]);
  const shapes = (vml.match(/<v:shape\b/g) ?? []).length;
  return kinds.every((k) => k === "Note") && shapes === kinds.length;
}

/** "B4, J10" — up to five cells, then "and N more". */
function cellList(cells: string[]): string {
  return cells.slice(0, 5).join(", ") + (cells.length > 5 ? ` and ${cells.length - 5} more` : "");
}

interface Relationship {
  id: string;
  /** Last segment of the relationship type URI, e.g. "worksheet", "chart", "vbaProject". */
  type: string;
  /** Package path of the target ("xl/worksheets/sheet1.xml"); the URL for external targets. */
  target: string;
  external: boolean;
}

/** The relationships of `part` ("" for the package itself), targets resolved to package paths. */
async function relationships(zip: JSZip, part: string): Promise<Relationship[]> {
  const dir = posix.dirname(part);
  const relsPath = part === "" ? "_rels/.rels" : `${dir === "." ? "" : dir + "/"}_rels/${posix.basename(part)}.rels`;
  const xml = await zip.file(relsPath)?.async("string");
  if (!xml) return [];
  return Array.from(xml.matchAll(/<Relationship\b[^>]*\/?>/g), (m) => {
    const target = unescapeXml(attr(m[0], "Target") ?? "");
    const external = attr(m[0], "TargetMode") === "External";
    return {
      id: attr(m[0], "Id") ?? "",
      type: (attr(m[0], "Type") ?? "").split("/").pop() ?? "",
      target: external ? target : target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(dir, target)),
      external,
    };
  });
}

function attr(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name.replace(":", "\\:")}="([^"]*)"`).exec(element)?.[1];
}

/**
 * What a drawing holds that a refresh would lose, for a person: charts, pictures, shapes; empty when
 * nothing. With `ours` (a sheet the refresh regenerates), the add-in's own charts do not count: graphic
 * frames marked as ours (`isOurChartFrame`, src/render/drawingml/drawing.ts) that point at a chart part.
 */
async function drawingContents(zip: JSZip, part: string, ours = false): Promise<string[]> {
  const rels = await relationships(zip, part);
  const xml = (await zip.file(part)?.async("string")) ?? "";
  const chartRels = new Set(rels.filter((r) => r.type === "chart" || r.type === "chartEx").map((r) => r.id));
  const frames = Array.from(xml.matchAll(/<(?:\w+:)?graphicFrame\b[\s\S]*?<\/(?:\w+:)?graphicFrame>/g), (m) => m[0]);
  const ourFrames = ours
    ? frames.filter((f) => {
        const name = unescapeXml(attr(/<(?:\w+:)?cNvPr\b[^>]*>/.exec(f)?.[0] ?? "", "name") ?? "");
        const rel = attr(/<(?:\w+:)?chart\b[^>]*>/.exec(f)?.[0] ?? "", "r:id");
        return isOurChartFrame(name) && rel !== undefined && chartRels.has(rel);
      }).length
    : 0;
  const charts = chartRels.size - ourFrames;
  const pictures = rels.filter((r) => r.type === "image").length;
  // Issue 14: orgchart: on the add-in's sheets its own shapes (named with SHAPE_PREFIX) are drawn again.
  const starts = Array.from(xml.matchAll(/<(?:\w+:)?(?:sp|cxnSp)\b/g), (m) => m.index ?? 0);
  const allShapes = starts.map((at, i) => xml.slice(at, starts[i + 1] ?? xml.length));
  const shapeName = (s: string): string => unescapeXml(attr(/<(?:\w+:)?cNvPr\b[^>]*>/.exec(s)?.[0] ?? "", "name") ?? "");
  const shapes = allShapes.filter((s) => !(ours && isOurShape(shapeName(s)))).length;
  const ourShapes = allShapes.length - shapes;
  const out: string[] = [];
  if (charts > 0) out.push(charts === 1 ? "a chart" : `${charts} charts`);
  if (pictures > 0) out.push(pictures === 1 ? "a picture" : `${pictures} pictures`);
  if (shapes > 0) out.push(shapes === 1 ? "a shape or text box" : `${shapes} shapes or text boxes`);
  // Anything else in the drawing (a group, a diagram, an object) that is not one of our charts.
  if (out.length === 0 && ((ourFrames === 0 && ourShapes === 0) || frames.length > ourFrames || /<(?:\w+:)?(?:pic|grpSp|contentPart)\b/.test(xml))) out.push("a drawing");
  return out;
}

/**
 * A table part, with the differential formats (styles.xml `<dxf>` elements, by index) it refers to; a
 * problem when it cannot be carried exactly (a query, or a format index that does not exist).
 */
async function inspectTable(
  zip: JSZip,
  part: string,
  styles: string[],
): Promise<{ name: string; xml: string; dxfs: Record<number, string>; problem?: string }> {
  const xml = (await zip.file(part)?.async("string")) ?? "";
  const name = tableAttr(xml, "name") ?? part;
  const dxfs: Record<number, string> = {};
  let problem: string | undefined;
  for (const m of xml.matchAll(/\s\w*DxfId="([0-9]+)"/g)) {
    const dxf = styles[Number(m[1])];
    if (dxf === undefined) problem = `the column formats of table ${name}`;
    else dxfs[Number(m[1])] = dxf;
  }
  if ((await relationships(zip, part)).length > 0) problem = `the query of table ${name}`;
  return { name, xml, dxfs, problem };
}

/**
 * The add-in's ABC table, recognised by content as every generated sheet is (issue 9): its column headers
 * are the ABC table's six, in one language, whatever the table is called (tblABC, or renamed).
 */
function isAbcTable(xml: string): boolean {
  const columns = Array.from(xml.matchAll(/<tableColumn\b[^>]*?\sname="([^"]*)"/g), (m) => unescapeXml(m[1])).join("\u0000");
  return ABC_HEADERS.some((h) => h.texts.join("\u0000") === columns);
}

/** Defined names ExcelJS cannot carry: scoped to a sheet, or not a plain list of ranges. */
function droppedNames(workbookXml: string): string[] {
  const out: string[] = [];
  for (const m of workbookXml.matchAll(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g)) {
    const name = unescapeXml(attr(m[1], "name") ?? "");
    if (/^_xlnm\.(Print_Area|Print_Titles|_FilterDatabase)$/i.test(name)) continue;
    const ranges = unescapeXml(m[2]).split(",");
    const plain = ranges.every((r) => /^(?:'(?:[^']|'')+'|[^'!\s]+)!\$?[A-Z]{1,3}\$?[0-9]+(?::\$?[A-Z]{1,3}\$?[0-9]+)?$/.test(r));
    if (attr(m[1], "localSheetId") !== undefined || !plain) out.push(name);
  }
  return out;
}

/**
 * Package relationships that a refresh keeps or that need not be kept: the thumbnail is Excel's preview,
 * and the task-pane part only tells Excel to reopen an add-in's pane with the file (Excel writes it for
 * every workbook in which the KAM pane was open).
 */
const PACKAGE_CARRIED = new Set(["officeDocument", "core-properties", "extended-properties", "thumbnail", "webextensiontaskpanes"]);
const PACKAGE_LABELS: Record<string, string> = {
  "custom-properties": "document custom properties",
  origin: "a digital signature",
};

/** Workbook relationships ExcelJS carries (worksheets are inspected one by one). */
const WORKBOOK_CARRIED = new Set(["styles", "sharedStrings", "theme", "calcChain"]);
const WORKBOOK_LABELS: Record<string, string> = {
  chartsheet: "a chart sheet",
  externalLink: "links to other workbooks",
  pivotCacheDefinition: "pivot tables (their caches)",
  vbaProject: "macros (VBA)",
  connections: "data connections",
  slicerCache: "slicers",
  timelineCache: "timelines",
  customXml: "custom XML data",
  person: "authors of threaded comments",
  sheetMetadata: "cell metadata (dynamic arrays or data types)",
  volatileDependencies: "real-time data links",
  powerPivotData: "a data model",
  dialogsheet: "a dialog sheet",
  macrosheet: "an Excel 4 macro sheet",
  intlMacrosheet: "an Excel 4 macro sheet",
};

/** Worksheet relationships that are losses, for a person. */
const SHEET_LABELS_BY_TYPE: Record<string, string> = {
  threadedComment: "threaded comments",
  vmlDrawing: "form controls or legacy drawing objects",
  pivotTable: "a pivot table",
  slicer: "slicers",
  timeline: "timelines",
  image: "a background picture",
  oleObject: "embedded objects",
  package: "embedded objects",
  control: "ActiveX controls",
  ctrlProp: "form controls",
  customProperty: "sheet custom properties",
  queryTable: "a query table",
  webextension: "an add-in's content",
};

/** Worksheet content (inside the sheet's XML) that ExcelJS does not read. */
const SHEET_CONTENT: [RegExp, string][] = [
  [/<(?:\w+:)?sparklineGroups\b/, "sparklines"],
  [/<extLst>[\s\S]*<(?:\w+:)?dataValidations\b/, "data validations that refer to other sheets"],
  [/<protectedRanges\b/, "protected ranges"],
  [/<scenarios\b/, "scenarios"],
  [/<customSheetViews\b/, "custom views"],
];
