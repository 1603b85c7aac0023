/**
 * The Survey and Complaints sheets (issue 14 part 4): the user's lists, carried whole through a refresh
 * like the History sheet (src/sheets/history/build.ts), but nothing is recorded on them by the add-in.
 *
 * A refresh
 * - keeps every cell where it stands: rows added, sorted, inserted, notes and columns typed beside the list;
 * - rewrites the header labels, title and introduction in the sheet's language where they stand, and the
 *   list values (category, severity) typed in either language in the sheet's language;
 * - writes the formula columns (Complaints: days to resolve, open days) in every row of the list that
 *   has something typed in its other columns (formulas a person typed there are replaced; a value typed
 *   over a day count stays, as the person's override);
 * - adds a field column a person deleted again right of everything else.
 * The list is found by content: the header row holds the first field's label and a companion label
 * (src/sheets/keys.ts, kinds "survey" and "complaints"), each column by its label in either language.
 *
 * A new sheet: title row 0, introduction row 1, header row 3, rows from row 4, frozen below the header.
 */
import type { Complaint, SurveyAnswer } from "../../core/voice";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { Block, CellValue, SheetSpec, ValidationSpec } from "../../plan/spec";
import { UserCell, blockEntry, isFormulaCell } from "../../plan/userCell";
import { dateSerial } from "../accountPlan/build";
import { a1, columnLetter } from "../kit/address";
import { COUNT, DATE, TEXT } from "../kit/formats";
import { SheetCells, nonBlank } from "../kit/grid";
import { labelIndex, translateListValue } from "../kit/labels";
import { printSetup } from "../kit/print";
import { findHeader } from "../keys";

export const SURVEY_SHEET_ID = "kam.survey";
export const COMPLAINTS_SHEET_ID = "kam.complaints";

/** Where a new list sheet puts its rows. */
export const LIST_ROWS = { title: 0, intro: 1, header: 3, firstData: 4 } as const;
/** Rows below the header that carry the validations (a list longer than this is still read whole). */
export const LIST_VALIDATED_ROWS = 2000;

export const SURVEY_FIELDS = ["respondent", "customer", "role", "date", "satisfaction", "recommend", "buyAgain", "comments"] as const;
export type SurveyField = (typeof SURVEY_FIELDS)[number];
export const COMPLAINT_FIELDS = ["received", "customer", "category", "severity", "owner", "resolved", "days", "rootCause", "openDays"] as const;
export type ComplaintField = (typeof COMPLAINT_FIELDS)[number];

export const COMPLAINT_CATEGORIES: readonly SheetLabelKey[] = [
  "complaints.category.product",
  "complaints.category.delivery",
  "complaints.category.invoice",
  "complaints.category.service",
  "complaints.category.other",
];
export const COMPLAINT_SEVERITIES: readonly SheetLabelKey[] = ["complaints.severity.low", "complaints.severity.medium", "complaints.severity.high"];

/** Column positions of a list's fields (0-based), as found or as placed. */
export type ListCols<F extends string> = Record<F, number>;

interface ListDef<F extends string> {
  kind: "survey" | "complaints";
  id: string;
  prefix: "survey" | "complaints";
  fields: readonly F[];
  formats: Partial<Record<F, string>>;
  widths: Partial<Record<F, number>>;
  /** Translated list values. */
  lists: Partial<Record<F, readonly SheetLabelKey[]>>;
  whole: Partial<Record<F, [number, number]>>;
  /** Date fields: a date read back as ISO text ("2026-10-24") is written again as a date (serial). */
  dates: readonly F[];
  /** Formula of a field in 0-based row r, given the columns. */
  formulas: Partial<Record<F, (r: number, cols: ListCols<F>) => string>>;
}

const SURVEY: ListDef<SurveyField> = {
  kind: "survey",
  id: SURVEY_SHEET_ID,
  prefix: "survey",
  fields: SURVEY_FIELDS,
  formats: { respondent: TEXT, customer: TEXT, role: TEXT, date: DATE, satisfaction: COUNT, recommend: COUNT, buyAgain: COUNT },
  widths: { respondent: 20, customer: 16, role: 16, date: 12, satisfaction: 12, recommend: 12, buyAgain: 13, comments: 40 },
  lists: {},
  whole: { satisfaction: [1, 5], recommend: [0, 10], buyAgain: [1, 5] },
  dates: ["date"],
  formulas: {},
};

