/**
 * Issue 14, whitespace roll-up: the Whitespace sheet's untapped potential as an optional data source of
 * an attractiveness criterion on the Scoring sheet (and so of the Portfolio's attractiveness axis).
 *
 * How a person chooses it: the criterion's "Data source" cell on the Scoring sheet (the row where every
 * criterion names where its figures come from) holds "Untapped potential (Whitespace)" (NB "Uutnyttet
 * potensial (Innplass)"), typed there or set with `kam plan --whitespace-criterion ATTn`. Off by default
 * (no library criterion has it). The choice is a user cell, so it survives every refresh; deleting the
 * text turns the roll-up off (the generated formulas are then dropped, typed ratings stay).
 *
 * The rating of such a criterion, for an account with a Whitespace block, is a native formula
 * (`whitespaceRatingFormula`):
 *
 *   rating = ROUND(1 + 9 × U ÷ Umax, 0)
 *
 * U the account's untapped total (the block's Total row, column Untapped: Σ max(potential − current, 0)
 * over its cells, "not relevant" cells excluded), Umax the largest untapped total among the Scoring rows'
 * blocks: the account with the most untapped potential rates 10, one with none left untapped 1, the rest
 * in proportion (a whole number, as the rating validation asks). Blank ("") when the block's potential
 * total is 0 (no potential typed); 1 when potentials are typed but no block has any untapped left (Umax = 0).
 * An error in a block (text typed in a Current or Potential cell) shows as an error in the rating, not as a
 * lower figure. An account without a block keeps what was typed in its rating cell (a person rates it).
 * A constant typed over a generated rating stays as the user's override and is listed on the Kept on
 * refresh sheet with the formula (src/sheets/merge.ts), as for every generated formula.
 */
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import type { SheetSpec } from "../../plan/spec";
import { UserCell, isBlankCell, isFormulaCell } from "../../plan/userCell";
import { sheetQualified } from "../kit/address";
import { isLabel } from "../kit/labels";
import type { ScoringLayout } from "../scoring/build";
import type { WhitespaceBlock } from "./build";

/** Fill of a rating cell the Whitespace computes (a formula, not an input). */
export const ROLLUP_FILL = "#E2EFDA";

/** The data-source text that chooses the Whitespace roll-up, in `language`. */
export function whitespaceSourceLabel(language: SheetLanguage): string {
  return SHEET_LABELS[language]["whitespace.criterionSource"];
}

/** Whether a criterion's Data source cell chooses the Whitespace roll-up (either language, any case/spacing). */
export function isWhitespaceSource(source: UserCell | undefined): boolean {
  return isLabel(source ?? null, "whitespace.criterionSource");
}

/**
 * The rating formula of one account (en-US, with "=").
 * @param own   the account's block totals: potential and untapped cells (A1, on the Whitespace sheet).
 * @param all   the untapped total cells of every block that counts for the maximum (own included).
 * @param sheet the Whitespace sheet's name (quoted as needed).
 */
export function whitespaceRatingFormula(own: { potential: string; untapped: string }, all: readonly string[], sheet: string): string {
  const q = (ref: string): string => sheetQualified(sheet, ref, true);
  // MAX takes at most 255 arguments: nest groups of 200.
  const refs = all.map(q);
  const groups: string[] = [];
  for (let i = 0; i < refs.length; i += 200) groups.push(`MAX(${refs.slice(i, i + 200).join(",")})`);
  const max = groups.length === 1 ? groups[0] : `MAX(${groups.join(",")})`;
  return `=IF(${q(own.potential)}=0,"",IF(${max}<=0,1,ROUND(1+9*${q(own.untapped)}/${max},0)))`;
}

/** Whether a rating cell holds a roll-up formula this module wrote (whatever the addresses now are). */
export function isWhitespaceRatingFormula(cell: UserCell | undefined): boolean {
  if (!isFormulaCell(cell)) return false;
  const f = cell.formula.replace(/^=/, "").replace(/\s+/g, "");
  return /^IF\(.+!\$?[A-Z]+\$?[0-9]+=0,"",IF\(MAX\(.+\)<=0,1,ROUND\(1\+9\*.+!\$?[A-Z]+\$?[0-9]+\/MAX\(.+\),0\)\)\)$/i.test(f);
}

/** The rating (1–10, or null for blank) the formula gives, for checks and tests: same arithmetic. */
export function whitespaceRating(potential: number, untapped: number, maxUntapped: number): number | null {
  if (potential === 0) return null;
  if (maxUntapped <= 0) return 1;
  // Excel's ROUND rounds halves away from zero; the values are positive.
  return Math.round(1 + (9 * untapped) / maxUntapped);
}

