import fc from "fast-check";
import {
  AbcClass,
  abcTable,
  aggregateByKey,
  classifyAbc,
  classifyRows,
  normaliseThresholds,
} from "../../src/core/abc";
import { KamError } from "../../src/core/errors";
import { commonScale, compareRatio, decimalOf, exactSum, ratioOf } from "../../src/core/exact";

describe("classifyAbc, value method (KAM-DOMAIN §2)", () => {
  const cases: [string, number[], string, object | undefined][] = [
    ["crossing customer is A", [50, 30, 15, 5], "AABC", undefined],
    ["exactly 80 % before is not A (73.43 + 55.77 of 161.50)", [73.43, 55.77, 32.3], "AAB", undefined],
    ["loss-maker gets D and stays out of T+", [100, 50, -30], "AAD", undefined],
    ["ties share the class of the first", [50, 20, 20, 10], "AAAB", undefined],
    ["zero is no positive contribution", [10, 0], "AD", undefined],
    ["nonpositive as C on request", [10, 0, -1], "ACC", { nonpositive: "C" }],
    ["single customer is A", [5], "A", undefined],
    ["no positive value: all D", [0, -3], "DD", undefined],
    ["input order is kept", [5, 50, 15, 30], "CABA", undefined],
    ["percent thresholds", [50, 30, 15, 5], "AABC", { thresholds: [80, 95] }],
    ["threshold 100 % makes everything else B", [50, 30, 15, 5], "AABB", { thresholds: [0.8, 1] }],
    ["equal values all A", [7, 7, 7, 7], "AAAA", undefined],
  ];
  it.each(cases)("%s", (_name, values, expected, options) => {
    expect(classifyAbc(values, options as never).join("")).toBe(expected);
  });

  it("decides the 80 % boundary on the typed decimals where float64 says 0.7999999999999999", () => {
    // 0.7 + 0.1 is 0.7999999999999999 in float64 but exactly 0.8 of the total 1.00, so the third is B.
    expect(0.7 + 0.1).toBeLessThan(0.8);
    expect(classifyAbc([0.7, 0.1, 0.08, 0.07, 0.05]).join("")).toBe("AABBC");
    // More decimals than the integer fast path handles: the guarded float path must decide the same way.
    const v = [0.7, 0.1, 0.08, 0.07, 0.05, 1e-13, 2e-13];
    expect(commonScale(v)).toBe(-1);
    expect(classifyAbc(v)).toEqual(referenceAbc(v, 0.8, 0.95));
  });

  it("rejects thresholds that do not increase within (0, 1]", () => {
    expect(() => normaliseThresholds([0.95, 0.8])).toThrow(KamError);
    expect(() => normaliseThresholds([0, 0.8])).toThrow(/increase/);
    expect(() => normaliseThresholds([80, 120])).toThrow(/increase/);
    expect(() => normaliseThresholds([0.8])).toThrow(/two numbers/);
    expect(normaliseThresholds([80, 95])).toEqual([0.8, 0.95]);
  });

  it("rejects non-finite values naming the position", () => {
    expect(() => classifyAbc([1, NaN])).toThrow(/Value 2/);
  });
});

describe("classifyAbc, count method (20/60/20, A = ceil(0.2n), B up to ceil(0.8n))", () => {
  it.each([
    [[10, 9, 8, 7, 6, 5, 4, 3, 2, 1], "AABBBBBBCC"],
    [[5, 4, 3], "ABB"], // ceil(0.6) = 1 A, ceil(2.4) = 3 → 2 B, 0 C
    [[9, 9, 1, 1, 1], "AABBB"], // tie pulls the second 9 into A
    [[3, -1, 2], "ADB"],
  ])("%j → %s", (values, expected) => {
    expect(classifyAbc(values as number[], { method: "count" }).join("")).toBe(expected);
  });
});

