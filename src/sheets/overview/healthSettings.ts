/**
 * The account-health settings block on the Overview (issue 13 part 2): the weights of the health
 * components, the Green / Amber band limits and the review cadence per KAISM quadrant, as marked input
 * cells with data validation, below the Overview's Total row. The plans' health formulas and the
 * Overview's health columns read these cells, so an edit takes effect at once, without the add-in.
 *
 * Why a visible block on the Overview rather than the hidden "KAM Settings" sheet: the hidden sheet holds
 * what the add-in remembers and says "Do not edit"; these are the user's choices, so they stand where the
 * user looks at health, and a refresh reads them back (`readHealthSettings`, by their labels in either
 * language, wherever rows were inserted) and writes them again as they were typed.
 *
 * Layout (rows from `top`, columns A–B): title; intro; "Weights" then one row per component (label |
 * weight); "Bands" then Green from | n, Amber from | n; "Review cadence" then one row per quadrant (its
 * name in the sheet language | days); (issue 14) "Complaint is old after (days open)" | N of the
 * complaints component (default 30; the component's default weight 5 was taken from Satisfaction); the formula in words; a check cell naming the cells to fix when
 * the settings are invalid (weights not all numbers ≥ 0 or all 0, bands not 0 ≤ Amber ≤ Green ≤ 100,
 * cadences not whole days ≥ 1). The rules and defaults are src/core/health.ts's.
 */
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import {
  CADENCE_QUADRANTS,
  DEFAULT_HEALTH_SETTINGS,
  HEALTH_COMPONENTS,
  HealthComponent,
  HealthSettings,
} from "../../core/health";
import type { Quadrant } from "../../core/quadrant";
import { a1, abs, str } from "../../plan/formula";
import type { Block, CellValue, ValidationSpec } from "../../plan/spec";
import { UserCell, blockEntry, isBlankCell } from "../../plan/userCell";
import { INPUT_FILL } from "../scoring/build";
import { SheetCells, cellAt } from "../kit/grid";
import { isLabel } from "../kit/labels";


/** The labels of the components and quadrants in the block (keys of the Overview, so they anchor its rows on refresh). */
const WEIGHT_LABEL: Record<HealthComponent, SheetLabelKey> = {
  completeness: "overview.hs.c.completeness",
  actions: "overview.hs.c.actions",
  contacts: "overview.hs.c.contacts",
  kpis: "overview.hs.c.kpis",
  profit: "overview.hs.c.profit",
  satisfaction: "overview.hs.c.satisfaction",
  // Issue 14: voice
  complaints: "overview.hs.c.complaints",
  review: "overview.hs.c.review",
};
const QUADRANT_LABEL: Record<Quadrant, SheetLabelKey> = {
  "high-high": "overview.hs.q.strategic",
  "high-low": "overview.hs.q.star",
  "low-high": "overview.hs.q.status",
  "low-low": "overview.hs.q.streamline",
};

/** What a person entered in the block (blank entries absent). */
export interface PreservedHealthSettings {
  weights: Partial<Record<HealthComponent, UserCell>>;
  green?: UserCell;
  amber?: UserCell;
  cadence: Partial<Record<Quadrant, UserCell>>;
  // Issue 14: voice
  complaintDays?: UserCell;
}

/** Sheet-local absolute references of the input cells ("$B$24"), for formulas on other sheets. */
export interface HealthSettingsRefs {
  weights: Record<HealthComponent, string>;
  green: string;
  amber: string;
  cadence: Record<Quadrant, string>;
  // Issue 14: voice
  complaintDays: string;
}


/** Rows of the block from its top row (0-based). */
export function healthSettingsLayout(top: number) {
  const weightsFirst = top + 3;
  const bands = weightsFirst + HEALTH_COMPONENTS.length;
  const cadence = bands + 3;
  const cadenceFirst = cadence + 1;
  // Issue 14: voice — the complaints component's N, below the cadences.
  const complaintDays = cadenceFirst + CADENCE_QUADRANTS.length;
  const formula = complaintDays + 1;
  return { title: top, intro: top + 1, weights: top + 2, weightsFirst, bands, green: bands + 1, amber: bands + 2, cadence, cadenceFirst, complaintDays, formula, check: formula + 1, last: formula + 1 };
}

