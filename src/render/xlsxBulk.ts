/**
 * Large sheets without ExcelJS's buffered writer (issue 12: `kam analyze --out` for 388,000 customers spent
 * most of its 340 s and 3.9 GB in ExcelJS, which holds a cell object per cell and the whole package in
 * memory, then in JSZip's JavaScript deflate).
 *
 * A sheet with a table of more than BULK_ROWS rows is split into
 * - a skeleton, everything but the "band": the table with its first data row only (the sample row), and
 *   every block cut around the band. ExcelJS renders the skeleton as always (styles, shared strings so far,
 *   table part, conditional formats, print setup, views …) and `finishZip` adds the charts and corrections;
 * - the band, the table's rows after the sample row with whatever blocks write beside them, written here as
 *   `<row>` XML straight into the zip while zlib compresses it, with each column's style index read off the
 *   sample row ExcelJS wrote, and strings appended to ExcelJS's shared-string table.
 * Then the parts that name the last row are corrected: the sheet's `<dimension>` and the table's `ref` and
 * autoFilter `ref`. Conditional formats, print areas, validations and charts come from the spec, which
 * always names the full ranges.
 *
 * The band is written cell for cell as ExcelJS 4.4 writes it (attributes r, s, t in that order; a blank
 * cell with a style as `<c r s/>`, without one not at all; `spans` over every cell the renderer touched;
 * numbers as JavaScript prints them; strings shared, escaped by `xmlCellText`), so the file is the one
 * the ExcelJS path gives; test/unit/render-xlsx-bulk.test.ts compares both part by part.
 *
 * A sheet qualifies only when the band's cells are plain values laid out the same in every row: no table
 * column formulas, no formulas in blocks beside the band, every block beside it starting at or above the
 * sample row and as wide in each band row as in the sample row, no other table, merge or row height in the
 * band. Any other sheet is rendered whole by ExcelJS (inside the same workbook).
 */
import JSZip from "jszip";
import type { Block, CellValue, SheetSpec, TableSpec, WorkbookSpec } from "../plan/spec";
import { a1, columnLetter, parseA1 } from "../sheets/kit/address";
import { xmlCellText } from "./cells";
import { SheetCharts, sheetParts } from "./drawingml/package";
import { finishZip, tableAttr, unescapeXml } from "./xlsxPackage";
import { ZipWriter } from "./zip";

/** Table rows above which a sheet's rows are written here rather than through ExcelJS. */
export const BULK_ROWS = 10_000;

/**
 * zlib level of the parts holding bands (sheets, shared strings). Measured on the sheet of 388,000 rows
 * (152 MB of XML): level 6 takes 2.0 s of CPU for 16.2 MB, level 3 0.8 s for 18.2 MB, level 1 1.0 s for 19.5 MB.
 */
const BAND_LEVEL = 3;

/** One sheet's band: the rows of `table` after its first data row, and the blocks writing beside them. */
export interface Band {
  /** Index of the sheet in the spec. */
  sheet: number;
  table: TableSpec;
  /** Blocks with cells in the band rows (each also covers the sample row). */
  blocks: Block[];
}

/**
 * The bands of a spec: per sheet, its first table of more than `minRows` rows, when the sheet qualifies
 * (see the module comment). An empty list: nothing to gain, render with ExcelJS alone.
 */
export function bulkBands(spec: WorkbookSpec, minRows = BULK_ROWS): Band[] {
  const bands: Band[] = [];
  spec.sheets.forEach((sheet, i) => {
    const band = bandOf(sheet, i, minRows);
    if (band) bands.push(band);
  });
  return bands;
}

