/**
 * `kam analyze … --print-sql`: the SQL it prints, and that `kam analyze` takes the per-customer result of
 * that SQL as it is (same classes as from the invoice lines themselves).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { main } from "../../src/cli/main";
import { abcSql, sqlIdentifier, sqlTable } from "../../src/cli/printSql";
import { readCsvFile } from "../../src/read/csv";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");

async function kam(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe("kam analyze --print-sql", () => {
  it("prints one standard GROUP BY query with quoted identifiers, without reading a file", async () => {
    const r = await kam("analyze", "dw.sales lines", "--customer", 'Customer "ID"', "--value", "Sales", "--print-sql");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const sql = r.stdout.split("\n").filter((l) => !l.startsWith("--")).join("\n");
    expect(sql).toBe(
      [
        'SELECT "Customer ""ID""" AS "Customer ""ID""",',
        '       SUM("Sales") AS "Sales",',
        '       COUNT(*) AS "Lines"',
        'FROM "dw"."sales lines"',
        'GROUP BY "Customer ""ID"""',
        'ORDER BY SUM("Sales") DESC;',
        "",
      ].join("\n"),
    );
  });

  it("sums profit alongside when asked, and names the count so it does not clash", () => {
    const sql = abcSql({ table: "t", customer: "Lines", value: "Sales", profit: "Profit" });
    expect(sql).toContain('SUM("Profit") AS "Profit"');
    expect(sql).toContain('COUNT(*) AS "Lines_"');
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
    expect(sqlTable('"my.table"')).toBe('"my.table"');
  });

  it("refuses --profit without --print-sql as a usage error", async () => {
    const r = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--profit goes with --print-sql/);
  });

  it("kam analyze takes the query's result as it is: the same classes as from the invoice lines", async () => {
    // What the warehouse returns for the printed query on Superstore: one row per stored key.
    const grid = readCsvFile(SUPERSTORE);
    const header = grid[0].map((h) => String(h).trim());
    const k = header.indexOf("Customer ID");
    const v = header.indexOf("Sales");
    const sums = new Map<string, { sum: bigint; lines: number }>();
    for (const row of grid.slice(1)) {
      if (row.length < 2) continue;
      const key = String(row[k]);
      const [int, frac = ""] = String(row[v]).split(".");
      const cents = BigInt(int) * 10000n + (int.startsWith("-") ? -1n : 1n) * BigInt((frac + "0000").slice(0, 4)); // 4 decimals
      const s = sums.get(key) ?? { sum: 0n, lines: 0 };
      s.sum += cents;
      s.lines++;
      sums.set(key, s);
    }
    const dir = mkdtempSync(join(tmpdir(), "kam-sql-"));
    const result = join(dir, "result.csv");
    const text = (n: bigint): string => `${n < 0n ? "-" : ""}${(n < 0n ? -n : n) / 10000n}.${String((n < 0n ? -n : n) % 10000n).padStart(4, "0")}`;
    writeFileSync(result, ["Customer ID,Sales,Lines", ...[...sums].map(([key, s]) => `${key},${text(s.sum)},${s.lines}`)].join("\n") + "\n");

    const fromLines = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--json");
    const fromSql = await kam("analyze", result, "--customer", "Customer ID", "--value", "Sales", "--json");
    expect(fromSql.code).toBe(0);
    const a = JSON.parse(fromLines.stdout) as AnalyzeJson;
    const b = JSON.parse(fromSql.stdout) as AnalyzeJson;
    expect(b.customers).toBe(a.customers);
    expect(b.classes).toEqual(a.classes);
    expect(b.rows.map((r) => [r.customer, r.class, r.value])).toEqual(a.rows.map((r) => [r.customer, r.class, r.value]));
  });
});
