/**
 * Reading the Whitespace sheet back (src/sheets/whitespace/build.ts writes it): one block per key account,
 * found by CONTENT — the "Customer ID" label in a row, the ID right of it — not by position; inside a block
 * the header row ("Buying unit" label) names the offerings, the unit rows run down to the "Total" label,
 * so rows a person inserted inside the block are read too. Cells are keyed by offering name.
 */
import type { SheetCells } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { UserCell, isBlankCell } from "../../plan/userCell";
import type { WhitespaceBlock, WhitespaceUnit } from "./build";

/**
 * The blocks of a Whitespace sheet by customer ID (first block wins for a repeated ID).
 * @param grid the sheet's cells (row 0 = sheet row 1), values and `{ formula }` for formulas.
 */
export function readWhitespace(grid: SheetCells): Map<string, WhitespaceBlock> {
  const out = new Map<string, WhitespaceBlock>();
  const cell = (r: number, c: number): UserCell => grid[r]?.[c] ?? null;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r];
    if (!row) continue;
    const at = row.findIndex((c) => isLabel(c, "whitespace.customerId"));
    if (at < 0) continue;
    const id = cell(r, at + 1);
    if (isBlankCell(id) || typeof id === "object") continue;
    const customer = String(id).trim();
    // The header row: the next row with "Buying unit" in the block's first column.
    let h = r + 1;
    while (h < grid.length && h < r + 5 && !isLabel(cell(h, at), "whitespace.col.unit")) h++;
    if (!isLabel(cell(h, at), "whitespace.col.unit")) continue;
    const offeringCols = new Map<string, number>();
    let rightCol = -1;
    for (let c = at + 1; c < (grid[h]?.length ?? 0); c++) {
      const v = cell(h, c);
      if (isLabel(v, "whitespace.col.totalCurrent")) {
        rightCol = c;
        break;
      }
      if (typeof v === "string" && v.trim() !== "") offeringCols.set(v.trim().toLowerCase(), c);
    }
    if (rightCol < 0) continue;
    const names = new Map([...offeringCols.keys()].map((k) => [k, String(cell(h, offeringCols.get(k)!)).trim()]));
    const units: WhitespaceUnit[] = [];
    const unitRows: number[] = [];
    let u = h + 2;
    for (; u < grid.length; u++) {
      if (isLabel(cell(u, at), "whitespace.total") || isLabel(cell(u, at), "whitespace.customerId")) break;
      const cells = new Map<string, { offering: string; current: UserCell; potential: UserCell; status: UserCell }>();
      for (const [key, c] of offeringCols) {
        cells.set(key, { offering: names.get(key)!, current: cell(u, c), potential: cell(u, c + 1), status: cell(u, c + 2) });
      }
      const beside: UserCell[] = [];
      for (let c = rightCol + 4; c < (grid[u]?.length ?? 0); c++) beside.push(cell(u, c));
      while (beside.length > 0 && isBlankCell(beside[beside.length - 1])) beside.pop();
      units.push({ name: cell(u, at), cells, beside });
      unitRows.push(u);
    }
    if (!out.has(customer)) out.set(customer, { customer, units, unitRows, offeringCols });
    r = u;
  }
  return out;
}