const COMPLAINTS: ListDef<ComplaintField> = {
  kind: "complaints",
  id: COMPLAINTS_SHEET_ID,
  prefix: "complaints",
  fields: COMPLAINT_FIELDS,
  formats: { received: DATE, customer: TEXT, resolved: DATE, days: COUNT, openDays: COUNT },
  widths: { received: 12, customer: 16, category: 12, severity: 10, owner: 16, resolved: 12, days: 10, rootCause: 30, openDays: 10 },
  lists: { category: COMPLAINT_CATEGORIES, severity: COMPLAINT_SEVERITIES },
  whole: {},
  dates: ["received", "resolved"],
  formulas: {
    // Blank while open (or without a received date).
    days: (r, c) => {
      const rec = `${columnLetter(c.received)}${r + 1}`;
      const res = `${columnLetter(c.resolved)}${r + 1}`;
      return `IF(OR(${rec}="",${res}=""),"",${res}-${rec})`;
    },
    // Days since received while open; blank once resolved.
    openDays: (r, c) => {
      const rec = `${columnLetter(c.received)}${r + 1}`;
      const res = `${columnLetter(c.resolved)}${r + 1}`;
      return `IF(OR(${rec}="",${res}<>""),"",TODAY()-${rec})`;
    },
  },
};

/** A list as found on a sheet: header row and field columns. */
export interface ListRead<F extends string> {
  headerRow: number;
  cols: Partial<ListCols<F>>;
}

function readList<F extends string>(def: ListDef<F>, cells: SheetCells): ListRead<F> | undefined {
  const head = findHeader(def.kind, cells);
  if (!head) return undefined;
  const labels = labelIndex([`${def.prefix}.col.`]);
  const cols: Partial<ListCols<F>> = {};
  (cells[head.row] ?? []).forEach((c, j) => {
    const key = labels.keyOf(c);
    const f = def.fields.find((x) => `${def.prefix}.col.${x}` === key);
    if (f && cols[f] === undefined) cols[f] = j;
  });
  return { headerRow: head.row, cols };
}

export interface ListBuild<F extends string> {
  sheet: SheetSpec;
  headerRow: number;
  cols: ListCols<F>;
  /** The rows (0-based, inclusive) the field validations cover. */
  validated: { first: number; last: number };
}

/**
 * Gives the list's Account column a drop-down of the key accounts: `ids` is an en-US absolute range
 * formula naming the customer IDs (the Voice of the customer sheet's first column), so the choices follow
 * that sheet, however many accounts. A warning, not a stop: an account that is not (yet) a key account may
 * still be logged; the Voice of the customer sheet counts it once it is one.
 */
export function addAccountChoice<F extends string>(built: ListBuild<F> & { cols: Record<"customer", number> }, ids: string, language: SheetLanguage): void {
  const { first, last } = built.validated;
  built.sheet.validations.push({
    range: a1(first, built.cols.customer, last, built.cols.customer),
    kind: "list",
    listFormula: ids,
    alert: "warning",
    message: SHEET_LABELS[language]["voice.validation.account"],
  });
}

const blankCell = (v: UserCell | undefined): boolean => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

