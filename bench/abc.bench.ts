/**
 * `npm run bench`: the ABC core against a baseline measured in the same process, so the ratio is
 * comparable across machines. Baseline = what any ABC must at least do: sort the values
 * (Float64Array sort) and take one prefix sum.
 */
import { classifyAbc, classifyRows } from "../src/core/abc";
import { prng } from "../scripts/make-sample";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown): number {
  const times: number[] = [];
  fn(); // warm-up: JIT and allocation
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
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
}

export function main(): void {
  const rnd = prng(42);
  const n = 1_048_576;
  const doubles = Float64Array.from({ length: n }, () => rnd() * 1e6);
  const cents = Float64Array.from(doubles, (x) => Math.round(x * 100) / 100);
  const keyedN = 100_000;
  const keyedValues = Float64Array.from({ length: keyedN }, () => Math.round(rnd() * 1e6) / 100);
  const keys = Array.from({ length: keyedN }, () => `K${Math.floor(rnd() * 20_000)}`);

  const cases: Case[] = [
    { name: "KAM.ABC core, 1,048,576 random doubles (unkeyed)", values: doubles, run: () => classifyAbc(doubles) },
    { name: "KAM.ABC core, 1,048,576 values in cents (unkeyed)", values: cents, run: () => classifyAbc(cents) },
    { name: "KAM.ABC core, 100,000 rows with 20,000 keys", values: keyedValues, run: () => classifyRows(keyedValues, keys) },
  ];
  console.log(`median of ${RUNS} runs (ms); baseline = Float64Array sort + one prefix sum of the same values\n`);
  console.log(["case", "median ms", "baseline ms", "ratio"].join(" | "));
  for (const c of cases) {
    const t = time(c.run);
    const b = time(() => baseline(c.values));
    console.log([c.name, t.toFixed(1), b.toFixed(1), (t / b).toFixed(2)].join(" | "));
  }
}
