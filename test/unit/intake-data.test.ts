/**
 * Data as it arrives (issue 12, "Data as it arrives"), through `kam analyze` on real files and real bytes:
 * R's NA in Online Retail, Excel's #N/A, a Windows-1252 CSV, an Excel table with its Total row on, and a
 * typed grand-total row under the data.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import * as ExcelJS from "exceljs";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { runKam as kam } from "../support/cli";

const DATA = resolve(__dirname, "../../../shared/data");
const dir = mkdtempSync(join(tmpdir(), "kam-intake-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


async function analyzeJson(...argv: string[]): Promise<AnalyzeJson> {
  const r = await kam("analyze", ...argv, "--json");
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AnalyzeJson;
}

describe("R's NA in Online Retail (../shared/data)", () => {
  const file = join(DATA, "online_retail_sample_20k.csv");

  it("skips every NA customer row and reports the count; NA is no customer", async () => {
    // Count the NA rows from the file itself (column CustomerID), parsed by csv-parse directly.
    const records = (parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[]).map((r) => r.CustomerID);
    const naRows = records.filter((k) => k === "NA").length;
    expect(naRows).toBeGreaterThan(0);
    const j = await analyzeJson(file, "--customer", "CustomerID", "--value", "Quantity");
    expect(j.skippedKeys).toEqual({ NA: naRows });
    expect(j.skippedRows).toBe(naRows);
    expect(j.rows.some((r) => r.customer === "NA")).toBe(false);
    expect(j.customers).toBe(new Set(records.filter((k) => k !== "NA")).size);
  });

  it("says so in the text summary", async () => {
    const r = await kam("analyze", file, "--customer", "CustomerID", "--value", "Quantity");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Skipped [\d,]+ rows without a customer: [\d,]+ NA\n/);
  });
});

describe("Excel's #N/A and other placeholders in a CSV export", () => {
  it("skips #N/A, N/A, NULL, (blank) and - by kind", async () => {
    const p = join(dir, "lookup.csv");
    writeFileSync(p, "Customer,Sales\nACME,10\n#N/A,500\n#N/A,20\nN/A,1\nNULL,2\n(blank),3\n-,4\nBeta,5\n");
    const j = await analyzeJson(p, "--customer", "Customer", "--value", "Sales");
    expect(j.rows.map((r) => r.customer)).toEqual(["ACME", "Beta"]);
    expect(j.skippedKeys).toEqual({ "#N/A": 2, "N/A": 1, NULL: 1, "(blank)": 1, "-": 1 });
  });
});

describe("a Windows-1252 CSV (Excel's 'CSV (semicolon delimited)' on Western Windows)", () => {
  it("reads ’ – € Š œ and æøå as typed, not as C1 control characters", async () => {
    const text = "Kunde;Omsetning\r\nKari’s Café – €uro;1 234,50\r\nŠkoda Œuvre;10\r\nBlåbær AS;5\r\n";
    // Encode by the Windows-1252 table: Latin-1 for æøå é, the 0x80–0x9F bytes for the rest.
    const high: Record<string, number> = { "’": 0x92, "–": 0x96, "€": 0x80, Š: 0x8a, Œ: 0x8c };
    const bytes = Uint8Array.from([...text].map((ch) => high[ch] ?? ch.charCodeAt(0)));
    expect(bytes.every((b) => b < 0x100)).toBe(true);
    const p = join(dir, "ansi.csv");
    writeFileSync(p, bytes);
    const j = await analyzeJson(p, "--customer", "Kunde", "--value", "Omsetning", "--locale", "nb-NO");
    expect(j.rows.map((r) => r.customer).sort()).toEqual(["Blåbær AS", "Kari’s Café – €uro", "Škoda Œuvre"]);
  });
});

describe("an Excel table with its Total row on", () => {
  it("skips the Total row and reports it; the total is not doubled", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sales");
    ws.addTable({
      name: "tblSales",
      ref: "A1",
      headerRow: true,
      totalsRow: true,
      columns: [{ name: "Customer", totalsRowLabel: "Total" }, { name: "Sales", totalsRowFunction: "sum" }],
      rows: [
        ["ACME", 100],
        ["Beta", 50],
        ["Gamma", 25],
      ],
    });
    const p = join(dir, "table.xlsx");
    await wb.xlsx.writeFile(p);
    const j = await analyzeJson(p, "--customer", "Customer", "--value", "Sales");
    expect(j.rows.map((r) => r.customer)).toEqual(["ACME", "Beta", "Gamma"]);
    expect(j.total).toBe(175);
    expect(j.totalRows).toEqual([{ key: "Total", row: 5, kind: "table" }]);
    const text = await kam("analyze", p, "--customer", "Customer", "--value", "Sales");
    expect(text.stdout).toContain(`Skipped the total row "Total" (row 5): the table's Total row`);
  });
});

describe("a grand-total row typed under the data", () => {
  it("is skipped when it equals the sum of the rows above; a customer equal to the others' sum is kept", async () => {
    const p = join(dir, "total.csv");
    writeFileSync(p, "Customer,Sales\nACME,73.43\nBeta,55.77\nGamma,32.30\nTotal,161.50\n");
    const j = await analyzeJson(p, "--customer", "Customer", "--value", "Sales");
    expect(j.customers).toBe(3);
    expect(j.totalRows).toEqual([{ key: "Total", row: 5, value: 161.5, kind: "trailing" }]);
    const q = join(dir, "big-customer.csv");
    writeFileSync(q, "Customer,Sales\nA,10\nB,20\nC,30\n");
    expect((await analyzeJson(q, "--customer", "Customer", "--value", "Sales")).customers).toBe(3);
  });
});