/**
 * Writes the roll-up formulas into a built Scoring sheet: for every criterion in `fed` and every row whose
 * customer has a Whitespace block, the user rating cell is emptied and a generated formula cell written.
 * @param scoring   the Scoring SheetSpec (`buildScoringSheet`), changed in place.
 * @param layout    its layout (`scoringLayout`).
 * @param customers the Scoring rows' customers, in sheet order.
 * @param fed       IDs of the criteria whose data source is the Whitespace.
 * @param totals    each block's total cells (`buildWhitespaceSheet(...).totals`), by customer.
 * @param sheet     the Whitespace sheet's name.
 * @returns the number of formula cells written.
 */
export function applyWhitespaceRollup(
  scoring: SheetSpec,
  layout: ScoringLayout,
  customers: readonly string[],
  fed: readonly string[],
  totals: ReadonlyMap<string, { potential: string; untapped: string }>,
  sheet: string,
): number {
  const withBlock = customers.map((c) => totals.get(c));
  const all = withBlock.flatMap((t) => (t ? [t.untapped] : []));
  if (all.length === 0 || fed.length === 0) return 0;
  let written = 0;
  for (const id of fed) {
    const col = layout.criterionCol[id];
    if (col === undefined) continue;
    const ratings = scoring.blocks.find(
      (b) => b.owner === "user" && b.row === layout.firstDataRow && b.col <= col && col < b.col + (b.values[0]?.length ?? 0),
    );
    withBlock.forEach((t, i) => {
      if (!t) return;
      if (ratings) {
        ratings.values[i][col - ratings.col] = null;
        if (ratings.formulas?.[i]) ratings.formulas[i][col - ratings.col] = undefined;
      }
      scoring.blocks.push({
        row: layout.firstDataRow + i,
        col,
        values: [[null]],
        formulas: [[whitespaceRatingFormula(t, all, sheet)]],
        numberFormats: ["0"],
        fill: ROLLUP_FILL,
        owner: "generated",
      });
      written++;
    });
  }
  return written;
}

/**
 * A block's potential and untapped totals as its formulas compute them (src/sheets/whitespace/build.ts):
 * "not relevant" cells (either language) excluded, blank cells 0; null when a Current or Potential cell
 * holds anything but a number (the sheet shows an error there) or a formula (its value is not known here).
 */
export function blockTotals(block: WhitespaceBlock): { potential: number; untapped: number } | null {
  let potential = 0;
  let untapped = 0;
  for (const unit of block.units)
    for (const c of unit.cells.values()) {
      const cur = isBlankCell(c.current) ? 0 : c.current;
      const pot = isBlankCell(c.potential) ? 0 : c.potential;
      if (typeof cur !== "number" || typeof pot !== "number") return null;
      if (isLabel(c.status, "whitespace.status.notRelevant")) continue;
      potential += pot;
      untapped += Math.max(pot - cur, 0);
    }
  return { potential, untapped };
}

/**
 * The rows with the fed criteria's ratings as the roll-up formulas will compute them from `blocks` (the
 * blocks read from the old sheet, typed values the refresh writes back), where the row has a block and no
 * typed rating (an override) — for what the add-in computes itself from the ratings (each account's
 * quadrant for its plan form, the History's scores). Other rows are returned as they are.
 */
export function withRollupRatings<R extends { customer: string; ratings: Record<string, UserCell> }>(
  rows: readonly R[],
  fed: readonly string[],
  blocks: ReadonlyMap<string, WhitespaceBlock> | undefined,
): R[] {
  if (fed.length === 0 || !blocks || blocks.size === 0) return [...rows];
  const totals = new Map(rows.flatMap((r) => (blocks.has(r.customer) ? [[r.customer, blockTotals(blocks.get(r.customer)!)] as const] : [])));
  if ([...totals.values()].some((t) => t === null)) return [...rows]; // an error in a block: every rating is one
  const max = Math.max(0, ...[...totals.values()].map((t) => t!.untapped));
  return rows.map((r) => {
    const t = totals.get(r.customer);
    if (!t) return r;
    const ratings = { ...r.ratings };
    for (const id of fed) {
      if (!isBlankCell(ratings[id])) continue;
      const v = whitespaceRating(t.potential, t.untapped, max);
      if (v !== null) ratings[id] = v;
    }
    return { ...r, ratings };
  });
}
