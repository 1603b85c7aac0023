/**
 * `npm run bench`: the ABC core, computed ABC and the KAM.PARETO core, and the whole custom functions
 * KAM.ABC and KAM.PARETO (2-D arrays in, as Excel hands a column over, and 2-D arrays out), each against a
 * baseline measured in the same process on the same values, so the ratio is comparable across machines.
 * Baseline = what any ABC or Pareto table must at least do: sort the values (Float64Array sort) and take
 * one prefix sum.
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
 * Median time of `fn`, of the baseline, and of their ratio per run. Each run times the baseline and the
 * case back to back, so a machine shared with other work (CI, a second worker) slows both alike and the
 * ratio stays comparable even when the absolute times are not.
 */
function measure(fn: () => unknown, base: () => unknown): { t: number; b: number; ratio: number } {
  fn(); // warm-up: JIT and allocation
  base();
  const ts: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const b = once(base);
    const t = once(fn);
    ts.push(t);
    bs.push(b);
    ratios.push(t / b);
  }
  return { t: median(ts), b: median(bs), ratio: median(ratios) };
}

function baseline(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const prefix = new Float64Array(sorted.length + 1);
  for (let i = 0; i < sorted.length; i++) prefix[i + 1] = prefix[i] + sorted[i];
  return prefix[sorted.length];
}

interface Case {
  name: string;
  values: Float64Array;
  run: () => unknown;
  /** The ratio the case must stay within, when it has a target. */
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

  const cases: Case[] = [
    { name: `KAM.ABC core, ${rows} random doubles (unkeyed)`, values: doubles, run: () => classifyAbc(doubles) },
    { name: `KAM.ABC core, ${rows} values in cents (unkeyed)`, values: cents, run: () => classifyAbc(cents) },
    { name: `KAM.ABC core, ${keyedN.toLocaleString("en-US")} rows with 20,000 keys`, values: keyedValues, run: () => classifyRows(keyedValues, keys) },
    {
      name: 'KAM.ABC core, method "computed", 100,000 values',
      values: computedValues,
      run: () => classifyAbc(computedValues, { method: "computed" }),
    },
    { name: `KAM.PARETO core, ${rows} random doubles`, values: doubles, run: () => paretoTable(doubles) },
    { name: `KAM.PARETO core, ${rows} values in cents`, values: cents, run: () => paretoTable(cents) },
    { name: `KAM.ABC whole function (2-D in and out), ${rows} values`, values: cents, run: () => abc(grid), target: 2 },
    { name: `KAM.PARETO whole function (2-D in and out), ${rows} values`, values: cents, run: () => pareto(grid), target: 3 },
    { name: `KAM.ABC whole function, ${rows} rows with keys`, values: cents, run: () => abc(grid, keyGrid) },
    { name: `KAM.PARETO whole function, ${rows} rows with keys`, values: cents, run: () => pareto(grid, keyGrid) },
  ];
  console.log(`median of ${RUNS} runs (ms); baseline = Float64Array sort + one prefix sum of the same values,`);
  console.log("timed back to back with each run; ratio = median of the per-run ratios\n");
  console.log(["case", "median ms", "baseline ms", "ratio", "target"].join(" | "));
  for (const c of cases) {
    const { t, b, ratio } = measure(c.run, () => baseline(c.values));
    const target = c.target === undefined ? "" : `≤ ${c.target} ${ratio <= c.target ? "met" : "MISSED"}`;
    console.log([c.name, t.toFixed(1), b.toFixed(1), ratio.toFixed(2), target].join(" | "));
  }
}
