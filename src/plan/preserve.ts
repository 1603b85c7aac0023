/**
 * What the user entered in a generated plan, read back before a refresh (DESIGN §2 rule 8: never destroy
 * user data; regenerate generated regions only). Pure: it takes the cells of the existing sheets, so the
 * CLI (ExcelJS) and the task pane (Office.js) can both feed it.
 *
 * Kept, keyed by stable IDs rather than positions:
 * - Scoring: criteria texts and weights by criterion ID (ATTn/STRn in the grid header), ratings by
 *   customer key × criterion ID, and the grid's customer order;
 * - Portfolio: the Key account choice and the comment by customer key, and the two midpoints;
 * - the settings sheet (validated; a bad one is reported, not fatal: the entered cells are still read);
 * - cells typed outside the generated regions of the plan sheets (to the right of them, or below the
 *   customer list): carried to the same place, or kept below the list when the list grows or shrinks;
 * - key account plan sheets ("Plan <customer>", issue 6): everything entered there, by customer ID
 *   (`readAccountPlan` in accountPlanPreserve.ts).
 *
 * How the sheets are found: by the names the settings sheet records, else by the default names, else (a
 * sheet the user renamed) by their content, the list header in either language. Inside a sheet, also by
 * content: the Scoring grid header is the row holding criterion IDs outside column A; the definition rows
 * are found by their labels in column A (English or Norwegian), else at their fixed distance above the
 * header; the Portfolio header is the row with the "Key account" label, the midpoints are the cells right
 * of their labels. So rows inserted above a table do not lose anything.
 */
import { SHEET_LABELS, SheetLabelKey } from "../i18n/sheets";
import { ABC_SHEET_ID } from "./abcSheet";
import { Axis, CRITERION_ID, CriteriaSet, Criterion, axisOf } from "./criteria";
import { PORTFOLIO_SHEET_ID, PORTFOLIO_SHEET_NAME } from "./portfolioSheet";
import { PROFITABILITY_SHEET_ID, PROFITABILITY_SHEET_NAME } from "./profitabilitySheet";
import { DEFINITION_ROWS, SCORING_ROWS, SCORING_SHEET_ID, SCORING_SHEET_NAME } from "./scoringSheet";
import { PlanSettings, SETTINGS_SHEET_NAME, readSettings } from "./settingsSheet";
import type { SheetSpec } from "./spec";
import { PreservedAccountPlan, planSheetId } from "./accountPlanSheet";
import { readAccountPlan } from "./accountPlanPreserve";
import { OVERVIEW_SHEET_ID, OVERVIEW_SHEET_NAME } from "./overviewSheet";
import { UserCell, isBlankCell, isFormulaCell } from "./userCell";

/** The cells of one sheet: grid[r][c] is sheet row r + 1, column c + 1; missing cells are blank. */
export type SheetCells = readonly (readonly UserCell[] | undefined)[];

/** Existing sheets by name. */
export type WorkbookCells = ReadonlyMap<string, SheetCells>;

export interface PreservedRow {
  customer: string;
  ratings: Record<string, UserCell>;
  keyAccount: UserCell;
  comment: UserCell;
}

/** Cells of a plan sheet that lie outside what the add-in generates there. */
export interface OutsideCells {
  /** Last 0-based row with content in column A (the end of the sheet's list), -1 for none. */
  lastListRow: number;
  cells: { row: number; col: number; value: UserCell }[];
}

export interface PreservedPlan {
  settings?: PlanSettings;
  /** Why the settings sheet could not be used, when it exists but is not valid. */
  settingsProblem?: string;
  /** Plan sheets found: spec sheet id → sheet name. */
  sheets: Record<string, string>;
  /** Criteria as they stand on the Scoring sheet (undefined when there is no Scoring grid). */
  criteria?: CriteriaSet;
  /** Customers in Scoring-grid order, then those only on the Portfolio, with what was entered. */
  rows: PreservedRow[];
  mids: { attractiveness?: UserCell; strength?: UserCell };
  /** By spec sheet id: every non-blank cell and where the list ends, for `carryOver`. */
  outside: Record<string, OutsideCells>;
  /** Key account plan sheets (issue 6), in workbook order, one per customer. */
  plans: PreservedAccountPlan[];
}

