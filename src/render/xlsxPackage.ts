/**
 * Last step of every .xlsx the CLI writes: small corrections to the package ExcelJS 4.4 produces, made on
 * the zipped XML so the file is what Excel writes itself and passes the OOXML schemas (issue 10 part 5).
 * Each fix exists because of one ExcelJS behaviour; remove a fix when ExcelJS stops doing it.
 *
 * 1. Print areas and print titles (`_xlnm.Print_Area`, `_xlnm.Print_Titles`): ExcelJS writes
 *    `'<sheet name>'!$A1:$M107`, quoting the name without doubling its apostrophes and leaving the rows
 *    relative. For a sheet such as "Plan O'Brien" Excel "repairs" the file (drops the print area) and
 *    ExcelJS cannot read it back, so a refresh failed. They are rewritten with `sheetQualified` (the one
 *    builder of sheet references), absolute as Excel stores them; a print area of several ranges, which
 *    ExcelJS writes as several defined names with the same name and sheet (a duplicate Excel refuses),
 *    becomes one name with a comma-separated list.
 * 2. The user's tables on sheets a refresh passes through: ExcelJS rewrites every table it loaded and
 *    loses attributes on the way (a table without `headerRowCount`, i.e. with its default header row,
 *    comes back with `headerRowCount="0"`, turning the header into data; `totalsRowShown`, `xr:uid`,
 *    sort state and column formats change). The original table part is put back byte for byte (the
 *    sheet's cells, which ExcelJS does carry, are unchanged); table ids of the other tables are moved
 *    aside if they would clash with a restored one (ids are unique per workbook). The differential
 *    formats a table refers to (`dataDxfId`, `headerRowDxfId`, … : indexes into styles.xml's `<dxfs>`,
 *    which ExcelJS rebuilds from conditional formats only) are appended to the new `<dxfs>` and the
 *    table's indexes renumbered to them: the only attribute values that change are those indexes.
 * 3. Charts: ExcelJS writes none, so the WorkbookSpec's charts are added as DrawingML parts
 *    (src/render/drawingml/, option `charts`).
 */
import JSZip from "jszip";
import { sheetQualified, sheetRef } from "../sheets/kit/address";
import { SheetCharts, addChartParts } from "./drawingml/package";

/** A table of the user's, carried through a refresh: its name and the XML of its original part. */
export interface KeptTable {
  name: string;
  xml: string;
  /** The `<dxf>` elements the table refers to, by their index in the original styles.xml. */
  dxfs?: Record<number, string>;
}

export interface FinishOptions {
  /** User tables whose original parts replace ExcelJS's rewrite of them (fix 2). */
  keptTables?: KeptTable[];
  /** Charts to add, per sheet (fix 3); `writeWorkbookFile` passes those `renderXlsx` recorded. */
  charts?: SheetCharts[];
}

/**
 * Applies the corrections above to an .xlsx package.
 * @param bytes the package as ExcelJS wrote it.
 * @returns the corrected package (the parts not corrected are unchanged, in the same order).
 */
export async function finishPackage(bytes: Uint8Array, options: FinishOptions = {}): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const changed = await finishZip(zip, options);
  return changed ? zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } }) : bytes;
}

/**
 * The corrections of `finishPackage` on a package already opened, for a writer that zips the result
 * itself (src/render/xlsxBulk.ts).
 * @returns whether any part changed.
 */
export async function finishZip(zip: JSZip, options: FinishOptions = {}): Promise<boolean> {
  let changed = false;
  const workbook = await zip.file("xl/workbook.xml")?.async("string");
  const fixed = workbook === undefined ? undefined : fixPrintNames(workbook);
  if (fixed !== undefined && fixed !== workbook) {
    zip.file("xl/workbook.xml", fixed);
    changed = true;
  }
  if (options.keptTables && options.keptTables.length > 0) {
    await restoreTables(zip, options.keptTables);
    changed = true;
  }
  // Issue 14: orgchart (shapes are written into the charts' drawing part)
  if (options.charts && options.charts.some((s) => s.charts.length > 0 || (s.shapes?.length ?? 0) > 0)) {
    await addChartParts(zip, options.charts);
    changed = true;
  }
  return changed;
}

/** Fix 1: print areas and titles with correctly quoted sheet names and absolute references, one per sheet. */
export function fixPrintNames(xml: string): string {
  const sheetsXml = /<sheets>([\s\S]*?)<\/sheets>/.exec(xml)?.[1] ?? "";
  const sheets = Array.from(sheetsXml.matchAll(/<sheet\b[^>]*?\bname="([^"]*)"/g), (m) => unescapeXml(m[1]));
  const merged = new Map<string, string[]>();
  const out = xml.replace(/<definedName\b([^>]*)>([^<]*)<\/definedName>/g, (whole, attrs: string, text: string) => {
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    const local = /\blocalSheetId="([0-9]+)"/.exec(attrs)?.[1];
    if ((name !== "_xlnm.Print_Area" && name !== "_xlnm.Print_Titles") || local === undefined) return whole;
    const sheet = sheets[Number(local)];
    const refs = sheet === undefined ? undefined : splitSheetRefs(unescapeXml(text), sheet);
    if (!refs) return whole; // not the shape ExcelJS writes: leave it as it is
    const key = `${name} ${local}`;
    const seen = merged.get(key);
    if (seen) {
      seen.push(...refs);
      return "";
    }
    merged.set(key, refs);
    return `<definedName${attrs}>\u0000${key}\u0000</definedName>`;
  });
  return out.replace(/\u0000([^\u0000]*)\u0000/g, (_m, key: string) => {
    const sheet = sheets[Number(key.split(" ")[1])];
    return escapeXml(sheetQualified(sheet, (merged.get(key) ?? []).join(","), true));
  });
}