/** The references of the input cells of a block whose top row is `top`. */
export function healthSettingsRefs(top: number): HealthSettingsRefs {
  const lay = healthSettingsLayout(top);
  return {
    weights: Object.fromEntries(HEALTH_COMPONENTS.map((k, i) => [k, abs(lay.weightsFirst + i, 1)])) as Record<HealthComponent, string>,
    green: abs(lay.green, 1),
    amber: abs(lay.amber, 1),
    cadence: Object.fromEntries(CADENCE_QUADRANTS.map((q, i) => [q, abs(lay.cadenceFirst + i, 1)])) as Record<Quadrant, string>,
    complaintDays: abs(lay.complaintDays, 1),
  };
}

/**
 * The block's cells and validations, with `preserved` entries in place of the defaults.
 * @param top the 0-based row of its title.
 */
export function healthSettingsBlock(
  top: number,
  language: SheetLanguage,
  preserved?: PreservedHealthSettings,
): { blocks: Block[]; validations: ValidationSpec[]; last: number } {
  const L = SHEET_LABELS[language];
  const lay = healthSettingsLayout(top);
  const d = DEFAULT_HEALTH_SETTINGS;
  const input = (row: number, v: UserCell | undefined, fallback: number, format: string): Block => {
    const [value, formula] = isBlankCell(v) ? [fallback, undefined] : blockEntry(v);
    return { row, col: 1, values: [[value]], formulas: formula ? [[formula]] : undefined, numberFormats: [format], owner: "user", fill: INPUT_FILL };
  };
  const gen = (row: number, values: CellValue[][], extra: Partial<Block> = {}): Block => ({ row, col: 0, values, owner: "generated", ...extra });
  const blocks: Block[] = [
    gen(lay.title, [[L["overview.hs.title"]]], { bold: true, fill: "#D9E1F2" }),
    gen(lay.intro, [[L["overview.hs.intro"]]], { italic: true }),
    gen(lay.weights, [[L["overview.hs.weights"]]], { bold: true }),
    gen(lay.weightsFirst, HEALTH_COMPONENTS.map((k) => [L[WEIGHT_LABEL[k]]])),
    ...HEALTH_COMPONENTS.map((k, i) => input(lay.weightsFirst + i, preserved?.weights[k], d.weights[k], "0.##")),
    gen(lay.bands, [[L["overview.hs.bands"]]], { bold: true }),
    gen(lay.green, [[L["overview.hs.green"]], [L["overview.hs.amber"]]]),
    input(lay.green, preserved?.green, d.bands.green, "0"),
    input(lay.amber, preserved?.amber, d.bands.amber, "0"),
    gen(lay.cadence, [[L["overview.hs.cadence"]]], { bold: true }),
    gen(lay.cadenceFirst, CADENCE_QUADRANTS.map((q) => [L[QUADRANT_LABEL[q]]])),
    ...CADENCE_QUADRANTS.map((q, i) => input(lay.cadenceFirst + i, preserved?.cadence[q], d.cadence[q], "0")),
    // Issue 14: voice
    gen(lay.complaintDays, [[L["overview.hs.complaintDays"]]]),
    input(lay.complaintDays, preserved?.complaintDays, d.complaintDays, "0"),
    gen(lay.formula, [[L["overview.hs.formula"]]], { italic: true }),
  ];
  // The check cell: names the cells to fix (rules of checkHealthSettings in src/core/health.ts).
  const w = range(lay.weightsFirst, lay.weightsFirst + HEALTH_COMPONENTS.length - 1);
  const c = range(lay.cadenceFirst, lay.cadenceFirst + CADENCE_QUADRANTS.length - 1);
  const g = a1(lay.green, 1);
  const am = a1(lay.amber, 1);
  const msg = (key: SheetLabelKey, cells: string): string => str(L[key].replace("{cells}", cells));
  const check =
    `=IF(OR(COUNT(${w})<${HEALTH_COMPONENTS.length},MIN(${w})<0,SUM(${w})=0),${msg("overview.hs.check.weights", w)},` +
    `IF(OR(NOT(ISNUMBER(${g})),NOT(ISNUMBER(${am}))),${msg("overview.hs.check.bands", `${g}:${am}`)},` +
    `IF(OR(${am}<0,${am}>${g},${g}>100),${msg("overview.hs.check.bands", `${g}:${am}`)},` +
    `IF(OR(COUNT(${c})<${CADENCE_QUADRANTS.length},MIN(${c})<1),${msg("overview.hs.check.cadence", c)},""))))`;
  blocks.push(gen(lay.check, [[null]], { formulas: [[check]], bold: true }));
  const validations: ValidationSpec[] = [
    { range: w, kind: "decimal", min: 0, max: 1e9, message: L["overview.hs.validation.weight"] },
    { range: `${g}:${am}`, kind: "decimal", min: 0, max: 100, message: L["overview.hs.validation.band"] },
    { range: c, kind: "wholeNumber", min: 1, max: 3650, message: L["overview.hs.validation.days"] },
    // Issue 14: voice
    { range: a1(lay.complaintDays, 1), kind: "wholeNumber", min: 0, max: 3650, message: L["overview.hs.validation.days"] },
  ];
  return { blocks, validations, last: lay.last };
}

