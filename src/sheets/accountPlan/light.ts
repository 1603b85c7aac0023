/**
 * KAM light (issue 13 part 4; the seed's 1.1.4 "Key Account Management light"): a one-page plan for key
 * accounts that matter but are not strategic — header, the account's figures, two or three contacts of the
 * buying center, two or three goals, a short action list and one KPI. It is the full plan's builder with
 * fewer sections and smaller tables (`LIGHT_SECTIONS`, `LIGHT_SIZES`), so it exposes the same
 * AccountPlanRefs (the Overview's formulas work unchanged) and is read back by the same readAccountPlan.
 *
 * Converting keeps everything typed: what the light form has no place for (the text fields of the
 * analysis, relationship and strategy sections, the team table, table rows beyond the light sizes) is
 * written below the light form in a block headed "Kept from the full plan" — fields under their labels,
 * the team table under its own header, extra rows each marked "<table>, row <n>" with <n> their place in
 * the full table. The reader takes them back (`mergeKeptFromFull`), so Full → Light → Full returns every
 * value to its place.
 *
 * Which form an account gets is decided in one place, `planFormFor`: the choice in the Portfolio's
 * "Plan form" column (Full / Light, or Lett in Norwegian); left blank, a plan that exists keeps its form (a
 * refresh never reshapes a plan because ratings moved; converting is a person's choice), and a new plan
 * takes its quadrant's: Strategic (high attractiveness, high relative strength) Full, the others Light, an
 * account not yet rated Full.
 */
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { Quadrant } from "../../core/quadrant";
import type { Block, CellValue } from "../../plan/spec";
import { UserCell, isBlankCell, isFormulaCell } from "../../plan/userCell";
import { SheetCells, cellAt } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { range } from "../../plan/formula";
// Issue 14: buying
import type { MatrixEntry } from "./matrix";

export type PlanForm = "full" | "light";

/** The plan-form choice as the Portfolio's list offers it: Full, Light (Lett). */
export const PLAN_FORMS = ["portfolio.form.full", "portfolio.form.light"] as const satisfies readonly SheetLabelKey[];

/** Table sizes of the light plan: 3 contacts, 3 goals, 5 actions, 1 KPI (no team table). */
export const LIGHT_SIZES = {
  buyingCenter: 3,
  goals: 3,
  team: 0,
  actions: 5,
  kpis: 1,
  // Issue 14: oppneg (not on the light form: kept below it)
  opportunities: 0,
  negotiation: 0,
} as const;

/**
 * The form of an account's plan.
 * @param choice the Portfolio's Plan form cell (Full / Light / Lett in any case or language; blank = auto).
 * @param quadrant the account's KAISM quadrant (attractiveness, strength), undefined while not rated.
 * @param existing the form of the account's plan sheet when it has one.
 * @returns "full" for a Full choice, "light" for Light; blank: the existing plan's form, else "full" for
 *          the Strategic quadrant (high-high) and for accounts not yet rated, "light" for Star, Status and
 *          Streamline.
 */
export function planFormFor(choice: UserCell | undefined, quadrant: Quadrant | undefined, existing?: PlanForm): PlanForm {
  if (isLabel(choice ?? null, "portfolio.form.light")) return "light";
  if (isLabel(choice ?? null, "portfolio.form.full")) return "full";
  if (existing) return existing;
  return quadrant === undefined || quadrant === "high-high" ? "full" : "light";
}

/** The table keys of the full plan that the kept block knows (the same as TABLES in build.ts). */
type TableKey = keyof typeof LIGHT_SIZES;

/** What `keptBlock` needs of the full plan's definitions (passed in, so this module does not import build.ts). */
export interface KeptInput {
  language: SheetLanguage;
  /** First free row below the light form (0-based). */
  row: number;
  lastCol: number;
  /** Fields the light form lacks with their section label and field label, in the full plan's order. */
  fields: { section: SheetLabelKey; label: SheetLabelKey; value: UserCell | undefined; list: boolean }[];
  /** Per table: section label, column labels and kinds, the rows the full plan holds, and how many the light form shows. */
  tables: {
    key: TableKey;
    section: SheetLabelKey;
    columns: { label: SheetLabelKey; kind: string; format?: string }[];
    rows: readonly (readonly UserCell[])[];
    shown: number;
    idPrefix?: string;
    /**
     * For a table the light form lacks: the label in column A that ends its rows for the reader (the
     * team's total), and header inputs written below it (label in A, value in B), e.g. the revenue goal.
     */
    endLabel?: SheetLabelKey;
    after?: { label: SheetLabelKey; value: UserCell | undefined; kind: string; format?: string }[];
  }[];
  /** A user cell as the plan writes it (dates as serials, lists translated): [value, formula]. */
  entry: (v: UserCell, kind: string) => [CellValue, string | undefined];
  numberFormat: (kind: string, format: string | undefined) => string | undefined;
  fills: { section: string; header: string; input: string };
  // Issue 14: buying
  /** The relationship matrix's typed cells (the light form has no matrix). */
  matrix?: readonly MatrixEntry[];
}

