/**
 * Messages in the user's language (issue 12): every problem key has an English and a Norwegian text with
 * the same placeholders, numbers are written as the language writes them, each door words a KamError in
 * its language (a real error, for a Norwegian user, at each door), and no source file builds an English
 * sentence at a `new KamError(` site.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { main } from "../../src/cli/main";
import { KamError } from "../../src/core/errors";
import { errorMessage as functionMessage } from "../../src/functions/errors";
import { abc, nps, score } from "../../src/functions/functions";
import { problemsEn } from "../../src/i18n/problems.en";
import { problemsNb } from "../../src/i18n/problems.nb";
import { PROBLEM_KEYS, problemLangOf, problemText } from "../../src/i18n/problems";
import { CellProblem, RunAbcOptions, locate, runAbc } from "../../src/taskpane/abcRun";
import { errorMessage as paneMessage } from "../../src/taskpane/text";
import { installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";

const SRC = resolve(__dirname, "../../src");
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the problem catalogues", () => {
  it.each(PROBLEM_KEYS)("%s has English and Norwegian text with the same placeholders", (key) => {
    expect(problemsEn[key].trim()).not.toBe("");
    expect(problemsNb[key].trim()).not.toBe("");
    expect(placeholders(problemsNb[key])).toEqual(placeholders(problemsEn[key]));
  });

  it("has no Norwegian key the English catalogue lacks", () => {
    expect(Object.keys(problemsNb).sort()).toEqual([...PROBLEM_KEYS].sort());
  });

  it("writes numbers as the language does (1,234.5 / 1 234,5) and words nested problems in the same language", () => {
    const values = { name: "values", count: 1234.5, longest: "keys", n: 2 };
    expect(problemText("en", "arg.lengths", values)).toBe("values has 1,234.5 cells but keys has 2; give one value per row or a single value.");
    expect(problemText("nb", "arg.lengths", values)).toMatch(/^values har 1\s234,5 celler, men keys har 2;/);
    const cell = { key: "cell.blank" as const };
    expect(problemText("nb", "input.notKey", { source: "s.csv", column: "Kunde", row: "12345", cell })).toBe(
      "s.csv, kolonne «Kunde», rad 12345: en tom celle er ikke en kundenøkkel.",
    );
  });

  it.each<[string | undefined, string]>([
    ["nb_NO.UTF-8", "nb"],
    ["nn-NO", "nb"],
    ["no", "nb"],
    ["en_US.UTF-8", "en"],
    ["C.UTF-8", "en"],
    [undefined, "en"],
  ])("locale %j → %s", (tag, lang) => {
    expect(problemLangOf(tag)).toBe(lang);
  });
});

describe("each door words a KamError in its language", () => {
  const err = new KamError("column", "input.columnMissing", { column: "Sales", source: "s.csv", available: "A, B" }, { source: "s.csv" });

  it("keeps the English text as the error's message", () => {
    expect(err.message).toBe('Column "Sales" not found in s.csv. Available: A, B');
    expect(err.messageIn("nb")).toBe("Fant ikke kolonnen «Sales» i s.csv. Tilgjengelige: A, B");
  });

  async function kam(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
    let stderr = "";
    await main(argv, { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } }, env);
    return stderr;
  }

  it("the command line: --language nb, else the system locale", async () => {
    const argv = ["analyze", "missing.csv", "--customer", "Kunde", "--value", "Sum"];
    expect(await kam([...argv, "--language", "nb"], {})).toBe("kam: Kan ikke lese missing.csv: filen finnes ikke.\n");
    expect(await kam(argv, { LANG: "nb_NO.UTF-8" })).toBe("kam: Kan ikke lese missing.csv: filen finnes ikke.\n");
    expect(await kam(argv, { LANG: "nb_NO.UTF-8", LC_ALL: "en_US.UTF-8" })).toBe("kam: Cannot read missing.csv: no such file.\n");
    expect(await kam([...argv, "--language", "en"], { LANG: "nb_NO.UTF-8" })).toBe("kam: Cannot read missing.csv: no such file.\n");
  });

  it("the command line's summary too, numbers written the Norwegian way", async () => {
    let stdout = "";
    const superstore = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
    const argv = ["analyze", superstore, "--customer", "Customer ID", "--value", "Sales", "--language", "nb"];
    await main(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined } }, {});
    expect(stdout).toMatch(/^superstore_sample\.csv: 793 kunder fra 9\s994 rader\nABC etter Sales, verdimetoden, grenser 80,0 % \/ 95,0 %; positiv sum 2\s297\s200,86\n/);
    expect(stdout).toContain("Klasse");
  });

  it("kam plan's summary, first run and refresh, in Norwegian; not one English sentence", async () => {
    const superstore = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
    const dir = mkdtempSync(join(tmpdir(), "kam-plan-nb-"));
    try {
      const out = join(dir, "plan.xlsx");
      const argv = ["plan", superstore, "--customer", "Customer ID", "--name", "Customer Name", "--value", "Sales", "--key-accounts", "top:2", "--period", "2026-11", "--out", out];
      const run = async (extra: string[], env: NodeJS.ProcessEnv = {}): Promise<string> => {
        let stdout = "";
        const code = await main([...argv, ...extra], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined } }, env);
        expect(code).toBe(0);
        return stdout;
      };
      const first = await run(["--language", "nb"]);
      expect(first).toContain("superstore_sample.csv: 793 kunder fra 9\u00a0994 rader");
      expect(first).toContain("Kandidater: 396 (klasse A etter Sales)");
      expect(first).toContain("Navn: hver kunde har ett navn i dataene.");
      expect(first).toContain("Merk: 396 kandidater er mange å vurdere");
      expect(first).toContain(`Skrev ${out}: arkene ABC, Profitability, Scoring, Portfolio, Overview og 2 kundeplaner.`);
      expect(first).toContain("Historikk: 2026-11 registrert for 2 nøkkelkunder på «Kundehistorikk»");
      expect(first).toContain("Kundedybde: «Innplass», «Kundeundersøkelse», «Klager», «Kundens stemme»");
      // Without --language the summary follows the system locale (the sheets keep the plan's language).
      const again = await run([], { LANG: "nb_NO.UTF-8" });
      expect(again).toMatch(/Oppdaterte .*plan\.xlsx; sikkerhetskopi av forrige versjon: .* \(i samme mappe; de siste 3 kopiene beholdes\)/);
      expect(again).toContain("Beholdt ");
      expect(again).toContain("0 nye kandidater");
      expect(again).toContain("Kundeplaner: 2 aktive");
      expect(again).toContain("(2 rader for 2026-11 erstattet; tidligere perioder beholdt)");
      // The English words of the English summary appear nowhere in the Norwegian one.
      for (const text of [first, again]) expect(text).not.toMatch(/\b(customers|Candidates|Wrote|Updated|Kept|History|Names|Note)\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("the custom functions: Excel's display language", () => {
    const g = globalThis as { Office?: unknown };
    g.Office = { context: { displayLanguage: "nb-NO" } };
    try {
      expect(functionMessage(err)).toBe("Fant ikke kolonnen «Sales» i s.csv. Tilgjengelige: A, B");
    } finally {
      delete g.Office;
    }
    expect(functionMessage(err)).toBe('Column "Sales" not found in s.csv. Available: A, B');
  });

  it("the task pane: its UI language", () => {
    const csv = new KamError("file", "csv.badUtf8", { source: "s.csv", row: "4" }, { source: "s.csv", row: 4 });
    expect(paneMessage(csv, "nb")).toMatch(/^s\.csv \(linje 4\): filen er UTF-8/);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** The message argument of each `new KamError(code, …)` / SourceProblem site that is a sentence, not a key. */
