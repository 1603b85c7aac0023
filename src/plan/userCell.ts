/**
 * What a user may have typed into a cell the add-in reads back on refresh (ratings, weights, criteria
 * texts, Yes/No choices, comments): a plain value, or a formula they wrote themselves. Readers of an
 * existing workbook (ExcelJS in the CLI, Office.js in the task pane) turn cells into `UserCell`s; builders
 * write them back unchanged.
 */
import type { CellValue } from "./spec";

/** A typed value, or `{ formula: "SUM(B2:B3)" }` (en-US, with or without the leading "="). */
export type UserCell = CellValue | { formula: string };

export function isFormulaCell(c: UserCell | undefined): c is { formula: string } {
  return typeof c === "object" && c !== null && typeof (c as { formula?: unknown }).formula === "string";
}

/** Blank: null, undefined or whitespace-only text. A formula is never blank. */
export function isBlankCell(c: UserCell | undefined): boolean {
  return c === null || c === undefined || (typeof c === "string" && c.trim() === "");
}

/** Value and formula of a user cell as a Block writes them: `[value, formula]` ("=…" or undefined). */
export function blockEntry(c: UserCell | undefined): [CellValue, string | undefined] {
  if (isFormulaCell(c)) return [null, c.formula.startsWith("=") ? c.formula : "=" + c.formula];
  return [c === undefined ? null : c, undefined];
}

/** Two user cells hold the same entry (same value, or the same formula). */
export function sameCell(a: UserCell | undefined, b: UserCell | undefined): boolean {
  if (isFormulaCell(a) || isFormulaCell(b)) {
    return isFormulaCell(a) && isFormulaCell(b) && a.formula.replace(/^=/, "") === b.formula.replace(/^=/, "");
  }
  if (isBlankCell(a) && isBlankCell(b)) return true;
  return a === b;
}
