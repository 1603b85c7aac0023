/**
 * Issue 14: buying — the contact model a relationship matrix shows (KAM-DOMAIN §11).
 *
 * Pure rule; the plan sheet's formula for the derived model must agree with it.
 */

/** The four contact models of KAM-DOMAIN §11 (the keys of the plan's `aplan.model.*` labels). */
export type ContactModel = "bowTie" | "duet" | "oneOnMany" | "diamond";

/**
 * Derives the contact model from who of ours meets whom of theirs.
 *
 * @param matrix rows = the customer's contacts (buying-center rows), columns = our team members;
 *   a truthy cell is a link (a person of ours meets that contact). Ragged rows are fine.
 * @param units optional: the customer unit (function) of each contact row, same order as `matrix`.
 * @returns the model, or null when there is no link at all or the pattern is none of the four.
 *
 * Rules (source: KAM-DOMAIN §11, after McDonald/Millman/Rogers' relationship stages):
 * with `ours` = our members with at least one link and `theirs` = contacts with at least one link,
 * - 0 links: null (no model yet);
 * - 1 of ours and 1 of theirs: bow-tie;
 * - 1 of ours and 2+ of theirs: one-on-many;
 * - 2 of ours (the KAM and one more), whatever the number of theirs: duet;
 * - 3+ of ours meeting 2+ of theirs: diamond (functions meet their peers). When `units` are given the
 *   linked contacts must sit in at least two different units; all in one unit is ambiguous: null;
 * - 3+ of ours all meeting the same one person: not a diamond (no peer-to-peer links across
 *   functions; the account still hangs on one person on their side, the bow-tie's weakness): bow-tie.
 */
export function deriveContactModel(matrix: readonly (readonly unknown[])[], units?: readonly (string | null | undefined)[]): ContactModel | null {
  const linked = (v: unknown): boolean => v !== null && v !== undefined && v !== false && String(v).trim() !== "";
  const theirs = matrix.map((row, i) => ({ i, on: row.some(linked) })).filter((x) => x.on);
  const width = Math.max(0, ...matrix.map((r) => r.length));
  let ours = 0;
  for (let j = 0; j < width; j++) if (matrix.some((row) => linked(row[j]))) ours++;
  if (ours === 0) return null;
  if (ours === 1) return theirs.length === 1 ? "bowTie" : "oneOnMany";
  if (ours === 2) return "duet";
  if (theirs.length === 1) return "bowTie";
  if (units) {
    const seen = new Set(theirs.map((x) => String(units[x.i] ?? "").trim().toLowerCase()).filter((u) => u !== ""));
    if (seen.size < 2) return null;
  }
  return "diamond";
}
