/**
 * `npm run bench` (second part): the command line on files at full size, each case in its own child
 * process, against competitors measured in the same run on the same file. Time is wall-clock; memory is
 * the child's peak resident set (GNU time's %M, VmHWM), so it counts everything the process held.
 *
 * Sizes and runs come from the environment, so a quick run is possible:
 *   BENCH_LINES=5000000       invoice lines of the CSV (Zipf-like customers, 2-decimal amounts)
 *   BENCH_OLD_LINES=1000000   lines of the smaller case: kam against DuckDB and the whole-file path
 *   BENCH_GRID=1              0 skips the whole-file path (it needs ~450 bytes a line and is slow)
 *   BENCH_OUT=1               0 skips `kam analyze --out` on the large file
 *   BENCH_XLSX_ROWS=0         rows of the .xlsx case (1048576 = Excel's limit; 0 skips it)
 *   BENCH_OUT_CUSTOMERS=388000  customers of the --out case (a CSV of one line per customer, as a warehouse
 *                             gives it: the time is the writer's); BENCH_OLD_OUT_CUSTOMERS=77600 for the
 *                             ExcelJS writer, which the new one replaces above 10,000 rows
 *   BENCH_RUNS=3              runs per case (the median is printed)
 *   BENCH_DIR=/tmp/kam-bench  where the generated files are kept between runs
 *   BENCH_DUCKDB=<dir>        folder holding node_modules/@duckdb/node-api (DuckDB is not a dependency)
 * The machine's load average is printed with the table: other work on the machine slows every case.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import { basename, join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { prng } from "../scripts/make-sample";

const ROOT = resolve(__dirname, "..");
const LINES = Number(process.env.BENCH_LINES ?? 5_000_000);
const OLD_LINES = Number(process.env.BENCH_OLD_LINES ?? 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 0);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const GRID = process.env.BENCH_GRID !== "0";
const OUT = process.env.BENCH_OUT !== "0";
const OUT_CUSTOMERS = Number(process.env.BENCH_OUT_CUSTOMERS ?? 388_000);
const OLD_OUT_CUSTOMERS = Number(process.env.BENCH_OLD_OUT_CUSTOMERS ?? 77_600);
const DIR = process.env.BENCH_DIR ?? "/tmp/kam-bench";
const KAM = join(ROOT, "bin", "kam.js");

interface Measure {
  seconds: number;
  mb: number;
  /** Processor time, user + system, all threads (less sensitive than wall time to other work on the machine). */
  cpu: number;
}

