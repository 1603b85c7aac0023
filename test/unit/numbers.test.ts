import fc from "fast-check";
import {
  NumberLocale,
  cellNumber,
  otherLocaleReading,
  parseNumber,
  readNumber,
} from "../../src/core/numbers";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

describe("parseNumber en-US", () => {
  it.each<[string, number | null]>([
    ["1234.5", 1234.5],
    ["1,234.50", 1234.5],
    ["1,234,567.891", 1234567.891],
    ["1,234", 1234],
    ["-12", -12],
    ["+12", 12],
    ["\u221212", -12],
    ["(12)", -12],
    ["(1,234.50)", -1234.5],
    [".5", 0.5],
    ["5.", 5],
    ["0", 0],
    ["-0", 0],
    ["007", 7],
    ["1e6", 1e6],
    ["1.5E-3", 0.0015],
    ["  42  ", 42],
    ["1 234,50", null],
    ["1 234", null],
    ["1.234,50", null],
    ["1,5", null],
    ["1,23", null],
    ["12,3456", null],
    ["0,123", null],
    ["1,234.5.6", null],
    ["$12", null],
    ["12%", null],
    ["abc", null],
    ["", null],
    ["   ", null],
    ["-", null],
    [".", null],
    ["e5", null],
    ["NaN", null],
    ["Infinity", null],
    ["0x10", null],
    ["1e999", null],
    ["- 12", null],
    ["-(12)", null],
    ["12-", null],
  ])("%j → %p", (text, expected) => {
    expect(parseNumber(text, "en-US")).toBe(expected);
  });
});

