/**
 * `kam plan` on an existing plan: entered cells survive a refresh with changed data, figures are
 * updated, a backup is written first, the user's own sheets stay, foreign workbooks are refused.
 * ExcelJS only (no LibreOffice): the file is edited as a user would, then regenerated.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { runKam as kam } from "../support/cli";

const dir = mkdtempSync(join(tmpdir(), "kam-plan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** Two transaction rows per customer; `sales(i)` is the customer's total. */
function csv(name: string, customers: number, sales: (i: number) => number, extra: string[][] = []): string {
  const lines = [["Customer ID", "Sales", "Profit"]];
  for (let i = 1; i <= customers; i++) {
    const id = `C${String(i).padStart(2, "0")}`;
    const s = sales(i);
    lines.push([id, String(s / 2), String(s / 20 - (i % 7 === 0 ? s / 4 : 0))], [id, String(s / 2), "0"]);
  }
  const p = join(dir, name);
  writeFileSync(p, [...lines, ...extra].map((r) => r.join(",")).join("\n") + "\n");
  return p;
}

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function value(ws: ExcelJS.Worksheet, address: string): unknown {
  const v = ws.getCell(address).value as unknown;
  return v && typeof v === "object" && "formula" in v ? { formula: (v as { formula: string }).formula } : v;
}