/** Default names of the plan sheets, by id. */
export const PLAN_SHEET_NAMES: Record<string, string> = {
  [ABC_SHEET_ID]: "ABC",
  [PROFITABILITY_SHEET_ID]: PROFITABILITY_SHEET_NAME,
  [SCORING_SHEET_ID]: SCORING_SHEET_NAME,
  [PORTFOLIO_SHEET_ID]: PORTFOLIO_SHEET_NAME,
  [OVERVIEW_SHEET_ID]: OVERVIEW_SHEET_NAME,
};

/**
 * Reads what the user entered in an existing plan workbook.
 * @param workbook the existing sheets' cells by sheet name (values, and `{ formula }` for formulas).
 * @returns the entered data keyed by customer and criterion IDs; empty lists for a workbook without plan sheets.
 */
export function extractPreserved(workbook: WorkbookCells): PreservedPlan {
  const out: PreservedPlan = { sheets: {}, rows: [], mids: {}, outside: {}, plans: [] };
  const settingsGrid = findSheet(workbook, SETTINGS_SHEET_NAME);
  if (settingsGrid) {
    const r = readSettings(settingsGrid.cells);
    if (r.ok) out.settings = r.settings;
    else out.settingsProblem = r.problem;
  }
  const claimed = new Set<string>();
  for (const [id, fallback] of Object.entries(PLAN_SHEET_NAMES)) {
    const byName = [out.settings?.sheets[id], fallback]
      .filter((n): n is string => !!n)
      .map((n) => findSheet(workbook, n))
      .find((f) => f && !claimed.has(f.name) && SIGNATURE[id](f.cells));
    // A sheet the user renamed is recognised by its content.
    const found =
      byName ??
      [...workbook]
        .map(([name, cells]) => ({ name, cells }))
        .find((f) => !claimed.has(f.name) && SIGNATURE[id](f.cells));
    if (!found) continue;
    claimed.add(found.name);
    out.sheets[id] = found.name;
    out.outside[id] = { lastListRow: listEnd(found.cells, LIST_HEADER[id]), cells: nonBlankCells(found.cells) };
  }

  // Key account plans: recognised by their content (the Customer ID label and the action plan), so a
  // renamed plan sheet is found too; the customer ID in B3 is the key. A second sheet for the same
  // customer (a copy the user made) is left alone as the user's own sheet.
  for (const [name, cells] of workbook) {
    if (claimed.has(name)) continue;
    const plan = readAccountPlan(name, cells);
    if (!plan || out.plans.some((p) => p.customer === plan.customer)) continue;
    claimed.add(name);
    out.plans.push(plan);
    out.sheets[planSheetId(plan.customer)] = name;
  }

  const byCustomer = new Map<string, PreservedRow>();
  const rowFor = (customer: string): PreservedRow => {
    let row = byCustomer.get(customer);
    if (!row) {
      row = { customer, ratings: {}, keyAccount: null, comment: null };
      byCustomer.set(customer, row);
      out.rows.push(row);
    }
    return row;
  };

  const scoring = out.sheets[SCORING_SHEET_ID] ? workbook.get(out.sheets[SCORING_SHEET_ID]) : undefined;
  if (scoring) readScoring(scoring, out, rowFor);
  const portfolio = out.sheets[PORTFOLIO_SHEET_ID] ? workbook.get(out.sheets[PORTFOLIO_SHEET_ID]) : undefined;
  if (portfolio) readPortfolio(portfolio, out, rowFor);
  return out;
}

function findSheet(workbook: WorkbookCells, name: string): { name: string; cells: SheetCells } | undefined {
  const exact = workbook.get(name);
  if (exact) return { name, cells: exact };
  for (const [n, cells] of workbook) if (n.toLowerCase() === name.toLowerCase()) return { name: n, cells };
  return undefined;
}

const at = (grid: SheetCells, r: number, c: number): UserCell => grid[r]?.[c] ?? null;

/** A customer key as the sheets write it (text), or null for a blank or formula cell. */
function keyOf(cell: UserCell): string | null {
  if (cell === null || isFormulaCell(cell)) return null;
  const s =
    typeof cell === "string" ? cell.trim() : typeof cell === "boolean" ? (cell ? "TRUE" : "FALSE") : String(cell);
  return s === "" ? null : s;
}

