/**
 * One row of the Scoring grid and of the Portfolio: a customer in the sheets' stable order. Both sheets
 * list the same rows in the same order, so the Portfolio refers to the Scoring row at the same index.
 *
 * Order (decided here): customers already on the sheets keep their place, new candidates are appended
 * in ABC rank order, and nobody is removed (a customer that is no longer a candidate keeps its row and
 * ratings, marked in the Status column). A stable, growing list is what lets a refresh keep every
 * rating in place, also in Excel, where a user-owned block is left as it is.
 */
import type { AbcClass } from "../core/abc";
import type { UserCell } from "./userCell";

/** candidate: selected by the candidate rule now; dropped: in the data but no longer selected;
 *  missing: no longer in the data at all. */
export type RowStatus = "candidate" | "dropped" | "missing";

export interface CandidateRow {
  customer: string;
  /** The customer's name shown beside the ID (issue 11), when names are mapped; "" or absent for none. */
  name?: string;
  /** Revenue ABC class; "" when the customer is no longer in the data. */
  abcClass: AbcClass | "";
  revenue: number | null;
  profit: number | null;
  status: RowStatus;
  /** Ratings by criterion ID, as entered (numbers, or whatever the user typed). */
  ratings: Record<string, UserCell>;
  /** The Key account choice (Yes/No in the sheet language), or blank. */
  keyAccount: UserCell;
  comment: UserCell;
  /** The Plan form choice (Full / Light in the sheet language, accountPlan/light.ts), or blank: by quadrant. */
  planForm?: UserCell;
}
