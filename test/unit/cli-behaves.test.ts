/**
 * The command line behaves (issue 12): a closed pipe ends quietly, path problems are said in words,
 * --version, --method computed, and refresh backups keep the last three.
 */
import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { BACKUPS_KEPT, writeBackup } from "../../src/cli/backup";
import { runKam as kam } from "../support/cli";
import { endQuietlyOnClosedPipe, writeJson } from "../../src/cli/pipe";
import { aggregateByKey } from "../../src/core/abc";
import { computedAbcLimits } from "../../src/core/computedAbc";
import { readAbcInput } from "../../src/core/input";
import { readCsvFile } from "../../src/read/csv";

const REPO = resolve(__dirname, "../..");
const SUPERSTORE = resolve(REPO, "../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-behaves-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe("a closed pipe", () => {
  it("ends the process quietly with code 0 on EPIPE, and passes other errors on", () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    endQuietlyOnClosedPipe(stream as never, (c) => exits.push(c));
    stream.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit("error", Object.assign(new Error("disk full"), { code: "ENOSPC" }))).toThrow("disk full");
  });

  it("kam analyze … --json | head: no stack trace, exit 0", async () => {
    const child = spawn(process.execPath, [join(REPO, "bin/kam.js"), "analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--json"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Like `head -c 1`: read the first bytes, then close the reading end.
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});

describe("--json output written in pieces", () => {
  it("is JSON.stringify's text, for no rows, one piece and several, with keys and strings that look like its marker", () => {
    const tricky = ['"rows":"\u0000kam-rows\u0000"', "\u0000kam-rows\u0000", 'say "hi"', "Bø", "\n"];
    for (const n of [0, 1, 8192, 8193, 20_000]) {
      const rows = Array.from({ length: n }, (_, i) => ({ rank: i + 1, customer: tricky[i % tricky.length] + i, value: i / 3, share: -0, class: "A" }));
      const value = { customers: n, skippedKeys: { NA: 2 }, note: tricky[0], rows, after: [tricky[1], 1.5] };
      let text = "";
      writeJson({ write: (t: string) => (text += t) }, value, "rows");
      expect(text).toBe(JSON.stringify(value) + "\n");
    }
  });
});

describe("--out path problems are said in words, before any work", () => {
  const args = (out: string): string[] => ["analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--out", out];
  const file = join(dir, "notes.csv");
  beforeAll(() => writeFileSync(file, "x\n"));

  it.each<[string, () => string, RegExp]>([
    ["a missing folder", () => join(dir, "missingdir", "x.xlsx"), /^kam: --out .*missingdir[/\\]x\.xlsx: the folder .*missingdir does not exist\.\n$/],
    ["a file used as a folder", () => join(file, "x.xlsx"), /^kam: --out .*: .*notes\.csv is a file, not a folder\.\n$/],
    ["a folder no one may create files in", () => "/proc/x.xlsx", /^kam: --out \/proc\/x\.xlsx: the folder \/proc is not writable\.\n$/],
  ])("%s", async (_, out, message) => {
    const r = await kam(...args(out()));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/ENOENT|EACCES|ENOTDIR|\.tmp|kam-write-check/);
  });

  it("an output that is a folder", async () => {
    mkdirSync(join(dir, "book.xlsx"));
    const r = await kam(...args(join(dir, "book.xlsx")));
    expect(r.stderr).toMatch(/book\.xlsx: is a folder; give a file name ending in \.xlsx\.\n$/);
  });

  it("kam plan says the same", async () => {
    const r = await kam("plan", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--out", join(dir, "nope", "plan.xlsx"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the folder .*nope does not exist\.\n$/);
  });
});

describe("--version", () => {
  it("prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) expect(await kam(flag)).toEqual({ code: 0, stdout: `kam ${version}\n`, stderr: "" });
  });
});

describe("kam analyze --method computed", () => {
  it("classes by the limits of the ABC curve (Ultsch & Lötsch 2015) and says what A and A+B hold", async () => {
    const r = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--method", "computed", "--json");
    expect(r.stderr).toBe("");
    const j = JSON.parse(r.stdout) as AnalyzeJson;
    const input = readAbcInput(readCsvFile(SUPERSTORE), { customer: "Customer ID", value: "Sales", locale: "en-US", source: "s" });
    const totals = aggregateByKey(input.keys, input.values).totals.filter((v) => v > 0).sort((a, b) => b - a);
    const limits = computedAbcLimits(Float64Array.from(totals));
    expect(j.classes.A.count).toBe(limits.aCount);
    expect(j.classes.A.count + j.classes.B.count).toBe(limits.abCount);
    const text = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--method", "computed");
    expect(text.stdout).toMatch(/computed method \(limits from the ABC curve: A holds \d+\.\d %, A\+B \d+\.\d %\)/);
  });

  it("refuses --thresholds with it", async () => {
    const r = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--method", "computed", "--thresholds", "80,95");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--thresholds does not apply to --method computed/);
  });
});

describe("refresh backups", () => {
  it(`keep the newest ${BACKUPS_KEPT} of a workbook and leave other files alone`, async () => {
    const folder = join(dir, "backups");
    mkdirSync(folder);
    const plan = join(folder, "plan.xlsx");
    writeFileSync(plan, "v");
    writeFileSync(join(folder, "other.backup-20200101-000000.xlsx"), "x");
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push(await writeBackup(plan, new Date(2026, 0, 1, 12, 0, i)));
    made.push(await writeBackup(plan, new Date(2026, 0, 1, 12, 0, 4))); // same second: "-2"
    const left = readdirSync(folder).sort();
    expect(left).toEqual(
      ["other.backup-20200101-000000.xlsx", "plan.backup-20260101-120003.xlsx", "plan.backup-20260101-120004-2.xlsx", "plan.backup-20260101-120004.xlsx", "plan.xlsx"].sort(),
    );
    expect(made.at(-1)).toBe(join(folder, "plan.backup-20260101-120004-2.xlsx"));
  });
});
