/**
 * The custom-function wrappers (src/functions) called as Excel calls them: 2-D arrays, blanks as null
 * or "", omitted optionals as null/undefined, with a fake `CustomFunctions` global for the errors.
 */
import { KamError } from "../../src/core/errors";
import { weightedScores } from "../../src/core/score";
import { isBlank, readKeys, readNumberVector, readVector, shapeLike } from "../../src/functions/args";
import { errorMessage, toExcelError } from "../../src/functions/errors";
import { abc, score } from "../../src/functions/functions";

class FakeCustomFunctionsError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const fakeCustomFunctions = {
  Error: FakeCustomFunctionsError,
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
  associate: () => undefined,
};

const g = globalThis as unknown as { CustomFunctions?: unknown };
beforeAll(() => {
  g.CustomFunctions = fakeCustomFunctions;
});
afterAll(() => {
  delete g.CustomFunctions;
});

/** Excel passes any value, null included, whatever the TypeScript signature says. */
const callAbc = abc as unknown as (...args: unknown[]) => string[][];
const callScore = score as unknown as (...args: unknown[]) => (string | number)[][];

/** A column range from a list. */
const col = (...xs: unknown[]): unknown[][] => xs.map((x) => [x]);
/** The classes of a one-column result. */
const flat = (r: unknown[][]): unknown[] => r.map((row) => row[0]);

/** Every result must be rectangular, non-empty, with only strings and finite numbers. */
function expectExcelSafe(result: unknown[][]): void {
  expect(Array.isArray(result)).toBe(true);
  expect(result.length).toBeGreaterThan(0);
  const width = result[0].length;
  expect(width).toBeGreaterThan(0);
  for (const row of result) {
    expect(row).toHaveLength(width);
    for (const cell of row) {
      const ok = typeof cell === "string" || (typeof cell === "number" && Number.isFinite(cell));
      if (!ok) throw new Error(`result cell ${String(cell)} is not a string or finite number`);
    }
  }
}

/** Calls `fn` and returns what it threw, asserting it is the #VALUE! error of the fake runtime. */
function excelError(fn: () => unknown): FakeCustomFunctionsError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(FakeCustomFunctionsError);
  const err = thrown as FakeCustomFunctionsError;
  expect(err.code).toBe("#VALUE!");
  return err;
}

