/**
 * The key-account selection workbook (KAM-DOMAIN §1 steps 1–2): ABC, Profitability, Scoring and Portfolio
 * sheets plus the hidden settings sheet, as one WorkbookSpec. Pure: the CLI renders it with ExcelJS, the
 * task pane with Office.js.
 *
 * On a refresh the caller passes what the user entered in the existing sheets (`extractPreserved`); it is
 * merged into the new spec by customer key and criterion ID, so ratings, weights, criteria texts, Key
 * account choices, comments and midpoints come back unchanged while the figures are recomputed.
 * Precedence for criteria and midpoints: explicit options (e.g. edited in the task pane) > the existing
 * sheets > the defaults of the criteria library.
 *
 * Key account plans (issue 6, option `plans`): one "Plan <customer>" sheet per key account (Portfolio
 * Yes, or `keyAccounts`) and the Overview, placed after the Portfolio. Plans found in `previous` are
 * always rebuilt with what was entered in them (accountPlanSheet.ts), inactive when the account is no
 * longer a key account; nothing is dropped.
 *
 * History (issue 13, option `period`, default the month of `generatedAt`): with plans, every refresh records
 * one row per key account for the period on the History sheet (src/sheets/history), replacing that
 * period's rows and keeping every other row and note; the Overview shows the movement since each account's
 * previous period and the Portfolio's chart its previous position.
 */
import type { CurrencyCode } from "../sheets/kit/formats";
import {
  AbcClass,
  AbcMethod,
  AbcSummary,
  DEFAULT_COUNT_THRESHOLDS,
  DEFAULT_VALUE_THRESHOLDS,
  abcTable,
} from "../core/abc";
import { KamError } from "../core/errors";
import { problemList } from "../i18n/problems";
import { KAISM_DEFAULT_MID } from "../core/portfolio";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../i18n/sheets";
import { buildAbcSheet } from "../sheets/abc/build";
import { AXES, CriteriaSet, Criterion, TEXT_FIELDS, defaultCriteria, libraryCriterion, translateText } from "./criteria";
import type { PlanData, PlanMapping } from "./planInput";
import { PORTFOLIO_ROWS, PORTFOLIO_SHEET_ID, buildPortfolioSheet, portfolioCols } from "../sheets/portfolio/build";
import {
  PreservedAccountPlan,
  buildAccountPlanSheet,
  isGeneratedPlanName,
  planSheetName,
} from "../sheets/accountPlan/build";
import {
  OVERVIEW_SHEET_ID,
  OVERVIEW_SHEET_NAME,
  OverviewPlan,
  buildOverviewSheet,
  overviewHealthTop,
} from "../sheets/overview/build";
import { healthSettingsRefs, readHealthSettings } from "../sheets/overview/healthSettings";
import type { HealthSettingRefs } from "../sheets/accountPlan/health";
import { onSheet } from "./formula";
import { a1, sheetName } from "../sheets/kit/address";
import { PLAN_SHEET_NAMES, PreservedPlan } from "./preserve";
import { KEPT_SHEET_ID, buildKeptSheet } from "../sheets/kept/build";
import { MergeCounts, kindOfSheetId, mergeTyped, sheetFingerprints, typedNotShown } from "../sheets/merge";
import { encodeFingerprints, rebuiltPrints } from "../sheets/fingerprint";
import { specGrid } from "../sheets/kit/grid";
import { YES_NO, isYes, translateListValue } from "../sheets/kit/labels";
import { buildProfitabilitySheet, effectiveProfit } from "../sheets/profitability/build";
import type { CandidateRow } from "./rows";
import { PLAN_FORMS, PlanForm, planFormFor } from "../sheets/accountPlan/light";
import { Quadrant, quadrant } from "../core/quadrant";
import { weightedScores } from "../core/score";
import { SCORING_ROWS, SCORING_SHEET_ID, buildScoringSheet, hasNames, scoringLayout } from "../sheets/scoring/build";
import {
  PlanSettings,
  SETTINGS_FORMAT,
  SETTINGS_SHEET_ID,
  SETTINGS_SHEET_NAME,
  buildSettingsSheet,
} from "../sheets/settings/build";
import type { SheetSpec, WorkbookSpec } from "./spec";
import { HISTORY_SHEET_ID, HistoryPrevious, buildHistorySheet, previousPeriods } from "../sheets/history/build";
import { parsePeriod, periodOf } from "../sheets/history/read";
import { healthSettingsOf, historyEntries } from "../sheets/history/snapshot";
import { movementOf } from "../sheets/history/movement";
// Issue 14: voice
import {
  COMPLAINTS_SHEET_ID,
  SURVEY_SHEET_ID,
  addAccountChoice,
  buildComplaintsSheet,
  buildSurveySheet,
  readComplaints,
  readSurveyAnswers,
} from "../sheets/voice/lists";
import { voiceSummary } from "../core/voice";
import { columnLetter, sheetQualified } from "../sheets/kit/address";
import { VOICE_ROWS, VOICE_SHEET_ID, buildVoiceSheet } from "../sheets/voice/summary";
import { UserCell, isBlankCell } from "./userCell";
// Issue 14: whitespace
import { WHITESPACE_SHEET_ID, WhitespaceAccount, buildWhitespaceSheet, resolveOfferings } from "../sheets/whitespace/build";
import { readWhitespace } from "../sheets/whitespace/read";
// Issue 14: whitespace roll-up
import { applyWhitespaceRollup, isWhitespaceRatingFormula, isWhitespaceSource, whitespaceSourceLabel, withRollupRatings } from "../sheets/whitespace/rollup";

/** Which customers are candidates: ABC classes by value (default A), or the top N by value. */
export type CandidateRule = { kind: "classes"; classes: AbcClass[] } | { kind: "top"; n: number };

export const DEFAULT_CANDIDATES: CandidateRule = { kind: "classes", classes: ["A"] };

