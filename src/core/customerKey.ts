/**
 * The one customer-key rule, shared by every door (custom functions, task pane, command line).
 *
 * Rule (documented for users in the README, "Customer keys"):
 * 1. Surrounding whitespace is removed: spaces, tabs, line breaks and non-breaking spaces (U+00A0, which
 *    web and ERP exports often carry).
 * 2. Inside the key, every run of whitespace becomes one ordinary space ("ACME  AS" and "ACME AS" are one
 *    customer).
 * 3. Case is kept and matters: "ACME" and "Acme" are two customers. Keys are IDs first; folding case would
 *    join IDs such as "ab-1" and "AB-1" that some systems keep apart, and change results people already have.
 * 4. A key that is a placeholder for "no customer" is not a customer: the row is skipped and counted by
 *    kind (see `placeholderKind`).
 *
 * Numbers used as keys (IDs typed as numbers in Excel) are their decimal text, as `String(n)` writes it.
 */

/** What a skipped key cell held. "empty" is a blank or whitespace-only cell. */
export type PlaceholderKind = "empty" | "NA" | "N/A" | "#N/A" | "NULL" | "(blank)" | "-";

/** All placeholder kinds, in the order reports list them. */
export const PLACEHOLDER_KINDS: readonly PlaceholderKind[] = ["empty", "NA", "N/A", "#N/A", "NULL", "(blank)", "-"];

// Written by R (NA), pandas and Excel (#N/A, N/A), SQL exports (NULL), pivot tables ((blank)) and people (-).
// Matched after the whitespace rule and ignoring case ("null", "n/a", "(Blank)").
const PLACEHOLDERS: ReadonlyMap<string, PlaceholderKind> = new Map(
  (["NA", "N/A", "#N/A", "NULL", "(blank)", "-"] as const).map((k) => [k.toUpperCase(), k]),
);

const EDGE_SPACE = /^[\s\u00a0\ufeff]+|[\s\u00a0\ufeff]+$/g;
const INNER_SPACE = /[\s\u00a0]+/g;

/**
 * The key under the rule above.
 * @param raw the cell's text (numbers already turned into their decimal text by the caller).
 * @returns the normalised key; "" when the text is only whitespace.
 */
export function customerKey(raw: string): string {
  return raw.replace(EDGE_SPACE, "").replace(INNER_SPACE, " ");
}

/**
 * Which placeholder a key cell holds, if any.
 * @param raw the cell's text, or null/undefined for a blank cell.
 * @returns the kind, or undefined when the cell holds a real key.
 */
export function placeholderKind(raw: string | null | undefined): PlaceholderKind | undefined {
  if (raw === null || raw === undefined) return "empty";
  const key = customerKey(raw);
  if (key === "") return "empty";
  return placeholderOfKey(key);
}

/** First characters of the placeholders in either case ("N", "n", "#", "(", "-"). */
const PLACEHOLDER_STARTS = new Set([...PLACEHOLDERS.keys()].flatMap((k) => [k.charCodeAt(0), k.toLowerCase().charCodeAt(0)]));

/**
 * `placeholderKind` of a key already under the whitespace rule and not empty (the byte reader's keys
 * without whitespace): most keys are told apart by their first character, without upper-casing.
 */
export function placeholderOfKey(key: string): PlaceholderKind | undefined {
  if (!PLACEHOLDER_STARTS.has(key.charCodeAt(0))) return undefined;
  return PLACEHOLDERS.get(key.toUpperCase());
}

/** Counts of skipped key cells by kind; kinds never seen are absent. */
export type PlaceholderCounts = Partial<Record<PlaceholderKind, number>>;

/** Adds one skipped cell of `kind` to `counts` (in place) and returns it. */
export function countPlaceholder(counts: PlaceholderCounts, kind: PlaceholderKind): PlaceholderCounts {
  counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
