/**
 * The "Scoring" sheet: weighted attractiveness and relative-strength scores per candidate account, the
 * two axes of the KAISM matrix (KAM-DOMAIN §3; McDonald, Rogers & Woodburn). Pure: builds a SheetSpec.
 *
 * Layout (0-based rows; A1 notation in brackets). Each criterion's definition sits above its own rating
 * column, so a column reads top to bottom as "what, how to rate it, how much it weighs, the ratings":
 *
 *   row 0  [1]   title;  row 1 [2] how to rate
 *   row 2  [3]   axis names above each group of criterion columns
 *   row 3  [4]   criterion name          ┐
 *   row 4  [5]   1 = (poor)              │ user-owned, one column per criterion
 *   row 5  [6]   5 = (average)           │ (starting in column C [2])
 *   row 6  [7]   10 = (excellent)        │
 *   row 7  [8]   data source             │
 *   row 8  [9]   weight                  ┘  the score column holds the axis' weight sum, red unless 100
 *   row 9  [10]  weight check ("OK" / "Must sum to 100")
 *   row 10 [11]  grid header: Customer | ABC class | ATT1…ATTn | Attractiveness | STR1…STRm | Relative strength | Status
 *   row 11 [12]… one row per candidate: ratings 1–10 (user-owned, whole-number validation), scores as
 *                native formulas, status ("no longer a candidate")
 *
 * Axis score = SUMPRODUCT(weights, ratings) / SUM(weights), the same arithmetic as KAM.SCORE
 * (`weightedScores`), and "" until every criterion of the axis is rated (no partial scores, as KAM.SCORE
 * returns a blank for a row with a blank rating). The criterion IDs in the header row are the keys by
 * which a refresh finds ratings and criteria again (src/plan/preserve.ts).
 */
import { KamError } from "../../core/errors";
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import { AXES, Axis, CRITERION_ID, CriteriaSet, axisOf } from "../../plan/criteria";
import { a1, abs, absRange, range, str } from "../../plan/formula";
import type { CandidateRow } from "../../plan/rows";
import type { Block, CellValue, ConditionalFormatSpec, SheetSpec, ValidationSpec } from "../../plan/spec";
import { printSetup } from "../kit/print";
import { blockEntry } from "../../plan/userCell";

export const SCORING_SHEET_ID = "kam.scoring";
export const SCORING_SHEET_NAME = "Scoring";
/** Fill of cells the user types into (ratings, weights, criteria). */
export const INPUT_FILL = "#FFF2CC";

/** Fixed rows of the layout (0-based). */
export const SCORING_ROWS = {
  title: 0,
  intro: 1,
  axis: 2,
  name: 3,
  scale1: 4,
  scale5: 5,
  scale10: 6,
  source: 7,
  weight: 8,
  check: 9,
  header: 10,
  firstData: 11,
} as const;

/** Row of each criterion field in the definition block, in TEXT_FIELDS order, then the weight. */
export const DEFINITION_ROWS = ["name", "scale1", "scale5", "scale10", "source", "weight"] as const;

/** Where things are on a Scoring sheet with the given criteria and row count. */
export interface ScoringLayout {
  /** 0-based column of each criterion, by ID. */
  criterionCol: Record<string, number>;
  /** First and last criterion column of each axis. */
  axisCols: Record<Axis, { first: number; last: number }>;
  /** Column of each axis' weighted score. */
  scoreCol: Record<Axis, number>;
  statusCol: number;
  firstDataRow: number;
  rows: number;
  /** Column of the customer names (issue 11), right of Customer; -1 without names. */
  nameCol: number;
  /** Column of the ABC class: B, or C with names. */
  classCol: number;
}

/**
 * Where things are on a Scoring sheet.
 * @param withNames a Name column right of Customer (issue 11): everything right of it moves one column.
 */
