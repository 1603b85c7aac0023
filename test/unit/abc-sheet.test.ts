import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { AbcOptions, abcTable } from "../../src/core/abc";
import { ABC_LABELS, AbcSheetOptions, buildAbcSheet, structuredRef, ABC_CHART_HELPER_COL } from "../../src/sheets/abc/build";
import type { Block, SheetSpec } from "../../src/plan/spec";

const GOLDEN = join(__dirname, "../golden/abc-sheet");

interface GoldenInput {
  customers: string[];
  totals: number[];
  abc: AbcOptions;
  sheet: AbcSheetOptions;
}

function build(input: GoldenInput): SheetSpec {
  return buildAbcSheet(abcTable(input.customers, input.totals, input.abc), input.sheet);
}

/** Formula of the block cell at sheet (row, col), 0-based. */
function formulaAt(spec: SheetSpec, row: number, col: number): string | undefined {
  for (const b of spec.blocks) {
    const f = b.formulas?.[row - b.row]?.[col - b.col];
    if (f) return f;
  }
  return undefined;
}

function valueAt(spec: SheetSpec, row: number, col: number): unknown {
  let found: unknown;
  for (const b of spec.blocks as Block[]) {
    const v = b.values[row - b.row]?.[col - b.col];
    if (v !== undefined && v !== null) found = v;
  }
  return found;
}

describe("golden WorkbookSpecs (test/golden/abc-sheet/<case>/input.json → expected.json)", () => {
  const cases = readdirSync(GOLDEN).filter((d) => existsSync(join(GOLDEN, d, "input.json")));
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));
  it.each(cases)("%s", (name) => {
    const input: GoldenInput = JSON.parse(readFileSync(join(GOLDEN, name, "input.json"), "utf8"));
    const actual = build(input);
    const expectedPath = join(GOLDEN, name, "expected.json");
    if (!existsSync(expectedPath)) {
      throw new Error(`No expected.json for ${name} yet. Actual output, to review and save:\n${JSON.stringify(actual, null, 2)}`);
    }
    // Compared as JSON: the golden file is what a reviewer reads (undefined entries appear as null).
    expect(JSON.parse(JSON.stringify(actual))).toEqual(JSON.parse(readFileSync(expectedPath, "utf8")));
  });
});

