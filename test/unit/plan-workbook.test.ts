/** The selection workbook as a whole: sheets and order, candidates, options, native formulas only. */
import { KamError } from "../../src/core/errors";
import { criterionFromLibrary, defaultCriteria } from "../../src/plan/criteria";
import type { PlanData } from "../../src/plan/planInput";
import { buildSelectionWorkbook, formatCandidates, parseCandidates } from "../../src/plan/planWorkbook";
import { allFormulas, at, sheetById } from "../support/planSpec";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08"],
  revenue: [400, 300, 100, 80, 60, 40, 20, -5],
  profit: [40, -10, 30, 8, 6, 4, 2, -1],
  usedRows: 8,
  skippedRows: 0,
};
const mapping = { customer: "Customer", value: "Sales", profit: "Profit" };
const NOW = new Date("2025-05-06T07:08:09Z");

describe("parseCandidates", () => {
  it.each([
    ["A", { kind: "classes", classes: ["A"] }],
    ["a, b", { kind: "classes", classes: ["A", "B"] }],
    ["A;B;A", { kind: "classes", classes: ["A", "B"] }],
    ["25", { kind: "top", n: 25 }],
  ])("%s", (text, rule) => {
    expect(parseCandidates(text)).toEqual(rule);
    expect(parseCandidates(formatCandidates(parseCandidates(text)))).toEqual(rule);
  });
  it.each(["", "0", "E", "A,X", "1.5", "-3", "top10"])("refuses %j", (text) =>
    expect(() => parseCandidates(text)).toThrow(KamError),
  );
});

