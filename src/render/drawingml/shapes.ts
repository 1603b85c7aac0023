/**
 * Issue 14: orgchart. The ShapeSpecs of a sheet as DrawingML anchors of its drawing part (ECMA-376 part 1
 * §20.5, dml-spreadsheetDrawing.xsd): a box is an `xdr:sp` (rounded rectangle with text), a line an
 * `xdr:cxnSp` (straight connector, glued to its boxes when the spec names them). Each is a two-cell anchor (`editAs="oneCell"`: it moves with the cells
 * but keeps its size when a person resizes them): the cells holding its top-left and bottom-right corners
 * plus the offsets inside them. Both ends of a line and both corners of a box are placed on the same cell
 * grid, so a line still meets its boxes when an application sizes the columns a little differently from
 * the estimate below (LibreOffice does: with one-cell anchors the lines drifted off their boxes).
 *
 * Shapes are placed in points from their anchor cell's corner; the cell grid comes from the sheet's
 * column widths (characters → ≈ 7 px + 5 px padding, 0.75 pt per px, as Excel shows Calibri 11) and
 * row heights (default 15 pt). Our shapes are recognised by their name's prefix (SHAPE_PREFIX).
 */
import { BOX_SITE, SHAPE_PREFIX, type ShapeSpec } from "../../plan/spec";
import { rgb, xmlText } from "./xml";

/** EMU per point (12,700). */
export const EMU_PER_POINT = 12700;

/** Column widths (characters) and row heights (points) of a sheet, by 0-based index. */
export interface SheetGrid {
  columnWidths?: Record<number, number>;
  rowHeights?: Record<number, number>;
}

const DEFAULT_COL_CHARS = 8.43;
const DEFAULT_ROW_POINTS = 15;

function colPoints(grid: SheetGrid, c: number): number {
  return (
    Math.round((grid.columnWidths?.[c] ?? DEFAULT_COL_CHARS) * 7 + 5) * 0.75
  );
}
function rowPoints(grid: SheetGrid, r: number): number {
  return grid.rowHeights?.[r] ?? DEFAULT_ROW_POINTS;
}

/** True for a shape name the add-in wrote (and a refresh replaces). */
export function isOurShape(name: string): boolean {
  return name.startsWith(SHAPE_PREFIX);
}

/** The cell (0-based) and offset inside it, in EMU, of a point `x`, `y` points right/down of cell (row, col). */
function cellAt(
  grid: SheetGrid,
  row: number,
  col: number,
  x: number,
  y: number,
): { col: number; colOff: number; row: number; rowOff: number } {
  let c = col;
  let dx = x;
  while (dx >= colPoints(grid, c)) dx -= colPoints(grid, c++);
  let r = row;
  let dy = y;
  while (dy >= rowPoints(grid, r)) dy -= rowPoints(grid, r++);
  return {
    col: c,
    colOff: Math.round(dx * EMU_PER_POINT),
    row: r,
    rowOff: Math.round(dy * EMU_PER_POINT),
  };
}

/** Points from the sheet's top-left corner to cell (row, col)'s corner. */
function origin(
  grid: SheetGrid,
  row: number,
  col: number,
): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let c = 0; c < col; c++) x += colPoints(grid, c);
  for (let r = 0; r < row; r++) y += rowPoints(grid, r);
  return { x, y };
}

const solid = (color: string): string =>
  `<a:solidFill><a:srgbClr val="${rgb(color)}"/></a:solidFill>`;

/**
 * The anchors of `shapes` (drawing-part XML fragments), with drawing-object ids from `firstId` on.
 * A line with negative width is stored as its bounding box flipped horizontally.
 */
export function shapeAnchorsXml(
  shapes: readonly ShapeSpec[],
  grid: SheetGrid,
  firstId: number,
): string {
  const idOf = new Map(shapes.map((s, i) => [s.name, firstId + i]));
  // A line glued to its boxes (`stCxn`/`endCxn`: drawing-object id and connection site of each end).
  const glue = (s: ShapeSpec): string => {
    const from = s.from !== undefined ? idOf.get(s.from) : undefined;
    const to = s.to !== undefined ? idOf.get(s.to) : undefined;
    const st =
      from !== undefined
        ? `<a:stCxn id="${from}" idx="${BOX_SITE.bottom}"/>`
        : "";
    const end =
      to !== undefined ? `<a:endCxn id="${to}" idx="${BOX_SITE.top}"/>` : "";
    return st || end
      ? `<xdr:cNvCxnSpPr>${st}${end}</xdr:cNvCxnSpPr>`
      : "<xdr:cNvCxnSpPr/>";
  };
  return shapes
    .map((s, i) => {
      const left = Math.min(s.x, s.x + s.w);
      const top = Math.min(s.y, s.y + s.h);
      const w = Math.abs(s.w);
      const h = Math.abs(s.h);
      const at = cellAt(grid, s.row, s.col, left, top);
      const o = origin(grid, s.row, s.col);
      const emu = (p: number): number => Math.round(p * EMU_PER_POINT);
      const end = cellAt(grid, s.row, s.col, left + w, top + h);
      const corner = (tag: "from" | "to", p: typeof at): string =>
        `<xdr:${tag}><xdr:col>${p.col}</xdr:col><xdr:colOff>${p.colOff}</xdr:colOff>` +
        `<xdr:row>${p.row}</xdr:row><xdr:rowOff>${p.rowOff}</xdr:rowOff></xdr:${tag}>`;
      const from = corner("from", at) + corner("to", end);
      const flip = s.kind === "line" && s.w < 0 !== s.h < 0 ? ' flipH="1"' : "";
      const xfrm = `<a:xfrm${flip}><a:off x="${emu(o.x + left)}" y="${emu(o.y + top)}"/><a:ext cx="${emu(w)}" cy="${emu(h)}"/></a:xfrm>`;
      const name = xmlText(s.name);
      const id = firstId + i;
      let body: string;
      if (s.kind === "line") {
        body =
          `<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="${id}" name="${name}"/>${glue(s)}</xdr:nvCxnSpPr>` +
          `<xdr:spPr>${xfrm}<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="12700">${solid(s.line ?? "#595959")}</a:ln></xdr:spPr></xdr:cxnSp>`;
      } else {
        const paragraphs = (s.text ?? [""]).map(
          (t, k) =>
            `<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-US" sz="${k === 0 ? 800 : 700}" b="${k === 0 ? 1 : 0}">${solid("#000000")}</a:rPr>` +
            `<a:t>${xmlText(t)}</a:t></a:r></a:p>`,
        );
        body =
          `<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="${id}" name="${name}"/><xdr:cNvSpPr/></xdr:nvSpPr>` +
          `<xdr:spPr>${xfrm}<a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>${solid(s.fill ?? "#FFFFFF")}` +
          `<a:ln w="9525">${solid(s.line ?? "#7F7F7F")}</a:ln></xdr:spPr>` +
          `<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" wrap="square" lIns="18000" tIns="18000" rIns="18000" bIns="18000" rtlCol="0" anchor="ctr"/>` +
          `<a:lstStyle/>${paragraphs.join("")}</xdr:txBody></xdr:sp>`;
      }
      return `<xdr:twoCellAnchor editAs="oneCell">${from}${body}<xdr:clientData/></xdr:twoCellAnchor>`;
    })
    .join("");
}