describe("buildAbcSheet", () => {
  const input: GoldenInput = JSON.parse(readFileSync(join(GOLDEN, "small-en-value", "input.json"), "utf8"));
  const spec = build(input);

  it("is the ABC sheet with a stable id, header frozen", () => {
    expect(spec.name).toBe("ABC");
    expect(spec.id).toBe("kam.abc");
    expect(spec.freeze).toEqual({ rows: 14, cols: 0 });
    expect(spec.columnWidths?.[1]).toBeGreaterThanOrEqual(14);
  });

  it("puts the ranked customers in table tblABC with number formats", () => {
    const [t] = spec.tables;
    expect(t.name).toBe("tblABC");
    expect([t.row, t.col]).toEqual([13, 0]); // below the summary, on rows of its own
    expect(t.headers).toEqual(["Rank", "Customer", "Value", "Share", "Cumulative share", "Class"]);
    expect(t.numberFormats).toEqual(["0", "@", "#,##0.00", "0.0%", "0.0%", "@"]);
    expect(t.rows.map((r) => [r[0], r[1], r[5]])).toEqual([
      [1, "Acme", "A"],
      [2, '=HYPERLINK("http://example.com","x")', "A"], // crosses 80 %: still A
      [3, "Nordlys AS", "B"], // 73.43 + 55.77 is exactly 80 % of 161.50: B
      [4, "+47 22 00 00 00", "B"], // 149.2 of 161.5 before it: 92.4 % < 95 %
      [5, "Zero Inc", "D"],
      [6, "Loss Ltd", "D"],
    ]);
    expect(t.rows[0][3]).toBeCloseTo(73.43 / 161.5, 15);
    expect(t.rows[1][4]).toBeCloseTo(0.8, 15);
  });

  it("summarises per class with native COUNTIF/SUMIF formulas over the table", () => {
    // Summary header at B1; classes A..D on rows 2..5, Total on 6; T⁺ on row 7 (0-based 6), column D.
    expect(valueAt(spec, 0, 1)).toBe("Class");
    expect(["A", "B", "C", "D", "Total"].map((_, i) => valueAt(spec, 1 + i, 1))).toEqual(["A", "B", "C", "D", "Total (net, losses included)"]);
    expect(formulaAt(spec, 1, 2)).toBe('=COUNTIF(tblABC[Class],"A")');
    expect(formulaAt(spec, 1, 3)).toBe('=SUMIF(tblABC[Class],"A",tblABC[Value])');
    expect(formulaAt(spec, 1, 4)).toBe("=IF($D$7>0,D2/$D$7,0)");
    expect(formulaAt(spec, 4, 2)).toBe('=COUNTIF(tblABC[Class],"D")');
    expect(formulaAt(spec, 5, 2)).toBe("=ROWS(tblABC[Class])");
    expect(formulaAt(spec, 5, 3)).toBe("=SUM(tblABC[Value])");
    expect(formulaAt(spec, 6, 3)).toBe('=SUMIF(tblABC[Value],">0")');
    // No summary cell shares a row with the table (filtering the table cannot hide the summary).
    const tableRows = new Set(spec.tables[0].rows.map((_, i) => spec.tables[0].row + i));
    tableRows.add(spec.tables[0].row);
    // (The Pareto's limit-line cells, right of the chart and outside the print area, stand beside the rows on purpose.)
    const summaryBlocks = spec.blocks.filter((b) => b.col < ABC_CHART_HELPER_COL);
    for (const b of summaryBlocks) for (let r = b.row; r < b.row + b.values.length; r++) expect(tableRows.has(r)).toBe(false);
    expect(JSON.stringify(spec.blocks)).not.toMatch(/KAM\./); // native formulas only (DESIGN §2 rule 7)
  });

  it("records the settings, the user's value label as literal text", () => {
    expect(valueAt(spec, 8, 2)).toBe("Sales");
    expect(valueAt(spec, 10, 2)).toBe("80 % / 95 %");
  });

  it("specifies a Pareto chart: value columns, cumulative share line and the A/B limits on a secondary percent axis", () => {
    expect(spec.charts).toHaveLength(1);
    const [c] = spec.charts;
    expect(c.title).toBe("Pareto: Sales by customer");
    expect(c.secondaryAxisPercent).toBe(true);
    expect(c.series.map((s) => [s.name, s.values, s.type, !!s.secondaryAxis, s.categories, !!s.dashed])).toEqual([
      ["Value", "C15:C20", "column", false, "B15:B20", false],
      ["Cumulative share", "E15:E20", "line", true, "B15:B20", false],
      ["A limit (80 %)", "T15:T20", "line", true, "B15:B20", true],
      ["B limit (95 %)", "U15:U20", "line", true, "B15:B20", true],
    ]);
    // The limits' cells: the thresholds once per customer, right of the chart (H–O) and of the print area.
    expect([valueAt(spec, 14, 19), valueAt(spec, 14, 20), valueAt(spec, 19, 19), valueAt(spec, 20, 19)]).toEqual([0.8, 0.95, 0.8, undefined]);
    expect(c.col + c.widthCols).toBeLessThanOrEqual(19);
    // Six customers keep their names on the axis; a long list does not (ABC_CHART_MAX_LABELS).
    expect(c.xAxis).toBeUndefined();
  });

  it("colours the class column by class", () => {
    expect(spec.conditionalFormats.map((cf) => [cf.range, cf.formula])).toEqual([
      ["F15:F20", '=$F15="A"'],
      ["F15:F20", '=$F15="B"'],
      ["F15:F20", '=$F15="C"'],
      ["F15:F20", '=$F15="D"'],
    ]);
  });

  it("writes Norwegian labels and refers to the Norwegian column names in formulas", () => {
    const nbSpec = buildAbcSheet(abcTable(["a"], [1]), { ...input.sheet, language: "nb" });
    expect(nbSpec.tables[0].headers).toEqual(["Rang", "Kunde", "Verdi", "Andel", "Kumulativ andel", "Klasse"]);
    expect(formulaAt(nbSpec, 1, 3)).toBe('=SUMIF(tblABC[Klasse],"A",tblABC[Verdi])');
    expect(nbSpec.charts[0].title).toBe("Pareto: Sales per kunde");
  });

  it("has every label in both languages", () => {
    expect(Object.keys(ABC_LABELS.nb).sort()).toEqual(Object.keys(ABC_LABELS.en).sort());
    for (const v of Object.values(ABC_LABELS.nb)) expect(v.trim()).not.toBe("");
  });

  it("builds no chart for an empty summary", () => {
    const empty = buildAbcSheet(abcTable([], []), input.sheet);
    expect(empty.charts).toEqual([]);
    expect(empty.tables[0].rows).toEqual([]);
  });
});

describe("structuredRef", () => {
  it.each<[string, string]>([
    ["Class", "tblABC[Class]"],
    ["Cumulative share", "tblABC[Cumulative share]"],
    ["Q[1]", "tblABC[Q'[1']]"],
    ["#Items", "tblABC['#Items]"],
    ["O'Neil", "tblABC[O''Neil]"],
  ])("%j → %j", (col, ref) => {
    expect(structuredRef("tblABC", col)).toBe(ref);
  });
});