describe("KAM.ABC", () => {
  const sixValues = col(50, 30, 10, 5, 3, 2); // total 100: A while < 80 % before, B while < 95 %

  const cases: { name: string; args: unknown[]; expected: string[] }[] = [
    { name: "value method, default thresholds", args: [sixValues], expected: ["A", "A", "B", "B", "C", "C"] },
    { name: "optionals as null", args: [sixValues, null, null, null, null], expected: ["A", "A", "B", "B", "C", "C"] },
    {
      name: "optionals as undefined",
      args: [sixValues, undefined, undefined, undefined, undefined],
      expected: ["A", "A", "B", "B", "C", "C"],
    },
    { name: "thresholds as percents (1×2)", args: [sixValues, null, [[50, 90]]], expected: ["A", "B", "B", "C", "C", "C"] },
    { name: "thresholds as fractions (2×1)", args: [sixValues, null, [[0.5], [0.9]]], expected: ["A", "B", "B", "C", "C", "C"] },
    { name: "blank thresholds range = defaults", args: [sixValues, null, [[null, ""]]], expected: ["A", "A", "B", "B", "C", "C"] },
    {
      name: "keys: rows summed per customer, ties share the class",
      // x = 10 + 30 = 40, y = 20, z = 40 (tie with x); T = 100: x A, z A (tie), y before = 80 % → B
      args: [col(10, 20, 30, 40), col("x", "y", "x", "z")],
      expected: ["A", "B", "A", "A"],
    },
    {
      name: "numeric keys are customer ids",
      // 1001 = 90, 1002 = 10: 1001 A; 1002 before = 90 % → B
      args: [col(60, 10, 30), col(1001, 1002, 1001)],
      expected: ["A", "B", "A"],
    },
    {
      name: "blank key → blank class, row left out",
      args: [col(50, 999, 30, 20), col("a", null, "b", "c")],
      expected: ["A", "", "A", "B"],
    },
    {
      name: "count method: top ceil(20 %) A, up to ceil(80 %) B",
      args: [col(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), null, null, "count"],
      expected: ["A", "A", "B", "B", "B", "B", "B", "B", "C", "C"],
    },
    {
      name: "method is case-insensitive",
      args: [col(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), null, null, " COUNT "],
      expected: ["A", "A", "B", "B", "B", "B", "B", "B", "C", "C"],
    },
    { name: "non-positive → D by default", args: [col(5, 0, -3, 10)], expected: ["A", "D", "D", "A"] },
    {
      name: "method computed (Ultsch & Lötsch): limits from the ABC curve",
      args: [col(100, 50, 20, 10, 5, 2, 1, 1, 0, -3), null, null, "Computed"],
      expected: ["A", "A", "B", "C", "C", "C", "C", "C", "D", "D"],
    },
    {
      name: "method computed with blank thresholds and keys",
      args: [col(60, 40, 5, 3, 1, null), col("x", "x", "y", "z", "w", "w"), [[null, null]], "computed", "C"],
      expected: ["A", "A", "C", "C", "C", ""],
    },
    { name: "non-positive → C on request", args: [col(5, 0, -3, 10), null, null, null, "c"], expected: ["A", "C", "C", "A"] },
    {
      name: "exact boundary: 73.43 + 55.77 of 161.50 is exactly 80 %",
      // before the third customer: 129.20 / 161.50 = 0.8 exactly → not < 80 % → B;
      // before the fourth: 149.20 / 161.50 ≈ 92.4 % → B
      args: [col(73.43, 55.77, 20.0, 12.3)],
      expected: ["A", "A", "B", "B"],
    },
  ];

  it.each(cases)("$name", ({ args, expected }) => {
    const result = callAbc(...args);
    expectExcelSafe(result);
    expect(result).toEqual(expected.map((x) => [x]));
  });

  it.each([
    ["null", null],
    ['""', ""],
    ["undefined", undefined],
    ["whitespace", "   "],
  ])("a blank value cell (%s) gives a blank class and does not count as 0", (_label, blank) => {
    const result = callAbc(col(50, blank, 30, blank, 20));
    expectExcelSafe(result);
    // Among 50, 30, 20 (T = 100): 50 A, 30 A (before 50 %), 20 B (before 80 %).
    expect(flat(result)).toEqual(["A", "", "A", "", "B"]);
    // Were blanks read as 0 they would be "D". Count method, n = 3: A = ceil(0.6) = 1, B up to ceil(2.4) = 3.
    expect(flat(callAbc(col(50, blank, 30, blank, 20), null, null, "count"))).toEqual(["A", "", "B", "", "B"]);
  });

  it("a blank value in a keyed row leaves that row out of its customer's total", () => {
    // a = 50 (blank row skipped), b = 30, c = 20
    const result = callAbc(col(50, null, 30, 20), col("a", "a", "b", "c"));
    expect(flat(result)).toEqual(["A", "", "A", "B"]);
  });

  it("a one-row range gives a one-row result", () => {
    const result = callAbc([[3, 2, 1]]);
    expectExcelSafe(result);
    expect(result).toEqual([["A", "A", "B"]]); // T = 6: before 0, 50 %, 83 %
  });

  it("keys may be laid out differently from values (row vs column)", () => {
    expect(flat(callAbc(col(10, 20, 30, 40), [["x", "y", "x", "z"]]))).toEqual(["A", "B", "A", "A"]);
  });

  it("percents and fractions give the same classes on a realistic list", () => {
    const values = col(1200, 800, 450, 300, 120, 80, 40, 10, 0, -25);
    expect(callAbc(values, null, [[80, 95]])).toEqual(callAbc(values, null, [[0.8, 0.95]]));
  });

  const errors: { name: string; args: unknown[]; message: RegExp }[] = [
    { name: "text in values names argument and row", args: [col(1, 2, "abc")], message: /values, row 3: "abc" is not a number/ },
    { name: "boolean in values", args: [col(true, 2)], message: /values, row 1: TRUE is not a number/ },
    { name: "text in a one-row range names the column", args: [[[1, "x", 3]]], message: /values, column 2/ },
    { name: "2-D values", args: [[[1, 2], [3, 4]]], message: /values must be one column or one row; got 2 rows × 2 columns/ },
    { name: "keys of another length", args: [col(1, 2, 3), col("a", "b")], message: /keys has 2 cells but values has 3/ },
    { name: "decreasing thresholds", args: [col(1, 2), null, [[95, 80]]], message: /Thresholds must increase/ },
    { name: "three thresholds", args: [col(1, 2), null, [[50, 80, 95]]], message: /Thresholds must be two numbers/ },
    { name: "text threshold", args: [col(1, 2), null, [["eighty", 95]]], message: /thresholds, column 1: "eighty" is not a number/ },
    { name: "one blank threshold", args: [col(1, 2), null, [[80, null]]], message: /thresholds, column 2 is blank/ },
    { name: "unknown method", args: [col(1, 2), null, null, "pareto"], message: /method must be "value" or "count" or "computed"; got "pareto"/ },
    {
      name: "thresholds with method computed",
      args: [col(1, 2), null, [[80, 95]], "computed"],
      message: /Thresholds do not apply to the computed method/,
    },
    { name: "unknown nonpositive", args: [col(1, 2), null, null, null, "X"], message: /nonpositive must be "D" or "C"; got "X"/ },
  ];

  it.each(errors)("error: $name", ({ args, message }) => {
    const err = excelError(() => callAbc(...args));
    expect(err.message).toMatch(message);
  });
});