function buildList<F extends string>(def: ListDef<F>, old: SheetCells | undefined, language: SheetLanguage, name: string): ListBuild<F> {
  const L = SHEET_LABELS[language];
  const read = old ? readList(def, old) : undefined;
  const headerRow = read?.headerRow ?? LIST_ROWS.header;
  let next = old ? Math.max(-1, ...[...nonBlank(old)].map((x) => x.col)) + 1 : 0;
  const cols = {} as ListCols<F>;
  for (const f of def.fields) cols[f] = read?.cols[f] ?? next++;
  const fieldOf = new Map(def.fields.map((f) => [cols[f], f] as const));
  const side = labelIndex([`${def.prefix}.title`, `${def.prefix}.intro`]);

  const cells: UserCell[][] = [];
  const put = (r: number, c: number, v: UserCell): void => {
    (cells[r] ??= [])[c] = v;
  };
  const labelsAt: { row: number; col: number; key: SheetLabelKey }[] = [];
  const dataRows = new Set<number>();
  const typedOver = new Set<string>();
  for (const cell of old ? nonBlank(old) : []) {
    const f = fieldOf.get(cell.col);
    if (cell.row === headerRow && f !== undefined) continue;
    if (cell.row < headerRow) {
      const key = side.keyOf(cell.value);
      if (key) {
        labelsAt.push({ row: cell.row, col: cell.col, key });
        continue;
      }
    }
    if (cell.row > headerRow && f !== undefined) {
      if (def.formulas[f]) {
        // A value a person typed over a day count stays theirs (an override, as on the generated sheets);
        // a formula there is ours and is written again.
        if (!isFormulaCell(cell.value)) {
          put(cell.row, cell.col, cell.value);
          typedOver.add(`${cell.row},${cell.col}`);
        }
        continue;
      }
      dataRows.add(cell.row);
      const list = def.lists[f];
      const value = def.dates.includes(f) ? dateSerial(cell.value) : cell.value;
      put(cell.row, cell.col, list ? translateListValue(value, [list], language) : value);
      continue;
    }
    put(cell.row, cell.col, cell.value);
  }
  if (!old) {
    labelsAt.push({ row: LIST_ROWS.title, col: 0, key: `${def.prefix}.title` as SheetLabelKey });
    labelsAt.push({ row: LIST_ROWS.intro, col: 0, key: `${def.prefix}.intro` as SheetLabelKey });
  }
  for (const r of dataRows) {
    for (const f of def.fields) if (def.formulas[f] && !typedOver.has(`${r},${cols[f]}`)) put(r, cols[f], { formula: "=" + def.formulas[f]!(r, cols) });
  }

  let width = Math.max(...Object.values<number>(cols)) + 1;
  for (const r of cells) if (r) width = Math.max(width, r.length);
  const height = Math.max(cells.length, headerRow + 2);
  const colFormat: (string | undefined)[] = Array.from({ length: width }, () => undefined);
  for (const f of def.fields) colFormat[cols[f]] = def.formats[f];

  const blocks: Block[] = [];
  if (cells.slice(0, headerRow).some((r) => r?.some((v) => v !== undefined))) blocks.push(grid(cells, 0, headerRow, width, undefined));
  blocks.push(grid(cells, headerRow + 1, height, width, colFormat));
  // The field labels are ours; a header a person typed over a column of their own stays theirs.
  const header: CellValue[] = Array.from({ length: width }, () => null);
  for (const f of def.fields) header[cols[f]] = L[`${def.prefix}.col.${f}` as SheetLabelKey];
  blocks.push({ row: headerRow, col: 0, values: [header], bold: true, wrap: true, fill: "#D9E1F2", owner: "generated" });
  for (let c = 0; c < width; c++) {
    const own = cells[headerRow]?.[c];
    if (fieldOf.has(c) || own === undefined || blankCell(own)) continue;
    const [value, formula] = blockEntry(own);
    blocks.push({ row: headerRow, col: c, values: [[value]], formulas: formula ? [[formula]] : undefined, bold: true, wrap: true, fill: "#D9E1F2", owner: "user" });
  }
  for (const at of labelsAt) {
    const title = at.key.endsWith(".title");
    blocks.push({ row: at.row, col: at.col, values: [[L[at.key]]], bold: title, italic: !title, owner: "generated" });
  }

  const first = headerRow + 1;
  const last = Math.max(height - 1, headerRow + LIST_VALIDATED_ROWS);
  const validations: ValidationSpec[] = [];
  for (const f of def.fields) {
    const range = a1(first, cols[f], last, cols[f]);
    const list = def.lists[f];
    const whole = def.whole[f];
    if (list) validations.push({ range, kind: "list", list: list.map((k) => L[k]) });
    if (whole) validations.push({ range, kind: "wholeNumber", min: whole[0], max: whole[1], message: `${whole[0]}–${whole[1]}` });
  }
  const widths: Record<number, number> = {};
  for (const f of def.fields) widths[cols[f]] = def.widths[f] ?? 12;

  return {
    headerRow,
    cols,
    validated: { first, last },
    sheet: {
      name,
      id: def.id,
      blocks,
      tables: [],
      charts: [],
      validations,
      conditionalFormats: [],
      columnWidths: widths,
      rowHeights: { [headerRow]: 30 },
      freeze: { rows: headerRow + 1, cols: 0 },
      print: printSetup({
        language,
        title: L[`${def.prefix}.sheet` as SheetLabelKey],
        orientation: "landscape",
        lastRow: height - 1,
        lastCol: width - 1,
        repeatRows: [headerRow, headerRow],
      }),
    },
  };
}

