/**
 * Reading the workbook's sheets that may be the add-in's, for every pane step that refreshes them (Select
 * key accounts, Plans, ABC): which sheets exist and their tags, a top-left corner of every sheet to test
 * by content whether it is one of the add-in's, and the cells of those that may be. What the add-in's
 * sheets are is then decided by content alone (src/plan/preserve.ts `extractPreserved`); this module also
 * says which existing sheets those are for the renderer (`recognisedSheets`) and reports what a refresh
 * kept (`KeptReport`).
 *
 * Decisions (issue 9 part 5.2):
 * - Read in full: every sheet tagged by the add-in (`kam.id`) as one of the wanted kinds, the settings
 *   sheet, and every other sheet whose top-left corner (SIGNATURE_ROWS × SIGNATURE_COLS cells, read for
 *   all sheets in the same sync as the tags) shows the header of such a kind (src/sheets/keys.ts
 *   `recogniseKind`; a plan by its Customer ID and first section). So a sheet copied in from another file,
 *   without the tag, is found; a user's data sheet (a "Customer ID" column included) is not read. A sheet
 *   whose header lies below the corner (about 50 rows inserted above it) is found only with its tag.
 * - Syncs: 2 + one per READ_CELLS_PER_SYNC cells read (values and formulas count once each), in ranges of
 *   at most MAX_READ_ROWS rows; never one per sheet or per row.
 */
import type { PreservedPlan, SheetCells, WorkbookCells } from "../plan/preserve";
import type { UserCell } from "../plan/userCell";
import { MAX_READ_ROWS, READ_CELLS_PER_SYNC } from "../read/office";
import { TAG_KEY } from "../render/office";
import { KEPT_SHEET_ID } from "../sheets/kept/build";
import { HISTORY_SHEET_ID } from "../sheets/history/build";
// Issue 14: whitespace
import { WHITESPACE_SHEET_ID } from "../sheets/whitespace/build";
// Issue 14: voice
import { COMPLAINTS_SHEET_ID, SURVEY_SHEET_ID } from "../sheets/voice/lists";
import { VOICE_SHEET_ID } from "../sheets/voice/summary";
import { SheetKind, findHeader, recogniseKind } from "../sheets/keys";
import { isLabel } from "../sheets/kit/labels";
import { kindOfSheetId } from "../sheets/merge";
import { SETTINGS_SHEET_ID, SETTINGS_SHEET_NAME } from "../sheets/settings/build";
import { isSettingsSheet } from "../sheets/settings/read";
import { KamError } from "../core/errors";

/**
 * Every kind the add-in writes. The Select step reads (and so refreshes) the plans and the Overview too,
 * when they exist: their formulas name Portfolio rows, and the settings sheet it rewrites must keep
 * their fingerprints (what they were generated with), or the next refresh could not tell generated
 * cells from typed ones. Creating plans stays the Plans step's work.
 */
export const ALL_KINDS: ReadonlySet<SheetKind> = new Set<SheetKind>([
  "abc",
  "profitability",
  "scoring",
  "portfolio",
  "kept",
  "history",
  "overview",
  "plan",
  // Issue 14: whitespace
  "whitespace",
  // Issue 14: voice
  "survey",
  "complaints",
  "voice",
]);

// Issue 14: voice — the tags of the voice sheets, by kind.
const VOICE_TAGS: Record<string, SheetKind> = { [SURVEY_SHEET_ID]: "survey", [COMPLAINTS_SHEET_ID]: "complaints", [VOICE_SHEET_ID]: "voice" };

/**
 * Rows and columns of every sheet's top-left corner read to test, by content, whether it is one of the
 * add-in's sheets: the deepest header (Scoring's grid, row 11) with room for rows and columns a person
 * inserted above it and before column A. 1,800 cells a sheet, all sheets in one sync.
 */
export const SIGNATURE_ROWS = 60;
export const SIGNATURE_COLS = 30;

/**
 * What a refresh did with the values people typed in the add-in's sheets (src/sheets/merge.ts): checked,
 * still in their place, kept as overrides of a formula, listed on the Kept on refresh sheet.
 */
export interface KeptReport {
  checked: number;
  inPlace: number;
  overrides: number;
  listed: number;
  /** Name of the Kept on refresh sheet, when the workbook has one. */
  sheet?: string;
}

export interface ExistingSheet {
  name: string;
  /** The add-in's `kam.id` tag, when the add-in created the sheet. */
  tag?: string;
}

export interface PlanCells {
  /** Every sheet of the workbook, in order, with its tag. */
  sheets: ExistingSheet[];
  /** Values and formulas of the sheets read (see `readPlanCells`), by sheet name. */
  cells: WorkbookCells;
  syncs: number;
}

/** The corner shows the header of one of `kinds` (a plan also its first section, near the top). */
function looksLike(corner: SheetCells, kinds: ReadonlySet<SheetKind>): boolean {
  const kind = recogniseKind(corner);
  if (kind && kinds.has(kind)) return true;
  if (!kinds.has("plan")) return false;
  const head = findHeader("plan", corner);
  return !!head && corner.some((row) => isLabel(row?.[head.col] ?? null, "aplan.section.overview"));
}

/**
 * The workbook's sheets and tags, and the cells (values, `{ formula }` for formulas, as
 * `extractPreserved` wants them) of the sheets that may be the add-in's sheets of `kinds`: tagged as one
 * of them, the settings sheet, or (untagged, e.g. copied in from a file) showing such a sheet's header
 * in its top-left corner. Syncs: 2 + one per READ_CELLS_PER_SYNC cells read (values and formulas count
 * once each), in ranges of at most MAX_READ_ROWS rows; never one per sheet.
 */
