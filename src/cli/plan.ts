/**
 * `kam plan`: the key-account selection workbook from a .csv/.xlsx file — ABC, Profitability, Scoring and
 * Portfolio sheets, an Overview and a "Plan <customer>" sheet per key account (issue 6; key accounts are
 * the Portfolio's Yes choices, or chosen with --key-accounts top:N | ID,ID,…), plus the hidden settings
 * sheet (src/plan/planWorkbook.ts), written with ExcelJS.
 *
 * When --out exists it is updated, not replaced (DESIGN §2 rule 8):
 * 1. it is refused while it is open in LibreOffice or Excel (a lock file beside it: src/cli/openWorkbook.ts);
 *    it is read, its generated sheets are recognised by content and what the user entered there is
 *    extracted (src/plan/preserve.ts); a file that is not a plan made by kam (no settings sheet and other
 *    sheets than ours) is refused, and so is one with parts a refresh through ExcelJS would lose (charts,
 *    pivot tables, comments …; src/cli/existingWorkbook.ts); a sheet that carries one of our names but is
 *    not ours is left alone and reported;
 * 2. a backup copy is written next to it (NAME.backup-YYYYMMDD-HHMMSS.xlsx, never overwriting one);
 * 3. the plan sheets are rebuilt with the entered values merged in (everything else typed on them is
 *    kept in place, as an override of a formula, or on the Kept on refresh sheet: src/sheets/merge.ts)
 *    and rendered into the same workbook, so sheets the user added survive (at their place; each of ours
 *    takes the place of its old version, new ones follow the last of ours; hidden ones stay hidden);
 * 4. the result is written atomically (temporary file + rename).
 * Options left out on a refresh (--language, --candidates, --method, --thresholds) default to what the
 * existing plan was made with.
 */
import { readFile } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { z } from "zod";
import { DEFAULT_COUNT_THRESHOLDS, DEFAULT_VALUE_THRESHOLDS } from "../core/abc";
import { KamError } from "../core/errors";
import { PlanData, PlanMapping } from "../plan/planInput";
import { readRowsFile } from "../read/stream/abcFile";
import { planReader } from "../read/stream/planRows";
import { SelectionResult, buildSelectionWorkbook, parseCandidates, parseKeyAccounts } from "../plan/planWorkbook";
import { PreservedPlan, WorkbookCells, extractPreserved } from "../plan/preserve";
import type { SheetSpec } from "../plan/spec";
import { SETTINGS_SHEET_ID, SETTINGS_SHEET_NAME } from "../sheets/settings/build";
import type { UserCell } from "../plan/userCell";
import { renderXlsx, writeWorkbookFile, writeXlsxFile } from "../render/xlsx";
import type { KeptTable } from "../render/xlsxPackage";
import { parseThresholds, severalNamesLine } from "./analyze";
import { BACKUPS_KEPT, writeBackup } from "./backup";
import { ProblemKey, ProblemLang, ProblemValues, problemText } from "../i18n/problems";
import { inspectPackage, lossError } from "./existingWorkbook";
import { refuseOpenWorkbook } from "./openWorkbook";
import { checkOutputFolder } from "./output";
import { readInputFile } from "./readInput";
import { skipLines } from "./skipReport";
import { parseCurrency } from "../sheets/kit/formats";
import { parsePeriod } from "../sheets/history/read";
import { WHITESPACE_SHEET_ID, parseOfferings } from "../sheets/whitespace/build";
import { COMPLAINTS_SHEET_ID, SURVEY_SHEET_ID } from "../sheets/voice/lists";
import { VOICE_SHEET_ID } from "../sheets/voice/summary";
import packageJson from "../../package.json";

const column = z.string().trim().min(1);

