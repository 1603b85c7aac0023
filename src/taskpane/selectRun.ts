/**
 * The task pane's "Select key accounts" step, outside React so node tests drive it against the strict
 * Excel fake (test/fake-excel/select-run.test.ts, pane-refresh.test.ts):
 *
 *   read the mapped columns (readMapped.ts)  →  planDataFromGrid
 *   read the workbook's sheets that look like the add-in's (readPlanCells)  →  extractPreserved (finds them
 *   by content)  →  apply the pane's edits  →  buildSelectionWorkbook(data, options, previous), which merges
 *   every typed value into the new spec or onto the Kept on refresh sheet (src/sheets/merge.ts, the CLI's
 *   merge)  →  renderToExcel (clears each refreshed sheet and writes its complete spec)
 *
 * all in the caller's one `Excel.run` (DESIGN §2 rule 4). Syncs: the reader's (1 + one per 100,000 mapped
 * cells) + 2 to learn the sheets, their tags, used extents and top-left corners + one per ~100,000 cells
 * of the add-in's sheets (values and formulas; none on a first run) + the renderer's (2 + one per ~4 MB
 * written). Nothing syncs per sheet, per row, per customer or per criterion.
 *
 * Decisions:
 * - **Which sheets are read**: those that may be the add-in's, by tag or by the content of their top-left
 *   corner (src/taskpane/workbookSheets.ts); whether they are is decided by content alone
 *   (`extractPreserved`), and the renderer is told which sheets those are (`recognised`). A user's own
 *   sheet that happens to be called "Scoring" is neither read nor touched (the renderer writes
 *   "Scoring (2)" beside it); a Portfolio copied in from another file, without the tag, is refreshed in
 *   place, not duplicated. Existing plans and the Overview are refreshed too (see ALL_KINDS).
 * - **Final names first** (the renamed-sheet problem): Portfolio's formulas point at the Scoring sheet by
 *   name. The names the renderer will use are worked out before the spec is built, with the renderer's own
 *   rule (a recognised sheet keeps its name; a free wanted name is used; else the first free "Name (n)"),
 *   and passed as `sheetNames`, so `=Scoring!I12` becomes `='Scoring (2)'!I12` when it must. The result
 *   is checked against what the renderer reports.
 * - **Criteria edited in the pane land in the sheet**: the pane reads the criteria as they stand on the
 *   Scoring sheet, applies only the fields the user changed in the pane (`CriteriaEdits`), and passes
 *   them as the `previous` criteria with their IDs as `editedCriteria`, so the merge replaces those cells
 *   on purpose instead of listing the old values as kept. Ratings and choices typed in Excel are in the
 *   merge like every other typed value. The pane edits names and weights only: adding or removing
 *   criteria would move the rating columns.
 * - **What was kept is reported**: values typed over a generated formula (kept as overrides) and values
 *   whose cell the refreshed layout needs are on the Kept on refresh sheet (appended, never rewritten);
 *   the result carries the counts and the sheet's name so the pane can link to it.
 */
import type { AbcClass, AbcMethod } from "../core/abc";
import { KamError } from "../core/errors";
import type { NumberLocale } from "../core/numbers";
import type { Lang } from "../i18n";
import { ABC_SHEET_ID } from "../sheets/abc/build";
import { AXES, Axis, CriteriaSet, Criterion, defaultCriteria, translateText } from "../plan/criteria";
import { planDataFromGrid, PlanMapping } from "../plan/planInput";
import { CandidateRule, buildSelectionWorkbook } from "../plan/planWorkbook";
import { PORTFOLIO_SHEET_ID } from "../sheets/portfolio/build";
import { PLAN_SHEET_NAMES, PreservedPlan, extractPreserved } from "../plan/preserve";
import { PROFITABILITY_SHEET_ID } from "../sheets/profitability/build";
import { SCORING_SHEET_ID } from "../sheets/scoring/build";
import { SETTINGS_SHEET_ID } from "../sheets/settings/build";
import { KEPT_SHEET_ID } from "../sheets/kept/build";
import { OVERVIEW_SHEET_ID } from "../sheets/overview/build";
import type { SheetKind } from "../sheets/keys";
import type { UserCell } from "../plan/userCell";
import { isBlankCell, isFormulaCell } from "../plan/userCell";
import { sheetName } from "../sheets/kit/address";
import { RenderedSheet, renderToExcel } from "../render/office";
import { ColumnMapping, DataSource, RunProgress, locate } from "./abcRun";
import { ExistingSheet, KeptReport, keptReport, readPlanCells, recognisedSheets, userSheetNames } from "./workbookSheets";
import { SourceProblem, readMappedColumns } from "./readMapped";
import { CurrencyChoice, resolveCurrency } from "../sheets/kit/formats";

