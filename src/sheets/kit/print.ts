/**
 * How generated sheets print (issue 11, "every sheet prints"): one builder of the page setup every sheet
 * kind uses, so paper, scaling, header and footer are the same everywhere.
 *
 * Rules: A4; one page wide and as many pages tall as the content needs (Excel's "fit to 1 page wide by
 * automatic tall"); the sheet's header rows repeated on every page; a print area that covers the main
 * content only (chart helper ranges to its right stay out); the sheet's title centred in the page header
 * and "Page n of m" in the footer, in the sheet's language.
 */
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import type { PrintSpec } from "../../plan/spec";
import { a1 } from "./address";

export interface PrintSetupOptions {
  language: SheetLanguage;
  /** Title printed in the page header; omitted: the sheet's tab name (Excel's "&A", follows a rename). */
  title?: string;
  /** Last 0-based row and column of the main content (the print area starts at A1). */
  lastRow: number;
  lastCol: number;
  /** Landscape for wide lists (many columns); portrait for forms and narrow lists. */
  orientation: "portrait" | "landscape";
  /** 0-based first and last rows repeated on every page (a list's header row). */
  repeatRows?: [number, number];
  /** 0-based rows that start a new printed page (e.g. below a plan's one-page summary). */
  rowBreaks?: number[];
}

/**
 * The page setup of a generated sheet.
 * @returns a PrintSpec: A4, the orientation asked for, one page wide, print area A1 to (lastRow, lastCol),
 *          the repeated rows, the title in the header and localised page numbers in the footer.
 */
export function printSetup(o: PrintSetupOptions): PrintSpec {
  return {
    paper: "A4",
    orientation: o.orientation,
    fitToWidth: true,
    area: a1(0, 0, Math.max(o.lastRow, 0), Math.max(o.lastCol, 0)),
    ...(o.repeatRows ? { repeatRows: o.repeatRows } : {}),
    ...(o.title ? { title: o.title } : {}),
    ...(o.rowBreaks ? { rowBreaks: o.rowBreaks } : {}),
    pageNumbers: SHEET_LABELS[o.language]["print.page"],
  };
}

/**
 * The centre section of the header and of the footer in Excel's codes (the same in the file format, where
 * the renderer puts "&C" before a section, and in Office.js `HeaderFooter.centerHeader`): "&B" bolds, "&A" is the sheet's tab name, "&P" the page number, "&N" the
 * page count, "&&" a literal "&". A spec without a title prints the tab name.
 * Excel limits each to 255 characters; the title is cut to 120 before escaping.
 */
export function headerFooterCodes(p: PrintSpec): { header?: string; footer?: string } {
  const escape = (s: string): string => s.replace(/&/g, "&&");
  const out: { header?: string; footer?: string } = {};
  // 120 characters of title, escaped, stay well within the 255 whatever it holds.
  if (p.title) out.header = "&B" + escape(p.title.slice(0, 120));
  else if (p.pageNumbers) out.header = "&B&A";
  if (p.pageNumbers) out.footer = escape(p.pageNumbers).replace("{page}", "&P").replace("{pages}", "&N");
  return out;
}
