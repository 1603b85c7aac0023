/**
 * The criteria library for key account selection (KAISM, KAM-DOMAIN §3): factors for the two axes,
 * account attractiveness ("why we want them") and relative strength ("why they want us", as the customer
 * sees us against the best competitor), each with a 1 / 5 / 10 scale description and where the data
 * comes from, in English and Norwegian Bokmål.
 *
 * Sources: McDonald, Rogers & Woodburn, "Key Customers: How to Manage Them Profitably" (attractiveness
 * factors: volume potential, growth, profitability potential, reference value, strategic fit, willingness
 * to partner; strength factors as the customer judges suppliers); Capon, "Key Account Management and
 * Planning" (2001) (current and potential sales and profit, strategic value, need and willingness for a
 * KAM relationship). The scale texts and data sources are ours: a starting point to edit, not a standard.
 *
 * IDs are stable keys (ratings and weights are kept by criterion ID when the sheets are refreshed) and
 * carry the axis: ATTn for attractiveness, STRn for relative strength. The defaults are 6 factors per axis
 * (the literature advises 3–6) with weights summing to 100.
 */
import type { UserCell } from "./userCell";

export type Axis = "attractiveness" | "strength";
export type CriteriaLanguage = "en" | "nb";

export const AXES: readonly Axis[] = ["attractiveness", "strength"];

/** Pattern of a criterion ID: the axis prefix and a number. */
export const CRITERION_ID = /^(ATT|STR)[0-9]+$/;

/** The axis of a criterion ID ("ATT3" → attractiveness), or null for anything else. */
export function axisOf(id: string): Axis | null {
  const m = CRITERION_ID.exec(id);
  return m ? (m[1] === "ATT" ? "attractiveness" : "strength") : null;
}

/** The texts of a criterion; the fields in Scoring-sheet order. */
export interface CriterionText {
  name: string;
  scale1: string;
  scale5: string;
  scale10: string;
  source: string;
}

