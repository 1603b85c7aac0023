/**
 * Edits of an .xlsx package at the zip level, for tests that need what ExcelJS cannot make: a chart added
 * to a sheet as Excel stores it (drawing part → chart part), or a table part as Excel writes it.
 */
import { posix } from "node:path";
import JSZip from "jszip";

/** The package path of a worksheet ("xl/worksheets/sheet3.xml") by its name. */
export async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const escaped = name.replace(/&/g, "&amp;").replace(/'/g, "&apos;");
  const sheet = new RegExp(`<sheet\\b[^>]*name="(?:${escape(name)}|${escape(escaped)})"[^>]*>`).exec(workbook)?.[0];
  const id = sheet && /r:id="([^"]+)"/.exec(sheet)?.[1];
  const target = id && new RegExp(`<Relationship\\b[^>]*Id="${id}"[^>]*>`).exec(rels)?.[0];
  const path = target && /Target="([^"]+)"/.exec(target)?.[1];
  if (!path) throw new Error(`no sheet "${name}" in the package`);
  return path.startsWith("/") ? path.slice(1) : posix.join("xl", path);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Adds a column chart of `range` (e.g. "'ABC'!$C$2:$C$5") to sheet `sheet`, as Excel stores one: a
 * `<drawing>` in the sheet, a drawing part anchoring a graphic frame named "Chart 1", a chart part, their
 * relationships and content types. A sheet that already has a drawing (the add-in's own charts) gets the
 * new anchor in that drawing, as Excel does. Returns the new package.
 */
export async function addChart(bytes: Uint8Array | Buffer, sheet: string, range: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const part = await sheetPart(zip, sheet);
  const relsPath = posix.join(posix.dirname(part), "_rels", posix.basename(part) + ".rels");
  const rels =
    (await zip.file(relsPath)?.async("string")) ??
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const xml = await zip.file(part)!.async("string");
  const next = (re: RegExp): number => Math.max(0, ...zip.file(re).map((f) => Number(re.exec(f.name)?.[1] ?? 0))) + 1;
  const chartNo = next(/^xl\/charts\/chart([0-9]+)\.xml$/);
  const existingId = /<drawing r:id="([^"]+)"/.exec(xml)?.[1];
  const existing = existingId
    ? new RegExp(`Id="${existingId}"[^>]*Target="\\.\\./drawings/([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="\\.\\./drawings/([^"]+)"[^>]*Id="${existingId}"`).exec(rels)?.[1]
    : undefined;
  const drawing = existing ? `xl/drawings/${existing}` : `xl/drawings/drawing${next(/^xl\/drawings\/drawing([0-9]+)\.xml$/)}.xml`;
  const drawingRels = posix.join("xl/drawings/_rels", posix.basename(drawing) + ".rels");
  const chartRel = "rIdUserChart1";
  const anchor =
    "<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>40</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>" +
    "<xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>55</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>" +
    '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="99" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
    `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${chartRel}"/>` +
    "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>";
  const relItem = `<Relationship Id="${chartRel}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart${chartNo}.xml"/>`;
  if (existing) {
    zip.file(drawing, (await zip.file(drawing)!.async("string")).replace("</xdr:wsDr>", anchor + "</xdr:wsDr>"));
    zip.file(drawingRels, (await zip.file(drawingRels)!.async("string")).replace("</Relationships>", relItem + "</Relationships>"));
  } else {
    const rId = "rIdKamChart1";
    zip.file(
      relsPath,
      rels.replace(
        "</Relationships>",
        `<Relationship Id="${rId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/${posix.basename(drawing)}"/></Relationships>`,
      ),
    );
    const at = ["<legacyDrawing", "<legacyDrawingHF", "<picture", "<oleObjects", "<controls", "<webPublishItems", "<tableParts", "<extLst", "</worksheet>"]
      .map((tag) => xml.indexOf(tag))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0];
    zip.file(part, xml.slice(0, at) + `<drawing r:id="${rId}"/>` + xml.slice(at));
    zip.file(
      drawing,
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
        anchor +
        "</xdr:wsDr>",
    );
    zip.file(drawingRels, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + relItem + "</Relationships>");
  }
  const ax = (tag: string, id: number, cross: number, pos: string): string =>
    `<c:${tag}><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:axPos val="${pos}"/><c:crossAx val="${cross}"/></c:${tag}>`;
  zip.file(
    `xl/charts/chart${chartNo}.xml`,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<c:chart><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>' +
      `<c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>${range.replace(/&/g, "&amp;")}</c:f></c:numRef></c:val></c:ser>` +
      '<c:axId val="1"/><c:axId val="2"/></c:barChart>' +
      ax("catAx", 1, 2, "b") +
      ax("valAx", 2, 1, "l") +
      "</c:plotArea></c:chart></c:chartSpace>",
  );
  const types = await zip.file("[Content_Types].xml")!.async("string");
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      (existing ? "" : `<Override PartName="/${drawing}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`) +
        `<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/></Types>`,
    ),
  );
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** The XML of the table part named `name` (by its `name` attribute), or undefined. */
export async function tablePartXml(bytes: Uint8Array | Buffer, name: string): Promise<{ path: string; xml: string } | undefined> {
  const zip = await JSZip.loadAsync(bytes);
  for (const f of zip.file(/^xl\/tables\/[^/]+\.xml$/)) {
    const xml = await f.async("string");
    if (new RegExp(`<table\\b[^>]*\\sname="${escape(name)}"`).test(xml)) return { path: f.name, xml };
  }
  return undefined;
}

/** One part's text. */
export async function partText(bytes: Uint8Array | Buffer, path: string): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(path)!.async("string");
}

/** Replaces one part's text by `edit(text)`; returns the new package. */
export async function editPart(bytes: Uint8Array | Buffer, path: string, edit: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file(path, edit(await zip.file(path)!.async("string")));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/** Every attribute of every element of an XML text, in document order: "element@attr=value" strings. */
export function xmlAttributes(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*\/?>/g)) {
    for (const a of m[2].matchAll(/([\w:]+)="([^"]*)"/g)) out.push(`${m[1]}@${a[1]}=${a[2]}`);
  }
  return out;
}
