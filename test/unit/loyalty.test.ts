/**
 * Satisfaction and loyalty — KAM-DOMAIN §7: NPS and CSAT (src/core/satisfaction.ts), Dick & Basu and CLV
 * (src/core/loyalty.ts), Kano (src/core/kano.ts).
 */
import fc from "fast-check";
import { KamError } from "../../src/core/errors";
import { KANO_TABLE, KANO_WORDS, KanoAnswer, kanoAnswer, kanoCategory } from "../../src/core/kano";
import { LOYALTY_LABELS, clv, loyaltyType } from "../../src/core/loyalty";
import { csat, nps } from "../../src/core/satisfaction";

describe("NPS (Reichheld 2003)", () => {
  it("oracle: [10, 9, 8, 7, 6, 0] → 0", () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toBe(0);
  });

  it("promoters 9–10, detractors 0–6, blanks are no answer", () => {
    expect(nps([10, 10, 10])).toBe(100);
    expect(nps([0, 6, 6])).toBe(-100);
    expect(nps([7, 8])).toBe(0);
    expect(nps([10, null, 9, 9, 8, 7, 3, 10])).toBeCloseTo((100 * (4 - 1)) / 7, 12);
    expect(nps([null, null])).toBeNull();
    expect(nps([])).toBeNull();
  });

  it("rejects answers that are not whole numbers 0–10, naming the place", () => {
    expect(() => nps([11])).toThrow(KamError);
    expect(() => nps([5, 6.5])).toThrow(/answer 2 is 6.5/);
    expect(() => nps([-1], (i) => ({ key: "arg.place.row", values: { n: String(i + 3) } }))).toThrow(/row 3/);
  });

  it("property: within −100…100, equals %promoters − %detractors", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 300 }), (xs) => {
        const score = nps(xs) as number;
        expect(score).toBeGreaterThanOrEqual(-100);
        expect(score).toBeLessThanOrEqual(100);
        const p = xs.filter((x) => x >= 9).length;
        const d = xs.filter((x) => x <= 6).length;
        expect(score).toBeCloseTo((100 * p) / xs.length - (100 * d) / xs.length, 10);
      }),
    );
  });
});

describe("CSAT (top box)", () => {
  it("share of answers ≥ top box, defaults 4 of 1–5", () => {
    expect(csat([5, 4, 3, 4, 2, 5, 1, 4])).toBe(0.625);
    expect(csat([5, 4, 3], 5)).toBeCloseTo(1 / 3, 15);
    expect(csat([7, 6, 1, null], 6, 7)).toBeCloseTo(2 / 3, 15);
    expect(csat([null])).toBeNull();
  });

  it("answers outside 1…scale_max are errors; so are bad top boxes and scales", () => {
    expect(() => csat([0])).toThrow(/from 1 to 5/);
    expect(() => csat([6])).toThrow(/from 1 to 5/);
    expect(() => csat([4.5])).toThrow(KamError);
    expect(() => csat([3], 6)).toThrow(/top_box/);
    expect(() => csat([3], 4, 1)).toThrow(/scale_max/);
  });

  it("property: a fraction 0…1 that falls as the top box rises", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 100 }), fc.integer({ min: 1, max: 4 }), (xs, top) => {
        const a = csat(xs, top) as number;
        const b = csat(xs, top + 1) as number;
        expect(a).toBeGreaterThanOrEqual(0);
        expect(a).toBeLessThanOrEqual(1);
        expect(b).toBeLessThanOrEqual(a);
        expect(csat(xs, 1)).toBe(1);
      }),
    );
  });
});

