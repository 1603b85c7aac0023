/**
 * Reading a Scoring sheet back (issue 9): criteria texts and weights by criterion ID, ratings by customer
 * × criterion ID, customers in grid order. By content: the key column and grid header are where the
 * "Customer" label sits beside criterion IDs (src/sheets/keys.ts), so columns inserted before A and rows
 * inserted anywhere shift nothing; the definition rows are found by their labels (either language), else
 * at their fixed distance above the header; list rows continue across blank rows.
 */
import type { SheetLabelKey } from "../../i18n/sheets";
import { Axis, CRITERION_ID, CriteriaSet, Criterion, axisOf } from "../../plan/criteria";
import { UserCell, isBlankCell } from "../../plan/userCell";
import { SheetCells, cellAt, fromKeyColumn } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { keySheet, rowKeyText } from "../keys";
import { DEFINITION_ROWS, SCORING_ROWS } from "./build";

const FIELD_LABEL: Record<(typeof DEFINITION_ROWS)[number], SheetLabelKey> = {
  name: "scoring.row.name",
  scale1: "scoring.row.scale1",
  scale5: "scoring.row.scale5",
  scale10: "scoring.row.scale10",
  source: "scoring.row.source",
  weight: "scoring.row.weight",
};

export interface ScoringReading {
  /** The criteria as they stand on the sheet; undefined without a grid header. */
  criteria?: CriteriaSet;
  /** Customers in grid order with their non-blank ratings by criterion ID (the first row wins for a repeated customer). */
  rows: { customer: string; ratings: Record<string, UserCell> }[];
}

/** What was entered on a Scoring sheet's cells. */
export function readScoring(sheet: SheetCells): ScoringReading {
  const keyed = keySheet("scoring", sheet);
  if (keyed.headerRow < 0) return { rows: [] };
  const grid = fromKeyColumn(sheet, keyed.keyCol);
  const header = keyed.headerRow;
  const isId = (c: UserCell): c is string => typeof c === "string" && CRITERION_ID.test(c.trim());
  const ids: { col: number; id: string }[] = [];
  grid[header]!.forEach((c, j) => {
    if (j >= 1 && isId(c) && !ids.some((x) => x.id === c.trim())) ids.push({ col: j, id: c.trim() });
  });

  const fieldRow = {} as Record<(typeof DEFINITION_ROWS)[number], number>;
  for (const field of DEFINITION_ROWS) {
    let found = -1;
    for (let r = 0; r < header; r++) if (isLabel(cellAt(grid, r, 0), FIELD_LABEL[field])) found = r;
    fieldRow[field] = found >= 0 ? found : header - (SCORING_ROWS.header - SCORING_ROWS[field]);
  }
  const criteria: CriteriaSet = { attractiveness: [], strength: [] };
  for (const { col, id } of ids) {
    const get = (field: (typeof DEFINITION_ROWS)[number]): UserCell =>
      fieldRow[field] >= 0 ? cellAt(grid, fieldRow[field], col) : null;
    const c: Criterion = {
      id,
      name: get("name"),
      scale1: get("scale1"),
      scale5: get("scale5"),
      scale10: get("scale10"),
      source: get("source"),
      weight: get("weight"),
    };
    criteria[axisOf(id) as Axis].push(c);
  }

  const rows: ScoringReading["rows"] = [];
  for (const r of keyed.listRows) {
    const ratings: Record<string, UserCell> = {};
    for (const { col, id } of ids) {
      const v = cellAt(grid, r, col);
      if (!isBlankCell(v)) ratings[id] = v;
    }
    rows.push({ customer: rowKeyText(cellAt(grid, r, 0))!, ratings });
  }
  return { criteria, rows };
}
