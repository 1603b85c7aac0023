/**
 * A worksheet's XML (ECMA-376 Part 1 §18.3.1.99 `sheetData`), pushed as text pieces, → rows of Grid
 * cells, one complete `<row>` at a time: no row is kept. A hand-written scanner (`indexOf` over the
 * text) instead of a SAX parser: ExcelJS's streaming reader builds a Row and Cell object with styles per
 * cell and drops merges, error and boolean formula results and inline rich text; this reads what the
 * whole-file path reads (src/read/xlsx.ts), cell for cell:
 *
 * - `t="s"` shared string (rich text joined), `t="inlineStr"` (its runs joined), `t="str"` (ExcelJS decodes
 *   named entities a second time there, so this does too), `t="b"` boolean, `t="e"` error value; any other
 *   type (`n`, `d`, none) is `parseFloat` of the value, a Date when the cell's style is a date format;
 * - a formula (`<f>`, or a shared formula's `<f t="shared" …/>`): its cached result by the same types; no
 *   result → a `CellError` with the formula text. ExcelJS shows a shared formula's copies translated
 *   to their own cell; the scanner has only the empty `<f/>`, so it flags `sharedUncalculated` and the
 *   caller lets the whole-file reader word an error that names such a cell.
 * - a cell with neither value nor formula is blank.
 *
 * What only comes after the rows (`<mergeCells>`, `<hyperlinks>`) is collected for the caller to decide
 * whether the rows it saw can be trusted (src/read/stream/xlsxFile.ts).
 */
import type { CellError } from "../grid";
import { decodeEntities, stringItem, xmlDecodeAgain } from "./xlsxParts";

/** What a cell's `s` and the workbook say about dates. */
export interface CellContext {
  sharedStrings: readonly string[];
  /** Per style index, whether numbers in it are dates. */
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** A merged range, 1-based inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Thrown for XML the scanner cannot read as a worksheet (the caller says "not a readable .xlsx workbook"). */
export class BadSheetXml extends Error {}

/**
 * Scans worksheet XML. `onRow(row, cells)` gets each row with its 1-based number and its cells from
 * column A (`cells[j]` is column j + 1; missing cells are null).
 */
export class XlsxRowScanner {
  /** Merged ranges (after the rows). */
  readonly merges: MergeRange[] = [];
  /** The sheet has a `<hyperlinks>` list (ExcelJS shows a hyperlinked uncalculated formula as blank). */
  hasHyperlinks = false;
  /** A formula without a cached result was seen. */
  uncalculated = false;
  /** A shared formula's copy without a cached result was seen (its formula text is not in the file). */
  sharedUncalculated = false;
  private buf = "";
  /** 0 before `<sheetData>`, 1 inside, 2 after. */
  private state = 0;
  private lastRow = 0;

  constructor(
    private readonly ctx: CellContext,
    private readonly onRow: (row: number, cells: unknown[]) => void,
  ) {}

  /** Adds a piece of the sheet's text. */
  push(text: string): void {
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    if (this.state === 0) this.findSheetData();
    if (this.state === 1) this.rows();
    if (this.state === 2 && this.buf.length > 0) this.tail(false);
  }

  /** Ends the text. @throws BadSheetXml for a sheet whose rows are cut off. */
  end(): void {
    if (this.state === 1) throw new BadSheetXml("sheetData not closed");
    this.tail(true);
  }

  private findSheetData(): void {
    const at = this.buf.indexOf("<sheetData");
    if (at < 0) {
      // Keep a little in case the tag is split between pieces.
      if (this.buf.length > 16) this.buf = this.buf.slice(-16);
      return;
    }
    const close = this.buf.indexOf(">", at);
    if (close < 0) {
      this.buf = this.buf.slice(at);
      return;
    }
    this.state = this.buf[close - 1] === "/" ? 2 : 1;
    this.buf = this.buf.slice(close + 1);
  }

  /** Reads every complete row in the buffer; keeps the rest. */
  private rows(): void {
    const s = this.buf;
    let p = 0;
    for (;;) {
      const lt = s.indexOf("<", p);
      if (lt < 0) {
        p = s.length;
        break;
      }
      if (s.startsWith("</sheetData", lt)) {
        this.state = 2;
        p = lt;
        break;
      }
      if (!s.startsWith("<row", lt) || !isNameEnd(s.charCodeAt(lt + 4))) {
        // Anything else inside sheetData (none in the schema): skip the tag.
        const gt = s.indexOf(">", lt);
        if (gt < 0) {
          p = lt;
          break;
        }
        p = gt + 1;
        continue;
      }
      const gt = s.indexOf(">", lt);
      if (gt < 0) {
        p = lt;
        break;
      }
      const rowNumber = this.rowNumber(s, lt, gt);
      if (s.charCodeAt(gt - 1) === 0x2f) {
        p = gt + 1;
        this.onRow(rowNumber, []);
        continue;
      }
      const close = s.indexOf("</row>", gt);
      if (close < 0) {
        p = lt;
        break;
      }
      this.onRow(rowNumber, this.cells(s, gt + 1, close, rowNumber));
      p = close + 6;
    }
    this.buf = p >= s.length ? "" : s.slice(p);
  }

