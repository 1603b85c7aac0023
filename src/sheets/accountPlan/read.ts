/**
 * Reading a "Plan <customer>" sheet back before a refresh (DESIGN §2 rule 8): everything a person entered
 * in the header inputs, the text fields and the tables, keyed by the customer ID right of the "Customer
 * ID" label (the account's stable key) and, inside the sheet, by content rather than position (everything
 * else typed on the sheet is kept by the merge step, src/sheets/merge.ts):
 *
 * - a plan sheet is recognised by the "Customer ID" label (either language, any case, wherever rows or
 *   columns were inserted) and an action-plan section header in its column, whatever the sheet is called
 *   now (renamed sheets are found); that column is read as column A;
 * - header inputs and text fields are the cells right of their labels, in the column of the customer ID;
 * - a table's rows are the rows between its column header (found below its section header by its first
 *   label) and the next label in column A (a summary row or the next section), so rows a person inserted
 *   inside a table are read too; each row keeps its position, trailing blank rows are dropped; each column
 *   is read where its header label is (columns inserted inside a table are not read as the table's);
 *   formula columns are not read.
 */
import type { SheetLabelKey } from "../../i18n/sheets";
import {
  FIELD_LABEL,
  FieldKey,
  HEADER_LABEL,
  HeaderKey,
  PreservedAccountPlan,
  SUMMARY_LABELS,
  TABLES,
  TableKey,
} from "./build";
import { SheetCells, cellAt, fromKeyColumn } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { findHeader } from "../keys";
import { keptMatrix, mergeKeptFromFull } from "./light";
// Issue 14: oppneg
import { NEG_FIELDS } from "./opportunities";
// Issue 14: buying
import { readMatrix } from "./matrix";
import { UserCell, isBlankCell, isFormulaCell } from "../../plan/userCell";

const FIELDS: FieldKey[] = [
  "priorities",
  "trends",
  "challenges",
  "competitors",
  "needs",
  "contactModel",
  "stage",
  "strengths",
  "weaknesses",
  "opportunities",
  "threats",
  "product",
  "price",
  "distribution",
  "communication",
  "service",
  "relationship",
  "joint",
  // Issue 14: oppneg
  ...NEG_FIELDS,
];

const SECTION_LABELS: SheetLabelKey[] = [
  "aplan.section.overview",
  "aplan.section.analysis",
  "aplan.section.buyingCenter",
  "aplan.section.relationship",
  "aplan.section.goals",
  "aplan.section.strategy",
  "aplan.section.team",
  "aplan.section.actions",
  "aplan.section.kpis",
  // Issue 14: oppneg
  "aplan.section.opportunities",
  "aplan.section.negotiation",
  "aplan.section.negIssues",
];

const at = cellAt;

function findRow(grid: SheetCells, key: SheetLabelKey, from = 0): number {
  for (let r = from; r < grid.length; r++) if (isLabel(at(grid, r, 0), key)) return r;
  return -1;
}

/**
 * The plan's cells seen from the column of its "Customer ID" label (column A unless columns were
 * inserted), and the column of the inputs: where the customer ID is, the first cell right of its label
 * that holds something (column B unless columns were inserted between).
 */
function planGrid(grid: SheetCells): { grid: SheetCells; customerRow: number; valueCol: number } | undefined {
  const head = findHeader("plan", grid);
  if (!head) return undefined;
  const g = fromKeyColumn(grid, head.col);
  const row = g[head.row] ?? [];
  let valueCol = 1;
  while (valueCol < row.length && isBlankCell(row[valueCol] ?? null)) valueCol++;
  return { grid: g, customerRow: head.row, valueCol };
}

