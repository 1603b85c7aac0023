/**
 * Real client (DESIGN §3.3): `kam plan` writes the selection workbook, LibreOffice opens it, recalculates
 * every formula and saves it; no cell may hold an error value, and after ratings are typed in (with
 * ExcelJS, as a user would), the recalculated scores and quadrants must equal what KAM.SCORE and
 * KAM.KAISM compute (`weightedScores`, `kaism` in src/core) for the same ratings.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { kaism } from "../../src/core/portfolio";
import { shapiro, whaleCurve } from "../../src/core/profitability";
import { weightedScores } from "../../src/core/score";
import { main } from "../../src/cli/main";
import { sheetNb } from "../../src/i18n/sheets";
import { planDataFromGrid } from "../../src/plan/planInput";
import { readCsvFile } from "../../src/read/csv";
import { errorCells, recalculateAll, shownValue, sofficePath } from "../support/libreoffice";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const LO_TIMEOUT = 300_000;
const dir = mkdtempSync(join(tmpdir(), "kam-plan-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kam(...argv: string[]): Promise<string> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  if (code !== 0) throw new Error(`kam ${argv.join(" ")} → ${code}: ${stderr}`);
  return stdout;
}

/** Ratings typed into the first RATED grid rows: a spread of scores, a row exactly on the midpoints, a partial row. */
const RATED = 40;
const ATT_WEIGHTS = [30, 10, 20, 15, 10, 15]; // C9:H9 after the user changed two of them
const STR_WEIGHTS = [20, 15, 20, 15, 15, 15]; // J9:O9 (defaults)
const MIDS = { attractiveness: 5, strength: 5.5 };
function ratings(i: number): { att: (number | null)[]; str: (number | null)[] } {
  if (i === 5) return { att: [5, 5, 5, 5, 5, 5], str: [6, 5, 6, 5, 6, 5] }; // 5 and 5.5: on both midpoints → high/high
  if (i === 6) return { att: [5, 5, 5, 5, 5, 5], str: [5, 5, 5, 5, 5, 5] }; // on the attractiveness mid, below strength → Star
  const r = (j: number): number => ((i * 7 + j * 3) % 10) + 1;
  const att = [0, 1, 2, 3, 4, 5].map(r);
  const str = [6, 7, 8, 9, 10, 11].map(r);
  return i === 7 ? { att: [...att.slice(0, 5), null], str } : { att, str };
}

const files = {
  plan: join(dir, "plan.xlsx"),
  rated: join(dir, "rated.xlsx"),
  ladder: join(dir, "ladder.xlsx"),
  sanity: join(dir, "sanity.xlsx"),
};
const converted: Record<keyof typeof files, ExcelJS.Workbook> = {} as never;
let planStdout = "";

// A small file with the contribution-margin ladder, hostile names and a zero-revenue customer (Norwegian labels).
const LADDER_CSV = join(dir, "ladder.csv");
const ladderRows = [
  ["Customer", "Sales", "Profit", "Net", "CM1", "CM2", "CM3", "CM4", "CTS"],
  ['=HYPERLINK("http://x","y")', "1000", "120", "900", "400", "300", "200", "120", "100"],
  ["+47 22 00 00 00", "800", "-50", "700", "200", "100", "20", "-50", "80"],
  ["Acme", "600", "90", "580", "250", "200", "150", "90", "50"],
  ["Beta", "400", "60", "390", "160", "140", "100", "60", "40"],
  ["Gamma", "300", "-20", "250", "80", "40", "10", "-20", "30"],
  ["Delta", "200", "40", "195", "90", "80", "60", "40", "20"],
  ["Eps", "100", "15", "98", "40", "35", "25", "15", "10"],
  ["Acme", "50", "5", "49", "20", "15", "10", "5", "5"],
];
writeFileSync(
  LADDER_CSV,
  ladderRows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(",")).join("\n") + "\n",
);

