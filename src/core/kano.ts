/**
 * Kano classification of product or service attributes — KAM-DOMAIN §7.
 * Source: Kano, Seraku, Takahashi & Tsuji (1984), "Attractive Quality and Must-Be Quality", Journal of the
 * Japanese Society for Quality Control 14(2); evaluation table as in Berger et al. (1993), Center for
 * Quality Management Journal 2(4).
 *
 * Each respondent answers a functional question ("How do you feel if the attribute is present?") and a
 * dysfunctional one ("… if it is absent?") with one of five answers, numbered 1–5:
 *
 * | # | English   | Norwegian (Bokmål) words accepted             |
 * | - | --------- | --------------------------------------------- |
 * | 1 | like      | liker, liker det                              |
 * | 2 | must-be   | forventer, forventer det, må være, må være slik |
 * | 3 | neutral   | nøytral, likegyldig                           |
 * | 4 | live-with | kan leve med, kan leve med det, tolererer     |
 * | 5 | dislike   | misliker, misliker det                        |
 *
 * English synonyms: "must be", "expect", "expect it", "i expect it", "live with", "can live with",
 * "can live with it", "tolerate", "i like it", "i dislike it", "indifferent". Words are matched
 * case-insensitively after trimming; hyphens, underscores and repeated spaces count as one space.
 * The numbers 1–5 (or their digits as text) are accepted too.
 */
import type { ProblemRef, ProblemValues } from "../i18n/problems";
import { KamError } from "./errors";

/** Attractive, One-dimensional, Must-be, Indifferent, Reverse, Questionable. */
export type KanoCategory = "A" | "O" | "M" | "I" | "R" | "Q";

/** Answer number 1–5: 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike. */
export type KanoAnswer = 1 | 2 | 3 | 4 | 5;

/**
 * The standard Kano evaluation table, rows = functional answer 1–5, columns = dysfunctional answer 1–5.
 * (like, dislike) = O; (like, must-be … live-with) = A; (must-be … live-with, dislike) = M;
 * (like, like) and (dislike, dislike) = Q; dysfunctional "like" or functional "dislike" = R; the rest I.
 */
export const KANO_TABLE: readonly (readonly KanoCategory[])[] = [
  ["Q", "A", "A", "A", "O"],
  ["R", "I", "I", "I", "M"],
  ["R", "I", "I", "I", "M"],
  ["R", "I", "I", "I", "M"],
  ["R", "R", "R", "R", "Q"],
];

/** Names of the categories, for help texts and sheets. */
export const KANO_NAMES: Record<"en" | "nb", Record<KanoCategory, string>> = {
  en: { A: "Attractive", O: "One-dimensional", M: "Must-be", I: "Indifferent", R: "Reverse", Q: "Questionable" },
  nb: { A: "Attraktiv", O: "Endimensjonal", M: "Må-være (basis)", I: "Likegyldig", R: "Omvendt", Q: "Tvilsom" },
};

/** Accepted words per answer number, normalised (lower case, single spaces). */
export const KANO_WORDS: Record<KanoAnswer, readonly string[]> = {
  1: ["like", "i like it", "liker", "liker det"],
  2: ["must be", "expect", "expect it", "i expect it", "forventer", "forventer det", "må være", "må være slik"],
  3: ["neutral", "indifferent", "nøytral", "likegyldig"],
  4: ["live with", "can live with", "can live with it", "i can live with it", "tolerate", "kan leve med", "kan leve med det", "tolererer"],
  5: ["dislike", "i dislike it", "misliker", "misliker det"],
};

const WORD_TO_ANSWER = new Map<string, KanoAnswer>();
for (const [n, words] of Object.entries(KANO_WORDS)) for (const w of words) WORD_TO_ANSWER.set(w, Number(n) as KanoAnswer);

/** Lower case, trimmed, hyphens/underscores as spaces, runs of whitespace as one space. */
function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[-_\s]+/g, " ");
}

/**
 * One Kano answer as its number 1–5, or null for a blank.
 * @param cell a number 1–5, its digit as text, or one of the words in the module doc; null/"" = blank.
 * @param name argument name for messages, e.g. "functional"; `at` its position ("row 3"), when a range.
 * @throws KamError("argument") for anything else, listing the accepted answers.
 */
export function kanoAnswer(cell: unknown, name: string, at?: ProblemRef): KanoAnswer | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === "number") {
    if (Number.isInteger(cell) && cell >= 1 && cell <= 5) return cell as KanoAnswer;
  } else if (typeof cell === "string") {
    const key = normalise(cell);
    if (key === "") return null;
    if (/^[1-5]$/.test(key)) return Number(key) as KanoAnswer;
    const hit = WORD_TO_ANSWER.get(key);
    if (hit !== undefined) return hit;
  }
  const shown: ProblemValues[string] = typeof cell === "string" ? { key: "cell.text", values: { text: cell } } : typeof cell === "number" ? cell : String(cell);
  throw new KamError("argument", "kano.notAnswer", { name, at: at ? { key: "arg.place.at", values: { place: at } } : "", cell: shown }, { column: name });
}

/** The Kano category of one functional/dysfunctional answer pair. */
export function kanoCategory(functional: KanoAnswer, dysfunctional: KanoAnswer): KanoCategory {
  return KANO_TABLE[functional - 1][dysfunctional - 1];
}
