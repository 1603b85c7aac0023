import { KamError } from "../../src/core/errors";
import { AbcInputOptions, readAbcInput } from "../../src/core/input";
import type { Grid } from "../../src/read/grid";

const en: AbcInputOptions = { customer: "Customer ID", value: "Sales", locale: "en-US", source: "sales.csv" };
const nb: AbcInputOptions = { customer: "Kunde", value: "Omsetning", locale: "nb-NO", source: "salg.csv" };

function failure(grid: Grid, opts: AbcInputOptions): KamError {
  try {
    readAbcInput(grid, opts);
  } catch (e) {
    if (e instanceof KamError) return e;
    throw e;
  }
  throw new Error("expected a KamError");
}

describe("readAbcInput", () => {
  it("maps customer and value columns row by row, with source row numbers", () => {
    const grid: Grid = [
      ["Row ID", "Customer ID", "Sales", "Profit"],
      ["1", "CG-12520", "261.96", "41.91"],
      ["2", "CG-12520", "731.94", "219.58"],
      ["3", "DV-13045", "14.62", "6.87"],
    ];
    expect(readAbcInput(grid, en)).toEqual({
      keys: ["CG-12520", "CG-12520", "DV-13045"],
      values: [261.96, 731.94, 14.62],
      rows: [2, 3, 4],
      skipped: { byKind: {}, rows: 0 },
      totalRows: [],
      headers: ["Row ID", "Customer ID", "Sales", "Profit"],
    });
  });

  it("matches headers after trimming both sides, case-sensitively", () => {
    const grid: Grid = [[" Customer ID ", "Sales  "], ["A", "1"]];
    expect(readAbcInput(grid, { ...en, customer: "Customer ID  " }).keys).toEqual(["A"]);
    expect(failure(grid, { ...en, value: "sales" }).code).toBe("column");
  });

  it("lists the available headers when a column is missing", () => {
    const grid: Grid = [["Customer ID", "Sales", "", "Profit"], ["A", "1"]];
    const err = failure(grid, { ...en, value: "Revenue" });
    expect(err.code).toBe("column");
    expect(err.message).toBe('Column "Revenue" not found in sales.csv. Available: Customer ID, Sales, Profit');
    expect(err.place).toEqual({ source: "sales.csv", column: "Revenue" });
  });

  it("refuses a header that appears twice", () => {
    const err = failure([["Customer ID", "Sales", "Sales"], ["A", "1", "2"]], en);
    expect(err.code).toBe("column");
    expect(err.message).toMatch(/Column "Sales" appears more than once in sales\.csv/);
  });

  it("skips and counts rows with a blank customer, ignores wholly blank rows", () => {
    const grid: Grid = [
      ["Customer ID", "Sales"],
      ["A", "10"],
      ["", "5"],
      ["   ", "abc"], // value of a skipped row is not checked
      [null, "7"],
      [],
      ["", ""],
      ["B", "2"],
    ];
    const r = readAbcInput(grid, en);
    expect(r.keys).toEqual(["A", "B"]);
    expect(r.rows).toEqual([2, 8]);
    expect(r.skipped).toEqual({ byKind: { empty: 3 }, rows: 3 });
  });

  it("takes the first non-blank row as the header, so blank rows above it are fine", () => {
    const grid: Grid = [[null, null], ["Customer ID", "Sales"], ["A", 5]];
    expect(readAbcInput(grid, en)).toMatchObject({ keys: ["A"], values: [5], rows: [3] });
  });

  it("trims customer keys and turns numeric keys into text", () => {
    const grid: Grid = [["Customer ID", "Sales"], [" ACME ", 1], ["ACME", 2], [12346, 3]];
    expect(readAbcInput(grid, en).keys).toEqual(["ACME", "ACME", "12346"]);
  });

  it("reads Norwegian numbers under nb-NO", () => {
    const grid: Grid = [["Kunde", "Omsetning"], ["Fjord AS", "1 234,50"], ["Vik AS", "-12,5"], ["Nord AS", 99]];
    expect(readAbcInput(grid, nb).values).toEqual([1234.5, -12.5, 99]);
  });

  it("names file, column and row for text in the value column", () => {
    const grid: Grid = [["Customer ID", "Sales"], ...Array.from({ length: 15 }, (_, i) => [`C${i}`, "1"]), ["X", "abc"]];
    const err = failure(grid, en);
    expect(err.code).toBe("number");
    expect(err.message).toBe('sales.csv, column "Sales", row 17: "abc" is not a number');
    expect(err.place).toEqual({ source: "sales.csv", column: "Sales", row: 17 });
  });

  it("hints at the other locale for a Norwegian number read under en-US", () => {
    const err = failure([["Customer ID", "Sales"], ["A", "1 234,50"]], en);
    expect(err.message).toBe(
      'sales.csv, column "Sales", row 2: "1 234,50" is not a number under en-US (it reads as 1,234.5 with the nb-NO locale)',
    );
  });

  it("explains an ambiguous dot under nb-NO", () => {
    const err = failure([["Kunde", "Omsetning"], ["A", "12.500"]], nb);
    expect(err.message).toMatch(/row 2: "12\.500" is not a number under nb-NO: the dot could be a thousands separator/);
  });

  it.each<[unknown, string]>([
    [null, "a blank cell is not a number"],
    ["  ", "a blank cell is not a number"],
    [true, "the logical value TRUE is not a number"],
    [{ error: "#N/A" }, "the error value #N/A is not a number"],
    [{ error: "#N/A", formula: "SUM(A1:A3)" }, "the formula =SUM(A1:A3) with no saved result is not a number"],
    [new Date(Date.UTC(2024, 4, 17)), "the date 2024-05-17 is not a number"],
    [NaN, "NaN is not a number"],
  ])("refuses %p in the value column", (cell, text) => {
    const err = failure([["Customer ID", "Sales"], ["A", cell]], en);
    expect(err.code).toBe("number");
    expect(err.message).toBe(`sales.csv, column "Sales", row 2: ${text}`);
  });

  it.each<[string, string]>([
    ["20000000000000000001", '"20000000000000000001" has more digits than can be computed exactly (at most 17 significant digits)'],
    ["1e-400", '"1e-400" is too small to compute with (it would become 0)'],
    ["1e400", '"1e400" is too large to compute with (beyond ±1.8E+308)'],
  ])("refuses %j with the reason, never a rounded value", (text, reason) => {
    const err = failure([["Customer ID", "Sales"], ["A", "1"], ["B", text]], en);
    expect(err.code).toBe("number");
    expect(err.message).toBe(`sales.csv, column "Sales", row 3: ${reason}`);
    expect(err.place).toEqual({ source: "sales.csv", column: "Sales", row: 3 });
  });

  describe("merged cells (MergedCell markers from the .xlsx reader)", () => {
    const xl: AbcInputOptions = { customer: "Customer", value: "Sales", locale: "en-US", source: "sales.xlsx" };

    it("refuses a customer merged over several data rows, naming the rows", () => {
      // Customer merged over A2:A4: only A2 holds "ACME"; rows 3 and 4 carry their own sales.
      const grid: Grid = [
        ["Customer", "Sales"],
        ["ACME", 10],
        [{ mergedFrom: "A2" }, 20],
        [{ mergedFrom: "A2" }, 30],
        ["B", 50],
      ];
      const err = failure(grid, xl);
      expect(err.code).toBe("column");
      expect(err.message).toBe(
        'sales.xlsx, column "Customer", rows 2–4 are merged cells; unmerge them so every row has its own customer (in Excel: Home → Merge & Center → Unmerge Cells).',
      );
      expect(err.place).toEqual({ source: "sales.xlsx", column: "Customer", row: 2 });
    });

    it("refuses a merged value column the same way", () => {
      const grid: Grid = [["Customer", "Sales"], ["A", 10], ["B", { mergedFrom: "B2" }], ["C", 5]];
      expect(failure(grid, xl).message).toBe(
        'sales.xlsx, column "Sales", rows 2–3 are merged cells; unmerge them so every row has its own value (in Excel: Home → Merge & Center → Unmerge Cells).',
      );
    });

    it("refuses a value cell covered by a merge across columns", () => {
      const grid: Grid = [["Customer", "Sales"], ["A", 10], ["B and C", { mergedFrom: "A3" }]];
      expect(failure(grid, xl).message).toMatch(/^sales\.xlsx, column "Sales", row 3 is covered by cells merged from A3; unmerge them/);
    });

    it("refuses a merge even on a row whose customer is blank", () => {
      const grid: Grid = [["Customer", "Sales", "Note"], ["A", 10, "x"], [null, { mergedFrom: "B2" }, "y"]];
      expect(failure(grid, xl).message).toMatch(/column "Sales", rows 2–3 are merged cells/);
    });

    it("ignores merges in columns that are not mapped, and merged blank rows", () => {
      const grid: Grid = [
        [{ mergedFrom: "A1" }, null, null], // cannot happen at A1 itself; stands for a title row's covered cells
        ["Customer", "Sales", "Note"],
        ["A", 10, "spans two rows"],
        ["B", 20, { mergedFrom: "C3" }],
        ["C", 5, null],
        [{ mergedFrom: "A5" }, null, null], // a merge over an otherwise blank row adds no data
      ];
      expect(readAbcInput(grid, xl)).toMatchObject({ keys: ["A", "B", "C"], values: [10, 20, 5], rows: [3, 4, 5] });
    });
  });

  it("refuses an error value as a customer key", () => {
    const err = failure([["Customer ID", "Sales"], [{ error: "#REF!" }, 1]], en);
    expect(err.message).toBe('sales.csv, column "Customer ID", row 2: the error value #REF! is not a customer key.');
  });

  it("reports an empty grid and a header without data", () => {
    expect(failure([], en).code).toBe("empty");
    expect(failure([[null, ""]], en).message).toBe("sales.csv is empty: no header row found.");
    expect(failure([["Customer ID", "Sales"]], en).message).toBe("sales.csv has no data rows under the header.");
    const onlyBlank = failure([["Customer ID", "Sales"], ["", "1"], ["", "2"]], en);
    expect(onlyBlank.code).toBe("empty");
    expect(onlyBlank.message).toBe('sales.csv has no data rows under the header (2 rows without a customer in "Customer ID" skipped).');
  });
});