beforeAll(async () => {
  if (!sofficePath())
    throw new Error("LibreOffice is required for real-client tests (Debian package libreoffice-calc)");
  planStdout = await kam(
    "plan",
    SUPERSTORE,
    "--customer",
    "Customer ID",
    "--value",
    "Sales",
    "--profit",
    "Profit",
    "--out",
    files.plan,
  );

  // The user's edits: ratings, two weights, midpoints, three key accounts.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(files.plan);
  const scoring = wb.getWorksheet("Scoring")!;
  ATT_WEIGHTS.forEach((w, j) => (scoring.getCell(9, 3 + j).value = w));
  for (let i = 0; i < RATED; i++) {
    const { att, str } = ratings(i);
    att.forEach((v, j) => (scoring.getCell(12 + i, 3 + j).value = v));
    str.forEach((v, j) => (scoring.getCell(12 + i, 10 + j).value = v));
  }
  const portfolio = wb.getWorksheet("Portfolio")!;
  portfolio.getCell("B4").value = MIDS.attractiveness;
  portfolio.getCell("B5").value = MIDS.strength;
  for (const r of [10, 11, 15]) portfolio.getCell(`I${r}`).value = "Yes";
  await wb.xlsx.writeFile(files.rated);

  await kam(
    "plan",
    LADDER_CSV,
    "--customer",
    "Customer",
    "--value",
    "Sales",
    "--profit",
    "Profit",
    "--net-revenue",
    "Net",
    "--cm1",
    "CM1",
    "--cm2",
    "CM2",
    "--cm3",
    "CM3",
    "--cm4",
    "CM4",
    "--cost-to-serve",
    "CTS",
    "--candidates",
    "4",
    "--language",
    "nb",
    "--out",
    files.ladder,
  );

  // A deliberately broken file: proves that the error scan below sees error values at all.
  const bad = new ExcelJS.Workbook();
  const ws = bad.addWorksheet("S");
  ws.getCell("A1").value = { formula: "1/0" };
  ws.getCell("A2").value = { formula: "NOSUCHFUNCTION(1)" };
  ws.getCell("A3").value = { formula: 'IF(1,"","x")' };
  await bad.xlsx.writeFile(files.sanity);

  // One LibreOffice start for all files: its cold start dominates the run time.
  Object.assign(converted, await recalculateAll(files, join(dir, "lo"), LO_TIMEOUT));
}, LO_TIMEOUT + 120_000);

/** A recalculated cell; a formula that gave "" reads as "". */
function shown(ws: ExcelJS.Worksheet, address: string): unknown {
  const cell = ws.getCell(address);
  const v = shownValue(cell);
  return v === undefined && cell.type === ExcelJS.ValueType.Formula ? "" : v;
}