export function scoringLayout(criteria: CriteriaSet, rows: number, withNames = false): ScoringLayout {
  checkCriteria(criteria);
  const criterionCol: Record<string, number> = {};
  const classCol = withNames ? 2 : 1;
  let col = classCol + 1;
  const axisCols = {} as ScoringLayout["axisCols"];
  const scoreCol = {} as ScoringLayout["scoreCol"];
  for (const axis of AXES) {
    const first = col;
    for (const c of criteria[axis]) criterionCol[c.id] = col++;
    axisCols[axis] = { first, last: col - 1 };
    scoreCol[axis] = col++;
  }
  return {
    criterionCol,
    axisCols,
    scoreCol,
    statusCol: col,
    firstDataRow: SCORING_ROWS.firstData,
    rows,
    nameCol: withNames ? 1 : -1,
    classCol,
  };
}

/**
 * @throws KamError("argument") when an axis has no criterion, or an ID is malformed, repeated or on the
 *         wrong axis (ATTn are attractiveness, STRn relative strength).
 */
export function checkCriteria(criteria: CriteriaSet): void {
  const seen = new Set<string>();
  for (const axis of AXES) {
    if (criteria[axis].length === 0)
      throw new KamError("argument", "criteria.noCriterion", { axis: { key: `criteria.axis.${axis}` } }, { column: axis });
    for (const c of criteria[axis]) {
      if (!CRITERION_ID.test(c.id) || axisOf(c.id) !== axis) {
        const prefix = axis === "attractiveness" ? "ATT" : "STR";
        throw new KamError("argument", "criteria.badId", { id: c.id, axis: { key: `criteria.axis.${axis}` }, prefix }, { column: c.id });
      }
      if (seen.has(c.id)) throw new KamError("argument", "criteria.twice", { id: c.id }, { column: c.id });
      seen.add(c.id);
    }
  }
}

/**
 * The "Scoring" sheet.
 * @param rows     candidate rows in sheet order (see `rows.ts`), with the ratings already entered.
 * @param criteria criteria of both axes, in column order, with their (possibly user-edited) texts and weights.
 * @param language labels.
 * @returns a SheetSpec named "Scoring" (id "kam.scoring"); rating cells and criteria are `owner: "user"`.
 * @throws KamError("argument") for bad criteria (see `checkCriteria`).
 */