/** Options of `kam plan` after parsing; the zod schema is the single description of them. */
export const PlanOptionsSchema = z.object({
  file: z.string().min(1),
  sheet: z.string().min(1).optional(),
  customer: column,
  name: column.optional(),
  value: column,
  profit: column.optional(),
  "net-revenue": column.optional(),
  cm1: column.optional(),
  cm2: column.optional(),
  cm3: column.optional(),
  cm4: column.optional(),
  "cost-to-serve": column.optional(),
  candidates: z.string().optional(),
  "key-accounts": z.string().optional(),
  period: z.string().optional(),
  "plan-form": z.enum(["full", "light", "auto"]).optional(),
  // Issue 14: whitespace roll-up
  "whitespace-criterion": z.string().trim().min(1).optional(),
  offerings: z.string().optional(),
  method: z.enum(["value", "count"]).optional(),
  thresholds: z.string().optional(),
  locale: z.enum(["en-US", "nb-NO"]).default("en-US"),
  language: z.enum(["en", "nb"]).optional(),
  currency: z.string().optional(),
  out: z.string().min(1),
});
export type PlanOptions = z.infer<typeof PlanOptionsSchema>;

export const PLAN_USAGE = `Usage: kam plan <file.xlsx|file.csv> --customer COLUMN --value COLUMN --out PLAN.xlsx [options]

Key account selection workbook: ABC, Profitability, Scoring (criteria, weights, ratings 1-10, weighted
attractiveness and relative strength) and Portfolio (KAISM quadrant, strategy, Key account Yes/No),
plus a key account plan sheet per key account and an Overview of the plans.
If PLAN.xlsx exists it is updated: ratings, weights, criteria, choices, comments and everything entered
in the plan sheets are kept, figures are refreshed, new candidates and plans are added, a plan whose
account is no longer a key account is kept and marked inactive, and a backup is written first.
A PLAN.xlsx holding what a refresh cannot carry (charts, pictures, pivot tables, macros, notes or
links on the plan's own sheets, ...) is left untouched, with a list of those parts; so is one open in
LibreOffice or Excel (close it first).

Options:
  --customer COLUMN      header of the customer-key column (required)
  --name COLUMN          header of a customer-name column, shown beside the ID on every sheet and in
                         plan sheet names ("Plan Sean Miller (SM-20320)"); keys stay the IDs; a
                         customer with several names gets the most frequent one
  --value COLUMN         header of the revenue column, e.g. Sales (required; ranks the ABC analysis)
  --profit COLUMN        header of a profit or contribution-margin column (Profitability sheet)
  --net-revenue, --cm1, --cm2, --cm3, --cm4, --cost-to-serve COLUMN
                         contribution-margin ladder columns (optional; Shapiro type with net revenue
                         and cost to serve)
  --candidates A|A,B|N   candidate accounts: ABC classes, or the top N by value (default A)
  --key-accounts top:N|ID,ID,…
                         choose the key accounts (the N largest by value, or customer IDs): they get
                         Yes under Key account on the Portfolio, accounts that had Yes get No. Every
                         key account (Yes) gets a plan sheet "Plan <customer>" and a row on the
                         Overview; without this option the Portfolio's Yes choices decide
  --period YYYY-MM       the period the Account history sheet records (default: this month); a
                         refresh in the same period replaces that period's rows, earlier periods
                         are kept as they are
  --plan-form full|light|auto
                         the form of every plan: the full plan, or KAM light (a one-page plan with
                         contacts, 3 goals, 5 actions and 1 KPI; what it has no place for is kept
                         below it and put back when the plan is Full again); auto (default): the
                         Portfolio's Plan form column; blank there, a plan keeps its form and a new
                         plan is Full for Strategic accounts and accounts not yet rated, else Light
  --whitespace-criterion ATTn|none
                         the attractiveness criterion whose ratings read the Whitespace sheet: its
                         Data source becomes "Untapped potential (Whitespace)" and each key
                         account's rating is 1 + 9 x its untapped potential / the largest one,
                         rounded (blank while no potential is typed); none turns it off. Without
                         the option the Data source cells on the Scoring sheet decide
  --offerings "A;B;C"    our offerings, the Whitespace grid's columns (at most 8, separated by ";"),
                         kept in the workbook for the next refresh (default: as before, else
                         Products, Services, Software, Training, Support); a renamed or dropped
                         offering's typed cells are listed on the Kept on refresh sheet
  --method value|count   ABC method (default value)
  --thresholds T1,T2     ABC class limits (default 80,95; count method 20,80)
  --language en|nb       labels of the generated sheets (default en); sheet names stay English
  --currency CODE        ISO 4217 currency of the amounts, e.g. NOK, USD, EUR (default: as before, else none)
  --sheet NAME           worksheet of an .xlsx input (default: the first visible sheet)
  --locale en-US|nb-NO   how numbers written as text are read (default en-US)
  --out FILE.xlsx        the plan workbook to write or update (required)
  -h, --help             show this help

Exit codes: 0 done, 1 bad input, 2 wrong usage.`;