/** Both languages' text of a label, for finding it whatever language the sheet was written in. */
function labelSet(key: SheetLabelKey): Set<string> {
  return new Set([SHEET_LABELS.en[key], SHEET_LABELS.nb[key]]);
}

function isLabel(cell: UserCell, key: SheetLabelKey): boolean {
  return typeof cell === "string" && labelSet(key).has(cell.trim());
}

const FIELD_LABEL: Record<(typeof DEFINITION_ROWS)[number], SheetLabelKey> = {
  name: "scoring.row.name",
  scale1: "scoring.row.scale1",
  scale5: "scoring.row.scale5",
  scale10: "scoring.row.scale10",
  source: "scoring.row.source",
  weight: "scoring.row.weight",
};

function readScoring(grid: SheetCells, out: PreservedPlan, rowFor: (customer: string) => PreservedRow): void {
  const isId = (c: UserCell): c is string => typeof c === "string" && CRITERION_ID.test(c.trim());
  const header = grid.findIndex((row) => !!row && row.some((c, j) => j >= 1 && isId(c)));
  if (header < 0) return;
  const ids: { col: number; id: string }[] = [];
  grid[header]!.forEach((c, j) => {
    if (j >= 1 && isId(c) && !ids.some((x) => x.id === c.trim())) ids.push({ col: j, id: c.trim() });
  });

  const fieldRow = {} as Record<(typeof DEFINITION_ROWS)[number], number>;
  for (const field of DEFINITION_ROWS) {
    let found = -1;
    for (let r = 0; r < header; r++) if (isLabel(at(grid, r, 0), FIELD_LABEL[field])) found = r;
    fieldRow[field] = found >= 0 ? found : header - (SCORING_ROWS.header - SCORING_ROWS[field]);
  }
  const criteria: CriteriaSet = { attractiveness: [], strength: [] };
  for (const { col, id } of ids) {
    const get = (field: (typeof DEFINITION_ROWS)[number]): UserCell =>
      fieldRow[field] >= 0 ? at(grid, fieldRow[field], col) : null;
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
  out.criteria = criteria;

  for (let r = header + 1; r < grid.length; r++) {
    const customer = keyOf(at(grid, r, 0));
    if (customer === null) break; // the list ends at the first blank customer cell
    const row = rowFor(customer);
    for (const { col, id } of ids) {
      const v = at(grid, r, col);
      if (!isBlankCell(v) && row.ratings[id] === undefined) row.ratings[id] = v;
    }
  }
}

function readPortfolio(grid: SheetCells, out: PreservedPlan, rowFor: (customer: string) => PreservedRow): void {
  let header = -1;
  let keyCol = -1;
  for (let r = 0; r < grid.length && header < 0; r++) {
    const j = grid[r]?.findIndex((c) => isLabel(c, "portfolio.col.keyAccount")) ?? -1;
    if (j >= 1) [header, keyCol] = [r, j];
  }
  for (let r = 0; r < (header < 0 ? grid.length : header); r++) {
    const label = at(grid, r, 0);
    if (isLabel(label, "portfolio.mid.attractiveness")) out.mids.attractiveness = at(grid, r, 1);
    if (isLabel(label, "portfolio.mid.strength")) out.mids.strength = at(grid, r, 1);
  }
  if (header < 0) return;
  const found = grid[header]!.findIndex((c) => isLabel(c, "portfolio.col.comment"));
  const commentCol = found >= 1 ? found : keyCol + 1;
  for (let r = header + 1; r < grid.length; r++) {
    const customer = keyOf(at(grid, r, 0));
    if (customer === null) break;
    const row = rowFor(customer);
    const k = at(grid, r, keyCol);
    const c = at(grid, r, commentCol);
    if (!isBlankCell(k) && isBlankCell(row.keyAccount)) row.keyAccount = k;
    if (!isBlankCell(c) && isBlankCell(row.comment)) row.comment = c;
  }
}

/** How each plan sheet is recognised by its content: its list header (in either language). */
const SIGNATURE: Record<string, (grid: SheetCells) => boolean> = {
  [ABC_SHEET_ID]: (g) => isLabel(at(g, 0, 0), "abc.col.rank") && isLabel(at(g, 0, 2), "abc.col.value"),
  [PROFITABILITY_SHEET_ID]: (g) => {
    const h = listHeader(g, "profit.col.rank");
    return h >= 0 && isLabel(at(g, h, 2), "profit.col.revenue");
  },
  [SCORING_SHEET_ID]: (g) => {
    const h = listHeader(g, "scoring.col.customer");
    return h >= 0 && typeof at(g, h, 2) === "string" && CRITERION_ID.test(String(at(g, h, 2)).trim());
  },
  [PORTFOLIO_SHEET_ID]: (g) => {
    const h = listHeader(g, "portfolio.col.customer");
    return h >= 0 && (g[h] ?? []).some((c) => isLabel(c, "portfolio.col.keyAccount"));
  },
  [OVERVIEW_SHEET_ID]: (g) => {
    const h = listHeader(g, "overview.col.customer");
    return h >= 0 && (g[h] ?? []).some((c) => isLabel(c, "overview.col.goalsWithoutActions"));
  },
};

/** The label in column A of each plan sheet's list header. */
const LIST_HEADER: Record<string, SheetLabelKey> = {
  [ABC_SHEET_ID]: "abc.col.rank",
  [PROFITABILITY_SHEET_ID]: "profit.col.rank",
  [SCORING_SHEET_ID]: "scoring.col.customer",
  [PORTFOLIO_SHEET_ID]: "portfolio.col.customer",
  [OVERVIEW_SHEET_ID]: "overview.col.customer",
};

/** First row whose column A holds the list header label; -1 when there is none. */
function listHeader(grid: SheetCells, label: SheetLabelKey): number {
  return grid.findIndex((row) => isLabel(row?.[0] ?? null, label));
}

/**
 * Last row of the list under the header: the list is contiguous (the add-in writes one customer per
 * row), so it ends before the first blank cell in column A. Anything below that is the user's.
 */
function listEnd(grid: SheetCells, label: SheetLabelKey): number {
  const header = listHeader(grid, label);
  if (header < 0) return -1;
  let r = header;
  while (r + 1 < grid.length && !isBlankCell(at(grid, r + 1, 0))) r++;
  return r;
}

function nonBlankCells(grid: SheetCells): OutsideCells["cells"] {
  const cells: OutsideCells["cells"] = [];
  grid.forEach((row, r) => row?.forEach((value, c) => !isBlankCell(value) && cells.push({ row: r, col: c, value })));
  return cells;
}

/** The last column a sheet spec writes or covers with a chart, and the last row of its column-A list. */
export function specExtent(sheet: SheetSpec): { maxCol: number; lastListRow: number } {
  let maxCol = 0;
  let lastListRow = -1;
  for (const b of sheet.blocks) {
    const width = Math.max(0, ...b.values.map((r) => r.length));
    maxCol = Math.max(maxCol, b.col + width - 1);
    if (b.col === 0 && width > 0) {
      b.values.forEach((r, i) => {
        if (r[0] !== null && r[0] !== "") lastListRow = Math.max(lastListRow, b.row + i);
      });
    }
  }
  for (const t of sheet.tables) {
    maxCol = Math.max(maxCol, t.col + t.headers.length - 1);
    if (t.col === 0) lastListRow = Math.max(lastListRow, t.row + Math.max(t.rows.length, 1));
  }
  for (const c of sheet.charts) maxCol = Math.max(maxCol, c.col + c.widthCols - 1);
  return { maxCol, lastListRow };
}

/**
 * The cells the user typed outside the generated regions of an old plan sheet, placed for the new one:
 * right of everything generated (beyond the new sheet's last column, charts included) at the same
 * address; below the list (and below `staticEnd`, the last row of content that does not grow with the
 * list, e.g. the ABC summary beside its table) at the same distance below the new list. Cells inside the
 * generated area are not carried: the keyed data there (ratings, criteria, choices) is merged separately.
 */
export function carryOver(
  old: OutsideCells,
  sheet: SheetSpec,
  staticEnd = -1,
): { row: number; col: number; value: UserCell }[] {
  const { maxCol, lastListRow } = specExtent(sheet);
  const oldEnd = Math.max(old.lastListRow, staticEnd);
  const newEnd = Math.max(lastListRow, staticEnd);
  const out: { row: number; col: number; value: UserCell }[] = [];
  for (const cell of old.cells) {
    if (cell.col > maxCol) out.push(cell);
    else if (cell.row > oldEnd) out.push({ ...cell, row: newEnd + (cell.row - oldEnd) });
  }
  return out;
}
