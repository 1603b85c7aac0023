/**
 * The `kam` command (bin/kam.js calls `main`). It prints its own messages and returns the exit code:
 * 0 done, 1 bad input (the one-line message names file, column and row), 2 wrong usage.
 * This is the CLI's single mapping of `KamError` to text (STYLE: "one home for each rule").
 */
import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isKamError } from "../core/errors";
import { ProblemLang, problemLangOf } from "../i18n/problems";
import { endQuietlyOnClosedPipe, writeJson } from "./pipe";

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
  -h, --help      show this help
  -v, --version   show the version of kam`;

class UsageError extends Error {}

/**
 * Runs the command line.
 * @param argv arguments after the program name, e.g. ["analyze", "sales.csv", "--customer", "Customer ID", …].
 * @returns the exit code (0, 1 or 2); never throws for bad input or usage.
 */
export async function main(argv: string[], io: CliIo = process, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (io === process) endQuietlyOnClosedPipe(process.stdout);
  const [command, ...rest] = argv;
  const lang = cliLanguage(argv, env);
  try {
    if (command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(USAGE + "\n");
      return 0;
    }
    if (command === "--version" || command === "-v") {
      io.stdout.write(`kam ${packageVersion()}\n`);
      return 0;
    }
    if (command === undefined) {
      io.stderr.write(USAGE + "\n");
      return 2;
    }
    if (command === "analyze") return await analyze(rest, io, lang);
    if (command === "plan") return await plan(rest, io, lang);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      // One line, like every other error; the help text is one flag away.
      const help = command === "analyze" || command === "plan" ? `kam ${command} --help` : "kam --help";
      io.stderr.write(`kam: ${oneLine(e.message)} (see ${help})\n`);
      return 2;
    }
    if (isKamError(e)) {
      io.stderr.write(`kam: ${oneLine(e.messageIn(lang))}\n`);
      return 1;
    }
    io.stderr.write(`kam: unexpected error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  }
}

const STRING = { type: "string" } as const;
const COMMON_OPTIONS = {
  sheet: STRING,
  customer: STRING,
  name: STRING,
  value: STRING,
  method: STRING,
  thresholds: STRING,
  locale: STRING,
  language: STRING,
  currency: STRING,
  out: STRING,
  help: { type: "boolean", short: "h" },
} as const;

const ANALYZE_OPTIONS = {
  ...COMMON_OPTIONS,
  nonpositive: STRING,
  json: { type: "boolean" },
  force: { type: "boolean" },
  "print-sql": { type: "boolean" },
  profit: STRING,
} as const;
const PLAN_OPTIONS = {
  ...COMMON_OPTIONS,
  profit: STRING,
  "net-revenue": STRING,
  cm1: STRING,
  cm2: STRING,
  cm3: STRING,
  cm4: STRING,
  "cost-to-serve": STRING,
  candidates: STRING,
  "key-accounts": STRING,
  period: STRING,
  "plan-form": STRING,
  // Issue 14: whitespace roll-up
  "whitespace-criterion": STRING,
  offerings: STRING,
} as const;

interface Schema<T> {
  safeParse(x: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * Parses `kam <command> <file> --options…` the same way for every command: strict flags, exactly one
 * input file, then the command's zod schema. Returns undefined when --help was printed.
 */
function parseCommand<T>(
  command: string,
  args: string[],
  options: NonNullable<Parameters<typeof parseArgs>[0]>["options"],
  usage: string,
  schema: Schema<T>,
  io: CliIo,
  /** The --language to assume when none is given (the system locale's), or undefined to leave it out. */
  lang: ProblemLang | undefined,
): T | undefined {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UsageError(parseArgsMessage(e));
  }
  const values = parsed.values as Record<string, unknown>;
  const { positionals } = parsed;
  if (values.help) {
    io.stdout.write(usage + "\n");
    return undefined;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? `${command} needs an input file` : `${command} takes one input file, got ${positionals.length}`,
    );
  }
  // Without --language, the generated sheets and the messages follow the system locale.
  const checked = schema.safeParse({ ...values, language: values.language ?? lang, help: undefined, file: positionals[0] });
  if (!checked.success) throw new UsageError(optionMessage(checked.error.issues[0], values));
  return checked.data;
}

// The commands load when run (ExcelJS, zod…), so `kam --help` starts at once.
async function analyze(args: string[], io: CliIo, lang: ProblemLang): Promise<number> {
  const { ANALYZE_USAGE, AnalyzeOptionsSchema, analyzeJson, analyzeText, runAnalyze } = await import("./analyze");
  const opts = parseCommand("analyze", args, ANALYZE_OPTIONS, ANALYZE_USAGE, AnalyzeOptionsSchema, io, lang);
  if (!opts) return 0;
  if (opts["print-sql"]) {
    const { abcSql } = await import("./printSql");
    io.stdout.write(abcSql({ table: opts.file, customer: opts.customer, value: opts.value, profit: opts.profit }));
    return 0;
  }
  if (opts.profit !== undefined) throw new UsageError("--profit goes with --print-sql (kam plan takes --profit for its sheets)");
  const result = await runAnalyze(opts);
  if (opts.json) writeJson(io.stdout, analyzeJson(result), "rows");
  else io.stdout.write(analyzeText(result, opts));
  return 0;
}

async function plan(args: string[], io: CliIo, lang: ProblemLang): Promise<number> {
  const { PLAN_USAGE, PlanOptionsSchema, planText, runPlan } = await import("./plan");
  // No system-locale default here: a refresh without --language keeps the language the plan was made in.
  const opts = parseCommand("plan", args, PLAN_OPTIONS, PLAN_USAGE, PlanOptionsSchema, io, undefined);
  if (!opts) return 0;
  io.stdout.write(planText(await runPlan(opts), opts.language ?? lang));
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

/**
 * The version in the package.json of the installed package: the nearest one above this module, so it is
 * found from the TypeScript sources and from compiled JavaScript alike.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.version) return pkg.version;
    } catch {
      // no package.json here: look one folder up
    }
    if (dirname(dir) === dir) return "unknown";
  }
}

/**
 * The language of the CLI's messages: `--language en|nb` when given (also before the command is parsed, so
 * even an error in the options is worded in it), else the system locale — the first set of LC_ALL,
 * LC_MESSAGES, LANG, as POSIX orders them — Norwegian when it starts with nb, no or nn, else English.
 */
export function cliLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): ProblemLang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const given = a === "--language" ? argv[i + 1] : a.startsWith("--language=") ? a.slice("--language=".length) : undefined;
    if (given === "nb" || given === "en") return given;
  }
  return problemLangOf(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}