function sentenceSites(text: string): string[] {
  const sites: string[] = [];
  const re = /new (?:KamError|SourceProblem)\(\s*(?:"\w+",\s*){1,2}(`[^`]*`|"(?:[^"\\]|\\.)*")/g;
  for (const m of text.matchAll(re)) {
    const arg = m[1];
    const literal = arg.startsWith('"') ? (JSON.parse(arg) as string) : null;
    if (literal === null || !(literal in problemsEn)) sites.push(arg.slice(0, 60));
  }
  return sites;
}

describe("a Norwegian user sees a real error in Norwegian at every door, and no English sentence", () => {
  async function kam(argv: string[], env: NodeJS.ProcessEnv): Promise<string> {
    let stderr = "";
    await main(argv, { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } }, env);
    return stderr;
  }

  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kam-nb-"));
    writeFileSync(join(dir, "salg.csv"), "Kunde,Sum\nNordic Foods,1000\nFjord Fisk,mye\n");
    writeFileSync(join(dir, "ok.csv"), "Kunde,Sum\nNordic Foods,1000\nFjord Fisk,20\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the command line: a text in the value column, named by its cell, with --language nb or a Norwegian locale", async () => {
    const argv = ["analyze", join(dir, "salg.csv"), "--customer", "Kunde", "--value", "Sum"];
    const nb = "kam: salg.csv, kolonne «Sum», rad 3: «mye» er ikke et tall\n";
    expect(await kam([...argv, "--language", "nb"], {})).toBe(nb);
    expect(await kam(argv, { LANG: "nb_NO.UTF-8" })).toBe(nb);
    expect(await kam(argv, { LC_ALL: "nb_NO.UTF-8" })).toBe(nb);
    expect(await kam(argv, {})).toBe('kam: salg.csv, column "Sum", row 3: "mye" is not a number\n');
  });

  it("the command line: kam plan's own refusals too", async () => {
    const argv = ["plan", join(dir, "ok.csv"), "--customer", "Kunde", "--value", "Sum", "--out", join(dir, "plan.txt")];
    const stderr = await kam([...argv, "--language", "nb"], {});
    expect(stderr).toBe("kam: --out plan.txt: planen er en .xlsx-arbeidsbok; bruk et navn som slutter på .xlsx.\n");
    expect(stderr).not.toContain("workbook");
  });

  it("the custom functions: Excel in Norwegian words the core's problems, numbers the Norwegian way", () => {
    const g = globalThis as { Office?: unknown };
    g.Office = { context: { displayLanguage: "nb-NO" } };
    const thrown = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error("expected an error");
    };
    try {
      const text = thrown(() => abc([[10], ["mye"]]));
      expect(text).toBe("values, rad 2: «mye» er ikke et tall.");
      expect(text).not.toContain("is not a number");
      expect(thrown(() => nps([[9, 11]]))).toBe("scores, rad 1, kolonne 2 er 11; NPS-svar er hele tall fra 0 til 10.");
      const weight = thrown(() => score([[5, 5]], [[1, -2.5]]));
      expect(weight).toBe("Vekt 2 er negativ (−2,5); vekter må være 0 eller mer.");
      expect(weight).not.toMatch(/Weight|negative/);
    } finally {
      delete g.Office;
    }
    expect(thrown(() => score([[5, 5]], [[1, -2.5]]))).toBe("Weight 2 is negative (-2.5); weights must be 0 or more.");
  });

  it("the task pane: a text in the value column, named by its sheet row, in the pane's language", async () => {
    installFakeExcel({ sheets: ["Salg"] }).seed("Salg", "C4", [
      ["Kunde", "Omsetning"],
      ["Nordic Foods", 1000],
      ["Fjord Fisk", "mye"],
    ]);
    const opts: RunAbcOptions = {
      source: { kind: "region", sheet: "Salg", cell: "C4" },
      mapping: { customer: "Kunde", value: "Omsetning" },
      method: "value",
      thresholds: [80, 95],
      nonpositive: "D",
      language: "nb",
      locale: "nb-NO",
    };
    try {
      const e = await Excel.run((ctx) => runAbc(ctx, opts)).then(
        () => new Error("expected a failure"),
        (x: unknown) => x,
      );
      const text = paneMessage(e, "nb", "nb-NO");
      expect(text).toBe("Kolonne «Omsetning», rad 6 i Salg: teksten «mye» er ikke et tall.");
      expect(text).not.toMatch(/Column|is not a number/);
    } finally {
      uninstallFakeExcel();
    }
  });

  it("the task pane: a keyed problem keeps its key when it is moved to the sheet row", () => {
    const cell = { key: "cell.text" as const, values: { text: "1e400" } };
    const e = new KamError("number", "input.tooLarge", { source: "Salg", column: "Sum", row: "2", cell }, { source: "Salg", column: "Sum", row: 2 });
    const moved = locate(e, [["Sum"], ["1e400"]], (g) => g + 4, "Salg") as CellProblem;
    expect(moved.messageIn("nb")).toBe("Salg, kolonne «Sum», rad 6: «1e400» er for stort til å regne med (over ±1,8E+308)");
    expect(moved.message).toBe('Salg, column "Sum", row 6: "1e400" is too large to compute with (beyond ±1.8E+308)');
    expect(paneMessage(moved, "nb")).toBe(moved.messageIn("nb"));
  });
});

describe("no source file builds an English sentence for a KamError", () => {
  const files = sourceFiles(SRC).map((p) => ({ rel: relative(SRC, p).split("\\").join("/"), sites: sentenceSites(readFileSync(p, "utf8")) }));

  it("every source file uses message keys only", () => {
    expect(files.filter((f) => f.sites.length > 0)).toEqual([]);
  });

  it("the scan sees both forms", () => {
    expect(sentenceSites('new KamError("file", `Cannot ${x}`, {})')).toHaveLength(1);
    expect(sentenceSites('new KamError("file", "Cannot read.", {})')).toHaveLength(1);
    expect(sentenceSites('new KamError("file", "file.cannotRead", {})')).toHaveLength(0);
  });
});