export const TEXT_FIELDS = ["name", "scale1", "scale5", "scale10", "source"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface LibraryCriterion {
  id: string;
  axis: Axis;
  /** Where the factor comes from in the literature. */
  origin: string;
  /** Weight in the default set; undefined for library factors not in the defaults. */
  defaultWeight?: number;
  text: Record<CriteriaLanguage, CriterionText>;
}

/**
 * A criterion as it stands on the Scoring sheet: its ID, and what the user may have edited (texts and
 * weight), so typed values and formulas survive a refresh unchanged.
 */
export interface Criterion {
  id: string;
  name: UserCell;
  weight: UserCell;
  scale1: UserCell;
  scale5: UserCell;
  scale10: UserCell;
  source: UserCell;
}

export type CriteriaSet = Record<Axis, Criterion[]>;

const MCDONALD = "McDonald, Rogers & Woodburn";
const CAPON = "Capon (2001)";

function c(
  id: string,
  origin: string,
  defaultWeight: number | undefined,
  text: Record<CriteriaLanguage, CriterionText>,
): LibraryCriterion {
  return { id, axis: axisOf(id)!, origin, defaultWeight, text };
}

/** Every criterion the add-in knows, defaults first on each axis. */
export const CRITERIA_LIBRARY: readonly LibraryCriterion[] = [
  c("ATT1", `${MCDONALD}; ${CAPON}`, 25, {
    en: {
      name: "Revenue potential (3 years)",
      scale1: "Little room to grow our sales",
      scale5: "Some growth in our share of their spend",
      scale10: "Large, realistic potential within 3 years",
      source: "Sales plan, the customer's total purchases, ABC sheet",
    },
    nb: {
      name: "Omsetningspotensial (3 år)",
      scale1: "Lite rom for å øke salget vårt",
      scale5: "Noe vekst i vår andel av deres innkjøp",
      scale10: "Stort, realistisk potensial innen 3 år",
      source: "Salgsplan, kundens samlede innkjøp, ABC-arket",
    },
  }),
  c("ATT2", MCDONALD, 15, {
    en: {
      name: "Customer's own growth",
      scale1: "Shrinking or under pressure",
      scale5: "Growing with its market",
      scale10: "Growing clearly faster than its market",
      source: "Annual reports, industry statistics, the customer's plans",
    },
    nb: {
      name: "Kundens egen vekst",
      scale1: "Krymper eller er under press",
      scale5: "Vokser i takt med markedet",
      scale10: "Vokser klart raskere enn markedet",
      source: "Årsrapporter, bransjestatistikk, kundens planer",
    },
  }),
  c("ATT3", `${MCDONALD}; ${CAPON}`, 20, {
    en: {
      name: "Profit potential",
      scale1: "Low margins, heavy price pressure, costly to serve",
      scale5: "Margins around our average",
      scale10: "Margins well above average; pays for value",
      source: "Profitability sheet (margin, cost to serve), price history",
    },
    nb: {
      name: "Lønnsomhetspotensial",
      scale1: "Lave marginer, sterkt prispress, dyr å betjene",
      scale5: "Marginer rundt vårt snitt",
      scale10: "Marginer godt over snittet; betaler for verdi",
      source: "Lønnsomhetsarket (margin, betjeningskostnad), prishistorikk",
    },
  }),
  c("ATT4", CAPON, 15, {
    en: {
      name: "Strategic value (reference, new markets, innovation)",
      scale1: "No value beyond its own orders",
      scale5: "A useful reference in its segment",
      scale10: "Opens new markets or drives our innovation; a flagship reference",
      source: "Management's judgement, marketing",
    },
    nb: {
      name: "Strategisk verdi (referanse, nye markeder, innovasjon)",
      scale1: "Ingen verdi utover egne ordrer",
      scale5: "En nyttig referanse i sitt segment",
      scale10: "Åpner nye markeder eller driver vår innovasjon; en flaggskipreferanse",
      source: "Ledelsens vurdering, markedsføring",
    },
  }),
  c("ATT5", MCDONALD, 10, {
    en: {
      name: "Strategic fit",
      scale1: "Needs we cannot meet well",
      scale5: "Partly matches our offering and capabilities",
      scale10: "Its needs match our strengths and direction",
      source: "Product management, customer analysis",
    },
    nb: {
      name: "Strategisk match",
      scale1: "Behov vi ikke kan dekke godt",
      scale5: "Passer delvis med vårt tilbud og våre evner",
      scale10: "Behovene passer med våre styrker og vår retning",
      source: "Produktledelse, kundeanalyse",
    },
  }),
  c("ATT6", `${CAPON}; ${MCDONALD}`, 15, {
    en: {
      name: "Need and willingness for a KAM relationship",
      scale1: "Buys on price, transactional",
      scale5: "Open to closer cooperation in some areas",
      scale10: "Wants a partner: shares plans, develops jointly, many contact points",
      source: "Account team, meetings with the buying center",
    },
    nb: {
      name: "Behov og vilje til et nøkkelkundeforhold",
      scale1: "Kjøper på pris, transaksjonsbasert",
      scale5: "Åpen for tettere samarbeid på enkelte områder",
      scale10: "Vil ha en partner: deler planer, utvikler sammen, mange kontaktpunkter",
      source: "Kundeteamet, møter med kjøpesenteret",
    },
  }),
  c("ATT7", CAPON, undefined, {
    en: {
      name: "Current revenue",
      scale1: "A small customer today",
      scale5: "Mid-sized (class B)",
      scale10: "Among our largest (class A)",
      source: "ABC sheet",
    },
    nb: {
      name: "Nåværende omsetning",
      scale1: "En liten kunde i dag",
      scale5: "Mellomstor (klasse B)",
      scale10: "Blant våre største (klasse A)",
      source: "ABC-arket",
    },
  }),
  c("ATT8", CAPON, undefined, {
    en: {
      name: "Current profit",
      scale1: "Loss-making or close to zero",
      scale5: "Average contribution",
      scale10: "Among our most profitable",
      source: "Profitability sheet",
    },
    nb: {
      name: "Nåværende lønnsomhet",
      scale1: "Taper penger eller går i null",
      scale5: "Gjennomsnittlig bidrag",
      scale10: "Blant våre mest lønnsomme",
      source: "Lønnsomhetsarket",
    },
  }),
  c("ATT9", MCDONALD, undefined, {
    en: {
      name: "Financial stability",
      scale1: "Weak finances or a late payer",
      scale5: "Sound; pays normally",
      scale10: "Very solid; always pays on time",
      source: "Credit rating, accounts receivable",
    },
    nb: {
      name: "Økonomisk stabilitet",
      scale1: "Svak økonomi eller betaler sent",
      scale5: "Sunn; betaler normalt",
      scale10: "Svært solid; betaler alltid i tide",
      source: "Kredittvurdering, kundereskontro",
    },
  }),
  c("STR1", MCDONALD, 20, {
    en: {
      name: "Product and service range",
      scale1: "Clearly weaker range than the best competitor",
      scale5: "On a par with the best competitor",
      scale10: "Clearly the best range for their needs",
      source: "Customer feedback, won and lost deals",
    },
    nb: {
      name: "Produkt- og tjenestespekter",
      scale1: "Klart svakere spekter enn beste konkurrent",
      scale5: "På nivå med beste konkurrent",
      scale10: "Klart det beste spekteret for deres behov",
      source: "Tilbakemeldinger fra kunden, vunne og tapte salg",
    },
  }),
  c("STR2", MCDONALD, 15, {
    en: {
      name: "Price and terms",
      scale1: "Clearly dearer for the same value",
      scale5: "Comparable",
      scale10: "Best value for money as the customer sees it",
      source: "Tenders, customer feedback, price benchmarks",
    },
    nb: {
      name: "Pris og betingelser",
      scale1: "Klart dyrere for samme verdi",
      scale5: "Sammenlignbar",
      scale10: "Best verdi for pengene slik kunden ser det",
      source: "Anbud, tilbakemeldinger, prissammenligninger",
    },
  }),
  c("STR3", MCDONALD, 20, {
    en: {
      name: "Product quality",
      scale1: "Quality complaints; below the competitor",
      scale5: "As good as the competitor",
      scale10: "Recognised as the quality leader",
      source: "Complaints, quality statistics, surveys",
    },
    nb: {
      name: "Produktkvalitet",
      scale1: "Kvalitetsklager; under konkurrenten",
      scale5: "Like god som konkurrenten",
      scale10: "Anerkjent som kvalitetsleder",
      source: "Reklamasjoner, kvalitetsstatistikk, undersøkelser",
    },
  }),
  c("STR4", MCDONALD, 15, {
    en: {
      name: "Delivery reliability",
      scale1: "Often late or wrong",
      scale5: "As reliable as the competitor",
      scale10: "Best in class: on time, in full",
      source: "Delivery statistics (OTIF), customer feedback",
    },
    nb: {
      name: "Leveringssikkerhet",
      scale1: "Ofte for sent eller feil",
      scale5: "Like pålitelig som konkurrenten",
      scale10: "Best i klassen: i tide og komplett",
      source: "Leveringsstatistikk (OTIF), tilbakemeldinger",
    },
  }),
  c("STR5", MCDONALD, 15, {
    en: {
      name: "Support and service",
      scale1: "Slow and hard to reach",
      scale5: "Comparable",
      scale10: "Fast and competent; valued by the customer",
      source: "Service logs, satisfaction survey",
    },
    nb: {
      name: "Støtte og service",
      scale1: "Treg og vanskelig å nå",
      scale5: "Sammenlignbar",
      scale10: "Rask og kompetent; verdsatt av kunden",
      source: "Servicelogg, tilfredshetsundersøkelse",
    },
  }),
  c("STR6", MCDONALD, 15, {
    en: {
      name: "Relationship and trust",
      scale1: "One contact, little trust",
      scale5: "Good contacts in some functions",
      scale10: "A trusted partner with contacts across the buying center",
      source: "Buying-center map, account team",
    },
    nb: {
      name: "Relasjon og tillit",
      scale1: "Én kontakt, lite tillit",
      scale5: "Gode kontakter i enkelte funksjoner",
      scale10: "En betrodd partner med kontakter i hele kjøpesenteret",
      source: "Kart over kjøpesenteret, kundeteamet",
    },
  }),
  c("STR7", MCDONALD, undefined, {
    en: {
      name: "Innovation and joint development",
      scale1: "We bring no new ideas",
      scale5: "Occasional improvements",
      scale10: "We develop solutions together",
      source: "Project list, customer feedback",
    },
    nb: {
      name: "Innovasjon og felles utvikling",
      scale1: "Vi kommer ikke med nye ideer",
      scale5: "Forbedringer av og til",
      scale10: "Vi utvikler løsninger sammen",
      source: "Prosjektliste, tilbakemeldinger",
    },
  }),
  c("STR8", MCDONALD, undefined, {
    en: {
      name: "Brand and reputation",
      scale1: "A weak or poor image with the customer",
      scale5: "Known and respected",
      scale10: "Preferred supplier; a strong brand",
      source: "Surveys, tenders won and lost",
    },
    nb: {
      name: "Merkevare og omdømme",
      scale1: "Svakt eller dårlig inntrykk hos kunden",
      scale5: "Kjent og respektert",
      scale10: "Foretrukket leverandør; sterk merkevare",
      source: "Undersøkelser, vunne og tapte anbud",
    },
  }),
];

const BY_ID = new Map(CRITERIA_LIBRARY.map((x) => [x.id, x]));

/** A library criterion by ID, or undefined. */
export function libraryCriterion(id: string): LibraryCriterion | undefined {
  return BY_ID.get(id);
}

/** A library criterion as a Scoring-sheet criterion in `language`, with its default weight (or `weight`). */
export function criterionFromLibrary(id: string, language: CriteriaLanguage, weight?: number): Criterion {
  const lib = BY_ID.get(id);
  if (!lib) throw new Error(`Unknown criterion ${id}`);
  return { id, ...lib.text[language], weight: weight ?? lib.defaultWeight ?? 0 };
}

/** The default criteria of both axes (6 each, weights summing to 100 per axis). */
export function defaultCriteria(language: CriteriaLanguage): CriteriaSet {
  const pick = (axis: Axis): Criterion[] =>
    CRITERIA_LIBRARY.filter((x) => x.axis === axis && x.defaultWeight !== undefined).map((x) =>
      criterionFromLibrary(x.id, language),
    );
  return { attractiveness: pick("attractiveness"), strength: pick("strength") };
}

/**
 * A criterion text in `to` when it is still the library's text in either language (the user did not edit
 * it), so switching the sheet language translates the defaults; anything the user typed is kept as is.
 */
export function translateText(id: string, field: TextField, value: UserCell, to: CriteriaLanguage): UserCell {
  const lib = BY_ID.get(id);
  if (!lib || typeof value !== "string") return value;
  return value === lib.text.en[field] || value === lib.text.nb[field] ? lib.text[to][field] : value;
}

let libraryTexts: Map<string, string> | undefined;

/**
 * Which library text a cell shows, in either language: "ATT2.name" for "Customer's own growth" and for
 * "Kundens egen vekst"; undefined for a person's own words. Lets a refresh tell a default text that
 * followed a language switch from a typed one.
 */
export function libraryTextKey(value: UserCell): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!libraryTexts) {
    libraryTexts = new Map();
    for (const lib of CRITERIA_LIBRARY)
      for (const lang of ["en", "nb"] as const)
        for (const f of TEXT_FIELDS) libraryTexts.set(lib.text[lang][f], `${lib.id}.${f}`);
  }
  return libraryTexts.get(value);
}
