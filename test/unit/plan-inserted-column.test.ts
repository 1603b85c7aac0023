/**
 * A column a person inserts inside a plan sheet (hunted in LibreOffice: typed values there landed in the
 * plan field that has that column after the refresh, one even as an "override" of the weighted value):
 * the column comes out before the plan is read, every field goes back to its own column, and what was
 * typed in the inserted column is listed on Kept on refresh, once, over two refreshes.
 */
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions } from "../../src/plan/planWorkbook";
import { BC, DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { OPP } from "../../src/sheets/accountPlan/opportunities";
import { withoutInsertedColumns } from "../../src/sheets/accountPlan/read";
import { a1 } from "../../src/sheets/kit/address";
import { sheetEn } from "../../src/i18n/sheets";
import { PLAN_OPTIONS } from "../support/planSpec";
import { Book, Grid, bookOf, findAll, get, insertCol, refresh, set } from "../support/sheetEdits";
import { buildSelectionWorkbook } from "../../src/plan/planWorkbook";

const data: PlanData = { customers: ["C01", "C02"], revenue: [500, 400], profit: [50, 40], usedRows: 2, skippedRows: 0 };
const opts: SelectionOptions = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01"] } };
const lay = planLayout(DEFAULT_SIZES);
const bc = lay.tables.buyingCenter;
const opp = lay.tables.opportunities;
const plan = (book: Book): Grid => book.get("Plan C01")!;

describe("a column inserted inside a plan sheet", () => {
  it("is taken out on refresh: fields back in their columns, its cells on Kept on refresh once", () => {
    let book = bookOf(buildSelectionWorkbook(data, opts));
    const g = plan(book);
    set(g, a1(bc.first, BC.name), "Ann");
    set(g, a1(bc.first, BC.attitude), sheetEn["aplan.attitude.supporter"]);
    set(g, a1(opp.first, OPP.name), "Renewal");
    set(g, a1(opp.first, OPP.value), 5000);
    set(g, a1(opp.first, OPP.next), "Call Ann");
    set(g, a1(bc.first + 1, PLAN_WIDTH_RIGHT), "note beside");
    // Column F inserted, and three things typed in it: over the header row, in a contact row, in an opportunity.
    insertCol(g, 5);
    set(g, a1(bc.first - 1, 5), "my column");
    set(g, a1(bc.first, 5), "my contact note");
    set(g, a1(opp.first, 5), "my opportunity note");
    expect(withoutInsertedColumns(g).removed.map((x) => x.value)).toEqual(["my column", "my contact note", "my opportunity note"]);

    const first = refresh(book, data, opts);
    expect(first.counts.typed.overrides).toBe(0);
    book = bookOf(refresh(bookOf(first), data, opts));
    const p = plan(book);
    expect([get(p, a1(bc.first, BC.name)), get(p, a1(bc.first, BC.attitude))]).toEqual(["Ann", sheetEn["aplan.attitude.supporter"]]);
    expect([get(p, a1(opp.first, OPP.name)), get(p, a1(opp.first, OPP.value)), get(p, a1(opp.first, OPP.next))]).toEqual(["Renewal", 5000, "Call Ann"]);
    expect(get(p, a1(bc.first + 1, PLAN_WIDTH_RIGHT))).toBe("note beside");
    const kept = book.get("Kept on refresh")!;
    for (const v of ["my column", "my contact note", "my opportunity note"]) {
      expect(findAll(kept, v)).toHaveLength(1);
      expect(findAll(p, v)).toHaveLength(0);
    }
    const why = kept.find((r) => r?.includes("my contact note"))!;
    expect(why).toContain(sheetEn["kept.why.planColumn"]);
    expect(why).toContain(a1(bc.first, 5));
  });

  it("is not guessed from a header typed over: nothing is taken out, the reader finds the columns by label", () => {
    const g = plan(bookOf(buildSelectionWorkbook(data, opts)));
    set(g, a1(bc.first - 1, BC.role2), "Second role");
    expect(withoutInsertedColumns(g).removed).toEqual([]);
    expect(withoutInsertedColumns(g).cells).toBe(g);
  });
});

/** A column right of the plan's 13 (A..M): notes typed there. */
const PLAN_WIDTH_RIGHT = 14;
