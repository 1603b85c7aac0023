/**
 * `npm run bench`: the ABC core, computed ABC and the KAM.PARETO core, and the whole custom functions
 * KAM.ABC and KAM.PARETO (2-D arrays in, as Excel hands a column over, and 2-D arrays out), each against a
 * baseline measured in the same process on the same values, so the ratio is comparable across machines.
 * Baseline (the proxy the targets read against) = what any ABC or Pareto table must at least do: sort the
 * values (Float64Array sort) and take one prefix sum. Keyed cases are also timed against a keyed proxy (a
 * Map group-by of the same key cells, then the baseline on the totals), and the unkeyed KAM.PARETO against
 * the baseline plus a result of its shape (one five-cell row per value), the floor its result alone sets.
 *
 * Sizes and runs come from the environment:
 *   BENCH_ROWS=1048576      rows of the unkeyed and whole-function cases (Excel's limit)
 *   BENCH_KEYED_ROWS=100000 rows of the keyed core case
 *   BENCH_CUSTOMERS=80000   distinct keys of the keyed whole-function cases (Zipf-like, as invoice lines)
 *   BENCH_RUNS=7            runs per case (the median is printed)
 * Targets (issue 12): KAM.ABC whole function within 2× the baseline, KAM.PARETO within 3×.
 */
import { classifyAbc, classifyRows } from "../src/core/abc";
import { paretoTable } from "../src/core/pareto";
import { abc, pareto } from "../src/functions/functions";
import { prng } from "../scripts/make-sample";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_048_576);
const KEYED_ROWS = Number(process.env.BENCH_KEYED_ROWS ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 80_000);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds of one call. */
function once(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Median time of `fn`, of each proxy, and of their ratio per run. Each run times the proxies and the case
 * back to back, so a machine shared with other work (CI, a second worker) slows them alike and the ratio
 * stays comparable even when the absolute times are not.
 */
function measure(fn: () => unknown, proxies: readonly Yardstick[]): { t: number; b: number[]; ratio: number[] } {
  fn(); // warm-up: JIT and allocation
  for (const p of proxies) p.run();
  const ts: number[] = [];
  const bs = proxies.map((): number[] => []);
  const ratios = proxies.map((): number[] => []);
  for (let i = 0; i < RUNS; i++) {
    const b = proxies.map((p) => once(p.run));
    const t = once(fn);
    ts.push(t);
    b.forEach((x, k) => {
      bs[k].push(x);
      ratios[k].push(t / x);
    });
  }
  return { t: median(ts), b: bs.map(median), ratio: ratios.map(median) };
}

function baseline(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const prefix = new Float64Array(sorted.length + 1);
  for (let i = 0; i < sorted.length; i++) prefix[i + 1] = prefix[i] + sorted[i];
  return prefix[sorted.length];
}

/**
 * The keyed proxy: what any per-customer table must at least do with invoice lines: a Map group-by of the
 * key cells as they are (no key rule, no exact sums), then the baseline on the customer totals.
 */
function keyedBaseline(values: Float64Array, keyGrid: readonly (readonly unknown[])[]): number {
  const index = new Map<unknown, number>();
  const totals = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const key = keyGrid[i][0];
    let c = index.get(key);
    if (c === undefined) index.set(key, (c = index.size));
    totals[c] += values[i];
  }
  return baseline(totals.subarray(0, index.size));
}

/**
 * The output floor of a table function (information, not a target): the baseline plus a result of the
 * same shape, one five-cell row per value (a number, three fractions, a class), as KAM.PARETO returns.
 * What JavaScript alone pays to allocate a million such rows shows how much of a ratio is the result shape.
 */
function tableFloor(values: Float64Array): unknown[][] {
  baseline(values);
  const n = values.length;
  const rows = new Array<unknown[]>(n);
  for (let r = 0; r < n; r++) rows[r] = [r + 1, values[r], values[r] / n, r / n, "A"];
  return rows;
}

/** A proxy a case is timed against; the first of a case's proxies is the one its target reads against. */
interface Yardstick {
  name: string;
  run: () => unknown;
}