describe("parseNumber nb-NO", () => {
  it.each<[string, number | null]>([
    ["1 234,50", 1234.5],
    [`1${NBSP}234,50`, 1234.5],
    [`1${NNBSP}234,50`, 1234.5],
    ["1.234,50", 1234.5],
    ["1.234.567", 1234567],
    ["1 234 567", 1234567],
    ["1234,5", 1234.5],
    ["1234", 1234],
    ["-1 234,50", -1234.5],
    ["\u22121 234,50", -1234.5],
    ["(1 234,50)", -1234.5],
    [",5", 0.5],
    ["1,5E-3", 0.0015],
    // An unambiguous dot can only be a decimal point (machine exports).
    ["1234.5", 1234.5],
    ["0.75", 0.75],
    ["0.750", 0.75],
    ["12.5", 12.5],
    // One dot and exactly three digits after it: thousands or decimals? Refused.
    ["12.500", null],
    ["1.234", null],
    ["1,234.50", null],
    ["1 234.50", null],
    ["1 23,4", null],
    ["1.23.456", null],
    [`1 234${NBSP}567,8`, 1234567.8], // mixed space kinds are still spaces
    ["1 234.567,8", null], // spaces and dots in one number
    ["abc", null],
    ["", null],
  ])("%j → %p", (text, expected) => {
    expect(parseNumber(text, "nb-NO")).toBe(expected);
  });

  it("says why 12.500 is refused", () => {
    expect(readNumber("12.500", "nb-NO")).toEqual({ ok: false, problem: "ambiguous" });
    expect(readNumber(" ", "nb-NO")).toEqual({ ok: false, problem: "blank" });
    expect(readNumber("x", "nb-NO")).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("numbers float64 cannot hold", () => {
  it.each<[string, NumberLocale, string]>([
    ["20000000000000000001", "en-US", "digits"],
    ["12345678901234567890", "en-US", "digits"],
    ["0.20000000000000000001", "en-US", "digits"],
    ["123456789012345678e3", "en-US", "digits"],
    ["1,234,567,890,123,456,789", "en-US", "digits"],
    ["1 234 567 890 123 456 789,5", "nb-NO", "digits"],
    ["-20000000000000000001", "en-US", "digits"],
    ["1e-400", "en-US", "tooSmall"],
    ["-1e-400", "en-US", "tooSmall"],
    ["0.0000001e-320", "en-US", "tooSmall"],
    ["1,5e-400", "nb-NO", "tooSmall"],
    ["1e400", "en-US", "tooLarge"],
    ["-1e400", "en-US", "tooLarge"],
    ["1e999", "en-US", "tooLarge"],
    ["(1e400)", "en-US", "tooLarge"],
  ])("%j (%s) → %s, never a rounded number", (text, locale, problem) => {
    expect(readNumber(text, locale)).toEqual({ ok: false, problem });
    expect(parseNumber(text, locale)).toBeNull();
  });

  it.each<[string, number]>([
    ["0.30000000000000004", 0.30000000000000004], // 17 digits: what String(0.1 + 0.2) writes
    ["12345678901234567", 12345678901234568], // 17 digits are accepted; the nearest double is what it can hold
    ["20000000000000000000", 2e19], // trailing zeros are not significant
    ["0.50000000000000000000", 0.5],
    ["000000000000000000001", 1], // nor are leading ones
    ["0.000000000000000000001", 1e-21],
    ["0e-400", 0], // zero is zero at any scale
    ["0.000", 0],
    ["1.7976931348623157e308", 1.7976931348623157e308],
    ["5e-324", 5e-324], // the smallest double is still a double
  ])("%j is still read as %p", (text, value) => {
    expect(readNumber(text, "en-US")).toEqual({ ok: true, value });
  });

});

describe("properties", () => {
  const amounts = fc.integer({ min: -1e12, max: 1e12 }).chain((cents) => fc.constant(cents / 100));

  it("en-US reads what toLocaleString('en-US') writes", () => {
    fc.assert(
      fc.property(amounts, (x) => {
        const text = x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        expect(parseNumber(text, "en-US")).toBe(x);
      }),
    );
  });

  it("nb-NO reads what toLocaleString('nb-NO') writes (narrow nbsp groups, minus sign U+2212)", () => {
    fc.assert(
      fc.property(amounts, (x) => {
        const text = x.toLocaleString("nb-NO", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
        expect(parseNumber(text, "nb-NO")).toBe(x);
      }),
    );
  });

  it("never reads a space-grouped decimal-comma number under en-US", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 1e9 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom(" ", NBSP, NNBSP), (n, d, sep) => {
        const grouped = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        expect(parseNumber(`${grouped},${String(d).padStart(2, "0")}`, "en-US")).toBeNull();
      }),
    );
  });

  it("round-trips plain JavaScript number text in both locales when unambiguous", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x);
        expect(parseNumber(text, "en-US")).toBe(x + 0);
        const nb = parseNumber(text, "nb-NO");
        if (nb !== null) expect(nb).toBe(x + 0);
      }),
    );
  });
});

describe("cellNumber", () => {
  const locale: NumberLocale = "nb-NO";
  it.each<[unknown, number | null]>([
    [12.5, 12.5],
    [-0, 0],
    [NaN, null],
    [Infinity, null],
    ["1 234,5", 1234.5],
    ["", null],
    [null, null],
    [undefined, null],
    [true, null],
    [new Date(2024, 0, 1), null],
    [{ error: "#DIV/0!" }, null],
  ])("%p → %p", (cell, expected) => {
    expect(cellNumber(cell, locale)).toBe(expected);
  });
});

describe("otherLocaleReading", () => {
  it("suggests nb-NO for 1 234,50 under en-US", () => {
    expect(otherLocaleReading("1 234,50", "en-US")).toEqual({ locale: "nb-NO", value: 1234.5 });
  });
  it("suggests en-US for 1,234.50 under nb-NO", () => {
    expect(otherLocaleReading("1,234.50", "nb-NO")).toEqual({ locale: "en-US", value: 1234.5 });
  });
  it("has nothing for text", () => {
    expect(otherLocaleReading("abc", "en-US")).toBeNull();
  });
});