export async function readPlanCells(context: Excel.RequestContext, kinds: ReadonlySet<SheetKind> = ALL_KINDS): Promise<PlanCells> {
  let syncs = 0;
  const sync = async (): Promise<void> => {
    syncs++;
    await context.sync();
  };
  const list = context.workbook.worksheets.load("items/name");
  await sync();
  const probes = list.items.map((ws) => ({
    ws,
    tag: ws.customProperties.getItemOrNullObject(TAG_KEY).load("value"),
    used: ws.getUsedRangeOrNullObject(true).load("rowIndex,columnIndex,rowCount,columnCount"),
    corner: ws.getRangeByIndexes(0, 0, SIGNATURE_ROWS, SIGNATURE_COLS).load("values"),
  }));
  await sync();
  const sheets: ExistingSheet[] = probes.map((p) => ({ name: p.ws.name, tag: p.tag.isNullObject ? undefined : p.tag.value }));
  const wanted = (p: (typeof probes)[number]): boolean => {
    if (p.used.isNullObject) return false;
    if (p.ws.name.toLowerCase() === SETTINGS_SHEET_NAME.toLowerCase()) return true;
    const tag = p.tag.isNullObject ? undefined : p.tag.value;
    const tagged = tag === KEPT_SHEET_ID ? "kept" : tag === HISTORY_SHEET_ID ? "history" : tag === WHITESPACE_SHEET_ID ? "whitespace" : tag && VOICE_TAGS[tag] ? VOICE_TAGS[tag] : tag === SETTINGS_SHEET_ID ? undefined : tag ? kindOfSheetId(tag) : undefined;
    if (tagged && kinds.has(tagged)) return true;
    const corner = (p.corner.values as unknown[][]).map((row) => row.map((v) => userCell(v, v)));
    return looksLike(corner, kinds);
  };

  // The sheets' cells from A1 to the end of the used range (preserve.ts works in sheet coordinates).
  interface Part {
    sheet: string;
    row: number;
    range: Excel.Range;
  }
  const grids = new Map<string, UserCell[][]>();
  const parts: Part[][] = [[]];
  let budget = 0;
  for (const p of probes) {
    if (!wanted(p)) continue;
    const rows = p.used.rowIndex + p.used.rowCount;
    const cols = p.used.columnIndex + p.used.columnCount;
    grids.set(p.ws.name, []);
    for (let r = 0; r < rows; ) {
      const n = Math.max(1, Math.min(MAX_READ_ROWS, rows - r, Math.floor(READ_CELLS_PER_SYNC / 2 / cols)));
      if (budget > 0 && budget + 2 * n * cols > READ_CELLS_PER_SYNC) {
        parts.push([]);
        budget = 0;
      }
      budget += 2 * n * cols;
      parts[parts.length - 1].push({ sheet: p.ws.name, row: r, range: p.ws.getRangeByIndexes(r, 0, n, cols) });
      r += n;
    }
  }
  for (const batch of parts) {
    if (batch.length === 0) continue;
    for (const part of batch) part.range.load("values,formulas");
    await sync();
    for (const part of batch) {
      const grid = grids.get(part.sheet)!;
      const values = part.range.values;
      const formulas = part.range.formulas;
      values.forEach((line, i) => (grid[part.row + i] = line.map((v, j) => userCell(v, formulas[i][j]))));
    }
  }
  return { sheets, cells: grids as Map<string, SheetCells>, syncs };
}

/**
 * The sheets the add-in's content was found on (spec sheet id → sheet name), the settings sheet included,
 * for the renderer's `recognised`.
 */
export function recognisedSheets(previous: PreservedPlan, read: PlanCells): Record<string, string> {
  const out: Record<string, string> = { ...previous.sheets };
  const settings = read.sheets.find((s) => s.name.toLowerCase() === SETTINGS_SHEET_NAME.toLowerCase());
  const cells = settings && read.cells.get(settings.name);
  if (settings && cells) {
    // A sheet of the user's that only has the settings sheet's name is theirs: never written over, and the
    // add-in's settings cannot go under another name (every door finds them by it).
    if (!isSettingsSheet(cells)) throw new KamError("argument", "pane.settingsClash", { sheet: settings.name }, { source: settings.name });
    out[SETTINGS_SHEET_ID] = settings.name;
  }
  return out;
}

/** A read cell as a UserCell: a formula when `formulas` holds one that differs from the value. */
function userCell(value: unknown, formula: unknown): UserCell {
  if (typeof formula === "string" && formula.startsWith("=") && formula !== value) return { formula };
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** The names of the workbook's sheets that are not the add-in's (new sheets must not take them). */
export function userSheetNames(existing: readonly ExistingSheet[], recognised: Readonly<Record<string, string>>): string[] {
  const ours = new Set(Object.values(recognised).map((n) => n.toLowerCase()));
  return existing.map((e) => e.name).filter((n) => !ours.has(n.toLowerCase()));
}

/** The merge counts of a build as the pane reports them. */
export function keptReport(counts: { typed: { checked: number; inPlace: number; overrides: number; listed: number }; keptSheet?: string }): KeptReport {
  const { checked, inPlace, overrides, listed } = counts.typed;
  return { checked, inPlace, overrides, listed, sheet: counts.keptSheet };
}
