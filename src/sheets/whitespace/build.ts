/**
 * The Whitespace sheet (issue 14, KAM-DOMAIN §11, entry strategy): per key account one block, buying units
 * (rows, typed by the user) × our offerings (the list on the settings sheet, `offerings`), each offering
 * three columns Current | Potential | Status. Right of the grid, per unit: current total, potential total,
 * untapped and share of wallet; below it, per offering: totals, untapped and share of wallet; a grand total.
 *
 * Formulas (native, en-US, calculate in Excel and LibreOffice):
 * - untapped per cell = MAX(potential − current, 0); a cell whose Status is "not relevant" (either
 *   language) counts in neither potential nor untapped (its Current still counts: it is bought);
 * - share of wallet = current total ÷ potential total, blank ("") when the potential is 0 or blank;
 * - blank ≠ text: blank cells count as 0, but a text typed in a Current or Potential cell is NOT read as 0
 *   (no N(), no plain SUM over the unit's cells): the unit row's arithmetic (+, −) gives #VALUE!, the
 *   offering totals give #N/A (COUNTA > COUNT), so the mistake shows instead of hiding a lower figure.
 *
 * Round trip: the sheet is rebuilt on every refresh from what `readWhitespace` found in the old one, block
 * by customer ID (not position) and cell by offering NAME (not column); units grow to hold every filled row
 * (rows a person inserted included). A block of an account no longer a key account is kept (marked), and
 * cells of an offering no longer on the list are returned as `orphans` for the Kept on refresh sheet.
 */
import { KamError } from "../../core/errors";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { Block, ConditionalFormatSpec, SheetSpec, ValidationSpec } from "../../plan/spec";
import { UserCell, blockEntry, isBlankCell } from "../../plan/userCell";
import { a1, columnLetter } from "../kit/address";
import { PERCENT, TEXT, amountFormat } from "../kit/formats";
import type { CurrencyCode } from "../kit/formats";
import { printSetup } from "../kit/print";
import { translateListValue } from "../kit/labels";

export const WHITESPACE_SHEET_ID = "kam.whitespace";
/** Buying-unit rows of a new block. */
export const DEFAULT_UNITS = 6;
/** At most this many offerings (columns stay printable on one landscape page). */
export const MAX_OFFERINGS = 8;
/** First row (0-based) of the first block. */
export const FIRST_BLOCK_ROW = 3;

/** Status list, in order: won, open, competitor, not relevant (green, amber, red, grey). */
export const WHITESPACE_STATUS: readonly SheetLabelKey[] = [
  "whitespace.status.won",
  "whitespace.status.open",
  "whitespace.status.competitor",
  "whitespace.status.notRelevant",
];
const STATUS_FILL: Record<string, string> = {
  "whitespace.status.won": "#C6EFCE",
  "whitespace.status.open": "#FFEB9C",
  "whitespace.status.competitor": "#FFC7CE",
  "whitespace.status.notRelevant": "#D9D9D9",
};
const DEFAULT_OFFERING_KEYS: readonly SheetLabelKey[] = [
  "whitespace.offering1",
  "whitespace.offering2",
  "whitespace.offering3",
  "whitespace.offering4",
  "whitespace.offering5",
];

/** The default offerings in the sheet language. */
export function defaultOfferings(language: SheetLanguage): string[] {
  return DEFAULT_OFFERING_KEYS.map((k) => SHEET_LABELS[language][k]);
}

/**
 * The offerings to use: the settings' list (trimmed, blanks and repeats dropped, at most MAX_OFFERINGS),
 * where a name that is one of the defaults in either language follows the sheet language; none: defaults.
 */
