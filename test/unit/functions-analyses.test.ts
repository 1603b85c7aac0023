/**
 * The analysis custom functions (KAM.PARETO … KAM.CLV in src/functions/functions.ts) called as Excel calls
 * them: 2-D arrays, blanks as null or "", omitted optionals as null/undefined, single values where a
 * range is allowed, with a fake `CustomFunctions` global for the errors.
 */
import fc from "fast-check";
import * as F from "../../src/functions/functions";

class FakeCustomFunctionsError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const g = globalThis as unknown as { CustomFunctions?: unknown };
beforeAll(() => {
  g.CustomFunctions = {
    Error: FakeCustomFunctionsError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
    associate: () => undefined,
  };
});
afterAll(() => {
  delete g.CustomFunctions;
});

/** Excel passes any value, null included, whatever the TypeScript signature says. */
type Loose = (...args: unknown[]) => unknown;
const fn = {
  pareto: F.pareto as unknown as Loose,
  kaism: F.kaism as unknown as Loose,
  relstrength: F.relstrength as unknown as Loose,
  cts: F.cts as unknown as Loose,
  cmladder: F.cmladder as unknown as Loose,
  whale: F.whale as unknown as Loose,
  shapiro: F.shapiro as unknown as Loose,
  nps: F.nps as unknown as Loose,
  csat: F.csat as unknown as Loose,
  loyalty: F.loyalty as unknown as Loose,
  kano: F.kano as unknown as Loose,
  clv: F.clv as unknown as Loose,
};

const col = (...xs: unknown[]): unknown[][] => xs.map((x) => [x]);
const flat = (r: unknown): unknown[] => (r as unknown[][]).map((row) => row[0]);

/** A result Excel accepts: a finite number or text, or a rectangular non-empty grid of them. */
function expectExcelSafe(result: unknown): void {
  const cellOk = (cell: unknown) => typeof cell === "string" || (typeof cell === "number" && Number.isFinite(cell));
  if (!Array.isArray(result)) {
    if (!cellOk(result)) throw new Error(`result ${String(result)} is not a string or finite number`);
    return;
  }
  expect(result.length).toBeGreaterThan(0);
  const width = (result[0] as unknown[]).length;
  expect(width).toBeGreaterThan(0);
  for (const row of result as unknown[][]) {
    expect(row).toHaveLength(width);
    for (const cell of row) if (!cellOk(cell)) throw new Error(`result cell ${String(cell)} is not a string or finite number`);
  }
}

