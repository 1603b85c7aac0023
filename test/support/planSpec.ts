/**
 * Reading WorkbookSpecs in tests: the cell a spec writes at a place, and a spec sheet as the cells a
 * reader of the rendered sheet would see (values, `{ formula }` for formulas), for preserve.ts.
 */
import type { SelectionOptions } from "../../src/plan/planWorkbook";
import type { Block, CellValue, SheetSpec, WorkbookSpec } from "../../src/plan/spec";
import type { UserCell } from "../../src/plan/userCell";
import { a1 } from "../../src/sheets/kit/address";
import { specCells } from "../../src/sheets/kit/grid";

export interface SpecCell {
  value: CellValue;
  formula?: string;
  block: Block;
}

/** What the spec writes at (row, col), 0-based: the last block covering it wins, as in the renderers. */
export function cellAt(sheet: SheetSpec, row: number, col: number): SpecCell | undefined {
  let found: SpecCell | undefined;
  for (const b of sheet.blocks) {
    const r = row - b.row;
    const c = col - b.col;
    if (r < 0 || c < 0 || r >= b.values.length || c >= (b.values[r]?.length ?? 0)) continue;
    const formula = b.formulas?.[r]?.[c];
    found = { value: b.values[r][c], formula: formula || undefined, block: b };
  }
  return found;
}

/** Cell by A1 address ("I12"). */
export function at(sheet: SheetSpec, address: string): SpecCell | undefined {
  const m = /^([A-Z]+)([0-9]+)$/.exec(address);
  if (!m) throw new Error(`bad address ${address}`);
  const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return cellAt(sheet, Number(m[2]) - 1, col);
}

export function sheetById(spec: WorkbookSpec, id: string): SheetSpec {
  const s = spec.sheets.find((x) => x.id === id);
  if (!s) throw new Error(`no sheet ${id} in ${spec.sheets.map((x) => x.id).join(", ")}`);
  return s;
}

/** The sheet as cells: one rule for tests and the refresh (src/sheets/kit/grid.ts). */
export { specCells };

/** All sheets of a spec as cells by sheet name. */
export function workbookCells(spec: WorkbookSpec): Map<string, UserCell[][]> {
  return new Map(spec.sheets.map((s) => [s.name, specCells(s)]));
}

/** Every formula of a spec (blocks, table column formulas, conditional formats). */
export function allFormulas(spec: WorkbookSpec): string[] {
  const out: string[] = [];
  for (const s of spec.sheets) {
    for (const b of s.blocks) for (const row of b.formulas ?? []) for (const f of row) if (f) out.push(f);
    for (const t of s.tables) for (const f of t.columnFormulas ?? []) if (f) out.push(f);
    for (const cf of s.conditionalFormats) out.push(cf.formula);
  }
  return out;
}

export { a1 };

/** The plan options the refresh tests build with: English, Customer/Sales/Profit, plans, a fixed time. */
export const PLAN_OPTIONS: SelectionOptions = {
  language: "en",
  mapping: { customer: "Customer", value: "Sales", profit: "Profit" },
  plans: true,
  generatedAt: new Date("2026-01-05T10:00:00Z"),
};
