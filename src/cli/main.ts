/**
 * The `kam` command (bin/kam.js calls `main`). It prints its own messages and returns the exit code:
 * 0 done, 1 bad input (the one-line message names file, column and row), 2 wrong usage.
 * This is the CLI's single mapping of `KamError` to text (STYLE: "one home for each rule").
 */
import { parseArgs } from "node:util";
import { isKamError } from "../core/errors";
import { ANALYZE_USAGE, AnalyzeOptionsSchema, analyzeJson, analyzeText, runAnalyze } from "./analyze";
import { PLAN_USAGE, PlanOptionsSchema, planText, runPlan } from "./plan";

/** Where main writes; tests pass their own to capture the output. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export const USAGE = `Usage: kam <command> [options]

Commands:
  analyze <file.xlsx|file.csv> --customer COLUMN --value COLUMN [options]
            ABC (Pareto) analysis of customers; see kam analyze --help
  plan <file.xlsx|file.csv> --customer COLUMN --value COLUMN --out PLAN.xlsx [options]
            key account selection workbook (ABC, Profitability, Scoring, Portfolio),
            updated in place when PLAN.xlsx exists; see kam plan --help

Options:
  -h, --help   show this help`;

class UsageError extends Error {}

/**
 * Runs the command line.
 * @param argv arguments after the program name, e.g. ["analyze", "sales.csv", "--customer", "Customer ID", …].
 * @returns the exit code (0, 1 or 2); never throws for bad input or usage.
 */
export async function main(argv: string[], io: CliIo = process): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(USAGE + "\n");
      return 0;
    }
    if (command === undefined) {
      io.stderr.write(USAGE + "\n");
      return 2;
    }
    if (command === "analyze") return await analyze(rest, io);
    if (command === "plan") return await plan(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      // One line, like every other error; the help text is one flag away.
      const help = command === "analyze" || command === "plan" ? `kam ${command} --help` : "kam --help";
      io.stderr.write(`kam: ${oneLine(e.message)} (see ${help})\n`);
      return 2;
    }
    if (isKamError(e)) {
      io.stderr.write(`kam: ${oneLine(e.message)}\n`);
      return 1;
    }
    io.stderr.write(`kam: unexpected error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  }
}

async function analyze(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        sheet: { type: "string" },
        customer: { type: "string" },
        value: { type: "string" },
        method: { type: "string" },
        thresholds: { type: "string" },
        nonpositive: { type: "string" },
        locale: { type: "string" },
        language: { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    // parseArgs throws TypeError with codes such as ERR_PARSE_ARGS_UNKNOWN_OPTION.
    throw new UsageError(parseArgsMessage(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(ANALYZE_USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "analyze needs an input file" : `analyze takes one input file, got ${positionals.length}`);
  }
  const checked = AnalyzeOptionsSchema.safeParse({ ...values, help: undefined, file: positionals[0] });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const name = String(issue.path[0] ?? "");
    const given = (values as Record<string, unknown>)[name];
    throw new UsageError(
      given === undefined ? `--${name} is required` : `--${name} "${String(given)}": ${lowerFirst(issue.message)}`,
    );
  }
  const opts = checked.data;
  const result = await runAnalyze(opts);
  io.stdout.write(opts.json ? JSON.stringify(analyzeJson(result)) + "\n" : analyzeText(result, opts));
  return 0;
}

async function plan(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        sheet: { type: "string" },
        customer: { type: "string" },
        value: { type: "string" },
        profit: { type: "string" },
        "net-revenue": { type: "string" },
        cm1: { type: "string" },
        cm2: { type: "string" },
        cm3: { type: "string" },
        cm4: { type: "string" },
        "cost-to-serve": { type: "string" },
        candidates: { type: "string" },
        "key-accounts": { type: "string" },
        method: { type: "string" },
        thresholds: { type: "string" },
        locale: { type: "string" },
        language: { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError(parseArgsMessage(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(PLAN_USAGE + "\n");
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? "plan needs an input file" : `plan takes one input file, got ${positionals.length}`);
  }
  const checked = PlanOptionsSchema.safeParse({ ...values, help: undefined, file: positionals[0] });
  if (!checked.success) throw new UsageError(optionMessage(checked.error.issues[0], values));
  io.stdout.write(planText(await runPlan(checked.data)));
  return 0;
}

/** "--out is required" or '--language "de": invalid option …' for the first zod issue. */
function optionMessage(issue: { path: PropertyKey[]; message: string }, values: Record<string, unknown>): string {
  const name = String(issue.path[0] ?? "");
  const given = values[name];
  return given === undefined ? `--${name} is required` : `--${name} "${String(given)}": ${lowerFirst(issue.message)}`;
}

/** Messages stay on one line so scripts can grep them. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** zod's messages start with a capital; in the middle of our one-line message they should not. */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** node:util parseArgs explains at length how to pass a positional starting with "-"; say it short. */
function parseArgsMessage(e: unknown): string {
  const err = e as Error & { code?: string };
  const option = /'(-{1,2}[^'\s]+)'/.exec(err.message)?.[1];
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) return `option ${option} needs a value`;
  return err.message;
}
