/**
 * Range.insert / Range.delete on the fake workbook: cells move, and everything that points at cells
 * follows as in Excel — formulas on every sheet, defined names, data validations, conditional formats,
 * tables, merged areas, row heights and column widths, chart series. The reference arithmetic is the
 * pure `shift.ts`; this module applies it to the model.
 *
 * Refused like Excel (InvalidOperation): shifting part of a table's columns, or part of a merged area;
 * pushing non-blank cells off the sheet; deleting a table's header row without the whole table (the
 * fake's simplification of Excel's prompt). Simplifications: inserted cells get no formats from their
 * neighbours; a validation or conditional format that only partly lies in a shifted band stays where it
 * is (Excel splits it); structured references to deleted table columns are not turned into #REF!.
 */
import { MAX_COLS, MAX_ROWS, Rect, rows } from "./address";
import type { Cell } from "./cells";
import { fail } from "./errors";
import type { FakeSheet, TableModel } from "./model";
import { SheetEdit, shiftFormula as shift, shiftRect, touchedBy } from "./shift";

export type ShiftDirection = "Down" | "Right" | "Up" | "Left";

/** The edit a Range.insert(shift) / Range.delete(shift) makes; InvalidArgument for a shift that cannot apply. */
export function editOf(sheet: FakeSheet, rc: Rect, op: SheetEdit["op"], shift: unknown, where: string): SheetEdit {
  const wholeRows = rc.c0 === 0 && rc.c1 === MAX_COLS - 1;
  const wholeCols = rc.r0 === 0 && rc.r1 === MAX_ROWS - 1;
  const allowed = op === "insert" ? ["Down", "Right"] : ["Up", "Left"];
  if (!allowed.includes(shift as string)) fail("InvalidArgument", `Invalid shift direction ${String(shift)} for ${op}.`, where);
  const axis = shift === "Down" || shift === "Up" ? "rows" : "columns";
  if ((wholeRows && axis === "columns") || (wholeCols && axis === "rows")) {
    fail("InvalidArgument", `Whole ${wholeRows ? "rows" : "columns"} can only shift ${wholeRows ? "down or up" : "right or left"}.`, where);
  }
  return { sheet: sheet.name, op, axis, rect: { ...rc } };
}

/** Across-the-axis columns (or rows) of the edit's band, and its span along the axis. */
function band(edit: SheetEdit): { across: [number, number]; along: [number, number] } {
  const r = edit.rect;
  return edit.axis === "rows" ? { across: [r.c0, r.c1], along: [r.r0, r.r1] } : { across: [r.r0, r.r1], along: [r.c0, r.c1] };
}

/** The object sticks out of the band across the axis but the edit reaches it: Excel would have to tear it. */
function torn(r: Rect, edit: SheetEdit): boolean {
  const b = band(edit);
  const [lo, hi] = edit.axis === "rows" ? [r.c0, r.c1] : [r.r0, r.r1];
  const end = edit.axis === "rows" ? r.r1 : r.c1;
  const overlapsBand = lo <= b.across[1] && hi >= b.across[0];
  const inside = lo >= b.across[0] && hi <= b.across[1];
  return overlapsBand && !inside && end >= b.along[0];
}

/**
 * Insert or delete cells of `sheet` as Excel does. Checks everything first (a refused edit changes
 * nothing), then moves cells and every reference.
 */
