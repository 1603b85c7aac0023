/**
 * Column-mapping suggestions from header names, in English and Norwegian (the task pane pre-fills its
 * mapping step with them; the user can always change them). Pure: no Office, DOM or Node imports.
 *
 * How a header is compared with a synonym:
 * - Both are normalised: lower case, diacritics removed ("Beløp" → "belop", "Omsetning" stays), æ → ae,
 *   ø → o, å → a, text in brackets dropped ("Omsetning (NOK)" → "omsetning"), punctuation → spaces.
 * - Exact equality scores highest. Otherwise the synonym may match the header's *head* — its last
 *   non-numeric word, or the end of a Norwegian compound ("Totalomsetning", "Kundesegment") — or any
 *   other word ("Sales 2024 Q1" still suggests Sales, but lower).
 * - Columns are handed out best score first, so each column serves one field: "Sales rep" goes to the
 *   owner (an exact owner synonym) before the value field could take it for the word "sales".
 * - Customer: an ID column ("Customer ID", "Kundenr") is preferred over a name column, since IDs are
 *   the stable key that rows of one customer share (KAM-DOMAIN §2: aggregate by key first).
 * - Name (issue 11): a name column ("Customer Name", "Kundenavn", "Navn", "Firma") beside an ID column is
 *   suggested as the name shown beside the ID; when no other column can be the key, the name column is
 *   the customer (a name is a key too) and no name is suggested.
 */

export type MappingField = "customer" | "name" | "value" | "profit" | "segment" | "owner";

/** Suggested 0-based column index per field; a field without a plausible column is absent. */
export type SuggestedMapping = Partial<Record<MappingField, number>>;

/** Fields in the order the task pane shows them (also the tie-break order). */
export const MAPPING_FIELDS: readonly MappingField[] = ["customer", "name", "value", "profit", "segment", "owner"];

/**
 * Synonyms per field, most preferred first (normalised form). Norwegian and English; abbreviations the
 * Norwegian accounting world uses ("DB" = dekningsbidrag, contribution margin).
 */
export const HEADER_SYNONYMS: Record<MappingField, readonly string[]> = {
  customer: [
    "customer id",
    "customer number",
    "customer no",
    "customer nr",
    "customer key",
    "customer code",
    "account id",
    "account number",
    "client id",
    "kundenr",
    "kundenummer",
    "kunde nr",
    "kunde id",
    "kundeid",
    "kundekode",
    "customer",
    "customer name",
    "account",
    "account name",
    "client",
    "client name",
    "company",
    "kunde",
    "kundenavn",
    "kunde navn",
    "firma",
    "firmanavn",
  ],
  // The customer's name shown beside its ID (issue 11); only suggested when another column holds the key.
  name: [
    "customer name",
    "kundenavn",
    "kunde navn",
    "navn",
    "name",
    "company name",
    "firmanavn",
    "firma",
    "company",
    "account name",
    "client name",
  ],
  value: [
    "revenue",
    "sales",
    "turnover",
    "net sales",
    "net revenue",
    "sales amount",
    "sales value",
    "omsetning",
    "salg",
    "inntekt",
    "inntekter",
    "salgsinntekt",
    "nettoomsetning",
    "amount",
    "belop",
  ],
  profit: [
    "profit",
    "contribution margin",
    "margin",
    "cm",
    "gross profit",
    "gross margin",
    "db",
    "dekningsbidrag",
    "fortjeneste",
    "bruttofortjeneste",
    "resultat",
  ],
  segment: [
    "segment",
    "customer segment",
    "industry",
    "sector",
    "bransje",
    "kundesegment",
    "sektor",
    "kundegruppe",
    "customer group",
  ],
  owner: [
    "kam",
    "key account manager",
    "account manager",
    "account owner",
    "owner",
    "sales rep",
    "sales representative",
    "salesperson",
    "sales manager",
    "selger",
    "kundeansvarlig",
    "ansvarlig",
    "salgsansvarlig",
    "eier",
  ],
};

/** Header text → comparable form; see the module doc. */
export function normaliseHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

const EXACT = 100;
const HEAD = 60;
const COMPOUND = 55;
const WORD = 40;

/** How well `header` (normalised) fits `synonym` (normalised); 0 = not at all. Earlier synonyms win ties. */
function score(header: string, synonym: string, index: number): number {
  if (header === "" || synonym === "") return 0;
  const bonus = -index * 0.01;
  if (header === synonym) return EXACT + bonus;
  const words = header.split(" ");
  const syn = synonym.split(" ");
  const content = words.filter((w) => !/^\d+$/.test(w));
  const head = content[content.length - 1] ?? "";
  // Multi-word synonym as a contiguous run of the header's words.
  for (let i = 0; i + syn.length <= words.length; i++) {
    if (syn.every((w, k) => words[i + k] === w)) {
      const last = words.slice(i + syn.length).every((w) => /^\d+$/.test(w));
      return (last ? HEAD : WORD) + bonus;
    }
  }
  // Norwegian compounds: "totalomsetning", "kundesegment". Only for single words of 4+ letters, so
  // "db" does not match "feedback" and "kam" does not match "skam".
  if (syn.length === 1 && synonym.length >= 4 && head.length > synonym.length && head.endsWith(synonym))
    return COMPOUND + bonus;
  return 0;
}

/**
 * Suggests which column holds the customer, value, profit/contribution margin, segment and KAM owner.
 * @param headers header texts in column order (blank entries allowed).
 * @returns 0-based column index per field; each column is used for at most one field, and a field
 *          with no plausible header is left out (the user picks it).
 */
export function suggestMapping(headers: readonly string[]): SuggestedMapping {
  const normalised = headers.map((h) => normaliseHeader(String(h ?? "")));
  const candidates: { field: MappingField; col: number; score: number; order: number }[] = [];
  MAPPING_FIELDS.forEach((field, order) => {
    const synonyms = HEADER_SYNONYMS[field];
    normalised.forEach((h, col) => {
      let best = 0;
      synonyms.forEach((s, i) => (best = Math.max(best, score(h, s, i))));
      if (best > 0) candidates.push({ field, col, score: best, order });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.order - b.order || a.col - b.col);
  const out: SuggestedMapping = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (out[c.field] !== undefined || used.has(c.col)) continue;
    out[c.field] = c.col;
    used.add(c.col);
  }
  if (out.name !== undefined && out.customer === undefined) {
    out.customer = out.name;
    delete out.name;
  }
  return out;
}
