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
        "To kumulative grenser for A og B, i prosent (80, 95) eller som brøk (0,8, 0,95). Standard 80, 95 (value) eller 20, 80 (count).",
      method: '"value" (standard): klasser etter kumulativ andel av verdien. "count": klasser etter andel av kundene.',
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
};