describe("KAM.SCORE", () => {
  it.each([
    ["weights as a row", [[60, 40]]],
    ["weights as a column", [[60], [40]]],
    ["weights as fractions", [[0.6, 0.4]]],
  ])("Σ(w·r)/Σ(w) per row, %s", (_label, weights) => {
    const result = callScore(
      [
        [8, 6],
        [4, 10],
      ],
      weights,
    );
    expectExcelSafe(result);
    expect(result).toHaveLength(2);
    expect(result[0]).toHaveLength(1);
    expect(result[0][0] as number).toBeCloseTo(7.2, 12); // (8·60 + 6·40) / 100
    expect(result[1][0] as number).toBeCloseTo(6.4, 12); // (4·60 + 10·40) / 100
  });

  it.each([
    ["null", null],
    ['""', ""],
  ])("a row with a blank rating (%s) is not yet rated: blank result", (_label, blank) => {
    const result = callScore(
      [
        [8, 6],
        [blank, 10],
        [blank, blank],
      ],
      [[1, 1]],
    );
    expectExcelSafe(result);
    expect(result).toEqual([[7], [""], [""]]);
  });

  it("scale_max omitted (null or undefined) means 10", () => {
    expect(callScore([[10, 10]], [[1, 1]], null)).toEqual([[10]]);
    expect(callScore([[10, 10]], [[1, 1]], undefined)).toEqual([[10]]);
    expect(callScore([[10, 10]], [[1, 1]])).toEqual([[10]]);
  });

  it("scale_max sets the allowed range", () => {
    expect(callScore([[5, 3]], [[1, 1]], 5)).toEqual([[4]]);
    expect(excelError(() => callScore([[6, 3]], [[1, 1]], 5)).message).toMatch(/row 1, column 1 is 6, outside 0–5/);
  });

  it("a factor with weight 0 does not count", () => {
    expect(callScore([[2, 9]], [[0, 100]])).toEqual([[9]]);
  });

  it("an all-10 row scores exactly 10 despite float rounding", () => {
    const weights = [[0.1, 0.2, 0.3, 0.15, 0.25]];
    expect(callScore([[10, 10, 10, 10, 10]], weights)).toEqual([[10]]);
  });

  const errors: { name: string; args: unknown[]; message: RegExp }[] = [
    { name: "weights of the wrong length", args: [[[8, 6, 4]], [[50, 50]]], message: /weights has 2 numbers but ratings has 3 columns/ },
    { name: "negative weight", args: [[[8, 6]], [[50, -10]]], message: /Weight 2 is negative/ },
    { name: "all weights zero", args: [[[8, 6]], [[0, 0]]], message: /All weights are zero/ },
    { name: "rating above the scale", args: [[[8, 6], [11, 2]], [[1, 1]]], message: /row 2, column 1 is 11, outside 0–10/ },
    { name: "negative rating", args: [[[8, -1]], [[1, 1]]], message: /row 1, column 2 is -1, outside 0–10/ },
    { name: "text rating", args: [[[8, "high"]], [[1, 1]]], message: /ratings, row 1, column 2: "high" is not a number/ },
    { name: "text weight", args: [[[8, 6]], [[1, "x"]]], message: /weights, column 2: "x" is not a number/ },
    { name: "blank weight", args: [[[8, 6]], [[1, null]]], message: /weights, column 2 is blank/ },
    { name: "2-D weights", args: [[[8, 6]], [[1, 1], [1, 1]]], message: /weights must be one column or one row/ },
    { name: "scale_max zero", args: [[[0, 0]], [[1, 1]], 0], message: /scale maximum must be above 0/ },
    { name: "text scale_max", args: [[[0, 0]], [[1, 1]], "ten"], message: /^scale_max: "ten" is not a number/ },
  ];

  it.each(errors)("error: $name", ({ args, message }) => {
    const err = excelError(() => callScore(...args));
    expect(err.message).toMatch(message);
  });
});

