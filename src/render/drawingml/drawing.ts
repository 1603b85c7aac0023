/**
 * The drawing part of one sheet (`xl/drawings/drawingN.xml`, ECMA-376 part 1 §20.5, dml-spreadsheetDrawing.xsd):
 * one two-cell anchor per chart, holding a graphic frame that points at the chart part.
 *
 * Our mark: every graphic frame we write is named `KAM: <sheet id>/<chart number>` (cNvPr `name`, shown in
 * Excel's selection pane) with the same text in `descr`. A refresh recognises the add-in's charts by it
 * (`isOurChartFrame`) and lets them through, since they are written again; any other chart is a person's.
 */
import type { ChartSpec } from "../../plan/spec";
import { NS, XML_HEADER, xmlText } from "./xml";

export const CHART_MARK_PREFIX = "KAM: ";

/** The name of our graphic frame for chart `index` (0-based) of the sheet with id `sheetId`. */
export function chartFrameName(sheetId: string, index: number): string {
  return `${CHART_MARK_PREFIX}${sheetId}/${index + 1}`;
}

/**
 * True when a graphic frame's cNvPr name is one of ours (see above). A plan sheet's id holds its customer
 * key ("kam.plan:O'Brien / Søn"), so anything may stand between "kam." and the last "/n".
 */
export function isOurChartFrame(name: string): boolean {
  return /^KAM: kam\..+\/[0-9]+$/s.test(name);
}

/**
 * The drawing XML anchoring `charts` (each to its relationship id in `relIds`, same order).
 * An anchor spans the chart's cells: from (row, col) to (row + heightRows, col + widthCols), moving and
 * sizing with the cells (Excel's default for charts). `shapes`: further anchors (Issue 14: orgchart, the
 * sheet's shapes from `shapeAnchorsXml`, ids after the charts').
 */
export function drawingXml(sheetId: string, charts: readonly ChartSpec[], relIds: readonly string[], shapes = ""): string {
  const anchors = charts.map((c, i) => {
    const name = xmlText(chartFrameName(sheetId, i));
    const at = (col: number, row: number): string =>
      `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
    return (
      `<xdr:twoCellAnchor><xdr:from>${at(c.col, c.row)}</xdr:from>` +
      `<xdr:to>${at(c.col + Math.max(c.widthCols, 1), c.row + Math.max(c.heightRows, 1))}</xdr:to>` +
      `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${name}" descr="${name}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${relIds[i]}"/></a:graphicData></a:graphic>` +
      "</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
    );
  });
  return XML_HEADER + `<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors.join("")}${shapes}</xdr:wsDr>`;
}