export interface PlanRunResult {
  result: SelectionResult;
  data: PlanData;
  source: string;
  out: string;
  /** Path of the backup of the previous plan, when there was one. */
  backup?: string;
  /** The settings sheet of the previous plan could not be read (its problem). */
  settingsProblem?: string;
  /** Sheets named like the plan's that were not recognised as such (left as they are), with the reason. */
  unrecognised: { name: string; reason: string }[];
}

/** Runs `kam plan` without printing. @throws KamError for bad input or an --out that is not a plan. */
export async function runPlan(opts: PlanOptions, now: Date = new Date()): Promise<PlanRunResult> {
  const source = basename(opts.file);
  const explicitCandidates = opts.candidates === undefined ? undefined : parseCandidates(opts.candidates);
  const keyAccounts = opts["key-accounts"] === undefined ? undefined : parseKeyAccounts(opts["key-accounts"]);
  const explicitThresholds = opts.thresholds === undefined ? undefined : parseThresholds(opts.thresholds);
  const period = opts.period === undefined ? undefined : parsePeriod(opts.period);
  const offerings = opts.offerings === undefined ? undefined : parseOfferings(opts.offerings);
  if (resolve(opts.out) === resolve(opts.file)) {
    throw new KamError("file", "out.isInput", { name: basename(opts.out) }, { source });
  }
  if (extname(opts.out).toLowerCase() !== ".xlsx") {
    throw new KamError("file", "plan.outNotXlsx", { name: basename(opts.out) }, { source });
  }
  checkOutputFolder(opts.out);

  const mapping: PlanMapping = {
    customer: opts.customer,
    name: opts.name,
    value: opts.value,
    profit: opts.profit,
    netRevenue: opts["net-revenue"],
    cm1: opts.cm1,
    cm2: opts.cm2,
    cm3: opts.cm3,
    cm4: opts.cm4,
    costToServe: opts["cost-to-serve"],
  };
  // Streamed: one pass over the file, memory in customers (src/read/stream/planRows.ts).
  const data = await readRowsFile(opts.file, opts.sheet, planReader(mapping, opts.locale, source), readInputFile);

  const existing = await readExistingPlan(opts.out);
  const before = existing?.preserved.settings;
  const method = opts.method ?? (before?.abc.method === "count" ? "count" : "value");
  const thresholds =
    explicitThresholds ??
    (before?.abc.method === method && before.abc.thresholds
      ? before.abc.thresholds
      : method === "count"
        ? DEFAULT_COUNT_THRESHOLDS
        : DEFAULT_VALUE_THRESHOLDS);
  const result = buildSelectionWorkbook(
    data,
    {
      language: opts.language ?? before?.language ?? "en",
      currency: parseCurrency(opts.currency) ?? before?.currency,
      mapping: { ...mapping, sheet: opts.sheet },
      source,
      candidates: explicitCandidates ?? (before ? parseCandidates(before.candidates) : undefined),
      abc: { method, thresholds: [thresholds[0], thresholds[1]], nonpositive: before?.abc.nonpositive ?? "D" },
      generatedAt: now,
      appVersion: packageJson.version,
      plans: true,
      keyAccounts,
      period,
      planForm: opts["plan-form"],
      // Issue 14: whitespace roll-up
      whitespaceCriterion: opts["whitespace-criterion"],
      offerings,
      reservedSheetNames: existing
        ? existing.workbook.worksheets.map((ws) => ws.name).filter((n) => !planSheetNames(existing.preserved).has(n.toLowerCase()))
        : undefined,
    },
    existing?.preserved,
  );

  let backup: string | undefined;
  if (existing) {
    const wb = existing.workbook;
    const ours = planSheetNames(existing.preserved);
    const clash = result.spec.sheets.find((s) =>
      wb.worksheets.some((ws) => ws.name.toLowerCase() === s.name.toLowerCase() && !ours.has(s.name.toLowerCase())),
    );
    if (clash) {
      // The user's own sheet carries the name of one of ours: the plan's formulas would point at it.
      throw new KamError("file", "plan.sheetClash", { name: basename(opts.out), sheet: clash.name }, { source: basename(opts.out) });
    }
    backup = await writeBackup(opts.out, now);
    const order = oldSheets(wb, existing.preserved);
    const activeName = wb.worksheets[wb.views?.[0]?.activeTab ?? 0]?.name;
    for (const ws of wb.worksheets) if (ours.has(ws.name.toLowerCase())) wb.removeWorksheet(ws.id);
    renderXlsx(result.spec, wb);
    placeSheets(wb, order, activeName, result.spec.sheets);
    await writeWorkbookFile(wb, opts.out, { keptTables: existing.keptTables });
  } else {
    await writeXlsxFile(result.spec, opts.out);
  }
  return {
    result,
    data,
    source,
    out: opts.out,
    backup,
    settingsProblem: existing?.preserved.settingsProblem,
    unrecognised: existing?.preserved.unrecognised ?? [],
  };
}