describe("aggregation by key", () => {
  it("sums transaction rows of one customer and leaves blank keys out", () => {
    const agg = aggregateByKey(["x", "y", "x", " ", null], [10, 5, 2.5, 99, 99]);
    expect(agg.customers).toEqual(["x", "y"]);
    expect(agg.totals).toEqual([12.5, 5]);
    expect(Array.from(agg.rowCustomer)).toEqual([0, 1, 0, -1, -1]);
  });

  it("sums exactly in decimals, so 0.1 + 0.2 ties with 0.3", () => {
    const agg = aggregateByKey(["a", "a", "b"], [0.1, 0.2, 0.3]);
    expect(agg.totals[0]).toBe(agg.totals[1]);
    expect(classifyRows([0.1, 0.2, 0.3, 0.05], ["a", "a", "b", "c"]).join(",")).toBe("A,A,A,B");
  });

  it("gives a row with a blank key the empty class", () => {
    expect(classifyRows([5, 3, 1], ["a", "", "b"])).toEqual(["A", "", "B"]);
  });
});

describe("abcTable", () => {
  it("ranks by value with shares of the positive total", () => {
    const t = abcTable(["c1", "c2", "c3"], [100, -30, 50]);
    expect(t.total).toBe(150);
    expect(t.rows.map((r) => [r.rank, r.customer, r.class])).toEqual([
      [1, "c1", "A"],
      [2, "c3", "A"],
      [3, "c2", "D"],
    ]);
    expect(t.rows[1].cumulativeShare).toBe(1);
    expect(t.rows[2].cumulativeShare).toBe(1);
    expect(t.classes.D).toEqual({ count: 1, value: -30 });
  });
});

describe("exact decimal helpers", () => {
  it("reads the shortest round-trip decimal", () => {
    expect(decimalOf(73.43)).toEqual({ m: 7343n, e: -2 });
    expect(decimalOf(1e-7)).toEqual({ m: 1n, e: -7 });
    expect(decimalOf(1.5e21)).toEqual({ m: 15n, e: 20 });
    expect(decimalOf(-0.001)).toEqual({ m: -1n, e: -3 });
  });
  it("compares 73.43 + 55.77 with 0.8 × 161.5 as equal", () => {
    const s = exactSum([73.43, 55.77]);
    const t = exactSum([73.43, 55.77, 32.3]);
    const r = ratioOf(0.8);
    expect(compareRatio(s, { num: r.num * t.num, den: r.den * t.den })).toBe(0);
  });
  it("finds the common scale of currency data", () => {
    expect(commonScale([1, 2.5, 3.25, 0.0001])).toBe(4);
    expect(commonScale([Math.PI])).toBe(-1);
    expect(commonScale([2 ** 60])).toBe(-1);
  });
});

/** Reference: the definition, evaluated literally with exact rational arithmetic on every customer. */
function referenceAbc(values: number[], t1: number, t2: number): AbcClass[] {
  const pos = values.filter((v) => v > 0).sort((a, b) => b - a);
  const total = exactSum(pos);
  const r1 = ratioOf(t1);
  const r2 = ratioOf(t2);
  const firstClass = new Map<number, AbcClass>();
  for (let r = 0; r < pos.length; r++) {
    if (firstClass.has(pos[r])) continue;
    const before = exactSum(pos, 0, r);
    const below = (t: typeof r1) => compareRatio(before, { num: t.num * total.num, den: t.den * total.den }) < 0;
    firstClass.set(pos[r], below(r1) ? "A" : below(r2) ? "B" : "C");
  }
  return values.map((v) => (v > 0 ? firstClass.get(v)! : "D"));
}

