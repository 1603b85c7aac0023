import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { writeSample } from "../../scripts/make-sample";
import { main } from "../../src/cli/main";

const ASSETS = resolve(__dirname, "../../assets");
const dir = mkdtempSync(join(tmpdir(), "kam-sample-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cells(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.getWorksheet("Transactions")!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe("bundled sample (assets/)", () => {
  it("is exactly what the seeded generator produces", async () => {
    await writeSample(dir);
    expect(readFileSync(join(dir, "kam-sample-nb.csv"), "utf8")).toBe(readFileSync(join(ASSETS, "kam-sample-nb.csv"), "utf8"));
    const [fresh, committed] = await Promise.all([cells(join(dir, "kam-sample.xlsx")), cells(join(ASSETS, "kam-sample.xlsx"))]);
    expect(committed).toHaveLength(1983);
    expect(committed).toEqual(fresh);
  });

  async function json(...args: string[]): Promise<{ customers: number; classes: Record<string, { count: number }> }> {
    let out = "";
    const code = await main([...args, "--json"], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => undefined } });
    expect(code).toBe(0);
    return JSON.parse(out);
  }

  it("gives the same ABC from the .xlsx and the Norwegian-formatted .csv, with loss-makers by contribution margin", async () => {
    const xlsx = await json("analyze", join(ASSETS, "kam-sample.xlsx"), "--customer", "Kunde", "--value", "DB");
    const csv = await json("analyze", join(ASSETS, "kam-sample-nb.csv"), "--customer", "Kunde", "--value", "DB", "--locale", "nb-NO");
    expect(xlsx.customers).toBe(300);
    expect(csv).toEqual(xlsx);
    expect(xlsx.classes.D.count).toBeGreaterThan(10);
    expect(xlsx.classes.A.count).toBeLessThan(xlsx.classes.C.count);
  });
});