function bandOf(sheet: SheetSpec, index: number, minRows: number): Band | undefined {
  const table = sheet.tables.find((t) => t.rows.length > minRows && t.rows.length >= 2);
  if (!table || table.columnFormulas?.some((f) => !!f)) return undefined;
  const { sample, first, last } = bandRows(table);
  const inBand = (top: number, bottom: number): boolean => top <= last && bottom >= first;
  if (sheet.tables.some((t) => t !== table && inBand(t.row, t.row + Math.max(t.rows.length, 1)))) return undefined;
  if (Object.keys(sheet.rowHeights ?? {}).some((r) => inBand(Number(r), Number(r)))) return undefined;
  for (const m of sheet.merges ?? []) {
    const r = parseA1(m);
    if (!r || inBand(r.row, r.endRow)) return undefined;
  }
  const blocks = sheet.blocks.filter((b) => inBand(b.row, b.row + b.values.length - 1));
  for (const b of blocks) {
    if (b.row > sample) return undefined;
    const width = (r: number): number => Math.max(b.values[r - b.row]?.length ?? 0, b.formulas?.[r - b.row]?.length ?? 0);
    const sampleWidth = width(sample);
    const end = Math.min(last, b.row + b.values.length - 1);
    for (let r = first; r <= end; r++) {
      if (width(r) !== sampleWidth || b.formulas?.[r - b.row]?.some((f) => !!f)) return undefined;
    }
  }
  return { sheet: index, table, blocks };
}

/** 0-based rows: the sample row (first data row) and the band's first and last rows. */
function bandRows(t: TableSpec): { sample: number; first: number; last: number } {
  return { sample: t.row + 1, first: t.row + 2, last: t.row + t.rows.length };
}

/**
 * The spec ExcelJS renders: each band's table keeps its first data row, and its blocks lose the band rows
 * (a block reaching below the band keeps that part, at its own rows).
 */
export function bulkSkeleton(spec: WorkbookSpec, bands: readonly Band[]): WorkbookSpec {
  const bySheet = new Map(bands.map((b) => [b.sheet, b]));
  return {
    ...spec,
    sheets: spec.sheets.map((sheet, i) => {
      const band = bySheet.get(i);
      if (!band) return sheet;
      const { first, last } = bandRows(band.table);
      return {
        ...sheet,
        tables: sheet.tables.map((t) => (t === band.table ? { ...t, rows: t.rows.slice(0, 1) } : t)),
        blocks: sheet.blocks.flatMap((b) => (band.blocks.includes(b) ? cutBlock(b, first, last) : [b])),
      };
    }),
  };
}

function cutBlock(b: Block, first: number, last: number): Block[] {
  const above = first - b.row;
  const below = last + 1 - b.row;
  const out: Block[] = [{ ...b, values: b.values.slice(0, above), formulas: b.formulas?.slice(0, above) }];
  if (below < b.values.length) out.push({ ...b, row: last + 1, values: b.values.slice(below), formulas: b.formulas?.slice(below) });
  return out;
}

/**
 * Writes the package: ExcelJS's rendering of the skeleton (`bytes`), corrected by `finishZip` (charts from
 * the full spec's cells, print names), with each band streamed into its sheet part, to `path` (created
 * exclusively; the caller renames it into place).
 * @param names the rendered sheets' names, in spec order.
 * @throws Error when the skeleton is not what ExcelJS is known to write (a bug, not a user error).
 */
export async function writeBulkPackage(
  bytes: Uint8Array,
  names: readonly string[],
  bands: readonly Band[],
  charts: SheetCharts[],
  path: string,
): Promise<void> {
  const zip = await JSZip.loadAsync(bytes);
  await finishZip(zip, { charts });
  const parts = await sheetParts(zip);
  const sst = new SharedStrings((await zip.file("xl/sharedStrings.xml")?.async("string")) ?? "");
  const sheetData = new Map<string, Iterable<string>>();
  for (const band of bands) {
    const part = parts.get(names[band.sheet].toLowerCase());
    const xml = part === undefined ? undefined : await zip.file(part)?.async("string");
    if (part === undefined || xml === undefined) throw new Error(`No sheet part for "${names[band.sheet]}".`);
    await fixTableRef(zip, band.table);
    sheetData.set(part, bandSheet(xml, band, sst));
  }
  const zipFile = await ZipWriter.create(path);
  try {
    const files: JSZip.JSZipObject[] = [];
    zip.forEach((_, f) => {
      if (!f.dir) files.push(f);
    });
    for (const f of files) {
      if (f.name === "xl/sharedStrings.xml") continue; // last: the bands add to it
      const band = sheetData.get(f.name);
      await (band ? zipFile.add(f.name, band, BAND_LEVEL) : zipFile.add(f.name, await f.async("nodebuffer")));
    }
    await zipFile.add("xl/sharedStrings.xml", sst.xml(), BAND_LEVEL);
    await zipFile.close();
  } catch (e) {
    await zipFile.abort();
    throw e;
  }
}

