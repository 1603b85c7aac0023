/**
 * Computed ABC analysis (Ultsch & Lötsch 2015, discrete variant as in CalculatedABC.jl) and the method
 * "computed" of classifyAbc — KAM-DOMAIN §2.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { AbcClass, classifyAbc, classifyRows } from "../../src/core/abc";
import { abcCurveYields, computedAbcLimits, naturalSplineSlopes } from "../../src/core/computedAbc";
import { KamError } from "../../src/core/errors";

const SWISS = path.resolve(__dirname, "../../../shared/data/oracles/swiss_inhabitants_1900.txt");

function readSwiss(): number[] {
  return fs
    .readFileSync(SWISS, "utf8")
    .split(/\s+/)
    .filter((s) => s !== "")
    .map(Number);
}

const counts = (classes: readonly string[]) => {
  const c: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const k of classes) c[k]++;
  return c;
};

describe("oracle: the 2,896 Swiss communes of 1900 (CalculatedABC.jl's test)", () => {
  const data = readSwiss();
  const descending = [...data].sort((a, b) => b - a);

  it("reads the whole file", () => {
    expect(data).toHaveLength(2896);
    expect(data.reduce((s, x) => s + x, 0)).toBe(3_315_233);
  });

  it("finds the limits of CalculatedABC.jl: A/B/C = 642/434/1820 by rank", () => {
    const limits = computedAbcLimits(descending);
    expect(limits.aCount).toBe(642);
    expect(limits.abCount - limits.aCount).toBe(434);
    expect(limits.n - limits.abCount).toBe(1820);
    // The points CalculatedABC.jl's test asserts (isapprox, default rtol ≈ 1.5e-8).
    const close = (p: { effort: number; yield: number }, x: number, y: number) => {
      expect(p.effort).toBeCloseTo(x, 12);
      expect(p.yield).toBeCloseTo(y, 12);
    };
    close(limits.pareto, 0.25379834254143646, 0.7219586074342286);
    close(limits.breakEven, 0.22168508287292818, 0.6913764432243525);
    close(limits.demarcationAB, 0.22168508287292818, 0.6913764432243525);
    close(limits.submarginal, 0.3715469613259669, 0.810278191608252);
  });

  it('method "computed" gives A/B/C = 642/434/1820 on ranks; the one tie at the B|C limit joins B', () => {
    const classes = classifyAbc(data, { method: "computed" });
    // Ranks 1076 and 1077 both have 710 inhabitants: CalculatedABC.jl splits them (B, C); equal values
    // share the class of the first of them (KAM-DOMAIN §2), so both are B. Nothing else moves.
    expect(descending[1075]).toBe(710);
    expect(descending[1076]).toBe(710);
    expect(descending[641]).toBeGreaterThan(descending[642]); // no tie at the A|B limit
    expect(counts(classes)).toEqual({ A: 642, B: 434 + 1, C: 1820 - 1, D: 0 });
    // Every class is a value range: min(A) ≥ max(B), min(B) ≥ max(C) (CalculatedABC.jl's own check), strictly here.
    const range = (k: AbcClass) => data.filter((_, i) => classes[i] === k);
    expect(Math.min(...range("A"))).toBeGreaterThan(Math.max(...range("B")));
    expect(Math.min(...range("B"))).toBeGreaterThan(Math.max(...range("C")));
  });
});

describe("the ABC curve and its spline", () => {
  it("the curve starts at 0 and ends at exactly 1", () => {
    const y = abcCurveYields([0.1, 0.1, 0.1]);
    expect(y[0]).toBe(0);
    expect(y[3]).toBe(1);
    expect(y[1]).toBeCloseTo(1 / 3, 15);
  });

  it("natural spline slopes reproduce a straight line exactly and a parabola inside", () => {
    const h = 0.01;
    const line = Array.from({ length: 101 }, (_, k) => 3 * k * h + 1);
    for (const s of naturalSplineSlopes(line, h)) expect(s).toBeCloseTo(3, 10);
    // y = x² (second derivative 2, not 0 at the ends): slopes are 2x away from the ends.
    const parabola = Array.from({ length: 101 }, (_, k) => (k * h) ** 2);
    const slopes = naturalSplineSlopes(parabola, h);
    for (let k = 20; k <= 80; k++) expect(slopes[k]).toBeCloseTo(2 * k * h, 6);
  });

  it("two points: the line's slope at both ends", () => {
    expect(Array.from(naturalSplineSlopes([0, 1], 1))).toEqual([1, 1]);
  });
});

describe('classifyAbc method "computed"', () => {
  it.each<[string, number[], string]>([
    ["a steep head", [100, 50, 20, 10, 5, 2, 1, 1, 0, -3], "AABCCCCCDD"],
    // Curve 0, .641, .962, .987, 1: Pareto point after rank 1, break-even after rank 2, submarginal after 2.
    ["input order is kept", [1, 100, 5, 50], "CACB"],
    ["single customer is A", [5], "A"],
    ["no positive value: all D", [0, -1], "DD"],
    ["all equal: the diagonal has no vital few, every customer is B", [7, 7, 7, 7], "BBBB"],
  ])("%s", (_name, values, expected) => {
    expect(classifyAbc(values, { method: "computed" }).join("")).toBe(expected);
  });

  it("non-positive values are C on request", () => {
    expect(classifyAbc([100, 50, 20, 0, -3], { method: "computed", nonpositive: "C" }).slice(3)).toEqual(["C", "C"]);
  });

  it("takes no thresholds", () => {
    expect(() => classifyAbc([1, 2, 3], { method: "computed", thresholds: [0.8, 0.95] })).toThrow(KamError);
    expect(() => classifyAbc([1, 2, 3], { method: "computed", thresholds: [0.8, 0.95] })).toThrow(/computed method/);
  });

  it("works with keys (aggregates first)", () => {
    expect(classifyRows([60, 40, 5, 3, 1], ["x", "x", "y", "z", "w"], { method: "computed" })).toEqual(["A", "A", "C", "C", "C"]);
  });

  it("empty input gives an empty result", () => {
    expect(classifyAbc([], { method: "computed" })).toEqual([]);
    expect(computedAbcLimits([]).aCount).toBe(0);
  });

  describe("properties (fast-check)", () => {
    const rank: Record<AbcClass, number> = { A: 0, B: 1, C: 2, D: 3 };
    const values = fc.array(
      fc.oneof(
        fc.integer({ min: -1000, max: 100_000 }),
        fc.double({ min: 0.01, max: 1e6, noNaN: true }),
      ),
      { minLength: 1, maxLength: 150 },
    );

    it("output length = input length; classes are monotone in value; ties share a class", () => {
      fc.assert(
        fc.property(values, (xs) => {
          const c = classifyAbc(xs, { method: "computed" });
          expect(c).toHaveLength(xs.length);
          for (let i = 0; i < xs.length; i++) {
            for (let j = 0; j < xs.length; j++) {
              if (xs[i] > xs[j]) expect(rank[c[i]]).toBeLessThanOrEqual(rank[c[j]]);
              if (xs[i] === xs[j]) expect(c[i]).toBe(c[j]);
            }
            expect(c[i] === "D").toBe(xs[i] <= 0);
          }
        }),
      );
    });

    it("does not depend on the order of the input", () => {
      fc.assert(
        fc.property(values, fc.integer(), (xs, seed) => {
          const shuffled = xs.map((x, i) => ({ x, k: Math.sin(seed + i * 7919) })).sort((a, b) => a.k - b.k);
          const c1 = classifyAbc(xs, { method: "computed" });
          const c2 = classifyAbc(
            shuffled.map((s) => s.x),
            { method: "computed" },
          );
          const byValue = (vs: number[], cs: AbcClass[]) => new Map(vs.map((v, i) => [v, cs[i]]));
          expect(byValue(
            shuffled.map((s) => s.x),
            c2,
          )).toEqual(byValue(xs, c1));
        }),
      );
    });

    it("scale-free: multiplying every value by a power of two changes nothing", () => {
      fc.assert(
        fc.property(values, fc.integer({ min: -20, max: 20 }), (xs, k) => {
          const scaled = xs.map((x) => x * 2 ** k);
          expect(classifyAbc(scaled, { method: "computed" })).toEqual(classifyAbc(xs, { method: "computed" }));
        }),
      );
    });

    it("limits: 0 ≤ A|B ≤ B|C ≤ n, on the curve", () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), (xs) => {
          const d = [...xs].sort((a, b) => b - a);
          const l = computedAbcLimits(d);
          expect(l.aCount).toBeGreaterThanOrEqual(0);
          expect(l.aCount).toBeLessThanOrEqual(l.abCount);
          expect(l.abCount).toBeLessThanOrEqual(d.length);
          if (d.length > 1) expect(l.demarcationAB.index).toBe(Math.min(l.pareto.index, l.breakEven.index));
        }),
      );
    });
  });
});
