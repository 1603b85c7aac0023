/**
 * English user-visible strings, keyed. The key set is defined here (`as const`); `nb.ts` must give a
 * Norwegian text for every key (a missing one is a compile error). Add keys in both files together.
 * Function descriptions for functions.json live in the JSDoc of src/functions/functions.ts (English) and
 * in functions.nb.ts (Norwegian); the `fn.*` keys below are the short task-pane summaries.
 */
export const en = {
  "app.title": "KAM for Excel",
  "app.tagline": "Key Account Management where your customer data lives.",
  "app.intro":
    "Rank customers with ABC (Pareto) analysis, score account attractiveness and relative strength, and turn the results into key account plans that you can share as ordinary workbooks.",
  "app.functions.heading": "Worksheet functions",
  "app.functions.note": "Type them in any cell. Function names are the same in every Excel language.",
  "app.language.label": "Language",
  "app.language.en": "English",
  "app.language.nb": "Norsk (bokmål)",
  "app.host.none": "Not running inside Excel: showing the task pane only.",
  "fn.abc.syntax": "=KAM.ABC(values, [keys], [thresholds], [method], [nonpositive])",
  "fn.abc.summary":
    "ABC class (A, B, C, or D for no positive contribution) of each customer, one per row. With keys, rows are summed per customer first.",
  "fn.score.syntax": "=KAM.SCORE(ratings, weights, [scale_max])",
  "fn.score.summary":
    "Weighted score of each row of ratings, sum(weight × rating) / sum(weights), for attractiveness or relative strength.",
} as const;

export type MessageKey = keyof typeof en;