interface ExistingPlan {
  workbook: ExcelJS.Workbook;
  preserved: PreservedPlan;
  /** The user's tables, put back exactly when the refreshed workbook is written. */
  keptTables: KeptTable[];
}

/** The existing --out workbook and what the user entered there; undefined when the file does not exist. */
async function readExistingPlan(path: string): Promise<ExistingPlan | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    const reason = { key: "file.reason.other" as const, values: { text: (e as Error).message } };
    throw new KamError("file", "file.cannotRead", { source: basename(path), reason }, { source: basename(path) });
  }
  await refuseOpenWorkbook(path);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as never);
  } catch {
    throw new KamError("file", "plan.outUnreadable", { name: basename(path) }, { source: basename(path) });
  }
  const preserved = extractPreserved(workbookCells(workbook));
  const ours = planSheetNames(preserved);
  const hasSettings = preserved.settings !== undefined || preserved.settingsProblem !== undefined;
  const foreign = workbook.worksheets.filter((ws) => !ours.has(ws.name.toLowerCase()));
  if (!hasSettings && foreign.length > 0) {
    // Not a plan we made (an earlier `kam analyze` output, with only an ABC sheet, is fine): never
    // write into someone else's workbook (DESIGN §2 rule 8).
    throw new KamError("file", "plan.outNotPlan", { name: basename(path), settings: SETTINGS_SHEET_NAME }, { source: basename(path) });
  }
  // Refuse, before any backup or write, when ExcelJS would drop parts of the workbook (src/cli/existingWorkbook.ts).
  const { losses, keptTables } = await inspectPackage(bytes, ours);
  if (losses.length > 0) throw lossError(path, losses);
  return { workbook, preserved, keptTables };
}

/** Lower-case names of the sheets of an existing plan that the add-in made (plan sheets and settings). */
function planSheetNames(preserved: PreservedPlan): Set<string> {
  const names = Object.values(preserved.sheets);
  if (preserved.settings || preserved.settingsProblem) names.push(SETTINGS_SHEET_NAME);
  return new Set(names.map((n) => n.toLowerCase()));
}

/** Every sheet's cells as `UserCell`s: values, formulas as `{ formula }`, dates as ISO text. */
export function workbookCells(wb: ExcelJS.Workbook): WorkbookCells {
  const out = new Map<string, UserCell[][]>();
  for (const ws of wb.worksheets) {
    const grid: UserCell[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = userCell(cell);
        if (v === null) return;
        (grid[r - 1] ??= [])[c - 1] = v;
      });
    });
    out.set(ws.name, grid);
  }
  return out;
}

function userCell(cell: ExcelJS.Cell): UserCell {
  if (cell.type === ExcelJS.ValueType.Merge) return null;
  if (cell.type === ExcelJS.ValueType.Formula) return { formula: cell.formula };
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return v.toISOString().slice(0, v.toISOString().endsWith("T00:00:00.000Z") ? 10 : 19);
  if ("richText" in v) return v.richText.map((t) => t.text).join("");
  if ("hyperlink" in v) return String((v as ExcelJS.CellHyperlinkValue).text ?? "");
  if ("error" in v) return String(v.error);
  return String(v);
}

/** A sheet of the workbook before the refresh: its name, whether it was hidden, and its spec id when it was ours. */
interface OldSheet {
  name: string;
  state: ExcelJS.Worksheet["state"];
  id?: string;
}