describe("properties (fast-check)", () => {
  const cents = fc.integer({ min: -50_000, max: 1_000_000 }).map((c) => c / 100);
  const anyDouble = fc.double({ min: -1e6, max: 1e9, noNaN: true, noDefaultInfinity: true });
  const rank: Record<AbcClass, number> = { A: 0, B: 1, C: 2, D: 3 };

  it("agrees with the literal exact definition (currency values and raw doubles)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cents, anyDouble), { minLength: 1, maxLength: 60 }), (values) => {
        expect(classifyAbc(values)).toEqual(referenceAbc(values, 0.8, 0.95));
      }),
      { numRuns: 300 },
    );
  });

  it("is monotone in value, gives ties one class, keeps length, and A is never empty when T+ > 0", () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 200 }), fc.constantFrom("value", "count"), (values, method) => {
        const c = classifyAbc(values, { method: method as "value" | "count" });
        expect(c).toHaveLength(values.length);
        for (let i = 0; i < values.length; i++)
          for (let j = 0; j < values.length; j++) {
            if (values[i] === values[j]) expect(c[i]).toBe(c[j]);
            if (values[i] > values[j]) expect(rank[c[i]]).toBeLessThanOrEqual(rank[c[j]]);
          }
        if (values.some((v) => v > 0)) expect(c).toContain("A");
      }),
      { numRuns: 200 },
    );
  });

  it("does not depend on input order", () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 100 }), fc.integer(), (values, seed) => {
        const perm = values.map((v, i) => ({ v, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k);
        const byValue = new Map(values.map((v, i) => [v, classifyAbc(values)[i]]));
        const shuffled = perm.map((p) => p.v);
        classifyAbc(shuffled).forEach((cls, i) => expect(cls).toBe(byValue.get(shuffled[i])));
      }),
      { numRuns: 100 },
    );
  });
});

describe("defects found by input hunting", () => {
  it("reads percent thresholds with their typed decimals (57.1 % is 0.571, not 0.5710000000000001)", () => {
    expect(normaliseThresholds([57.1, 95])).toEqual([0.571, 0.95]);
    // Y's before-share is exactly 57.1 %, so Y is B with either spelling.
    expect(classifyAbc([571, 300, 129], { thresholds: [57.1, 95] })).toEqual(classifyAbc([571, 300, 129], { thresholds: [0.571, 0.95] }));
    expect(classifyAbc([571, 300, 129], { thresholds: [57.1, 95] }).join("")).toBe("ABB");
    const n1000 = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(classifyAbc(n1000, { method: "count", thresholds: [57.1, 95] }).filter((c) => c === "A")).toHaveLength(571);
  });

  it("refuses thresholds that mix a fraction and a percent", () => {
    expect(() => normaliseThresholds([0.8, 95])).toThrow(/mix a fraction and a percent/);
    expect(() => normaliseThresholds([1, 2])).toThrow(/mix/);
  });

  it("gives equal exact per-customer totals one class even when float sums differ", () => {
    const classes = classifyRows([0.1, 0.2, 0.3, 1e-10], ["X", "X", "Y", "Z"], { thresholds: [40, 95] });
    expect(classes[0]).toBe(classes[2]);
    expect(classes.join(",")).toBe("A,A,A,C");
    const agg = aggregateByKey(["X", "X", "Y", "Z"], [0.1, 0.2, 0.3, 1e-10]);
    expect(agg.totals[0]).toBe(0.3);
  });

  it("sums amounts of 2^49 cents and more by their typed decimals (88618442581606.4 · 100 rounds to …0641)", () => {
    // Found by differential fuzzing against the CSV byte reader: the scaled fast path took …0641 for
    // the first value and gave …606.42 where the typed decimals sum to …606.41.
    const big = [88618442581606.4, 75457753094553.6, 89474291099238.4, 79504544995737.6, 72278359041638.4, 77438782642585.6];
    for (const x of big) {
      expect(commonScale([x, 0.01])).toBe(-1);
      for (const cents of [0.01, 0.02, -0.01]) {
        const exact = exactSum([x, cents]);
        const agg = aggregateByKey(["K", "K"], [x, cents]);
        expect(agg.totals[0]).toBe(Number(`${exact.num}e-${String(exact.den).length - 1}`));
      }
    }
    expect(aggregateByKey(["K", "K"], [88618442581606.4, 0.01]).totals[0]).toBe(88618442581606.41);
    // Below 2^49 units the fast path is kept.
    expect(commonScale([5629499534213.11, 0.01])).toBe(2);
  });

  it("names the customer whose total overflows, and refuses a positive total beyond float64", () => {
    expect(() => aggregateByKey(["A", "A", "B"], [1e308, 1e308, 5])).toThrow(/customer "A" is too large/);
    expect(() => classifyAbc([1e308, 1e308])).toThrow(/too large/);
  });
});
