/**
 * The History sheet (issue 13 part 1): one row per key account and period (YYYY-MM) — period, customer,
 * name, revenue, profit, ABC class, attractiveness, relative strength, quadrant, health, completeness,
 * actions open / overdue / done and the KPI actuals (src/sheets/history/fields.ts). Values, not formulas:
 * each row is a snapshot of what the sheets showed at that refresh.
 *
 * The sheet is the user's list, not a generated layout: a refresh
 * - REPLACES the rows of its own period (a customer's row is rewritten where it stands, so a note typed
 *   beside it stays beside it; rows of the period for accounts that are no longer key accounts lose their
 *   figures; accounts new in the period are added below the last row of the list);
 * - keeps every other cell exactly where it is: earlier periods, notes, columns and rows people added,
 *   the order they sorted the list in. A past period is never rewritten or dropped.
 * The list is found by content (read.ts): the header row and each column by its label, in either
 * language, so sorting, inserted rows and columns and moves are followed. The header labels, title and
 * introduction are rewritten in the sheet's language where they stand; a field column a person deleted is
 * added again right of everything else.
 *
 * A new sheet: title row 0, introduction row 1, header row 3, rows from row 4, frozen below the header.
 * Periods are text ("@"), so Excel does not turn 2026-09 into a date.
 */
import { KAISM_LABELS } from "../../core/portfolio";
import type { Quadrant } from "../../core/quadrant";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { Block, CellValue, SheetSpec } from "../../plan/spec";
import { UserCell, blockEntry } from "../../plan/userCell";
import { CurrencyCode, COUNT, SCORE, TEXT, amountFormat } from "../kit/formats";
import { SheetCells, nonBlank } from "../kit/grid";
import { labelIndex } from "../kit/labels";
import { printSetup } from "../kit/print";
import { contentPrint } from "../fingerprint";
import { HISTORY_FIELDS, HistoryEntry, HistoryField, KPI_FIELDS } from "./fields";
import { readHistory } from "./read";

export const HISTORY_SHEET_ID = "kam.history";

/** Where a new History sheet puts its rows. */
export const HISTORY_ROWS = { title: 0, intro: 1, header: 3, firstData: 4 } as const;

/** What a past period recorded for an account: the figures movement is measured from. */
export interface HistoryPrevious {
  period: string;
  revenue: number | null;
  profit: number | null;
  abcClass: string;
  attractiveness: number | null;
  strength: number | null;
  /** The quadrant label in the sheet language (translated when it was recorded in the other one). */
  quadrant: string;
}

export interface HistoryOptions {
  language: SheetLanguage;
  /** The period this refresh records, "YYYY-MM" (checked by `parsePeriod`). */
  period: string;
  /** The sheet's name (sanitised and unique already). */
  name: string;
  currency?: CurrencyCode;
  /** False: carry the sheet as it is, recording nothing (a refresh that builds no plans). Default true. */
  record?: boolean;
  /**
   * The previous refresh's fingerprints of the figures it wrote (`prints` of its build). With them, a figure
   * of this period that is not one of them was typed by a person: it is replaced, and listed in `typedOver`.
   * Undefined (a workbook of an earlier version): every figure of the period counts as written by us.
   */
  prints?: ReadonlySet<number>;
}

export interface HistoryBuild {
  sheet: SheetSpec;
  /** Fingerprints of the figures this refresh wrote (`contentPrint` of period, customer, field), for the next one. */
  prints: number[];
  /** Figures of this period a person typed over, which the refresh replaced: for the Kept on refresh list. */
  typedOver: { row: number; col: number; value: UserCell }[];
  /** By customer: the latest period before `period` on the sheet, for the Overview and the Portfolio. */
  previous: Map<string, HistoryPrevious>;
  /** Rows of `period` the sheet held before, replaced by this refresh. */
  replaced: number;
}

const SIDE_LABELS = labelIndex(["history.title", "history.intro"]);

/** Each field's number format. */
function formats(currency: CurrencyCode | undefined): Record<HistoryField, string> {
  const amount = amountFormat(currency);
  const out = {} as Record<HistoryField, string>;
  for (const f of HISTORY_FIELDS) out[f] = TEXT;
  Object.assign(out, {
    revenue: amount,
    profit: amount,
    attractiveness: SCORE,
    strength: SCORE,
    health: COUNT,
    completeness: "0%",
    open: COUNT,
    overdue: COUNT,
    done: COUNT,
  });
  return out;
}

/** An entry as the cells of its row, by field. */
function entryCells(e: HistoryEntry, period: string): Record<HistoryField, CellValue> {
  const out: Record<string, CellValue> = {
    period,
    customer: e.customer,
    name: e.name,
    revenue: e.revenue,
    profit: e.profit,
    class: e.abcClass,
    attractiveness: e.attractiveness,
    strength: e.strength,
    quadrant: e.quadrant,
    health: e.health,
    completeness: e.completeness,
    open: e.open,
    overdue: e.overdue,
    done: e.done,
  };
  KPI_FIELDS.forEach((f, i) => (out[f] = e.kpis[i] ?? null));
  return out as Record<HistoryField, CellValue>;
}