/** The existing workbook's sheets in tab order, ours tagged with their spec ids (settings sheet included). */
function oldSheets(wb: ExcelJS.Workbook, preserved: PreservedPlan): OldSheet[] {
  const ids = new Map(Object.entries(preserved.sheets).map(([id, name]) => [name.toLowerCase(), id]));
  if (preserved.settings || preserved.settingsProblem) ids.set(SETTINGS_SHEET_NAME.toLowerCase(), SETTINGS_SHEET_ID);
  return wb.worksheets.map((ws) => ({ name: ws.name, state: ws.state, id: ids.get(ws.name.toLowerCase()) }));
}

/**
 * After a refresh, puts the sheets where the person had them. The new plan sheets are the last
 * `specSheets.length` sheets of `wb`, in spec order. Each takes the tab place of its old version (matched
 * by spec id, so a renamed or moved sheet stays where it was); sheets that are new this time follow the
 * last of the old ones (or, without any, the user's sheets). A sheet the person hid stays hidden (its
 * state is carried unless the spec hides it itself), as long as one sheet stays visible. The tab that
 * was active stays active (its new version, for one of ours); a hidden active tab moves to the first
 * visible sheet.
 */
function placeSheets(wb: ExcelJS.Workbook, old: OldSheet[], activeName: string | undefined, specSheets: SheetSpec[]): void {
  const sheets = wb.worksheets;
  const freshSheets = sheets.slice(sheets.length - specSheets.length);
  const fresh = new Map(specSheets.map((s, i) => [s.id, freshSheets[i]]));
  const users = new Map(sheets.slice(0, sheets.length - specSheets.length).map((ws) => [ws.name, ws]));
  const final: ExcelJS.Worksheet[] = [];
  const hidden = new Map<ExcelJS.Worksheet, ExcelJS.Worksheet["state"]>();
  let lastOurs = -1;
  let active: ExcelJS.Worksheet | undefined;
  for (const o of old) {
    const ws = o.id === undefined ? users.get(o.name) : fresh.get(o.id);
    if (!ws || final.includes(ws)) continue;
    final.push(ws);
    if (o.id !== undefined) {
      lastOurs = final.length - 1;
      if ((o.state === "hidden" || o.state === "veryHidden") && ws.state === "visible") hidden.set(ws, o.state);
    }
    if (o.name === activeName) active = ws;
  }
  // A sheet new this time goes right after the sheet that precedes it in the spec (a new plan after the
  // last plan, before the hidden settings sheet); the first one, with no predecessor, after the last of ours.
  let previous: ExcelJS.Worksheet | undefined;
  for (const ws of freshSheets) {
    if (!final.includes(ws)) {
      const at = previous ? final.indexOf(previous) + 1 : lastOurs < 0 ? final.length : lastOurs + 1;
      final.splice(at, 0, ws);
      if (at <= lastOurs) lastOurs++;
    }
    previous = ws;
  }
  // Sheets that were neither ours nor the user's before (none expected) keep their place at the end.
  for (const ws of sheets) if (!final.includes(ws)) final.push(ws);
  const isVisible = (ws: ExcelJS.Worksheet): boolean => (hidden.get(ws) ?? ws.state) === "visible";
  if (final.some(isVisible)) for (const [ws, state] of hidden) ws.state = state;
  // ExcelJS orders sheets by `orderNo` (not in its typings).
  final.forEach((ws, i) => ((ws as unknown as { orderNo: number }).orderNo = i));
  const firstVisible = Math.max(final.findIndex((ws) => ws.state === "visible"), 0);
  const activeTab = active && active.state === "visible" ? final.indexOf(active) : firstVisible;
  if (!wb.views || wb.views.length === 0) wb.views = [{ activeTab } as ExcelJS.WorkbookView];
  for (const view of wb.views) {
    view.activeTab = activeTab;
    view.firstSheet = 0;
  }
}

