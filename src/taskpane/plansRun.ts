/**
 * The task pane's "Plans" step, outside React so node tests drive it against the strict Excel fake
 * (test/fake-excel/plans-run.test.ts):
 *
 *   loadPlanState: the add-in's sheets (selection sheets, settings, Overview, plan sheets)  →  the key
 *                  accounts (Portfolio "Key account" = Yes), the plans and the review items
 *   runPlans:      read the mapped columns  →  read the sheets that look like the add-in's (readPlanCells)
 *                  →  extractPreserved (by content)  →  buildSelectionWorkbook(…, { plans: true }, previous),
 *                  which merges every typed value into the spec or onto the Kept on refresh sheet  →
 *                  renderToExcel (clears each refreshed sheet, writes its complete spec)  →  loadPlanState
 *   openPlan / selectCell: activate a plan sheet, select a review item's cell
 *
 * each in the caller's one `Excel.run` (one per user action). Syncs: the mapped read's (1 + one per
 * 100,000 cells) + readPlanCells' (2 + one per ~100,000 cells of the add-in's sheets) + the renderer's
 * (2, + 1 on a refresh, + one per ~4 MB) + loadPlanState's (2 + one per ~100,000 cells). Nothing syncs per
 * row, per account or per plan sheet.
 *
 * Decisions:
 * - **Key accounts are the Portfolio's Yes** as the workbook holds them; the candidate rule is the one
 *   recorded in the settings sheet by the last "Select key accounts" run (so this step does not change
 *   which customers are candidates), else the pane's.
 * - **Nothing typed is lost**: every plan sheet found (by content: a plan copied in from another file, or
 *   with rows inserted above its title, is found) is rebuilt with everything typed in it, in place or on
 *   the Kept on refresh sheet, whose counts the result reports; an account no longer chosen keeps its
 *   sheet, marked inactive; the Scoring criteria and ratings come back from the sheets.
 * - **Sheet names**: the fixed sheets keep the names they were found under (`plannedSheetNames`, Overview
 *   included); a new plan never takes a name any sheet in the workbook has (`reservedSheetNames`).
 * - **The review list is read after writing**, in the same run, so it shows the sheets as now written.
 */
import { resolveCurrency } from "../sheets/kit/formats";
import { KamError } from "../core/errors";
import { isYes } from "../sheets/kit/labels";
import { OVERVIEW_SHEET_ID } from "../sheets/overview/build";
import { planDataFromGrid, PlanMapping } from "../plan/planInput";
import { CandidateRule, buildSelectionWorkbook, parseCandidates } from "../plan/planWorkbook";
import { PORTFOLIO_SHEET_ID } from "../sheets/portfolio/build";
import { extractPreserved } from "../plan/preserve";
import { SETTINGS_SHEET_ID } from "../sheets/settings/build";
import { RenderedSheet, renderToExcel } from "../render/office";
import { RunProgress, locate } from "./abcRun";
import { readMappedColumns } from "./readMapped";
import { ReviewItem, planInactive, reviewItems, todaySerial } from "./reviewItems";
import { accountQuadrants, reviewCadences } from "./reviewDue";
import { KEPT_SHEET_ID } from "../sheets/kept/build";
import { PLAN_SHEET_IDS, RunSelectOptions, mappedColumns, plannedSheetNames } from "./selectRun";
import { ALL_KINDS, KeptReport, PlanCells, keptReport, readPlanCells, recognisedSheets, userSheetNames } from "./workbookSheets";

export interface PlanEntry {
  customer: string;
  sheet: string;
  /** Still a key account (no "inactive" banner). */
  active: boolean;
}

export interface PlanState {
  /** The add-in's Portfolio sheet exists. */
  hasPortfolio: boolean;
  /** Customers with "Key account" = Yes on the Portfolio, in sheet order. */
  keyAccounts: string[];
  /** Plan sheets in workbook order. */
  plans: PlanEntry[];
  review: ReviewItem[];
  /** Our offerings as the settings sheet holds them (the Whitespace grid's columns); absent: the defaults. */
  offerings?: string[];
  syncs: number;
}

/** Key accounts, plans and review items from the cells read (pure). */
export function planStateFromCells(read: PlanCells, today: number): PlanState {
  const previous = extractPreserved(read.cells);
  const review: ReviewItem[] = [];
  const plans: PlanEntry[] = [];
  const cadence = reviewCadences(previous);
  const quadrants = accountQuadrants(previous);
  for (const p of previous.plans) {
    const grid = read.cells.get(p.sheet)!;
    plans.push({ customer: p.customer, sheet: p.sheet, active: !planInactive(grid) });
    review.push(...reviewItems(p.sheet, grid, today, cadence(p.customer), quadrants.get(p.customer) ?? null));
  }
  return {
    hasPortfolio: previous.sheets[PORTFOLIO_SHEET_ID] !== undefined,
    keyAccounts: previous.rows.filter((r) => isYes(r.keyAccount)).map((r) => r.customer),
    plans,
    review,
    offerings: previous.settings?.offerings,
    syncs: read.syncs,
  };
}

/** Reads the key accounts, plans and review items from the workbook. Syncs: those of readPlanCells. */
export async function loadPlanState(context: Excel.RequestContext, now: Date = new Date()): Promise<PlanState> {
  return planStateFromCells(await readPlanCells(context, ALL_KINDS), todaySerial(now));
}

