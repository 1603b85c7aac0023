/**
 * Reading a Portfolio sheet back (issue 9): the two midpoints (right of their labels) and, by customer,
 * the Key account choice and the comment. By content: the key column and header are where the "Customer"
 * label sits with "Key account" (src/sheets/keys.ts); list rows continue across blank rows and keep
 * their customer when the list was sorted. Choices come back as typed ("yes" included); the builder
 * writes them in the sheet language (`translateListValue`).
 */
import type { UserCell } from "../../plan/userCell";
import { SheetCells, cellAt, fromKeyColumn } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { keySheet, rowKeyText } from "../keys";

export interface PortfolioReading {
  mids: { attractiveness?: UserCell; strength?: UserCell };
  rows: { customer: string; keyAccount: UserCell; comment: UserCell; planForm: UserCell }[];
}

/** What was entered on a Portfolio sheet's cells. */
export function readPortfolio(sheet: SheetCells): PortfolioReading {
  const keyed = keySheet("portfolio", sheet);
  const grid = fromKeyColumn(sheet, keyed.keyCol);
  const header = keyed.headerRow;
  const out: PortfolioReading = { mids: {}, rows: [] };
  // The midpoints sit right of their labels, above the list's second column: "Name" when names are shown
  // (issue 11), else "ABC class" (B unless columns were inserted).
  const headerRow = header < 0 ? [] : (grid[header] ?? []);
  const nameCol = headerRow.findIndex((c) => isLabel(c, "portfolio.col.name"));
  const classCol = nameCol >= 1 ? nameCol : headerRow.findIndex((c) => isLabel(c, "portfolio.col.class"));
  const midCol = classCol >= 1 ? classCol : 1;
  for (let r = 0; r < (header < 0 ? grid.length : header); r++) {
    const label = cellAt(grid, r, 0);
    if (isLabel(label, "portfolio.mid.attractiveness")) out.mids.attractiveness = cellAt(grid, r, midCol);
    if (isLabel(label, "portfolio.mid.strength")) out.mids.strength = cellAt(grid, r, midCol);
  }
  if (header < 0) return out;
  const keyCol = grid[header]!.findIndex((c) => isLabel(c, "portfolio.col.keyAccount"));
  const found = grid[header]!.findIndex((c) => isLabel(c, "portfolio.col.comment"));
  const commentCol = found >= 1 ? found : keyCol + 1;
  // The Plan form column (issue 13) only where its header is: a Portfolio of an earlier version has none.
  const formCol = grid[header]!.findIndex((c) => isLabel(c, "portfolio.col.planForm"));
  for (const r of keyed.listRows) {
    out.rows.push({
      customer: rowKeyText(cellAt(grid, r, 0))!,
      keyAccount: cellAt(grid, r, keyCol),
      comment: cellAt(grid, r, commentCol),
      planForm: formCol >= 1 ? cellAt(grid, r, formCol) : null,
    });
  }
  return out;
}