describe("buildSelectionWorkbook", () => {
  const r = buildSelectionWorkbook(data, {
    language: "en",
    mapping,
    generatedAt: NOW,
    appVersion: "9.9.9",
    source: "x.csv",
  });

  it("writes ABC, Profitability, Scoring, Portfolio and the hidden settings, in that order", () => {
    expect(r.spec.sheets.map((s) => [s.name, s.id, !!s.hidden])).toEqual([
      ["ABC", "kam.abc", false],
      ["Profitability", "kam.profitability", false],
      ["Scoring", "kam.scoring", false],
      ["Portfolio", "kam.portfolio", false],
      ["KAM Settings", "kam.settings", true],
    ]);
  });

  it("takes the A class by value as candidates by default, in rank order", () => {
    const scoring = sheetById(r.spec, "kam.scoring");
    const a = r.summary.rows.filter((x) => x.class === "A").map((x) => x.customer);
    expect(a.length).toBeGreaterThan(0);
    expect(a.map((_, i) => at(scoring, `A${12 + i}`)?.value)).toEqual(a);
    expect(at(scoring, `A${12 + a.length}`)).toBeUndefined();
    expect(r.counts).toMatchObject({
      customers: 8,
      candidates: a.length,
      rows: a.length,
      newCandidates: 0,
      dropped: 0,
      missing: 0,
      keptCells: 0,
    });
    const portfolio = sheetById(r.spec, "kam.portfolio");
    expect(a.map((_, i) => at(portfolio, `A${10 + i}`)?.value)).toEqual(a);
    expect(at(portfolio, "D10")?.value).toBe(40);
  });

  it("takes A,B or the top N when asked", () => {
    const ab = buildSelectionWorkbook(data, { language: "en", mapping, candidates: parseCandidates("A,B") });
    expect(ab.counts.candidates).toBe(r.summary.rows.filter((x) => x.class === "A" || x.class === "B").length);
    const top = buildSelectionWorkbook(data, { language: "en", mapping, candidates: { kind: "top", n: 5 } });
    expect(top.counts.candidates).toBe(5);
    expect(at(sheetById(top.spec, "kam.scoring"), "A16")?.value).toBe("C05");
  });

  it("records the settings it was made with", () => {
    expect(r.settings).toEqual({
      format: 1,
      appVersion: "9.9.9",
      generatedAt: "2025-05-06T07:08:09.000Z",
      language: "en",
      source: "x.csv",
      mapping,
      abc: { method: "value", thresholds: [0.8, 0.95], nonpositive: "D" },
      candidates: "A",
      mids: { attractiveness: 5, strength: 5 },
      // Issue 14: the offerings of the Whitespace sheet (the defaults in the sheet language).
      offerings: ["Products", "Services", "Software", "Training", "Support"],
      criteria: {
        attractiveness: ["ATT1", "ATT2", "ATT3", "ATT4", "ATT5", "ATT6"],
        strength: ["STR1", "STR2", "STR3", "STR4", "STR5", "STR6"],
      },
      weights: {
        ATT1: 25,
        ATT2: 15,
        ATT3: 20,
        ATT4: 15,
        ATT5: 10,
        ATT6: 15,
        STR1: 20,
        STR2: 15,
        STR3: 20,
        STR4: 15,
        STR5: 15,
        STR6: 15,
      },
      sheets: {
        "kam.abc": "ABC",
        "kam.profitability": "Profitability",
        "kam.scoring": "Scoring",
        "kam.portfolio": "Portfolio",
        "kam.settings": "KAM Settings",
      },
    });
  });

  it("uses native functions only, never KAM.*, and no this-row shorthand", () => {
    const formulas = allFormulas(r.spec);
    expect(formulas.length).toBeGreaterThan(50);
    for (const f of formulas) {
      expect(f.startsWith("=")).toBe(true);
      expect(f).not.toMatch(/KAM\./);
      expect(f).not.toMatch(/\[@/);
    }
  });

  it("keeps sheet names English and labels Norwegian with language nb", () => {
    const nb = buildSelectionWorkbook(data, { language: "nb", mapping });
    expect(nb.spec.sheets.map((s) => s.name)).toEqual(["ABC", "Profitability", "Scoring", "Portfolio", "KAM Settings"]);
    expect(at(sheetById(nb.spec, "kam.scoring"), "A11")?.value).toBe("Kunde");
    expect(at(sheetById(nb.spec, "kam.portfolio"), "I9")?.value).toBe("Nøkkelkunde");
    expect(at(sheetById(nb.spec, "kam.profitability"), "A3")?.value).toBe("Totalt resultat");
    expect(at(sheetById(nb.spec, "kam.scoring"), "C4")?.value).toBe(criterionFromLibrary("ATT1", "nb").name);
  });

  it("takes criteria and midpoints given as options over everything else", () => {
    const criteria = {
      attractiveness: [criterionFromLibrary("ATT7", "en", 100)],
      strength: defaultCriteria("en").strength,
    };
    const o = buildSelectionWorkbook(data, {
      language: "en",
      mapping,
      criteria,
      mids: { attractiveness: 6, strength: 4 },
    });
    const scoring = sheetById(o.spec, "kam.scoring");
    expect(at(scoring, "C11")?.value).toBe("ATT7");
    expect(at(scoring, "D11")?.value).toBe("Attractiveness");
    expect(at(sheetById(o.spec, "kam.portfolio"), "B4")?.value).toBe(6);
    expect(at(sheetById(o.spec, "kam.portfolio"), "E10")?.formula).toBe("=Scoring!D12");
    expect(o.settings.mids).toEqual({ attractiveness: 6, strength: 4 });
  });

  it("supports the count method and C for non-positive values", () => {
    const c = buildSelectionWorkbook(data, { language: "en", mapping, abc: { method: "count", nonpositive: "C" } });
    expect(c.settings.abc).toEqual({ method: "count", thresholds: [0.2, 0.8], nonpositive: "C" });
    expect(c.summary.rows.map((x) => x.class)).toEqual(["A", "A", "B", "B", "B", "B", "C", "C"]);
  });
});

describe("sheet labels (src/i18n/sheets.ts)", () => {
  it("are complete, non-empty and translated where they should be", async () => {
    const { sheetEn, sheetNb } = await import("../../src/i18n/sheets");
    expect(Object.keys(sheetNb).sort()).toEqual(Object.keys(sheetEn).sort());
    for (const [k, v] of Object.entries(sheetNb)) expect(`${k}: ${v.trim() === "" ? "empty" : "ok"}`).toBe(`${k}: ok`);
    // The same in both languages on purpose: names, symbols and words Norwegian borrows.
    const same = new Set([
      "abc.sheet",
      "scoring.check.ok",
      "scoring.col.status",
      "portfolio.col.status",
      "portfolio.chart.x",
      "portfolio.chart.y",
      "profit.col.margin",
      "aplan.summary.margin",
      "aplan.summary.chart.x",
      "aplan.summary.chart.y",
      "overview.hs.q.status", // the KAISM quadrant "Status" is the same word in Norwegian
      "portfolio.form.full", // the plan form "Full" is the same word in Norwegian
      // Issue 14: words Norwegian uses as they are, and the survey measures' names.
      "whitespace.col.status",
      "survey.col.respondent",
      "complaints.category.service",
      "voice.col.nps",
      "voice.col.csat",
    ]);
    const untranslated = Object.keys(sheetEn).filter(
      (k) => !same.has(k) && sheetEn[k as keyof typeof sheetEn] === sheetNb[k as keyof typeof sheetEn],
    );
    expect(untranslated).toEqual([]);
  });
});