/**
 * Reads a candidate rule: "A", "A,B" (classes, any of A B C D) or "25" (the top 25 by value).
 * @throws KamError("argument") for anything else.
 */
export function parseCandidates(text: string): CandidateRule {
  const t = text.trim();
  if (/^[0-9]+$/.test(t)) {
    const n = Number(t);
    if (n >= 1 && Number.isSafeInteger(n)) return { kind: "top", n };
  } else {
    const parts = t.toUpperCase().split(/\s*[,;]\s*/);
    if (parts.length > 0 && parts.every((p) => ["A", "B", "C", "D"].includes(p))) {
      return { kind: "classes", classes: [...new Set(parts)] as AbcClass[] };
    }
  }
  throw new KamError(
    "argument",
    "plan.candidates",
    { text },
    {
      column: "candidates",
    },
  );
}

/** Key accounts chosen from the command line: the N largest by value, or customer IDs. */
export type KeyAccountRule = { kind: "top"; n: number } | { kind: "ids"; ids: string[] };

/**
 * Reads `--key-accounts`: "top:N" (the N largest customers by value) or "ID,ID,…" (customer IDs as in the
 * data; surrounding spaces ignored).
 * @throws KamError("argument") for an empty list or a bad N.
 */
export function parseKeyAccounts(text: string): KeyAccountRule {
  const t = text.trim();
  const top = /^top\s*:\s*([0-9]+)$/i.exec(t);
  if (top) {
    const n = Number(top[1]);
    if (n >= 1 && Number.isSafeInteger(n)) return { kind: "top", n };
  } else {
    const ids = t.split(",").map((x) => x.trim()).filter((x) => x !== "");
    if (ids.length > 0) return { kind: "ids", ids: [...new Set(ids)] };
  }
  throw new KamError("argument", "plan.keyAccounts", { text }, { column: "key-accounts" });
}

export function formatCandidates(rule: CandidateRule): string {
  return rule.kind === "top" ? String(rule.n) : rule.classes.join(",");
}

export interface SelectionOptions {
  language: SheetLanguage;
  /**
   * ISO 4217 code every amount is shown in (src/sheets/kit/formats.ts), stored in the settings. Undefined:
   * what the settings of `previous` hold, else no currency; null: no currency (a choice to drop it).
   */
  currency?: CurrencyCode | null;
  mapping: PlanMapping;
  /** Input file or sheet name, recorded in the settings. */
  source?: string;
  candidates?: CandidateRule;
  abc?: { method?: AbcMethod; thresholds?: readonly [number, number]; nonpositive?: "D" | "C" };
  /** Midpoints to write (overriding the sheets'); default: what the sheets hold, else 5. */
  mids?: { attractiveness?: number; strength?: number };
  /** Criteria to use (overriding the sheets'); default: what the Scoring sheet holds, else the library defaults. */
  criteria?: CriteriaSet;
  /**
   * Sheet names by sheet id, for plan sheets the user renamed (the task pane knows them from its tags);
   * default: the names found in `previous`, else ABC, Profitability, Scoring, Portfolio.
   */
  sheetNames?: Record<string, string>;
  generatedAt?: Date;
  appVersion?: string;
  /**
   * Write a key account plan sheet per key account (Portfolio "Key account" = Yes) and the Overview
   * (issue 6). Plans found in `previous` are always kept (inactive when no longer chosen). Default false.
   */
  plans?: boolean;
  /**
   * Key accounts chosen here rather than on the Portfolio: they get Yes, and accounts that had Yes get No,
   * as the user's own choice would. Accounts that are not candidates are added to Scoring/Portfolio.
   */
  keyAccounts?: KeyAccountRule;
  /**
   * The form of every plan (issue 13, KAM light): "full" or "light" for all; "auto" or absent: each
   * account's Plan form on the Portfolio, blank there by quadrant (Strategic Full, others Light).
   */
  planForm?: PlanForm | "auto";
  /** Names of sheets in the workbook that are not the add-in's, so new plan sheets do not take them. */
  reservedSheetNames?: string[];
  /**
   * A plan sheet that still has a name the add-in gave it follows the customer's name (issue 11); default
   * true. The task pane passes false: its renderer updates a recognised sheet under the name it has.
   */
  renamePlanSheets?: boolean;
  /**
   * IDs of criteria whose texts or weights the caller changed in `previous.criteria` (the task pane's
   * edits): their definition cells are replaced on purpose, so the old values are not listed as kept.
   */
  editedCriteria?: readonly string[];
  /**
   * The period the History sheet records, "YYYY-MM" (issue 13); default the month of `generatedAt`.
   * Checked: a bad period throws KamError("argument").
   */
  period?: string;
  // Issue 14: whitespace
  /** Our offerings, the Whitespace grid's columns; default: the settings' list, else five generic names. */
  offerings?: string[];
  // Issue 14: whitespace roll-up
  /**
   * An attractiveness criterion ID ("ATT1") whose Data source becomes "Untapped potential (Whitespace)",
   * so its ratings read the Whitespace totals (src/sheets/whitespace/rollup.ts); "none": every criterion
   * with that source gets its library source text back (blank for one not in the library). Default: as
   * the Scoring sheet's Data source cells say. @throws KamError("argument") for an ID not on the axis.
   */
  whitespaceCriterion?: string;
}

export interface SelectionCounts {
  customers: number;
  /** Rows on Scoring/Portfolio, and how many are current candidates. */
  rows: number;
  candidates: number;
  /** Candidates that were not on the sheets before. */
  newCandidates: number;
  /** Rows kept although no longer a candidate, and rows kept for customers no longer in the data. */
  dropped: number;
  missing: number;
  /** Entered cells carried over from the existing sheets (ratings, criteria, weights, choices, midpoints). */
  keptCells: number;
  /**
   * What the merge step did with every value people typed in the old sheets (src/sheets/merge.ts):
   * checked in place, kept as overrides of formulas, listed on the Kept on refresh sheet.
   */
  typed: MergeCounts;
  /** Name of the Kept on refresh sheet, when the workbook has one. */
  keptSheet?: string;
  /** Ratings of criteria that the given `criteria` option no longer has (0 unless criteria were changed). */
  droppedRatings: number;
  /** Plan sheets: active (key accounts), inactive (kept, no longer chosen), and new this time. */
  plans: { active: number; inactive: number; created: number };
  /** The History sheet: its name, the period recorded, rows written and rows of that period replaced. */
  history?: { sheet: string; period: string; rows: number; replaced: number };
}