describe("kam plan on an existing plan", () => {
  const out = join(dir, "plan.xlsx");
  const base = (i: number): number => Math.round(100000 / i);
  /** Address → value typed into the first plan, per sheet. */
  const typed: Record<string, Record<string, ExcelJS.CellValue>> = {
    Scoring: {
      C12: 7,
      D12: 8,
      E12: 9,
      F12: 6,
      G12: 5,
      H12: 4,
      J12: 3,
      K12: 10,
      L12: 2,
      M12: 9,
      N12: 8,
      O12: 7,
      C13: 5,
      D13: 5,
      E13: 5,
      F13: 5,
      G13: 5,
      H13: 5,
      C14: 1,
      C9: 30,
      D9: 10, // two weights changed
      C4: "Our own potential",
    },
    Portfolio: { I10: "Yes", I11: "Yes", I13: "Yes", I12: "No", J11: "Pilot", B5: 4.5 },
  };
  let firstStdout = "";
  let secondStdout = "";
  let edited: Buffer;

  beforeAll(async () => {
    const first = await kam(
      "plan",
      csv("v1.csv", 30, base),
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--profit",
      "Profit",
      "--out",
      out,
    );
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    firstStdout = first.stdout;

    const wb = await load(out);
    for (const [sheet, cells] of Object.entries(typed))
      for (const [a, v] of Object.entries(cells)) wb.getWorksheet(sheet)!.getCell(a).value = v;
    wb.addWorksheet("Notes").getCell("A1").value = "my own sheet";
    wb.getWorksheet("Portfolio")!.getCell("AC2").value = "note beside the chart";
    await wb.xlsx.writeFile(out);
    edited = readFileSync(out);

    // Changed data: C01's sales rise, a new large customer C31 appears.
    const v2 = csv("v2.csv", 30, (i) => (i === 1 ? 150000 : base(i)), [["C31", "60000", "600"]]);
    const second = await kam(
      "plan",
      v2,
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--profit",
      "Profit",
      "--out",
      out,
    );
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    secondStdout = second.stdout;
  });

  it("reports what it did", () => {
    expect(firstStdout).toMatch(/^v1\.csv: 30 customers from 60 rows\nCandidates: \d+ \(class A by Sales\)\nWrote /);
    expect(secondStdout).toMatch(/v2\.csv: 31 customers from 61 rows/);
    expect(secondStdout).toMatch(
      /Updated .*plan\.xlsx; backup of the previous version: plan\.backup-\d{8}-\d{6}\.xlsx/,
    );
    expect(secondStdout).toMatch(/Kept \d+ typed values in place, 0 overrides of formulas\n1 new candidates/);
  });

  it("wrote a byte-identical backup of the edited file first", () => {
    const backups = readdirSync(dir).filter((f) => /^plan\.backup-\d{8}-\d{6}\.xlsx$/.test(f));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0])).equals(edited)).toBe(true);
  });

  it("keeps every entered cell identical", async () => {
    const wb = await load(out);
    for (const [sheet, cells] of Object.entries(typed)) {
      const ws = wb.getWorksheet(sheet)!;
      for (const [a, v] of Object.entries(cells))
        expect(`${sheet}!${a} = ${JSON.stringify(value(ws, a))}`).toBe(`${sheet}!${a} = ${JSON.stringify(v)}`);
    }
    expect(wb.getWorksheet("Notes")!.getCell("A1").value).toBe("my own sheet");
    expect(wb.getWorksheet("Portfolio")!.getCell("AC2").value).toBe("note beside the chart");
  });

  it("updates the figures and appends the new candidate", async () => {
    const wb = await load(out);
    const portfolio = wb.getWorksheet("Portfolio")!;
    expect(portfolio.getCell("A10").value).toBe("C01");
    expect(portfolio.getCell("C10").value).toBe(150000);
    const abc = wb.getWorksheet("ABC")!;
    expect([abc.getCell("B15").value, abc.getCell("C15").value]).toEqual(["C01", 150000]); // first table row, below the summary
    expect([abc.getCell("B16").value, abc.getCell("C16").value]).toEqual(["C31", 60000]);
    const scoring = wb.getWorksheet("Scoring")!;
    let r = 12;
    while (scoring.getCell(`A${r + 1}`).value) r++;
    expect(scoring.getCell(`A${r}`).value).toBe("C31");
    expect(portfolio.getCell(`A${r - 2}`).value).toBe("C31");
    expect((scoring.getCell("I12").value as ExcelJS.CellFormulaValue).formula).toBe(
      'IF(OR(COUNT(C12:H12)<COLUMNS(C12:H12),SUM($C$9:$H$9)<=0),"",SUMPRODUCT($C$9:$H$9,C12:H12)/SUM($C$9:$H$9))',
    );
  });

  it("keeps the sheet order, with the settings sheet hidden; the Yes choices got plan sheets", async () => {
    const wb = await load(out);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ["ABC", "visible"],
      ["Profitability", "visible"],
      ["Scoring", "visible"],
      ["Portfolio", "visible"],
      ["Overview", "visible"],
      ["Plan C01", "visible"],
      ["Plan C02", "visible"],
      ["Plan C04", "visible"],
      ["Account history", "visible"],
      // Issue 14: the account-depth sheets.
      ["Whitespace", "visible"],
      ["Survey", "visible"],
      ["Complaints", "visible"],
      ["Voice of the customer", "visible"],
      ["KAM Settings", "hidden"],
      ["Notes", "visible"],
    ]);
  });

  it("switches the labels to Norwegian on request and still keeps the entries", async () => {
    const nbOut = join(dir, "plan-nb.xlsx");
    writeFileSync(nbOut, readFileSync(out));
    const r = await kam(
      "plan",
      join(dir, "v2.csv"),
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--profit",
      "Profit",
      "--language",
      "nb",
      "--out",
      nbOut,
    );
    expect(r.code).toBe(0);
    const wb = await load(nbOut);
    const portfolio = wb.getWorksheet("Portfolio")!;
    expect(portfolio.getCell("I9").value).toBe("Nøkkelkunde");
    expect(["I10", "I11", "I12", "J11"].map((a) => portfolio.getCell(a).value)).toEqual(["Ja", "Ja", "Nei", "Pilot"]);
    expect(wb.getWorksheet("Scoring")!.getCell("C12").value).toBe(7);
    // A later refresh without --language keeps Norwegian (the settings remember it).
    const again = await kam(
      "plan",
      join(dir, "v2.csv"),
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--profit",
      "Profit",
      "--out",
      nbOut,
    );
    expect(again.code).toBe(0);
    expect((await load(nbOut)).getWorksheet("Portfolio")!.getCell("I9").value).toBe("Nøkkelkunde");
  });

  it("refuses to update a workbook it did not make, and leaves it untouched", async () => {
    const foreign = join(dir, "foreign.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Data").getCell("A1").value = "x";
    wb.addWorksheet("Scoring").getCell("A1").value = "the user's own scoring";
    await wb.xlsx.writeFile(foreign);
    const before = readFileSync(foreign);
    const r = await kam("plan", join(dir, "v1.csv"), "--customer", "Customer ID", "--value", "Sales", "--out", foreign);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "kam: foreign.xlsx was not made by kam plan (it has no KAM Settings sheet that kam wrote); choose another --out.\n",
    );
    expect(readFileSync(foreign).equals(before)).toBe(true);
    expect(readdirSync(dir).some((f) => f.startsWith("foreign.backup"))).toBe(false);
  });

  it("refuses a workbook whose own sheet only has the settings sheet's name", async () => {
    const foreign = join(dir, "named-settings.xlsx");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("KAM Settings").getCell("A1").value = "my own data";
    await wb.xlsx.writeFile(foreign);
    const before = readFileSync(foreign);
    const r = await kam("plan", join(dir, "v1.csv"), "--customer", "Customer ID", "--value", "Sales", "--out", foreign);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("named-settings.xlsx was not made by kam plan");
    expect(readFileSync(foreign).equals(before)).toBe(true);
  });

  it("leaves a sheet of the user's that carries one of the plan's names as it is, says so, and writes the plan beside it", async () => {
    const clashing = join(dir, "clash.xlsx");
    expect(
      (await kam("plan", join(dir, "v1.csv"), "--customer", "Customer ID", "--value", "Sales", "--out", clashing)).code,
    ).toBe(0);
    const wb = await load(clashing);
    wb.removeWorksheet(wb.getWorksheet("Portfolio")!.id);
    wb.addWorksheet("Portfolio").getCell("A1").value = "my own portfolio";
    await wb.xlsx.writeFile(clashing);
    const r = await kam(
      "plan",
      join(dir, "v1.csv"),
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--out",
      clashing,
    );
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain(
      'Note: the sheet "Portfolio" is not recognised as the plan\'s (it has no "Customer" label with "Key account" in the same row); ' +
        'it is left as it is, and the plan\'s sheet is now "Portfolio (2)".',
    );
    const after = await load(clashing);
    expect(after.getWorksheet("Portfolio")!.getCell("A1").value).toBe("my own portfolio");
    expect(after.worksheets.map((w) => w.name)).toContain("Portfolio (2)");
  });

  it("updates the ABC-only output of kam analyze", async () => {
    const analyzed = join(dir, "analyzed.xlsx");
    expect(
      (await kam("analyze", join(dir, "v1.csv"), "--customer", "Customer ID", "--value", "Sales", "--out", analyzed))
        .code,
    ).toBe(0);
    const r = await kam(
      "plan",
      join(dir, "v1.csv"),
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--out",
      analyzed,
    );
    expect(r.code).toBe(0);
    expect((await load(analyzed)).worksheets.map((w) => w.name)).toEqual([
      "ABC",
      "Profitability",
      "Scoring",
      "Portfolio",
      "KAM Settings",
    ]);
  });

  it("checks its options", async () => {
    const v1 = join(dir, "v1.csv");
    const usage = await kam("plan", v1, "--customer", "Customer ID", "--value", "Sales");
    expect([usage.code, usage.stderr]).toEqual([2, "kam: --out is required (see kam plan --help)\n"]);
    const bad = await kam(
      "plan",
      v1,
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--candidates",
      "Z",
      "--out",
      join(dir, "z.xlsx"),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Candidates "Z"/);
    const lang = await kam(
      "plan",
      v1,
      "--customer",
      "Customer ID",
      "--value",
      "Sales",
      "--language",
      "de",
      "--out",
      join(dir, "z.xlsx"),
    );
    expect(lang.code).toBe(2);
    const same = await kam("plan", v1, "--customer", "Customer ID", "--value", "Sales", "--out", v1);
    expect(same.code).toBe(1);
    const ext = await kam("plan", v1, "--customer", "Customer ID", "--value", "Sales", "--out", join(dir, "z.csv"));
    expect(ext.code).toBe(1);
    expect(existsSync(join(dir, "z.xlsx"))).toBe(false);
    const help = await kam("plan", "--help");
    expect(help.stdout).toMatch(/^Usage: kam plan/);
  });
});