/** Spec sheet ids of the plan sheets, in the order buildSelectionWorkbook writes them. */
export const PLAN_SHEET_IDS: readonly string[] = [ABC_SHEET_ID, PROFITABILITY_SHEET_ID, SCORING_SHEET_ID, PORTFOLIO_SHEET_ID];
/** A criterion as the pane shows it: texts as the sheet holds them ("=…" for a formula). */
export interface PaneCriterion {
  id: string;
  axis: Axis;
  name: string;
  /** The weight as text ("25"; "" for blank; "=…" for a formula typed in the sheet). */
  weight: string;
}

/** What the user changed in the pane, by criterion ID; fields left out keep the sheet's value. */
export type CriteriaEdits = Record<string, { name?: string; weight?: number }>;

export interface RunSelectOptions {
  source: DataSource;
  /** customer and value required; name and profit optional (segment and owner are not used by the plan). */
  mapping: Pick<ColumnMapping, "customer" | "name" | "value" | "profit">;
  abc: { method: AbcMethod; thresholds: readonly [number, number]; nonpositive: "D" | "C" };
  candidates: CandidateRule;
  /** Labels of the generated sheets (follows the pane language). */
  language: Lang;
  locale: NumberLocale;
  /** Currency of the amounts (default "auto": from the value column's number format, else as stored). */
  currency?: CurrencyChoice;
  edits?: CriteriaEdits;
  onProgress?: (p: RunProgress) => void;
  /** Fixed time of generation (tests). */
  now?: Date;
}

export interface RunSelectResult {
  /** The plan sheets written (not the hidden settings sheet), in order, with what was done to each. */
  sheets: RenderedSheet[];
  customers: number;
  candidates: number;
  /** Candidates not on the existing sheets (0 on a first run). */
  newCandidates: number;
  /** The add-in's plan sheets existed and were refreshed. */
  refreshed: boolean;
  /** Rows on the Scoring and Portfolio sheets (candidates, plus earlier rows that are no longer). */
  rows: number;
  keptCells: number;
  /** Ratings and Key account choices found on the existing sheets and kept (0 on a first run). */
  ratingsKept: number;
  choicesKept: number;
  /** The criteria as now written on the Scoring sheet. */
  criteria: PaneCriterion[];
  /** What happened to the values people typed (see `KeptReport`). */
  kept: KeptReport;
  readSyncs: number;
  renderSyncs: number;
}

// ------------------------------------------------------------------------------------------------
// Criteria as the pane shows them
// ------------------------------------------------------------------------------------------------

function cellText(c: UserCell): string {
  if (isFormulaCell(c)) return c.formula.startsWith("=") ? c.formula : "=" + c.formula;
  return c === null ? "" : String(c);
}

/** The criteria of a set as the pane shows them; untouched library texts in `language`. */
export function paneCriteria(set: CriteriaSet, language: Lang): PaneCriterion[] {
  return AXES.flatMap((axis) =>
    set[axis].map((c) => ({
      id: c.id,
      axis,
      name: cellText(translateText(c.id, "name", c.name, language)),
      weight: cellText(c.weight),
    })),
  );
}