export function applyEdit(sheet: FakeSheet, edit: SheetEdit, where: string): void {
  const wb = sheet.workbook;
  const tables = sheet.tables();
  for (const t of tables) {
    if (torn(t.rect, edit)) fail("InvalidOperation", `This operation is not allowed: it would shift cells in the table "${t.name}".`, where);
    if (edit.op === "delete" && edit.axis === "rows" && touchedBy(t.rect, edit)) {
      const [a, b] = band(edit).along;
      const header = t.rect.r0;
      if (header >= a && header <= b && !(t.rect.r1 <= b)) {
        fail("InvalidOperation", `Deleting the header row of the table "${t.name}" without the table is not allowed.`, where);
      }
    }
  }
  for (const m of sheet.merges) {
    if (torn(m, edit)) fail("InvalidOperation", "This operation would change part of a merged cell.", where);
  }
  const moves = moveCells(sheet, edit, where);

  // Cells.
  sheet.cells.clear();
  for (const { r, c, cell } of moves) {
    let row = sheet.cells.get(r);
    if (!row) sheet.cells.set(r, (row = []));
    row[c] = cell;
  }

  // Formulas on every sheet, names, validations and conditional formats everywhere. (A formula the
  // tokenizer cannot read — only test setup can store one — is left as it is.)
  const shiftFormula = (f: string, on: string, e: SheetEdit): string => {
    try {
      return shift(f, on, e);
    } catch {
      return f;
    }
  };
  for (const s of wb.liveSheets()) {
    for (const row of s.cells.values()) for (const cell of row) if (cell?.f) cell.f = shiftFormula(cell.f, s.name, edit);
    for (const v of s.validations) shiftRuleFormulas(v.rule, s.name, edit, shiftFormula);
    for (const cf of s.conditionalFormats) if (cf.formula) cf.formula = shiftFormula(cf.formula, s.name, edit);
  }
  for (const n of wb.names) if (!n.deleted) n.formula = shiftFormula(n.formula, sheet.name, edit);

  // Things that sit on the sheet: validations, conditional formats, merges.
  const keep = <T extends { rect: Rect }>(list: T[]): T[] =>
    list.filter((x) => {
      if (torn(x.rect, edit)) return true; // the fake leaves a partly shifted one in place
      const r = shiftRect(x.rect, edit);
      if (r) x.rect = r;
      return r !== null;
    });
  sheet.validations.splice(0, sheet.validations.length, ...keep(sheet.validations));
  sheet.conditionalFormats.splice(0, sheet.conditionalFormats.length, ...keep(sheet.conditionalFormats));
  sheet.merges = sheet.merges.map((m) => shiftRect(m, edit)).filter((m): m is Rect => m !== null && (m.r0 !== m.r1 || m.c0 !== m.c1));

  // Tables grow when rows or columns are inserted inside, move when above, shrink or go when deleted.
  for (const t of tables) shiftTable(t, edit);
  wb.normalizeTableHeaders(sheet, { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 });

  // Row heights and column widths move with whole rows and columns.
  const whole = edit.axis === "rows" ? edit.rect.c0 === 0 && edit.rect.c1 === MAX_COLS - 1 : edit.rect.r0 === 0 && edit.rect.r1 === MAX_ROWS - 1;
  if (whole) {
    const sizes = edit.axis === "rows" ? sheet.rowHeights : sheet.columnWidths;
    const moved = [...sizes].map(([i, v]) => [shiftIndex(i, edit), v] as const).filter(([i]) => i !== null);
    sizes.clear();
    for (const [i, v] of moved) sizes.set(i!, v);
  }

  // Chart series that read cells of the sheet.
  for (const s of wb.liveSheets()) {
    for (const ch of s.charts) {
      for (const sr of ch.series) {
        for (const key of ["values", "xValues"] as const) {
          const ref = sr[key];
          if (ref && ref.sheet === sheet) {
            const r = shiftRect(ref.rect, edit);
            if (r) sr[key] = { sheet, rect: r };
          }
        }
      }
    }
  }
}

/** A row (or column) index after the edit, null when deleted. */
function shiftIndex(i: number, edit: SheetEdit): number | null {
  const r = edit.axis === "rows" ? { r0: i, r1: i, c0: 0, c1: MAX_COLS - 1 } : { r0: 0, r1: MAX_ROWS - 1, c0: i, c1: i };
  const moved = shiftRect(r, edit);
  return moved ? (edit.axis === "rows" ? moved.r0 : moved.c0) : null;
}

/** Every cell's place after the edit (deleted cells left out); refuses to push non-blank cells off the sheet. */
function moveCells(sheet: FakeSheet, edit: SheetEdit, where: string): { r: number; c: number; cell: Cell }[] {
  const out: { r: number; c: number; cell: Cell }[] = [];
  for (const [r, row] of sheet.cells) {
    row.forEach((cell, c) => {
      if (!cell) return;
      const here = { r0: r, r1: r, c0: c, c1: c };
      const to = shiftRect(here, edit);
      if (to === null) {
        if (edit.op === "insert" && (cell.v !== undefined || cell.f !== undefined)) {
          fail("InvalidOperation", "To prevent possible loss of data, Excel cannot shift nonblank cells off of the worksheet.", where);
        }
        return;
      }
      out.push({ r: to.r0, c: to.c0, cell });
    });
  }
  return out;
}

/** Validation formulas ("=…" operands, list sources and custom formulas) follow the cells they name. */
function shiftRuleFormulas(rule: Excel.DataValidationRule, sheetName: string, edit: SheetEdit, shiftFormula: typeof shift): void {
  const f = (x: unknown): unknown => (typeof x === "string" && x.startsWith("=") ? shiftFormula(x, sheetName, edit) : x);
  const r = rule as Record<string, Record<string, unknown> | undefined>;
  for (const crit of Object.values(r)) {
    if (!crit) continue;
    for (const key of ["source", "formula", "formula1", "formula2"]) if (key in crit) crit[key] = f(crit[key]);
  }
}

function shiftTable(t: TableModel, edit: SheetEdit): void {
  const r = shiftRect(t.rect, edit);
  if (r === null) {
    t.deleted = true;
    return;
  }
  // Excel keeps one (empty) data row under the header.
  if (rows(r) < 2) r.r1 = r.r0 + 1;
  t.rect = r;
}
