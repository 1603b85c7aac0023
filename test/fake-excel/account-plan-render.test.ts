/**
 * The whole plan workbook with 30 key account plans and the Overview (Superstore, 793 customers) rendered
 * through the Office.js renderer into the strict Excel fake: every sheet, formula, list validation and
 * conditional format lands, and the number of syncs is the same constant as for 5 plans and for the
 * selection sheets alone: it grows neither with rows nor with plan sheets (DESIGN §2 rule 4).
 */
import { resolve } from "node:path";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { readCsvFile } from "../../src/read/csv";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { PlanData, planDataFromGrid } from "../../src/plan/planInput";
import { buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { WorkbookSpec } from "../../src/plan/spec";
import { renderToExcel } from "../../src/render/office";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const mapping = { customer: "Customer ID", value: "Sales", profit: "Profit" };
let data: PlanData;
let wb: FakeWorkbook;
const measured: Record<string, unknown> = {};

const spec = (n: number | null): WorkbookSpec =>
  buildSelectionWorkbook(data, {
    language: "en",
    mapping,
    plans: n !== null,
    keyAccounts: n === null ? undefined : { kind: "top", n },
  }).spec;

beforeAll(async () => {
  data = planDataFromGrid(await readCsvFile(SUPERSTORE), mapping, "en-US", "superstore_sample.csv");
});
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Orders"] });
});
afterAll(() => {
  uninstallFakeExcel();
  console.log("account-plan-render sync measurements", JSON.stringify(measured));
});

async function render(s: WorkbookSpec, label: string): Promise<number> {
  const result = await Excel.run((ctx) => renderToExcel(ctx, s));
  measured[label] = {
    sheets: s.sheets.length,
    rendererSyncs: result.syncs,
    totalSyncs: wb.syncCount,
    maxRequestBytes: wb.maxRequestBytes,
  };
  return result.syncs;
}

describe("30 key account plans in Excel (fake)", () => {
  test("every plan sheet and the Overview land, with formulas, lists and highlighting", async () => {
    const s = spec(30);
    await render(s, "plans30");
    const plans = wb.liveSheets().filter((x) => x.name.startsWith("Plan "));
    expect(plans).toHaveLength(30);
    expect(wb.liveSheets().map((x) => x.name).slice(0, 6)).toEqual(["Orders", "ABC", "Profitability", "Scoring", "Portfolio", "Overview"]);
    const lay = planLayout(DEFAULT_SIZES);
    const first = plans[0].name;
    const act = lay.tables.actions.first + 1;
    expect(wb.values(first, "A3:B3")).toEqual([["Customer ID", first.slice(5)]]);
    expect(wb.formulas(first, `M${act}`)[0][0]).toMatch(/TODAY\(\)/);
    expect(wb.validationAt(first, `J${act}`)?.rule).toEqual({
      list: { inCellDropDown: true, source: "Planned,In progress,Done,Cancelled" },
    });
    expect(wb.validationAt(first, `E${lay.tables.buyingCenter.first + 1}`)?.rule).toEqual({
      list: { inCellDropDown: true, source: "Initiator,User,Influencer,Decider,Approver,Buyer,Gatekeeper" },
    });
    expect(wb.formulas("Overview", "G5")[0][0]).toMatch(/^=COUNTIFS\('Plan [^']+'!\$D\$\d+:\$D\$\d+,"<>"/);
    expect(wb.values("Overview", "A35")[0][0]).toBe("Total");
    expect(wb.maxRequestBytes).toBeLessThan(5_000_000);
  });

  test("the sync count does not grow with rows or plans: selection only = 5 plans, 30 plans one more write batch for their size", async () => {
    const counts: number[] = [];
    for (const [n, label] of [
      [null, "selectionOnly"],
      [5, "plans5"],
      [30, "plans30again"],
    ] as const) {
      wb = installFakeExcel({ sheets: ["Orders"] });
      counts.push(await render(spec(n), label));
    }
    // Syncs follow the payload, never the row or plan count: 5 plans write in the same syncs as none.
    // 30 plans (36 sheets, with every generated cell's fingerprint on the settings sheet; since issue 14
    // each plan also holds the relationship matrix, the opportunities and the negotiation) pass the 4 MB
    // budget of one write sync twice, so they take up to two more write batches, and no more.
    expect(counts[0]).toBe(3);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBeLessThanOrEqual(counts[0] + 2);
  });
});

describe("the plan's one-page summary prints on a page of its own in Excel (fake)", () => {
  test("one manual page break below the summary, not a second one after a refresh", async () => {
    const s = spec(2);
    const lay = planLayout(DEFAULT_SIZES);
    await render(s, "plans2");
    await render(s, "plans2again");
    const plans = wb.liveSheets().filter((x) => x.name.startsWith("Plan "));
    expect(plans).toHaveLength(2);
    // Issue 14: and one above the org chart, one before the opportunities and one before the negotiation, not doubled.
    for (const p of plans) {
      expect(p.rowBreaks).toEqual([lay.summary.last + 2, lay.orgChart, lay.sections["aplan.section.opportunities"], lay.sections["aplan.section.negotiation"]]);
    }
    expect(wb.liveSheets().find((x) => x.name === "ABC")!.rowBreaks).toEqual([]);
  });
});