/** The customer key of a plan sheet, or null when the cells are not a plan sheet. */
export function planSheetCustomer(cells: SheetCells): string | null {
  const found = planGrid(cells);
  if (!found || findRow(found.grid, "aplan.section.actions") < 0) return null;
  const v = at(found.grid, found.customerRow, found.valueCol);
  if (v === null || isFormulaCell(v)) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

/** The header row of table `key` below its section (rows inserted between are skipped), or -1. */
function tableHeaderRow(grid: SheetCells, key: TableKey, stops: ReadonlySet<number>): number {
  const def = TABLES[key];
  const section = findRow(grid, def.section);
  if (section < 0) return -1;
  for (let r = section + 1; r < grid.length && !stops.has(r); r++) if (isLabel(at(grid, r, 0), def.columns[0].label)) return r;
  return section + 1;
}

/** Rows of section and summary labels: a table's rows end at the next one. */
function stopRows(grid: SheetCells): Set<number> {
  const stops = new Set<number>();
  for (const key of [...SECTION_LABELS, ...SUMMARY_LABELS]) {
    for (let r = findRow(grid, key); r >= 0; r = findRow(grid, key, r + 1)) stops.add(r);
  }
  return stops;
}

/**
 * A plan sheet with the columns a person inserted inside the plan taken out, and what was in them.
 *
 * Every table starts in the plan's first column, so column j of a table's header holds its j-th label. A
 * column is taken for inserted when no table's header has a label there while a table with every label
 * found has labels on both sides of it (each such table agreeing); then the whole sheet column is
 * removed, which puts every table, field and note back where the plan has them, and its non-blank
 * cells are returned (sheet addresses as they are now) for the Kept on refresh sheet. A header typed
 * over, or anything not so clear, removes nothing: the reader then finds each column by its label.
 * Columns inserted before the plan's first column are left to the reader (`planGrid`).
 */
export function withoutInsertedColumns(cells: SheetCells): { cells: SheetCells; removed: { row: number; col: number; value: UserCell }[] } {
  const none = { cells, removed: [] };
  const head = findHeader("plan", cells);
  if (!head) return none;
  const grid = fromKeyColumn(cells, head.col);
  const stops = stopRows(grid);
  const labelCols = new Set<number>();
  const complete: number[][] = [];
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const header = tableHeaderRow(grid, key, stops);
    if (header < 0) continue;
    const found = TABLES[key].columns.map((c) => (grid[header] ?? []).findIndex((v) => isLabel(v, c.label)));
    found.forEach((c) => c >= 0 && labelCols.add(c));
    if (found.every((c, j) => c >= 0 && (j === 0 || c > found[j - 1]))) complete.push(found);
  }
  const widest = Math.max(-1, ...complete.map((f) => f[f.length - 1]));
  const inserted: number[] = [];
  for (let c = 1; c < widest; c++) {
    if (labelCols.has(c)) continue;
    const spanning = complete.filter((f) => f[0] < c && f[f.length - 1] > c);
    if (spanning.length === 0 || spanning.some((f) => f.includes(c))) return none;
    inserted.push(c);
  }
  if (inserted.length === 0) return none;
  const drop = new Set(inserted.map((c) => c + head.col));
  const removed: { row: number; col: number; value: UserCell }[] = [];
  const out = cells.map((row, r) => {
    if (!row) return row;
    // Rows are sparse: copy by index (filter would close up the holes too).
    const kept: UserCell[] = [];
    let to = 0;
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (drop.has(c)) {
        if (v !== undefined && !isBlankCell(v)) removed.push({ row: r, col: c, value: v });
        continue;
      }
      if (v !== undefined) kept[to] = v;
      to++;
    }
    kept.length = to;
    return kept;
  });
  return { cells: out, removed };
}

/**
 * What a person entered on a plan sheet.
 * @param name the sheet's name; @param grid its cells (see SheetCells).
 * @returns undefined when the cells are not a plan sheet.
 */
export function readAccountPlan(name: string, cells: SheetCells): PreservedAccountPlan | undefined {
  const customer = planSheetCustomer(cells);
  if (customer === null) return undefined;
  const { grid, valueCol } = planGrid(cells)!;
  const out: PreservedAccountPlan = { customer, sheet: name, header: {}, fields: {}, tables: {} };
  for (const k of Object.keys(HEADER_LABEL) as HeaderKey[]) {
    const r = findRow(grid, HEADER_LABEL[k]);
    if (r >= 0 && !isBlankCell(at(grid, r, valueCol))) out.header[k] = at(grid, r, valueCol);
  }
  for (const f of FIELDS) {
    const r = findRow(grid, FIELD_LABEL(f));
    if (r >= 0 && !isBlankCell(at(grid, r, valueCol))) out.fields[f] = at(grid, r, valueCol);
  }
  const stops = stopRows(grid);
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const def = TABLES[key];
    // The column header: the first row below the section whose first cell is the table's first label
    // (rows inserted between them are skipped); each column where its label is (columns inserted
    // inside the table are skipped), else at its place.
    const header = tableHeaderRow(grid, key, stops);
    if (header < 0) continue;
    const cols = def.columns.map((c, j) => {
      const found = (grid[header] ?? []).findIndex((v) => isLabel(v, c.label));
      // Issue 14: buying (a column added later is blank on an older plan, not read by position)
      if (found < 0 && c.added) return -1;
      return found >= 0 ? found : j;
    });
    const rows: UserCell[][] = [];
    for (let r = header + 1; r < grid.length && !stops.has(r); r++) {
      rows.push(def.columns.map((c, j) => (c.kind === "formula" || cols[j] < 0 ? null : at(grid, r, cols[j]))));
    }
    while (rows.length > 0 && rows[rows.length - 1].every((v) => isBlankCell(v))) rows.pop();
    out.tables[key] = rows;
  }
  // Issue 14: buying (the relationship matrix, by contact × team member name)
  const matrix = readMatrix(grid) ?? keptMatrix(grid);
  if (matrix && matrix.length > 0) out.matrix = matrix;
  // A light plan: the rows of its kept block back into the tables (./light.ts).
  const defs = (Object.keys(TABLES) as TableKey[]).map((key) => ({ key, ...TABLES[key] }));
  const shown = mergeKeptFromFull(grid, out.tables, defs);
  if (shown) {
    out.form = "light";
    out.shown = shown;
  }
  return out;
}