const numberOf = (v: UserCell): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const textOf = (v: UserCell): string => (v === null || typeof v === "object" ? "" : String(v).trim());

/** A quadrant label recorded in either language, in `language`. */
function translateQuadrant(text: string, language: SheetLanguage): string {
  for (const lang of ["en", "nb"] as const) {
    const labels = KAISM_LABELS.newer[lang];
    const q = (Object.keys(labels) as Quadrant[]).find((k) => labels[k].toLowerCase() === text.toLowerCase());
    if (q) return KAISM_LABELS.newer[language][q];
  }
  return text;
}

/**
 * Builds the History sheet from the old one (if any) and this refresh's entries.
 * @param old     the existing History sheet's cells (values; formulas a person typed are kept as formulas).
 * @param entries one per key account, in the order new rows are added.
 * @returns the sheet, the previous period's figures by customer, and how many rows of the period it replaced.
 */
export function buildHistorySheet(old: SheetCells | undefined, entries: readonly HistoryEntry[], o: HistoryOptions): HistoryBuild {
  const L = SHEET_LABELS[o.language];
  const read = old ? readHistory(old) : undefined;
  const cells: UserCell[][] = [];
  const put = (r: number, c: number, v: UserCell): void => {
    (cells[r] ??= [])[c] = v;
  };

  // Layout: the old sheet's header and columns; fields it lacks go right of everything else.
  const headerRow = read?.headerRow ?? HISTORY_ROWS.header;
  const cols: Record<HistoryField, number> = {} as Record<HistoryField, number>;
  let next = old ? Math.max(-1, ...[...nonBlank(old)].map((x) => x.col)) + 1 : 0;
  for (const f of HISTORY_FIELDS) cols[f] = read?.cols[f] ?? next++;
  const fieldCols = new Set(Object.values(cols));

  // Rows of this period, by customer: rewritten in place (none when this run records nothing).
  const mine = new Map<string, number>();
  const ofPeriod = new Set<number>();
  for (const r of o.record === false ? [] : (read?.rows ?? [])) {
    if (r.period !== o.period) continue;
    ofPeriod.add(r.row);
    if (!mine.has(r.customer)) mine.set(r.customer, r.row);
  }

  // Everything on the old sheet stays, except the labels (rewritten) and this period's figures.
  let last = headerRow;
  for (const cell of old ? nonBlank(old) : []) {
    if (cell.row === headerRow && fieldCols.has(cell.col)) continue;
    if (cell.row < headerRow && SIDE_LABELS.keyOf(cell.value)) continue;
    if (ofPeriod.has(cell.row) && fieldCols.has(cell.col)) continue;
    put(cell.row, cell.col, cell.value);
    if (cell.row > headerRow && fieldCols.has(cell.col)) last = Math.max(last, cell.row);
  }
  for (const r of ofPeriod) last = Math.max(last, r);
  const title = old ? undefined : { title: HISTORY_ROWS.title, intro: HISTORY_ROWS.intro };
  const labelAt = (key: SheetLabelKey): { row: number; col: number } | undefined => {
    const found = old ? [...nonBlank(old)].find((x) => x.row < headerRow && SIDE_LABELS.keyOf(x.value) === key) : undefined;
    return found ?? (title ? { row: title[key === "history.title" ? "title" : "intro"], col: 0 } : undefined);
  };

  // This period's rows: where the customer's row of the period stood, else below the list.
  for (const e of entries) {
    const row = mine.get(e.customer) ?? ++last;
    mine.delete(e.customer);
    const values = entryCells(e, o.period);
    for (const f of HISTORY_FIELDS) put(row, cols[f], values[f]);
  }
  const replaced = ofPeriod.size;

  // Figures of this period a person typed over: they would be lost in the rewrite, so they are listed.
  const typedOver: HistoryBuild["typedOver"] = [];
  const fieldOf = new Map(HISTORY_FIELDS.map((f) => [cols[f], f] as const));
  for (const r of o.prints && read ? read.rows : []) {
    if (!ofPeriod.has(r.row)) continue;
    for (const [col, f] of fieldOf) {
      const v = old?.[r.row]?.[col];
      if (v === undefined || v === null || v === "") continue;
      if (!o.prints!.has(contentPrint([o.period, r.customer, f], v))) typedOver.push({ row: r.row, col, value: v });
    }
  }
  const prints = entries.flatMap((e) => {
    const values = entryCells(e, o.period);
    return HISTORY_FIELDS.map((f) => contentPrint([o.period, e.customer, f], values[f]));
  });

  // `cells` is sparse (rows and cells people never touched): measured with a loop, not map/spread.
  let width = Math.max(...Object.values(cols)) + 1;
  for (const r of cells) if (r) width = Math.max(width, r.length);
  const height = Math.max(cells.length, headerRow + 1);
  const fmt = formats(o.currency);
  const colFormat: (string | undefined)[] = Array.from({ length: width }, () => undefined);
  for (const f of HISTORY_FIELDS) colFormat[cols[f]] = fmt[f];

  const blocks: Block[] = [];
  const below = height - headerRow - 1;
  if (cells.slice(0, headerRow).some((r) => r?.some((v) => v !== undefined))) blocks.push(gridBlock(cells, 0, headerRow, width, undefined));
  if (below > 0) blocks.push(gridBlock(cells, headerRow + 1, height, width, colFormat));
  const header: CellValue[] = Array.from({ length: width }, (_, c) => blockEntry(cells[headerRow]?.[c] ?? null)[0]);
  for (const f of HISTORY_FIELDS) header[cols[f]] = L[`history.col.${f}`];
  blocks.push({
    row: headerRow,
    col: 0,
    values: [header],
    bold: true,
    wrap: true,
    fill: "#D9E1F2",
    owner: "generated",
    align: header.map((_, c) => (colFormat[c] !== undefined && colFormat[c] !== TEXT ? "right" : undefined)),
  });
  for (const key of ["history.title", "history.intro"] as const) {
    const at = labelAt(key);
    if (at) blocks.push({ row: at.row, col: at.col, values: [[L[key]]], bold: key === "history.title", italic: key === "history.intro", owner: "generated" });
  }

  const widths: Record<number, number> = {};
  const fieldWidth: Partial<Record<HistoryField, number>> = {
    period: 9,
    customer: 14,
    name: 24,
    revenue: 14,
    profit: 14,
    class: 9,
    attractiveness: 13,
    strength: 13,
    quadrant: 12,
    health: 9,
    completeness: 13,
  };
  for (const f of HISTORY_FIELDS) widths[cols[f]] = fieldWidth[f] ?? (KPI_FIELDS.includes(f as (typeof KPI_FIELDS)[number]) ? 24 : 10);

  return {
    sheet: {
      name: o.name,
      id: HISTORY_SHEET_ID,
      blocks,
      tables: [],
      charts: [],
      validations: [],
      conditionalFormats: [],
      columnWidths: widths,
      rowHeights: { [headerRow]: 30 },
      freeze: { rows: headerRow + 1, cols: 0 },
      print: printSetup({
        language: o.language,
        title: L["history.sheet"],
        orientation: "landscape",
        lastRow: height - 1,
        lastCol: width - 1,
        repeatRows: [headerRow, headerRow],
      }),
    },
    previous: previousPeriods(old, o.period, o.language),
    replaced,
    prints,
    typedOver,
  };
}

