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
 *   (`readAccountPlan` in src/sheets/accountPlan/read.ts).
 *
 * How the sheets are found: by their content only (src/sheets/keys.ts `recogniseKind`: the list header
 * label with its companion, in either language, anywhere in the sheet), whatever their name or position;
 * when two sheets show the same kind, the one the settings sheet names wins and the other is the user's
 * copy. Inside a sheet, also by content: the key column is the column of the list-header label (so a
 * column inserted before A shifts nothing), the Scoring grid header is the row holding criterion IDs, the
 * definition rows and midpoints are found by their labels; list rows continue across blank rows.
 */
import { ABC_SHEET_ID } from "../sheets/abc/build";
import type { CriteriaSet } from "./criteria";
import { PORTFOLIO_SHEET_ID, PORTFOLIO_SHEET_NAME } from "../sheets/portfolio/build";
import { PROFITABILITY_SHEET_ID, PROFITABILITY_SHEET_NAME } from "../sheets/profitability/build";
import { SCORING_SHEET_ID, SCORING_SHEET_NAME } from "../sheets/scoring/build";
import { readScoring } from "../sheets/scoring/read";
import { readPortfolio } from "../sheets/portfolio/read";
import { DEFAULTS_KEY, PlanSettings, SETTINGS_SHEET_NAME } from "../sheets/settings/build";
import { isSettingsSheet, readFingerprintChunks, readSettings } from "../sheets/settings/read";
import { PreservedAccountPlan, planSheetId } from "../sheets/accountPlan/build";
import { readAccountPlan, withoutInsertedColumns } from "../sheets/accountPlan/read";
import { OVERVIEW_SHEET_ID, OVERVIEW_SHEET_NAME } from "../sheets/overview/build";
import { UserCell, isBlankCell } from "./userCell";
import type { SheetCells, WorkbookCells } from "../sheets/kit/grid";
import { KIND_PROFILES, SheetKind, recogniseKind } from "../sheets/keys";
import { SHEET_LABELS, SheetLabelKey } from "../i18n/sheets";
import { decodeFingerprints } from "../sheets/fingerprint";
import type { OldSheet } from "../sheets/merge";
import { KEPT_SHEET_ID } from "../sheets/kept/build";
import { HISTORY_SHEET_ID } from "../sheets/history/build";
// Issue 14: whitespace
import { WHITESPACE_SHEET_ID } from "../sheets/whitespace/build";
// Issue 14: voice
import { COMPLAINTS_SHEET_ID, SURVEY_SHEET_ID } from "../sheets/voice/lists";
import { VOICE_SHEET_ID } from "../sheets/voice/summary";

export type { SheetCells, WorkbookCells };

export interface PreservedRow {
  customer: string;
  ratings: Record<string, UserCell>;
  keyAccount: UserCell;
  comment: UserCell;
  /** The Portfolio's Plan form choice (Full / Light, accountPlan/light.ts); blank or absent: by quadrant. */
  planForm?: UserCell;
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
  /** What was in columns a person inserted inside a plan sheet (`withoutInsertedColumns`), by sheet. */
  insertedColumns?: { sheet: string; cells: { row: number; col: number; value: UserCell }[] }[];
  /** The Kept on refresh sheet's cells, when there is one. */
  kept?: SheetCells;
  /** The History sheet's cells (issue 13), when there is one: the user's list, carried whole. */
  history?: SheetCells;
  // Issue 14: whitespace
  /** The Whitespace sheet's cells, when there is one: rebuilt block by block (src/sheets/whitespace). */
  whitespace?: SheetCells;
  /** The previous refresh's fingerprints of the History figures it wrote (undefined: none stored). */
  historyPrints?: ReadonlySet<number>;
  // Issue 14: voice
  /** The Survey and Complaints sheets' cells (the user's lists, carried whole) and the Voice sheet's (its settings). */
  survey?: SheetCells;
  complaints?: SheetCells;
  voice?: SheetCells;
  /** The previous refresh's `rebuiltPrints` of those four sheets, by kind (absent: none stored). */
  rebuiltPrints?: Partial<Record<"whitespace" | "survey" | "complaints" | "voice", ReadonlySet<number>>>;
  /**
   * Sheets that carry the name of one of the add-in's sheets but do not show its content: left as they
   * are (the user's), reported with the reason; a refresh gives the new sheet a free name.
   */
  unrecognised: { name: string; reason: string }[];
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
  history: HISTORY_SHEET_ID,
  // Issue 14: whitespace
  whitespace: WHITESPACE_SHEET_ID,
  // Issue 14: voice
  survey: SURVEY_SHEET_ID,
  complaints: COMPLAINTS_SHEET_ID,
  voice: VOICE_SHEET_ID,
};

/**
 * Reads what the user entered in an existing plan workbook.
 * @param workbook the existing sheets' cells by sheet name (values, and `{ formula }` for formulas).
 * @returns the entered data keyed by customer and criterion IDs; empty lists for a workbook without plan sheets.
 */
