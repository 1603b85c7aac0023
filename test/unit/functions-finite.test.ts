/**
 * Issue 10 part 4: the custom functions give finite numbers or an error with a message, never Infinity
 * or NaN (DESIGN §2 rule 2), and read cells holding Excel data types by their basic value.
 * Functions are called as Excel calls them, with a fake `CustomFunctions` global for the errors.
 */
import fc from "fast-check";
import * as F from "../../src/functions/functions";
import { basicCell, cellNumber, readKeys } from "../../src/functions/args";
import { assertFinite } from "../../src/functions/errors";

class FakeError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

const g = globalThis as unknown as { CustomFunctions?: unknown };
beforeAll(() => {
  g.CustomFunctions = { Error: FakeError, ErrorCode: { invalidValue: "#VALUE!", invalidNumber: "#NUM!" }, associate: () => undefined };
});
afterAll(() => {
  delete g.CustomFunctions;
});

type Loose = (...args: unknown[]) => unknown;
const call = (f: unknown, ...args: unknown[]) => (f as Loose)(...args);

/** The Excel error `fn` throws (fails when it returns instead). */
function excelError(fn: () => unknown): FakeError {
  let result: unknown;
  try {
    result = fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FakeError);
    return e as FakeError;
  }
  throw new Error(`expected an Excel error, got ${JSON.stringify(result)}`);
}

/** Every number in a result (a scalar or a 2-D array). */
const numbersOf = (r: unknown): number[] =>
  typeof r === "number" ? [r] : Array.isArray(r) ? r.flat().filter((x): x is number => typeof x === "number") : [];

const TOO_LARGE = /too large to compute \(beyond ±1\.8E\+308\)/;