/** One run of a command (stdout discarded): wall time, peak RSS, processor time. */
function once(cmd: string, args: string[]): Measure {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", cmd, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 });
  const last = r.stderr.trim().split("\n").pop() ?? "";
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr.slice(-2000)}`);
  const [t, kb, user, sys] = last.split(" ").map(Number);
  return { seconds: t, mb: kb / 1024, cpu: user + sys };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medianOf = (ms: Measure[]): Measure => ({ seconds: median(ms.map((m) => m.seconds)), mb: median(ms.map((m) => m.mb)), cpu: median(ms.map((m) => m.cpu)) });

/**
 * Median wall time, peak RSS and processor time of `RUNS` runs of a command (stdout discarded); `before`
 * runs before each.
 */
function measure(cmd: string, args: string[], runs = RUNS, before?: () => void): Measure {
  const ms: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    ms.push(once(cmd, args));
  }
  return medianOf(ms);
}

/**
 * Two commands measured in turns (a, b, a, b, …), so a machine whose speed drifts between minutes (other
 * work on a shared host) slows both alike; medians of `RUNS` runs each.
 */
function measurePair(a: [string, string[]], b: [string, string[]]): [Measure, Measure] {
  const as: Measure[] = [];
  const bs: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(once(...a));
    bs.push(once(...b));
  }
  return [medianOf(as), medianOf(bs)];
}

/** Writes a CSV of `lines` invoice lines (unless it exists): about 13 lines per customer, Zipf-like. */
async function invoiceCsv(lines: number): Promise<string> {
  const path = join(DIR, `invoices-${lines}.csv`);
  if (existsSync(path)) return path;
  const rnd = prng(7);
  const customers = Math.max(10, Math.round(lines * 0.0776));
  const out = createWriteStream(path + ".part");
  out.write("InvoiceNo,InvoiceDate,CustomerID,StockCode,Amount\n");
  let chunk = "";
  for (let i = 0; i < lines; i++) {
    const c = Math.floor(customers * rnd() ** 2);
    const cents = Math.floor(rnd() ** 3 * 500_000) - 2_000;
    const amount = `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;
    chunk += `${500000 + (i >> 3)},2026-0${1 + (i % 9)}-1${i % 10},C${100000 + c},P${i % 4000},${amount}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk = "";
    }
  }
  out.write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
  execFileSync("mv", [path + ".part", path]);
  return path;
}

/** Writes a CSV of one line per customer (unless it exists), as a warehouse's GROUP BY gives it. */
async function customersCsv(customers: number): Promise<string> {
  const path = join(DIR, `customers-${customers}.csv`);
  if (existsSync(path)) return path;
  const rnd = prng(13);
  const lines = ["CustomerID,Amount"];
  for (let i = 0; i < customers; i++) {
    const cents = Math.floor(rnd() ** 3 * 50_000_000) - 2_000;
    lines.push(`C${100000 + i},${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`);
  }
  writeFileSync(path + ".part", lines.join("\n") + "\n");
  execFileSync("mv", [path + ".part", path]);
  return path;
}

/** Writes a one-sheet .xlsx of `rows` rows (header included) with ExcelJS's streaming writer. */
async function invoiceXlsx(rows: number): Promise<string> {
  const path = join(DIR, `invoices-${rows}.xlsx`);
  if (existsSync(path)) return path;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path + ".part.xlsx", useSharedStrings: false });
  const ws = wb.addWorksheet("Sales");
  ws.addRow(["CustomerID", "Amount"]).commit();
  const rnd = prng(11);
  const customers = Math.round(rows * 0.0776);
  for (let i = 1; i < rows; i++) ws.addRow([`C${100000 + Math.floor(customers * rnd() ** 2)}`, Math.round(rnd() ** 3 * 500_000) / 100]).commit();
  ws.commit();
  await wb.commit();
  execFileSync("mv", [path + ".part.xlsx", path]);
  return path;
}

/** The DuckDB query, as a script for a child node process; null when @duckdb/node-api is not found. */
function duckdbScript(csv: string): string | null {
  let api: string;
  try {
    api = require.resolve("@duckdb/node-api", { paths: [process.env.BENCH_DUCKDB ?? ROOT] });
  } catch {
    return null;
  }
  const script = join(DIR, `duckdb-abc-${basename(csv, ".csv")}.js`);
  // GROUP BY customer with exact DECIMAL sums, then the ABC window: running share of the positive total.
  const sql = `
    SET threads = 2;
    CREATE TEMP TABLE abc AS
    WITH c AS (
      SELECT CustomerID AS customer, SUM(Amount) AS value, COUNT(*) AS lines
      FROM read_csv('${csv}', header = true, columns = {'InvoiceNo': 'VARCHAR', 'InvoiceDate': 'VARCHAR',
        'CustomerID': 'VARCHAR', 'StockCode': 'VARCHAR', 'Amount': 'DECIMAL(18,2)'})
      GROUP BY customer)
    SELECT customer, value, SUM(GREATEST(value, 0)) OVER (ORDER BY value DESC, customer ROWS UNBOUNDED PRECEDING)
         / SUM(GREATEST(value, 0)) OVER () AS cumulative
    FROM c;`;
  writeFileSync(
    script,
    `const { DuckDBInstance } = require(${JSON.stringify(api)});
(async () => {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  for (const q of ${JSON.stringify(sql)}.split(";").map((s) => s.trim()).filter(Boolean)) await con.run(q);
  const r = await con.runAndReadAll("SELECT count(*) AS n FROM abc");
  process.stdout.write(String(r.getRows()[0][0]) + "\\n");
})();\n`,
  );
  return script;
}

/** Today's whole-file path (readInputFile → readAbcInput → aggregateByKey → abcTable), as a child script. */
function gridScript(): string {
  const script = join(DIR, "grid-abc.ts");
  writeFileSync(
    script,
    `import { abcTable, aggregateByKey } from ${JSON.stringify(join(ROOT, "src/core/abc"))};
import { readAbcInput } from ${JSON.stringify(join(ROOT, "src/core/input"))};
import { readInputFile } from ${JSON.stringify(join(ROOT, "src/cli/readInput"))};
export async function main([file, customer, value]: string[]): Promise<void> {
  const { grid, tableTotalsRows } = await readInputFile(file);
  const input = readAbcInput(grid, { customer, value, locale: "en-US", source: file, tableTotalsRows });
  const agg = aggregateByKey(input.keys, input.values);
  process.stdout.write(JSON.stringify(abcTable(agg.customers, agg.totals).classes) + "\\n");
}\n`,
  );
  return script;
}

/**
 * `kam analyze --out` with the workbook written whole by ExcelJS (what every size went through before
 * src/render/xlsxBulk.ts), as a child script: same reading, same ABC sheet, `writeWorkbookFile(renderXlsx())`.
 */
function excelJsOutScript(): string {
  const script = join(DIR, "exceljs-out.ts");
  const src = (p: string): string => JSON.stringify(join(ROOT, "src", p));
  writeFileSync(
    script,
    `import { abcTable } from ${src("core/abc")};
import { readAbcFile } from ${src("read/stream/abcFile")};
import { readInputFile } from ${src("cli/readInput")};
import { buildAbcSheet } from ${src("sheets/abc/build")};
import { renderXlsx, writeWorkbookFile } from ${src("render/xlsx")};
export async function main([file, customer, value, out]: string[]): Promise<void> {
  const input = await readAbcFile(file, undefined, { customer, value, locale: "en-US", source: file }, readInputFile);
  const summary = abcTable(input.customers, input.totals, { method: "value", thresholds: [0.8, 0.95], nonpositive: "D" });
  const sheet = buildAbcSheet(summary, { language: "en", valueLabel: value, thresholds: [0.8, 0.95], method: "value" });
  await writeWorkbookFile(renderXlsx({ sheets: [sheet] }), out);
}\n`,
  );
  return script;
}

interface Row {
  name: string;
  m: Measure;
  against?: { name: string; m: Measure; target: string; limit: number };
}

function table(rows: Row[]): void {
  console.log("| case | time | peak memory | competitor (same run) | time | ratio | target | processor time, kam / competitor |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) printRow(r);
}

function printRow(r: Row): void {
  {
    const a = r.against;
    const ratio = a ? r.m.seconds / a.m.seconds : NaN;
    const met = !a || a.limit === Infinity ? "" : ratio <= a.limit ? ": met" : ": NOT met";
    console.log(
      `| ${r.name} | ${r.m.seconds.toFixed(2)} s | ${Math.round(r.m.mb)} MB | ${a ? a.name : ""} | ${a ? a.m.seconds.toFixed(2) + " s, " + Math.round(a.m.mb) + " MB" : ""} | ${a ? ratio.toFixed(2) + "×" : ""} | ${a ? `${a.target}${met}` : ""} | ${r.m.cpu.toFixed(2)} s${a ? ` / ${a.m.cpu.toFixed(2)} s` : ""} |`,
    );
  }
}

export async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  console.log(`${cpus().length} cores, load average at start ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-cli.js")]);
  const rows: Row[] = [];
  // Each row is printed as soon as it is measured (a long run that fails later keeps what it found).
  const push = (r: Row): void => {
    rows.push(r);
    printRow(r);
  };
  const node: Measure = measure(process.execPath, ["-e", "0"], 5);
  push({ name: "kam --help", m: measure(process.execPath, [KAM, "--help"], 5), against: { name: "node -e 0", m: node, target: "< 0.3 s absolute", limit: 0.3 / node.seconds } });

  const csv = await invoiceCsv(LINES);
  const args = ["analyze", csv, "--customer", "CustomerID", "--value", "Amount"];
  const duck = duckdbScript(csv);
  const target = { name: "DuckDB GROUP BY + window, 2 threads", target: "≤ 1.5× and < 1 GB" };
  // The DuckDB query keeps its table and prints a count; `kam analyze` prints its summary by class. With
  // --json kam also prints every customer's row, which the query does not: shown beside, not the target.
  for (const json of [false, true]) {
    const kam: [string, string[]] = [process.execPath, [KAM, ...args, ...(json ? ["--json"] : [])]];
    const [m, duckM] = duck ? measurePair(kam, [process.execPath, [duck]]) : [measure(...kam), undefined];
    push({
      name: `kam analyze${json ? " --json (every customer's row printed)" : ""}, ${LINES.toLocaleString("en-US")} lines`,
      m,
      against: duckM && { ...target, m: duckM, target: json ? "(reference)" : target.target, limit: json ? Infinity : m.mb < 1024 ? 1.5 : 0 },
    });
  }
  if (OUT) {
    // A fresh output every run: replacing an earlier one would also time reading it and its backup.
    const out = join(DIR, "out.xlsx");
    const fresh = (): void => rmSync(out, { force: true });
    push({ name: `kam analyze --out (${LINES.toLocaleString("en-US")} lines)`, m: measure(process.execPath, [KAM, ...args, "--out", out], 1, fresh) });

    // --out alone: one line per customer, so the time is the writer's.
    const outArgs = (csv: string): string[] => [KAM, "analyze", csv, "--customer", "CustomerID", "--value", "Amount", "--out", out];
    const many = measure(process.execPath, outArgs(await customersCsv(OUT_CUSTOMERS)), RUNS, fresh);
    push({
      name: `kam analyze --out, ${OUT_CUSTOMERS.toLocaleString("en-US")} customers`,
      m: many,
      against: { name: "the target itself", m: { seconds: 10, mb: 1536, cpu: 10 }, target: "< 10 s and < 1.5 GB", limit: many.mb < 1536 ? 1 : 0 },
    });
    const fewer = await customersCsv(OLD_OUT_CUSTOMERS);
    const exceljs = measure(process.execPath, [join(ROOT, "bin", "run-ts.js"), excelJsOutScript(), fewer, "CustomerID", "Amount", out], 1, fresh);
    push({
      name: `kam analyze --out, ${OLD_OUT_CUSTOMERS.toLocaleString("en-US")} customers`,
      m: measure(process.execPath, outArgs(fewer), RUNS, fresh),
      against: { name: "the whole workbook through ExcelJS (through tsx)", m: exceljs, target: "faster", limit: 1 },
    });
  }

  if (OLD_LINES > 0) {
    const small = await invoiceCsv(OLD_LINES);
    const kam: [string, string[]] = [process.execPath, [KAM, "analyze", small, "--customer", "CustomerID", "--value", "Amount"]];
    const smallDuck = duckdbScript(small);
    const [smallAnalyze, smallDuckM] = smallDuck ? measurePair(kam, [process.execPath, [smallDuck]]) : [measure(...kam), undefined];
    const name = `kam analyze, ${OLD_LINES.toLocaleString("en-US")} lines`;
    push({
      name,
      m: smallAnalyze,
      against: smallDuckM && { name: "DuckDB GROUP BY + window, 2 threads", m: smallDuckM, target: "≤ 1.5× and < 1 GB", limit: smallAnalyze.mb < 1024 ? 1.5 : 0 },
    });
    if (GRID) {
      const grid = measure(process.execPath, [join(ROOT, "bin", "run-ts.js"), gridScript(), small, "CustomerID", "Amount"], 1);
      push({ name, m: smallAnalyze, against: { name: "today's whole-file path (through tsx)", m: grid, target: "faster", limit: 1 } });
    }
  }

  if (XLSX_ROWS > 0) {
    // Today's whole-file reader (ExcelJS loads the workbook) needs ~1.7 GB at Excel's row limit and aborts
    // under a 1 GB heap; it gets 4 GB so it finishes and can be the baseline. The streamed path runs with
    // node's defaults. Load average is printed beside each, since other work on the machine slows both.
    const xlsx = await invoiceXlsx(XLSX_ROWS);
    const load = (): string => loadavg()[0].toFixed(1);
    const oldLoad = load();
    const old = measure(process.execPath, ["--max-old-space-size=4096", join(ROOT, "bin", "run-ts.js"), gridScript(), xlsx, "CustomerID", "Amount"], 1);
    const nowLoad = load();
    const now = measure(process.execPath, [KAM, "analyze", xlsx, "--customer", "CustomerID", "--value", "Amount", "--json"]);
    push({
      name: `kam analyze .xlsx, ${XLSX_ROWS.toLocaleString("en-US")} rows (load ${nowLoad})`,
      m: now,
      against: { name: `today's whole-file path, 4 GB heap (load ${oldLoad})`, m: old, target: "≤ 0.5× and < 1 GB", limit: now.mb < 1024 ? 0.5 : 0 },
    });
  }
  console.log(`\n${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} (other work on the machine slows every case)`);
  console.log("");
  table(rows);
  if (!duck) console.log("\nDuckDB not found: set BENCH_DUCKDB to a folder with node_modules/@duckdb/node-api to compare.");
}
