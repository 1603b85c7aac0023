/**
 * Issue 14, whitespace roll-up: the Whitespace totals as the data source of an attractiveness criterion
 * (src/sheets/whitespace/rollup.ts) — the scaling, the formula text and where it points, the choice made by
 * option or by the Data source cell and kept over refreshes and a language switch, typed ratings kept.
 */
import { PLAN_OPTIONS } from "../support/planSpec";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { isFormulaCell } from "../../src/plan/userCell";
import { Book, Grid, bookOf, get, refresh, set } from "../support/sheetEdits";
import { FIRST_BLOCK_ROW, blockHeight, whitespaceLayout, DEFAULT_UNITS } from "../../src/sheets/whitespace/build";
import { a1 } from "../../src/sheets/kit/address";
import { SCORING_ROWS } from "../../src/sheets/scoring/build";
import type { WhitespaceBlock } from "../../src/sheets/whitespace/build";
import {
  blockTotals,
  withRollupRatings,
  isWhitespaceRatingFormula,
  isWhitespaceSource,
  whitespaceRating,
  whitespaceRatingFormula,
} from "../../src/sheets/whitespace/rollup";
import { CRITERIA_LIBRARY } from "../../src/plan/criteria";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06"],
  revenue: [500, 400, 300, 200, 100, 50],
  profit: [50, 40, -30, 20, 10, 5],
  usedRows: 6,
  skippedRows: 0,
};
const opts: SelectionOptions = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } };

