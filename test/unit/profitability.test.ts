/**
 * Customer profitability (src/core/profitability.ts): cost-to-serve, the contribution-margin ladder,
 * the whale curve and the Shapiro matrix — KAM-DOMAIN §4.
 */
import fc from "fast-check";
import { KamError } from "../../src/core/errors";
import { SHAPIRO_LABELS, contributionLadder, costToServe, shapiro, sumOfProducts, whaleCurve } from "../../src/core/profitability";

describe("cost-to-serve", () => {
  it("Σ count × rate per row; a blank count makes the row null", () => {
    expect(costToServe([[12, 40, 3], [4, 10, 0], [null, 5, 1]], [250, 35, 900])).toEqual([7100, 1350, null]);
  });

  it("is exact on decimals", () => {
    expect(0.7 * 3 + 0.1).not.toBe(2.2);
    expect(costToServe([[3, 1]], [0.7, 0.1])).toEqual([2.2]);
    expect(sumOfProducts([1.5, 2.25], [0.1, 0.01])).toBe(0.1725);
  });

  it("errors name the problem", () => {
    expect(() => costToServe([[1, 2]], [1])).toThrow(/2 activities but there are 1 rates/);
    expect(() => costToServe([[-1]], [1])).toThrow(/negative/);
    expect(() => costToServe([[1]], [-1])).toThrow(/negative/);
    expect(() => costToServe([[1]], [NaN])).toThrow(KamError);
  });

  it("property: linear in the rates, non-negative, one result per row", () => {
    const count = fc.integer({ min: 0, max: 1000 });
    const rate = fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100);
    fc.assert(
      fc.property(fc.array(fc.array(count, { minLength: 3, maxLength: 3 }), { maxLength: 20 }), fc.array(rate, { minLength: 3, maxLength: 3 }), (rows, rates) => {
        const cost = costToServe(rows, rates) as number[];
        expect(cost).toHaveLength(rows.length);
        const doubled = costToServe(rows, rates.map((r) => r * 2)) as number[];
        cost.forEach((c, i) => {
          expect(c).toBeGreaterThanOrEqual(0);
          expect(doubled[i]).toBe(2 * c);
        });
      }),
    );
  });
});

describe("contribution-margin ladder", () => {
  it("net revenue, CM1…CM4", () => {
    expect(
      contributionLadder({ grossSales: 1_000_000, discounts: 50_000, cogs: 600_000, salesCost: 80_000, costToServe: 45_000, overhead: 30_000 }),
    ).toEqual([950_000, 350_000, 270_000, 225_000, 195_000]);
  });

  it("is exact on decimals", () => {
    expect(1.4 - 1.1).not.toBe(0.3);
    expect(contributionLadder({ grossSales: 1.4, discounts: 1.1, cogs: 0.1, salesCost: 0, costToServe: 0.2, overhead: 0.3 })).toEqual([
      0.3, 0.2, 0.2, 0, -0.3,
    ]);
  });

  it("property: CM1 ≥ CM2 ≥ CM3 ≥ CM4 and net ≥ CM1 when costs are non-negative; the steps add up", () => {
    const money = fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100);
    fc.assert(
      fc.property(money, money, money, money, money, money, (g, d, c, s, t, o) => {
        const [net, cm1, cm2, cm3, cm4] = contributionLadder({ grossSales: g, discounts: d, cogs: c, salesCost: s, costToServe: t, overhead: o });
        expect(net).toBeGreaterThanOrEqual(cm1);
        expect(cm1).toBeGreaterThanOrEqual(cm2);
        expect(cm2).toBeGreaterThanOrEqual(cm3);
        expect(cm3).toBeGreaterThanOrEqual(cm4);
        // Exact in cents: CM4 is the decimal difference itself, the nearest float64 to cents / 100.
        const cents = [g, d, c, s, t, o].map((x) => Math.round(x * 100));
        expect(cm4).toBe((cents[0] - cents[1] - cents[2] - cents[3] - cents[4] - cents[5]) / 100);
      }),
    );
  });
});

describe("whale curve", () => {
  it("ranks by profit; cumulative share peaks above 1 and ends at exactly 1", () => {
    const w = whaleCurve([500, -150, 300, 50, -100, 200]);
    expect(Array.from(w.order)).toEqual([0, 2, 5, 3, 4, 1]);
    expect(Array.from(w.cumulativeShare)).toEqual([0.625, 1, 1.25, 1.3125, 1.1875, 1]);
    expect(Array.from(w.customerShare).map((x) => x * 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(w.peak).toBe(3);
    expect(w.total).toBe(800);
  });

  it("needs a positive total profit", () => {
    expect(() => whaleCurve([100, -100])).toThrow(/positive total profit/);
    expect(() => whaleCurve([])).toThrow(KamError);
  });

  it("property: final cumulative share = 1; the peak is the maximum; customer share rises to 1", () => {
    const profit = fc.integer({ min: -100_000, max: 1_000_000 }).map((c) => c / 100);
    const anyProfit = fc.oneof(profit, fc.double({ min: -1e6, max: 1e7, noNaN: true }));
    fc.assert(
      fc.property(fc.array(anyProfit, { minLength: 1, maxLength: 200 }), (xs) => {
        const total = xs.reduce((s, x) => s + x, 0);
        fc.pre(total > 1e-6 * xs.reduce((s, x) => s + Math.abs(x), 0));
        const w = whaleCurve(xs);
        expect(w.cumulativeShare[xs.length - 1]).toBe(1);
        expect(w.customerShare[xs.length - 1]).toBe(1);
        expect(w.cumulativeShare[w.peak]).toBe(Math.max(...w.cumulativeShare));
        expect(w.cumulativeShare[w.peak]).toBeGreaterThanOrEqual(1);
        for (let r = 1; r < xs.length; r++) expect(w.profit[r - 1]).toBeGreaterThanOrEqual(w.profit[r]);
      }),
    );
  });
});

describe("Shapiro matrix (Shapiro, Rangan, Moriarty & Ross 1987)", () => {
  it("the four types with explicit midpoints; on the line is high", () => {
    expect(shapiro([30, 30, 10, 10, 20], [5, 25, 5, 25, 15], 20, 15)).toEqual([
      "Passive",
      "Carriage trade",
      "Bargain basement",
      "Aggressive",
      "Carriage trade",
    ]);
  });

  it("midpoints default to the medians of the complete rows", () => {
    // medians 25 and 16
    expect(shapiro([32, 18, 35, 15, null], [12, 9, 20, 22, 100])).toEqual(["Passive", "Bargain basement", "Carriage trade", "Aggressive", null]);
  });

  it("has four distinct labels", () => {
    expect(new Set(Object.values(SHAPIRO_LABELS)).size).toBe(4);
  });

  it("property: a higher price never lowers the price side; a higher cost never lowers the cost side", () => {
    const x = fc.double({ min: 0, max: 100, noNaN: true });
    const highPrice = (l: string | null) => l === "Passive" || l === "Carriage trade";
    const highCost = (l: string | null) => l === "Carriage trade" || l === "Aggressive";
    fc.assert(
      fc.property(x, x, x, x, (p, c, dp, dc) => {
        const [before] = shapiro([p], [c], 50, 50);
        const [after] = shapiro([p + dp], [c + dc], 50, 50);
        if (highPrice(before)) expect(highPrice(after)).toBe(true);
        if (highCost(before)) expect(highCost(after)).toBe(true);
      }),
    );
  });
});
