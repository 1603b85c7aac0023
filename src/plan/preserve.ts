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
 * - every generated sheet's cells and stored fingerprints (`old`), for the merge step that keeps
 *   everything else a person typed (src/sheets/merge.ts);
 * - key account plan sheets ("Plan <customer>", issue 6): everything entered there, by customer ID
 *   (`readAccountPlan` in accountPlanPreserve.ts).
 *
 * How the sheets are found: by their content only (src/sheets/keys.ts `recogniseKind`: the list header
 * label with its companion, in either language, anywhere in the sheet), whatever their name or position;
 * when two sheets show the same kind, the one the settings sheet names wins and the other is the user's
 * copy. Inside a sheet, also by content: the key column is the column of the list-header label (so a
 * column inserted before A shifts nothing), the Scoring grid header is the row holding criterion IDs, the
 * definition rows and midpoints are found by their labels; list rows continue across blank rows.
 */
import { SheetLabelKey } from "../i18n/sheets";
import { ABC_SHEET_ID } from "./abcSheet";
import { Axis, CRITERION_ID, CriteriaSet, Criterion, axisOf } from "./criteria";
import { PORTFOLIO_SHEET_ID, PORTFOLIO_SHEET_NAME } from "./portfolioSheet";
import { PROFITABILITY_SHEET_ID, PROFITABILITY_SHEET_NAME } from "./profitabilitySheet";
import { DEFINITION_ROWS, SCORING_ROWS, SCORING_SHEET_ID, SCORING_SHEET_NAME } from "./scoringSheet";
import { PlanSettings, SETTINGS_SHEET_NAME, readFingerprintChunks, readSettings } from "./settingsSheet";
import { PreservedAccountPlan, planSheetId } from "./accountPlanSheet";
import { readAccountPlan } from "./accountPlanPreserve";
import { OVERVIEW_SHEET_ID, OVERVIEW_SHEET_NAME } from "./overviewSheet";
import { UserCell, isBlankCell } from "./userCell";
import { SheetCells, WorkbookCells, cellAt } from "../sheets/kit/grid";
import { isLabel } from "../sheets/kit/labels";
import { SheetKind, keySheet, recogniseKind, rowKeyText } from "../sheets/keys";
import { decodeFingerprints } from "../sheets/fingerprint";
import type { OldSheet } from "../sheets/merge";
import { KEPT_SHEET_ID } from "../sheets/kept";

export type { SheetCells, WorkbookCells };

export interface PreservedRow {
  customer: string;
  ratings: Record<string, UserCell>;
  keyAccount: UserCell;
  comment: UserCell;
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
  /** Key account plan sheets (issue 6), in workbook order, one per customer. */
  plans: PreservedAccountPlan[];
  /** Every generated sheet found (Kept on refresh excluded), with its cells and stored fingerprints. */
  old: OldSheet[];
  /** The Kept on refresh sheet's cells, when there is one. */
  kept?: SheetCells;
}

/** Default names of the plan sheets, by id. */
export const PLAN_SHEET_NAMES: Record<string, string> = {
  [ABC_SHEET_ID]: "ABC",
  [PROFITABILITY_SHEET_ID]: PROFITABILITY_SHEET_NAME,
  [SCORING_SHEET_ID]: SCORING_SHEET_NAME,
  [PORTFOLIO_SHEET_ID]: PORTFOLIO_SHEET_NAME,
  [OVERVIEW_SHEET_ID]: OVERVIEW_SHEET_NAME,
};

const KIND_ID: Partial<Record<SheetKind, string>> = {
  abc: ABC_SHEET_ID,
  profitability: PROFITABILITY_SHEET_ID,
  scoring: SCORING_SHEET_ID,
  portfolio: PORTFOLIO_SHEET_ID,
  overview: OVERVIEW_SHEET_ID,
  kept: KEPT_SHEET_ID,
};

/**
 * Reads what the user entered in an existing plan workbook.
 * @param workbook the existing sheets' cells by sheet name (values, and `{ formula }` for formulas).
 * @returns the entered data keyed by customer and criterion IDs; empty lists for a workbook without plan sheets.
 */