/** A few lines for a person, in `lang`: what was read, how many candidates, what was kept, where it went. */
export function planText(r: PlanRunResult, lang: ProblemLang = "en"): string {
  const { counts } = r.result;
  const say = (key: ProblemKey, values: ProblemValues = {}): string => problemText(lang, key, values);
  /** The key for one of a count ("….one") or for any other count. */
  const pl = (count: number, key: ProblemKey, values: ProblemValues = {}): string =>
    count === 1 ? say(`${key}.one` as ProblemKey, values) : say(key, { count, ...values });
  const rule = r.result.settings.candidates;
  const value = r.result.settings.mapping.value;
  const lines = [
    say("report.read", { source: r.source, customers: counts.customers, rows: r.data.usedRows }),
    ...(r.data.skipped ? skipLines(r.data.skipped, lang) : []),
    say("plan.report.candidates", {
      count: counts.candidates,
      rule: /^[0-9]+$/.test(rule)
        ? { key: "plan.report.ruleTop", values: { n: Number(rule), value } }
        : { key: "plan.report.ruleClass", values: { classes: rule, value } },
    }),
  ];
  if (r.data.names) lines.push(severalNamesLine(r.data.names, lang));
  // KAM-DOMAIN §3: 15–35 key accounts is the usual range; rating far more candidates is rarely meant.
  if (counts.candidates > 50) lines.push(say("plan.report.manyCandidates", { count: counts.candidates }));
  const history = (): void => {
    const h = counts.history;
    if (!h) return;
    lines.push(
      pl(h.rows, "plan.report.history", { period: h.period, sheet: h.sheet }) +
        (h.replaced > 0 ? pl(h.replaced, "plan.report.historyReplaced", { period: h.period }) : ""),
    );
  };
  const depth = (): void => {
    // Issue 14: the account-depth sheets of the workbook, by the names they have.
    const ids = [WHITESPACE_SHEET_ID, SURVEY_SHEET_ID, COMPLAINTS_SHEET_ID, VOICE_SHEET_ID];
    const names = ids.flatMap((id) => r.result.spec.sheets.filter((x) => x.id === id).map((x) => say("plan.quoted", { text: x.name })));
    if (names.length > 0) lines.push(say("plan.report.depth", { sheets: names.join(", ") }));
  };
  if (r.backup) {
    const t = counts.typed;
    const p = counts.plans;
    lines.push(
      say("plan.report.updated", { out: r.out, backup: basename(r.backup), kept: BACKUPS_KEPT }),
      pl(t.inPlace, "plan.report.keptInPlace") +
        pl(t.overrides, "plan.report.overrides") +
        (counts.keptSheet && t.listed + t.overrides > 0
          ? say("plan.report.onKeptSheet", { count: t.listed, sheet: counts.keptSheet }) +
            (t.overrides > 0 ? pl(t.overrides, "plan.report.overridesListed") : "")
          : ""),
      say("plan.report.newCandidates", { count: counts.newCandidates }) +
        (counts.dropped > 0 ? say("plan.report.dropped", { count: counts.dropped }) : "") +
        (counts.missing > 0 ? say("plan.report.missing", { count: counts.missing }) : ""),
    );
    if (p.active + p.inactive > 0) {
      lines.push(
        say("plan.report.plans", { active: p.active }) +
          (p.created > 0 ? say("plan.report.plansNew", { count: p.created }) : "") +
          (p.inactive > 0 ? pl(p.inactive, "plan.report.plansInactive") : ""),
      );
    }
    history();
    depth();
    if (r.settingsProblem) lines.push(say("plan.report.settingsProblem", { problem: r.settingsProblem }));
    for (const u of r.unrecognised) {
      const now = Object.entries(r.result.settings.sheets).find(([, n]) => n.toLowerCase() !== u.name.toLowerCase() && sameBase(n, u.name))?.[1];
      lines.push(
        now
          ? say("plan.report.unrecognisedNow", { name: u.name, reason: u.reason, now })
          : say("plan.report.unrecognised", { name: u.name, reason: u.reason }),
      );
    }
  } else {
    lines.push(
      counts.plans.active > 0
        ? say("plan.report.wrotePlans", { out: r.out, count: counts.plans.active })
        : say("plan.report.wrote", { out: r.out }),
    );
    history();
    depth();
  }
  return lines.join("\n") + "\n";
}

/** "Portfolio (2)" is the free name of "Portfolio". */
function sameBase(name: string, base: string): boolean {
  return name.toLowerCase().replace(/ \([0-9]+\)$/, "") === base.toLowerCase();
}

