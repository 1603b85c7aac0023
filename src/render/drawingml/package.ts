/**
 * Adds the charts of a WorkbookSpec to the package ExcelJS wrote (ExcelJS 4.4 writes no charts): per sheet
 * with charts, the chart parts `xl/charts/chartN.xml`, one drawing `xl/drawings/drawingN.xml` anchoring
 * them, the drawing's relationships, the sheet's `<drawing r:id>` and relationship, and the content-type
 * overrides. Called from `finishPackage` (src/render/xlsxPackage.ts), the one post-processing step.
 */
import type JSZip from "jszip";
import { posix } from "node:path";
import type { ChartSpec } from "../../plan/spec";
import type { CellLookup } from "./cells";
import { chartXml } from "./chart";
import { drawingXml } from "./drawing";
// Issue 14: orgchart
import type { ShapeSpec } from "../../plan/spec";
import { SheetGrid, shapeAnchorsXml } from "./shapes";
import { NS, XML_HEADER, xmlText } from "./xml";
import { unescapeXml } from "../xlsxPackage";

/** The charts of one sheet, as the package writer needs them. */
export interface SheetCharts {
  /** The sheet's name in the workbook (after sanitising), which the series formulas use. */
  sheet: string;
  /** The spec's stable sheet id (e.g. "kam.abc"), part of each chart's mark. */
  id: string;
  charts: ChartSpec[];
  /** What the sheet's spec knows of its cells, for the caches. */
  cells: CellLookup;
  // Issue 14: orgchart
  /** Shapes drawn in the same drawing part, and the sheet's cell sizes to place them. */
  shapes?: ShapeSpec[];
  grid?: SheetGrid;
}

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT = {
  drawing: "application/vnd.openxmlformats-officedocument.drawing+xml",
  chart: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
};

/**
 * Writes the chart parts of `sheets` into `zip` (sheets without charts are skipped).
 * @throws Error when a sheet is not in the workbook or already has a drawing (the writer does not merge
 *         into a drawing it did not make).
 */
export async function addChartParts(zip: JSZip, sheets: readonly SheetCharts[]): Promise<void> {
  const todo = sheets.filter((s) => s.charts.some((c) => c.series.length > 0) || (s.shapes?.length ?? 0) > 0);
  if (todo.length === 0) return;
  const parts = await sheetParts(zip);
  let chartNo = nextNumber(zip, /^xl\/charts\/chart([0-9]+)\.xml$/);
  let drawingNo = nextNumber(zip, /^xl\/drawings\/drawing([0-9]+)\.xml$/);
  const overrides: string[] = [];
  for (const s of todo) {
    const part = parts.get(s.sheet.toLowerCase());
    if (!part) throw new Error(`Charts for sheet "${s.sheet}", which the workbook does not have.`);
    const charts = s.charts.filter((c) => c.series.length > 0);
    const drawing = `xl/drawings/drawing${drawingNo++}.xml`;
    const relIds = charts.map((_, i) => `rId${i + 1}`);
    const targets: string[] = [];
    for (const c of charts) {
      const path = `xl/charts/chart${chartNo++}.xml`;
      zip.file(path, chartXml(c, s.sheet, s.cells));
      overrides.push(`<Override PartName="/${path}" ContentType="${CT.chart}"/>`);
      targets.push(`../charts/${posix.basename(path)}`);
    }
    const shapes = s.shapes && s.shapes.length > 0 ? shapeAnchorsXml(s.shapes, s.grid ?? {}, charts.length + 2) : "";
    zip.file(drawing, drawingXml(s.id, charts, relIds, shapes));
    if (charts.length > 0) zip.file(relsPath(drawing), relsXml(relIds.map((id, i) => relationship(id, "chart", targets[i]))));
    overrides.push(`<Override PartName="/${drawing}" ContentType="${CT.drawing}"/>`);
    await linkDrawing(zip, part, `../drawings/${posix.basename(drawing)}`);
  }
  const types = (await zip.file("[Content_Types].xml")?.async("string")) ?? "";
  zip.file("[Content_Types].xml", types.replace("</Types>", overrides.join("") + "</Types>"));
}

/** Lower-case sheet name → its worksheet part path, from workbook.xml and its relationships. */
export async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
  const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*\/?>/g)) {
    const id = attr(m[0], "Id");
    const target = attr(m[0], "Target");
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join("xl", target)));
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*\/?>/g)) {
    const name = attr(m[0], "name");
    const target = targets.get(attr(m[0], "r:id") ?? "");
    if (name !== undefined && target) out.set(unescapeXml(name).toLowerCase(), target);
  }
  return out;
}

/** Adds `<drawing r:id>` to a sheet part (at its place in CT_Worksheet's sequence) and the relationship. */
async function linkDrawing(zip: JSZip, part: string, target: string): Promise<void> {
  let xml = (await zip.file(part)?.async("string")) ?? "";
  if (/<drawing\b/.test(xml)) throw new Error(`Sheet part ${part} already has a drawing.`);
  const rels = (await zip.file(relsPath(part))?.async("string")) ?? relsXml([]);
  const used = new Set(Array.from(rels.matchAll(/\bId="([^"]*)"/g), (m) => m[1]));
  let n = 1;
  while (used.has(`rIdKamDrawing${n}`)) n++;
  const id = `rIdKamDrawing${n}`;
  zip.file(relsPath(part), rels.replace(/<\/Relationships>\s*$/, relationship(id, "drawing", target) + "</Relationships>"));
  if (!/<worksheet\b[^>]*\sxmlns:r=/.test(xml)) xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${REL}"`);
  const after = /<(?:legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/.exec(xml);
  const at = after?.index ?? xml.length;
  zip.file(part, xml.slice(0, at) + `<drawing r:id="${id}"/>` + xml.slice(at));
}

function relsPath(part: string): string {
  return posix.join(posix.dirname(part), "_rels", posix.basename(part) + ".rels");
}

function relsXml(items: string[]): string {
  return XML_HEADER + `<Relationships xmlns="${NS.rels}">${items.join("")}</Relationships>`;
}

function relationship(id: string, type: string, target: string): string {
  return `<Relationship Id="${id}" Type="${REL}/${type}" Target="${xmlText(target)}"/>`;
}

/** One more than the highest N of the parts matching `re` (1 when there are none). */
function nextNumber(zip: JSZip, re: RegExp): number {
  let max = 0;
  zip.forEach((path) => {
    const m = re.exec(path);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return max + 1;
}

function attr(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name.replace(":", "\\:")}="([^"]*)"`).exec(element)?.[1];
}

