/** The CLI's lines about rows it skipped: key cells without a customer (by kind) and total rows. */
import { PLACEHOLDER_KINDS } from "../core/customerKey";
import type { SkipReport } from "../core/input";
import { ProblemLang, ProblemRef, problemText } from "../i18n/problems";

/**
 * One line for the rows skipped for their key ("Skipped 5,078 rows without a customer: 5,070 NA, 8 blank"),
 * one per total row ("Skipped the total row "Total" (row 12): …"), in `lang`, numbers formatted for it;
 * no lines when nothing was skipped.
 */
export function skipLines(skipped: SkipReport, lang: ProblemLang = "en"): string[] {
  const lines: string[] = [];
  const kinds = PLACEHOLDER_KINDS.filter((k) => (skipped.keys[k] ?? 0) > 0);
  const rows = kinds.reduce((sum, k) => sum + (skipped.keys[k] ?? 0), 0);
  if (rows > 0) {
    const parts = kinds.map((k): ProblemRef => {
      const count = skipped.keys[k] ?? 0;
      return k === "empty" ? { key: "report.kind.empty", values: { count } } : { key: "report.kind", values: { count, kind: k } };
    });
    const list = parts.reduce<ProblemRef>((a, b) => ({ key: "report.list", values: { a, b } }), parts.shift()!);
    lines.push(problemText(lang, rows === 1 ? "report.skippedKey" : "report.skippedKeys", { count: rows, kinds: list }));
  }
  for (const t of skipped.totalRows) {
    lines.push(problemText(lang, t.kind === "table" ? "report.totalTable" : "report.totalTrailing", { key: t.key, row: String(t.row) }));
  }
  return lines;
}
