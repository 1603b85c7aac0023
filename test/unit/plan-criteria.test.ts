/** The criteria library: complete in both languages, stable IDs per axis, defaults that sum to 100. */
import {
  AXES,
  CRITERIA_LIBRARY,
  CRITERION_ID,
  TEXT_FIELDS,
  axisOf,
  criterionFromLibrary,
  defaultCriteria,
  translateText,
} from "../../src/plan/criteria";

describe("criteria library", () => {
  it("has unique IDs that name their axis (ATTn attractiveness, STRn relative strength)", () => {
    const ids = CRITERIA_LIBRARY.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CRITERIA_LIBRARY) {
      expect(c.id).toMatch(CRITERION_ID);
      expect(axisOf(c.id)).toBe(c.axis);
      expect(c.origin).toMatch(/McDonald|Capon/);
    }
    expect(axisOf("ATT12")).toBe("attractiveness");
    expect(axisOf("STR3")).toBe("strength");
    expect(axisOf("ATTX")).toBeNull();
    expect(axisOf("att1")).toBeNull();
  });

  it("gives every criterion a name, 1/5/10 scale and data source in English and Norwegian", () => {
    for (const c of CRITERIA_LIBRARY) {
      for (const lang of ["en", "nb"] as const) {
        for (const f of TEXT_FIELDS)
          expect(`${c.id}.${lang}.${f}: ${c.text[lang][f].trim() === "" ? "empty" : "ok"}`).toBe(
            `${c.id}.${lang}.${f}: ok`,
          );
      }
      expect(c.text.nb.name).not.toBe(c.text.en.name);
    }
  });

  it("ships Capon's and McDonald's factors: potential and current sales and profit, strategic value, willingness", () => {
    const names = CRITERIA_LIBRARY.map((c) => c.text.en.name).join(" | ");
    for (const word of [
      "Revenue potential",
      "Current revenue",
      "Profit potential",
      "Current profit",
      "Strategic value",
      "willingness",
      "Strategic fit",
      "growth",
    ]) {
      expect(names).toContain(word);
    }
  });

  it.each(["en", "nb"] as const)("defaults (%s): 3–6 factors per axis with weights summing to 100", (lang) => {
    const d = defaultCriteria(lang);
    for (const axis of AXES) {
      expect(d[axis].length).toBeGreaterThanOrEqual(3);
      expect(d[axis].length).toBeLessThanOrEqual(6);
      expect(d[axis].reduce((s, c) => s + (c.weight as number), 0)).toBe(100);
      for (const c of d[axis]) expect(axisOf(c.id)).toBe(axis);
    }
    expect(d.attractiveness.map((c) => c.id)).toEqual(["ATT1", "ATT2", "ATT3", "ATT4", "ATT5", "ATT6"]);
    expect(d.strength.map((c) => c.id)).toEqual(["STR1", "STR2", "STR3", "STR4", "STR5", "STR6"]);
  });

  it("takes a library criterion off the shelf with a weight", () => {
    expect(criterionFromLibrary("ATT7", "nb", 10)).toMatchObject({
      id: "ATT7",
      name: "Nåværende omsetning",
      weight: 10,
    });
    expect(criterionFromLibrary("STR8", "en").weight).toBe(0);
    expect(() => criterionFromLibrary("ATT99", "en")).toThrow();
  });

  it("translates texts the user left as they were, keeps what the user typed", () => {
    const en = criterionFromLibrary("ATT1", "en");
    const nb = criterionFromLibrary("ATT1", "nb");
    expect(translateText("ATT1", "name", en.name, "nb")).toBe(nb.name);
    expect(translateText("ATT1", "scale10", nb.scale10, "en")).toBe(en.scale10);
    expect(translateText("ATT1", "name", "Our own words", "nb")).toBe("Our own words");
    expect(translateText("ATT1", "name", 42, "nb")).toBe(42);
    expect(translateText("ATT77", "name", en.name, "nb")).toBe(en.name);
  });
});