export interface SelectionResult {
  spec: WorkbookSpec;
  settings: PlanSettings;
  summary: AbcSummary;
  counts: SelectionCounts;
}

/**
 * Builds the selection workbook.
 * @param data     per-customer figures (`planDataFromGrid`).
 * @param options  language, mapping, candidate rule, ABC options; optional criteria and midpoints.
 * @param previous what the user entered in the existing plan (`extractPreserved`), for a refresh.
 * @returns the WorkbookSpec (ABC, Profitability, Scoring, Portfolio, hidden KAM Settings), the settings
 *          written, the ABC summary and counts for a report.
 * @throws KamError("argument") for bad criteria (empty axis, malformed or repeated IDs) or ABC options.
 */
export function buildSelectionWorkbook(
  data: PlanData,
  options: SelectionOptions,
  previous?: PreservedPlan,
): SelectionResult {
  const language = options.language;
  const currency = options.currency === null ? undefined : (options.currency ?? previous?.settings?.currency);
  const method = options.abc?.method ?? "value";
  const thresholds =
    method === "computed"
      ? undefined
      : (options.abc?.thresholds ?? (method === "count" ? DEFAULT_COUNT_THRESHOLDS : DEFAULT_VALUE_THRESHOLDS));
  const nonpositive = options.abc?.nonpositive ?? "D";
  const summary = abcTable(data.customers, data.revenue, { method, thresholds, nonpositive });
  const rule = options.candidates ?? DEFAULT_CANDIDATES;
  const generatedAt = options.generatedAt ?? new Date();
  const period = parsePeriod(options.period ?? periodOf(generatedAt));

  const profit = effectiveProfit(data);
  const index = new Map(data.customers.map((c, i) => [c, i]));
  const classOf = new Map(summary.rows.map((r) => [r.customer, r.class]));
  const chosen = resolveKeyAccounts(options.keyAccounts, summary.rows.map((r) => r.customer), index);
  const candidates = summary.rows
    .filter((r, k) => (rule.kind === "top" ? k < rule.n : rule.classes.includes(r.class)) || chosen?.has(r.customer))
    .map((r) => r.customer);
  const isCandidate = new Set(candidates);

  // Criteria: explicit > the sheets' (untouched library texts follow the language) > defaults.
  const defaults = defaultCriteria(language);
  const criteria: CriteriaSet = { attractiveness: [], strength: [] };
  for (const axis of AXES) {
    const fromSheet = previous?.criteria?.[axis];
    criteria[axis] = options.criteria?.[axis]
      ? options.criteria[axis]
      : fromSheet && fromSheet.length > 0
        ? fromSheet.map((c) => translateCriterion(c, language))
        : defaults[axis];
  }
  const criterionIds = new Set(AXES.flatMap((a) => criteria[a].map((c) => c.id)));
  // Issue 14: whitespace roll-up — the criterion chosen by option gets the Whitespace as its data source.
  const sourceDecided: string[] = [];
  if (options.whitespaceCriterion !== undefined) {
    const want = options.whitespaceCriterion.trim().toUpperCase();
    if (want === "NONE") {
      criteria.attractiveness = criteria.attractiveness.map((c) => {
        if (!isWhitespaceSource(c.source)) return c;
        sourceDecided.push(c.id);
        return { ...c, source: libraryCriterion(c.id)?.text[language].source ?? null };
      });
    } else {
      if (!criteria.attractiveness.some((c) => c.id === want)) {
        throw new KamError("argument", "plan.whitespaceCriterion", { id: options.whitespaceCriterion, ids: criteria.attractiveness.map((c) => c.id).join(", ") }, { column: "whitespace-criterion" });
      }
      criteria.attractiveness = criteria.attractiveness.map((c) => {
        if (c.id !== want || isWhitespaceSource(c.source)) return c;
        sourceDecided.push(c.id);
        return { ...c, source: whitespaceSourceLabel(language) };
      });
    }
  }
  const fedCriteria = criteria.attractiveness.filter((c) => isWhitespaceSource(c.source)).map((c) => c.id);

  // Rows: the sheets' order first (nobody removed), then new candidates in rank order.
  let keptCells = 0;
  let droppedRatings = 0;
  const rows: CandidateRow[] = [];
  const seen = new Set<string>();
  const nameOf = (customer: string): string | undefined => {
    const i = index.get(customer);
    return i === undefined ? undefined : data.names?.names[i] || undefined;
  };
  const newRow = (customer: string): CandidateRow => {
    const i = index.get(customer);
    return {
      customer,
      ...(data.names ? { name: nameOf(customer) ?? "" } : {}),
      abcClass: classOf.get(customer) ?? "",
      revenue: i === undefined ? null : data.revenue[i],
      profit: i === undefined || !profit ? null : profit[i],
      status: isCandidate.has(customer) ? "candidate" : i === undefined ? "missing" : "dropped",
      ratings: {},
      keyAccount: null,
      comment: null,
    };
  };
  for (const p of previous?.rows ?? []) {
    if (seen.has(p.customer)) continue;
    seen.add(p.customer);
    const row = newRow(p.customer);
    for (const [id, v] of Object.entries(p.ratings)) {
      // Issue 14: whitespace roll-up — our own rating formulas are written afresh (or dropped when off).
      if (isWhitespaceRatingFormula(v)) continue;
      if (criterionIds.has(id)) {
        row.ratings[id] = v;
        keptCells++;
      } else droppedRatings++;
    }
    row.keyAccount = translateListValue(p.keyAccount, [YES_NO], language);
    row.comment = p.comment;
    row.planForm = translateListValue(p.planForm ?? null, [PLAN_FORMS], language);
    keptCells += (isBlankCell(p.keyAccount) ? 0 : 1) + (isBlankCell(p.comment) ? 0 : 1) + (isBlankCell(p.planForm ?? null) ? 0 : 1);
    rows.push(row);
  }
  let newCandidates = 0;
  for (const c of candidates) {
    if (seen.has(c)) continue;
    seen.add(c);
    rows.push(newRow(c));
    newCandidates++;
  }
  const yes = SHEET_LABELS[language]["plan.yes"];
  const withNames = hasNames(rows);
  const keyAccountCol = portfolioCols(withNames).keyAccount;
  // Cells set on purpose by an option (not to be listed as lost when they held another typed value).
  const decided: string[] = [];
  if (chosen) {
    // As the user's own Yes/No choice on the Portfolio would.
    rows.forEach((row, i) => {
      const was = row.keyAccount;
      if (chosen.has(row.customer)) row.keyAccount = yes;
      else if (isYes(row.keyAccount)) row.keyAccount = SHEET_LABELS[language]["plan.no"];
      if (was !== row.keyAccount) decided.push(`${PORTFOLIO_SHEET_ID}!${PORTFOLIO_ROWS.firstData + i},${keyAccountCol}`);
    });
  }
  if (previous?.criteria && !options.criteria) {
    for (const axis of AXES)
      for (const c of previous.criteria[axis])
        for (const f of [...TEXT_FIELDS, "weight"] as const) if (!isBlankCell(c[f])) keptCells++;
  }

  const mid = (axis: "attractiveness" | "strength"): UserCell => {
    const given = options.mids?.[axis];
    if (given !== undefined) return given;
    const kept = previous?.mids[axis];
    if (kept !== undefined && !isBlankCell(kept)) {
      keptCells++;
      return kept;
    }
    return KAISM_DEFAULT_MID;
  };
  const mids = { attractiveness: mid("attractiveness"), strength: mid("strength") };

  const abcSheet = buildAbcSheet(summary, {
    language,
    valueLabel: options.mapping.value,
    thresholds: thresholds ?? DEFAULT_VALUE_THRESHOLDS,
    method,
    names: data.names ? new Map(data.customers.map((c, i) => [c, data.names!.names[i]])) : undefined,
    currency,
  });
  const profitability = buildProfitabilitySheet(
    {
      customers: data.customers,
      revenue: data.revenue,
      classes: data.customers.map((c) => classOf.get(c) ?? "D"),
      profit: data.profit,
      ladder: data.ladder,
      names: data.names?.names,
    },
    { language, columnsUsed: columnsUsed(options.mapping, language), currency },
  );
  // A sheet found keeps its name; a new one takes its default name, or the next free "Name (n)" when a
  // sheet that is not the add-in's has it (a refresh never writes over such a sheet).
  const names: Record<string, string> = { ...previous?.sheets, ...options.sheetNames };
  const taken = [...(options.reservedSheetNames ?? []), ...Object.values(names)];
  for (const [id, wanted] of Object.entries({ ...PLAN_SHEET_NAMES, [OVERVIEW_SHEET_ID]: OVERVIEW_SHEET_NAME })) {
    if (names[id]) continue;
    names[id] = sheetName(wanted, taken);
    taken.push(names[id]);
  }
  const scoring = buildScoringSheet(rows, criteria, language);
  // Criteria and midpoints given as options (the pane's edits) replace what the sheets held, on purpose.
  if (options.criteria || options.editedCriteria) {
    const layout = scoringLayout(criteria, rows.length, withNames);
    for (const [id, col] of Object.entries(layout.criterionCol)) {
      if (!options.criteria && !options.editedCriteria?.includes(id)) continue;
      for (let r = SCORING_ROWS.name; r <= SCORING_ROWS.weight; r++) decided.push(`${SCORING_SHEET_ID}!${r},${col}`);
    }
  }
  // Issue 14: whitespace roll-up — the Data source set by --whitespace-criterion replaces the old text on purpose.
  if (sourceDecided.length > 0) {
    const layout = scoringLayout(criteria, rows.length, withNames);
    for (const id of sourceDecided) decided.push(`${SCORING_SHEET_ID}!${SCORING_ROWS.source},${layout.criterionCol[id]}`);
  }
  if (options.mids?.attractiveness !== undefined) decided.push(`${PORTFOLIO_SHEET_ID}!${PORTFOLIO_ROWS.attractivenessMid},1`);
  if (options.mids?.strength !== undefined) decided.push(`${PORTFOLIO_SHEET_ID}!${PORTFOLIO_ROWS.strengthMid},1`);
  const before: Map<string, HistoryPrevious> = previousPeriods(previous?.history, period, language);
  const portfolio = buildPortfolioSheet(rows, scoringLayout(criteria, rows.length, withNames), {
    language,
    mids,
    scoringSheet: names[scoring.id],
    currency,
    previous: before,
  });
  for (const sheet of [abcSheet, profitability, scoring, portfolio]) sheet.name = names[sheet.id] ?? sheet.name;

  const sheets: SheetSpec[] = [abcSheet, profitability, scoring, portfolio];

  // Key account plans, the Overview and the History.
  // Issue 14: whitespace
  let wsAccounts: WhitespaceAccount[] = [];
  let historySheet: { entries: ReturnType<typeof historyEntries> } | undefined;
  // Issue 14: voice — the key accounts the Voice of the customer sheet lists.
  let voiceAccounts: { customer: string; name: string }[] | undefined;
  let history: SelectionCounts["history"];
  const planCounts = { active: 0, inactive: 0, created: 0 };
  // Each account's plan form: the option, else the Portfolio's choice, else the existing plan's, else
  // its quadrant's (light.ts).
  // Issue 14: whitespace roll-up — fed ratings as the formulas will compute them, for quadrants and History.
  const calcRows = withRollupRatings(rows, fedCriteria, previous?.whitespace ? readWhitespace(previous.whitespace) : undefined);
  const calcRowOf = new Map(calcRows.map((r) => [r.customer, r]));
  const quadrantOf = accountQuadrants(calcRows, criteria, mids);
  const existingForm = new Map((previous?.plans ?? []).map((p) => [p.customer, p.form ?? "full"] as const));
  const forms = new Map(
    rows.map((r, i) => [
      r.customer,
      options.planForm && options.planForm !== "auto"
        ? options.planForm
        : planFormFor(r.planForm, quadrantOf[i], existingForm.get(r.customer)),
    ]),
  );
  // Issue 14: voice — the Survey list is built first: the plans' health reads its CSAT.
  const surveyName =
    previous?.sheets[SURVEY_SHEET_ID] ??
    sheetName(SHEET_LABELS[language]["survey.sheet"], [
      ...(options.reservedSheetNames ?? []),
      ...sheets.map((x) => x.name),
      ...Object.values(names),
      SETTINGS_SHEET_NAME,
    ]);
  const surveyBuilt = buildSurveySheet(previous?.survey, language, surveyName);
  const wholeCol = (c: number): string => sheetQualified(surveyName, `${columnLetter(c)}:${columnLetter(c)}`, true);
  const surveyRefs = { customer: wholeCol(surveyBuilt.cols.customer), satisfaction: wholeCol(surveyBuilt.cols.satisfaction) };
  const surveyAnswers = previous?.survey ? readSurveyAnswers(previous.survey) : [];
  const csatOf = new Map<string, number>();
  for (const r of rows) {
    const c = voiceSummary(r.customer, surveyAnswers, [], 0).csat;
    if (c !== null) csatOf.set(r.customer, c);
  }
  // The Complaints list too: the plans' complaints component reads its account, received and resolved columns.
  const complaintsName =
    previous?.sheets[COMPLAINTS_SHEET_ID] ??
    sheetName(SHEET_LABELS[language]["complaints.sheet"], [
      ...(options.reservedSheetNames ?? []),
      ...sheets.map((x) => x.name),
      ...Object.values(names),
      SETTINGS_SHEET_NAME,
      surveyName,
    ]);
  const complaintsBuilt = buildComplaintsSheet(previous?.complaints, language, complaintsName);
  const cCol = (c: number): string => sheetQualified(complaintsName, `${columnLetter(c)}:${columnLetter(c)}`, true);
  const complaintRefs = {
    customer: cCol(complaintsBuilt.cols.customer),
    received: cCol(complaintsBuilt.cols.received),
    resolved: cCol(complaintsBuilt.cols.resolved),
  };
  const complaintsOf = new Map<string, { received: number | null; resolved: number | null }[]>();
  for (const c of previous?.complaints ? readComplaints(previous.complaints) : []) {
    const key = rows.find((r) => r.customer.trim().toLowerCase() === c.customer.trim().toLowerCase())?.customer;
    if (key !== undefined) complaintsOf.set(key, [...(complaintsOf.get(key) ?? []), { received: c.received, resolved: c.resolved }]);
  }

  // Issue 14: whitespace — our offerings: the Whitespace grid's columns and the plans' opportunity choices.
  const offerings = resolveOfferings(options.offerings ?? previous?.settings?.offerings, language);
  if (options.plans || (previous?.plans?.length ?? 0) > 0) {
    const planSheets = buildPlans(rows, previous, {
      offerings,
      // Issue 14: voice
      survey: surveyRefs,
      complaints: complaintRefs,
      language,
      portfolioSheet: portfolio.name,
      names,
      reserved: [...(options.reservedSheetNames ?? []), ...sheets.map((x) => x.name), SETTINGS_SHEET_NAME],
      counts: planCounts,
      createNew: options.plans ?? false,
      abcSheet: abcSheet.name,
      rename: options.renamePlanSheets ?? true,
      currency,
      forms,
    });
    keptCells += planSheets.keptCells;
    if (planSheets.sheets.length > 0) {
      // The health settings a person edited on the old Overview (its block below the table), kept.
      const oldOverview = previous?.old.find((o) => o.id === OVERVIEW_SHEET_ID);
      const health = oldOverview ? readHealthSettings(oldOverview.cells) : undefined;
      // One History row per key account (active plan), in the Overview's order.
      const rowOf = new Map(rows.map((r) => [r.customer, r]));
      const active = planSheets.overview.filter((p) => p.active && rowOf.has(p.customer));
      const entries = historyEntries({
        rows: active.map((p) => calcRowOf.get(p.customer)!),
        criteria,
        mids,
        plans: new Map((previous?.plans ?? []).map((p) => [p.customer, p])),
        language,
        date: generatedAt,
        health: healthSettingsOf(health),
        // Issue 14: voice
        csat: csatOf,
        complaints: complaintsOf,
      });
      entries.forEach((e, i) => (active[i].movement = movementOf(e, before.get(e.customer), language)));
      const overview = buildOverviewSheet(planSheets.overview, language, names[OVERVIEW_SHEET_ID], health, currency);
      sheets.push(overview, ...planSheets.sheets);
      // Issue 14: whitespace
      wsAccounts = planSheets.overview.map((p) => ({ customer: p.customer, name: p.customerName, active: p.active }));
      historySheet = { entries };
      // Issue 14: voice
      voiceAccounts = active.map((p) => ({ customer: p.customer, name: rowOf.get(p.customer)?.name ?? "" }));
    }
  }
  let historyBuilt: { name: string; prints: number[]; typedOver: { row: number; col: number; value: UserCell }[]; oldName: string } | undefined;
  if (historySheet || previous?.history) {
    const name =
      previous?.sheets[HISTORY_SHEET_ID] ??
      sheetName(SHEET_LABELS[language]["history.sheet"], [...(options.reservedSheetNames ?? []), ...sheets.map((x) => x.name), SETTINGS_SHEET_NAME]);
    const built = buildHistorySheet(previous?.history, historySheet?.entries ?? [], {
      language,
      period,
      name,
      currency,
      record: historySheet !== undefined,
      prints: previous?.historyPrints,
    });
    historyBuilt = { name, prints: built.prints, typedOver: built.typedOver, oldName: previous?.sheets[HISTORY_SHEET_ID] ?? name };
    sheets.push(built.sheet);
    if (historySheet) history = { sheet: name, period, rows: historySheet.entries.length, replaced: built.replaced };
  }

  // Issue 14: whitespace — one block per key account (Overview order), old blocks of other accounts kept.
  let wsOrphans: { sheet: string; cells: { row: number; col: number; value: UserCell }[] } | undefined;
  let voiceUnshown: NonNullable<typeof wsOrphans>[] = [];
  if (wsAccounts.length > 0 || previous?.whitespace) {
    const oldBlocks = previous?.whitespace ? readWhitespace(previous.whitespace) : new Map();
    const accounts = [...wsAccounts];
    for (const id of oldBlocks.keys()) if (!accounts.some((a) => a.customer === id)) accounts.push({ customer: id, active: false });
    const name =
      previous?.sheets[WHITESPACE_SHEET_ID] ??
      sheetName(SHEET_LABELS[language]["whitespace.sheet"], [...(options.reservedSheetNames ?? []), ...sheets.map((x) => x.name), SETTINGS_SHEET_NAME]);
    const built = buildWhitespaceSheet(accounts, oldBlocks, { language, name, offerings, currency });
    sheets.push(built.sheet);
    // Issue 14: whitespace roll-up — criteria whose Data source is the Whitespace read its totals.
    applyWhitespaceRollup(scoring, scoringLayout(criteria, rows.length, withNames), rows.map((r) => r.customer), fedCriteria, built.totals, name);
    keptCells += built.keptCells;
    // An offering's cells no longer on the list, and anything else typed the new sheet does not show.
    const orphans = new Set(built.orphans.map((o) => `${o.row},${o.col}`));
    const unshown = typedNotShown(previous?.whitespace, built.sheet, previous?.rebuiltPrints?.whitespace).filter((c) => !orphans.has(`${c.row},${c.col}`));
    wsOrphans = { sheet: name, cells: [...built.orphans, ...unshown] };
  }

  // Issue 14: voice — Survey and Complaints (the user's lists, carried whole) and the Voice of the
  // customer summary, in every plan workbook; kept (never dropped) once there.
  if (voiceAccounts || previous?.survey || previous?.complaints) {
    const taken = (): string[] => [...(options.reservedSheetNames ?? []), ...sheets.map((x) => x.name), SETTINGS_SHEET_NAME];
    const L = SHEET_LABELS[language];
    const survey = surveyBuilt;
    sheets.push(survey.sheet);
    const complaints = complaintsBuilt;
    sheets.push(complaints.sheet);
    const voiceName = previous?.sheets[VOICE_SHEET_ID] ?? sheetName(L["voice.sheet"], taken());
    const voiceSheet = buildVoiceSheet(voiceAccounts ?? [], {
      language,
      name: voiceName,
      survey: { sheet: surveyName, cols: survey.cols },
      complaints: { sheet: complaintsName, cols: complaints.cols },
      old: previous?.voice,
    });
    sheets.push(voiceSheet);
    // The Account columns of both lists choose from the key accounts the Voice sheet lists.
    if (voiceAccounts && voiceAccounts.length > 0) {
      const ids = "=" + sheetQualified(voiceName, a1(VOICE_ROWS.first, 0, VOICE_ROWS.first + voiceAccounts.length - 1, 0), true);
      addAccountChoice(survey, ids, language);
      addAccountChoice(complaints, ids, language);
    }
    // Notes typed on the generated Voice sheet, or over its figures, go to the Kept list; so does a value
    // typed over a label of the Survey or Complaints list (their labels are written in the sheet language).
    voiceUnshown = [
      { sheet: voiceName, cells: typedNotShown(previous?.voice, voiceSheet, previous?.rebuiltPrints?.voice) },
      { sheet: surveyName, cells: typedNotShown(previous?.survey, survey.sheet, previous?.rebuiltPrints?.survey) },
      { sheet: complaintsName, cells: typedNotShown(previous?.complaints, complaints.sheet, previous?.rebuiltPrints?.complaints) },
    ];
  }

  // Everything else people typed in the old sheets: in place, as overrides, or on the Kept list.
  const merge = mergeTyped(previous?.old ?? [], sheets, { language, date: generatedAt, decided: new Set(decided) });
  // Typed cells the refreshed sheets have no place for, found by the sheets' own builders and readers.
  const listKept = (sheet: string, cells: readonly { row: number; col: number; value: UserCell }[], why: SheetLabelKey): void => {
    for (const t of cells) {
      merge.kept.push({ date: generatedAt.toISOString().slice(0, 10), sheet, address: a1(t.row, t.col), value: t.value, why: SHEET_LABELS[language][why] });
      merge.counts.checked++;
      merge.counts.listed++;
    }
  };
  // Issue 14: whitespace — cells of an offering no longer on the list; whitespace and voice — typed values
  // their rebuilt sheets do not show.
  for (const g of [wsOrphans, ...voiceUnshown]) if (g) listKept(g.sheet, g.cells, "kept.why.replaced");
  // What was typed in columns a person inserted inside a plan sheet (the refreshed plan has its own columns).
  for (const g of previous?.insertedColumns ?? []) listKept(g.sheet, g.cells, "kept.why.planColumn");
  if (historyBuilt) listKept(historyBuilt.oldName, historyBuilt.typedOver, "kept.why.replaced");
  let keptSheet: string | undefined;
  if (previous?.kept || merge.kept.length > 0) {
    keptSheet =
      previous?.sheets[KEPT_SHEET_ID] ??
      sheetName(SHEET_LABELS[language]["kept.sheet"], [
        ...(options.reservedSheetNames ?? []),
        ...sheets.map((x) => x.name),
        SETTINGS_SHEET_NAME,
      ]);
    sheets.push(buildKeptSheet(previous?.kept, merge.kept, language, keptSheet));
  }
  // What this run generated, so the next refresh can tell it from what people type.
  const fingerprints: Record<string, { generated: string[]; defaults: string[] }> = {};
  for (const sheet of sheets) {
    const kind = kindOfSheetId(sheet.id);
    if (!kind) continue;
    const prints = sheetFingerprints(kind, sheet, merge.typedCells.get(sheet));
    fingerprints[sheet.id] = { generated: encodeFingerprints(prints.generated), defaults: encodeFingerprints(prints.defaults) };
  }
  if (historyBuilt) fingerprints[HISTORY_SHEET_ID] = { generated: encodeFingerprints(historyBuilt.prints), defaults: [] };
  // Issue 14: what the rebuilt sheets generated, by content (fingerprint.ts `rebuiltPrints`).
  for (const sheet of sheets)
    if ([WHITESPACE_SHEET_ID, SURVEY_SHEET_ID, COMPLAINTS_SHEET_ID, VOICE_SHEET_ID].includes(sheet.id))
      fingerprints[sheet.id] = { generated: encodeFingerprints(rebuiltPrints(specGrid(sheet))), defaults: [] };

  const numeric = (c: UserCell): number | undefined => (typeof c === "number" && Number.isFinite(c) ? c : undefined);
  const settings: PlanSettings = {
    format: SETTINGS_FORMAT,
    appVersion: options.appVersion ?? "0.0.0",
    generatedAt: generatedAt.toISOString(),
    language,
    ...(currency ? { currency } : {}),
    source: options.source,
    mapping: { ...options.mapping },
    abc: { method, thresholds: thresholds ? [thresholds[0], thresholds[1]] : undefined, nonpositive },
    candidates: formatCandidates(rule),
    mids: { attractiveness: numeric(mids.attractiveness), strength: numeric(mids.strength) },
    criteria: {
      attractiveness: criteria.attractiveness.map((c) => c.id),
      strength: criteria.strength.map((c) => c.id),
    },
    weights: Object.fromEntries(
      AXES.flatMap((a) => criteria[a]).flatMap((c) =>
        numeric(c.weight) === undefined ? [] : [[c.id, numeric(c.weight) as number]],
      ),
    ),
    sheets: { ...Object.fromEntries(sheets.map((x) => [x.id, x.name])), [SETTINGS_SHEET_ID]: SETTINGS_SHEET_NAME },
    // Issue 14: whitespace
    offerings,
  };
  sheets.push(buildSettingsSheet(settings, language, fingerprints));

  const dropped = rows.filter((r) => r.status === "dropped").length;
  const missing = rows.filter((r) => r.status === "missing").length;
  return {
    spec: { sheets },
    settings,
    summary,
    counts: {
      customers: data.customers.length,
      rows: rows.length,
      candidates: candidates.length,
      newCandidates: previous ? newCandidates : 0,
      dropped,
      missing,
      keptCells,
      typed: merge.counts,
      keptSheet,
      droppedRatings,
      plans: planCounts,
      history,
    },
  };
}