/**
 * Builds the Survey sheet: the old one's cells carried whole, labels in `language`.
 * @param old the existing Survey sheet's cells (undefined: a new, empty list).
 * @param name the sheet's name (sanitised and unique already).
 */
export function buildSurveySheet(old: SheetCells | undefined, language: SheetLanguage, name: string): ListBuild<SurveyField> {
  return buildList(SURVEY, old, language, name);
}

/** Builds the Complaints sheet (as `buildSurveySheet`), with the day-count formulas in every row of the list. */
export function buildComplaintsSheet(old: SheetCells | undefined, language: SheetLanguage, name: string): ListBuild<ComplaintField> {
  return buildList(COMPLAINTS, old, language, name);
}

const num = (v: UserCell | undefined): number | null => {
  const s = dateSerial(v ?? null);
  return typeof s === "number" && Number.isFinite(s) ? s : null;
};
const text = (v: UserCell | undefined): string => (v === null || v === undefined || typeof v === "object" ? "" : String(v).trim());

/**
 * The Survey rows on a sheet (values as read after a recalculation), for the pure computation
 * (src/core/voice.ts). Rows with a blank account are left out.
 */
export function readSurveyAnswers(cells: SheetCells): SurveyAnswer[] {
  const read = readList(SURVEY, cells);
  if (!read) return [];
  const at = (r: number, f: SurveyField): UserCell | undefined => (read.cols[f] === undefined ? undefined : cells[r]?.[read.cols[f]!]);
  const out: SurveyAnswer[] = [];
  for (let r = read.headerRow + 1; r < cells.length; r++) {
    const customer = text(at(r, "customer"));
    if (customer === "") continue;
    out.push({ customer, satisfaction: num(at(r, "satisfaction")), recommend: num(at(r, "recommend")), buyAgain: num(at(r, "buyAgain")) });
  }
  return out;
}

/** The Complaints rows on a sheet (rows with a blank account left out). */
export function readComplaints(cells: SheetCells): Complaint[] {
  const read = readList(COMPLAINTS, cells);
  if (!read) return [];
  const at = (r: number, f: ComplaintField): UserCell | undefined => (read.cols[f] === undefined ? undefined : cells[r]?.[read.cols[f]!]);
  const out: Complaint[] = [];
  for (let r = read.headerRow + 1; r < cells.length; r++) {
    const customer = text(at(r, "customer"));
    if (customer === "") continue;
    out.push({ customer, received: num(at(r, "received")), resolved: blankCell(at(r, "resolved")) ? null : num(at(r, "resolved")) });
  }
  return out;
}

/** Rows [from, to) as one block of the user's (formulas stay formulas). */
function grid(cells: UserCell[][], from: number, to: number, width: number, numberFormats: (string | undefined)[] | undefined): Block {
  const values: CellValue[][] = [];
  const formulas: (string | undefined)[][] = [];
  let anyFormula = false;
  for (let r = from; r < to; r++) {
    const v: CellValue[] = [];
    const f: (string | undefined)[] = [];
    for (let c = 0; c < width; c++) {
      const cell = cells[r]?.[c] ?? null;
      const [value, formula] = blockEntry(cell);
      v.push(value);
      f.push(formula);
      if (isFormulaCell(cell)) anyFormula = true;
    }
    values.push(v);
    formulas.push(f);
  }
  return { row: from, col: 0, values, ...(anyFormula ? { formulas } : {}), ...(numberFormats ? { numberFormats } : {}), owner: "user" };
}