/** The table part's `ref` and its autoFilter's, which name the skeleton's last row, set to the table's. */
async function fixTableRef(zip: JSZip, t: TableSpec): Promise<void> {
  const width = t.headers.length;
  const skeleton = a1(t.row, t.col, t.row + 1, t.col + width - 1);
  const full = a1(t.row, t.col, t.row + t.rows.length, t.col + width - 1);
  for (const f of zip.file(/^xl\/tables\/[^/]+\.xml$/)) {
    const xml = await f.async("string");
    if (tableAttr(xml, "name") !== t.name) continue;
    if (!xml.includes(`ref="${skeleton}"`)) throw new Error(`Table ${t.name} does not have the range ${skeleton}.`);
    zip.file(f.name, xml.split(`ref="${skeleton}"`).join(`ref="${full}"`));
    return;
  }
  throw new Error(`No table part for ${t.name}.`);
}

/**
 * The sheet part with the band: ExcelJS's XML up to and including the sample row, the band's rows, then
 * the rest; the `<dimension>` grown to the band's last non-blank cell. Lazy, in chunks of about 1 MB, so
 * the zip writer compresses the part while it is being made.
 */
function* bandSheet(xml: string, band: Band, sst: SharedStrings): Generator<string> {
  const { sample } = bandRows(band.table);
  const start = xml.indexOf(`<row r="${sample + 1}"`);
  const row = start < 0 ? null : /<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/y;
  if (row) row.lastIndex = start;
  const sampleXml = row?.exec(xml)?.[0];
  if (sampleXml === undefined) throw new Error(`Sheet part without row ${sample + 1}.`);
  // Style of each column's cells, as ExcelJS gave them in the sample row ("" for none).
  const styles: string[] = [];
  for (const m of sampleXml.matchAll(/<c r="([A-Z]+)[0-9]+"( s="[0-9]+")?/g)) styles[parseA1(m[1] + "1")!.col] = m[2] ?? "";
  const end = start + sampleXml.length;
  yield withDimension(xml.slice(0, end), bandBounds(band));
  let chunk = "";
  for (const r of rowsXml(band, styles, sst)) {
    chunk += r;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
  yield xml.slice(end);
}

interface Bounds {
  minCol: number;
  maxCol: number;
  lastRow: number;
}

/** Columns and last row of the band's non-blank cells (0-based; lastRow -1 when all are blank). */
function bandBounds(band: Band): Bounds {
  const bounds: Bounds = { minCol: Infinity, maxCol: -1, lastRow: -1 };
  const { first, last } = bandRows(band.table);
  const row = new BandRow(band);
  for (let r = first; r <= last; r++) {
    row.fill(r);
    for (let c = row.min; c <= row.max; c++) {
      if (row.touched[c] !== r || row.values[c] === null) continue;
      bounds.minCol = Math.min(bounds.minCol, c);
      bounds.maxCol = Math.max(bounds.maxCol, c);
      bounds.lastRow = r;
    }
  }
  return bounds;
}

/**
 * The cells the renderer writes into one band row: the table's, then each block's, the later winning,
 * as `renderTable` and `renderBlock` write them ("" and missing entries are blank cells). Reused row to row.
 */
class BandRow {
  /** Value per column (0-based), valid where `touched[c]` is the row. */
  readonly values: CellValue[] = [];
  readonly touched: number[] = [];
  min = Infinity;
  max = -1;
  constructor(private readonly band: Band) {}

  fill(r: number): void {
    const { table: t, blocks } = this.band;
    this.min = Infinity;
    this.max = -1;
    const tableRow = t.rows[r - t.row - 1];
    for (let c = 0; c < t.headers.length; c++) this.put(r, t.col + c, tableRow[c]);
    for (const b of blocks) {
      const i = r - b.row;
      if (i < 0 || i >= b.values.length) continue;
      const rowValues = b.values[i];
      const w = Math.max(rowValues.length, b.formulas?.[i]?.length ?? 0);
      for (let c = 0; c < w; c++) this.put(r, b.col + c, rowValues[c]);
    }
  }

  private put(r: number, c: number, v: CellValue | undefined): void {
    this.values[c] = v === undefined || v === "" ? null : v;
    this.touched[c] = r;
    if (c < this.min) this.min = c;
    if (c > this.max) this.max = c;
  }
}

/** The head of a sheet part with its `<dimension ref>` grown to include `b`. */
function withDimension(head: string, b: Bounds): string {
  if (b.lastRow < 0) return head;
  return head.replace(/<dimension ref="([^"]*)"\/>/, (whole, ref: string) => {
    const r = parseA1(ref);
    if (!r) return whole;
    const grown = a1(r.row, Math.min(r.col, b.minCol), Math.max(r.endRow, b.lastRow), Math.max(r.endCol, b.maxCol));
    return `<dimension ref="${grown}"/>`;
  });
}

