/** Norwegian Bokmål user-visible strings: one for every key in `en.ts` (checked by the compiler). */
import type { MessageKey } from "./en";

export const nb: Record<MessageKey, string> = {
  "app.title": "KAM for Excel",
  "app.tagline": "Nøkkelkundestyring der kundedataene dine ligger.",
  "app.intro":
    "Ranger kundene med ABC-analyse (Pareto), gi poeng for kundeattraktivitet og relativ styrke, og gjør resultatene om til nøkkelkundeplaner som du kan dele som vanlige arbeidsbøker.",
  "app.functions.heading": "Regnearkfunksjoner",
  "app.functions.note": "Skriv dem i en hvilken som helst celle. Funksjonsnavnene er de samme på alle språk i Excel.",
  "app.language.label": "Språk",
  "app.language.en": "English",
  "app.language.nb": "Norsk (bokmål)",
  "app.host.none": "Kjører ikke i Excel: viser bare oppgaveruten.",
  "fn.abc.syntax": "=KAM.ABC(values, [keys], [thresholds], [method], [nonpositive])",
  "fn.abc.summary":
    "ABC-klasse (A, B, C, eller D for uten positivt bidrag) for hver kunde, én per rad. Med nøkler summeres radene per kunde først.",
  "fn.score.syntax": "=KAM.SCORE(ratings, weights, [scale_max])",
  "fn.score.summary":
    "Vektet poengsum for hver rad med vurderinger, sum(vekt × vurdering) / sum(vekter), for attraktivitet eller relativ styrke.",
};
