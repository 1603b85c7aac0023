/**
 * One chart model, two renderers (issue 11 part 2): the same WorkbookSpec (a `kam plan` run) rendered by the
 * Office.js renderer into the strict fake Excel and by the file renderer (DrawingML), and both charts of each
 * sheet get the same series: the same value ranges and the same category / x ranges, on the chart's own sheet.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import { renderToExcel } from "../../src/render/office";
import { a1, sheetQualified } from "../../src/sheets/kit/address";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import type { RangeRef } from "../support/fake-excel/model";

const dir = mkdtempSync(join(tmpdir(), "kam-chart-parity-"));
afterAll(() => {
  uninstallFakeExcel();
  rmSync(dir, { recursive: true, force: true });
});

const CSV = "Customer,Sales,Profit\nO'Brien & Sønner,500,40\nMcDonald's,400,-5\nÆrlig Handel AS,120,12\nBeta,50,1\nGamma,30,-2\n";

/** Series of a chart as "values | categories", each a sheet-qualified absolute range. */
type Series = string[];

function ref(r: RangeRef | undefined): string {
  return r ? sheetQualified(r.sheet.name, a1(r.rect.r0, r.rect.c0, r.rect.r1, r.rect.c1), true) : "";
}

/** The file's charts in part order: per chart its title and series, read from `<c:ser>` elements. */
async function fileCharts(path: string): Promise<{ title: string; series: Series }[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const parts = zip.file(/^xl\/charts\/chart[0-9]+\.xml$/).sort((a, b) => Number(/([0-9]+)\.xml/.exec(a.name)![1]) - Number(/([0-9]+)\.xml/.exec(b.name)![1]));
  const unescape = (s: string): string => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return Promise.all(
    parts.map(async (p) => {
      const xml = await p.async("string");
      const title = unescape(/<c:title>[\s\S]*?<a:t>([^<]*)<\/a:t>/.exec(xml)?.[1] ?? "");
      const series = Array.from(xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g), (m) => {
        const f = (tag: string): string => unescape(new RegExp(`<c:${tag}><c:(?:num|str)Ref><c:f>([^<]*)</c:f>`).exec(m[1])?.[1] ?? "");
        return `${f("val") || f("yVal")} | ${f("cat") || f("xVal")}`;
      });
      return { title, series };
    }),
  );
}

describe("the same chart spec in Excel (Office.js) and in the file (DrawingML)", () => {
  it("gives both renderers the same series ranges for every chart of the plan", async () => {
    const csv = join(dir, "data.csv");
    writeFileSync(csv, CSV);
    const out = join(dir, "plan.xlsx");
    const planned = await runPlan(PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", profit: "Profit", "key-accounts": "O'Brien & Sønner,McDonald's", out }));
    const specCharts = planned.result.spec.sheets.flatMap((s) => s.charts.map((c) => ({ sheet: s.name, title: c.title })));
    expect(specCharts.map((c) => c.sheet)).toEqual(["ABC", "Profitability", "Portfolio", "Overview", "Plan O'Brien & Sønner", "Plan McDonald's"]);

    const fake = installFakeExcel({ sheets: ["Data"] });
    await Excel.run((ctx) => renderToExcel(ctx, planned.result.spec));
    const inExcel = fake
      .liveSheets()
      .flatMap((s) => s.charts.filter((c) => !c.deleted))
      .map((c) => ({ title: c.title ?? "", sheet: c.sheet.name, series: c.series.map((s) => `${ref(s.values)} | ${ref(s.xValues)}`) }));
    const inFile = await fileCharts(out);

    expect(inExcel.map((c) => c.title)).toEqual(specCharts.map((c) => c.title));
    expect(inFile.map((c) => c.title)).toEqual(specCharts.map((c) => c.title));
    inExcel.forEach((c, i) => {
      expect(inFile[i].series).toEqual(c.series);
      // Every range is on the chart's own sheet.
      for (const s of c.series) for (const r of s.split(" | ").filter(Boolean)) expect(r.startsWith(sheetQualified(c.sheet, "A1").slice(0, -2))).toBe(true);
    });
    // Pareto (value, cumulative share, A and B limits), whale curve, KAISM, actions, and each plan's KAISM position.
    expect(inExcel.map((c) => c.series.length).slice(0, 4)).toEqual([4, 2, 4, 3]);
  });
});
