/** English and Norwegian strings are complete, non-empty and selected from Office's display language. */
import { en } from "../../src/i18n/en";
import { functionsNb } from "../../src/i18n/functions.nb";
import { languageFromOffice, t } from "../../src/i18n";
import { nb } from "../../src/i18n/nb";

describe("i18n tables", () => {
  it("en and nb have exactly the same keys", () => {
    expect(Object.keys(nb).sort()).toEqual(Object.keys(en).sort());
  });

  it.each([
    ["en", en as Record<string, string>],
    ["nb", nb as Record<string, string>],
  ])("%s has no empty strings", (_lang, table) => {
    const empty = Object.entries(table).filter(([, v]) => typeof v !== "string" || v.trim() === "");
    expect(empty).toEqual([]);
  });

  it("Norwegian text is really translated where it should be", () => {
    // Keys whose text is the same in both languages on purpose: names, syntax and the other language's name.
    const same = new Set(["app.title", "app.language.en", "app.language.nb", "fn.abc.syntax", "fn.score.syntax"]);
    const untranslated = Object.keys(en).filter((k) => !same.has(k) && en[k as keyof typeof en] === nb[k as keyof typeof en]);
    expect(untranslated).toEqual([]);
  });

  it("function names stay KAM.* in both languages", () => {
    expect(t("nb", "fn.abc.syntax")).toMatch(/^=KAM\.ABC\(/);
    expect(t("nb", "fn.score.syntax")).toBe(t("en", "fn.score.syntax"));
  });

  it("t looks the key up in the chosen language", () => {
    expect(t("en", "app.functions.heading")).toBe("Worksheet functions");
    expect(t("nb", "app.functions.heading")).toBe("Regnearkfunksjoner");
  });

  it("Norwegian function metadata has a non-empty text for every function and parameter it lists", () => {
    for (const [id, entry] of Object.entries(functionsNb)) {
      expect(`${id}: ${entry.description.trim() === "" ? "empty" : "ok"}`).toBe(`${id}: ok`);
      for (const [param, text] of Object.entries(entry.parameters)) {
        expect(`${id}.${param}: ${text.trim() === "" ? "empty" : "ok"}`).toBe(`${id}.${param}: ok`);
      }
    }
    expect(Object.keys(functionsNb).sort()).toEqual(
      ["ABC", "CLV", "CMLADDER", "CSAT", "CTS", "KAISM", "KANO", "LOYALTY", "NPS", "PARETO", "RELSTRENGTH", "SCORE", "SHAPIRO", "WHALE"],
    );
  });
});

describe("languageFromOffice", () => {
  it.each([
    ["nb-NO", "nb"],
    ["nn-NO", "nb"],
    ["no", "nb"],
    ["NB-no", "nb"],
    ["nb_NO", "nb"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["sv-SE", "en"],
    ["de-DE", "en"],
    ["", "en"],
    [undefined, "en"],
    [null, "en"],
  ])("%s → %s", (tag, lang) => {
    expect(languageFromOffice(tag as string)).toBe(lang);
  });
});
