/**
 * Reading the History sheet back (issue 13 part 1), by content only: the header row is the row holding
 * the "Period" label with "Actions overdue" beside it (either language, src/sheets/keys.ts), each column's
 * field is the label in that row, and every row below the header with a period in the Period column is a
 * history row. So people may sort the list, insert rows and columns, type notes beside it and rename or
 * move the sheet: the rows are found where they are.
 *
 * A period is "YYYY-MM". A cell that LibreOffice or Excel turned into a date (someone typed 2026-09 in a
 * cell without the text format) is read back as its month, so such a row still counts as that period.
 */
import { KamError } from "../../core/errors";
import type { UserCell } from "../../plan/userCell";
import { dateSerial } from "../accountPlan/build";
import type { SheetCells } from "../kit/grid";
import { labelIndex } from "../kit/labels";
import { findHeader } from "../keys";
import { HISTORY_FIELDS, HistoryField } from "./fields";

/** A period as the History sheet stores it. */
const PERIOD = /^([0-9]{4})-(0[1-9]|1[0-2])$/;

/**
 * Checks a period given as an option (`kam plan --period`).
 * @returns the period, trimmed ("2026-11").
 * @throws KamError("argument") unless it is YYYY-MM with a month 01–12.
 */
export function parsePeriod(text: string): string {
  const t = text.trim();
  if (PERIOD.test(t)) return t;
  throw new KamError("argument", "arg.period", { text }, { column: "period" });
}

/** The period of a date: its year and month in local time, as the user's calendar shows it ("2026-11"). */
export function periodOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}`;
}

/** A cell's period, or undefined: "YYYY-MM" text, or a date (serial or ISO text) read as its month. */
export function cellPeriod(cell: UserCell | undefined): string | undefined {
  if (cell === null || cell === undefined || typeof cell === "boolean" || typeof cell === "object") return undefined;
  if (typeof cell === "string" && PERIOD.test(cell.trim())) return cell.trim();
  const serial = dateSerial(cell);
  if (typeof serial !== "number" || !Number.isFinite(serial) || serial < 1) return undefined;
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** One history row found on the sheet. */
export interface HistoryRowRead {
  /** 0-based row on the sheet. */
  row: number;
  period: string;
  /** The customer key as text ("" when the cell is blank). */
  customer: string;
}

export interface HistoryRead {
  /** 0-based header row. */
  headerRow: number;
  /** The column of each field found in the header row (0-based). */
  cols: Partial<Record<HistoryField, number>>;
  /** Rows with a period, top to bottom. */
  rows: HistoryRowRead[];
  /** The value of a field in a sheet row (null for blank or a field without a column). */
  value(row: number, field: HistoryField): UserCell;
}

const LABELS = labelIndex(["history.col."]);

/**
 * Reads the History sheet.
 * @returns its header, columns and rows; undefined when the cells show no History header.
 */
export function readHistory(cells: SheetCells): HistoryRead | undefined {
  const head = findHeader("history", cells);
  if (!head) return undefined;
  const cols: Partial<Record<HistoryField, number>> = {};
  const header = cells[head.row] ?? [];
  header.forEach((c, j) => {
    const key = LABELS.keyOf(c);
    const field = HISTORY_FIELDS.find((f) => `history.col.${f}` === key);
    if (field && cols[field] === undefined) cols[field] = j;
  });
  const value = (row: number, field: HistoryField): UserCell => {
    const c = cols[field];
    return c === undefined ? null : (cells[row]?.[c] ?? null);
  };
  const rows: HistoryRowRead[] = [];
  for (let r = head.row + 1; r < cells.length; r++) {
    const period = cellPeriod(value(r, "period"));
    if (!period) continue;
    const customer = value(r, "customer");
    rows.push({ row: r, period, customer: customer === null || typeof customer === "object" ? "" : String(customer).trim() });
  }
  return { headerRow: head.row, cols, rows, value };
}
