/**
 * Issue 14: orgchart. A sheet's ShapeSpecs drawn with the Office.js shapes API (ExcelApi 1.9): a box is a
 * rounded rectangle (`shapes.addGeometricShape("RoundRectangle")`) with its text, fill and outline; a line
 * is `shapes.addLine(…, "Straight")`, glued to its boxes (`glueLine`). Each gets its spec name (SHAPE_PREFIX), which is how a
 * refresh finds
 * and deletes only the add-in's shapes (src/render/office.ts) and never a shape a person drew.
 *
 * Office.js places shapes in points from the sheet's top-left corner. The corner of a shape's anchor cell
 * is computed from the spec's column widths (`charactersToPoints`, as the renderer sets them) and row
 * heights (default 15 pt), without a read from Excel: a row Excel grows for wrapped text above the anchor
 * moves the cells below it, not the shapes (as it would move the shapes drawn with the same numbers in
 * Excel by hand).
 */
import {
  BOX_SITE,
  SHAPE_PREFIX,
  type SheetSpec,
  type ShapeSpec,
} from "../plan/spec";

const DEFAULT_COL_CHARS = 8.43;
const DEFAULT_ROW_POINTS = 15;

/** True for a shape name the add-in gave (SHAPE_PREFIX). */
export function isOurShapeName(name: string): boolean {
  return name.startsWith(SHAPE_PREFIX);
}

/** Spec width in characters → points (the same rule as `charactersToPoints` in office.ts). */
function colPoints(sheet: Pick<SheetSpec, "columnWidths">, c: number): number {
  return (
    Math.round((sheet.columnWidths?.[c] ?? DEFAULT_COL_CHARS) * 7 + 5) * 0.75
  );
}

/** Points from the sheet's top-left corner to the top-left corner of cell (row, col). */
export function cellCorner(
  sheet: Pick<SheetSpec, "columnWidths" | "rowHeights">,
  row: number,
  col: number,
): { left: number; top: number } {
  let left = 0;
  let top = 0;
  for (let c = 0; c < col; c++) left += colPoints(sheet, c);
  for (let r = 0; r < row; r++)
    top += sheet.rowHeights?.[r] ?? DEFAULT_ROW_POINTS;
  return { left, top };
}

/**
 * Queues the drawing of `shapes` on `ws` (no sync). Lines naming their boxes are glued by `glueLine`,
 * queued after every box exists (the pane draws each shape in its own small operation).
 */
export function addShapes(
  ws: Excel.Worksheet,
  shapes: readonly ShapeSpec[],
  sheet: Pick<SheetSpec, "columnWidths" | "rowHeights">,
): void {
  for (const s of shapes) {
    const o = cellCorner(sheet, s.row, s.col);
    const x = o.left + s.x;
    const y = o.top + s.y;
    if (s.kind === "line") {
      const line = ws.shapes.addLine(x, y, x + s.w, y + s.h, "Straight");
      line.name = s.name;
      line.lineFormat.color = s.line ?? "#595959";
      line.lineFormat.weight = 1;
      continue;
    }
    const box = ws.shapes.addGeometricShape("RoundRectangle");
    box.name = s.name;
    box.left = x;
    box.top = y;
    box.width = s.w;
    box.height = s.h;
    box.fill.setSolidColor(s.fill ?? "#FFFFFF");
    box.lineFormat.color = s.line ?? "#7F7F7F";
    const frame = box.textFrame;
    frame.horizontalAlignment = "Center";
    frame.verticalAlignment = "Middle";
    frame.textRange.text = (s.text ?? []).join("\n");
    frame.textRange.font.size = 8;
    frame.textRange.font.color = "#000000";
  }
}

/**
 * Queues the gluing of line `s` to its boxes, found by name (`Line.connectBeginShape`/`connectEndShape`,
 * ExcelApi 1.9): the bottom centre of `from`, the top centre of `to`, so the line follows a box a person
 * moves. Does nothing for a line that names no boxes.
 */
export function glueLine(ws: Excel.Worksheet, s: ShapeSpec): void {
  if (s.kind !== "line" || (s.from === undefined && s.to === undefined)) return;
  const line = ws.shapes.getItem(s.name).line;
  if (s.from !== undefined)
    line.connectBeginShape(ws.shapes.getItem(s.from), BOX_SITE.bottom);
  if (s.to !== undefined)
    line.connectEndShape(ws.shapes.getItem(s.to), BOX_SITE.top);
}
