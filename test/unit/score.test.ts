import fc from "fast-check";
import { weightedScores } from "../../src/core/score";

describe("weightedScores (KAISM weighted factor score)", () => {
  it("is Σ(w·r)/Σ(w), the same arithmetic as SUMPRODUCT/SUM in a sheet", () => {
    expect(weightedScores([[3, 9]], [30, 70])).toEqual([7.2]);
    expect(weightedScores([[10, 10, 10]], [20, 30, 50])).toEqual([10]);
  });

  it("gives null for a row not yet fully rated", () => {
    expect(weightedScores([[5, null], [4, 6]], [1, 1])).toEqual([null, 5]);
  });

  it("does not overflow with huge weights or a huge scale", () => {
    expect(weightedScores([[5, 5], [10, 0]], [1e308, 1e308])).toEqual([5, 5]);
    expect(weightedScores([[1e308, 0]], [1, 1], 1e308)).toEqual([5e307]);
  });

  it("is scale-free in the weights and stays within the rated range", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 8 }).chain((r) =>
          fc.tuple(fc.constant(r), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: r.length, maxLength: r.length }), fc.integer({ min: 1, max: 1000 })),
        ),
        ([ratings, weights, k]) => {
          const [a] = weightedScores([ratings], weights) as number[];
          const [b] = weightedScores([ratings], weights.map((w) => w * k)) as number[];
          expect(b).toBeCloseTo(a, 12);
          expect(a).toBeGreaterThanOrEqual(Math.min(...ratings));
          expect(a).toBeLessThanOrEqual(Math.max(...ratings));
        },
      ),
    );
  });
});