export function resolveOfferings(stored: readonly string[] | undefined, language: SheetLanguage): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of stored ?? []) {
    const name = String(translateListValue(raw.trim(), [DEFAULT_OFFERING_KEYS], language));
    if (name === "" || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return (out.length > 0 ? out : defaultOfferings(language)).slice(0, MAX_OFFERINGS);
}

/**
 * Offerings as a person writes them in one text (`kam plan --offerings`, the task pane's field): names
 * separated by ";" or line breaks, trimmed, blanks dropped. An empty text gives [] (the defaults).
 * @throws KamError("argument", "plan.offeringsTooMany") for more than MAX_OFFERINGS names, and
 *         "plan.offeringsTwice" for a name given twice (any case): each is a column of the grid.
 */
export function parseOfferings(text: string): string[] {
  const names = text
    .split(/[;\r\n]+/)
    .map((n) => n.trim())
    .filter((n) => n !== "");
  if (names.length > MAX_OFFERINGS) {
    throw new KamError("argument", "plan.offeringsTooMany", { count: names.length, max: MAX_OFFERINGS }, { column: "offerings" });
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toLowerCase())) throw new KamError("argument", "plan.offeringsTwice", { name: n }, { column: "offerings" });
    seen.add(n.toLowerCase());
  }
  return names;
}

/** What a person typed in one offering cell trio of a unit row. */
export interface WhitespaceCell {
  current: UserCell;
  potential: UserCell;
  status: UserCell;
}

/** One buying-unit row: its name, the cells by offering name (lower case), and cells typed right of the grid. */
export interface WhitespaceUnit {
  name: UserCell;
  cells: Map<string, WhitespaceCell & { offering: string }>;
  beside: UserCell[];
}

/** A block read back: the account, its units, and where it was (for the Kept list). */
export interface WhitespaceBlock {
  customer: string;
  units: WhitespaceUnit[];
  /** 0-based rows of the units on the old sheet. */
  unitRows: number[];
  /** 0-based columns of each offering's Current cell on the old sheet, by lower-case name. */
  offeringCols: Map<string, number>;
}

/** Layout of one block (0-based rows and columns). */
export interface WhitespaceLayout {
  title: number;
  header: number;
  subHeader: number;
  firstUnit: number;
  lastUnit: number;
  total: number;
  untapped: number;
  share: number;
  /** Column of offering k's Current cell (Potential +1, Status +2). */
  offeringCol: (k: number) => number;
  /** Columns right of the grid: current total, potential total, untapped, share of wallet. */
  right: { current: number; potential: number; untapped: number; share: number };
}

/** The block layout for `offerings` offerings and `units` unit rows starting at row `top`. */
export function whitespaceLayout(top: number, offerings: number, units: number): WhitespaceLayout {
  const firstUnit = top + 3;
  const lastUnit = firstUnit + units - 1;
  const r0 = 1 + 3 * offerings;
  return {
    title: top,
    header: top + 1,
    subHeader: top + 2,
    firstUnit,
    lastUnit,
    total: lastUnit + 1,
    untapped: lastUnit + 2,
    share: lastUnit + 3,
    offeringCol: (k) => 1 + 3 * k,
    right: { current: r0, potential: r0 + 1, untapped: r0 + 2, share: r0 + 3 },
  };
}

/** Rows a block takes, blank row after it included. */
export function blockHeight(units: number): number {
  return 3 + units + 3 + 1;
}

/** The status test of a cell in formulas: "not relevant" in either language. */
function notRelevant(ref: string): string {
  return `OR(${ref}="${SHEET_LABELS.en["whitespace.status.notRelevant"]}",${ref}="${SHEET_LABELS.nb["whitespace.status.notRelevant"]}")`;
}

export interface WhitespaceAccount {
  customer: string;
  name?: string;
  active: boolean;
}

export interface WhitespaceBuild {
  sheet: SheetSpec;
  /** Typed cells of offerings no longer on the list: kept elsewhere (the Kept on refresh sheet). */
  orphans: { row: number; col: number; value: UserCell }[];
  /** Each account's block: the cells of its grand totals (potential, untapped), for the Portfolio roll-up. */
  totals: Map<string, { potential: string; untapped: string; current: string }>;
  keptCells: number;
}