  private rowNumber(s: string, lt: number, gt: number): number {
    const r = attr(s, lt, gt, "r");
    // A row without r follows the one before (ExcelJS needs r; Excel always writes it).
    const n = r === undefined ? this.lastRow + 1 : parseInt(r, 10);
    this.lastRow = n;
    return n;
  }

  /** The cells of one row's content s[from, to). */
  private cells(s: string, from: number, to: number, rowNumber: number): unknown[] {
    const out: unknown[] = [];
    let col = 0;
    let p = from;
    for (;;) {
      const lt = s.indexOf("<c", p);
      if (lt < 0 || lt >= to) break;
      if (!isNameEnd(s.charCodeAt(lt + 2))) {
        p = lt + 2;
        continue;
      }
      const gt = s.indexOf(">", lt);
      const ref = attr(s, lt, gt, "r");
      // A cell without r is the next column (ExcelJS row.js does the same).
      col = ref === undefined ? col + 1 : columnOf(ref);
      const t = attr(s, lt, gt, "t");
      const style = attr(s, lt, gt, "s");
      let end: number;
      let body: string;
      // The common cell, `<c …><v>text</v></c>`, without slicing its content first.
      const vEnd = s.startsWith("<v>", gt + 1) ? s.indexOf("</v>", gt + 4) : -1;
      if (vEnd >= 0 && vEnd < to && s.startsWith("</c>", vEnd + 4)) {
        p = vEnd + 8;
        const text = s.slice(gt + 4, vEnd);
        while (out.length < col - 1) out.push(null);
        out[col - 1] = text.length === 0 ? null : this.plain(text.indexOf("&") < 0 ? text : decodeEntities(text), t, style);
        continue;
      }
      if (s.charCodeAt(gt - 1) === 0x2f) {
        end = gt + 1;
        body = "";
      } else {
        const close = s.indexOf("</c>", gt);
        if (close < 0 || close > to) throw new BadSheetXml(`cell not closed in row ${rowNumber}`);
        end = close + 4;
        body = s.slice(gt + 1, close);
      }
      p = end;
      const value = this.cell(body, t, style);
      while (out.length < col - 1) out.push(null);
      out[col - 1] = value;
    }
    return out;
  }

