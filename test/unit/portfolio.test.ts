/**
 * Key account selection (src/core/portfolio.ts) and the 2×2 matrix rules (src/core/quadrant.ts).
 */
import fc from "fast-check";
import { KamError } from "../../src/core/errors";
import { KAISM_LABELS, kaism, relativeStrength } from "../../src/core/portfolio";
import { isHigh, median, quadrant, quadrants } from "../../src/core/quadrant";

describe("KAISM (Cheverton; McDonald, Rogers & Woodburn)", () => {
  it("oracle: (8, 8) Strategic, (8, 2) Star, (2, 8) Status, (2, 2) Streamline", () => {
    expect(kaism([8, 8, 2, 2], [8, 2, 8, 2])).toEqual(["Strategic", "Star", "Status", "Streamline"]);
  });

  it("classic names and Norwegian labels", () => {
    expect(kaism([8, 8, 2, 2], [8, 2, 8, 2], { naming: "classic" })).toEqual([
      "Key account",
      "Key development",
      "Maintenance",
      "Opportunistic",
    ]);
    expect(kaism([8, 8, 2, 2], [8, 2, 8, 2], { language: "nb" })).toEqual(["Strategisk", "Stjerne", "Status", "Effektivisere"]);
    expect(kaism([8, 8, 2, 2], [8, 2, 8, 2], { naming: "classic", language: "nb" })).toEqual([
      "Nøkkelkunde",
      "Utviklingskunde",
      "Vedlikeholdskunde",
      "Opportunistisk kunde",
    ]);
  });

  it("a point exactly on a midpoint is high; mids are configurable; blanks give null", () => {
    expect(kaism([5, 4.999], [5, 5])).toEqual(["Strategic", "Status"]);
    expect(kaism([7], [1], { strengthMid: 1 })).toEqual(["Strategic"]);
    expect(kaism([7], [0.99], { strengthMid: 1 })).toEqual(["Star"]);
    expect(kaism([null, 8], [8, null])).toEqual([null, null]);
  });

  it("rejects non-finite values and midpoints", () => {
    expect(() => kaism([NaN], [1])).toThrow(KamError);
    expect(() => kaism([1], [1], { attractivenessMid: Infinity })).toThrow(/attractiveness_mid/);
    expect(() => kaism([1, 2], [1])).toThrow(/rows/);
  });

  it("every naming and language has four distinct labels", () => {
    for (const naming of Object.values(KAISM_LABELS)) {
      for (const labels of Object.values(naming)) expect(new Set(Object.values(labels)).size).toBe(4);
    }
  });

  it("property: raising attractiveness or strength never moves an account to a lower row or column", () => {
    const score = fc.double({ min: 0, max: 10, noNaN: true });
    const high = (label: string | null, axis: 0 | 1) => {
      const q = Object.entries(KAISM_LABELS.newer.en).find(([, l]) => l === label)![0];
      return q.split("-")[axis] === "high";
    };
    fc.assert(
      fc.property(score, score, score, score, (a, s, da, ds) => {
        const [before] = kaism([a], [s]);
        const [after] = kaism([Math.min(10, a + da)], [Math.min(10, s + ds)]);
        if (high(before, 0)) expect(high(after, 0)).toBe(true);
        if (high(before, 1)) expect(high(after, 1)).toBe(true);
      }),
    );
  });

  it("property: output rows = input rows, null exactly where an input is blank", () => {
    const cell = fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { maxLength: 50 }), (rows) => {
        const out = kaism(
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
        );
        expect(out).toHaveLength(rows.length);
        rows.forEach((r, i) => expect(out[i] === null).toBe(r[0] === null || r[1] === null));
      }),
    );
  });
});

describe("2×2 matrix helpers", () => {
  it("≥ mid is high", () => {
    expect(isHigh(5, 5)).toBe(true);
    expect(quadrant(5, 4, 5, 5)).toBe("high-low");
  });

  it("median: middle value, or the mean of the two middle values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.MAX_VALUE, Number.MAX_VALUE])).toBe(Number.MAX_VALUE);
    expect(() => median([])).toThrow(KamError);
  });

  it("default midpoints are the medians over complete rows", () => {
    const names = { first: "x", second: "y", firstMid: "x_mid", secondMid: "y_mid" };
    // Complete rows: (1, 10), (3, 30), (5, 50): medians 3 and 30. The row (100, null) does not count.
    expect(quadrants([1, 3, 5, 100], [10, 30, 50, null], null, null, names)).toEqual(["low-low", "high-high", "high-high", null]);
    expect(quadrants([null], [null], null, null, names)).toEqual([null]);
  });
});

describe("relative strength", () => {
  it("our weighted score ÷ the best competitor's", () => {
    // ours 7.6; competitors 7.1 and 6.3
    expect(relativeStrength([8, 6, 9], [[7, 8, 6], [6, 5, 9]], [50, 30, 20])).toBeCloseTo(7.6 / 7.1, 14);
    expect(relativeStrength([5, 5], [[5, 5]], [1, 1])).toBe(1);
  });

  it("blank rows are skipped; partly scored rows make the result null (not yet known)", () => {
    expect(relativeStrength([8, 6], [[null, null], [4, 3]], [1, 1])).toBeCloseTo(7 / 3.5, 14);
    expect(relativeStrength([8, 6], [[7, null]], [1, 1])).toBeNull();
    expect(relativeStrength([8, null], [[7, 7]], [1, 1])).toBeNull();
    expect(relativeStrength([8, 6], [], [1, 1])).toBeNull();
  });

  it("errors", () => {
    expect(() => relativeStrength([1, 2], [[1, 2]], [0, 0])).toThrow(/weights are zero/);
    expect(() => relativeStrength([1, 2], [[1, 2]], [1, -1])).toThrow(/negative/);
    expect(() => relativeStrength([1, 2], [[1, 2, 3]], [1, 1])).toThrow(/3 scores/);
    expect(() => relativeStrength([1, 2], [[0, 0]], [1, 1])).toThrow(/scores 0/);
    expect(() => relativeStrength([1, -2], [[1, 1]], [1, 1])).toThrow(/negative/);
  });

  describe("properties (fast-check)", () => {
    const m = 4;
    const scores = fc.array(fc.integer({ min: 1, max: 10 }), { minLength: m, maxLength: m });
    const weights = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: m, maxLength: m });
    const competitors = fc.array(scores, { minLength: 1, maxLength: 5 });

    it("weights are scale-free", () => {
      fc.assert(
        fc.property(scores, competitors, weights, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (o, c, w, k) => {
          const base = relativeStrength(o, c, w) as number;
          expect(relativeStrength(o, c, w.map((x) => x * k)) as number).toBeCloseTo(base, 12);
          // Powers of two scale exactly.
          expect(relativeStrength(o, c, w.map((x) => x * 8))).toBe(base);
        }),
      );
    });

    it("scores are scale-free too, the competitors' order does not matter, and a competitor as good as us caps the ratio at 1", () => {
      fc.assert(
        fc.property(scores, competitors, weights, (o, c, w) => {
          const base = relativeStrength(o, c, w) as number;
          expect(relativeStrength(o.map((x) => x * 4), c.map((r) => r.map((x) => x * 4)), w)).toBe(base);
          expect(relativeStrength(o, [...c].reverse(), w)).toBe(base);
          expect(relativeStrength(o, [...c, o], w)).toBeLessThanOrEqual(1);
        }),
      );
    });
  });
});