describe("loyalty types (Dick & Basu 1994)", () => {
  it("True, Latent, Spurious, None; on the line is high", () => {
    expect(loyaltyType([6, 6, 2, 2, 4], [0.7, 0.2, 0.8, 0.1, 0.5], 4, 0.5)).toEqual(["True", "Latent", "Spurious", "None", "True"]);
  });

  it("midpoints default to the medians", () => {
    expect(loyaltyType([6, 5, 2, 3], [0.7, 0.2, 0.8, 0.1])).toEqual(["True", "Latent", "Spurious", "None"]);
    expect(loyaltyType([1, null], [null, 1])).toEqual([null, null]);
  });

  it("has four distinct labels", () => {
    expect(new Set(Object.values(LOYALTY_LABELS)).size).toBe(4);
  });

  it("property: output rows = input rows; raising attitude never turns high attitude low", () => {
    const x = fc.double({ min: 0, max: 10, noNaN: true });
    const highAttitude = (l: string | null) => l === "True" || l === "Latent";
    fc.assert(
      fc.property(fc.array(fc.tuple(x, x), { minLength: 1, maxLength: 30 }), x, (rows, bump) => {
        const a = rows.map((r) => r[0]);
        const r = rows.map((row) => row[1]);
        const before = loyaltyType(a, r, 5, 5);
        const after = loyaltyType(
          a.map((v) => v + bump),
          r,
          5,
          5,
        );
        expect(before).toHaveLength(rows.length);
        before.forEach((l, i) => {
          if (highAttitude(l)) expect(highAttitude(after[i])).toBe(true);
        });
      }),
    );
  });
});

describe("Kano (Kano 1984, standard evaluation table)", () => {
  const pair = (f: string, d: string) => kanoCategory(kanoAnswer(f, "f") as KanoAnswer, kanoAnswer(d, "d") as KanoAnswer);

  it("oracle: (like, dislike) O, (like, neutral) A, (must-be, dislike) M, (like, like) Q", () => {
    expect(pair("like", "dislike")).toBe("O");
    expect(pair("like", "neutral")).toBe("A");
    expect(pair("must-be", "dislike")).toBe("M");
    expect(pair("like", "like")).toBe("Q");
  });

  it("the rest of the table", () => {
    expect(pair("neutral", "neutral")).toBe("I");
    expect(pair("dislike", "like")).toBe("R");
    expect(pair("dislike", "dislike")).toBe("Q");
    expect(pair("live-with", "dislike")).toBe("M");
    expect(pair("neutral", "like")).toBe("R");
    expect(KANO_TABLE.flat().filter((c) => c === "I")).toHaveLength(9);
  });

  it("accepts Norwegian words, numbers and digits, case-insensitively and trimmed", () => {
    expect(pair("  Liker ", "MISLIKER")).toBe("O");
    expect(pair("forventer", "misliker det")).toBe("M");
    expect(pair("Må være", "misliker")).toBe("M");
    expect(pair("liker", "nøytral")).toBe("A");
    expect(pair("kan leve med", "liker")).toBe("R");
    expect(pair("Must Be", "Dislike")).toBe("M");
    expect(pair("live_with", "dislike")).toBe("M");
    expect(kanoCategory(kanoAnswer(1, "f")!, kanoAnswer("5", "d")!)).toBe("O");
    expect(kanoAnswer(null, "f")).toBeNull();
    expect(kanoAnswer("  ", "f")).toBeNull();
  });

  it("rejects unknown answers, naming the place and the accepted words", () => {
    expect(() => kanoAnswer("love it", "functional, row 3")).toThrow(/functional, row 3: "love it" is not a Kano answer/);
    expect(() => kanoAnswer(6, "f")).toThrow(KamError);
    expect(() => kanoAnswer(true, "f")).toThrow(KamError);
  });

  it("every listed word maps to its own number", () => {
    for (const [n, words] of Object.entries(KANO_WORDS)) for (const w of words) expect(kanoAnswer(w, "x")).toBe(Number(n));
  });

  it("property: one of the six categories for every pair; Q exactly on the two contradictions", () => {
    const answer = fc.integer({ min: 1, max: 5 }) as fc.Arbitrary<KanoAnswer>;
    fc.assert(
      fc.property(answer, answer, (f, d) => {
        const c = kanoCategory(f, d);
        expect(["A", "O", "M", "I", "R", "Q"]).toContain(c);
        expect(c === "Q").toBe((f === 1 && d === 1) || (f === 5 && d === 5));
      }),
    );
  });
});