interface Case {
  name: string;
  run: () => unknown;
  proxies: Yardstick[];
  /** The ratio the case must stay within against its first proxy, when it has a target. */
  target?: number;
}

export function main(): void {
  const rnd = prng(42);
  const n = ROWS;
  const rows = n.toLocaleString("en-US");
  const doubles = Float64Array.from({ length: n }, () => rnd() * 1e6);
  const cents = Float64Array.from(doubles, (x) => Math.round(x * 100) / 100);
  const keyedN = KEYED_ROWS;
  const keyedValues = Float64Array.from({ length: keyedN }, () => Math.round(rnd() * 1e6) / 100);
  const keys = Array.from({ length: keyedN }, () => `K${Math.floor(rnd() * 20_000)}`);
  const computedN = 100_000;
  const computedValues = Float64Array.from({ length: computedN }, () => Math.round(rnd() ** 3 * 1e8) / 100); // skewed, cents
  // How Excel hands a column to a custom function: one array per row.
  const grid = Array.from(cents, (x) => [x]);
  // Invoice lines: a few customers buy often (Zipf-like), keys as text cells.
  const keyGrid = Array.from({ length: n }, () => [`C${Math.floor(rnd() ** 2 * CUSTOMERS)}`]);

  const proxy = (values: Float64Array): Yardstick => ({ name: "sort + prefix sum", run: () => baseline(values) });
  const keyedProxy: Yardstick = { name: "Map group-by + sort + prefix sum", run: () => keyedBaseline(cents, keyGrid) };
  const floor: Yardstick = { name: "sort + prefix sum + n×5 result rows", run: () => tableFloor(cents) };
  const cases: Case[] = [
    { name: `KAM.ABC core, ${rows} random doubles (unkeyed)`, run: () => classifyAbc(doubles), proxies: [proxy(doubles)] },
    { name: `KAM.ABC core, ${rows} values in cents (unkeyed)`, run: () => classifyAbc(cents), proxies: [proxy(cents)] },
    {
      name: `KAM.ABC core, ${keyedN.toLocaleString("en-US")} rows with 20,000 keys`,
      run: () => classifyRows(keyedValues, keys),
      proxies: [proxy(keyedValues)],
    },
    {
      name: 'KAM.ABC core, method "computed", 100,000 values',
      run: () => classifyAbc(computedValues, { method: "computed" }),
      proxies: [proxy(computedValues)],
    },
    { name: `KAM.PARETO core, ${rows} random doubles`, run: () => paretoTable(doubles), proxies: [proxy(doubles)] },
    { name: `KAM.PARETO core, ${rows} values in cents`, run: () => paretoTable(cents), proxies: [proxy(cents)] },
    { name: `KAM.ABC whole function (2-D in and out), ${rows} values`, run: () => abc(grid), proxies: [proxy(cents)], target: 2 },
    {
      name: `KAM.PARETO whole function (2-D in and out), ${rows} values`,
      run: () => pareto(grid),
      proxies: [proxy(cents), floor],
      target: 3,
    },
    { name: `KAM.ABC whole function, ${rows} rows with keys`, run: () => abc(grid, keyGrid), proxies: [proxy(cents), keyedProxy] },
    {
      name: `KAM.PARETO whole function, ${rows} rows with keys`,
      run: () => pareto(grid, keyGrid),
      proxies: [proxy(cents), keyedProxy],
    },
  ];
  console.log(`median of ${RUNS} runs (ms); each case is timed back to back with its proxies in every run;`);
  console.log("ratio = median of the per-run ratios; the target reads against the first proxy of a case\n");
  console.log(["case", "median ms", "proxy", "proxy ms", "ratio", "target"].join(" | "));
  for (const c of cases) {
    const { t, b, ratio } = measure(c.run, c.proxies);
    c.proxies.forEach((p, k) => {
      const target = c.target === undefined || k > 0 ? "" : `≤ ${c.target} ${ratio[k] <= c.target ? "met" : "MISSED"}`;
      console.log([k === 0 ? c.name : "", k === 0 ? t.toFixed(1) : "", p.name, b[k].toFixed(1), ratio[k].toFixed(2), target].join(" | "));
    });
  }
}
