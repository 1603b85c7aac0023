/**
 * Issue 14 items 2 and 5, the pane's door: in the strict Excel fake, a person fills a plan's opportunities
 * (and inserts a row inside that table through Range.insert), the revenue goal, the negotiation fields and
 * issues; the pane refreshes twice on changed data. Every typed value is read back in its place, the
 * fake's formula rules accept every write, nothing goes to the Kept on refresh sheet.
 */
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
import { a1 } from "../../src/sheets/kit/address";
import { runPlans } from "../../src/taskpane/plansRun";
import { RunSelectOptions, runSelect } from "../../src/taskpane/selectRun";
import { workbookCells } from "../../src/cli/plan";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { OPP } from "../../src/sheets/accountPlan/opportunities";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { toExcelJs } from "../support/fake-excel/exceljs";

const NOW = new Date(Date.UTC(2024, 4, 1, 12));

function orders(n: number, bump = 0): unknown[][] {
  const rows: unknown[][] = [["Customer ID", "Sales", "Profit"]];
  for (let i = 1; i <= n; i++) {
    const sales = Math.round(100_000 / i) + bump * i;
    rows.push([`Cust ${String(i).padStart(2, "0")}`, sales, Math.round(sales * 0.2)]);
  }
  return rows;
}

const options: RunSelectOptions = {
  source: { kind: "region", sheet: "Orders", cell: "A1" },
  mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" },
  abc: { method: "value", thresholds: [80, 95], nonpositive: "D" },
  candidates: { kind: "top", n: 10 },
  language: "en",
  locale: "en-US",
  now: NOW,
};

let wb: FakeWorkbook;
afterAll(() => uninstallFakeExcel());

/** The 1-based row of the first cell in column A holding `label`. */
function labelRow(sheet: string, label: string): number {
  const col = wb.values(sheet, "A1:A400").map((r) => r[0]);
  const i = col.indexOf(label);
  if (i < 0) throw new Error(`no ${label} on ${sheet}`);
  return i + 1;
}

function read(sheet: string) {
  const cells = workbookCells(toExcelJs(wb)).get(sheet)!;
  return readAccountPlan(sheet, cells)!;
}

describe("the pane's refresh keeps typed opportunities and negotiation preparation", () => {
  test("two refreshes on changed data, a row inserted inside the opportunities table", async () => {
    wb = installFakeExcel({ sheets: ["Orders"] });
    wb.seed("Orders", "A1", orders(20));
    await Excel.run((ctx) => runSelect(ctx, options));
    const first = PORTFOLIO_ROWS.firstData;
    wb.seed("Portfolio", a1(first, PORTFOLIO_COLS.keyAccount), [["Yes"]]);
    const customer = String(wb.values("Portfolio", a1(first, 0))[0][0]);
    await Excel.run((ctx) => runPlans(ctx, options));
    const plan = `Plan ${customer}`;

    const opp = labelRow(plan, "Opportunity") + 1;
    wb.seed(plan, `A${opp}`, [
      ["Reorder", "Chairs", "HQ", 1000, 0.5, null, "Proposal", "New task", 46000, "Rival", null, "Send offer", 45000],
      ["Desks", "Desks", "North", 2500, 0.2, null, "Won", "Modified rebuy", 46100, "None", null, "Deliver", 47000],
    ].map((r) => r.map((v) => v ?? "")));
    // A row inserted inside the table, between the two, through Office.js, and typed in.
    await Excel.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(plan).getRange(`${opp + 1}:${opp + 1}`).insert("Down" as Excel.InsertShiftDirection);
      await ctx.sync();
    });
    wb.seed(plan, `A${opp + 1}`, [["Inserted", "Lamps", "", 300, 0.9]]);
    wb.seed(plan, `B${labelRow(plan, "Revenue goal")}`, [[12000]]);
    wb.seed(plan, `B${labelRow(plan, "Their BATNA")}`, [["Buy from Rival"]]);
    const neg = labelRow(plan, "Negotiation issues") + 2;
    wb.seed(plan, `A${neg}`, [["Price", 100, 90, "80 flat", 95, "USD/unit", "", "Longer term", "Volume"]]);
    const before = read(plan);
    expect(before.tables.opportunities!.map((r) => r[OPP.name])).toEqual(["Reorder", "Inserted", "Desks"]);
    expect(before.header.revenueGoal).toBe(12000);

    for (const bump of [5, 9]) {
      wb.seed("Orders", "A1", orders(22, bump));
      wb.resetStats();
      await Excel.run((ctx) => runSelect(ctx, options));
      const r = await Excel.run((ctx) => runPlans(ctx, options));
      // The review list names the overdue next step (due 2023-03-15, proposal), not the won one.
      const steps = r.state.review.filter((x) => x.kind === "nextStep");
      expect(steps.map((x) => [x.customer, x.text, x.step, x.date])).toEqual([[customer, "Reorder", "Send offer", 45000]]);
      expect(steps[0].address).toBe(`M${labelRow(plan, "Reorder")}`);
      expect(wb.syncs.every((s) => !s.error)).toBe(true);
      const after = read(plan);
      expect(after.tables.opportunities).toEqual(before.tables.opportunities);
      expect(after.tables.negotiation).toEqual(before.tables.negotiation);
      expect(after.fields.theirBatna).toBe("Buy from Rival");
      expect(after.header.revenueGoal).toBe(12000);
      expect(wb.findSheet("Kept on refresh")).toBeUndefined();
    }
    // The formulas are back on every row: the weighted value of the inserted row.
    const row = labelRow(plan, "Inserted");
    expect(String(wb.formulas(plan, `F${row}`)[0][0])).toBe(`=IF(AND(ISNUMBER(D${row}),ISNUMBER(E${row})),D${row}*E${row},"")`);
  });
});
