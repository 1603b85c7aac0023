/**
 * The README's pictures: the chart pictures (section "Charts in the files"), docs/images/chart-<sheet>.png,
 * as LibreOffice draws the charts `kam plan` writes for the Superstore sample with five key accounts, after
 * ratings and actions were typed and the plan refreshed (test/support/chartPictures.ts); and the KAM light
 * plan (section "KAM light"), docs/images/plan-light.png: the Superstore's largest account as a light
 * plan with contacts, goals, actions and a KPI typed, printed by LibreOffice; and the Overview with health and
 * movement (section "History"), docs/images/overview-health.png: the same rated plan recorded for 2026-03,
 * then refreshed for 2026-04 from a later export (every fourth line of the sample left out, so revenue,
 * profit and some classes move); and the Voice of the customer sheet (docs/images/voice-of-customer.png).
 * Run: `npm run pictures`
 * (needs soffice and pdftoppm).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { runPlan } from "../src/cli/plan";
import type { WorkbookSpec } from "../src/plan/spec";
import { writeXlsxFile } from "../src/render/xlsx";
import { LIGHT_SIZES } from "../src/sheets/accountPlan/light";
import { planLayout, DEFAULT_SIZES } from "../src/sheets/accountPlan/build";
import { ORG_CHART_ROWS } from "../src/sheets/accountPlan/orgChart";
import { VOICE_ROWS } from "../src/sheets/voice/summary";
import { SUPERSTORE, chartPages, cropped, png, ratedSuperstorePlan, rasterise, readPpm, superstoreOptions } from "../test/support/chartPictures";
import { libreOfficeConvert } from "../test/support/libreoffice";

const TARGET = resolve(__dirname, "../docs/images");
const NOW = new Date("2026-03-02T09:00:00Z");

/** Entry point for bin/run-ts.js. */
export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "kam-pictures-"));
  try {
    const spec = await ratedSuperstorePlan(join(dir, "plan.xlsx"));
    mkdirSync(TARGET, { recursive: true });
    for (const page of await chartPages(spec, dir)) {
      const file = join(TARGET, `chart-${page.sheet.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.png`);
      writeFileSync(file, png(cropped(page)));
      process.stdout.write(`Wrote ${file}\n`);
    }
    const file = join(TARGET, "plan-light.png");
    writeFileSync(file, await lightPlanPicture(join(dir, "light")));
    process.stdout.write(`Wrote ${file}\n`);
    // Issue 14: orgchart
    const org = join(TARGET, "buying-center-org-chart.png");
    writeFileSync(org, await orgChartPicture(join(dir, "org")));
    process.stdout.write(`Wrote ${org}\n`);
    const overview = join(TARGET, "overview-health.png");
    writeFileSync(overview, await overviewPicture(join(dir, "overview")));
    process.stdout.write(`Wrote ${overview}\n`);
    // Issue 14: whitespace
    const whitespace = join(TARGET, "whitespace-grid.png");
    writeFileSync(whitespace, await whitespacePicture(join(dir, "whitespace")));
    process.stdout.write(`Wrote ${whitespace}\n`);
    // Issue 14: voice
    const voice = join(TARGET, "voice-of-customer.png");
    writeFileSync(voice, await voicePicture(join(dir, "voice")));
    process.stdout.write(`Wrote ${voice}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Overview after two periods: the rated Superstore plan (period 2026-03), refreshed for 2026-04 from an
 * export without every fourth line, printed alone by LibreOffice (PNG bytes).
 */
export async function overviewPicture(dir: string): Promise<Buffer> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "plan.xlsx");
  await ratedSuperstorePlan(out);
  const lines = readFileSync(SUPERSTORE, "utf8").split("\n");
  const later = join(dir, "superstore-2026-04.csv");
  writeFileSync(later, lines.filter((_, i) => i === 0 || i % 4 !== 0).join("\n"));
  const april = new Date("2026-04-02T09:00:00Z");
  const second = await runPlan({ ...superstoreOptions(out), file: later, "key-accounts": undefined, period: "2026-04" }, april);
  return printAlone(second.result.spec, "kam.overview", dir);
}

// Issue 14: whitespace
/**
 * The Whitespace block of the Superstore's largest account, filled with six buying units and refreshed
 * once (so the figures are the pipeline's), as LibreOffice prints it (PNG bytes).
 */
export async function whitespacePicture(dir: string): Promise<Buffer> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "plan.xlsx");
  const opts = { ...superstoreOptions(out), "key-accounts": "top:1" };
  await runPlan(opts, NOW);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet("Whitespace")!;
  const units = ["Purchasing", "Head office", "Logistics", "Stores north", "Stores south", "Online"];
  const status = ["won", "open", "competitor", "not relevant", "open", "won"];
  units.forEach((u, i) => {
    const row = 7 + i;
    ws.getCell(row, 1).value = u;
    for (let k = 0; k < 5; k++) {
      const s = status[(i + k) % status.length];
      const cur = s === "won" ? 20000 + 5000 * k : s === "competitor" ? 0 : 4000 * (i + 1);
      ws.getCell(row, 2 + 3 * k).value = cur;
      ws.getCell(row, 3 + 3 * k).value = s === "not relevant" ? null : cur + 6000 * ((i + k) % 4);
      ws.getCell(row, 4 + 3 * k).value = s;
    }
  });
  await wb.xlsx.writeFile(out);
  const again = await runPlan(opts, NOW);
  return printAlone(again.result.spec, "kam.whitespace", dir);
}

// Issue 14: voice
/**
 * The Voice of the customer sheet of the Superstore plan with five key accounts, after a dozen survey answers
 * (one account an apostle, one a mercenary, one a hostage, one a defector, one with a single answer) and five
 * complaints (two open, one of them older than 30 days) were typed and the plan refreshed once, as
 * LibreOffice prints it (PNG bytes). Dates are relative to today, as the sheet's TODAY() formulas are.
 */
export async function voicePicture(dir: string): Promise<Buffer> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "plan.xlsx");
  const opts = { ...superstoreOptions(out), "key-accounts": "top:5", name: "Customer Name" };
  const first = await runPlan(opts, NOW);
  const voiceSheet = first.result.spec.sheets.find((s) => s.id === "kam.voice")!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const voice = wb.getWorksheet(voiceSheet.name)!;
  const accounts: string[] = [];
  for (let r = VOICE_ROWS.first; accounts.length < 5; r++) accounts.push(String(voice.getCell(r + 1, 1).value));
  const now = new Date();
  const today = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(1899, 11, 30)) / 86_400_000);
  const answers: [string, number, string, number, number, number, string][] = [
    ["Sean Miller", 0, "Decider", 5, 10, 5, "Fast delivery, fair prices"],
    ["Lena Berg", 0, "Buyer", 4, 9, 4, "Good account manager"],
    ["Ola Nes", 0, "User", 4, 9, 5, ""],
    ["Tom Eik", 1, "Influencer", 5, 8, 2, "Tendering next year"],
    ["Mia Dahl", 1, "Buyer", 4, 6, 3, "Price is what counts"],
    ["Per Ruud", 2, "Decider", 2, 5, 5, "Locked in by the framework deal"],
    ["Ida Lie", 2, "User", 3, 6, 4, "Slow invoices"],
    ["Kai Moe", 3, "Buyer", 2, 2, 1, "Late deliveries"],
    ["Eva Ask", 3, "User", 1, 0, 2, "Will change supplier"],
    ["Nils Bø", 3, "Decider", 3, 5, 2, ""],
    ["Siri Ek", 4, "Buyer", 4, 8, 4, "Fine so far"],
    ["Jon Lund", 4, "User", 5, 9, 3, ""],
  ];
  const survey = wb.getWorksheet(first.result.spec.sheets.find((s) => s.id === "kam.survey")!.name)!;
  answers.forEach(([who, k, role, s, rec, buy, note], i) => {
    const row = survey.getRow(5 + i);
    [who, accounts[k], role, today - 10 - i, s, rec, buy, note || null].forEach((v, j) => (row.getCell(j + 1).value = v));
  });
  const complaints = wb.getWorksheet(first.result.spec.sheets.find((s) => s.id === "kam.complaints")!.name)!;
  const logged: [number, number, number | null, string, string, string][] = [
    [1, 45, null, "Delivery", "High", "Pallets damaged"],
    [2, 12, null, "Invoice", "Low", "Wrong VAT"],
    [2, 80, 6, "Invoice", "Medium", "Price list not updated"],
    [3, 60, 21, "Product", "High", "Batch fault"],
    [0, 20, 2, "Service", "Low", "Late call-back"],
  ];
  logged.forEach(([k, ago, after, cat, sev, cause], i) => {
    const row = complaints.getRow(5 + i);
    [today - ago, accounts[k], cat, sev, "Kari", after === null ? null : today - ago + after, null, cause].forEach((v, j) => {
      if (v !== null) row.getCell(j + 1).value = v;
    });
  });
  await wb.xlsx.writeFile(out);
  const again = await runPlan(opts, NOW);
  return printAlone(again.result.spec, "kam.voice", dir);
}

/** One sheet of a workbook as LibreOffice prints it on one page: the others hidden, with an empty print area. */
async function printAlone(full: WorkbookSpec, id: string, dir: string): Promise<Buffer> {
  const spec: WorkbookSpec = {
    sheets: full.sheets.map((s) => (s.id === id ? s : { ...s, hidden: true, print: { paper: "A4", orientation: "portrait", area: "ZZ9999:ZZ9999" } })),
  };
  const xlsx = join(dir, `${id}.xlsx`);
  await writeXlsxFile(spec, xlsx);
  const [pdf] = await libreOfficeConvert(xlsx, { to: "pdf", outDir: join(dir, "pdf") });
  rasterise(pdf, join(dir, "page"), 110);
  const pages = readdirSync(dir).filter((f) => /^page-[0-9]+\.ppm$/.test(f)).sort();
  if (pages.length !== 1) throw new Error(`${id} printed on ${pages.length} pages, not one`);
  const sheet = full.sheets.find((s) => s.id === id)!.name;
  return png(cropped({ sheet, ...readPpm(join(dir, pages[0])) }));
}

/** The light plan of the Superstore's largest account, filled in, as LibreOffice prints it (PNG bytes). */
export async function lightPlanPicture(dir: string): Promise<Buffer> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "plan.xlsx");
  const opts = { ...superstoreOptions(out), "key-accounts": "top:1", "plan-form": "light" as const };
  const first = await runPlan(opts, NOW);
  const plan = first.result.spec.sheets.find((s) => s.id.startsWith("kam.plan:"))!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet(plan.name)!;
  const lay = planLayout({ ...DEFAULT_SIZES, ...LIGHT_SIZES }, "light");
  const day = (d: number): Date => new Date(NOW.getTime() + d * 86_400_000);
  const put = (key: keyof typeof lay.tables, i: number, values: (string | number | Date | null)[]): void =>
    values.forEach((v, j) => {
      if (v !== null) ws.getCell(lay.tables[key].first + i + 1, j + 1).value = v;
    });
  ws.getCell("B4").value = "Kari Nordmann";
  ws.getCell("B5").value = day(-20);
  put("buyingCenter", 0, ["Sean Miller", "Owner", "Management", null, "Decider", 5, "Supporter", "Kari", day(-12), "Fast delivery", "Review Q2 terms"]);
  put("buyingCenter", 1, ["Lena Berg", "Purchasing manager", "Purchasing", "Sean Miller", "Buyer", 4, "Neutral", "Kari", day(-130), "Price", "Visit"]);
  put("goals", 0, ["G1", "Grow revenue 10 %", "Tactical", "Revenue", 25000, 27500, day(270), "Kari"]);
  put("goals", 1, ["G2", "Add the office-supplies range", "Operational", "Categories", 2, 3, day(120), "Ola"]);
  put("actions", 0, ["A1", "G1", "Price", "Agree volume discount", "Kari", "Sean Miller", day(-40), day(-10), 0, "Done", day(-12)]);
  put("actions", 1, ["A2", "G1", "Relationship", "Quarterly business review", "Kari", "Sean Miller", day(-5), day(-1), 0, "In progress"]);
  put("actions", 2, ["A3", "G2", "Product", "Send office-supplies offer", "Ola", "Lena Berg", day(0), day(30), 500, "Planned"]);
  put("kpis", 0, ["Revenue growth", "%", 10, 9.4, "Yes"]);
  await wb.xlsx.writeFile(out);
  const second = await runPlan(opts, NOW);
  return printAlone(second.result.spec, plan.id, dir);
}

// Issue 14: orgchart
/**
 * The buying center of the Superstore's largest account, filled in (seven contacts, "Reports to" naming
 * each one's manager), with the org chart the refresh draws below it, as LibreOffice prints it (PNG bytes).
 */
export async function orgChartPicture(dir: string): Promise<Buffer> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "plan.xlsx");
  const opts = { ...superstoreOptions(out), "key-accounts": "top:1" };
  const first = await runPlan(opts, NOW);
  const plan = first.result.spec.sheets.find((s) => s.id.startsWith("kam.plan:"))!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet(plan.name)!;
  const lay = planLayout(DEFAULT_SIZES);
  // Name, title, unit, reports to, role, also role, influence, attitude, relationship level, our owner
  // (the buying center's first ten columns, src/sheets/accountPlan/build.ts TABLES.buyingCenter).
  const contacts: (string | number | null)[][] = [
    ["Sean Miller", "Owner", "Management", null, "Decider", "Approver", 5, "Supporter", "Trusted", "Kari (KAM)"],
    ["Lena Berg", "Purchasing manager", "Purchasing", "Sean Miller", "Buyer", null, 4, "Neutral", "Known", "Kari (KAM)"],
    ["Tom Eik", "Head of IT", "IT", "Sean Miller", "Influencer", null, 4, "Opponent", "None", "Ole (IT)"],
    ["Mia Dahl", "Office manager", "Facilities", "Lena Berg", "User", null, 2, "Supporter", "Known", "Kari (KAM)"],
    ["Ola Nes", "Buyer", "Purchasing", "Lena Berg", "Gatekeeper", null, 2, "Neutral", "Known", "Kari (KAM)"],
    ["Ida Lie", "IT architect", "IT", "Tom Eik", "Influencer", "User", 3, "Supporter", "Advocate", "Ole (IT)"],
    ["Per Ruud", "CFO", "Finance", "Sean Miller", "Initiator", null, 5, "Neutral", "Known", "Kari (KAM)"],
  ];
  contacts.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v !== null) ws.getCell(lay.tables.buyingCenter.first + i + 1, j + 1).value = v;
    }),
  );
  await wb.xlsx.writeFile(out);
  const second = await runPlan(opts, NOW);
  const section = lay.sections["aplan.section.buyingCenter"];
  const spec: WorkbookSpec = {
    sheets: second.result.spec.sheets.map((s) =>
      s.id === plan.id
        ? { ...s, print: { paper: "A4", orientation: "landscape", fitToWidth: true, area: `A${section + 1}:N${lay.orgChart + 1 + ORG_CHART_ROWS}` } }
        : s,
    ),
  };
  return printAlone(spec, plan.id, dir);
}