describe("the scaling", () => {
  it("gives 10 to the largest untapped, 1 to none left, whole numbers in between, blank without potential", () => {
    expect(whitespaceRating(1000, 800, 800)).toBe(10);
    expect(whitespaceRating(1000, 0, 800)).toBe(1);
    expect(whitespaceRating(1000, 400, 800)).toBe(6); // 1 + 4.5 = 5.5 → 6 (ROUND half away from zero)
    expect(whitespaceRating(1000, 200, 900)).toBe(3); // 1 + 2 = 3
    expect(whitespaceRating(0, 0, 800)).toBeNull();
    expect(whitespaceRating(500, 0, 0)).toBe(1);
  });

  it("writes the same arithmetic as a native formula, on the Whitespace sheet's total cells", () => {
    const f = whitespaceRatingFormula({ potential: "R13", untapped: "S13" }, ["S13", "S26"], "Whitespace");
    expect(f).toBe(
      '=IF(Whitespace!$R$13=0,"",IF(MAX(Whitespace!$S$13,Whitespace!$S$26)<=0,1,ROUND(1+9*Whitespace!$S$13/MAX(Whitespace!$S$13,Whitespace!$S$26),0)))',
    );
    expect(isWhitespaceRatingFormula({ formula: f })).toBe(true);
    // Quoted names and moved rows are still ours; anything else is a person's.
    expect(isWhitespaceRatingFormula({ formula: whitespaceRatingFormula({ potential: "R40", untapped: "S40" }, ["S40"], "My space") })).toBe(true);
    expect(isWhitespaceRatingFormula({ formula: "=IF(A1=0,1,2)" })).toBe(false);
    expect(isWhitespaceRatingFormula(7)).toBe(false);
  });

  it("nests MAX for more than 200 accounts (at most 255 arguments)", () => {
    const all = Array.from({ length: 450 }, (_, i) => `S${i + 1}`);
    const f = whitespaceRatingFormula({ potential: "R1", untapped: "S1" }, all, "W");
    expect(f).toContain("MAX(MAX(W!$S$1,");
    expect(f.match(/MAX\(W!/g)).toHaveLength(6); // three groups, twice
  });

  it("is chosen by the data-source text in either language, and no library criterion has it", () => {
    expect(isWhitespaceSource("Untapped potential (Whitespace)")).toBe(true);
    expect(isWhitespaceSource(" uutnyttet potensial (innplass) ")).toBe(true);
    expect(isWhitespaceSource("ABC sheet")).toBe(false);
    expect(CRITERIA_LIBRARY.some((c) => isWhitespaceSource(c.text.en.source) || isWhitespaceSource(c.text.nb.source))).toBe(false);
  });
});

describe("the ratings computed here (quadrants, History)", () => {
  const block = (customer: string, cells: [unknown, unknown, unknown][]): WhitespaceBlock => ({
    customer,
    units: [{ name: "U", cells: new Map(cells.map((c, k) => [`o${k}`, { offering: `O${k}`, current: c[0], potential: c[1], status: c[2] } as never])), beside: [] }],
    unitRows: [5],
    offeringCols: new Map(cells.map((_, k) => [`o${k}`, 1 + 3 * k])),
  });
  it("sum the block as its formulas do: not relevant out, current above potential is 0, text is an error", () => {
    expect(blockTotals(block("A", [[100, 300, "open"], [500, 200, null], [0, 900, "ikke relevant"]]))).toEqual({ potential: 500, untapped: 200 });
    expect(blockTotals(block("A", [[null, 50, null]]))).toEqual({ potential: 50, untapped: 50 });
    expect(blockTotals(block("A", [["n/a", 50, null]]))).toBeNull();
  });
  it("fill blank fed ratings of rows with a block, keep typed ones and rows without a block", () => {
    const blocks = new Map([
      ["A", block("A", [[100, 500, "open"]])], // untapped 400 → 10
      ["B", block("B", [[100, 300, "open"]])], // untapped 200 → 1 + 4.5 → 6
      ["C", block("C", [[null, null, null]])], // no potential → blank
    ]);
    const rows = ["A", "B", "C", "D"].map((customer) => ({ customer, ratings: { ATT2: 3 } as Record<string, unknown> })) as never[];
    const out = withRollupRatings(rows as { customer: string; ratings: Record<string, never> }[], ["ATT1"], blocks);
    expect(out.map((r) => r.ratings.ATT1 ?? null)).toEqual([10, 6, null, null]);
    const typed = withRollupRatings([{ customer: "A", ratings: { ATT1: 2 } }, { customer: "B", ratings: {} }], ["ATT1"], blocks);
    // A's typed rating stays; A's block still sets the maximum (its formula is only overridden on the sheet).
    expect(typed.map((r) => r.ratings.ATT1)).toEqual([2, 6]);
  });
});

describe("the roll-up in the plan workbook", () => {
  const scoring = (b: Book): Grid => b.get("Scoring")!;
  const colOf = (g: Grid, id: string): number => g[SCORING_ROWS.header].indexOf(id);
  const rowOf = (g: Grid, customer: string): number => g.findIndex((r, i) => i >= SCORING_ROWS.firstData && r?.[0] === customer);
  // Independent: C01's block is first, C02's next, five offerings, six units each.
  const totalsOf = (k: number): { potential: string; untapped: string } => {
    const lay = whitespaceLayout(FIRST_BLOCK_ROW + k * blockHeight(DEFAULT_UNITS), 5, DEFAULT_UNITS);
    return { potential: a1(lay.total, lay.right.potential), untapped: a1(lay.total, lay.right.untapped) };
  };

  it("is off by default: no rating reads the Whitespace", () => {
    const g = scoring(bookOf(buildSelectionWorkbook(data, opts)));
    expect(g.flat().some((v) => isWhitespaceRatingFormula(v))).toBe(false);
    expect(g.flat().some((v) => isWhitespaceSource(v))).toBe(false);
  });

  it("--whitespace-criterion sets the Data source; key accounts get the formula, others keep their rating; kept over refreshes", () => {
    const first = bookOf(buildSelectionWorkbook(data, { ...opts, whitespaceCriterion: "ATT1" }));
    let g = scoring(first);
    const col = colOf(g, "ATT1");
    expect(get(g, a1(SCORING_ROWS.source, col))).toBe("Untapped potential (Whitespace)");
    const all = [totalsOf(0).untapped, totalsOf(1).untapped];
    expect(get(g, a1(rowOf(g, "C01"), col))).toEqual({ formula: whitespaceRatingFormula(totalsOf(0), all, "Whitespace") });
    expect(get(g, a1(rowOf(g, "C02"), col))).toEqual({ formula: whitespaceRatingFormula(totalsOf(1), all, "Whitespace") });
    expect(get(g, a1(rowOf(g, "C03"), col)) ?? null).toBeNull();

    // A person rates C03 by hand and types 7 over C01's formula; refreshed twice without the option.
    set(g, a1(rowOf(g, "C03"), col), 4);
    set(g, a1(rowOf(g, "C01"), col), 7);
    let book = bookOf(refresh(first, data, opts));
    book = bookOf(refresh(book, data, opts));
    g = scoring(book);
    expect(get(g, a1(SCORING_ROWS.source, col))).toBe("Untapped potential (Whitespace)");
    expect(get(g, a1(rowOf(g, "C03"), col))).toBe(4);
    expect(get(g, a1(rowOf(g, "C01"), col))).toBe(7); // an override of the formula, kept
    expect(get(g, a1(rowOf(g, "C02"), col))).toEqual({ formula: whitespaceRatingFormula(totalsOf(1), all, "Whitespace") });
    const kept = [...book.entries()].find(([n]) => n.startsWith("Kept"))?.[1];
    expect(kept?.flat().some((v) => typeof v === "string" && v.includes("ROUND(1+9*"))).toBe(true);

    // Norwegian: the choice follows the language and stays on.
    const nb = bookOf(refresh(book, data, { ...opts, language: "nb" }));
    g = scoring(nb);
    expect(get(g, a1(SCORING_ROWS.source, col))).toBe("Uutnyttet potensial (Innplass)");
    expect(isWhitespaceRatingFormula(get(g, a1(rowOf(g, "C02"), col)))).toBe(true);

    // none: the library source text is back, the formulas are gone, typed ratings stay.
    const off = bookOf(refresh(nb, data, { ...opts, language: "nb", whitespaceCriterion: "none" }));
    g = scoring(off);
    expect(get(g, a1(SCORING_ROWS.source, col))).toBe(CRITERIA_LIBRARY[0].text.nb.source);
    expect(g.flat().some((v) => isWhitespaceRatingFormula(v))).toBe(false);
    expect(get(g, a1(rowOf(g, "C03"), col))).toBe(4);
  });

  it("is chosen by typing the text in a criterion's Data source cell", () => {
    const book = bookOf(buildSelectionWorkbook(data, opts));
    const g = scoring(book);
    const col = colOf(g, "ATT3");
    set(g, a1(SCORING_ROWS.source, col), "Uutnyttet potensial (Innplass)");
    const after = scoring(bookOf(refresh(book, data, opts)));
    expect(get(after, a1(SCORING_ROWS.source, col))).toBe("Untapped potential (Whitespace)");
    const cell = get(after, a1(rowOf(after, "C02"), col));
    expect(isFormulaCell(cell) && isWhitespaceRatingFormula(cell)).toBe(true);
  });

  it("refuses an ID that is not an attractiveness criterion", () => {
    expect(() => buildSelectionWorkbook(data, { ...opts, whitespaceCriterion: "STR1" })).toThrow(/whitespace|criterion/i);
  });
});