describe("readAbcInput: data as it arrives", () => {
  const opts: AbcInputOptions = { customer: "Customer", value: "Sales", locale: "en-US", source: "s.csv" };

  it("normalises keys with the one key rule (trim, inner whitespace, case kept)", () => {
    const grid: Grid = [["Customer", "Sales"], ["ACME ", "1"], ["ACME", "2"], ["  ACME\u00a0 AS", "3"], ["acme", "4"], [12346, "5"]];
    expect(readAbcInput(grid, opts).keys).toEqual(["ACME", "ACME", "ACME AS", "acme", "12346"]);
  });

  it("skips placeholder keys by kind without checking their values, #N/A error cells included", () => {
    const grid: Grid = [
      ["Customer", "Sales"],
      ["NA", "x"],
      ["n/a", "1"],
      [{ error: "#N/A" }, null],
      ["#N/A", "2"],
      ["NULL", "3"],
      ["(blank)", "4"],
      ["-", "5"],
      ["", "6"],
      ["NA", "7"],
      ["A", "8"],
    ];
    const r = readAbcInput(grid, opts);
    expect(r.keys).toEqual(["A"]);
    expect(r.skipped).toEqual({ byKind: { NA: 2, "N/A": 1, "#N/A": 2, NULL: 1, "(blank)": 1, "-": 1, empty: 1 }, rows: 9 });
  });

  it("still refuses other error values and uncalculated formulas in the key column", () => {
    for (const cell of [{ error: "#DIV/0!" }, { error: "#N/A", formula: "VLOOKUP(A2,X,2,0)" }]) {
      expect(() => readAbcInput([["Customer", "Sales"], [cell, "1"]], opts)).toThrow(/row 2: .* is not a customer key/);
    }
  });

  it("skips and reports a trailing grand-total row", () => {
    const grid: Grid = [["Customer", "Sales"], ["A", "73.43"], ["B", "55.77"], ["C", "32.30"], [], ["Total", "161.50"]];
    const r = readAbcInput(grid, opts);
    expect(r.keys).toEqual(["A", "B", "C"]);
    expect(r.totalRows).toEqual([{ key: "Total", row: 6, value: 161.5, kind: "trailing" }]);
    expect(readAbcInput(grid, { ...opts, trailingTotal: false }).keys).toContain("Total");
  });

  it("skips and reports the rows a reader names as a table's Total row, whatever they hold", () => {
    const grid: Grid = [["Customer", "Sales"], ["A", 10], ["B", 20], ["Total", { error: "#N/A", formula: "SUBTOTAL(109,T[Sales])" }]];
    const r = readAbcInput(grid, { ...opts, tableTotalsRows: new Set([4]) });
    expect(r.keys).toEqual(["A", "B"]);
    expect(r.totalRows).toEqual([{ key: "Total", row: 4, kind: "table" }]);
  });
});
