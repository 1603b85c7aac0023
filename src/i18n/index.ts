/**
 * Language selection and lookup for user-visible strings (DESIGN §5: English and Norwegian Bokmål).
 */
import { en, MessageKey } from "./en";
import { nb } from "./nb";

export type Lang = "en" | "nb";
export type { MessageKey };

const tables: Record<Lang, Record<MessageKey, string>> = { en, nb };

/** The text for `key` in `lang`. */
export function t(lang: Lang, key: MessageKey): string {
  return tables[lang][key];
}

/**
 * The add-in language for an Office display language tag ("nb-NO", "en-US" …): Norwegian for Bokmål,
 * Nynorsk and plain Norwegian ("nb", "nn", "no", any region; we ship Bokmål only), English otherwise.
 */
export function languageFromOffice(displayLanguage: string | null | undefined): Lang {
  const primary = (displayLanguage ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return primary === "nb" || primary === "nn" || primary === "no" ? "nb" : "en";
}
