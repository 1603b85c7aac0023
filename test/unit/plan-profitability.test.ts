/** The Profitability sheet: by profit, margin and rank formulas, the whale curve, flags, CM ladder, Shapiro. */
import { classifyAbc } from "../../src/core/abc";
import { whaleCurve } from "../../src/core/profitability";
import { ProfitabilityInput, buildProfitabilitySheet, effectiveProfit } from "../../src/sheets/profitability/build";
import { at, cellAt } from "../support/planSpec";

const customers = ["Acme", "Beta", "Gamma", "Delta", "Eps"];
const revenue = [500, 300, 150, 40, 10];
const profit = [-30, 90, 40, 40, 5];
const input: ProfitabilityInput = { customers, revenue, classes: classifyAbc(revenue), profit };
const sheet = buildProfitabilitySheet(input, { language: "en", columnsUsed: "Revenue: Sales · Profit: Profit" });

describe("buildProfitabilitySheet (revenue + profit)", () => {
  it("is the Profitability sheet; summary, then the table from row 9", () => {
    expect([sheet.name, sheet.id]).toEqual(["Profitability", "kam.profitability"]);
    expect(["A2", "A3", "A4", "A5", "A6", "A7"].map((a) => at(sheet, a)?.value)).toEqual([
      "Total revenue",
      "Total profit",
      "Peak of the whale curve",
      "Customers with a loss",
      "A customers (by revenue) with a loss",
      "Columns used",
    ]);
    expect(at(sheet, "D7")?.value).toBe("Revenue: Sales · Profit: Profit");
    expect(sheet.rowHeights).toEqual({ 8: 30 });
    expect("ABCDEFGHIJ".split("").map((c) => at(sheet, `${c}9`)?.value)).toEqual([
      "Rank",
      "Customer",
      "Revenue",
      "Profit",
      "Margin %",
      "ABC class (revenue)",
      "Cumulative profit",
      "Cumulative share of profit",
      "Share of customers",
      "Flag",
    ]);
    expect(sheet.freeze).toEqual({ rows: 9, cols: 2 });
  });

  it("lists customers by profit, descending, in the order of the whale curve (ties in input order)", () => {
    const listed = [10, 11, 12, 13, 14].map((r) => at(sheet, `B${r}`)?.value);
    const w = whaleCurve(profit);
    expect(listed).toEqual(Array.from(w.order, (i) => customers[i]));
    expect(listed).toEqual(["Beta", "Gamma", "Delta", "Eps", "Acme"]);
    expect([10, 14].map((r) => at(sheet, `D${r}`)?.value)).toEqual([90, -30]);
    expect(at(sheet, "F14")?.value).toBe("A");
  });

  it("derives margin, rank, running profit, its share and the customer share with native formulas", () => {
    expect(at(sheet, "A10")?.formula).toBe("=RANK(D10,$D$10:$D$14)");
    expect(at(sheet, "E10")?.formula).toBe('=IF(C10=0,"",D10/C10)');
    expect(at(sheet, "G10")?.formula).toBe("=D10");
    expect(at(sheet, "G11")?.formula).toBe("=G10+D11");
    expect(at(sheet, "H11")?.formula).toBe('=IF($D$3>0,G11/$D$3,"")');
    expect(at(sheet, "I11")?.formula).toBe("=ROWS($D$10:D11)/ROWS($D$10:$D$14)");
    expect(at(sheet, "J14")?.formula).toBe('=IF(AND(F14="A",D14<0),"A by revenue, loses money","")');
    expect(at(sheet, "E10")?.block.numberFormats?.slice(0, 9)).toEqual([
      "0",
      "@",
      "#,##0.00",
      "#,##0.00",
      "0.0%",
      "@",
      "#,##0.00",
      "0.0%",
      "0.0%",
    ]);
  });

  it("summarises totals, the curve's peak, loss-makers and A customers that lose money", () => {
    expect(["D2", "D3", "D4", "D5", "D6"].map((a) => at(sheet, a)?.formula)).toEqual([
      "=SUM($C$10:$C$14)",
      "=SUM($D$10:$D$14)",
      '=IF(COUNT($H$10:$H$14)=0,"",MAX($H$10:$H$14))',
      '=COUNTIF($D$10:$D$14,"<0")',
      '=SUMPRODUCT(($F$10:$F$14="A")*($D$10:$D$14<0))',
    ]);
  });

  it("specifies the whale-curve chart and marks losses and flags", () => {
    expect(sheet.charts).toHaveLength(1);
    // The whale curve (x: share of customers, y: cumulative share of profit) and the 100 % line, whose two
    // points sit right of the chart.
    expect(sheet.charts[0].series.map((s) => [s.name, s.type, s.values, s.categories, s.lines, s.markers])).toEqual([
      ["Cumulative share of profit", "scatter", "H10:H14", "I10:I14", true, false],
      ["100 % of total profit", "scatter", "W3:W4", "V3:V4", true, false],
    ]);
    expect(["V3", "W3", "V4", "W4"].map((a) => at(sheet, a)?.value)).toEqual([0, 1, 1, 1]);
    expect(sheet.charts[0].yAxis?.numberFormat).toBe("0%");
    expect(sheet.conditionalFormats.map((c) => [c.range, c.formula])).toEqual([
      ["D10:D14", "=$D10<0"],
      ["J10:J14", '=$J10<>""'],
    ]);
  });

  it("has no KAM.* formula", () => expect(JSON.stringify(sheet)).not.toMatch(/KAM\./));
});

