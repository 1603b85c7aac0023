/**
 * Small helpers for writing en-US formulas in plan builders (DESIGN §2 rule 7: native functions only).
 * Coordinates are 0-based like the WorkbookSpec; the A1 rules themselves live in `src/sheets/kit/address.ts`.
 */
import { a1, columnLetter, sheetQualified } from "../sheets/kit/address";

/** A text as an Excel string literal: "Star", with inner quotes doubled. */
export function str(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** Absolute reference: (8, 2) → "$C$9". */
export function abs(row: number, col: number): string {
  return `$${columnLetter(col)}$${row + 1}`;
}

/** Absolute range: "$C$9:$H$9". */
export function absRange(row: number, col: number, endRow: number, endCol: number): string {
  return `${abs(row, col)}:${abs(endRow, endCol)}`;
}

/** Relative range: "C12:H12". */
export function range(row: number, col: number, endRow: number, endCol: number): string {
  return a1(row, col, endRow, endCol);
}

/** A reference to a cell of another sheet: Scoring!I12, 'My sheet'!I12. */
export function onSheet(sheet: string, ref: string): string {
  return sheetQualified(sheet, ref);
}

export { a1, columnLetter };
