/**
 * Norwegian (Bokmål) descriptions of the custom functions, for dist/functions.nb-NO.json (the metadata
 * the manifest serves to Excel in nb-NO). Keyed by function id and parameter name exactly as in
 * dist/functions.json, which the build generates from the English JSDoc in src/functions/functions.ts.
 * The build (webpack.config.js, NorwegianMetadataPlugin) fails when a function or parameter has no
 * text here, or when this table names one that no longer exists. Function and parameter NAMES are not
 * translated: formulas must read the same in every Excel language (DESIGN §5).
 *
 * This file is loaded by webpack.config.js through tsx, so it must not import anything.
 */
export interface FunctionTextNb {
  /** Shown in Excel's function tooltip and Insert Function dialog. */
  description: string;
  /** Description of each parameter, by parameter name. */
  parameters: Record<string, string>;
}

export const functionsNb: Record<string, FunctionTextNb> = {
  ABC: {
    description:
      'ABC-klasse (Pareto) for hver kunde: "A", "B", "C", eller "D" for uten positivt bidrag. Gir én klasse per rad i inndataene.',
    parameters: {
      values: "Verdi per rad, f.eks. omsetning eller dekningsbidrag (én kolonne eller én rad).",
      keys: "Kunde per rad (samme størrelse som values). Radene summeres per kunde, og hver rad får kundens klasse.",
      thresholds:
        "To kumulative grenser for A og B, i prosent (80, 95) eller som brøk (0,8, 0,95). Standard 80, 95 (value) eller 20, 80 (count); ingen for computed.",
      method:
        '"value" (standard): etter kumulativ andel av verdien. "count": etter andel av kundene. "computed": grenser fra ABC-kurven (Ultsch og Lötsch).',
      nonpositive: 'Klasse for kunder med null eller negativ verdi: "D" (standard) eller "C".',
    },
  },
  SCORE: {
    description:
      "Vektet poengsum for hver rad med vurderinger: sum(vekt × vurdering) / sum(vekter), for attraktivitet eller relativ styrke (KAISM).",
    parameters: {
      ratings: "Én rad per kunde, én kolonne per faktor; hver vurdering fra 0 til scale_max.",
      weights: "Én vekt per faktor (en rad eller en kolonne), 0 eller mer, f.eks. med sum 100.",
      scale_max: "Øverste verdi på vurderingsskalaen. Standard 10.",
    },
  },
  PARETO: {
    description:
      "Pareto-tabell over kundene, sortert etter verdi fra høyest: nøkkel, verdi, andel, kumulativ andel og ABC-klasse (verdimetoden).",
    parameters: {
      values: "Verdi per rad, f.eks. omsetning eller dekningsbidrag (én kolonne eller én rad).",
      keys: "Kunde per rad (samme størrelse som values); radene summeres per kunde. Standard: radens plass i values.",
    },
  },
  KAISM: {
    description:
      "KAISM-kvadrant for hver kunde ut fra kundeattraktivitet og relativ styrke: Strategic, Star, Status eller Streamline (norsk med language \"nb\").",
    parameters: {
      attractiveness: "Kundeattraktivitet per kunde, f.eks. en KAM.SCORE på 0–10.",
      strength:
        "Vår relative styrke per kunde (samme størrelse), f.eks. en KAM.SCORE på 0–10, eller et forholdstall fra KAM.RELSTRENGTH med strength_mid 1.",
      attractiveness_mid: "Der attraktiviteten blir høy (en verdi på linjen regnes som høy). Standard 5.",
      strength_mid: "Der den relative styrken blir høy (en verdi på linjen regnes som høy). Standard 5.",
      naming:
        '"newer" (standard): Strategic/Strategisk, Star/Stjerne, Status, Streamline/Effektivisere. "classic": Key account/Nøkkelkunde, Key development/Utviklingskunde, Maintenance/Vedlikeholdskunde, Opportunistic/Opportunistisk kunde.',
      language: '"en" (standard) eller "nb" (norske navn).',
    },
  },
  RELSTRENGTH: {
    description: "Relativ styrke for én kunde som forholdstall: vår vektede poengsum delt på den beste konkurrentens (1 = likt).",
    parameters: {
      our_scores: "Vår poengsum per faktor slik kunden ser oss (én rad eller én kolonne), f.eks. 1–10.",
      competitor_scores:
        "Én rad per konkurrent med poengsum per faktor i samme rekkefølge (én kolonne per konkurrent hvis our_scores er en kolonne).",
      weights: "Én vekt per faktor, 0 eller mer; bare forholdet mellom vektene teller.",
    },
  },
  CTS: {
    description: "Kostnad for å betjene (cost-to-serve) hver kunde: summen av antall aktiviteter × aktivitetssats.",
    parameters: {
      activity_counts: "Én rad per kunde, én kolonne per aktivitet: hvor mange ganger den ble utført (0 eller mer).",
      activity_rates: "Kostnad per gang for hver aktivitet (én rad eller én kolonne), 0 eller mer.",
    },
  },
  CMLADDER: {
    description: "Dekningsbidragstrappen per kunde: nettoomsetning og DB1 til DB4 (CM1–CM4).",
    parameters: {
      gross_sales: "Bruttosalg per kunde.",
      discounts: "Rabatter og bonuser per kunde, som beløp som trekkes fra.",
      cogs: "Varekostnad per kunde.",
      sales_cost: "Kundespesifikke salgskostnader per kunde.",
      cost_to_serve: "Kostnad for å betjene kunden (cost-to-serve), f.eks. fra KAM.CTS.",
      overhead: "Fordelte faste kostnader (overhead) per kunde.",
    },
  },
  WHALE: {
    description:
      "Hvalkurven: kundene sortert etter lønnsomhet fra høyest, med kumulativ andel av totalt resultat (kan passere 100 %) og andel av kundene.",
    parameters: {
      profits: "Resultat per rad, tap som negative tall (én kolonne eller én rad).",
      keys: "Kunde per rad (samme størrelse som profits); radene summeres per kunde. Standard: radens plass i profits.",
    },
  },
  SHAPIRO: {
    description:
      "Kundetype etter Shapiro ut fra nettopris og kostnad for å betjene: Passive, Carriage trade, Bargain basement eller Aggressive.",
    parameters: {
      net_price: "Oppnådd nettopris per kunde, f.eks. nettomargin i % eller en prisindeks.",
      cost_to_serve: "Kostnad for å betjene per kunde (samme størrelse), f.eks. i % av omsetningen.",
      price_mid: "Der nettoprisen blir høy (på linjen regnes som høy). Standard: medianen av net_price.",
      cost_mid: "Der kostnaden blir høy (på linjen regnes som høy). Standard: medianen av cost_to_serve.",
    },
  },
  NPS: {
    description: "Net Promoter Score for svar 0–10: % ambassadører (9–10) minus % kritikere (0–6), fra -100 til 100.",
    parameters: {
      scores: "Svar 0–10 (et område av hvilken som helst form); tomme celler er ikke svar.",
    },
  },
  CSAT: {
    description: "Kundetilfredshet (CSAT): andelen svar i toppboksen, f.eks. 4 eller 5 på en skala 1–5.",
    parameters: {
      scores: "Svar fra 1 til scale_max (et område av hvilken som helst form); tomme celler er ikke svar.",
      top_box: "Laveste svar som regnes som fornøyd. Standard 4.",
      scale_max: "Høyeste svar på skalaen. Standard 5.",
    },
  },
  LOYALTY: {
    description:
      "Lojalitetstype (Dick og Basu) ut fra relativ holdning og gjenkjøp: True (ekte), Latent, Spurious (falsk) eller None (ingen).",
    parameters: {
      attitude: "Relativ holdning per kunde, f.eks. en holdnings- eller tilfredshetsscore.",
      repeat: "Gjenkjøp per kunde (samme størrelse), f.eks. andel av kundens innkjøp eller kjøp per år.",
      attitude_mid: "Der holdningen blir høy (på linjen regnes som høy). Standard: medianen av attitude.",
      repeat_mid: "Der gjenkjøpet blir høyt (på linjen regnes som høyt). Standard: medianen av repeat.",
    },
  },
  KANO: {
    description:
      "Kano-kategori for hvert svarpar (funksjonelt/dysfunksjonelt): A attraktiv, O endimensjonal, M må-være, I likegyldig, R omvendt, Q tvilsom.",
    parameters: {
      functional:
        "Svar hvis egenskapen finnes: liker, forventer (må være), nøytral, kan leve med, misliker (eller like, must-be, neutral, live-with, dislike), eller 1–5.",
      dysfunctional: "Svar hvis egenskapen mangler (samme størrelse, samme ord).",
    },
  },
  CLV: {
    description:
      "Kundens livstidsverdi (CLV): margin × gjenkjøpsrate / (1 + diskonteringsrente − gjenkjøpsrate) − anskaffelseskostnad, eller diskontert sum over et antall perioder.",
    parameters: {
      margin: "Dekningsbidrag per periode per kunde (én verdi eller én per rad).",
      retention: "Andel kunder som blir med videre per periode, som brøk, f.eks. 0,8 eller 80 % (én verdi eller én per rad).",
      discount_rate: "Diskonteringsrente per periode som brøk, f.eks. 0,1 eller 10 % (én verdi eller én per rad).",
      acquisition_cost: "Kostnad for å vinne kunden, betalt én gang ved start. Standard 0.",
      periods: "Antall perioder i summen. Standard (tom): uendelig horisont.",
    },
  },
};
