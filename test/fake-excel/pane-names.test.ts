/**
 * The task pane's Name mapping (issue 11 part 4) against the strict Excel fake: a name column is suggested
 * from its header beside an ID column, and the Select and Plans steps show the names beside the IDs on the
 * sheets and in new plan sheet names, keyed by ID.
 */
import { suggestMapping } from "../../src/core/headers";
import { a1 } from "../../src/plan/formula";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { PORTFOLIO_ROWS, portfolioCols } from "../../src/sheets/portfolio/build";
import { RunPlansOptions, runPlans } from "../../src/taskpane/plansRun";
import { runSelect } from "../../src/taskpane/selectRun";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";

afterAll(() => uninstallFakeExcel());

describe("Name mapping suggestions", () => {
  it("suggests the name column beside an ID column, in English and Norwegian", () => {
    const superstore = ["Row ID", "Order ID", "Customer ID", "Customer Name", "Segment", "Sales", "Profit"];
    expect(suggestMapping(superstore)).toMatchObject({ customer: 2, name: 3, value: 5, profit: 6, segment: 4 });
    expect(suggestMapping(["Kundenr", "Kundenavn", "Omsetning"])).toMatchObject({ customer: 0, name: 1, value: 2 });
    expect(suggestMapping(["Kundenummer", "Firma", "Salg"])).toMatchObject({ customer: 0, name: 1, value: 2 });
  });

  it("takes a lone name column as the customer, with no name suggested", () => {
    const s = suggestMapping(["Kundenavn", "Omsetning"]);
    expect(s).toEqual({ customer: 0, value: 1 });
  });
});

describe("Select and Plans steps with a Name mapping (fake Excel)", () => {
  const data = [
    ["Customer ID", "Customer Name", "Sales", "Profit"],
    ["K-1", "Nordlys AS", 5000, 800],
    ["K-1", "Nordlys", 100, 10],
    ["K-1", "Nordlys AS", 2500, 300],
    ["K-2", "Fjord Handel", 4000, -200],
    ["K-3", "Bergen Bygg", 1500, 150],
    ["K-4", "Tromsø Trading", 800, 90],
  ];
  const options = (): RunPlansOptions => ({
    source: { kind: "region", sheet: "Orders", cell: "A1" },
    mapping: { customer: "Customer ID", name: "Customer Name", value: "Sales", profit: "Profit" },
    abc: { method: "value", thresholds: [80, 95], nonpositive: "D" },
    candidates: { kind: "top", n: 4 },
    language: "en",
    locale: "en-US",
    now: new Date(2026, 11, 2),
  });

  it("shows the most frequent name beside each ID and names new plans after it", async () => {
    const wb = installFakeExcel({ sheets: ["Orders"] });
    wb.seed("Orders", "A1", data);
    await Excel.run((ctx) => runSelect(ctx, options()));
    const C = portfolioCols(true);
    const first = PORTFOLIO_ROWS.firstData;
    expect(wb.values("Portfolio", a1(PORTFOLIO_ROWS.header, 0, PORTFOLIO_ROWS.header, 2))).toEqual([["Customer", "Name", "ABC class"]]);
    expect(wb.values("Portfolio", a1(first, 0, first + 1, 1))).toEqual([
      ["K-1", "Nordlys AS"],
      ["K-2", "Fjord Handel"],
    ]);
    wb.seed("Portfolio", a1(first, C.keyAccount), [["Yes"], ["Yes"]]);
    const r = await Excel.run((ctx) => runPlans(ctx, options()));
    expect(r.sheets.filter((s) => s.action === "created").map((s) => s.name)).toEqual([
      "Overview",
      "Plan Nordlys AS (K-1)",
      "Plan Fjord Handel (K-2)",
      "Account history",
      // Issue 14: whitespace, voice
      "Whitespace",
      "Survey",
      "Complaints",
      "Voice of the customer",
    ]);
    // The review list's plans carry the sheet names with the customers' names; the keys stay the IDs.
    expect(r.state.plans.map((p) => [p.customer, p.sheet])).toEqual([
      ["K-1", "Plan Nordlys AS (K-1)"],
      ["K-2", "Plan Fjord Handel (K-2)"],
    ]);
    expect(wb.values("Plan Nordlys AS (K-1)", "A1:C3")).toEqual([
      ["Key account plan: Nordlys AS (K-1)", "", ""],
      ["", "", ""],
      ["Customer ID", "K-1", "Nordlys AS"],
    ]);
    // The plan's figures read the Portfolio's columns, which moved right for the Name column.
    expect(wb.formulas("Plan Nordlys AS (K-1)", a1(planLayout(DEFAULT_SIZES).figures.class, 1))[0][0]).toBe(`=IF(Portfolio!${a1(first, C.class)}="","",Portfolio!${a1(first, C.class)})`);
  }, 120_000);
});
