/** The Overview sheet (src/sheets/overview/build.ts): one row per plan, native formulas over the plan sheets. */
import { DEFAULT_SIZES, buildAccountPlanSheet } from "../../src/sheets/accountPlan/build";
import { OVERVIEW_COLS, OVERVIEW_ROWS, buildOverviewSheet } from "../../src/sheets/overview/build";
import { allFormulas, cellAt } from "../support/planSpec";

const plan = (customer: string, name: string, active = true) => ({
  customer,
  sheet: name,
  active,
  refs: buildAccountPlanSheet({ customer, name, active, portfolioRow: 9, language: "en" }).refs,
});

describe("buildOverviewSheet", () => {
  const sheet = buildOverviewSheet([plan("C1", "Plan C1"), plan("O'B", "Plan O'B", false)], "en");
  const r = OVERVIEW_ROWS.firstData;
  const C = OVERVIEW_COLS;

  it("lists each plan with a link, its status, and native formulas quoting the sheet names", () => {
    expect(cellAt(sheet, r, C.customer)?.value).toBe("C1");
    expect(cellAt(sheet, r, C.sheet)?.formula).toBe(`=HYPERLINK("#'Plan C1'!A1","Plan C1")`);
    expect([cellAt(sheet, r, C.status)?.value, cellAt(sheet, r + 1, C.status)?.value]).toEqual(["Active", "Inactive"]);
    expect(cellAt(sheet, r + 1, C.open)?.formula).toMatch(
      /^=COUNTIFS\('Plan O''B'!\$D\$\d+:\$D\$\d+,"<>",'Plan O''B'!\$J\$\d+:\$J\$\d+,"<>"&"Done",'Plan O''B'!\$J\$\d+:\$J\$\d+,"<>"&"Cancelled"\)$/,
    );
    expect(cellAt(sheet, r, C.overdue)?.formula).toMatch(/"<"&TODAY\(\)\)$/);
    expect(cellAt(sheet, r, C.goalsWithoutActions)?.formula).toMatch(/^=SUMPRODUCT\(/);
    expect(cellAt(sheet, r, C.complete)?.formula).toMatch(/^=IF\(COUNTIFS\(.*\)=0,"",H5\/COUNTIFS\(/);
    expect(cellAt(sheet, r + 2, 0)?.value).toBe("Total");
    expect(cellAt(sheet, r + 2, C.overdue)?.formula).toBe("=SUM(G5:G6)");
    expect(allFormulas({ sheets: [sheet] }).every((f) => !/KAM\./.test(f))).toBe(true);
    expect(DEFAULT_SIZES.actions).toBe(20);
  });

  it("prints on A4 landscape with the header row repeated", () => {
    expect(sheet.print).toMatchObject({ paper: "A4", orientation: "landscape", fitToWidth: true, repeatRows: [3, 3], area: "A1:P7" });
  });

  it("is a valid sheet without plans", () => {
    const empty = buildOverviewSheet([], "nb");
    expect(cellAt(empty, OVERVIEW_ROWS.firstData, 0)?.value).toBe("Sum");
    expect(empty.conditionalFormats).toEqual([]);
  });
});