describe("kam plan superstore_sample.csv → LibreOffice", () => {
  it("writes the four sheets and the hidden settings", () => {
    expect(planStdout).toMatch(/793 customers from 9,994 rows\nCandidates: 396 \(class A by Sales\)/);
    expect(converted.plan.worksheets.map((w) => [w.name, w.state])).toEqual([
      ["ABC", "visible"],
      ["Profitability", "visible"],
      ["Scoring", "visible"],
      ["Portfolio", "visible"],
      ["KAM Settings", "hidden"],
    ]);
  });

  it.each(["plan", "rated", "ladder"] as const)("%s: no error value in any cell of any sheet", (k) => {
    expect(errorCells(converted[k])).toEqual([]);
  });

  it("the error scan does see error values (sanity check on a broken file)", () => {
    expect(errorCells(converted.sanity)).toEqual(["S!A1 #DIV/0!", "S!A2 #NAME?"]);
    expect(shown(converted.sanity.getWorksheet("S")!, "A3")).toBe("");
  });

  it("leaves scores and quadrants blank before anything is rated, and counts no key accounts", () => {
    const scoring = converted.plan.getWorksheet("Scoring")!;
    const portfolio = converted.plan.getWorksheet("Portfolio")!;
    expect(["I12", "P12", "I407", "P407"].map((a) => shown(scoring, a))).toEqual(["", "", "", ""]);
    expect(["I9", "I10", "P9", "P10"].map((a) => shown(scoring, a))).toEqual([100, "OK", 100, "OK"]);
    expect(["E10", "G10", "H10"].map((a) => shown(portfolio, a))).toEqual(["", "", ""]);
    expect(["B6", "C6"].map((a) => shown(portfolio, a))).toEqual([0, "No key accounts chosen yet"]);
  });

  it("computes the Profitability sheet as the core's whale curve", async () => {
    const data = planDataFromGrid(
      await readCsvFile(SUPERSTORE),
      { customer: "Customer ID", value: "Sales", profit: "Profit" },
      "en-US",
      "s",
    );
    const profits = data.profit!;
    const w = whaleCurve(profits);
    const ws = converted.plan.getWorksheet("Profitability")!;
    const n = profits.length;
    expect(shown(ws, "D3") as number).toBeCloseTo(w.total, 6);
    expect(shown(ws, "D4") as number).toBeCloseTo(w.cumulativeShare[w.peak], 9);
    expect(shown(ws, "D4") as number).toBeGreaterThan(1);
    expect(shown(ws, "D5")).toBe(profits.filter((p) => p < 0).length);
    for (const r of [0, 1, w.peak, n - 2, n - 1]) {
      expect(shown(ws, `B${10 + r}`)).toBe(data.customers[w.order[r]]);
      expect(shown(ws, `H${10 + r}`) as number).toBeCloseTo(w.cumulativeShare[r], 9);
      expect(shown(ws, `I${10 + r}`) as number).toBeCloseTo(w.customerShare[r], 12);
    }
    expect(shown(ws, `H${10 + n - 1}`) as number).toBeCloseTo(1, 9);
    // A-by-revenue customers that lose money: the flag column and its count agree.
    let flagged = 0;
    for (let r = 0; r < n; r++) if (shown(ws, `J${10 + r}`) === "A by revenue, loses money") flagged++;
    expect(flagged).toBeGreaterThan(0);
    expect(shown(ws, "D6")).toBe(flagged);
  });
});

describe("ratings typed in, recalculated by LibreOffice", () => {
  const expected = (() => {
    const rows = Array.from({ length: RATED }, (_, i) => ratings(i));
    const att = weightedScores(
      rows.map((r) => r.att),
      ATT_WEIGHTS,
    );
    const str = weightedScores(
      rows.map((r) => r.str),
      STR_WEIGHTS,
    );
    return {
      att,
      str,
      quadrant: kaism(att, str, { attractivenessMid: MIDS.attractiveness, strengthMid: MIDS.strength }),
    };
  })();

  it("scores every axis as KAM.SCORE (weightedScores) does, blank for the partly rated row", () => {
    const ws = converted.rated.getWorksheet("Scoring")!;
    for (let i = 0; i < RATED; i++) {
      for (const [axis, col] of [
        ["att", "I"],
        ["str", "P"],
      ] as const) {
        const want = expected[axis][i];
        const got = shown(ws, `${col}${12 + i}`);
        if (want === null) expect(`${col}${12 + i}: ${JSON.stringify(got)}`).toBe(`${col}${12 + i}: ""`);
        else expect(Math.abs((got as number) - want)).toBeLessThan(1e-12);
      }
    }
    expect(expected.att[7]).toBeNull();
    expect(shown(ws, "I53")).toBe(""); // first unrated row
  });

  it("places every account in the quadrant KAM.KAISM (kaism) gives, on-the-midpoint counting as high", () => {
    const ws = converted.rated.getWorksheet("Portfolio")!;
    const got = Array.from({ length: RATED }, (_, i) => shown(ws, `G${10 + i}`));
    expect(got).toEqual(expected.quadrant.map((q) => q ?? ""));
    expect([expected.quadrant[5], expected.quadrant[6]]).toEqual(["Strategic", "Star"]);
    expect(new Set(got)).toEqual(new Set(["Strategic", "Star", "Status", "Streamline", ""]));
    expect(shown(ws, "H15")).toBe(
      {
        Strategic: "Invest",
        Star: "Invest selectively",
        Status: "Maintain; serve efficiently",
        Streamline: "Manage for cash; reduce the cost to serve",
      }[got[5] as string],
    );
  });

  it("counts the three key accounts and warns that they are fewer than 15", () => {
    const ws = converted.rated.getWorksheet("Portfolio")!;
    expect(["B6", "C6"].map((a) => shown(ws, a))).toEqual([3, "Fewer than the recommended 15–35"]);
    const scoring = converted.rated.getWorksheet("Scoring")!;
    expect(["I9", "I10"].map((a) => shown(scoring, a))).toEqual([100, "OK"]);
  });
});