/**
 * The ranges of a defined name whose every range is on `sheet`, written either as ExcelJS does
 * (`'name'!` without doubled apostrophes) or correctly; undefined for anything else.
 */
function splitSheetRefs(text: string, sheet: string): string[] | undefined {
  const prefixes = [`'${sheet}'!`, `${sheetRef(sheet)}!`];
  const refs: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const prefix = prefixes.find((p) => text.startsWith(p, pos));
    if (!prefix) return undefined;
    pos += prefix.length;
    const range = /^[$A-Za-z0-9:]+/.exec(text.slice(pos))?.[0];
    if (!range) return undefined;
    refs.push(range);
    pos += range.length;
    if (pos < text.length) {
      if (text[pos] !== ",") return undefined;
      pos++;
    }
  }
  return refs.length > 0 ? refs : undefined;
}

/** Fix 2: the original parts of the user's tables replace ExcelJS's rewrite; clashing ids move aside. */
async function restoreTables(zip: JSZip, kept: KeptTable[]): Promise<void> {
  const byName = new Map(kept.map((t) => [t.name.toLowerCase(), t]));
  const parts = zip.file(/^xl\/tables\/[^/]+\.xml$/);
  const written = await Promise.all(parts.map(async (f) => ({ path: f.name, xml: await f.async("string") })));
  const keptIds = new Set<number>();
  const others: { path: string; xml: string }[] = [];
  const styles = new DxfAppender((await zip.file("xl/styles.xml")?.async("string")) ?? "");
  for (const part of written) {
    const table = byName.get((tableAttr(part.xml, "name") ?? "").toLowerCase());
    if (table === undefined) {
      others.push(part);
      continue;
    }
    zip.file(part.path, styles.remap(table));
    keptIds.add(Number(tableAttr(table.xml, "id")));
  }
  if (styles.changed) zip.file("xl/styles.xml", styles.xml());
  const used = new Set(keptIds);
  let next = Math.max(0, ...written.map((p) => Number(tableAttr(p.xml, "id")) || 0), ...keptIds) + 1;
  for (const part of others) {
    const id = Number(tableAttr(part.xml, "id"));
    if (!used.has(id)) {
      used.add(id);
      continue;
    }
    used.add(next);
    zip.file(part.path, part.xml.replace(/(<table\b[^>]*?\sid=")[0-9]+"/, `$1${next++}"`));
  }
}

/** The `<dxf>` elements of a styles.xml part, in index order. */
export function dxfElements(stylesXml: string): string[] {
  const list = /<dxfs\b[^>]*>([\s\S]*?)<\/dxfs>/.exec(stylesXml)?.[1] ?? "";
  return list.match(/<dxf\b[^>]*\/>|<dxf\b[^>]*>[\s\S]*?<\/dxf>/g) ?? [];
}

/** Appends kept tables' differential formats to a styles.xml and renumbers the tables' references. */
class DxfAppender {
  private readonly added: string[] = [];
  private readonly base: number;
  constructor(private readonly styles: string) {
    this.base = dxfElements(styles).length;
  }
  get changed(): boolean {
    return this.added.length > 0;
  }
  /** The table's original XML with every `…DxfId` pointing at its format's new index. */
  remap(table: KeptTable): string {
    const index = new Map<number, number>();
    return table.xml.replace(/(\s\w*DxfId=")([0-9]+)"/g, (whole, pre: string, id: string) => {
      const dxf = table.dxfs?.[Number(id)];
      if (dxf === undefined) return whole;
      if (!index.has(Number(id))) {
        index.set(Number(id), this.base + this.added.length);
        this.added.push(dxf);
      }
      return `${pre}${index.get(Number(id))}"`;
    });
  }
  xml(): string {
    const all = [...dxfElements(this.styles), ...this.added];
    const dxfs = `<dxfs count="${all.length}">${all.join("")}</dxfs>`;
    return /<dxfs\b[^>]*\/>|<dxfs\b[^>]*>[\s\S]*?<\/dxfs>/.test(this.styles)
      ? this.styles.replace(/<dxfs\b[^>]*\/>|<dxfs\b[^>]*>[\s\S]*?<\/dxfs>/, () => dxfs)
      : this.styles.replace(/(<tableStyles\b|<colors\b|<extLst\b|<\/styleSheet>)/, (m) => dxfs + m);
  }
}

/** An attribute of the root `<table>` element of a table part. */
export function tableAttr(xml: string, attr: string): string | undefined {
  const root = /<table\b[^>]*>/.exec(xml)?.[0] ?? "";
  const value = new RegExp(`\\s${attr}="([^"]*)"`).exec(root)?.[1];
  return value === undefined ? undefined : unescapeXml(value);
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML text or attribute value → string (the five named entities and numeric character references). */
export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, e: string) =>
    e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : XML_ENTITIES[e],
  );
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