function range(first: number, last: number): string {
  return `${a1(first, 1)}:${a1(last, 1)}`;
}

/**
 * What a person entered in the block of an Overview's cells, found by the labels in either language
 * below the block's title (wherever rows were inserted); the value is the cell right of each label.
 * @returns undefined when the sheet has no block (an Overview of an earlier version).
 */
export function readHealthSettings(cells: SheetCells): PreservedHealthSettings | undefined {
  let top = -1;
  let col = 0;
  for (let r = 0; r < cells.length && top < 0; r++) {
    const row = cells[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      if (isLabel(row[c], "overview.hs.title")) {
        top = r;
        col = c;
        break;
      }
    }
  }
  if (top < 0) return undefined;
  const out: PreservedHealthSettings = { weights: {}, cadence: {} };
  const keep = (v: UserCell): UserCell | undefined => (isBlankCell(v) ? undefined : v);
  for (let r = top + 1; r < cells.length; r++) {
    const label = cellAt(cells, r, col);
    const value = cellAt(cells, r, col + 1);
    const component = HEALTH_COMPONENTS.find((k) => isLabel(label, WEIGHT_LABEL[k]));
    if (component && out.weights[component] === undefined) out.weights[component] = keep(value);
    else if (isLabel(label, "overview.hs.green")) out.green = keep(value);
    else if (isLabel(label, "overview.hs.amber")) out.amber = keep(value);
    // Issue 14: voice
    else if (isLabel(label, "overview.hs.complaintDays")) out.complaintDays = keep(value);
    else {
      const q = CADENCE_QUADRANTS.find((x) => isLabel(label, QUADRANT_LABEL[x]));
      if (q && out.cadence[q] === undefined) out.cadence[q] = keep(value);
    }
  }
  return out;
}

/**
 * The settings health is computed with (src/core/health.ts), from what the block holds: each entry that
 * is a number, else the default (a formula a person wrote counts as blank: its result is not read).
 * Not checked here: accountHealth checks them and names the setting that is wrong.
 */
export function healthSettingsOf(preserved: PreservedHealthSettings | undefined): HealthSettings {
  const d = DEFAULT_HEALTH_SETTINGS;
  const n = (v: UserCell | undefined, fallback: number): number => (typeof v === "number" && Number.isFinite(v) ? v : fallback);
  return {
    weights: Object.fromEntries(HEALTH_COMPONENTS.map((k) => [k, n(preserved?.weights[k], d.weights[k])])) as HealthSettings["weights"],
    bands: { green: n(preserved?.green, d.bands.green), amber: n(preserved?.amber, d.bands.amber) },
    cadence: Object.fromEntries(CADENCE_QUADRANTS.map((q) => [q, n(preserved?.cadence[q], d.cadence[q])])) as HealthSettings["cadence"],
    // Issue 14: voice
    complaintDays: n(preserved?.complaintDays, d.complaintDays),
  };
}