/**
 * By customer, what the History sheet recorded in the latest period before `period` (later periods,
 * e.g. after a refresh with an earlier --period, do not count).
 * @param old the History sheet's cells; undefined or not a History sheet: an empty map.
 */
export function previousPeriods(old: SheetCells | undefined, period: string, language: SheetLanguage): Map<string, HistoryPrevious> {
  const previous = new Map<string, HistoryPrevious>();
  const read = old ? readHistory(old) : undefined;
  for (const r of read?.rows ?? []) {
    if (r.period >= period || r.customer === "") continue;
    const had = previous.get(r.customer);
    if (had && had.period >= r.period) continue;
    const v = (f: HistoryField): UserCell => read!.value(r.row, f);
    previous.set(r.customer, {
      period: r.period,
      revenue: numberOf(v("revenue")),
      profit: numberOf(v("profit")),
      abcClass: textOf(v("class")),
      attractiveness: numberOf(v("attractiveness")),
      strength: numberOf(v("strength")),
      quadrant: translateQuadrant(textOf(v("quadrant")), language),
    });
  }
  return previous;
}

/** Rows [from, to) of the grid as one block (formulas people typed stay formulas), the user's. */
function gridBlock(cells: UserCell[][], from: number, to: number, width: number, numberFormats: (string | undefined)[] | undefined): Block {
  const values: CellValue[][] = [];
  const formulas: (string | undefined)[][] = [];
  let anyFormula = false;
  for (let r = from; r < to; r++) {
    const v: CellValue[] = [];
    const f: (string | undefined)[] = [];
    for (let c = 0; c < width; c++) {
      const [value, formula] = blockEntry(cells[r]?.[c] ?? null);
      v.push(value);
      f.push(formula);
      if (formula) anyFormula = true;
    }
    values.push(v);
    formulas.push(f);
  }
  return { row: from, col: 0, values, ...(anyFormula ? { formulas } : {}), ...(numberFormats ? { numberFormats } : {}), owner: "user" };
}