/** The chosen key accounts, or undefined when none were given. @throws KamError for unknown customer IDs. */
function resolveKeyAccounts(
  rule: KeyAccountRule | undefined,
  ranked: string[],
  index: Map<string, number>,
): Set<string> | undefined {
  if (!rule) return undefined;
  if (rule.kind === "top") return new Set(ranked.slice(0, rule.n));
  const unknown = rule.ids.filter((id) => !index.has(id));
  if (unknown.length > 0) {
    throw new KamError("argument", "plan.keyAccountsUnknown", { ids: problemList(unknown.map((u) => ({ key: "plan.quoted", values: { text: u } })), 5) }, { column: "key-accounts" });
  }
  return new Set(rule.ids);
}

/**
 * The plan sheets: every plan already in the workbook (in its order; inactive when the account is no
 * longer a key account), then a new plan for each key account without one (in Portfolio order), when
 * `createNew`. Names: an existing plan keeps its sheet name; a new one is "Plan <customer>", sanitised
 * and unique among all sheet names (DESIGN §2 rule 6).
 */
function buildPlans(
  rows: CandidateRow[],
  previous: PreservedPlan | undefined,
  o: {
    language: SheetLanguage;
    portfolioSheet: string;
    names: Record<string, string>;
    reserved: string[];
    counts: SelectionCounts["plans"];
    createNew: boolean;
    abcSheet: string;
    rename: boolean;
    currency?: CurrencyCode;
    forms: Map<string, PlanForm>;
    offerings: string[];
    // Issue 14: voice
    survey?: HealthSettingRefs["survey"];
    complaints?: HealthSettingRefs["complaints"];
  },
): { sheets: SheetSpec[]; overview: OverviewPlan[]; keptCells: number } {
  const rowOf = new Map(rows.map((r, i) => [r.customer, i]));
  const nameOf = (customer: string): string | undefined => rows[rowOf.get(customer) ?? -1]?.name || undefined;
  const keys = rows.filter((r) => isYes(r.keyAccount)).map((r) => r.customer);
  const active = new Set(keys);
  const taken = [...o.reserved, o.names[OVERVIEW_SHEET_ID]];
  const list: { customer: string; name: string; preserved?: PreservedAccountPlan }[] = [];
  const have = new Set<string>();
  for (const p of previous?.plans ?? []) {
    if (have.has(p.customer)) continue;
    have.add(p.customer);
    list.push({ customer: p.customer, name: p.sheet, preserved: p });
    taken.push(p.sheet);
  }
  // A plan whose sheet still has a name the add-in gave it follows the customer's name (issue 11: names
  // added on a refresh, or changed in the data); a name a person chose stays.
  for (const item of o.rename ? list : []) {
    const customerName = nameOf(item.customer);
    if (!customerName || !isGeneratedPlanName(item.name, item.customer)) continue;
    const others = taken.filter((t) => t.toLowerCase() !== item.name.toLowerCase());
    const wanted = planSheetName(item.customer, customerName, others);
    if (wanted === item.name) continue;
    taken.push(wanted);
    item.name = wanted;
  }
  if (o.createNew) {
    for (const c of keys) {
      if (have.has(c)) continue;
      have.add(c);
      const name = planSheetName(c, nameOf(c), taken);
      taken.push(name);
      list.push({ customer: c, name });
      o.counts.created++;
    }
  }
  let keptCells = 0;
  const sheets: SheetSpec[] = [];
  const overview: OverviewPlan[] = [];
  // The plans' health formulas read the settings block the Overview will have below its table.
  const local = healthSettingsRefs(overviewHealthTop(list.length));
  const q = (ref: string): string => onSheet(o.names[OVERVIEW_SHEET_ID], ref);
  const healthSettings: HealthSettingRefs = {
    weights: Object.fromEntries(Object.entries(local.weights).map(([k, v]) => [k, q(v)])) as HealthSettingRefs["weights"],
    green: q(local.green),
    amber: q(local.amber),
    cadence: Object.fromEntries(Object.entries(local.cadence).map(([k, v]) => [k, q(v)])) as HealthSettingRefs["cadence"],
    // Issue 14: voice
    ...(o.survey ? { survey: o.survey } : {}),
    complaintDays: q(local.complaintDays),
    ...(o.complaints ? { complaints: o.complaints } : {}),
  };
  for (const item of list) {
    const i = rowOf.get(item.customer);
    const isActive = active.has(item.customer);
    const built = buildAccountPlanSheet({
      customer: item.customer,
      customerName: nameOf(item.customer),
      portfolioNames: rows.some((r) => !!r.name),
      abcSheet: o.abcSheet,
      name: item.name,
      active: isActive,
      portfolioRow: i === undefined ? null : PORTFOLIO_ROWS.firstData + i,
      portfolioSheet: o.portfolioSheet,
      language: o.language,
      currency: o.currency,
      preserved: item.preserved,
      form: o.forms.get(item.customer) ?? "full",
      healthSettings,
      offerings: o.offerings,
    });
    keptCells += built.keptCells;
    sheets.push(built.sheet);
    overview.push({
      customer: item.customer,
      customerName: nameOf(item.customer),
      sheet: item.name,
      active: isActive,
      refs: built.refs,
    });
    if (isActive) o.counts.active++;
    else o.counts.inactive++;
  }
  return { sheets, overview, keptCells };
}