describe("CLV (KAM-DOMAIN §7; Gupta & Lehmann 2003)", () => {
  it("oracle: CLV(100, 0.8, 0.1) = 266.67 on an infinite horizon", () => {
    const v = clv({ margin: 100, retention: 0.8, discountRate: 0.1 });
    expect(Math.abs(v - 266.67)).toBeLessThanOrEqual(0.01);
    expect(v).toBeCloseTo(80 / 0.3, 10);
  });

  it("finite horizon: Σ_{t=1..T} m·r^t/(1+d)^t − AC", () => {
    const explicit = [1, 2, 3].reduce((s, t) => s + (100 * 0.8 ** t) / 1.1 ** t, 0) - 50;
    expect(clv({ margin: 100, retention: 0.8, discountRate: 0.1, acquisitionCost: 50, periods: 3 })).toBeCloseTo(explicit, 10);
    expect(clv({ margin: 100, retention: 1, discountRate: 0, periods: 7 })).toBe(700);
    expect(clv({ margin: 100, retention: 0, discountRate: 0.1, periods: 7 })).toBe(0);
    expect(clv({ margin: 100, retention: 0.8, discountRate: 0.1, acquisitionCost: 300 })).toBeCloseTo(80 / 0.3 - 300, 10);
  });

  it("errors: rates as percents, bad periods, no finite value", () => {
    expect(() => clv({ margin: 100, retention: 80, discountRate: 0.1 })).toThrow(/80 % = 0.8/);
    expect(() => clv({ margin: 100, retention: 0.8, discountRate: 10 })).toThrow(/10 % = 0.1/);
    expect(() => clv({ margin: 100, retention: 0.8, discountRate: 0.1, periods: 2.5 })).toThrow(/whole number/);
    expect(() => clv({ margin: 100, retention: 0.8, discountRate: 0.1, periods: 0 })).toThrow(/whole number/);
    expect(() => clv({ margin: 100, retention: 1, discountRate: 0 })).toThrow(/give periods/);
    expect(() => clv({ margin: NaN, retention: 0.5, discountRate: 0 })).toThrow(KamError);
  });

  describe("properties (fast-check)", () => {
    const margin = fc.double({ min: 0, max: 1e6, noNaN: true });
    const retention = fc.double({ min: 0, max: 0.99, noNaN: true });
    const rate = fc.double({ min: 0, max: 1, noNaN: true });

    it("the finite sums rise with T towards the infinite value and match the term-by-term sum", () => {
      fc.assert(
        fc.property(margin, retention, rate, fc.integer({ min: 1, max: 60 }), (m, r, d, T) => {
          const inf = clv({ margin: m, retention: r, discountRate: d });
          const fin = clv({ margin: m, retention: r, discountRate: d, periods: T });
          const next = clv({ margin: m, retention: r, discountRate: d, periods: T + 1 });
          let explicit = 0;
          for (let t = 1; t <= T; t++) explicit += m * (r / (1 + d)) ** t;
          const tol = 1e-9 * Math.max(1, inf);
          expect(Math.abs(fin - explicit)).toBeLessThanOrEqual(tol);
          expect(next).toBeGreaterThanOrEqual(fin - tol);
          expect(fin).toBeLessThanOrEqual(inf + tol);
        }),
      );
    });

    it("rises with retention and margin, falls with the discount rate", () => {
      fc.assert(
        fc.property(margin, retention, rate, fc.double({ min: 0, max: 0.009, noNaN: true }), (m, r, d, e) => {
          const base = clv({ margin: m, retention: r, discountRate: d });
          expect(clv({ margin: m, retention: r + e, discountRate: d })).toBeGreaterThanOrEqual(base);
          expect(clv({ margin: m + 1, retention: r, discountRate: d })).toBeGreaterThanOrEqual(base);
          expect(clv({ margin: m, retention: r, discountRate: Math.min(1, d + e) })).toBeLessThanOrEqual(base);
        }),
      );
    });
  });
});