/**
 * Builds the Whitespace sheet.
 * @param accounts key accounts in the Overview's order (active), then accounts that only have an old block.
 * @param previous the blocks read from the old sheet (`readWhitespace`), by customer ID.
 * @returns the sheet, typed cells that no longer have a place (offering removed), each account's total cells.
 */
export function buildWhitespaceSheet(
  accounts: readonly WhitespaceAccount[],
  previous: ReadonlyMap<string, WhitespaceBlock>,
  o: { language: SheetLanguage; name: string; offerings: readonly string[]; currency?: CurrencyCode },
): WhitespaceBuild {
  const L = SHEET_LABELS[o.language];
  const K = o.offerings.length;
  const money = amountFormat(o.currency);
  const blocks: Block[] = [
    { row: 0, col: 0, values: [[L["whitespace.title"]]], bold: true, owner: "generated" },
    { row: 1, col: 0, values: [[L["whitespace.intro"]]], italic: true, owner: "generated" },
  ];
  const validations: ValidationSpec[] = [];
  const conditionalFormats: ConditionalFormatSpec[] = [];
  const merges: string[] = [];
  const rowBreaks: number[] = [];
  const orphans: WhitespaceBuild["orphans"] = [];
  const totals: WhitespaceBuild["totals"] = new Map();
  const names = o.offerings.map((n) => n.toLowerCase());
  const statusList = WHITESPACE_STATUS.map((k) => L[k]);
  let keptCells = 0;
  let top = FIRST_BLOCK_ROW;
  let lastCol = 0;
  // An old offering name that is a default in the other language is the same offering.
  const keyOf = (k: string): string => String(translateListValue(k, [DEFAULT_OFFERING_KEYS], o.language)).toLowerCase();
  for (const acc of accounts) {
    const found = previous.get(acc.customer);
    const old = found && {
      ...found,
      units: found.units.map((u) => ({ ...u, cells: new Map([...u.cells].map(([k, c]) => [keyOf(k), c])) })),
      offeringCols: new Map([...found.offeringCols].map(([k, c]) => [keyOf(k), c])),
    };
    const filled = (old?.units ?? []).filter((u) => !isBlankCell(u.name) || [...u.cells.values()].some((c) => !isBlankCell(c.current) || !isBlankCell(c.potential) || !isBlankCell(c.status)) || u.beside.some((b) => !isBlankCell(b)));
    const units = Math.max(DEFAULT_UNITS, filled.length);
    const lay = whitespaceLayout(top, K, units);
    const R = lay.right;
    lastCol = Math.max(lastCol, R.share);
    if (top > FIRST_BLOCK_ROW) rowBreaks.push(top);
    blocks.push({
      row: lay.title,
      col: 0,
      values: [[L["whitespace.customerId"], acc.customer, (acc.name ?? "") + (acc.active ? "" : ` ${L["whitespace.inactive"]}`)]],
      numberFormats: [undefined, TEXT, undefined],
      bold: true,
      owner: "generated",
    });
    const header: string[] = [L["whitespace.col.unit"]];
    const sub: string[] = [""];
    for (let k = 0; k < K; k++) {
      header.push(o.offerings[k], "", "");
      sub.push(L["whitespace.col.current"], L["whitespace.col.potential"], L["whitespace.col.status"]);
      merges.push(a1(lay.header, lay.offeringCol(k), lay.header, lay.offeringCol(k) + 2));
    }
    header.push(L["whitespace.col.totalCurrent"], L["whitespace.col.totalPotential"], L["whitespace.col.untapped"], L["whitespace.col.share"]);
    sub.push("", "", "", "");
    blocks.push({ row: lay.header, col: 0, values: [header, sub], bold: true, fill: "#DDEBF7", owner: "generated", wrap: true });

    // The unit rows: typed cells by offering name; formulas right of the grid.
    const values: UserCell[][] = [];
    for (let i = 0; i < units; i++) {
      const u = filled[i];
      const row: UserCell[] = [u?.name ?? null];
      for (let k = 0; k < K; k++) {
        const c = u?.cells.get(names[k]);
        row.push(c?.current ?? null, c?.potential ?? null, translateListValue(c?.status ?? null, [WHITESPACE_STATUS], o.language));
      }
      values.push(row);
      if (u) {
        keptCells += row.filter((v) => !isBlankCell(v)).length;
        for (const [key, c] of u.cells) {
          if (names.includes(key)) continue;
          const col = old!.offeringCols.get(key) ?? 0;
          const oldRow = old!.unitRows[old!.units.indexOf(u)] ?? 0;
          if (!isBlankCell(c.current)) orphans.push({ row: oldRow, col, value: c.current });
          if (!isBlankCell(c.potential)) orphans.push({ row: oldRow, col: col + 1, value: c.potential });
          if (!isBlankCell(c.status)) orphans.push({ row: oldRow, col: col + 2, value: c.status });
        }
      }
    }
    const entries = values.map((row) => row.map((v) => blockEntry(v)));
    blocks.push({
      row: lay.firstUnit,
      col: 0,
      values: entries.map((r) => r.map(([v]) => v)),
      formulas: entries.some((r) => r.some(([, f]) => f !== undefined)) ? entries.map((r) => r.map(([, f]) => f)) : undefined,
      numberFormats: [undefined, ...o.offerings.flatMap(() => [money, money, undefined])],
      owner: "user",
    });
    // Cells typed right of the grid stay beside their unit.
    filled.forEach((u, i) => {
      if (u.beside.some((b) => !isBlankCell(b))) {
        const e = u.beside.map((b) => blockEntry(b));
        blocks.push({ row: lay.firstUnit + i, col: R.share + 1, values: [e.map(([v]) => v)], formulas: e.some(([, f]) => f) ? [e.map(([, f]) => f)] : undefined, owner: "user" });
        keptCells += u.beside.filter((b) => !isBlankCell(b)).length;
      }
    });
    const formulas: string[][] = [];
    for (let r = lay.firstUnit; r <= lay.lastUnit; r++) {
      const cur = (k: number): string => a1(r, lay.offeringCol(k));
      const pot = (k: number): string => a1(r, lay.offeringCol(k) + 1);
      const st = (k: number): string => a1(r, lay.offeringCol(k) + 2);
      const ks = o.offerings.map((_, k) => k);
      formulas.push([
        ks.map((k) => cur(k)).join("+"),
        ks.map((k) => `IF(${notRelevant(st(k))},0,${pot(k)})`).join("+"),
        ks.map((k) => `IF(${notRelevant(st(k))},0,MAX(${pot(k)}-${cur(k)},0))`).join("+"),
        `IF(${a1(r, R.potential)}=0,"",${a1(r, R.current)}/${a1(r, R.potential)})`,
      ]);
    }
    blocks.push({
      row: lay.firstUnit,
      col: R.current,
      values: formulas.map(() => [null, null, null, null]),
      formulas: formulas.map((f) => f.map((x) => "=" + x)),
      numberFormats: [money, money, money, PERCENT],
      owner: "generated",
    });
    // Per offering: totals, untapped, share of wallet; grand totals right.
    const totalRow: (string | null)[] = [L["whitespace.total"]];
    const totalF: (string | undefined)[] = [undefined];
    const untappedF: (string | undefined)[] = [undefined];
    const shareF: (string | undefined)[] = [undefined];
    for (let k = 0; k < K; k++) {
      const c = lay.offeringCol(k);
      const C = a1(lay.firstUnit, c, lay.lastUnit, c);
      const P = a1(lay.firstUnit, c + 1, lay.lastUnit, c + 1);
      const S = a1(lay.firstUnit, c + 2, lay.lastUnit, c + 2);
      const en = SHEET_LABELS.en["whitespace.status.notRelevant"];
      const nb = SHEET_LABELS.nb["whitespace.status.notRelevant"];
      totalRow.push(null, null, null);
      totalF.push(
        `=IF(COUNTA(${C})>COUNT(${C}),NA(),SUM(${C}))`,
        `=IF(COUNTA(${P})>COUNT(${P}),NA(),SUMIFS(${P},${S},"<>${en}",${S},"<>${nb}"))`,
        undefined,
      );
      untappedF.push(undefined, `=SUMPRODUCT((${S}<>"${en}")*(${S}<>"${nb}")*((${P}-${C})>0)*(${P}-${C}))`, undefined);
      shareF.push(`=IF(${a1(lay.total, c + 1)}=0,"",${a1(lay.total, c)}/${a1(lay.total, c + 1)})`, undefined, undefined);
    }
    const col = (x: number): string => a1(lay.firstUnit, x, lay.lastUnit, x);
    totalRow.push(null, null, null, null);
    totalF.push(`=SUM(${col(R.current)})`, `=SUM(${col(R.potential)})`, `=SUM(${col(R.untapped)})`, `=IF(${a1(lay.total, R.potential)}=0,"",${a1(lay.total, R.current)}/${a1(lay.total, R.potential)})`);
    const blank = (): null[] => totalRow.map(() => null);
    const untappedRow: (string | null)[] = blank();
    untappedRow[0] = L["whitespace.col.untapped"];
    blocks.push({
      row: lay.total,
      col: 0,
      values: [totalRow, untappedRow],
      formulas: [totalF, [...untappedF, ...Array(4).fill(undefined)]],
      numberFormats: [undefined, ...o.offerings.flatMap(() => [money, money, undefined]), money, money, money, PERCENT],
      bold: true,
      owner: "generated",
    });
    blocks.push({
      row: lay.share,
      col: 0,
      values: [[L["whitespace.col.share"], ...o.offerings.flatMap(() => [null, null, null])]],
      formulas: [shareF],
      numberFormats: [undefined, ...o.offerings.flatMap(() => [PERCENT, undefined, undefined])],
      bold: true,
      owner: "generated",
    });
    totals.set(acc.customer, {
      current: a1(lay.total, R.current),
      potential: a1(lay.total, R.potential),
      untapped: a1(lay.total, R.untapped),
    });
    // Status: a list, and a fill per status over the offering's three cells.
    for (let k = 0; k < K; k++) {
      const c = lay.offeringCol(k);
      validations.push({ range: a1(lay.firstUnit, c + 2, lay.lastUnit, c + 2), kind: "list", list: statusList });
    }
    top += blockHeight(units);
  }
  // The status fills: one rule per offering and status over every block's rows (a fixed number of rules
  // whatever the number of accounts); only unit rows hold a status value.
  for (let k = 0; k < K && accounts.length > 0; k++) {
    const c = 1 + 3 * k;
    const st = `$${columnLetter(c + 2)}${FIRST_BLOCK_ROW + 4}`;
    for (const key of WHITESPACE_STATUS) {
      conditionalFormats.push({
        range: a1(FIRST_BLOCK_ROW + 3, c, Math.max(top - 2, FIRST_BLOCK_ROW + 3), c + 2),
        formula: `=OR(${st}="${SHEET_LABELS.en[key]}",${st}="${SHEET_LABELS.nb[key]}")`,
        fill: STATUS_FILL[key],
      });
    }
  }
  const columnWidths: Record<number, number> = { 0: 22 };
  for (let c = 1; c <= lastCol; c++) columnWidths[c] = 11;
  return {
    sheet: {
      name: o.name,
      id: WHITESPACE_SHEET_ID,
      blocks,
      tables: [],
      charts: [],
      validations,
      conditionalFormats,
      merges,
      columnWidths,
      print: printSetup({
        language: o.language,
        lastRow: Math.max(top - 2, 1),
        lastCol: Math.max(lastCol, 3),
        orientation: "landscape",
        ...(rowBreaks.length > 0 ? { rowBreaks } : {}),
      }),
    },
    orphans,
    totals,
    keptCells,
  };
}