export function extractPreserved(workbook: WorkbookCells): PreservedPlan {
  const out: PreservedPlan = { sheets: {}, rows: [], mids: {}, plans: [], old: [], unrecognised: [] };
  // A sheet of the user's that only has the settings sheet's name is one of theirs, not our settings.
  const settingsName = [...workbook.keys()].find((n) => n.toLowerCase() === SETTINGS_SHEET_NAME.toLowerCase() && isSettingsSheet(workbook.get(n)!));
  let prints = new Map<string, string[]>();
  let defaults = new Map<string, string[]>();
  if (settingsName) {
    const grid = workbook.get(settingsName)!;
    const r = readSettings(grid);
    if (r.ok) out.settings = r.settings;
    else out.settingsProblem = r.problem;
    prints = readFingerprintChunks(grid);
    defaults = readFingerprintChunks(grid, DEFAULTS_KEY);
  }
  const recorded = new Set(Object.values(out.settings?.sheets ?? {}).map((n) => n.toLowerCase()));
  // Sheets the settings name come first, so a copy the user made of one of ours stays theirs.
  const names = [...workbook.keys()].filter((n) => n !== settingsName);
  names.sort((a, b) => Number(recorded.has(b.toLowerCase())) - Number(recorded.has(a.toLowerCase())));
  const found: { name: string; kind: SheetKind; id: string; cells: SheetCells }[] = [];
  for (const name of names) {
    let cells = workbook.get(name)!;
    const kind = recogniseKind(cells);
    if (!kind) continue;
    if (kind === "plan") {
      // Columns inserted inside the plan come out first: the reader and the merge then see the plan's
      // layout, and what was typed in them is listed, never read as a plan field by position.
      const aligned = withoutInsertedColumns(cells);
      cells = aligned.cells;
      const plan = readAccountPlan(name, cells);
      if (plan && aligned.removed.length > 0 && !out.plans.some((p) => p.customer === plan.customer)) {
        (out.insertedColumns ??= []).push({ sheet: name, cells: aligned.removed });
      }
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
    // Issue 14: the sheets rebuilt from what their readers carry, with the content prints of what the
    // previous run generated there.
    if (f.kind === "whitespace" || f.kind === "survey" || f.kind === "complaints" || f.kind === "voice") {
      out[f.kind] = f.cells;
      const chunks = prints.get(f.id);
      const set = chunks ? decodeFingerprints(chunks) : undefined;
      if (set) out.rebuiltPrints = { ...out.rebuiltPrints, [f.kind]: set };
      continue;
    }
    if (f.kind === "history") {
      out.history = f.cells;
      const chunks = prints.get(f.id);
      out.historyPrints = chunks ? decodeFingerprints(chunks) : undefined;
      continue;
    }
    const chunks = prints.get(f.id);
    const written = defaults.get(f.id);
    out.old.push({
      id: f.id,
      kind: f.kind,
      name: f.name,
      cells: f.cells,
      fingerprints: chunks ? decodeFingerprints(chunks) : undefined,
      defaults: written ? decodeFingerprints(written) : undefined,
    });
  }

  // Sheets named like ours that are not: reported by name with the reason, never written over.
  const expected = out.settings?.sheets ?? PLAN_SHEET_NAMES;
  const claimed = new Set(found.map((f) => f.name.toLowerCase()));
  for (const [id, wanted] of Object.entries(expected)) {
    const kind = id.startsWith("kam.plan:") ? "plan" : (Object.entries(KIND_ID).find(([, v]) => v === id)?.[0] as SheetKind | undefined);
    const name = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
    if (!kind || !name || out.sheets[id] || claimed.has(name.toLowerCase())) continue;
    out.unrecognised.push({ name, reason: whyNot(kind) });
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

  // Scoring first: its grid order is the rows' order; the Portfolio adds choices and comments by customer.
  const scoring = out.sheets[SCORING_SHEET_ID] ? workbook.get(out.sheets[SCORING_SHEET_ID]) : undefined;
  if (scoring) {
    const read = readScoring(scoring);
    out.criteria = read.criteria;
    for (const r of read.rows) {
      const row = rowFor(r.customer);
      for (const [id, v] of Object.entries(r.ratings)) if (row.ratings[id] === undefined) row.ratings[id] = v;
    }
  }
  const portfolio = out.sheets[PORTFOLIO_SHEET_ID] ? workbook.get(out.sheets[PORTFOLIO_SHEET_ID]) : undefined;
  if (portfolio) {
    const read = readPortfolio(portfolio);
    out.mids = read.mids;
    for (const r of read.rows) {
      const row = rowFor(r.customer);
      if (!isBlankCell(r.keyAccount) && isBlankCell(row.keyAccount)) row.keyAccount = r.keyAccount;
      if (!isBlankCell(r.comment) && isBlankCell(row.comment)) row.comment = r.comment;
      if (!isBlankCell(r.planForm ?? null) && isBlankCell(row.planForm ?? null)) row.planForm = r.planForm;
    }
  }
  return out;
}

/** Why a sheet is not recognised as a kind: the content its recognition looks for. */
function whyNot(kind: SheetKind): string {
  const p = KIND_PROFILES[kind];
  const label = (k: string): string => `"${SHEET_LABELS.en[k as SheetLabelKey]}"`;
  if (kind === "plan") return `it has no ${label(p.header)} label with the section ${label("aplan.section.actions")} in its column`;
  const companion = p.companion === "criterionId" ? "criterion IDs (ATT1 …)" : label(p.companion);
  return `it has no ${label(p.header)} label with ${companion} in the same row`;
}
