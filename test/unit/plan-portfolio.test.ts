/** The Portfolio sheet: KAISM quadrant by native IF over the Scoring scores, choices, count warning, chart spec. */
import { KAISM_LABELS } from "../../src/core/portfolio";
import { defaultCriteria } from "../../src/plan/criteria";
import { buildPortfolioSheet } from "../../src/sheets/portfolio/build";
import type { CandidateRow } from "../../src/plan/rows";
import { scoringLayout } from "../../src/sheets/scoring/build";
import { at } from "../support/planSpec";

function row(customer: string, extra: Partial<CandidateRow> = {}): CandidateRow {
  return {
    customer,
    abcClass: "A",
    revenue: 1000.5,
    profit: -20,
    status: "candidate",
    ratings: {},
    keyAccount: null,
    comment: null,
    ...extra,
  };
}
const rows = [
  row("Acme", { keyAccount: "Yes", comment: "Pilot" }),
  row("Beta", { status: "dropped", keyAccount: { formula: '=IF(1,"Yes","No")' } }),
];
const layout = scoringLayout(defaultCriteria("en"), rows.length);
const sheet = buildPortfolioSheet(rows, layout, { language: "en", mids: { attractiveness: 5, strength: 5 } });

describe("buildPortfolioSheet", () => {
  it("is the Portfolio sheet, header frozen", () => {
    expect([sheet.name, sheet.id]).toEqual(["Portfolio", "kam.portfolio"]);
    expect(sheet.freeze).toEqual({ rows: 9, cols: 1 });
    expect(["A9", "B9", "C9", "D9", "E9", "F9", "G9", "H9", "I9", "J9", "K9"].map((a) => at(sheet, a)?.value)).toEqual([
      "Customer",
      "ABC class",
      "Revenue",
      "Profit",
      "Attractiveness",
      "Relative strength",
      "Quadrant",
      "Recommended strategy",
      "Key account",
      "Comment",
      "Status",
    ]);
  });

  it("takes attractiveness and strength from the Scoring row at the same index", () => {
    expect(at(sheet, "E10")?.formula).toBe("=Scoring!I12");
    expect(at(sheet, "F10")?.formula).toBe("=Scoring!P12");
    expect(at(sheet, "E11")?.formula).toBe("=Scoring!I13");
    expect(["A10", "B10", "C10", "D10"].map((a) => at(sheet, a)?.value)).toEqual(["Acme", "A", 1000.5, -20]);
  });

  it("places the account with a native IF on the midpoint cells: on the midpoint is high, as KAM.KAISM", () => {
    expect(at(sheet, "G10")?.formula).toBe(
      '=IF(OR(E10="",F10=""),"",IF(E10>=$B$4,IF(F10>=$B$5,"Strategic","Star"),IF(F10>=$B$5,"Status","Streamline")))',
    );
    expect(at(sheet, "H10")?.formula).toBe(
      '=IF(G10="","",IF(G10="Strategic","Invest",IF(G10="Star","Invest selectively",IF(G10="Status","Maintain; serve efficiently","Manage for cash; reduce the cost to serve"))))',
    );
    expect(["A4", "B4", "A5", "B5"].map((a) => at(sheet, a)?.value)).toEqual([
      "Attractiveness midpoint",
      5,
      "Relative strength midpoint",
      5,
    ]);
    expect(at(sheet, "B4")?.block.owner).toBe("user");
    expect(sheet.validations).toContainEqual(
      expect.objectContaining({ range: "B4:B5", kind: "decimal", min: 0, max: 10 }),
    );
  });

  it("counts the Yes choices and warns outside 15–35 (above 50 far too many)", () => {
    expect(at(sheet, "B6")?.formula).toBe('=COUNTIF($I$10:$I$11,"Yes")');
    expect(at(sheet, "C6")?.formula).toBe(
      '=IF($B$6=0,"No key accounts chosen yet",IF($B$6<15,"Fewer than the recommended 15–35",IF($B$6>50,' +
        '"Too many: above 50 key accounts cannot all get real attention",IF($B$6>35,"More than the recommended 15–35",' +
        '"Within the recommended 15–35"))))',
    );
    expect(sheet.conditionalFormats).toContainEqual({
      range: "B6",
      formula: "=OR($B$6<15,$B$6>35)",
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
    expect(sheet.conditionalFormats).toContainEqual({
      range: "C6",
      formula: "=OR($B$6<15,$B$6>35)",
      fill: "#FFFFFF",
      fontColor: "#9C0006",
    });
  });

  it("keeps the Key account choice (Yes/No list) and the comment as user input", () => {
    expect(at(sheet, "I10")?.value).toBe("Yes");
    expect(at(sheet, "J10")?.value).toBe("Pilot");
    expect(at(sheet, "I11")?.formula).toBe('=IF(1,"Yes","No")');
    expect(at(sheet, "I10")?.block.owner).toBe("user");
    expect(sheet.validations).toContainEqual(
      expect.objectContaining({ range: "I10:I11", kind: "list", list: ["Yes", "No"] }),
    );
    expect(at(sheet, "K11")?.value).toBe("No longer a candidate");
  });

  it("colours quadrants and Yes", () => {
    expect(sheet.conditionalFormats.filter((c) => c.range === "G10:G11").map((c) => c.formula)).toEqual([
      '=$G10="Strategic"',
      '=$G10="Star"',
      '=$G10="Status"',
      '=$G10="Streamline"',
    ]);
    expect(sheet.conditionalFormats.find((c) => c.range === "I10:I11")?.formula).toBe('=$I10="Yes"');
  });

  it("marks loss-making accounts' profit where the key-account choice is made", () => {
    expect(sheet.conditionalFormats.find((c) => c.range === "D10:D11")).toEqual({
      range: "D10:D11",
      formula: "=AND(ISNUMBER($D10),$D10<0)",
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
  });

  it("specifies the KAISM bubble chart: attractiveness (y) over strength (x), sized by revenue, labelled, quadrant lines and names", () => {
    expect(sheet.charts).toHaveLength(1);
    const [c] = sheet.charts;
    expect(c.title).toBe("Key account selection matrix (KAISM)");
    expect(c.series[0]).toEqual({
      name: "Accounts",
      type: "bubble",
      values: "E10:E11",
      categories: "F10:F11",
      sizes: "C10:C11",
      labels: "A10:A11",
      markers: true,
      lines: false,
      color: "#4472C4",
    });
    expect(c.series.slice(1).map((s) => [s.values, s.categories, s.lines])).toEqual([
      ["X5:X6", "W5:W6", true],
      ["Z5:Z6", "Y5:Y6", true],
      ["AD4:AD7", "AC4:AC7", false],
    ]);
    // Quadrant names, each at a point near its quadrant's outer edge (x strength, y attractiveness).
    expect(c.series[3].labels).toBe("AB4:AB7");
    expect(["AB4", "AC4", "AD4", "AB5", "AC5", "AD5"].map((a) => at(sheet, a)?.value)).toEqual(["Star", 2.5, 9.6, "Strategic", 7.5, 9.6]);
    expect(
      ["W5", "X5", "W6", "X6", "Y5", "Z5", "Y6", "Z6"].map((a) => at(sheet, a)?.formula ?? at(sheet, a)?.value),
    ).toEqual(["=$B$5", 0, "=$B$5", 10, 0, "=$B$4", 10, "=$B$4"]);
    expect(c.xAxis).toEqual({ title: "Relative strength", min: 0, max: 10 });
    expect(c.yAxis).toEqual({ title: "Attractiveness", min: 0, max: 10 });
    expect(c.col).toBeGreaterThan(10); // right of the table
  });

  it("uses the Norwegian KAISM labels and Ja/Nei with --language nb", () => {
    const nb = buildPortfolioSheet(rows, layout, {
      language: "nb",
      mids: { attractiveness: 5, strength: { formula: "=4+1" } },
    });
    const q = KAISM_LABELS.newer.nb;
    expect(at(nb, "G10")?.formula).toContain(`"${q["high-high"]}","${q["high-low"]}"`);
    expect(at(nb, "G10")?.formula).toContain(`"${q["low-high"]}","${q["low-low"]}"`);
    expect(at(nb, "B6")?.formula).toBe('=COUNTIF($I$10:$I$11,"Ja")');
    expect(nb.validations).toContainEqual(expect.objectContaining({ list: ["Ja", "Nei"] }));
    expect(at(nb, "B5")?.formula).toBe("=4+1");
    expect(at(nb, "I9")?.value).toBe("Nøkkelkunde");
  });

  it("builds no chart and no list validation without accounts", () => {
    const empty = buildPortfolioSheet([], scoringLayout(defaultCriteria("en"), 0), {
      language: "en",
      mids: { attractiveness: 5, strength: 5 },
    });
    expect(empty.charts).toEqual([]);
    expect(empty.validations.map((v) => v.kind)).toEqual(["decimal"]);
    expect(at(empty, "B6")?.formula).toBe('=COUNTIF($I$10:$I$10,"Yes")');
    expect(JSON.stringify(empty)).not.toMatch(/KAM\./);
  });
});
