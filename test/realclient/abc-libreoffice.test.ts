/**
 * Real client: the CLI writes the ABC workbook, LibreOffice opens it, recalculates every formula and
 * saves it again; the figures it computed must equal the CLI's JSON (DESIGN §3.3).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { main } from "../../src/cli/main";
import { libreOfficeConvert, shownValue, sofficePath } from "../support/libreoffice";

const DATA = resolve(__dirname, "../../../shared/data");
const SUPERSTORE = join(DATA, "superstore_sample.csv");
const HOSTILE = ['=HYPERLINK("http://example.com","x")', "+47 22 00 00 00", "-10% rabatt", "@home AS"];
const LO_TIMEOUT = 300_000;

interface Case {
  name: string;
  args: string[];
  json?: AnalyzeJson;
  converted?: ExcelJS.Workbook;
}

const dir = mkdtempSync(join(tmpdir(), "kam-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = (rows: string[][]): string => rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\n") + "\n";
writeFileSync(
  join(dir, "hostile.csv"),
  csv([["Customer", "Sales"], [HOSTILE[0], "10"], [HOSTILE[1], "5"], [HOSTILE[2], "3"], [HOSTILE[3], "-1"], [HOSTILE[0], "2.5"]]),
);

const cases: Case[] = [
  { name: "superstore-sales", args: [SUPERSTORE, "--customer", "Customer ID", "--value", "Sales"] },
  { name: "superstore-profit", args: [SUPERSTORE, "--customer", "Customer ID", "--value", "Profit", "--language", "nb"] },
  { name: "hostile", args: [join(dir, "hostile.csv"), "--customer", "Customer", "--value", "Sales"] },
];

async function run(argv: string[]): Promise<string> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  if (code !== 0) throw new Error(`kam ${argv.join(" ")} → ${code}: ${stderr}`);
  return stdout;
}

beforeAll(async () => {
  if (!sofficePath()) throw new Error("LibreOffice is required for real-client tests (Debian package libreoffice-calc)");
  const outputs: string[] = [];
  for (const c of cases) {
    const out = join(dir, `${c.name}.xlsx`);
    c.json = JSON.parse(await run(["analyze", ...c.args, "--out", out, "--json"]));
    outputs.push(out);
  }
  // One LibreOffice start for all files: its cold start dominates the run time.
  const converted = await libreOfficeConvert(outputs, { outDir: join(dir, "lo"), timeoutMs: LO_TIMEOUT });
  for (const [i, c] of cases.entries()) {
    c.converted = new ExcelJS.Workbook();
    await c.converted.xlsx.readFile(converted[i]);
  }
}, LO_TIMEOUT + 60_000);

/** Summary layout of the ABC sheet: classes on rows 2–5 and Total on 6 (B–E), T⁺ in D7; the table from row 14. */
function summary(ws: ExcelJS.Worksheet) {
  const at = (addr: string) => shownValue(ws.getCell(addr));
  return {
    classes: ["A", "B", "C", "D"].map((cls, i) => ({
      label: at(`B${i + 2}`),
      count: at(`C${i + 2}`),
      value: at(`D${i + 2}`),
      share: at(`E${i + 2}`),
    })),
    total: { count: at("C6"), value: at("D6"), share: at("E6") },
    positiveTotal: at("D7"),
  };
}

describe.each(cases.map((c) => [c.name, c] as const))("LibreOffice recalculates %s", (_name, c) => {
  it("computes the summary formulas to the CLI's figures", () => {
    const json = c.json!;
    const ws = c.converted!.getWorksheet("ABC")!;
    expect(ws).toBeDefined();
    const s = summary(ws);
    expect(typeof s.positiveTotal).toBe("number");
    expect(Math.abs((s.positiveTotal as number) - json.total)).toBeLessThan(1e-6);
    (["A", "B", "C", "D"] as const).forEach((cls, i) => {
      const row = s.classes[i];
      expect(row.label).toBe(cls);
      expect(row.count).toBe(json.classes[cls].count);
      expect(Math.abs((row.value as number) - json.classes[cls].value)).toBeLessThan(1e-6);
      expect(Math.abs((row.share as number) - json.classes[cls].value / json.total)).toBeLessThan(1e-9);
    });
    expect(s.total.count).toBe(json.customers);
    const all = json.rows.reduce((a, r) => a + r.value, 0);
    expect(Math.abs((s.total.value as number) - all)).toBeLessThan(1e-6);
  });

  it("keeps the ranked table as written", () => {
    const json = c.json!;
    const ws = c.converted!.getWorksheet("ABC")!;
    for (const i of [0, Math.floor(json.rows.length / 2), json.rows.length - 1]) {
      const r = json.rows[i];
      const row = i + 15;
      expect(shownValue(ws.getCell(row, 1))).toBe(r.rank);
      expect(shownValue(ws.getCell(row, 2))).toBe(r.customer);
      expect(Math.abs((shownValue(ws.getCell(row, 3)) as number) - r.value)).toBeLessThan(1e-9);
      expect(shownValue(ws.getCell(row, 6))).toBe(r.class);
    }
  });
});

describe("hostile customer names after LibreOffice", () => {
  it("are literal text, not formulas, numbers or dates", () => {
    const ws = cases[2].converted!.getWorksheet("ABC")!;
    const names = [15, 16, 17, 18].map((row) => ws.getCell(row, 2));
    expect(names.map((c) => c.value)).toEqual([HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]]);
    for (const cell of names) expect(cell.type).toBe(ExcelJS.ValueType.String);
    // The =HYPERLINK customer's two rows were summed: 10 + 2.5.
    expect(shownValue(ws.getCell(15, 3))).toBe(12.5);
  });
});

describe("libreOfficeConvert", () => {
  it(
    "recalculates formulas even when the file carries a (stale) cached result",
    async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("S");
      ws.getCell("A1").value = 20;
      ws.getCell("A2").value = { formula: "A1*2", result: 5 }; // wrong on purpose
      const p = join(dir, "stale.xlsx");
      await wb.xlsx.writeFile(p);
      const [out] = await libreOfficeConvert(p, { outDir: join(dir, "lo-stale"), timeoutMs: LO_TIMEOUT });
      const back = new ExcelJS.Workbook();
      await back.xlsx.readFile(out);
      expect(shownValue(back.getWorksheet("S")!.getCell("A2"))).toBe(40);
    },
    LO_TIMEOUT + 60_000,
  );
});
