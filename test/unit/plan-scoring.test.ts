/** The Scoring sheet: criteria above their rating columns, weights checked, SUMPRODUCT scores, user-owned input. */
import { KamError } from "../../src/core/errors";
import { criterionFromLibrary, defaultCriteria } from "../../src/plan/criteria";
import type { CandidateRow } from "../../src/plan/rows";
import { SCORING_ROWS, buildScoringSheet, scoringLayout } from "../../src/sheets/scoring/build";
import { at } from "../support/planSpec";

function row(customer: string, extra: Partial<CandidateRow> = {}): CandidateRow {
  return {
    customer,
    abcClass: "A",
    revenue: 100,
    profit: 10,
    status: "candidate",
    ratings: {},
    keyAccount: null,
    comment: null,
    ...extra,
  };
}

const rows = [
  row("Acme", { ratings: { ATT1: 7, STR2: 3 } }),
  row('=HYPERLINK("x")', { status: "dropped", ratings: { ATT2: { formula: "=2+3" } } }),
  row("Gone AS", { status: "missing", abcClass: "", revenue: null }),
];
const sheet = buildScoringSheet(rows, defaultCriteria("en"), "en");

describe("buildScoringSheet", () => {
  it("is the Scoring sheet with the definitions and the grid header frozen", () => {
    expect([sheet.name, sheet.id]).toEqual(["Scoring", "kam.scoring"]);
    expect(sheet.freeze).toEqual({ rows: 11, cols: 1 });
    expect(sheet.tables).toEqual([]);
    expect(sheet.charts).toEqual([]);
  });

  it("puts criterion IDs, scores and status in the grid header (row 11)", () => {
    const header = ["A", "B", "C", "H", "I", "J", "O", "P", "Q"].map((c) => at(sheet, `${c}11`)?.value);
    expect(header).toEqual([
      "Customer",
      "ABC class",
      "ATT1",
      "ATT6",
      "Attractiveness",
      "STR1",
      "STR6",
      "Relative strength",
      "Status",
    ]);
    expect(at(sheet, "C3")?.value).toMatch(/^Account attractiveness/);
    expect(at(sheet, "J3")?.value).toMatch(/^Relative strength/);
  });

  it("writes each criterion's definition above its column, as user-owned input", () => {
    expect(["A4", "A5", "A6", "A7", "A8", "A9", "A10"].map((a) => at(sheet, a)?.value)).toEqual([
      "Criterion",
      "1 = (poor)",
      "5 = (average)",
      "10 = (excellent)",
      "Data source",
      "Weight (sum 100)",
      "Weights sum to 100?",
    ]);
    const att1 = criterionFromLibrary("ATT1", "en");
    expect(["C4", "C5", "C6", "C7", "C8", "C9"].map((a) => at(sheet, a)?.value)).toEqual([
      att1.name,
      att1.scale1,
      att1.scale5,
      att1.scale10,
      att1.source,
      25,
    ]);
    for (const a of ["C4", "C9", "H9", "J4", "O9"]) {
      expect(at(sheet, a)?.block.owner).toBe("user");
      expect(at(sheet, a)?.block.fill).toBe("#FFF2CC");
    }
    expect(["C9", "D9", "E9", "F9", "G9", "H9"].map((a) => at(sheet, a)?.value)).toEqual([25, 15, 20, 15, 10, 15]);
  });

  it("sums each axis' weights, says whether they make 100 and turns red otherwise", () => {
    expect(at(sheet, "I9")?.formula).toBe("=SUM($C$9:$H$9)");
    expect(at(sheet, "I10")?.formula).toBe('=IF(ROUND($I$9,6)=100,"OK","Must sum to 100")');
    expect(at(sheet, "P9")?.formula).toBe("=SUM($J$9:$O$9)");
    expect(sheet.conditionalFormats).toContainEqual({
      range: "I9:I10",
      formula: "=ROUND($I$9,6)<>100",
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
    expect(sheet.conditionalFormats).toContainEqual(
      expect.objectContaining({ range: "P9:P10", formula: "=ROUND($P$9,6)<>100" }),
    );
    expect(sheet.validations).toContainEqual(
      expect.objectContaining({ range: "C9:H9", kind: "decimal", min: 0, max: 100 }),
    );
  });

  it("scores each axis with SUMPRODUCT over the weights, blank until fully rated (as KAM.SCORE)", () => {
    expect(at(sheet, "I12")?.formula).toBe(
      '=IF(OR(COUNT(C12:H12)<COLUMNS(C12:H12),SUM($C$9:$H$9)<=0),"",SUMPRODUCT($C$9:$H$9,C12:H12)/SUM($C$9:$H$9))',
    );
    expect(at(sheet, "P14")?.formula).toBe(
      '=IF(OR(COUNT(J14:O14)<COLUMNS(J14:O14),SUM($J$9:$O$9)<=0),"",SUMPRODUCT($J$9:$O$9,J14:O14)/SUM($J$9:$O$9))',
    );
    expect(at(sheet, "I12")?.block.numberFormats).toEqual(["0.00"]);
  });

  it("keeps ratings by criterion ID in user-owned cells with 1–10 whole-number validation", () => {
    expect(at(sheet, "C12")?.value).toBe(7);
    expect(at(sheet, "K12")?.value).toBe(3);
    expect(at(sheet, "D12")?.value).toBeNull();
    expect(at(sheet, "D13")?.formula).toBe("=2+3");
    expect(at(sheet, "C12")?.block.owner).toBe("user");
    expect(sheet.validations).toContainEqual(
      expect.objectContaining({ range: "C12:H14", kind: "wholeNumber", min: 1, max: 10 }),
    );
    expect(sheet.validations).toContainEqual(
      expect.objectContaining({ range: "J12:O14", kind: "wholeNumber", min: 1, max: 10 }),
    );
    expect(sheet.conditionalFormats.find((c) => c.range === "C12:H14")?.formula).toBe(
      "=IF(ISBLANK(C12),FALSE,IF(ISNUMBER(C12),OR(C12<1,C12>10,C12<>INT(C12)),IF(ISTEXT(C12),C12<>\"\",TRUE)))",
    );
  });

  it("lists customers literally, with their class and status", () => {
    expect(["A12", "A13", "A14"].map((a) => at(sheet, a)?.value)).toEqual(["Acme", '=HYPERLINK("x")', "Gone AS"]);
    expect(at(sheet, "A13")?.formula).toBeUndefined();
    expect(["B12", "B14"].map((a) => at(sheet, a)?.value)).toEqual(["A", ""]);
    expect(["Q12", "Q13", "Q14"].map((a) => at(sheet, a)?.value)).toEqual([
      "",
      "No longer a candidate",
      "Not in the data any more",
    ]);
    expect(at(sheet, "A12")?.block.owner).toBe("generated");
  });

  it("has no KAM.* formula: a manager without the add-in sees every figure", () => {
    expect(JSON.stringify(sheet)).not.toMatch(/KAM\./);
  });

  it("writes Norwegian labels, keeps IDs", () => {
    const nb = buildScoringSheet(rows, defaultCriteria("nb"), "nb");
    expect(nb.name).toBe("Scoring");
    expect(at(nb, "A11")?.value).toBe("Kunde");
    expect(at(nb, "C11")?.value).toBe("ATT1");
    expect(at(nb, "I11")?.value).toBe("Attraktivitet");
    expect(at(nb, "I10")?.formula).toBe('=IF(ROUND($I$9,6)=100,"OK","Må summere til 100")');
    expect(at(nb, "Q13")?.value).toBe("Ikke lenger kandidat");
  });

  it("lays out other criteria counts, and an empty grid", () => {
    const criteria = {
      attractiveness: [criterionFromLibrary("ATT1", "en", 100)],
      strength: defaultCriteria("en").strength.slice(0, 3),
    };
    const layout = scoringLayout(criteria, 0);
    expect(layout.scoreCol).toEqual({ attractiveness: 3, strength: 7 });
    expect(layout.statusCol).toBe(8);
    const empty = buildScoringSheet([], criteria, "en");
    expect(empty.validations.map((v) => v.kind)).toEqual(["decimal", "decimal"]);
    expect(at(empty, "D11")?.value).toBe("Attractiveness");
    expect(SCORING_ROWS.firstData).toBe(11);
  });

  it("refuses an empty axis, malformed, misplaced or repeated IDs", () => {
    const d = defaultCriteria("en");
    const bad = (c: typeof d) => () => buildScoringSheet([], c, "en");
    expect(bad({ ...d, strength: [] })).toThrow(KamError);
    expect(bad({ ...d, strength: [{ ...d.strength[0], id: "ATT9" }] })).toThrow(/not a valid strength ID/);
    expect(bad({ ...d, strength: [{ ...d.strength[0], id: "S1" }] })).toThrow(KamError);
    expect(bad({ ...d, strength: [d.strength[0], d.strength[0]] })).toThrow(/used twice/);
  });
});
