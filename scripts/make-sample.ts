/**
 * Generates the bundled sample: invented Norwegian B2B customers as transaction rows (invoice lines
 * with revenue and contribution margin, "DB"), some of them loss-making. Seeded, so the files are
 * identical on every run; `test/unit/sample.test.ts` checks that the committed files match.
 *
 *   npm run sample   (node bin/run-ts.js scripts/make-sample.ts [outDir])   → kam-sample.xlsx and kam-sample-nb.csv
 */
import * as path from "path";
import * as fs from "fs";
import ExcelJS from "exceljs";

/** mulberry32: a small, well-known seeded PRNG; good enough for demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIX = ["Nord", "Fjord", "Vest", "Øst", "Sør", "Berg", "Dal", "Fjell", "Havn", "Skog", "Elv", "Lys", "Stein", "Bølge", "Kyst", "Tind", "Bre", "Vik", "Ås", "Myr"];
const TRADE = ["Bygg", "Elektro", "Transport", "Mat", "Marine", "Data", "Energi", "Helse", "Rør", "Trelast", "Maskin", "Emballasje", "Kontor", "Regnskap", "Catering", "Sikkerhet"];
const FORM = ["AS", "AS", "AS", "ASA", "SA", "ANS"];
const SEGMENTS = ["Industri", "Handel", "Offentlig", "Tjenester"];
const REGIONS = ["Oslo", "Vestland", "Trøndelag", "Rogaland", "Nordland", "Viken", "Agder"];
const OWNERS = ["Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Lars Johansen", "Sofie Dahl"];
/** Real-looking names that start with characters Excel would read as a formula, to show they stay text. */
const AWKWARD = ["@Hjem Interiør AS", "-18 Grader Frysetransport AS", "+Pluss Regnskap AS"];

export interface SampleRow {
  date: Date;
  invoice: string;
  customerId: string;
  customer: string;
  segment: string;
  region: string;
  owner: string;
  revenue: number;
  margin: number;
}

/** 300 customers with a heavy-tailed size distribution (a few large, many small) over one year. */
export function sampleRows(seed = 20261129, customers = 300): SampleRow[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const names = new Set<string>(AWKWARD);
  while (names.size < customers) names.add(`${pick(PREFIX)} ${pick(TRADE)} ${pick(FORM)}`);
  const rows: SampleRow[] = [];
  let invoice = 10000;
  Array.from(names).forEach((customer, i) => {
    const size = Math.exp(rnd() * 5.5) * 2000; // lognormal-like spread: 2 000 … 500 000 NOK per year
    const lossMaker = rnd() < 0.12; // about one in eight costs more to serve than it earns
    const marginRate = lossMaker ? -0.02 - rnd() * 0.08 : 0.12 + rnd() * 0.3;
    const orders = 1 + Math.floor(rnd() * 12);
    const segment = pick(SEGMENTS);
    const region = pick(REGIONS);
    const owner = pick(OWNERS);
    for (let o = 0; o < orders; o++) {
      const revenue = Math.round((size / orders) * (0.5 + rnd()) * 100) / 100;
      const margin = Math.round(revenue * (marginRate + (rnd() - 0.5) * 0.04) * 100) / 100;
      const date = new Date(Date.UTC(2025, Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
      rows.push({ date, invoice: String(++invoice), customerId: `K${String(1001 + i)}`, customer, segment, region, owner, revenue, margin });
    }
  });
  return rows.sort((a, b) => a.date.getTime() - b.date.getTime() || a.invoice.localeCompare(b.invoice));
}

export const HEADERS = ["Dato", "Fakturanr", "Kundenr", "Kunde", "Segment", "Region", "KAM", "Omsetning", "DB"];

/** Norwegian number text: space thousands separator, decimal comma (as a Norwegian Excel exports CSV). */
function nbNumber(x: number): string {
  const [int, dec] = Math.abs(x).toFixed(2).split(".");
  return `${x < 0 ? "-" : ""}${int.replace(/\B(?=(\d{3})+(?!\d))/g, " ")},${dec}`;
}

function csvField(s: string): string {
  return /[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function writeSample(outDir: string): Promise<{ xlsx: string; csv: string; rows: number }> {
  const rows = sampleRows();
  const wb = new ExcelJS.Workbook();
  wb.creator = "KAM for Excel sample generator";
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet("Transactions", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(HEADERS).font = { bold: true };
  for (const r of rows) ws.addRow([r.date, r.invoice, r.customerId, r.customer, r.segment, r.region, r.owner, r.revenue, r.margin]);
  ws.getColumn(1).numFmt = "yyyy-mm-dd";
  ws.getColumn(8).numFmt = "#,##0.00";
  ws.getColumn(9).numFmt = "#,##0.00";
  [12, 11, 9, 34, 12, 12, 16, 14, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  fs.mkdirSync(outDir, { recursive: true });
  const xlsx = path.join(outDir, "kam-sample.xlsx");
  await wb.xlsx.writeFile(xlsx);

  const lines = [HEADERS.join(";")];
  for (const r of rows) {
    const date = r.date.toISOString().slice(0, 10).split("-").reverse().join(".");
    lines.push([date, r.invoice, r.customerId, r.customer, r.segment, r.region, r.owner, nbNumber(r.revenue), nbNumber(r.margin)].map(csvField).join(";"));
  }
  const csv = path.join(outDir, "kam-sample-nb.csv");
  fs.writeFileSync(csv, "\uFEFF" + lines.join("\r\n") + "\r\n", "utf8");
  return { xlsx, csv, rows: rows.length };
}

/** Entry point for `npm run sample` (through bin/run-ts.js). */
export async function main(args: string[]): Promise<void> {
  const outDir = path.resolve(args[0] ?? path.join(__dirname, "..", "assets"));
  const r = await writeSample(outDir);
  console.log(`Wrote ${r.rows} transaction rows to ${r.xlsx} and ${r.csv}`);
}