/** A row that holds nothing but its own prefilled ID ("G5" in the 5th goal row): nothing typed. */
function onlyDefaultId(row: readonly UserCell[], n: number, prefix: string | undefined): boolean {
  const rest = row.slice(1).every((v) => isBlankCell(v));
  if (!rest) return false;
  const id = row[0];
  return isBlankCell(id) || (!!prefix && typeof id === "string" && id.trim().toUpperCase() === `${prefix}${n}`.toUpperCase());
}

/**
 * The "Kept from the full plan" block below a light plan: its header always (it marks the sheet as a light
 * plan for the reader), then the fields with content, the team table when it has rows, and the rows of
 * the other tables beyond what the light form shows.
 * @returns the blocks, merges and the block's last row (0-based).
 */
export function keptBlock(o: KeptInput): { blocks: Block[]; merges: string[]; lastRow: number; cells: number } {
  const L = SHEET_LABELS[o.language];
  const blocks: Block[] = [];
  const merges: string[] = [];
  let cells = 0;
  let r = o.row;
  const gen = (row: number, col: number, values: CellValue[][], extra: Partial<Block> = {}): void => {
    blocks.push({ row, col, values, owner: "generated", ...extra });
  };
  const user = (row: number, col: number, v: UserCell, kind: string, format?: string): void => {
    const [value, formula] = o.entry(v, kind);
    cells++;
    blocks.push({
      row,
      col,
      values: [[value]],
      formulas: formula ? [[formula]] : undefined,
      numberFormats: [o.numberFormat(kind, format)],
      owner: "user",
      fill: o.fills.input,
      wrap: true,
    });
  };
  gen(r, 0, [[L["aplan.light.kept"], ...new Array<CellValue>(o.lastCol).fill(null)]], { bold: true, fill: o.fills.section });
  const header = r++;
  let section: SheetLabelKey | undefined;
  for (const f of o.fields) {
    if (isBlankCell(f.value ?? null)) continue;
    if (f.section !== section) {
      section = f.section;
      gen(r++, 0, [[L[f.section]]], { bold: true, fill: o.fills.header });
    }
    gen(r, 0, [[L[f.label]]], { bold: true, wrap: true });
    user(r, 1, f.value!, f.list ? "list" : "text");
    merges.push(range(r, 1, r, o.lastCol));
    r++;
  }
  for (const t of o.tables) {
    const extra = t.rows.map((row, i) => ({ row, n: i + 1 })).filter((x) => x.n > t.shown && !onlyDefaultId(x.row, x.n, t.idPrefix));
    const after = (t.after ?? []).filter((a) => !isBlankCell(a.value ?? null));
    if (extra.length === 0 && after.length === 0) continue;
    if (t.shown === 0) {
      // A table the light form lacks (the team, the opportunities, the negotiation issues): under its own
      // section and column header, every row in its place, so the reader reads it as the full plan's table.
      const last = extra.length === 0 ? 0 : Math.max(...extra.map((x) => x.n));
      gen(r++, 0, [[L[t.section]]], { bold: true, fill: o.fills.header });
      gen(r++, 0, [t.columns.map((c) => L[c.label])], { bold: true, fill: o.fills.header, wrap: true });
      for (let i = 0; i < last; i++) {
        t.columns.forEach((c, j) => {
          const v = t.rows[i]?.[j];
          if (c.kind !== "formula" && v !== undefined && !isBlankCell(v)) user(r, j, v, c.kind, c.format);
        });
        r++;
      }
      // The team's total label (or the table's own end label) ends its rows for the reader.
      gen(r++, 0, [[L[t.endLabel ?? "aplan.team.total"]]], { bold: true });
      for (const a of after) {
        gen(r, 0, [[L[a.label]]], { bold: true });
        user(r, 1, a.value!, a.kind, a.format);
        r++;
      }
      continue;
    }
    // Rows beyond the light table: the column header shifted one right, each row marked with its place.
    gen(r++, 1, [t.columns.map((c) => L[c.label])], { bold: true, fill: o.fills.header, wrap: true });
    for (const x of extra) {
      gen(r, 0, [[L["aplan.light.keptRow"].replace("{table}", L[t.section]).replace("{n}", String(x.n))]], { italic: true });
      t.columns.forEach((c, j) => {
        const v = x.row[j];
        if (c.kind !== "formula" && v !== undefined && !isBlankCell(v)) user(r, j + 1, v, c.kind, c.format);
      });
      r++;
    }
  }
  // Issue 14: buying (the relationship matrix's marks: contact, team member, mark, place in the matrix)
  for (const e of o.matrix ?? []) {
    if (isBlankCell(e.value)) continue;
    gen(r, 0, [[L["aplan.matrix.kept"], e.contact, e.member]], { wrap: true });
    user(r, 3, e.value, "text");
    gen(r, 4, [[e.row + 1, e.col + 1]]);
    r++;
  }
  if (r === header + 1) gen(r++, 0, [[L["aplan.light.nothingKept"]]], { italic: true });
  return { blocks, merges, lastRow: r - 1, cells };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** "<table>, row <n>" in either language → the table and n, or undefined. */
function keptRowOf(cell: UserCell, tables: { key: TableKey; section: SheetLabelKey }[]): { key: TableKey; n: number } | undefined {
  if (typeof cell !== "string") return undefined;
  const text = cell.trim().replace(/\s+/g, " ").toLowerCase();
  for (const lang of ["en", "nb"] as const) {
    const L = SHEET_LABELS[lang];
    for (const t of tables) {
      const pattern = escapeRe(L["aplan.light.keptRow"].replace("{table}", L[t.section]).toLowerCase()).replace("\\{n\\}", "([0-9]+)");
      const m = new RegExp(`^${pattern}$`).exec(text);
      if (m) return { key: t.key, n: Number(m[1]) };
    }
  }
  return undefined;
}

/**
 * Whether plan cells (seen from the key column, as readAccountPlan sees them) are a light plan: the
 * "Kept from the full plan" header is in column A. @returns its row, or -1 for a full plan.
 */
export function lightKeptRow(grid: SheetCells): number {
  for (let r = 0; r < grid.length; r++) if (isLabel(cellAt(grid, r, 0), "aplan.light.kept")) return r;
  return -1;
}

/**
 * Takes the rows of a light plan's kept block back into the tables read from the light form: each row at
 * its place in the full table (<n> of "<table>, row <n>"), or after the rows read when a person inserted
 * rows into the light table that now take that place. Fields and the team table are read by the plan
 * reader itself (their labels and header are those of the full plan).
 * @param grid    the plan's cells from its key column; @param tables the plan's tables as read (mutated).
 * @param defs    per table key, its section label and column kinds.
 * @returns the number of rows the light form showed per table, or undefined for a full plan.
 */
export function mergeKeptFromFull(
  grid: SheetCells,
  tables: Partial<Record<TableKey, UserCell[][]>>,
  defs: { key: TableKey; section: SheetLabelKey; columns: { kind: string }[] }[],
): Partial<Record<TableKey, number>> | undefined {
  const start = lightKeptRow(grid);
  if (start < 0) return undefined;
  const shown: Partial<Record<TableKey, number>> = {};
  for (const d of defs) if (LIGHT_SIZES[d.key] > 0) shown[d.key] = tables[d.key]?.length ?? 0;
  for (let r = start + 1; r < grid.length; r++) {
    const found = keptRowOf(cellAt(grid, r, 0), defs);
    if (!found) continue;
    const def = defs.find((d) => d.key === found.key)!;
    const row = def.columns.map((c, j) => (c.kind === "formula" ? null : cellAt(grid, r, j + 1)));
    if (row.every((v) => isBlankCell(v) || isFormulaCell(v))) continue;
    const rows = (tables[found.key] ??= []);
    const at = Math.max(found.n - 1, rows.length);
    while (rows.length < at) rows.push(def.columns.map(() => null));
    rows.push(row);
  }
  return shown;
}

// Issue 14: buying
/** The relationship-matrix rows of a light plan's kept block (see `keptBlock`), as matrix entries. */
export function keptMatrix(grid: SheetCells): MatrixEntry[] {
  const start = lightKeptRow(grid);
  const out: MatrixEntry[] = [];
  if (start < 0) return out;
  const text = (v: UserCell): string => (v === null || isFormulaCell(v) ? "" : String(v).trim());
  for (let r = start + 1; r < grid.length; r++) {
    if (!isLabel(cellAt(grid, r, 0), "aplan.matrix.kept")) continue;
    const value = cellAt(grid, r, 3);
    if (isBlankCell(value) || isFormulaCell(value)) continue;
    const row = Number(cellAt(grid, r, 4));
    const col = Number(cellAt(grid, r, 5));
    out.push({ contact: text(cellAt(grid, r, 1)), member: text(cellAt(grid, r, 2)), row: Number.isFinite(row) ? row - 1 : -1, col: Number.isFinite(col) ? col - 1 : -1, value });
  }
  // Two contacts (or members) of one name: told apart by their order in the matrix, as the matrix does.
  const nth = (name: (e: MatrixEntry) => string, at: (e: MatrixEntry) => number): ((e: MatrixEntry) => number) => {
    const places = new Map<string, number[]>();
    for (const e of [...out].sort((a, b) => at(a) - at(b))) {
      const list = places.get(name(e).toLowerCase()) ?? [];
      if (!list.includes(at(e))) list.push(at(e));
      places.set(name(e).toLowerCase(), list);
    }
    return (e) => places.get(name(e).toLowerCase())!.indexOf(at(e));
  };
  const contactNth = nth((e) => e.contact, (e) => e.row);
  const memberNth = nth((e) => e.member, (e) => e.col);
  return out.map((e) => ({ ...e, contactNth: contactNth(e), memberNth: memberNth(e) }));
}

/** Whether a plan sheet's cells (any column) hold a light plan's kept-block header. */
export function isLightPlan(cells: SheetCells): boolean {
  return cells.some((row) => (row ?? []).some((c) => isLabel(c ?? null, "aplan.light.kept")));
}
