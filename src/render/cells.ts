/**
 * The one home of Excel's cell escaping rule (DESIGN §2 rule 5): every renderer and door imports it;
 * nothing else escapes strings. Address and sheet-name rules live in `src/sheets/kit/address.ts`.
 */

/**
 * A user string as it must be handed to Excel's `range.values` so that it is stored literally.
 * Excel parses a string written as a value: "=…", "+47 22 00 00 00", "-10% rabatt", "@home" become
 * formulas, "00123" a number, "1/2" a date, "TRUE" a boolean. A leading apostrophe is Excel's own
 * "this is text" marker and is consumed on entry, so prefixing every non-empty string is lossless
 * (even for a string that itself starts with an apostrophe) and needs no guessing about what Excel parses.
 */
export function excelLiteral(s: string): string {
  return s === "" ? s : "'" + s;
}

/**
 * A string as XML text in a worksheet or shared-strings part written by kam itself (src/render/xlsxBulk.ts),
 * exactly as ExcelJS 4.4 writes it in the parts it makes (its `xmlEncode`), so both writers give the same
 * file: the five XML characters as entities, and the characters XML 1.0 forbids (controls other than tab,
 * line feed and carriage return, and DEL) dropped.
 */
export function xmlCellText(s: string): string {
  return s.replace(/[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g, (ch) => XML_CELL_ESCAPES[ch] ?? "");
}

const XML_CELL_ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" };