function excelError(call: () => unknown): FakeCustomFunctionsError {
  let thrown: unknown;
  try {
    call();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(FakeCustomFunctionsError);
  const err = thrown as FakeCustomFunctionsError;
  expect(err.code).toBe("#VALUE!");
  return err;
}

describe("KAM.PARETO", () => {
  it("one row per customer, sorted by value: key, value, share, cumulative share, class", () => {
    const result = fn.pareto(col(120, 300, 80, 300, -20), col("Nordvik", "Fjord AS", "Berg", "Havn", "Lunde"));
    expectExcelSafe(result);
    expect(result).toEqual([
      ["Fjord AS", 300, 0.375, 0.375, "A"],
      ["Havn", 300, 0.375, 0.75, "A"],
      ["Nordvik", 120, 0.15, 0.9, "A"],
      ["Berg", 80, 0.1, 1, "B"],
      ["Lunde", -20, -0.025, 1, "D"],
    ]);
  });

  it("keys default to the position of the row; blank values are left out", () => {
    expect(fn.pareto(col(50, null, 30, "", 20))).toEqual([
      [1, 50, 0.5, 0.5, "A"],
      [3, 30, 0.3, 0.8, "A"],
      [5, 20, 0.2, 1, "B"],
    ]);
    expect(fn.pareto([[50, 30, 20]], null)).toEqual(fn.pareto(col(50, 30, 20), undefined));
  });

  it("rows are summed per key; a numeric id stays a number; blank keys are left out", () => {
    expect(fn.pareto(col(10, 20, 30, 40, 99), col("x", "y", "x", 1001, null))).toEqual([
      ["x", 40, 0.4, 0.4, "A"],
      [1001, 40, 0.4, 0.8, "A"],
      ["y", 20, 0.2, 1, "B"],
    ]);
  });

  it("no customers: one row of blanks", () => {
    expect(fn.pareto(col(null, ""))).toEqual([["", "", "", "", ""]]);
  });

  it("errors", () => {
    expect(excelError(() => fn.pareto(col(1, "x"))).message).toMatch(/values, row 2: "x" is not a number/);
    expect(excelError(() => fn.pareto(col(1, 2), col("a"))).message).toMatch(/keys has 1 cells but values has 2/);
  });
});

describe("KAM.KAISM", () => {
  it("oracle: (8, 8) Strategic, (8, 2) Star, (2, 8) Status, (2, 2) Streamline", () => {
    expect(fn.kaism(col(8, 8, 2, 2), col(8, 2, 8, 2))).toEqual(col("Strategic", "Star", "Status", "Streamline"));
    expect(fn.kaism(8, 8)).toEqual([["Strategic"]]);
    expect(fn.kaism([[8]], [[2]], null, null, null, null)).toEqual([["Star"]]);
  });

  it("naming, language and mids; on the line is high; blanks give blanks", () => {
    expect(fn.kaism(col(8, 2), col(2, 8), null, null, "classic", "NB")).toEqual(col("Utviklingskunde", "Vedlikeholdskunde"));
    expect(fn.kaism(col(5, 7), col(1, 0.9), undefined, 1)).toEqual(col("Strategic", "Star"));
    expect(fn.kaism([[8, null, 2]], [[8, 8, ""]])).toEqual([["Strategic", "", ""]]);
  });

  it("a single value applies to every row", () => {
    expect(fn.kaism(col(8, 2), 6)).toEqual(col("Strategic", "Status"));
  });

  it("errors", () => {
    expect(excelError(() => fn.kaism(col(8, 2), col(1, 2, 3))).message).toMatch(/attractiveness has 2 cells but strength has 3/);
    expect(excelError(() => fn.kaism(col(8), col("high"))).message).toMatch(/strength, row 1: "high" is not a number/);
    expect(excelError(() => fn.kaism(8, 8, null, null, "modern")).message).toMatch(/naming must be "newer" or "classic"/);
    expect(excelError(() => fn.kaism(8, 8, null, null, null, "de")).message).toMatch(/language must be "en" or "nb"/);
  });
});

describe("KAM.RELSTRENGTH", () => {
  it("row layout: competitors one per row", () => {
    const r = fn.relstrength([[8, 6, 9]], [[7, 8, 6], [6, 5, 9]], [[50, 30, 20]]);
    expect(r as number).toBeCloseTo(7.6 / 7.1, 14);
  });

  it("column layout: competitors one per column", () => {
    const r = fn.relstrength(col(8, 6, 9), [[7, 6], [8, 5], [6, 9]], col(50, 30, 20));
    expect(r as number).toBeCloseTo(7.6 / 7.1, 14);
  });

  it("blank while a score is missing; blank competitor rows are skipped", () => {
    expect(fn.relstrength([[8, null]], [[7, 8]], [[1, 1]])).toBe("");
    expect(fn.relstrength([[8, 6]], [[7, 8], [null, null]], [[1, 1]])).toBeCloseTo(14 / 15, 14);
  });

  it("errors", () => {
    expect(excelError(() => fn.relstrength([[8, 6]], [[7, 8, 1]], [[1, 1]])).message).toMatch(/3 scores but there are 2 weights/);
    expect(excelError(() => fn.relstrength(col(8, 6), [[7, 8, 1]], [[1, 1]])).message).toMatch(/one column per competitor/);
    expect(excelError(() => fn.relstrength([[8, 6]], [[0, 0]], [[1, 1]])).message).toMatch(/scores 0/);
  });
});

describe("KAM.CTS", () => {
  it("Σ count × rate per row; blank where a count is blank", () => {
    expect(fn.cts([[12, 40, 3], [4, 10, 0], [null, 5, 1]], [[250, 35, 900]])).toEqual([[7100], [1350], [""]]);
    expect(fn.cts([[12, 40, 3]], col(250, 35, 900))).toEqual([[7100]]);
  });

  it("errors", () => {
    expect(excelError(() => fn.cts([[1, 2]], [[1]])).message).toMatch(/activity_rates has 1 numbers but activity_counts has 2 columns/);
    expect(excelError(() => fn.cts([[1, 2]], [[1, null]])).message).toMatch(/activity_rates, column 2 is blank/);
    expect(excelError(() => fn.cts([[-1]], [[1]])).message).toMatch(/negative/);
  });
});

describe("KAM.CMLADDER", () => {
  it("n×5: net revenue, CM1…CM4; single values apply to every row; blank rows stay blank", () => {
    const result = fn.cmladder(col(1_000_000, 400_000, null), col(50_000, 10_000, 1), 0, col(80_000, 30_000, 1), col(45_000, 60_000, 1), 10_000);
    expectExcelSafe(result);
    expect(result).toEqual([
      [950_000, 950_000, 870_000, 825_000, 815_000],
      [390_000, 390_000, 360_000, 300_000, 290_000],
      ["", "", "", "", ""],
    ]);
  });

  it("row inputs give a 5×n result", () => {
    expect(fn.cmladder([[100, 200]], [[10, 20]], [[50, 50]], 0, 0, 0)).toEqual([
      [90, 180],
      [40, 130],
      [40, 130],
      [40, 130],
      [40, 130],
    ]);
  });

  it("errors", () => {
    expect(excelError(() => fn.cmladder(col(1, 2), col(1, 2, 3), 0, 0, 0, 0)).message).toMatch(/gross_sales has 2 cells but discounts has 3/);
    expect(excelError(() => fn.cmladder(col(1), col("x"), 0, 0, 0, 0)).message).toMatch(/discounts, row 1: "x" is not a number/);
  });
});

describe("KAM.WHALE", () => {
  it("key, profit, cumulative share of total profit, customer share", () => {
    const result = fn.whale(col(500, -150, 300, 50, -100, 200), col("A1", "A2", "A3", "A4", "A5", "A6")) as unknown[][];
    expectExcelSafe(result);
    expect(result.map((r) => r.slice(0, 3))).toEqual([
      ["A1", 500, 0.625],
      ["A3", 300, 1],
      ["A6", 200, 1.25],
      ["A4", 50, 1.3125],
      ["A5", -100, 1.1875],
      ["A2", -150, 1],
    ]);
    expect(result.map((r) => (r[3] as number) * 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keys default to positions; no customers: one blank row", () => {
    expect((fn.whale(col(10, null, 30)) as unknown[][]).map((r) => r[0])).toEqual([3, 1]);
    expect(fn.whale(col(null))).toEqual([["", "", "", ""]]);
  });

  it("errors", () => {
    expect(excelError(() => fn.whale(col(100, -100))).message).toMatch(/positive total profit/);
  });
});

describe("KAM.SHAPIRO", () => {
  it("medians by default, explicit mids on request", () => {
    expect(fn.shapiro(col(32, 18, 35, 15), col(12, 9, 20, 22))).toEqual(col("Passive", "Bargain basement", "Carriage trade", "Aggressive"));
    expect(fn.shapiro(col(32, 18), col(12, 9), 10, 10)).toEqual(col("Carriage trade", "Passive"));
    expect(fn.shapiro(col(32, null), col(12, 9), null, null)).toEqual(col("Carriage trade", ""));
  });

  it("errors", () => {
    expect(excelError(() => fn.shapiro(col(1, 2), col(1, 2, 3))).message).toMatch(/net_price has 2 cells but cost_to_serve has 3/);
  });
});

describe("KAM.NPS and KAM.CSAT", () => {
  it("NPS of [10, 9, 8, 7, 6, 0] is 0; any shape; blanks are no answer", () => {
    expect(fn.nps(col(10, 9, 8, 7, 6, 0))).toBe(0);
    expect(fn.nps([[10, 9, 9, 8], [7, 3, 10, null]])).toBeCloseTo(300 / 7, 12);
    expect(fn.nps(col(null, ""))).toBe("");
    expect(fn.nps(9)).toBe(100);
  });

  it("CSAT: share at or above the top box", () => {
    expect(fn.csat(col(5, 4, 3, 4, 2, 5, 1, 4))).toBe(0.625);
    expect(fn.csat(col(5, 4, 3, 4, 2, 5, 1, 4), null, null)).toBe(0.625);
    expect(fn.csat([[7, 6, 1, ""]], 6, 7)).toBeCloseTo(2 / 3, 15);
    expect(fn.csat(col(null))).toBe("");
  });

  it("errors name row and column", () => {
    expect(excelError(() => fn.nps([[10, 9], [11, 0]])).message).toMatch(/scores, row 2, column 1 is 11/);
    expect(excelError(() => fn.nps(col(10, "nine"))).message).toMatch(/scores, row 2, column 1: "nine" is not a number/);
    expect(excelError(() => fn.csat(col(5, 6))).message).toMatch(/scores, row 2, column 1 is 6; answers are whole numbers from 1 to 5/);
    expect(excelError(() => fn.csat(col(5), 6)).message).toMatch(/top_box/);
  });
});

describe("KAM.LOYALTY", () => {
  it("True, Latent, Spurious, None", () => {
    expect(fn.loyalty(col(6, 6, 2, 2), col(0.7, 0.2, 0.8, 0.1), 4, 0.5)).toEqual(col("True", "Latent", "Spurious", "None"));
    expect(fn.loyalty(col(6, 5, 2, 3, null), col(0.7, 0.2, 0.8, 0.1, 1))).toEqual(col("True", "Latent", "Spurious", "None", ""));
  });
});

describe("KAM.KANO", () => {
  it("oracle pairs, words in both languages and numbers", () => {
    expect(fn.kano(col("like", "like", "must-be", "like"), col("dislike", "neutral", "dislike", "like"))).toEqual(col("O", "A", "M", "Q"));
    expect(fn.kano(col("Liker", 3, "kan leve med", "2"), col("misliker", 5, "Forventer", 5))).toEqual(col("O", "M", "I", "M"));
  });

  it("blank answers give blanks; one answer applies to every row", () => {
    expect(fn.kano(col("like", null, ""), col("dislike", "like", "like"))).toEqual(col("O", "", ""));
    expect(fn.kano("like", col("dislike", "neutral"))).toEqual(col("O", "A"));
  });

  it("errors name the answer and its row", () => {
    expect(excelError(() => fn.kano(col("like", "love"), col("dislike", "dislike"))).message).toMatch(
      /functional, row 2: "love" is not a Kano answer/,
    );
    expect(excelError(() => fn.kano(col("like", "like"), col(1, 2, 3))).message).toMatch(/functional has 2 cells but dysfunctional has 3/);
  });
});

describe("KAM.CLV", () => {
  it("CLV(100, 0.8, 0.1) = 266.67 (infinite horizon)", () => {
    const result = fn.clv(100, 0.8, 0.1) as number[][];
    expect(Math.abs(result[0][0] - 266.67)).toBeLessThanOrEqual(0.01);
    expect(fn.clv([[100]], [[0.8]], [[0.1]], null, null)).toEqual(result);
  });

  it("ranges with single values; blank acquisition cost is 0, blank periods infinite; blank margin blank", () => {
    const result = fn.clv(col(100, 100, 100, null), 0.8, 0.1, col(50, null, 50, 0), col(null, 3, 3, 3)) as unknown[][];
    expectExcelSafe(result);
    expect(result[0][0] as number).toBeCloseTo(80 / 0.3 - 50, 10);
    expect(result[1][0] as number).toBeCloseTo(164.0871525169, 9);
    expect(result[2][0] as number).toBeCloseTo(114.0871525169, 9);
    expect(result[3][0]).toBe("");
  });

  it("errors name the row when there are several", () => {
    expect(excelError(() => fn.clv(100, 80, 0.1)).message).toMatch(/^retention is 80; give it as a fraction/);
    expect(excelError(() => fn.clv(col(100, 100), col(0.8, 1), 0)).message).toMatch(/^Row 2: Retention 100 % with discount rate 0/);
    expect(excelError(() => fn.clv(100, 0.8, 0.1, null, 2.5)).message).toMatch(/periods must be a whole number/);
  });
});

describe("properties of the wrappers (fast-check)", () => {
  const blank = fc.constantFrom(null, "", undefined);
  const cell = (n: fc.Arbitrary<number>) => fc.oneof({ weight: 4, arbitrary: n }, { weight: 1, arbitrary: blank });

  it("row-aligned functions: output rows = input rows, Excel-safe, blank exactly where an input is blank", () => {
    const score = fc.integer({ min: 0, max: 100 }).map((x) => x / 10);
    fc.assert(
      fc.property(fc.array(fc.tuple(cell(score), cell(score)), { minLength: 1, maxLength: 40 }), (rows) => {
        const a = rows.map((r) => [r[0]]);
        const b = rows.map((r) => [r[1]]);
        const isBlank = (x: unknown) => x === null || x === undefined || x === "";
        for (const f of [fn.kaism, fn.shapiro, fn.loyalty]) {
          const result = f(a, b);
          expectExcelSafe(result);
          expect(result).toHaveLength(rows.length);
          flat(result).forEach((x, i) => expect(x === "").toBe(isBlank(rows[i][0]) || isBlank(rows[i][1])));
        }
        const money = fn.cmladder(a, b, 0, 0, 0, 0) as unknown[][];
        expectExcelSafe(money);
        expect(money).toHaveLength(rows.length);
      }),
    );
  });

  it("PARETO and WHALE: one row per customer, value column sorted descending, keys a permutation", () => {
    const money = fc.integer({ min: -1000, max: 100_000 });
    fc.assert(
      fc.property(fc.array(cell(money), { minLength: 1, maxLength: 60 }), (xs) => {
        const filled = xs.filter((x) => typeof x === "number") as number[];
        const table = fn.pareto(xs.map((x) => [x])) as unknown[][];
        expectExcelSafe(table);
        if (filled.length === 0) return expect(table).toEqual([["", "", "", "", ""]]);
        expect(table).toHaveLength(filled.length);
        for (let r = 1; r < table.length; r++) expect(table[r - 1][1] as number).toBeGreaterThanOrEqual(table[r][1] as number);
        expect(table.map((r) => r[0]).sort((p, q) => (p as number) - (q as number))).toEqual(
          xs.flatMap((x, i) => (typeof x === "number" ? [i + 1] : [])),
        );
        const total = filled.reduce((s, x) => s + x, 0);
        if (total > 0) {
          const w = fn.whale(xs.map((x) => [x])) as unknown[][];
          expectExcelSafe(w);
          expect(w).toHaveLength(filled.length);
          expect(w[w.length - 1][2]).toBe(1);
        }
      }),
    );
  });

  it("NPS stays within −100…100 for any range of answers", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell(fc.integer({ min: 0, max: 10 })), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }), (grid) => {
        const r = fn.nps(grid);
        expectExcelSafe(r);
        if (r !== "") {
          expect(r as number).toBeGreaterThanOrEqual(-100);
          expect(r as number).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});
