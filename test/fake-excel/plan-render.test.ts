/**
 * The selection workbook (Superstore, 793 customers, 396 candidates) rendered through the Office.js
 * renderer into the strict Excel fake: all sheets, charts, validations and formulas land; the number of
 * syncs is a small constant, not a function of rows or sheets; a refresh keeps the user's entries.
 */
import { resolve } from "node:path";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { readCsvFile } from "../../src/read/csv";
import { planDataFromGrid } from "../../src/plan/planInput";
import { buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { WorkbookSpec } from "../../src/plan/spec";
import { renderToExcel, RenderResult } from "../../src/render/office";
import { extractPreserved } from "../../src/plan/preserve";
import { ALL_KINDS, readPlanCells, recognisedSheets } from "../../src/taskpane/workbookSheets";
import type { PlanData } from "../../src/plan/planInput";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");

let spec: WorkbookSpec;
let data: PlanData;
let candidates = 0;
let wb: FakeWorkbook;
const measured: Record<string, unknown> = {};

beforeAll(async () => {
  const grid = await readCsvFile(SUPERSTORE);
  data = planDataFromGrid(
    grid,
    { customer: "Customer ID", value: "Sales", profit: "Profit" },
    "en-US",
    "superstore_sample.csv",
  );
  const r = buildSelectionWorkbook(data, {
    language: "en",
    mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" },
  });
  spec = r.spec;
  candidates = r.counts.candidates;
});
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Orders"] });
});
afterAll(() => {
  uninstallFakeExcel();
  console.log("plan-render sync measurements", JSON.stringify(measured));
});

const render = (s: WorkbookSpec): Promise<RenderResult> => Excel.run((ctx) => renderToExcel(ctx, s));

describe("the selection workbook in Excel (fake)", () => {
  test("all sheets, the hidden settings, formulas, validations and the three chart specs", async () => {
    const result = await render(spec);
    measured.first = {
      rendererSyncs: result.syncs,
      totalSyncs: wb.syncCount,
      sheets: spec.sheets.length,
      maxRequestBytes: wb.maxRequestBytes,
    };

    expect(result.sheets.map((s) => [s.name, s.action])).toEqual([
      ["ABC", "created"],
      ["Profitability", "created"],
      ["Scoring", "created"],
      ["Portfolio", "created"],
      ["KAM Settings", "created"],
    ]);
    expect(wb.liveSheets().map((s) => [s.name, s.visibility])).toEqual([
      ["Orders", "Visible"],
      ["ABC", "Visible"],
      ["Profitability", "Visible"],
      ["Scoring", "Visible"],
      ["Portfolio", "Visible"],
      ["KAM Settings", "Hidden"],
    ]);

    // Scoring: IDs, criterion names, the SUMPRODUCT score, rating validation.
    expect(wb.values("Scoring", "A11:D11")).toEqual([["Customer", "ABC class", "ATT1", "ATT2"]]);
    expect(wb.formulas("Scoring", "I12")[0][0]).toBe(
      '=IF(OR(COUNT(C12:H12)<COLUMNS(C12:H12),SUM($C$9:$H$9)<=0),"",SUMPRODUCT($C$9:$H$9,C12:H12)/SUM($C$9:$H$9))',
    );
    expect(wb.validationAt("Scoring", `O${11 + candidates}`)?.rule).toEqual({
      wholeNumber: { operator: "Between", formula1: 1, formula2: 10 },
    });

    // Portfolio: references into Scoring, the Yes/No list, the count.
    expect(wb.formulas("Portfolio", "E10:F10")).toEqual([["=Scoring!I12", "=Scoring!P12"]]);
    expect(wb.validationAt("Portfolio", "I10")?.rule).toEqual({ list: { inCellDropDown: true, source: "Yes,No" } });
    expect(wb.formulas("Portfolio", "B6")[0][0]).toBe(`=COUNTIF($I$10:$I$${9 + candidates},"Yes")`);

    // Charts: Pareto (ABC), whale curve (Profitability), KAISM with two quadrant lines and the quadrant names
    // (Portfolio; a scatter in Excel, which Office.js cannot make a bubble chart, see ChartSeriesSpec).
    const charts = Object.fromEntries(
      ["ABC", "Profitability", "Portfolio", "Scoring"].map((n) => [n, wb.sheet(n).charts]),
    );
    expect(Object.values(charts).map((c) => c.length)).toEqual([1, 1, 1, 0]);
    const kaism = charts.Portfolio[0];
    expect(kaism.title).toBe("Key account selection matrix (KAISM)");
    expect(kaism.chartType).toBe("XYScatter");
    const sheet = wb.sheet("Portfolio");
    expect(
      kaism.series.map((s) => [s.name, sheet.address(s.values!.rect), s.xValues && sheet.address(s.xValues.rect)]),
    ).toEqual([
      ["Accounts", `Portfolio!E10:E${9 + candidates}`, `Portfolio!F10:F${9 + candidates}`],
      ["Strength midpoint", "Portfolio!X5:X6", "Portfolio!W5:W6"],
      ["Attractiveness midpoint", "Portfolio!Z5:Z6", "Portfolio!Y5:Y6"],
      ["Quadrants", "Portfolio!AD4:AD7", "Portfolio!AC4:AC7"],
    ]);
    expect(charts.Profitability[0].title).toBe("Whale curve: cumulative share of total profit");
    expect(charts.Profitability[0].series[0].name).toBe("Cumulative share of profit");

    // Few syncs: 2 reads + the writes (≈ 1 MB here, one batch) — a constant, not per sheet or row.
    expect(result.syncs).toBe(3);
    expect(wb.syncCount).toBe(4);
    expect(wb.maxRequestBytes).toBeLessThan(5_000_000);
  });

  test("a refresh writes the merged spec whole: ratings and choices typed in Excel stay, in the same syncs", async () => {
    await render(spec);
    wb.seed("Scoring", "C12", [[7, 8, 9, 6, 5, 4]]);
    wb.seed("Portfolio", "I10", [["Yes"]]);
    wb.resetStats();
    // The renderer is given a complete spec: what the sheets hold, merged (as the pane and the CLI do).
    const read = await Excel.run((ctx) => readPlanCells(ctx, ALL_KINDS));
    const previous = extractPreserved(read.cells);
    const merged = buildSelectionWorkbook(data, { language: "en", mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" } }, previous);
    const result = await Excel.run((ctx) => renderToExcel(ctx, merged.spec, { recognised: recognisedSheets(previous, read) }));
    measured.refresh = { rendererSyncs: result.syncs, totalSyncs: wb.syncCount, typed: merged.counts.typed };
    expect(result.sheets.every((s) => s.action === "updated")).toBe(true);
    expect(wb.values("Scoring", "C12:H12")).toEqual([[7, 8, 9, 6, 5, 4]]);
    expect(wb.values("Portfolio", "I10")).toEqual([["Yes"]]);
    expect(result.tablesKept).toBe(1);
    expect(result.syncs).toBe(3); // names and tables, tags and table places, writes
  });
});