/** The band's `<row>` elements, one string per row, as ExcelJS writes them. */
function* rowsXml(band: Band, styles: readonly string[], sst: SharedStrings): Generator<string> {
  const { first, last } = bandRows(band.table);
  const row = new BandRow(band);
  const letters: string[] = [];
  for (let r = first; r <= last; r++) {
    row.fill(r);
    const n = r + 1;
    let out = `<row r="${n}" spans="${row.min + 1}:${row.max + 1}" x14ac:dyDescent="0.25">`;
    for (let c = row.min; c <= row.max; c++) {
      if (row.touched[c] !== r) continue;
      const v = row.values[c];
      const s = styles[c] ?? "";
      const ref = (letters[c] ??= columnLetter(c)) + n;
      if (v === null) {
        if (s) out += `<c r="${ref}"${s}/>`;
      } else if (typeof v === "number") out += `<c r="${ref}"${s}><v>${String(v)}</v></c>`;
      else if (typeof v === "boolean") out += `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
      else out += `<c r="${ref}"${s} t="s"><v>${sst.add(v)}</v></c>`;
    }
    yield out + "</row>";
  }
}

/**
 * ExcelJS's shared-string table, continued: the strings it wrote are kept (and found again by their text),
 * new ones appended in the order the cells use them, `count` (string cells) and `uniqueCount` updated.
 */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly added: string[] = [];
  private readonly head: string;
  private readonly body: string;
  private total: number;
  private readonly known: number;

  /** @throws Error when `xml` is not a shared-string part (a band needs one: its table header is text). */
  constructor(xml: string) {
    const root = /<sst\b[^>]*>/.exec(xml);
    const close = xml.lastIndexOf("</sst>");
    if (!root || close < 0) throw new Error("The workbook has no shared-string part.");
    this.head = xml.slice(0, root.index + root[0].length);
    this.body = xml.slice(root.index + root[0].length, close);
    this.total = Number(/\scount="([0-9]+)"/.exec(root[0])?.[1] ?? 0);
    let i = 0;
    for (const m of this.body.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
      const t = /^<t(?: xml:space="preserve")?>([\s\S]*)<\/t>$/.exec(m[1]);
      if (t && !this.index.has(unescapeXml(t[1]))) this.index.set(unescapeXml(t[1]), i);
      i++;
    }
    this.known = i;
  }

  /** The index of `s`, added when new; counts one more string cell. */
  add(s: string): number {
    this.total++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.known + this.added.length;
      this.index.set(s, i);
      this.added.push(s);
    }
    return i;
  }

  /** The part, in chunks. */
  *xml(): Generator<string> {
    const unique = this.known + this.added.length;
    yield this.head.replace(/\scount="[0-9]+"/, ` count="${this.total}"`).replace(/\suniqueCount="[0-9]+"/, ` uniqueCount="${unique}"`);
    yield this.body;
    let chunk = "";
    for (const s of this.added) {
      // ExcelJS marks text with leading or trailing white space, or a line break, to be kept as it is.
      chunk += `<si><t${/^\s|\n|\s$/.test(s) ? ' xml:space="preserve"' : ""}>${xmlCellText(s)}</t></si>`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = "";
      }
    }
    yield chunk + "</sst>";
  }
}
