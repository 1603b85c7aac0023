/** The CLI's lines about rows it skipped: key cells without a customer (by kind) and total rows. */
import { PLACEHOLDER_KINDS } from "../core/customerKey";
import type { SkipReport } from "../core/input";

/**
 * One line for the rows skipped for their key ("Skipped 5,078 rows without a customer: 5,070 NA, 8 empty"),
 * one per total row ("Skipped the total row "Total" (row 12): …"); no lines when nothing was skipped.
 */
export function skipLines(skipped: SkipReport): string[] {
  const n = (x: number): string => x.toLocaleString("en-US");
  const lines: string[] = [];
  const kinds = PLACEHOLDER_KINDS.filter((k) => (skipped.keys[k] ?? 0) > 0);
  const rows = kinds.reduce((sum, k) => sum + (skipped.keys[k] ?? 0), 0);
  if (rows > 0) {
    const parts = kinds.map((k) => `${n(skipped.keys[k] ?? 0)} ${k === "empty" ? "blank" : k}`);
    lines.push(`Skipped ${n(rows)} ${rows === 1 ? "row" : "rows"} without a customer: ${parts.join(", ")}`);
  }
  for (const t of skipped.totalRows) {
    const why = t.kind === "table" ? "the table's Total row" : "it equals the sum of the rows above";
    lines.push(`Skipped the total row "${t.key}" (row ${t.row}): ${why}`);
  }
  return lines;
}