export function buildScoringSheet(
  rows: readonly CandidateRow[],
  criteria: CriteriaSet,
  language: SheetLanguage,
): SheetSpec {
  const L = SHEET_LABELS[language];
  const R = SCORING_ROWS;
  const layout = scoringLayout(criteria, rows.length, hasNames(rows));
  const n = rows.length;
  const lastRow = R.firstData + Math.max(n, 1) - 1;
  const blocks: Block[] = [];
  const validations: ValidationSpec[] = [];
  const conditionalFormats: ConditionalFormatSpec[] = [];

  blocks.push({ row: R.title, col: 0, values: [[L["scoring.title"]]], bold: true, owner: "generated" });
  blocks.push({ row: R.intro, col: 0, values: [[L["scoring.intro"]]], italic: true, owner: "generated" });
  blocks.push({
    row: R.name,
    col: 0,
    values: [
      [L["scoring.row.name"]],
      [L["scoring.row.scale1"]],
      [L["scoring.row.scale5"]],
      [L["scoring.row.scale10"]],
      [L["scoring.row.source"]],
      [L["scoring.row.weight"]],
      [L["scoring.row.check"]],
    ],
    bold: true,
    wrap: true, // top-aligned like the wrapped criterion names beside it
    owner: "generated",
  });

  const statusLabel: Record<CandidateRow["status"], string> = {
    candidate: "",
    dropped: L["plan.status.dropped"],
    missing: L["plan.status.missing"],
  };

  for (const axis of AXES) {
    const list = criteria[axis];
    const { first, last } = layout.axisCols[axis];
    const score = layout.scoreCol[axis];
    const weights = absRange(R.weight, first, R.weight, last);
    blocks.push({
      row: R.axis,
      col: first,
      values: [[L[axis === "attractiveness" ? "scoring.axis.attractiveness" : "scoring.axis.strength"]]],
      bold: true,
      owner: "generated",
    });

    // Criteria definitions and weights: what the user edits; one column per criterion.
    const defValues: CellValue[][] = [];
    const defFormulas: (string | undefined)[][] = [];
    for (const field of DEFINITION_ROWS) {
      const entries = list.map((c) => blockEntry(c[field]));
      defValues.push(entries.map((e) => e[0]));
      defFormulas.push(entries.map((e) => e[1]));
    }
    // The name row wraps (its row is 4 lines high); the scale and source texts stay on one line each, so
    // the frozen definition rows stay compact (the full text shows in the cell).
    blocks.push({
      row: R.name,
      col: first,
      values: defValues.slice(0, 1),
      formulas: defFormulas[0].some(Boolean) ? defFormulas.slice(0, 1) : undefined,
      owner: "user",
      fill: INPUT_FILL,
      bold: true,
      wrap: true,
    });
    blocks.push({
      row: R.scale1,
      col: first,
      values: defValues.slice(1),
      formulas: defFormulas.slice(1).some((r) => r.some(Boolean)) ? defFormulas.slice(1) : undefined,
      owner: "user",
      fill: INPUT_FILL,
    });
    validations.push({
      range: range(R.weight, first, R.weight, last),
      kind: "decimal",
      min: 0,
      max: 100,
      message: L["scoring.validation.weight"],
    });

    // Weight sum (red unless 100) and the check text.
    const sumCell = abs(R.weight, score);
    blocks.push({
      row: R.weight,
      col: score,
      values: [[null], [null]],
      formulas: [
        [`=SUM(${weights})`],
        [`=IF(ROUND(${sumCell},6)=100,${str(L["scoring.check.ok"])},${str(L["scoring.check.bad"])})`],
      ],
      bold: true,
      owner: "generated",
    });
    conditionalFormats.push({
      range: range(R.weight, score, R.check, score),
      formula: `=ROUND(${sumCell},6)<>100`,
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });

    // Ratings (user) and the axis score (formula) per candidate.
    if (n > 0) {
      const ratingValues: CellValue[][] = [];
      const ratingFormulas: (string | undefined)[][] = [];
      for (const row of rows) {
        const entries = list.map((c) => blockEntry(row.ratings[c.id]));
        ratingValues.push(entries.map((e) => e[0]));
        ratingFormulas.push(entries.map((e) => e[1]));
      }
      blocks.push({
        row: R.firstData,
        col: first,
        values: ratingValues,
        formulas: ratingFormulas.some((r) => r.some(Boolean)) ? ratingFormulas : undefined,
        numberFormats: list.map(() => "0"),
        owner: "user",
        fill: INPUT_FILL,
      });
      validations.push({
        range: range(R.firstData, first, lastRow, last),
        kind: "wholeNumber",
        min: 1,
        max: 10,
        message: L["scoring.validation.rating"],
      });
      const topLeft = a1(R.firstData, first);
      // Red: a rating that is not a whole number 1–10, or text; an empty text (a Whitespace roll-up
      // formula's blank, src/sheets/whitespace/rollup.ts) is not marked.
      conditionalFormats.push({
        range: range(R.firstData, first, lastRow, last),
        formula:
          `=IF(ISBLANK(${topLeft}),FALSE,IF(ISNUMBER(${topLeft}),` +
          `OR(${topLeft}<1,${topLeft}>10,${topLeft}<>INT(${topLeft})),IF(ISTEXT(${topLeft}),${topLeft}<>"",TRUE)))`,
        fill: "#FFC7CE",
        fontColor: "#9C0006",
      });
      blocks.push({
        row: R.firstData,
        col: score,
        values: rows.map(() => [null]),
        formulas: rows.map((_, i) => [scoreFormula(R.firstData + i, first, last, weights)]),
        numberFormats: ["0.00"],
        bold: true,
        owner: "generated",
      });
    }
  }

  // Grid header: customer, class, criterion IDs (the keys), score names, status.
  const header: CellValue[] = new Array(layout.statusCol + 1).fill(null);
  header[0] = L["scoring.col.customer"];
  if (layout.nameCol >= 0) header[layout.nameCol] = L["scoring.col.name"];
  header[layout.classCol] = L["scoring.col.class"];
  for (const axis of AXES) {
    for (const c of criteria[axis]) header[layout.criterionCol[c.id]] = c.id;
    header[layout.scoreCol[axis]] =
      L[axis === "attractiveness" ? "scoring.col.attractiveness" : "scoring.col.strength"];
  }
  header[layout.statusCol] = L["scoring.col.status"];
  blocks.push({ row: R.header, col: 0, values: [header], bold: true, owner: "generated", fill: "#D9E1F2" });

  if (n > 0) {
    blocks.push({
      row: R.firstData,
      col: 0,
      values: rows.map((r) => (layout.nameCol >= 0 ? [r.customer, r.name ?? "", r.abcClass] : [r.customer, r.abcClass])),
      numberFormats: layout.nameCol >= 0 ? ["@", "@", "@"] : ["@", "@"],
      owner: "generated",
    });
    blocks.push({
      row: R.firstData,
      col: layout.statusCol,
      values: rows.map((r) => [statusLabel[r.status]]),
      italic: true,
      owner: "generated",
    });
  }

  const longest = rows.reduce((m, r) => Math.max(m, r.customer.length), 0);
  const labelWidth = Math.max(
    ...[L["scoring.row.check"], L["scoring.row.weight"], L["scoring.col.customer"]].map((s) => s.length),
  );
  const columnWidths: Record<number, number> = { 0: Math.min(Math.max(longest, labelWidth) + 2, 48), [layout.classCol]: 11 };
  if (layout.nameCol >= 0) columnWidths[layout.nameCol] = Math.min(rows.reduce((m, r) => Math.max(m, (r.name ?? "").length), 6) + 2, 40);
  for (const axis of AXES) {
    // Narrow enough that twelve criteria print one page wide at a readable scale (about 65 % on landscape
    // A4): ratings are 1–10, names wrap in their four-line row.
    for (const c of criteria[axis]) columnWidths[layout.criterionCol[c.id]] = 13;
    columnWidths[layout.scoreCol[axis]] = 14;
  }
  columnWidths[layout.statusCol] = Math.max(L["plan.status.dropped"].length, L["plan.status.missing"].length) + 2;

  return {
    name: SCORING_SHEET_NAME,
    id: SCORING_SHEET_ID,
    blocks,
    tables: [],
    charts: [],
    validations,
    conditionalFormats,
    columnWidths,
    rowHeights: { [R.name]: 60 },
    freeze: { rows: R.header + 1, cols: 1 },
    print: printSetup({
      language,
      title: L["scoring.title"],
      orientation: "landscape",
      lastRow,
      lastCol: layout.statusCol,
      repeatRows: [R.header, R.header],
    }),
  };
}

/** Whether any row carries a customer name (then the sheets show a Name column, issue 11). */
export function hasNames(rows: readonly { name?: string }[]): boolean {
  return rows.some((r) => !!r.name);
}

/** Σ(w·r)/Σ(w) for one grid row; "" until every criterion of the axis is rated or while the weights sum to 0. */
function scoreFormula(row: number, first: number, last: number, weights: string): string {
  const ratings = range(row, first, row, last);
  const rated = `COUNT(${ratings})<COLUMNS(${ratings})`;
  return `=IF(OR(${rated},SUM(${weights})<=0),"",SUMPRODUCT(${weights},${ratings})/SUM(${weights}))`;
}
