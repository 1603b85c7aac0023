/**
 * Reading a "Plan <customer>" sheet back before a refresh (DESIGN §2 rule 8): everything a person entered
 * in the header inputs, the text fields and the tables, plus cells typed outside the plan, keyed by the
 * customer ID in B3 (the account's stable key) and, inside the sheet, by content rather than position:
 *
 * - a plan sheet is recognised by the "Customer ID" label in A3 (either language) and an action-plan
 *   section header in column A, whatever the sheet is called now (renamed sheets are found);
 * - header inputs and text fields are the cells right of their labels in column A;
 * - a table's rows are the rows between its column header (the row under its section header) and the
 *   next label in column A (a summary row or the next section), so rows a person inserted inside a table
 *   are read too; each row keeps its position, trailing blank rows are dropped; formula columns are not read.
 */
import { SHEET_LABELS, SheetLabelKey } from "../i18n/sheets";
import {
  FIELD_LABEL,
  FieldKey,
  HEADER_LABEL,
  HeaderKey,
  PLAN_WIDTH,
  PreservedAccountPlan,
  SUMMARY_LABELS,
  TABLES,
  TableKey,
} from "./accountPlanSheet";
import type { SheetCells } from "./preserve";
import { UserCell, isBlankCell, isFormulaCell } from "./userCell";

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
];

const at = (grid: SheetCells, r: number, c: number): UserCell => grid[r]?.[c] ?? null;

function labelIs(cell: UserCell, key: SheetLabelKey): boolean {
  if (typeof cell !== "string") return false;
  const t = cell.trim();
  return t === SHEET_LABELS.en[key] || t === SHEET_LABELS.nb[key];
}

function findRow(grid: SheetCells, key: SheetLabelKey, from = 0): number {
  for (let r = from; r < grid.length; r++) if (labelIs(at(grid, r, 0), key)) return r;
  return -1;
}

/** The customer key of a plan sheet, or null when the cells are not a plan sheet. */
export function planSheetCustomer(grid: SheetCells): string | null {
  if (!labelIs(at(grid, 2, 0), "aplan.customerId") || findRow(grid, "aplan.section.actions") < 0) return null;
  const v = at(grid, 2, 1);
  if (v === null || isFormulaCell(v)) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

/**
 * What a person entered on a plan sheet.
 * @param name the sheet's name; @param grid its cells (see SheetCells).
 * @returns undefined when the cells are not a plan sheet.
 */
export function readAccountPlan(name: string, grid: SheetCells): PreservedAccountPlan | undefined {
  const customer = planSheetCustomer(grid);
  if (customer === null) return undefined;
  const out: PreservedAccountPlan = { customer, sheet: name, header: {}, fields: {}, tables: {}, outside: { lastRow: -1, cells: [] } };
  for (const k of Object.keys(HEADER_LABEL) as HeaderKey[]) {
    const r = findRow(grid, HEADER_LABEL[k]);
    if (r >= 0 && !isBlankCell(at(grid, r, 1))) out.header[k] = at(grid, r, 1);
  }
  for (const f of FIELDS) {
    const r = findRow(grid, FIELD_LABEL(f));
    if (r >= 0 && !isBlankCell(at(grid, r, 1))) out.fields[f] = at(grid, r, 1);
  }
  const stops = new Set<number>();
  for (const key of [...SECTION_LABELS, ...SUMMARY_LABELS]) {
    for (let r = findRow(grid, key); r >= 0; r = findRow(grid, key, r + 1)) stops.add(r);
  }
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const def = TABLES[key];
    const section = findRow(grid, def.section);
    if (section < 0) continue;
    const rows: UserCell[][] = [];
    for (let r = section + 2; r < grid.length && !stops.has(r); r++) {
      rows.push(def.columns.map((c, j) => (c.kind === "formula" ? null : at(grid, r, j))));
    }
    while (rows.length > 0 && rows[rows.length - 1].every((v) => isBlankCell(v))) rows.pop();
    out.tables[key] = rows;
  }
  // The plan ends with the KPI note; below it and right of column M is the person's own space.
  const lastRow = findRow(grid, "aplan.kpi.note");
  out.outside.lastRow = lastRow;
  grid.forEach((row, r) =>
    row?.forEach((value, c) => {
      if (isBlankCell(value)) return;
      if (c >= PLAN_WIDTH || (lastRow >= 0 && r > lastRow)) out.outside.cells.push({ row: r, col: c, value });
    }),
  );
  return out;
}
