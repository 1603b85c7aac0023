/**
 * The one customer-key rule in the three doors: the custom functions (KAM.ABC, KAM.PARETO), the task pane
 * (runAbc on the strict Excel fake) and the command line (kam analyze --json) give the same customers and
 * the same classes for the same keys — whitespace variants joined, case kept, placeholders skipped.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { main } from "../../src/cli/main";
import { customerKey } from "../../src/core/customerKey";
import { abc, pareto } from "../../src/functions/functions";
import { runAbc } from "../../src/taskpane/abcRun";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { ABC_TABLE_ROW } from "../../src/sheets/abc/build";

const dir = mkdtempSync(join(tmpdir(), "kam-doors-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  uninstallFakeExcel();
});

/** Customer cells as they come in real data, with sales. */
const ROWS: [string | number, number][] = [
  ["ACME", 10],
  ["ACME ", 30],
  ["  ACME", 2],
  ["Beta  AS", 40],
  ["Beta\u00a0AS", 5],
  ["NA", 1000],
  ["#N/A", 1000],
  ["N/A", 900],
  ["NULL", 800],
  ["(blank)", 700],
  ["-", 600],
  ["", 7],
  ["acme", 3],
  [12346, 2],
  ["Gamma", 1],
];

async function cliClasses(): Promise<Map<string, string>> {
  const csv = ["Customer,Sales", ...ROWS.map(([k, v]) => `"${k}",${v}`)].join("\n") + "\n";
  const path = join(dir, "keys.csv");
  writeFileSync(path, csv);
  let out = "";
  const code = await main(["analyze", path, "--customer", "Customer", "--value", "Sales", "--json"], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => undefined },
  });
  expect(code).toBe(0);
  const j = JSON.parse(out) as AnalyzeJson;
  expect(j.skippedKeys).toEqual({ NA: 1, "#N/A": 1, "N/A": 1, NULL: 1, "(blank)": 1, "-": 1, empty: 1 });
  return new Map(j.rows.map((r) => [r.customer, r.class]));
}

function functionClasses(): Map<string, string> {
  const classes = abc(
    ROWS.map(([, v]) => [v]),
    ROWS.map(([k]) => [k]),
  ).map((r) => r[0]);
  const out = new Map<string, string>();
  ROWS.forEach(([k], i) => {
    if (classes[i] !== "") out.set(customerKey(String(k)), classes[i]);
  });
  // A placeholder row gets a blank result, not an error.
  ROWS.forEach(([k], i) => {
    if (typeof k === "string" && ["NA", "#N/A", "N/A", "NULL", "(blank)", "-", ""].includes(k)) expect(classes[i]).toBe("");
  });
  return out;
}

async function paneClasses(): Promise<Map<string, string>> {
  const wb = installFakeExcel({ sheets: ["Data"] });
  wb.seed("Data", "A1", [["Customer", "Sales"], ...ROWS.map(([k, v]) => [typeof k === "string" && /^[=+\-@]/.test(k) ? "'" + k : k, v])]);
  wb.select("Data", "A2");
  const r = await Excel.run((ctx) =>
    runAbc(ctx, {
      source: { kind: "selection" },
      mapping: { customer: "Customer", value: "Sales" },
      method: "value",
      thresholds: [80, 95],
      nonpositive: "D",
      language: "en",
      locale: "en-US",
    }),
  );
  expect(r.problems.filter((p) => p.kind === "placeholderCustomer").map((p) => p.text)).toEqual(["NA", "N/A", "#N/A", "NULL", "(blank)", "-"]);
  const n = r.customers;
  // tblABC's rows, below the summary (ABC_TABLE_ROW is its 0-based header row).
  const first = ABC_TABLE_ROW + 2;
  const customers = wb.values("ABC", `B${first}:B${first + n - 1}`).map((x) => customerKey(String(x[0])));
  const classes = wb.values("ABC", `F${first}:F${first + n - 1}`).map((x) => String(x[0]));
  return new Map(customers.map((c, i) => [c, classes[i]]));
}

describe("one customer-key rule in every door", () => {
  it("gives the same customers and classes in the functions, the task pane and the command line", async () => {
    const fromFunctions = functionClasses();
    const fromCli = await cliClasses();
    const fromPane = await paneClasses();
    // ACME ×3 spellings, Beta AS ×2, acme (case kept), 12346, Gamma: five customers, no placeholder.
    expect([...fromCli.keys()].sort()).toEqual(["12346", "ACME", "Beta AS", "Gamma", "acme"]);
    expect(Object.fromEntries(fromFunctions)).toEqual(Object.fromEntries(fromCli));
    expect(Object.fromEntries(fromPane)).toEqual(Object.fromEntries(fromCli));
  });

  it('KAM.PARETO({10;30},{"ACME";"ACME "}) is one customer, as in kam analyze', () => {
    const rows = pareto([[10], [30]], [["ACME"], ["ACME "]]);
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe("ACME");
    expect(rows[0][1]).toBe(40);
  });
});
