/**
 * The review cadence of each key account for the pane's review list (issue 13 part 3), pure: the rules
 * are src/core/health.ts's (cadence per KAISM quadrant, the longest for an account not rated), the
 * cadences those edited in the Overview's health settings block (defaults where blank or not a number),
 * and the quadrant the one the Portfolio's formula gives: each axis score Σ(w·r)/Σ(w) over the Scoring
 * sheet's ratings and weights (blank until every criterion is rated or while the weights sum to 0, as
 * the Scoring formula), against the Portfolio's midpoints (on the midpoint counts as high).
 *
 * Why not read the plan's "Review due" cell: the pane reads the sheets' entries and formulas, not their
 * calculated values (one read for every purpose, src/taskpane/workbookSheets.ts), so it restates the rule.
 */
import { CADENCE_QUADRANTS, DEFAULT_REVIEW_CADENCE, ReviewCadence } from "../core/health";
import { KAISM_DEFAULT_MID } from "../core/portfolio";
import { Quadrant, quadrant } from "../core/quadrant";
import { AXES, Axis } from "../plan/criteria";
import type { PreservedPlan } from "../plan/preserve";
import type { UserCell } from "../plan/userCell";
import { OVERVIEW_SHEET_ID } from "../sheets/overview/build";
import { readHealthSettings } from "../sheets/overview/healthSettings";

const num = (v: UserCell | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The KAISM quadrant of each customer on the Scoring sheet; null while not fully rated. */
export function accountQuadrants(previous: PreservedPlan): Map<string, Quadrant | null> {
  const out = new Map<string, Quadrant | null>();
  const mid = (axis: Axis): number => num(previous.mids[axis]) ?? KAISM_DEFAULT_MID;
  for (const row of previous.rows) {
    const scores = AXES.map((axis) => {
      const criteria = previous.criteria?.[axis] ?? [];
      let sw = 0;
      let swr = 0;
      for (const c of criteria) {
        const r = num(row.ratings[c.id]);
        if (r === null) return null;
        const w = num(c.weight) ?? 0;
        sw += w;
        swr += w * r;
      }
      return criteria.length === 0 || sw <= 0 ? null : swr / sw;
    });
    const [a, s] = scores;
    out.set(row.customer, a === null || s === null ? null : quadrant(a, s, mid("attractiveness"), mid("strength")));
  }
  return out;
}

/** The cadences of the Overview's health settings block, defaults where it has none. */
export function cadences(previous: PreservedPlan): ReviewCadence {
  const cells = previous.old.find((o) => o.id === OVERVIEW_SHEET_ID)?.cells;
  const typed = cells ? readHealthSettings(cells) : undefined;
  const out = { ...DEFAULT_REVIEW_CADENCE };
  for (const q of CADENCE_QUADRANTS) {
    const d = num(typed?.cadence[q]);
    if (d !== null && d >= 1) out[q] = d;
  }
  return out;
}

/** customer → the review cadence of its plan, in days. */
export function reviewCadences(previous: PreservedPlan): (customer: string) => number {
  const quadrants = accountQuadrants(previous);
  const c = cadences(previous);
  const longest = Math.max(...CADENCE_QUADRANTS.map((q) => c[q]));
  return (customer) => {
    const q = quadrants.get(customer);
    return q ? c[q] : longest;
  };
}