/**
 * Each row's KAISM quadrant as the Portfolio's formula computes it (weighted scores of the ratings,
 * src/core/score.ts; midpoints, src/core/quadrant.ts), or undefined while an axis is not fully rated or a
 * weight or midpoint is not a number.
 */
function accountQuadrants(
  rows: readonly CandidateRow[],
  criteria: CriteriaSet,
  mids: { attractiveness: UserCell; strength: UserCell },
): (Quadrant | undefined)[] {
  const num = (v: UserCell | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const score = (row: CandidateRow, axis: "attractiveness" | "strength"): number | null => {
    const weights = criteria[axis].map((c) => num(c.weight) ?? -1);
    const ratings = criteria[axis].map((c) => num(row.ratings[c.id]) ?? -1);
    // Unrated, or a weight or rating KAM.SCORE would refuse: no quadrant (the sheet shows none either).
    if (weights.length === 0 || weights.some((w) => w < 0) || ratings.some((x) => x < 0 || x > 10)) return null;
    if (!(weights.reduce((sum, w) => sum + w, 0) > 0)) return null;
    return weightedScores([ratings], weights)[0];
  };
  const [aMid, sMid] = [num(mids.attractiveness), num(mids.strength)];
  return rows.map((row) => {
    const a = score(row, "attractiveness");
    const s = score(row, "strength");
    return a === null || s === null || aMid === null || sMid === null ? undefined : quadrant(a, s, aMid, sMid);
  });
}

/** Library texts the user left as they were follow the sheet language; edited ones stay. */
function translateCriterion(c: Criterion, language: SheetLanguage): Criterion {
  const out: Criterion = { ...c };
  for (const f of TEXT_FIELDS) out[f] = translateText(c.id, f, c[f], language);
  // Issue 14: whitespace roll-up — the data-source choice follows the sheet language.
  if (isWhitespaceSource(c.source)) out.source = whitespaceSourceLabel(language);
  return out;
}

/** "Revenue: Sales · Profit: Profit" — what the Profitability sheet was computed from. */
function columnsUsed(m: PlanMapping, language: SheetLanguage): string {
  const L = SHEET_LABELS[language];
  const parts = [`${L["profit.col.revenue"]}: ${m.value}`];
  if (m.profit) parts.push(`${L["profit.col.profit"]}: ${m.profit}`);
  const ladder: [keyof PlanMapping, keyof typeof L][] = [
    ["netRevenue", "profit.col.netRevenue"],
    ["cm1", "profit.col.cm1"],
    ["cm2", "profit.col.cm2"],
    ["cm3", "profit.col.cm3"],
    ["cm4", "profit.col.cm4"],
    ["costToServe", "profit.col.costToServe"],
  ];
  for (const [k, label] of ladder) if (m[k]) parts.push(`${L[label]}: ${m[k]}`);
  return parts.join(" · ");
}
