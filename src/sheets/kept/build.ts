/**
 * The "Kept on refresh" sheet (issue 9 part 2): values a person typed in a cell that the refreshed layout
 * needs, listed with where they were, so nothing typed is ever lost. Columns Date | Sheet | Old address |
 * Value | Why; formulas are listed as their text ("=SUM(…)"), written literally. The sheet is the user's:
 * a refresh copies everything on it and appends, never rewrites or removes a row.
 */
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import type { Block, CellValue, SheetSpec } from "../../plan/spec";
import { printSetup } from "../kit/print";
import { UserCell, blockEntry, isFormulaCell } from "../../plan/userCell";
import { SheetCells, nonBlank } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { findHeader } from "../keys";

export const KEPT_SHEET_ID = "kam.kept";

/** One value the refresh could not leave in its cell. */
export interface KeptEntry {
  /** ISO date (YYYY-MM-DD) of the refresh. */
  date: string;
  /** The sheet it was typed on (its name then). */
  sheet: string;
  /** Its A1 address on that sheet before the refresh. */
  address: string;
  value: UserCell;
  why: string;
}

/** A kept value as the list writes it: formulas as their text, everything else as it was. */
export function keptValue(v: UserCell): CellValue {
  return isFormulaCell(v) ? (v.formula.startsWith("=") ? v.formula : "=" + v.formula) : v;
}

/**
 * The Kept on refresh sheet: the old sheet's cells (all of them, as the user's) with the new entries
 * below its last row. Title and header are written in the sheet language.
 * @param old   the existing sheet's cells, if there is one.
 * @param name  the sheet name to use.
 */
export function buildKeptSheet(
  old: SheetCells | undefined,
  entries: readonly KeptEntry[],
  language: SheetLanguage,
  name: string,
): SheetSpec {
  const L = SHEET_LABELS[language];
  const headerRow = 1;
  const blocks: Block[] = [
    { row: 0, col: 0, values: [[L["kept.title"]]], italic: true, owner: "generated" },
    {
      row: headerRow,
      col: 0,
      values: [[L["kept.col.date"], L["kept.col.sheet"], L["kept.col.address"], L["kept.col.value"], L["kept.col.why"]]],
      bold: true,
      fill: "#D9E1F2",
      owner: "generated",
    },
  ];
  let next = headerRow + 1;
  if (old) {
    // Everything on the old list moves with its header (rows or columns a person inserted included).
    const head = findHeader("kept", old) ?? { row: headerRow, col: 0 };
    for (const cell of nonBlank(old)) {
      const row = cell.row - head.row + headerRow;
      const col = cell.col - head.col;
      if (cell.row === head.row && cell.col >= head.col && cell.col < head.col + 5) continue; // the header
      if (isLabel(cell.value, "kept.title")) continue;
      if (row < 0 || col < 0) {
        // Above or left of where the list now starts: below it, so it is still there.
        blocks.push({ row: 10_000 + next, col: Math.max(col, 0), values: [[keptValue(cell.value)]], owner: "user" });
        continue;
      }
      const [value, formula] = blockEntry(cell.value);
      blocks.push({ row, col, values: [[value]], formulas: formula ? [[formula]] : undefined, owner: "user" });
      next = Math.max(next, row + 1);
    }
  }
  // Cells that had no place above the list go right after it.
  for (const b of blocks) if (b.row >= 10_000) b.row = next++;
  // An override stays in its cell from one refresh to the next: list it once, not on every refresh.
  const listed = new Set(
    old ? [...rowsOf(old)].map((r) => JSON.stringify([r[1], keptValue(r[3]), r[4]])) : [],
  );
  const fresh = entries.filter((e) => !listed.has(JSON.stringify([e.sheet, keptValue(e.value), e.why])));
  if (fresh.length > 0) {
    blocks.push({
      row: next,
      col: 0,
      values: fresh.map((e) => [e.date, e.sheet, e.address, keptValue(e.value), e.why]),
      numberFormats: ["@", "@", "@", undefined, undefined],
      owner: "user",
    });
  }
  return {
    name,
    id: KEPT_SHEET_ID,
    blocks,
    tables: [],
    charts: [],
    validations: [],
    conditionalFormats: [],
    columnWidths: { 0: 12, 1: 22, 2: 13, 3: 40, 4: 60 },
    freeze: { rows: headerRow + 1, cols: 0 },
    print: printSetup({
      language,
      title: L["kept.sheet"],
      orientation: "landscape",
      lastRow: Math.max(...blocks.map((b) => b.row + b.values.length - 1)),
      lastCol: Math.max(4, ...blocks.map((b) => b.col + Math.max(...b.values.map((v) => v.length)) - 1)),
      repeatRows: [headerRow, headerRow],
    }),
  };
}

/** The rows under the old list's header, seen from its first column (Date | Sheet | Old address | Value | Why). */
function* rowsOf(old: SheetCells): Generator<UserCell[]> {
  const head = findHeader("kept", old);
  if (!head) return;
  for (let r = head.row + 1; r < old.length; r++) {
    const row = old[r];
    if (row) yield [0, 1, 2, 3, 4].map((j) => row[head.col + j] ?? null);
  }
}