  /** One cell's value from its content, type and style (see the module doc). */
  private cell(body: string, t: string | undefined, style: string | undefined): unknown {
    if (body.length === 0) return null;
    const f = element(body, "f");
    const v = element(body, "v");
    if (f !== undefined && (f.text !== "" || /\st\s*=\s*["']shared["']/.test(f.tag))) {
      if (v === undefined || v.text === "") {
        this.uncalculated = true;
        if (f.text === "") this.sharedUncalculated = true;
        return { error: "#N/A", formula: decodeEntities(f.text) } satisfies CellError;
      }
      const text = decodeEntities(v.text);
      let result: unknown;
      if (t === "str") result = xmlDecodeAgain(text);
      else if (t === "b") result = parseInt(text, 10) !== 0;
      else if (t === "e") result = { error: text } satisfies CellError;
      else result = parseFloat(text);
      // ExcelJS cell-xform reconcile: a date-styled formula's result becomes a Date, whatever it is.
      return this.isDate(style) ? excelDate(result, this.ctx.date1904) : result;
    }
    if (t === "inlineStr") {
      const is = element(body, "is");
      if (is === undefined) return v === undefined || v.text === "" ? null : decodeEntities(v.text);
      // ExcelJS cell-xform: runs go through its TextXform (escapes resolved), a plain <t> does not.
      return /<r[\s>]/.test(is.text) ? stringItem(is.text.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, ""), true) : stringItem(is.text, false);
    }
    if (v === undefined || v.text === "") return null;
    return this.plain(decodeEntities(v.text), t, style);
  }

  /** A cell that is a value, not a formula: its `<v>` text (decoded, not empty) by the cell's type. */
  private plain(text: string, t: string | undefined, style: string | undefined): unknown {
    switch (t) {
      case "s": {
        const i = parseInt(text, 10);
        const shared = this.ctx.sharedStrings[i];
        if (shared === undefined) throw new BadSheetXml(`shared string ${i} missing`);
        return shared;
      }
      case "str":
        return xmlDecodeAgain(text);
      case "inlineStr":
        // ExcelJS takes a <v> in an inline-string cell as its text.
        return text;
      case "b":
        return parseInt(text, 10) !== 0;
      case "e":
        return { error: text } satisfies CellError;
      default: {
        const x = parseFloat(text);
        return this.isDate(style) ? excelDate(x, this.ctx.date1904) : x;
      }
    }
  }

  private isDate(style: string | undefined): boolean {
    // ExcelJS reads a style only for a non-zero s (`model.styleId && …`).
    if (style === undefined) return false;
    const i = parseInt(style, 10);
    return i > 0 && this.ctx.dateStyles[i] === true;
  }

  /** After the rows: merges and whether there are hyperlinks. */
  private tail(final: boolean): void {
    const s = this.buf;
    let p = 0;
    for (;;) {
      const at = s.indexOf("<mergeCell", p);
      if (at < 0) break;
      const gt = s.indexOf(">", at);
      if (gt < 0) break;
      if (isNameEnd(s.charCodeAt(at + 10))) {
        const ref = attr(s, at, gt, "ref");
        if (ref) this.merges.push(rangeOf(ref));
      }
      p = gt + 1;
    }
    if (/<hyperlink[\s>/]/.test(s)) this.hasHyperlinks = true;
    // Keep an unfinished tag for the next piece.
    const lt = s.lastIndexOf("<");
    this.buf = final || lt < 0 || s.indexOf(">", lt) >= 0 ? "" : s.slice(lt);
  }
}

/** ExcelJS `utils.excelToDate` (with JavaScript's arithmetic on whatever the result is). */
function excelDate(v: unknown, date1904: boolean): Date {
  return new Date(Math.round(((v as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

function isNameEnd(ch: number): boolean {
  // space, tab, CR, LF, ">" or "/"
  return ch === 0x20 || ch === 0x3e || ch === 0x2f || ch === 0x09 || ch === 0x0a || ch === 0x0d;
}

/** The value of attribute `name` in the start tag s[lt, gt], decoded; undefined when absent. */
function attr(s: string, lt: number, gt: number, name: string): string | undefined {
  let p = lt;
  for (;;) {
    const at = s.indexOf(name, p);
    if (at < 0 || at >= gt) return undefined;
    p = at + name.length;
    const before = s.charCodeAt(at - 1);
    if (before !== 0x20 && before !== 0x09 && before !== 0x0a && before !== 0x0d) continue;
    let q = p;
    while (s.charCodeAt(q) === 0x20) q++;
    if (s.charCodeAt(q) !== 0x3d) continue;
    q++;
    while (s.charCodeAt(q) === 0x20) q++;
    const quote = s[q];
    if (quote !== '"' && quote !== "'") continue;
    const close = s.indexOf(quote, q + 1);
    const value = s.slice(q + 1, close);
    return value.indexOf("&") < 0 ? value : decodeEntities(value);
  }
}

/** The first child element `<name …>text</name>` (or `<name …/>`) of a cell's content. */
function element(body: string, name: string): { tag: string; text: string } | undefined {
  let p = 0;
  for (;;) {
    const at = body.indexOf(`<${name}`, p);
    if (at < 0) return undefined;
    if (!isNameEnd(body.charCodeAt(at + 1 + name.length))) {
      p = at + 1;
      continue;
    }
    const gt = body.indexOf(">", at);
    const tag = body.slice(at, gt + 1);
    if (body.charCodeAt(gt - 1) === 0x2f) return { tag, text: "" };
    const close = body.indexOf(`</${name}>`, gt);
    return { tag, text: body.slice(gt + 1, close < 0 ? body.length : close) };
  }
}

/** 1-based column of an A1 reference ("AB12" → 28). */
export function columnOf(ref: string): number {
  let c = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch >= 0x41 && ch <= 0x5a) c = c * 26 + (ch - 0x40);
    else if (ch >= 0x61 && ch <= 0x7a) c = c * 26 + (ch - 0x60);
    else break;
  }
  return c;
}

function rangeOf(ref: string): MergeRange {
  const [a, b = a] = ref.split(":");
  const row = (x: string): number => parseInt(x.replace(/^[A-Za-z$]+/, "").replace("$", ""), 10);
  const top = row(a);
  const bottom = row(b);
  const left = columnOf(a.replace(/\$/g, ""));
  const right = columnOf(b.replace(/\$/g, ""));
  return { top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: Math.min(left, right), right: Math.max(left, right) };
}