describe("results beyond float64 become an error with a message (the cases of issue 10)", () => {
  it("KAM.PARETO on {1E308; 1E308}: the total overflows, so no share 0 / class A", () => {
    const e = excelError(() => call(F.pareto, [[1e308], [1e308]]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^The total of the top 2 customers is too large to compute/);
    expect(excelError(() => call(F.whale, [[1e308], [1e308]])).message).toMatch(TOO_LARGE);
  });

  it("KAM.CTS({1E308}, {10})", () => {
    expect(excelError(() => call(F.cts, [[1e308]], [[10]])).message).toMatch(/^The result in row 1, column 1 is too large to compute/);
  });

  it("KAM.CMLADDER(1E308, -1E308, 0, 0, 0, 0)", () => {
    expect(excelError(() => call(F.cmladder, 1e308, -1e308, 0, 0, 0, 0)).message).toMatch(TOO_LARGE);
  });

  it("KAM.CLV(1E308, 0.99, 0)", () => {
    expect(excelError(() => call(F.clv, 1e308, 0.99, 0, null, null)).message).toMatch(TOO_LARGE);
  });

  it("KAM.RELSTRENGTH: huge scores and weights are averaged without overflow; a tiny best competitor is an error", () => {
    expect(call(F.relstrength, [[1e308, 1e308]], [[1e308, 1e308]], [[1, 1]])).toBe(1);
    expect(call(F.relstrength, [[1e308, 1e308]], [[1, 1]], [[1, 1]])).toBe(1e308);
    expect(call(F.relstrength, [[8, 6]], [[4, 3], [6, 8]], [[1e308, 1e308]])).toBe(1);
    expect(call(F.relstrength, [[1e-320, 1e-320]], [[1e-320, 1e-320]], [[1, 1]])).toBe(1);
    const e = excelError(() => call(F.relstrength, [[5, 5]], [[1e-320, 1e-320]], [[1, 1]]));
    expect(e.message).toMatch(/^Relative strength \(our score 5 ÷ the best competitor's 1e-320\) is too large to compute .*the best competitor scores almost 0\.$/);
  });

  it("ordinary inputs are untouched: the guard returns the result itself", () => {
    expect(call(F.cts, [[12, 40, 3]], [[250, 35, 900]])).toEqual([[7100]]);
    const table = [[1, "x", 0.5]];
    expect(assertFinite(table)).toBe(table);
    expect(assertFinite("")).toBe("");
    expect(() => assertFinite([[1, 2], [3, NaN]])).toThrow(/^The result in row 2, column 2 is too large to compute/);
    expect(() => assertFinite(-Infinity)).toThrow(/^The result is too large to compute/);
  });
});

describe("every numeric function, on any finite inputs up to ±1E308, gives finite numbers or an Excel error", () => {
  // Magnitudes from the subnormal range to the top of float64, signs mixed.
  const extreme = fc.oneof(
    fc.constantFrom(0, 1, -1, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 1e-320, 0.99, 10),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e308, max: 1e308 }),
  );
  const column = fc.array(extreme, { minLength: 1, maxLength: 6 }).map((xs) => xs.map((x) => [x]));
  const positive = fc.oneof(fc.constantFrom(0, 1, 1e308, 1e-320, 10), fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e308 }));

  /** Runs `f`; passes when it returns only finite numbers or throws an Excel error with a message. */
  const finiteOrError = (f: () => unknown) => {
    let r: unknown;
    try {
      r = f();
    } catch (e) {
      expect(e).toBeInstanceOf(FakeError);
      expect((e as FakeError).message ?? "").not.toBe("");
      return;
    }
    for (const x of numbersOf(r)) expect(Number.isFinite(x)).toBe(true);
  };

  it("KAM.PARETO, KAM.WHALE, KAM.ABC", () => {
    fc.assert(
      fc.property(column, (values) => {
        finiteOrError(() => call(F.pareto, values, null));
        finiteOrError(() => call(F.whale, values, null));
        finiteOrError(() => call(F.abc, values, null, null, null, null));
      }),
      { numRuns: 300 },
    );
  });

  it("KAM.CTS, KAM.CMLADDER, KAM.CLV, KAM.SCORE, KAM.RELSTRENGTH", () => {
    fc.assert(
      fc.property(
        fc.array(extreme, { minLength: 6, maxLength: 6 }),
        fc.array(positive, { minLength: 3, maxLength: 3 }),
        fc.double({ noNaN: true, min: 0, max: 1 }),
        (six, three, rate) => {
          finiteOrError(() => call(F.cts, [three], [three]));
          finiteOrError(() => call(F.cmladder, ...six));
          finiteOrError(() => call(F.clv, six[0], rate, rate / 2, six[1], null));
          finiteOrError(() => call(F.score, [three.map((x) => Math.min(x, 10))], [three], 10));
          finiteOrError(() => call(F.relstrength, [three], [three.slice().reverse()], [three]));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("cells holding Excel data types (Stocks, linked entities, formatted numbers)", () => {
  // Shapes as in Excel.EntityCellValue / LinkedEntityCellValue / FormattedNumberCellValue (@types/office-js).
  const stock = {
    type: "LinkedEntity",
    text: "Microsoft Corp",
    basicValue: "#VALUE!",
    basicType: "Error",
    id: { domainId: "stocks", entityId: "msft", serviceId: 268, culture: "en-US" },
  };
  const entity = { type: "Entity", text: "Equinor ASA", basicValue: "#VALUE!", properties: { Revenue: { type: "Double", basicValue: 7e10 } } };
  const formatted = { type: "FormattedNumber", basicValue: 1250.5, numberFormat: "#,##0.00 kr" };
  const double = { type: "Double", basicValue: 42 };

  it("reads a formatted number or double by its number", () => {
    expect(cellNumber(formatted, "values", { key: "arg.place.row", values: { n: "1" } })).toBe(1250.5);
    expect(basicCell(double)).toBe(42);
    expect(call(F.cts, [[formatted]], [[2]])).toEqual([[2501]]);
  });

  it("refuses an entity where a number belongs, saying it is a data type and how to use it", () => {
    const e = excelError(() => call(F.abc, [[100], [stock], [50]]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toBe(
      'values, row 2: "Microsoft Corp" is an Excel data type (LinkedEntity), not a number; refer to one of its fields instead, e.g. =A2.Price.',
    );
    expect(excelError(() => call(F.score, [[entity, 5]], [[1, 1]], 10)).message).toMatch(/"Equinor ASA" is an Excel data type \(Entity\)/);
  });

  it("uses an entity as a customer key by the text it shows", () => {
    expect(readKeys([[stock], [entity], ["Kunde AS"]], "keys")).toEqual(["Microsoft Corp", "Equinor ASA", "Kunde AS"]);
    expect(call(F.pareto, [[300], [100]], [[stock], [entity]])).toEqual([
      ["Microsoft Corp", 300, 0.75, 0.75, "A"],
      ["Equinor ASA", 100, 0.25, 1, "A"], // 75 % before it: A
    ]);
  });

  it("leaves plain values alone", () => {
    for (const x of [0, "text", true, null, "", [[1]]]) expect(basicCell(x)).toBe(x);
  });
});
