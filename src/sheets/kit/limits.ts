/**
 * Excel's size limits on what a WorkbookSpec writes, checked before anything is written, by both
 * renderers (`src/render/office.ts` inside Excel, `src/render/xlsx.ts` for files). Pure.
 *
 * Sources: Microsoft, "Excel specifications and limits" (32,767 characters in a cell; 8,192 characters
 * in a formula's contents); the Office.js reference of `DataValidationErrorAlert.message` and
 * `DataValidationPrompt.message` and Excel's Data Validation dialog (an error message holds 225
 * characters, an input prompt 255); Microsoft, "Apply data validation to cells" (a typed list source
 * holds at most 255 characters).
 */
import { KamError } from "../../core/errors";
import type { CellValue, WorkbookSpec } from "../../plan/spec";
import { a1, sheetName } from "./address";

/** Characters in one cell. */
export const MAX_CELL_TEXT = 32_767;
/** Characters in one formula (its contents, the leading "=" included). */
export const MAX_FORMULA = 8_192;
/** Characters in a data validation's error message (the smaller of the error text and the input prompt). */
export const MAX_VALIDATION_MESSAGE = 225;
/** Characters in a list validation's source ("A,B,C"). */
export const MAX_LIST_SOURCE = 255;

/** "Acme Incorporated Holding…": the start of a long value, for messages. */
function start(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

/**
 * Throws when the spec holds something Excel cannot: a cell text over 32,767 characters, a formula over
 * 8,192, a validation message over 225, a list validation source over 255, or a list item that is empty,
 * holds a comma (a typed list source is comma-separated) or starts the source with "=" (a reference).
 * @throws KamError("argument") whose message names the sheet, the cell or range (A1) and the start of
 *         the value, e.g. `Sheet "ABC", cell B2: the text "Aaaa…" has 40,000 characters; a cell holds at
 *         most 32,767.`; `place` carries the sheet name and the 1-based row.
 */
export function checkSpecLimits(spec: WorkbookSpec): void {
  for (const s of spec.sheets) {
    const sheet = sheetName(s.name);
    const fail = (row: number | undefined, where: string, what: string): never => {
      throw new KamError("argument", `Sheet "${sheet}", ${where}: ${what}`, row === undefined ? { source: sheet } : { source: sheet, row: row + 1 });
    };
    const text = (v: CellValue | undefined, row: number, col: number): void => {
      if (typeof v === "string" && v.length > MAX_CELL_TEXT) {
        fail(row, `cell ${a1(row, col)}`, `the text "${start(v)}" has ${fmt(v.length)} characters; a cell holds at most ${fmt(MAX_CELL_TEXT)}.`);
      }
    };
    const formula = (f: string | undefined, row: number | undefined, where: string): void => {
      if (f && f.length > MAX_FORMULA) {
        fail(row, where, `the formula "${start(f)}" has ${fmt(f.length)} characters, over Excel's ${fmt(MAX_FORMULA)}-character limit.`);
      }
    };
    for (const b of s.blocks) {
      b.values.forEach((line, i) => line.forEach((v, j) => text(v, b.row + i, b.col + j)));
      b.formulas?.forEach((line, i) => line.forEach((f, j) => formula(f, b.row + i, `cell ${a1(b.row + i, b.col + j)}`)));
    }
    for (const t of s.tables) {
      t.headers.forEach((h, j) => text(h, t.row, t.col + j));
      t.rows.forEach((line, i) => line.forEach((v, j) => text(v, t.row + 1 + i, t.col + j)));
      t.columnFormulas?.forEach((f, j) => formula(f, t.row + 1, `table ${t.name}, column ${a1(t.row + 1, t.col + j)}`));
    }
    for (const c of s.conditionalFormats) formula(c.formula, undefined, `conditional format ${c.range}`);
    for (const v of s.validations) {
      if (v.message && v.message.length > MAX_VALIDATION_MESSAGE) {
        fail(undefined, `validation ${v.range}`, `the message "${start(v.message)}" has ${fmt(v.message.length)} characters, over Excel's ${MAX_VALIDATION_MESSAGE}-character limit.`);
      }
      const items = v.list ?? [];
      const source = items.join(",");
      const bad = items.find((x) => x === "" || x.includes(","));
      if (v.kind === "list" && (items.length === 0 || bad !== undefined || source.startsWith("="))) {
        const why = bad === "" || items.length === 0 ? "an empty item" : bad !== undefined ? `the item "${start(bad)}", which contains a comma` : `"${start(source)}", which starts with "="`;
        fail(undefined, `validation ${v.range}`, `a typed list cannot hold ${why}.`);
      }
      if (v.kind === "list" && source.length > MAX_LIST_SOURCE) {
        fail(undefined, `validation ${v.range}`, `the list "${start(source)}" has ${fmt(source.length)} characters, over Excel's ${MAX_LIST_SOURCE}-character limit.`);
      }
    }
  }
}
