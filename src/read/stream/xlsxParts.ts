/**
 * The small parts of an .xlsx that a worksheet's cells need, read whole (they are small next to the
 * sheet): the workbook's sheet list and date system, relationships, which cell styles are dates, the
 * shared strings, and the tables' Total rows.
 *
 * Each rule copies what ExcelJS 4.4 does when it loads a workbook whole (src/read/xlsx.ts), so the streamed
 * path and the whole-file path read the same cells; the ExcelJS source file is named at each rule.
 * Only elements without a namespace prefix are read, as ExcelJS does.
 */
import { KamError } from "../../core/errors";
import { type TableExtent, tableTotalsRows } from "../../core/totalRow";

/** One `<tag …>` start tag (or empty-element tag): its attributes, decoded. */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag)) !== null) out[m[1]] = decodeEntities(m[2] ?? m[3]);
  return out;
}

/** Every start tag `<name …>` or `<name …/>` of an XML text, in order. */
export function* startTags(xml: string, name: string): Generator<Record<string, string>> {
  const re = new RegExp(`<${name}(?=[\\s/>])[^>]*>`, "g");
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) yield attributes(m[0]);
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** XML character data with its entity and character references replaced (what a SAX parser hands over). */
export function decodeEntities(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref[0] !== "#") return NAMED[ref] ?? all;
    const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

/** ExcelJS `utils.xmlDecode`: a second pass over named entities, applied to `t="str"` cells and results. */
export function xmlDecodeAgain(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&([a-z]*);/g, (all, name: string) => NAMED[name] ?? all);
}

/** ExcelJS `TextXform`: `_xHHHH_` escapes (ECMA-376 Part 1 §22.9.2.19 ST_Xstring) in shared strings and rich text runs. */
export function unescapeX(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-F]{4})_/g, (_all, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A sheet listed in workbook.xml that is a worksheet part in the package. */
export interface SheetEntry {
  name: string;
  /** "hidden", "veryHidden", "visible" or undefined. */
  state?: string;
  /** The worksheet part, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
}

/** Relationships part → Id → { Target, Type }. */
export function relationships(xml: string): Map<string, { target: string; type: string }> {
  const rels = new Map<string, { target: string; type: string }>();
  for (const a of startTags(xml, "Relationship")) rels.set(a.Id, { target: a.Target ?? "", type: a.Type ?? "" });
  return rels;
}

/**
 * The worksheets of workbook.xml in its order, and the date system. A sheet whose relationship does not
 * lead to a worksheet part (a chart sheet) is left out, as ExcelJS leaves it out (xlsx/xlsx.js `reconcile`:
 * `xl/` + Target without a leading `/xl/`).
 */
export function workbookSheets(workbookXml: string, relsXml: string, parts: ReadonlySet<string>): { sheets: SheetEntry[]; date1904: boolean } {
  const rels = relationships(relsXml);
  const sheets: SheetEntry[] = [];
  for (const a of startTags(workbookXml, "sheet")) {
    const rel = rels.get(a["r:id"]);
    if (!rel) continue;
    const part = `xl/${rel.target.replace(/^(\s|\/xl\/)+/, "")}`;
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(part) || !parts.has(part)) continue;
    sheets.push({ name: a.name ?? "", state: a.state, part });
  }
  // ExcelJS workbook-properties-xform: date1904 only when the attribute is exactly "1".
  const pr = startTags(workbookXml, "workbookPr").next();
  return { sheets, date1904: !pr.done && pr.value.date1904 === "1" };
}

/** Built-in number formats that are dates for ExcelJS (defaultnumformats.js through `utils.isDateFmt`). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** ExcelJS `utils.isDateFmt`: a format with y, m, d, h, M, s or b outside quotes and brackets. */
export function isDateFormat(code: string): boolean {
  return /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/**
 * Per cell style (`s` attribute = index into cellXfs), whether ExcelJS reads its numbers as dates
 * (styles-xform `getStyleModel`: the xf's numFmtId, a custom numFmt first, else a built-in one).
 */
export function dateStyles(stylesXml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const a of startTags(stylesXml, "numFmt")) custom.set(parseInt(a.numFmtId, 10), a.formatCode ?? "");
  const from = stylesXml.indexOf("<cellXfs");
  if (from < 0) return [];
  const end = stylesXml.indexOf("</cellXfs>", from);
  const xfs = stylesXml.slice(from, end < 0 ? undefined : end);
  const dates: boolean[] = [];
  for (const a of startTags(xfs, "xf")) {
    const id = parseInt(a.numFmtId, 10);
    const code = custom.get(id);
    dates.push(id ? (code ? isDateFormat(code) : BUILT_IN_DATES.has(id)) : false);
  }
  return dates;
}

/**
 * The shared strings as the whole-file reader reads them (ExcelJS shared-string-xform): rich text runs
 * joined, phonetic runs left out, `_xHHHH_` escapes resolved.
 */
export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/si>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) out.push(stringItem(m[1] ?? ""));
  return out;
}

/** The text of a `<si>` or `<is>` body: its runs joined, or its one `<t>`; phonetic runs (`<rPh>`) left out. */
export function stringItem(body: string, escapes = true): string {
  const text = body.indexOf("<rPh") >= 0 ? body.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, "") : body;
  let s = "";
  const re = /<t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/t>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) s += decodeEntities(m[1] ?? "");
  return escapes ? unescapeX(s) : s;
}

/**
 * 1-based sheet rows that are a table's Total row, from the tables a worksheet's relationships name
 * (ExcelJS table-xform: `totalsRow` when `totalsRowCount` is "1"; the last row of `ref`).
 */
export function tableTotals(tableXmls: readonly string[]): Set<number> {
  const extents: TableExtent[] = [];
  for (const xml of tableXmls) {
    const t = startTags(xml, "table").next();
    if (t.done) continue;
    const last = /(\d+)$/.exec(t.value.ref ?? "");
    if (last && t.value.totalsRowCount === "1") extents.push({ lastRow: Number(last[1]), totalsRowCount: 1 });
  }
  return tableTotalsRows(extents);
}

/** Resolves a relationship target against the folder of the part that names it (`xl/worksheets/`). */
export function resolveTarget(folder: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = folder.split("/").filter(Boolean);
  for (const seg of target.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== "." && seg !== "") parts.push(seg);
  }
  return parts.join("/");
}

/**
 * The sheet to read (one rule for both .xlsx paths): the named sheet (exact name, then ignoring case;
 * hidden ones included), else the first visible sheet — the one a user sees first, not a hidden helper
 * sheet that happens to come first. Excel keeps at least one sheet visible; a file that breaks that rule
 * falls back to the first sheet.
 * @throws KamError("file") for a workbook without sheets, or an unknown name (the message lists the sheets).
 */
export function chooseSheet<S extends { name: string; state?: string }>(sheets: readonly S[], sheet: string | undefined, source: string): S {
  if (sheets.length === 0) throw new KamError("file", "xlsx.noSheets", { source }, { source });
  if (sheet === undefined) return sheets.find((s) => s.state === undefined || s.state === "visible") ?? sheets[0];
  const found = sheets.find((s) => s.name === sheet) ?? sheets.find((s) => s.name.toLowerCase() === sheet.toLowerCase());
  if (!found) {
    const names = sheets.map((s) => s.name).join(", ");
    throw new KamError("file", "xlsx.noSheet", { sheet, source, available: names }, { source, column: sheet });
  }
  return found;
}