describe("buildProfitabilitySheet variants", () => {
  it("uses the lowest mapped contribution margin as profit when no profit column is mapped", () => {
    expect(effectiveProfit({ ladder: { cm1: [1], cm3: [3] } })).toEqual([3]);
    expect(effectiveProfit({ profit: [9], ladder: { cm4: [4] } })).toEqual([9]);
    const s = buildProfitabilitySheet(
      { customers, revenue, classes: classifyAbc(revenue), ladder: { cm1: [5, 4, 3, 2, 1], cm2: profit } },
      { language: "en", columnsUsed: "" },
    );
    expect(["D9", "E9", "F9"].map((a) => at(s, a)?.value)).toEqual(["Profit", "CM1", "CM2"]);
    expect(at(s, "D10")?.value).toBe(90);
  });

  it("explains that profitability needs a profit column, lists revenue only", () => {
    const s = buildProfitabilitySheet(
      { customers, revenue, classes: classifyAbc(revenue) },
      { language: "nb", columnsUsed: "Omsetning: Salg" },
    );
    expect(at(s, "A2")?.value).toBe("Total omsetning");
    expect(at(s, "A5")?.value).toMatch(/^Ingen kolonne for resultat/);
    expect(["A6", "B6", "C6", "D6"].map((a) => at(s, a)?.value)).toEqual([
      "Rang",
      "Kunde",
      "Omsetning",
      "ABC-klasse (omsetning)",
    ]);
    expect(at(s, "A7")?.formula).toBe("=RANK(C7,$C$7:$C$11)");
    expect(s.charts).toEqual([]);
  });

  it("adds the CM ladder and the Shapiro type when net revenue and cost to serve are mapped", () => {
    const ladder = { netRevenue: [450, 290, 140, 40, 9], cm1: [100, 120, 60, 45, 6], costToServe: [80, 10, 12, 2, 1] };
    const s = buildProfitabilitySheet({ ...input, ladder }, { language: "en", columnsUsed: "" });
    const header = Array.from({ length: 17 }, (_, c) => cellAt(s, 10, c)?.value);
    expect(header).toEqual([
      "Rank",
      "Customer",
      "Revenue",
      "Profit",
      "Net revenue",
      "CM1",
      "Cost to serve",
      "Margin %",
      "ABC class (revenue)",
      "Cumulative profit",
      "Cumulative share of profit",
      "Share of customers",
      "Net price realised",
      "Cost to serve, share of net revenue",
      "Shapiro type",
      "Flag",
      undefined,
    ]);
    expect(["A7", "A8"].map((a) => at(s, a)?.value)).toEqual([
      "Net price midpoint (median)",
      "Cost-to-serve midpoint (median)",
    ]);
    expect(at(s, "D7")?.formula).toBe('=IF(COUNT($M$12:$M$16)=0,"",MEDIAN($M$12:$M$16))');
    expect(at(s, "M12")?.formula).toBe('=IF(C12=0,"",E12/C12)');
    expect(at(s, "N12")?.formula).toBe('=IF(E12=0,"",G12/E12)');
    expect(at(s, "O12")?.formula).toBe(
      '=IF(OR(M12="",N12="",$D$7="",$D$8=""),"",IF(M12>=$D$7,IF(N12>=$D$8,"Carriage trade","Passive"),IF(N12>=$D$8,"Aggressive","Bargain basement")))',
    );
    // Beta (profit 90) is first: its ladder values follow it.
    expect(["B12", "E12", "F12", "G12"].map((a) => at(s, a)?.value)).toEqual(["Beta", 290, 120, 10]);
  });
});