describe("weightedScores (src/core/score.ts)", () => {
  it("scores each row on the rating scale", () => {
    expect(weightedScores([[1, 10], [5, 5], [null, 3]], [3, 1])).toEqual([3.25, 5, null]);
  });

  it("stays between the smallest and largest weighted rating of its row", () => {
    const weights = [0.1, 0.7, 0.2];
    const rows = [
      [3.3, 3.3, 3.3],
      [9.9, 9.9, 9.9],
      [0.1, 7.7, 2.9],
    ];
    weightedScores(rows, weights).forEach((s, i) => {
      expect(s).not.toBeNull();
      expect(s as number).toBeGreaterThanOrEqual(Math.min(...rows[i]));
      expect(s as number).toBeLessThanOrEqual(Math.max(...rows[i]));
    });
    expect(weightedScores([[3.3, 3.3, 3.3]], weights)).toEqual([3.3]);
  });

  it("throws KamError with a code for each kind of problem", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof KamError ? e.code : "not a KamError";
      }
      return "no error";
    };
    expect(code(() => weightedScores([[1, 2, 3]], [1, 1]))).toBe("shape");
    expect(code(() => weightedScores([[1]], []))).toBe("shape");
    expect(code(() => weightedScores([[1]], [-1]))).toBe("range");
    expect(code(() => weightedScores([[1]], [0]))).toBe("argument");
    expect(code(() => weightedScores([[NaN]], [1]))).toBe("number");
    expect(code(() => weightedScores([[1]], [1], -5))).toBe("range");
    expect(code(() => weightedScores([[1]], [1], Infinity))).toBe("number");
  });
});

describe("argument coercion (src/functions/args.ts)", () => {
  it("treats null, undefined, empty and whitespace text as blank, and 0 as a number", () => {
    expect([null, undefined, "", "  "].map(isBlank)).toEqual([true, true, true, true]);
    expect([0, "0", false].map(isBlank)).toEqual([false, false, false]);
    expect(readNumberVector(col(0, null, ""), "values").numbers).toEqual([0, null, null]);
  });

  it("flattens 1×n and n×1 ranges and keeps their orientation; a scalar is 1×1", () => {
    expect(readVector([[1, 2, 3]], "v")).toEqual({ cells: [1, 2, 3], orientation: "row" });
    expect(readVector(col(1, 2, 3), "v")).toEqual({ cells: [1, 2, 3], orientation: "column" });
    expect(readVector(7, "v")).toEqual({ cells: [7], orientation: "column" });
    expect(shapeLike(["a", "b"], "row")).toEqual([["a", "b"]]);
    expect(shapeLike(["a", "b"], "column")).toEqual([["a"], ["b"]]);
    expect(shapeLike([], "column")).toEqual([[""]]);
  });

  it("rejects ragged arrays", () => {
    expect(() => readVector([[1, 2], [3]], "v")).toThrow(/not rectangular/);
  });

  it("reads keys as text, numbers as their digits, blanks as null", () => {
    expect(readKeys(col("Acme", 1001, null, " ", true), "keys")).toEqual(["Acme", "1001", null, null, "TRUE"]);
  });
});

describe("error mapping (src/functions/errors.ts)", () => {
  it("maps KamError to #VALUE! with its own message", () => {
    const e = toExcelError(new KamError("range", "score.weightNegative", { n: "2", value: -1 }));
    expect(e).toBeInstanceOf(FakeCustomFunctionsError);
    expect((e as unknown as FakeCustomFunctionsError).message).toBe("Weight 2 is negative (-1); weights must be 0 or more.");
  });

  it("marks any other exception as unexpected and keeps messages short", () => {
    expect(errorMessage(new TypeError("x is undefined"))).toBe("Unexpected error: x is undefined");
    expect(errorMessage(new KamError("argument", "cell.other", { text: "y".repeat(1000) })).length).toBeLessThanOrEqual(255);
  });

  it("falls back to a plain Error (still #VALUE!) when the runtime has no CustomFunctions.Error", () => {
    const saved = g.CustomFunctions;
    delete g.CustomFunctions;
    try {
      const at = { key: "arg.place.at" as const, values: { place: { key: "arg.place.row" as const, values: { n: "3" } } } };
      const e = toExcelError(new KamError("number", "arg.notNumber", { name: "values", at, cell: { key: "cell.text", values: { text: "abc" } } }));
      expect(e).toBeInstanceOf(Error);
      expect(e.message).toBe('values, row 3: "abc" is not a number.');
    } finally {
      g.CustomFunctions = saved;
    }
  });
});
