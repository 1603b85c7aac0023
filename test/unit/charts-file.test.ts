/**
 * Native charts in the files the CLI writes (issue 11 parts 1, 4 and 5): the DrawingML parts `kam plan`
 * adds (one chart per ABC, Profitability, Portfolio and Overview sheet), their series formulas on their own
 * sheets, caches from the spec, schema validity (dml-chart.xsd, dml-spreadsheetDrawing.xsd), the mark that
 * makes them ours, and a refresh that writes them again instead of refusing or duplicating them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import type { ChartSpec } from "../../src/plan/spec";
import { chartXml } from "../../src/render/drawingml/chart";
import { isOurChartFrame } from "../../src/render/drawingml/drawing";
import { sheetRef } from "../../src/sheets/kit/address";
import { validatePackage } from "../support/ooxml";

const dir = mkdtempSync(join(tmpdir(), "kam-charts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CSV = "Customer,Sales,Profit\nO'Brien & Sønner,500,40\nMcDonald's,400,-5\nÆrlig Handel AS,120,12\nBeta,50,1\nGamma,30,-2\n";

async function plan(out: string, keyAccounts?: string): Promise<void> {
  const csv = join(dir, "data.csv");
  writeFileSync(csv, CSV);
  await runPlan(PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", profit: "Profit", "key-accounts": keyAccounts, out }));
}

interface ChartPart {
  path: string;
  sheet: string;
  frame: string;
  xml: string;
  formulas: string[];
}

/** Every chart part with the sheet whose drawing anchors it and the graphic frame's name. */
async function chartParts(path: string): Promise<ChartPart[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const text = async (p: string): Promise<string> => (await zip.file(p)?.async("string")) ?? "";
  const workbook = await text("xl/workbook.xml");
  const wbRels = await text("xl/_rels/workbook.xml.rels");
  const out: ChartPart[] = [];
  for (const m of workbook.matchAll(/<sheet\b[^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]*)"`).exec(wbRels)?.[1] ?? "";
    const sheetPath = "xl/" + target.replace(/^\/?xl\//, "");
    const sheetRels = await text(sheetPath.replace(/worksheets\//, "worksheets/_rels/") + ".rels");
    const drawingId = /<drawing r:id="([^"]*)"/.exec(await text(sheetPath))?.[1];
    if (!drawingId) continue;
    const drawing = "xl/drawings/" + (new RegExp(`Id="${drawingId}"[^>]*Target="\\.\\./drawings/([^"]*)"`).exec(sheetRels)?.[1] ?? "");
    const drawingXml = await text(drawing);
    const drawingRels = await text(drawing.replace("drawings/", "drawings/_rels/") + ".rels");
    for (const f of drawingXml.matchAll(/<xdr:graphicFrame\b[\s\S]*?<\/xdr:graphicFrame>/g)) {
      const frame = (/<xdr:cNvPr [^>]*name="([^"]*)"/.exec(f[0])?.[1] ?? "").replace(/&apos;/g, "'").replace(/&amp;/g, "&");
      const rel = /<c:chart [^>]*r:id="([^"]*)"/.exec(f[0])?.[1] ?? "";
      const chart = "xl/charts/" + (new RegExp(`Id="${rel}"[^>]*Target="\\.\\./charts/([^"]*)"`).exec(drawingRels)?.[1] ?? "");
      const xml = await text(chart);
      out.push({ path: chart, sheet: m[1].replace(/&apos;/g, "'").replace(/&amp;/g, "&"), frame, xml, formulas: Array.from(xml.matchAll(/<c:f>([^<]*)<\/c:f>/g), (x) => x[1]) });
    }
  }
  return out;
}