describe("the contribution-margin ladder and Shapiro types, in Norwegian", () => {
  it("shows literal names, the ladder, margins and the Shapiro type of the core's shapiro()", () => {
    const ws = converted.ladder.getWorksheet("Profitability")!;
    let header = 1;
    while (shown(ws, `A${header}`) !== "Rang") header++;
    const headers: unknown[] = [];
    for (let c = 1; shown(ws, `${String.fromCharCode(64 + c)}${header}`); c++)
      headers.push(shown(ws, `${String.fromCharCode(64 + c)}${header}`));
    expect(headers).toEqual([
      "Rang",
      "Kunde",
      "Omsetning",
      "Resultat",
      "Netto omsetning",
      "DB1",
      "DB2",
      "DB3",
      "DB4",
      "Betjeningskostnad",
      "Margin %",
      "ABC-klasse (omsetning)",
      "Kumulativt resultat",
      "Kumulativ andel av resultatet",
      "Andel av kundene",
      "Realisert nettopris",
      "Betjeningskostnad, andel av netto omsetning",
      "Shapiro-type",
      "Merknad",
    ]);
    const rows = new Map<string, Record<string, unknown>>();
    for (let r = header + 1; shown(ws, `B${r}`); r++) {
      rows.set(
        shown(ws, `B${r}`) as string,
        Object.fromEntries(headers.map((h, c) => [h as string, shown(ws, `${String.fromCharCode(65 + c)}${r}`)])),
      );
    }
    expect([...rows.keys()].sort()).toEqual(
      ["+47 22 00 00 00", '=HYPERLINK("http://x","y")', "Acme", "Beta", "Delta", "Eps", "Gamma"].sort(),
    );
    expect(rows.get("Acme")).toMatchObject({
      Omsetning: 650,
      Resultat: 95,
      "Netto omsetning": 629,
      DB4: 95,
      Betjeningskostnad: 55,
    });
    expect(rows.get("Acme")!["Margin %"] as number).toBeCloseTo(95 / 650, 12);

    const names = [...rows.keys()];
    const price = names.map((n) => (rows.get(n)!["Netto omsetning"] as number) / (rows.get(n)!.Omsetning as number));
    const cost = names.map(
      (n) => (rows.get(n)!.Betjeningskostnad as number) / (rows.get(n)!["Netto omsetning"] as number),
    );
    const nb: Record<string, string> = {
      Passive: sheetNb["profit.shapiro.passive"],
      "Carriage trade": sheetNb["profit.shapiro.carriage"],
      "Bargain basement": sheetNb["profit.shapiro.bargain"],
      Aggressive: sheetNb["profit.shapiro.aggressive"],
    };
    expect(names.map((n) => rows.get(n)!["Shapiro-type"])).toEqual(shapiro(price, cost).map((q) => nb[q!]));
    expect(rows.get("+47 22 00 00 00")!.Merknad).toBe("A etter omsetning, men taper penger");
  });
});
