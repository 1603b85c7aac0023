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
import type { ProblemKey, ProblemRef } from "../../i18n/problems";
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

/**
 * Why `items` cannot be a validation's own list, or undefined when they can: at least one item, none blank
 * or holding a comma (Excel's separator), not read as a formula, MAX_LIST_SOURCE characters in all. The
 * one statement of the rule: checkSpecLimits refuses a spec by it, and a builder whose items are the
 * user's (our offerings) asks `inlineList` first and leaves the drop-down out.
 */
function inlineListProblem(items: readonly string[]): ProblemRef | undefined {
  const source = items.join(",");
  const bad = items.find((x) => x === "" || x.includes(","));
  if (items.length === 0 || bad === "") return { key: "limit.listCannot", values: { why: { key: "limit.why.empty" } } };
  if (bad !== undefined) return { key: "limit.listCannot", values: { why: { key: "limit.why.comma", values: { text: start(bad) } } } };
  if (source.startsWith("=")) return { key: "limit.listCannot", values: { why: { key: "limit.why.formula", values: { text: start(source) } } } };
  if (source.length > MAX_LIST_SOURCE) return over("limit.listSource", source, MAX_LIST_SOURCE);
  return undefined;
}

/** Whether `items` can be a validation's own list (`inlineListProblem`). */
export function inlineList(items: readonly string[]): boolean {
  return inlineListProblem(items) === undefined;
}

/** "Acme Incorporated Holding…": the start of a long value, for messages. */
function start(s: string): string {
  return s.length <= 40 ? s : `${s.slice(0, 40)}…`;
}

/** "the text "Aaaa…" has 40,000 characters; …": the start of the value, its length and the limit. */
function over(key: ProblemKey, s: string, max: number): ProblemRef {
  return { key, values: { text: start(s), length: s.length, max } };
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
    const fail = (row: number | undefined, where: ProblemRef, what: ProblemRef): never => {
      throw new KamError("argument", "limit.at", { sheet, where, what }, row === undefined ? { source: sheet } : { source: sheet, row: row + 1 });
    };
    const cell = (row: number, col: number): ProblemRef => ({ key: "limit.where.cell", values: { cell: a1(row, col) } });
    const validation = (range: string): ProblemRef => ({ key: "limit.where.validation", values: { range } });
    const text = (v: CellValue | undefined, row: number, col: number): void => {
      if (typeof v === "string" && v.length > MAX_CELL_TEXT) {
        fail(row, cell(row, col), over("limit.cellText", v, MAX_CELL_TEXT));
      }
    };
    const formula = (f: string | undefined, row: number | undefined, where: ProblemRef): void => {
      if (f && f.length > MAX_FORMULA) {
        fail(row, where, over("limit.formula", f, MAX_FORMULA));
      }
    };
    for (const b of s.blocks) {
      b.values.forEach((line, i) => line.forEach((v, j) => text(v, b.row + i, b.col + j)));
      b.formulas?.forEach((line, i) => line.forEach((f, j) => formula(f, b.row + i, cell(b.row + i, b.col + j))));
    }
    for (const t of s.tables) {
      t.headers.forEach((h, j) => text(h, t.row, t.col + j));
      t.rows.forEach((line, i) => line.forEach((v, j) => text(v, t.row + 1 + i, t.col + j)));
      t.columnFormulas?.forEach((f, j) => formula(f, t.row + 1, { key: "limit.where.tableColumn", values: { table: t.name, cell: a1(t.row + 1, t.col + j) } }));
    }
    for (const c of s.conditionalFormats) formula(c.formula, undefined, { key: "limit.where.conditional", values: { range: c.range } });
    for (const v of s.validations) {
      if (v.message && v.message.length > MAX_VALIDATION_MESSAGE) {
        fail(undefined, validation(v.range), over("limit.message", v.message, MAX_VALIDATION_MESSAGE));
      }
      if (v.kind === "list" && v.listFormula !== undefined) {
        formula(v.listFormula, undefined, validation(v.range));
        continue;
      }
      const problem = v.kind === "list" ? inlineListProblem(v.list ?? []) : undefined;
      if (problem) fail(undefined, validation(v.range), problem);
    }
  }
}
