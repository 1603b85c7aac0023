import fc from "fast-check";
import { ExactSum, compareRatio, exactSum } from "../../src/core/exact";
import { TrailingTotalWatch, isTotalLabel, tableTotalsRows, trailingTotal } from "../../src/core/totalRow";

describe("ExactSum", () => {
  it("sums decimal meanings exactly (0.1 + 0.2 = 0.3), across scales and magnitudes", () => {
    const xs = [0.1, 0.2, 1e20, 12.345, -3, 1e-12, 2 ** 60, 0.000001];
    const s = new ExactSum();
    xs.forEach((x) => s.add(x));
    expect(compareRatio(s.ratio(), exactSum(xs))).toBe(0);
  });

  it("agrees with exactSum on any finite doubles, in any order of scales", () => {
    const value = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
      fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), (xs) => {
        const s = new ExactSum();
        xs.forEach((x) => s.add(x));
        return compareRatio(s.ratio(), exactSum(xs)) === 0;
      }),
    );
  });

  it("stays exact past 2^53 of cents (flushes to a bigint)", () => {
    const s = new ExactSum();
    for (let i = 0; i < 2000; i++) s.add(9e12 + 0.01);
    expect(s.ratio()).toEqual({ num: 2000n * 900000000000001n, den: 100n });
  });
});

describe("isTotalLabel", () => {
  it.each(["Total", "TOTAL", " Grand  Total ", "Sum", "Totalt", "I alt", "Totalt:", "Summe", "Grand total:"])("%j is a total label", (k) => {
    expect(isTotalLabel(k)).toBe(true);
  });
  it.each(["Total Norge AS", "ACME", "Sum Consulting", "", "NA", "Subtotal A"])("%j is not", (k) => {
    expect(isTotalLabel(k)).toBe(false);
  });
});

describe("trailing grand-total row", () => {
  it("is the last row when its value is the exact sum of the rows above and its key a total label", () => {
    const keys = ["ACME", "Beta", "Gamma", "Total"];
    expect(trailingTotal(keys, [73.43, 55.77, 32.3, 161.5], [2, 3, 4, 6])).toEqual({
      key: "Total",
      row: 6,
      value: 161.5,
      kind: "trailing",
      index: 3,
    });
  });

  it("keeps a real customer whose sales equal all others' (no total label)", () => {
    expect(trailingTotal(["A", "B", "C"], [10, 20, 30])).toBeUndefined();
  });

  it("keeps a customer called Total whose value is its own", () => {
    expect(trailingTotal(["A", "B", "Total"], [10, 20, 31])).toBeUndefined();
  });

  it("needs two rows above and a non-zero sum", () => {
    expect(trailingTotal(["A", "Total"], [10, 10])).toBeUndefined();
    expect(trailingTotal(["A", "B", "Total"], [5, -5, 0])).toBeUndefined();
    expect(trailingTotal(["Total"], [0])).toBeUndefined();
    expect(trailingTotal([], [])).toBeUndefined();
  });

  it("only looks at the last row (a total in the middle is a customer's business)", () => {
    expect(trailingTotal(["A", "B", "Total", "C"], [1, 2, 3, 4])).toBeUndefined();
  });

  it("streams: push per row, finish once", () => {
    const w = new TrailingTotalWatch();
    const n = 10_000;
    for (let i = 0; i < n; i++) w.push(`C${i}`, 0.01 * (i % 7) + 1, i + 2);
    const total = exactSum(Array.from({ length: n }, (_, i) => 0.01 * (i % 7) + 1));
    w.push("Grand total", Number(total.num) / Number(total.den), n + 2);
    expect(w.finish()).toMatchObject({ key: "Grand total", row: n + 2 });
  });
});

describe("tableTotalsRows", () => {
  it("names the last sheet row of each table with a Total row", () => {
    expect([...tableTotalsRows([{ lastRow: 10, totalsRowCount: 1 }, { lastRow: 40, totalsRowCount: 0 }])]).toEqual([10]);
  });
});