/** The default criteria (the library's), as the pane shows them. */
export function defaultPaneCriteria(language: Lang): PaneCriterion[] {
  return paneCriteria(defaultCriteria(language), language);
}

/**
 * The criteria on the add-in's Scoring sheet, or null when there is none (the pane then shows the
 * defaults). Same reads as `readPlanCells`.
 */
export async function loadPlanCriteria(context: Excel.RequestContext, language: Lang): Promise<PaneCriterion[] | null> {
  const { cells } = await readPlanCells(context, new Set<SheetKind>(["scoring"]));
  const previous = extractPreserved(cells);
  return hasCriteria(previous.criteria) ? paneCriteria(previous.criteria, language) : null;
}

function hasCriteria(c: CriteriaSet | undefined): c is CriteriaSet {
  return !!c && AXES.every((a) => c[a].length > 0);
}

/** The pane's edits applied to a criteria set (a new set; unknown IDs are ignored). */
export function applyEdits(set: CriteriaSet, edits: CriteriaEdits = {}): CriteriaSet {
  const out = {} as CriteriaSet;
  for (const axis of AXES) {
    out[axis] = set[axis].map((c): Criterion => {
      const e = edits[c.id];
      if (!e) return { ...c };
      return {
        ...c,
        name: e.name !== undefined ? e.name : c.name,
        weight: e.weight !== undefined ? e.weight : c.weight,
      };
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Sheet names
// ------------------------------------------------------------------------------------------------

/**
 * The names the renderer will give the plan sheets (its rule, with the default "rename" on a clash): a
 * sheet recognised by content as the id's keeps its name; else the wanted name when no sheet has it;
 * else the first free "Name (n)".
 * @param existing  every sheet of the workbook.
 * @param recognised spec sheet id → name of the sheet found by content (`recognisedSheets`).
 */
export function plannedSheetNames(
  existing: readonly ExistingSheet[],
  recognised: Readonly<Record<string, string>> = {},
  ids: readonly string[] = PLAN_SHEET_IDS,
): Record<string, string> {
  const lower = (s: string): string => s.toLocaleLowerCase();
  const taken = existing.map((e) => e.name);
  const out: Record<string, string> = {};
  for (const id of ids) {
    const own = recognised[id];
    if (own !== undefined && existing.some((e) => e.name === own)) {
      out[id] = own;
      continue;
    }
    const wanted = sheetName(PLAN_SHEET_NAMES[id]);
    const name = taken.some((n) => lower(n) === lower(wanted)) ? sheetName(wanted, taken) : wanted;
    taken.push(name);
    out[id] = name;
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------

/**
 * The columns the plan steps read, in order (customer, value, then profit and name when mapped), and the
 * plan mapping from the headers as read (`readMappedColumns` gives them in that order).
 * @throws SourceProblem("mappedTwice") when one column is mapped to two fields.
 */
export function mappedColumns(mapping: RunSelectOptions["mapping"]): {
  wanted: string[];
  planMapping: (headers: readonly string[]) => PlanMapping;
} {
  const optional = (x: string | undefined): string | undefined => ((x ?? "").trim() !== "" ? x : undefined);
  const profit = optional(mapping.profit);
  const name = optional(mapping.name);
  const wanted = [mapping.customer, mapping.value, ...(profit ? [profit] : []), ...(name ? [name] : [])];
  if (new Set(wanted.map((w) => w.trim())).size !== wanted.length) {
    const column = name ?? profit ?? mapping.value;
    throw new SourceProblem("mappedTwice", "argument", "pane.mappedTwice", { column }, { column });
  }
  return {
    wanted,
    planMapping: (headers) => ({
      customer: headers[0],
      value: headers[1],
      profit: profit ? headers[2] : undefined,
      name: name ? headers[profit ? 3 : 2] : undefined,
    }),
  };
}

/**
 * Writes (or refreshes) ABC, Profitability, Scoring, Portfolio and the hidden settings sheet from the
 * chosen data, in the caller's `Excel.run`.
 * @throws SourceProblem / CellProblem (KamErrors, as `runAbc`) for the data; KamError("argument") for a
 *         bad candidate rule or criteria; KamError("argument") when the renderer chose other sheet names
 *         than planned (should not happen); Office.js errors pass through.
 */
export async function runSelect(context: Excel.RequestContext, opts: RunSelectOptions): Promise<RunSelectResult> {
  const { mapping } = opts;
  opts.onProgress?.({ phase: "read" });
  const { wanted, planMapping: toPlanMapping } = mappedColumns(mapping);
  const read = await readMappedColumns(context, opts.source, wanted);
  const source = opts.source.kind === "table" ? opts.source.name : read.sheet;
  const existing = await readPlanCells(context);

  opts.onProgress?.({ phase: "analyse" });
  const planMapping = toPlanMapping(read.grid[0] as string[]);
  let data;
  try {
    data = planDataFromGrid(read.grid, planMapping, opts.locale, source);
  } catch (e) {
    throw locate(e, read.grid, (g) => read.firstDataRow + g - 2, source);
  }

  const previous: PreservedPlan = extractPreserved(existing.cells);
  const refreshed = Object.keys(previous.sheets).length > 0;
  const base = hasCriteria(previous.criteria) ? previous.criteria : defaultCriteria(opts.language);
  const criteria = applyEdits(base, opts.edits);
  previous.criteria = criteria;

  const recognised = recognisedSheets(previous, existing);
  const names = plannedSheetNames(existing.sheets, recognised, [...PLAN_SHEET_IDS, OVERVIEW_SHEET_ID]);
  const built = buildSelectionWorkbook(
    data,
    {
      language: opts.language,
      currency: resolveCurrency(opts.currency, read.numberFormats[1]),
      mapping: planMapping,
      source,
      candidates: opts.candidates,
      abc: { method: opts.abc.method, thresholds: opts.abc.thresholds, nonpositive: opts.abc.nonpositive },
      sheetNames: names,
      generatedAt: opts.now,
      editedCriteria: Object.keys(opts.edits ?? {}),
      reservedSheetNames: userSheetNames(existing.sheets, recognised),
      // The Office.js renderer updates a plan sheet under the name it has (no rename inside Excel).
      renamePlanSheets: false,
    },
    previous,
  );

  const ids = new Set(AXES.flatMap((a) => criteria[a].map((c) => c.id)));
  const rendered = await renderToExcel(context, built.spec, {
    recognised,
    onProgress: (done, total) => opts.onProgress?.({ phase: "write", done, total }),
  });
  const sheets = rendered.sheets.filter((s) => s.id !== SETTINGS_SHEET_ID && s.id !== KEPT_SHEET_ID);
  for (const s of sheets) {
    if (names[s.id] !== undefined && s.name !== names[s.id]) {
      throw new KamError("argument", "pane.sheetRenamed", { planned: names[s.id], name: s.name }, { source: s.name });
    }
  }
  return {
    sheets,
    customers: built.counts.customers,
    candidates: built.counts.candidates,
    newCandidates: refreshed ? built.counts.newCandidates : 0,
    refreshed,
    rows: built.counts.rows,
    keptCells: built.counts.keptCells,
    ratingsKept: previous.rows.reduce((n, r) => n + Object.keys(r.ratings).filter((id) => ids.has(id)).length, 0),
    choicesKept: previous.rows.filter((r) => !isBlankCell(r.keyAccount)).length,
    criteria: paneCriteria(criteria, opts.language),
    kept: keptReport(built.counts),
    readSyncs: existing.syncs,
    renderSyncs: rendered.syncs,
  };
}

/** The candidate rules the pane offers. */
export type PaneCandidates = { kind: "A" } | { kind: "AB" } | { kind: "top"; n: number };

export function candidateRule(c: PaneCandidates): CandidateRule {
  if (c.kind === "top") return { kind: "top", n: c.n };
  const classes: AbcClass[] = c.kind === "A" ? ["A"] : ["A", "B"];
  return { kind: "classes", classes };
}