describe("charts in the plan workbook", () => {
  const out = join(dir, "plan.xlsx");
  let first: ChartPart[];

  beforeAll(async () => {
    await plan(out, "O'Brien & Sønner,McDonald's");
    first = await chartParts(out);
  });

  it("has one chart on each of ABC, Profitability, Portfolio, Overview and each plan's summary, marked as ours, series on its own sheet", () => {
    expect(first.map((c) => c.sheet)).toEqual(["ABC", "Profitability", "Portfolio", "Overview", "Plan O'Brien & Sønner", "Plan McDonald's"]);
    expect(first.map((c) => c.frame)).toEqual([
      "KAM: kam.abc/1",
      "KAM: kam.profitability/1",
      "KAM: kam.portfolio/1",
      "KAM: kam.overview/1",
      "KAM: kam.plan:O'Brien & Sønner/1",
      "KAM: kam.plan:McDonald's/1",
    ]);
    expect(first.every((c) => isOurChartFrame(c.frame))).toBe(true);
    // A plan sheet's id carries its customer key, whatever characters it has; a person's chart is not ours.
    expect(isOurChartFrame("KAM: kam.plan:O'Brien / Søn AS/1")).toBe(true);
    expect(["Chart 1", "KAM: plan/1", "KAM: kam.abc/x"].map(isOurChartFrame)).toEqual([false, false, false]);
    for (const c of first) {
      expect(c.formulas.length).toBeGreaterThan(2);
      for (const f of c.formulas) expect(f.replace(/&apos;/g, "'").replace(/&amp;/g, "&").startsWith(`${sheetRef(c.sheet)}!$`)).toBe(true);
    }
    // The kinds: Pareto (columns + lines on a secondary axis), whale curve (scatter), KAISM (bubble), actions (stacked bars).
    expect(first[0].xml).toMatch(/<c:barChart><c:barDir val="col"\/>[\s\S]*<c:lineChart>/);
    expect((first[0].xml.match(/<c:valAx>/g) ?? []).length).toBe(2);
    expect(first[1].xml).toContain("<c:scatterChart>");
    expect(first[2].xml).toContain("<c:bubbleChart>");
    expect(first[2].xml).toContain("<c:bubbleSize><c:numRef><c:f>Portfolio!$C$10:$C$11</c:f>");
    expect(first[3].xml).toMatch(/<c:barDir val="bar"\/><c:grouping val="stacked"\/>/);
  });

  it("fills the caches from the spec: the Pareto's values and customers, the KAISM's labels", () => {
    const abc = first[0].xml;
    expect(abc).toContain("<c:f>ABC!$C$15:$C$19</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"5\"/><c:pt idx=\"0\"><c:v>500</c:v></c:pt>");
    expect(abc).toContain("<c:pt idx=\"0\"><c:v>O&apos;Brien &amp; Sønner</c:v></c:pt>");
    expect(first[2].xml).toContain("<a:t>McDonald&apos;s</a:t>");
  });

  it("validates against the OOXML schemas, chart and drawing parts included", async () => {
    const report = await validatePackage(readFileSync(out));
    expect(report.failing).toEqual([]);
    expect(report.validated.filter((p) => /^xl\/(charts|drawings)\/[^/]+\.xml$/.test(p))).toHaveLength(12);
  });

  it("a refresh writes the charts again: same number of chart parts, same series, twice", async () => {
    await plan(out);
    const second = await chartParts(out);
    await plan(out);
    const third = await chartParts(out);
    for (const next of [second, third]) {
      expect(next.map((c) => [c.sheet, c.frame, c.formulas])).toEqual(first.map((c) => [c.sheet, c.frame, c.formulas]));
      const zip = await JSZip.loadAsync(readFileSync(out));
      expect(zip.file(/^xl\/charts\/chart[0-9]+\.xml$/)).toHaveLength(6);
      expect(zip.file(/^xl\/drawings\/drawing[0-9]+\.xml$/)).toHaveLength(6);
    }
  });
});

describe("chart part", () => {
  const spec: ChartSpec = {
    title: "Sales <by> customer",
    row: 0,
    col: 5,
    widthCols: 6,
    heightRows: 10,
    series: [{ name: "Sales", values: "B2:B4", categories: "A2:A4", type: "column" }],
  };

  it("quotes a sheet name with apostrophes and spaces as Excel does, and escapes the XML", () => {
    const xml = chartXml(spec, "Plan O'Brien", (r, c) => (c === 0 ? `C${r}` : r * 10));
    expect(xml).toContain("<c:f>&apos;Plan O&apos;&apos;Brien&apos;!$B$2:$B$4</c:f>");
    expect(xml).toContain("<a:t>Sales &lt;by&gt; customer</a:t>");
    expect(xml).toContain('<c:pt idx="2"><c:v>30</c:v></c:pt>');
  });

  it("leaves out the customer names of a long Pareto and points the spec does not know", () => {
    const xml = chartXml({ ...spec, xAxis: { labels: false } }, "ABC", () => undefined);
    expect(xml).toContain('<c:tickLblPos val="none"/>');
    expect(xml).toContain('<c:ptCount val="3"/></c:numCache>');
  });
});
