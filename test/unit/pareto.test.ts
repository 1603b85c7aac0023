/**
 * The Pareto table (src/core/pareto.ts) and the radix ordering under it (src/core/order.ts).
 */
import fc from "fast-check";
import { classifyAbc } from "../../src/core/abc";
import { KamError } from "../../src/core/errors";
import { orderDescending, sortPositive } from "../../src/core/order";
import { paretoTable, runningSums } from "../../src/core/pareto";

/** Reference: a comparator sort, descending, ties by input index. */
const referenceOrder = (xs: readonly number[]) =>
  xs
    .map((_, i) => i)
    .sort((i, j) => (xs[j] === xs[i] ? i - j : xs[j] - xs[i]));

describe("orderDescending", () => {
  it("orders descending and keeps ties in input order", () => {
    expect(Array.from(orderDescending([3, 1, 3, -2, 0, 10, -0, -2]))).toEqual([5, 0, 2, 1, 4, 6, 3, 7]);
    expect(Array.from(orderDescending([]))).toEqual([]);
    expect(Array.from(orderDescending([42]))).toEqual([0]);
  });

  it("handles extreme magnitudes and subnormals", () => {
    const xs = [Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -5e-324, 1e-300, -1e300, 0];
    expect(Array.from(orderDescending(xs))).toEqual(referenceOrder(xs));
  });

  it("agrees with a comparator sort (fast-check)", () => {
    const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
    const fewDistinct = fc.integer({ min: -3, max: 3 });
    fc.assert(
      fc.property(fc.array(fc.oneof(anyFinite, fewDistinct, fc.constant(-0)), { maxLength: 300 }), (xs) => {
        expect(Array.from(orderDescending(xs))).toEqual(referenceOrder(xs.map((x) => (x === 0 ? 0 : x))));
      }),
    );
  });
});

describe("sortPositive", () => {
  /** n positive numbers from `pick`, sorted by sortPositive and by the built-in sort. */
  const both = (n: number, pick: (i: number) => number) => {
    const xs = Float64Array.from({ length: n }, (_, i) => pick(i));
    return { radix: Array.from(sortPositive(xs.slice())), builtIn: Array.from(xs.slice().sort()) };
  };
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

  it("sorts large arrays (radix path) as the built-in sort does", () => {
    const cases: Array<(i: number) => number> = [
      () => Math.round(rnd() * 1e8) / 100, // cents: every digit differs
      () => 1 + Math.floor(rnd() * 5), // few distinct values: most digits are skipped
      () => rnd() * 10 ** Math.floor(rnd() * 600 - 300), // magnitudes from 1e-300 to 1e300
      (i) => [5e-324, Number.MAX_VALUE, 0, 1e-310, 2 ** 52][i % 5], // subnormals, extremes, +0
      (i) => 100_000 - i, // descending input
    ];
    for (const pick of cases) {
      const { radix, builtIn } = both(70_000, pick);
      expect(radix).toEqual(builtIn);
    }
  });

  it("sorts in place inside a larger buffer and returns the same array", () => {
    const buffer = Float64Array.from({ length: 50_000 }, () => 1 + rnd() * 1000);
    const view = buffer.subarray(5_000, 45_000);
    const before = Array.from(buffer.subarray(0, 5_000));
    const expected = Array.from(view.slice().sort());
    expect(sortPositive(view)).toBe(view);
    expect(Array.from(view)).toEqual(expected);
    expect(Array.from(buffer.subarray(0, 5_000))).toEqual(before);
  });

  it("small arrays (built-in path)", () => {
    expect(Array.from(sortPositive(Float64Array.of(3, 1, 2, 1)))).toEqual([1, 1, 2, 3]);
    expect(Array.from(sortPositive(new Float64Array(0)))).toEqual([]);
  });
});

describe("paretoTable", () => {
  it("ranks, shares and classes (value method)", () => {
    const t = paretoTable([120, 300, 80, 300, -20]);
    expect(Array.from(t.order)).toEqual([1, 3, 0, 2, 4]);
    expect(Array.from(t.value)).toEqual([300, 300, 120, 80, -20]);
    expect(t.total).toBe(800);
    expect(Array.from(t.share)).toEqual([0.375, 0.375, 0.15, 0.1, -0.025]);
    expect(Array.from(t.cumulativeShare)).toEqual([0.375, 0.75, 0.9, 1, 1]);
    expect(t.classes).toEqual(["A", "A", "A", "B", "D"]);
  });

  it("all shares are 0 when nothing is positive", () => {
    const t = paretoTable([0, -5]);
    expect(Array.from(t.share)).toEqual([0, 0]);
    expect(Array.from(t.cumulativeShare)).toEqual([0, 0]);
    expect(t.classes).toEqual(["D", "D"]);
  });

  it("rejects non-finite values", () => {
    expect(() => paretoTable([1, Infinity])).toThrow(KamError);
  });

  it("running sums are compensated", () => {
    expect(runningSums([1e16, 1, 1, -1e16])[3]).toBe(2);
  });

  describe("properties (fast-check)", () => {
    const cents = fc.integer({ min: -50_000, max: 1_000_000 }).map((c) => c / 100);
    const values = fc.array(cents, { minLength: 1, maxLength: 200 });

    it("one row per customer, sorted descending, classes as KAM.ABC, cumulative share ends at 1", () => {
      fc.assert(
        fc.property(values, (xs) => {
          const t = paretoTable(xs);
          expect(t.order).toHaveLength(xs.length);
          expect([...t.order].sort((a, b) => a - b)).toEqual(xs.map((_, i) => i));
          for (let r = 1; r < xs.length; r++) expect(t.value[r - 1]).toBeGreaterThanOrEqual(t.value[r]);
          const classes = classifyAbc(xs);
          t.order.forEach((i, r) => expect(t.classes[r]).toBe(classes[i]));
          const positives = xs.filter((x) => x > 0).length;
          if (positives > 0) {
            expect(t.cumulativeShare[positives - 1]).toBe(1);
            for (let r = 1; r < positives; r++) expect(t.cumulativeShare[r]).toBeGreaterThanOrEqual(t.cumulativeShare[r - 1]);
          }
        }),
      );
    });

    it("classes are monotone in value with the value, count and computed methods", () => {
      const rank = { A: 0, B: 1, C: 2, D: 3 };
      fc.assert(
        fc.property(values, fc.constantFrom("value", "count", "computed") as fc.Arbitrary<"value" | "count" | "computed">, (xs, method) => {
          const t = paretoTable(xs, { method });
          for (let r = 1; r < xs.length; r++) {
            expect(rank[t.classes[r - 1]]).toBeLessThanOrEqual(rank[t.classes[r]]);
            if (t.value[r - 1] === t.value[r]) expect(t.classes[r - 1]).toBe(t.classes[r]);
          }
        }),
      );
    });
  });
});