export function extractPreserved(workbook: WorkbookCells): PreservedPlan {
  const out: PreservedPlan = { sheets: {}, rows: [], mids: {}, plans: [], old: [] };
  const settingsName = [...workbook.keys()].find((n) => n.toLowerCase() === SETTINGS_SHEET_NAME.toLowerCase());
  let prints = new Map<string, string[]>();
  if (settingsName) {
    const grid = workbook.get(settingsName)!;
    const r = readSettings(grid);
    if (r.ok) out.settings = r.settings;
    else out.settingsProblem = r.problem;
    prints = readFingerprintChunks(grid);
  }
  const recorded = new Set(Object.values(out.settings?.sheets ?? {}).map((n) => n.toLowerCase()));
  // Sheets the settings name come first, so a copy the user made of one of ours stays theirs.
  const names = [...workbook.keys()].filter((n) => n !== settingsName);
  names.sort((a, b) => Number(recorded.has(b.toLowerCase())) - Number(recorded.has(a.toLowerCase())));
  const found: { name: string; kind: SheetKind; id: string; cells: SheetCells }[] = [];
  for (const name of names) {
    const cells = workbook.get(name)!;
    const kind = recogniseKind(cells);
    if (!kind) continue;
    if (kind === "plan") {
      const plan = readAccountPlan(name, cells);
      if (!plan || out.plans.some((p) => p.customer === plan.customer)) continue;
      out.plans.push(plan);
      found.push({ name, kind, id: planSheetId(plan.customer), cells });
      continue;
    }
    const id = KIND_ID[kind]!;
    if (out.sheets[id]) continue;
    found.push({ name, kind, id, cells });
    out.sheets[id] = name;
  }
  // Plans in workbook order.
  const order = [...workbook.keys()];
  out.plans.sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet));
  for (const p of out.plans) out.sheets[planSheetId(p.customer)] = p.sheet;
  for (const f of found) {
    if (f.kind === "kept") {
      out.kept = f.cells;
      continue;
    }
    const chunks = prints.get(f.id);
    out.old.push({
      id: f.id,
      kind: f.kind,
      name: f.name,
      cells: f.cells,
      fingerprints: chunks ? decodeFingerprints(chunks) : undefined,
    });
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

/** The grid seen from its key column: column 0 is the column of the kind's header label. */
export function fromKeyColumn(grid: SheetCells, keyCol: number): SheetCells {
  return keyCol === 0 ? grid : grid.map((row) => row?.slice(keyCol));
}

const FIELD_LABEL: Record<(typeof DEFINITION_ROWS)[number], SheetLabelKey> = {
  name: "scoring.row.name",
  scale1: "scoring.row.scale1",
  scale5: "scoring.row.scale5",
  scale10: "scoring.row.scale10",
  source: "scoring.row.source",
  weight: "scoring.row.weight",
};

function readScoring(sheet: SheetCells, out: PreservedPlan, rowFor: (customer: string) => PreservedRow): void {
  const keyed = keySheet("scoring", sheet);
  if (keyed.headerRow < 0) return;
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
  out.criteria = criteria;

  // The list rows as keys.ts finds them: blank rows inside do not end the list.
  for (const r of keyed.listRows) {
    const customer = rowKeyText(cellAt(grid, r, 0))!;
    const row = rowFor(customer);
    for (const { col, id } of ids) {
      const v = cellAt(grid, r, col);
      if (!isBlankCell(v) && row.ratings[id] === undefined) row.ratings[id] = v;
    }
  }
}

function readPortfolio(sheet: SheetCells, out: PreservedPlan, rowFor: (customer: string) => PreservedRow): void {
  const keyed = keySheet("portfolio", sheet);
  const grid = fromKeyColumn(sheet, keyed.keyCol);
  const header = keyed.headerRow;
  for (let r = 0; r < (header < 0 ? grid.length : header); r++) {
    const label = cellAt(grid, r, 0);
    if (isLabel(label, "portfolio.mid.attractiveness")) out.mids.attractiveness = cellAt(grid, r, 1);
    if (isLabel(label, "portfolio.mid.strength")) out.mids.strength = cellAt(grid, r, 1);
  }
  if (header < 0) return;
  const keyCol = grid[header]!.findIndex((c) => isLabel(c, "portfolio.col.keyAccount"));
  const found = grid[header]!.findIndex((c) => isLabel(c, "portfolio.col.comment"));
  const commentCol = found >= 1 ? found : keyCol + 1;
  for (const r of keyed.listRows) {
    const customer = rowKeyText(cellAt(grid, r, 0))!;
    const row = rowFor(customer);
    const k = cellAt(grid, r, keyCol);
    const c = cellAt(grid, r, commentCol);
    if (!isBlankCell(k) && isBlankCell(row.keyAccount)) row.keyAccount = k;
    if (!isBlankCell(c) && isBlankCell(row.comment)) row.comment = c;
  }
}