export type RunPlansOptions = Omit<RunSelectOptions, "edits"> & {
  /** Our offerings, the Whitespace grid's columns (parseOfferings); absent: as the settings hold them. */
  offerings?: string[];
};

export interface RunPlansResult {
  /** Sheets written (not the hidden settings sheet), in order, with what was done to each. */
  sheets: RenderedSheet[];
  /** Plan sheets: active, inactive (kept, no longer chosen), created this time. */
  plans: { active: number; inactive: number; created: number };
  /** Entered cells written back (ratings, criteria, plan inputs …). */
  keptCells: number;
  /** What the Account history sheet recorded (issue 13): its name, the period, rows written and replaced. */
  history?: { sheet: string; period: string; rows: number; replaced: number };
  /** What happened to the values people typed (in place, overrides, on the Kept on refresh sheet). */
  kept: KeptReport;
  /** The workbook as now written. */
  state: PlanState;
  readSyncs: number;
  renderSyncs: number;
  stateSyncs: number;
}

/**
 * Creates or refreshes a plan sheet per key account and the Overview (and refreshes ABC, Profitability,
 * Scoring, Portfolio), in the caller's `Excel.run`.
 * @throws KamError("argument") when there is no Portfolio or no key account; SourceProblem / CellProblem
 *         for the data (as runSelect); Office.js errors pass through.
 */
export async function runPlans(context: Excel.RequestContext, opts: RunPlansOptions): Promise<RunPlansResult> {
  const { mapping } = opts;
  opts.onProgress?.({ phase: "read" } as RunProgress);
  const { wanted, planMapping: toPlanMapping } = mappedColumns(mapping);
  const read = await readMappedColumns(context, opts.source, wanted);
  const source = opts.source.kind === "table" ? opts.source.name : read.sheet;
  const existing = await readPlanCells(context, ALL_KINDS);

  opts.onProgress?.({ phase: "analyse" });
  const previous = extractPreserved(existing.cells);
  if (!previous.sheets[PORTFOLIO_SHEET_ID]) {
    throw new KamError("argument", "pane.noPortfolio", {}, { column: "plans.noPortfolio" });
  }
  if (!previous.rows.some((r) => isYes(r.keyAccount)) && previous.plans.length === 0) {
    throw new KamError("argument", "pane.noKeyAccounts", {}, { column: "plans.noKeyAccounts" });
  }
  const planMapping: PlanMapping = toPlanMapping(read.grid[0] as string[]);
  let data;
  try {
    data = planDataFromGrid(read.grid, planMapping, opts.locale, source);
  } catch (e) {
    throw locate(e, read.grid, (g) => read.firstDataRow + g - 2, source);
  }

  let candidates: CandidateRule = opts.candidates;
  try {
    if (previous.settings?.candidates) candidates = parseCandidates(previous.settings.candidates);
  } catch {
    // a settings value the add-in did not write: the pane's rule
  }
  const recognised = recognisedSheets(previous, existing);
  const names = plannedSheetNames(existing.sheets, recognised, [...PLAN_SHEET_IDS, OVERVIEW_SHEET_ID]);
  const built = buildSelectionWorkbook(
    data,
    {
      language: opts.language,
      currency: resolveCurrency(opts.currency, read.numberFormats[1]),
      mapping: planMapping,
      source,
      candidates,
      abc: { method: opts.abc.method, thresholds: opts.abc.thresholds, nonpositive: opts.abc.nonpositive },
      sheetNames: names,
      generatedAt: opts.now,
      plans: true,
      reservedSheetNames: userSheetNames(existing.sheets, recognised),
      // The Office.js renderer updates a plan sheet under the name it has (no rename inside Excel).
      renamePlanSheets: false,
      offerings: opts.offerings,
    },
    previous,
  );
  const rendered = await renderToExcel(context, built.spec, {
    recognised,
    onProgress: (done, total) => opts.onProgress?.({ phase: "write", done, total }),
  });
  const sheets = rendered.sheets.filter((s) => s.id !== SETTINGS_SHEET_ID && s.id !== KEPT_SHEET_ID);
  for (const s of sheets) {
    const planned = names[s.id] ?? built.spec.sheets.find((x) => x.id === s.id)?.name;
    if (planned !== undefined && s.name !== planned) {
      throw new KamError("argument", "pane.sheetRenamed", { planned, name: s.name }, { source: s.name });
    }
  }
  const state = await loadPlanState(context, opts.now);
  return {
    sheets,
    plans: built.counts.plans,
    keptCells: built.counts.keptCells,
    history: built.counts.history,
    kept: keptReport(built.counts),
    state,
    readSyncs: existing.syncs,
    renderSyncs: rendered.syncs,
    stateSyncs: state.syncs,
  };
}

/** Activates a plan sheet (A1 selected). */
export async function openPlan(context: Excel.RequestContext, sheet: string): Promise<void> {
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange("A1").select();
  await context.sync();
}

/** Activates a review item's sheet and selects its cell. */
export async function selectCell(context: Excel.RequestContext, sheet: string, address: string): Promise<void> {
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange(address).select();
  await context.sync();
}
