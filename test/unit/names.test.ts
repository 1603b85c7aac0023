/**
 * Names beside IDs (issue 11 part 4): the name rule, plan sheet names, and the command line
 * (kam analyze / kam plan --name), including a refresh that adds names to a plan made without them.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import type { AnalyzeJson } from "../../src/cli/analyze";
import { runKam as kam } from "../support/cli";
import { chooseNames, nameWithId } from "../../src/core/names";
import { isGeneratedPlanName, planSheetName } from "../../src/sheets/accountPlan/build";
import { sheetNameKeepingTail } from "../../src/sheets/kit/address";
import { ABC_TABLE_ROW } from "../../src/sheets/abc/build";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Row r (1-based) of a sheet as plain values (formulas as "=…"). */
function row(ws: ExcelJS.Worksheet, r: number): unknown[] {
  const out: unknown[] = [];
  ws.getRow(r).eachCell({ includeEmpty: true }, (cell, c) => {
    const v = cell.value as unknown;
    out[c - 1] = v && typeof v === "object" && "formula" in (v as object) ? `=${(v as { formula: string }).formula}` : v;
  });
  return out;
}

describe("chooseNames", () => {
  it("gives each customer its most frequent name, ties to the first seen, and counts customers with several", () => {
    const keys = ["C1", "C1", "C1", "C2", "C2", "C3", "C4"];
    const names = ["Acme", "ACME AS", "ACME AS", "Beta", "Beta Ltd", "  Gamma  AS ", ""];
    const r = chooseNames(["C1", "C2", "C3", "C4"], keys, names);
    expect(r.names).toEqual(["ACME AS", "Beta", "Gamma AS", ""]);
    expect(r.several).toBe(2);
    expect(r.example).toEqual({ customer: "C1", names: ["ACME AS", "Acme"] });
  });

  it("refuses names that are not row-aligned with the keys", () => {
    expect(() => chooseNames(["C1"], ["C1", "C1"], ["x"])).toThrow(/differ in length/);
  });

  it("writes the name beside the ID, or the ID alone", () => {
    expect(nameWithId("SM-20320", "Sean Miller")).toBe("Sean Miller (SM-20320)");
    expect(nameWithId("SM-20320", "")).toBe("SM-20320");
    expect(nameWithId("ACME", "ACME")).toBe("ACME");
  });
});

describe("plan sheet names", () => {
  it("puts the name before the ID within 31 characters, shortening the name and never the ID", () => {
    expect(planSheetName("SM-20320", "Sean Miller", [])).toBe("Plan Sean Miller (SM-20320)");
    const long = planSheetName("SM-20320", "Sean Alexander Montgomery-Miller", []);
    expect(long.length).toBeLessThanOrEqual(31);
    expect(long).toBe("Plan Sean Alexander (SM-20320)");
    expect(planSheetName("SM-20320", undefined, [])).toBe("Plan SM-20320");
  });

  it("handles Excel's forbidden characters, apostrophes and clashes", () => {
    expect(planSheetName("K/1", "O'Brien [Oslo]: A*S?", [])).toBe("Plan O'Brien _Oslo__ A_S_ (K_1)");
    const taken = ["Plan Sean Miller (SM-20320)"];
    expect(planSheetName("SM-20320", "Sean Miller", taken)).toBe("Plan Sean Miller (SM-20320) (2)");
    const a = sheetNameKeepingTail("Plan Sean Alexander Montgomery", " (SM-20320)", ["plan sean alexander (sm-20320)"]);
    expect(a).toBe("Plan Sean Alexan (SM-20320) (2)");
    expect(a.length).toBeLessThanOrEqual(31);
  });

  it("falls back to the ID alone when the ID leaves no room for a name", () => {
    const id = "X".repeat(26);
    expect(planSheetName(id, "Name", [])).toBe(`Plan ${id}`);
  });

  it("tells names the add-in gave from names a person chose", () => {
    expect(isGeneratedPlanName("Plan SM-20320", "SM-20320")).toBe(true);
    expect(isGeneratedPlanName("plan sm-20320 (2)", "SM-20320")).toBe(true);
    expect(isGeneratedPlanName("Plan Old Name (SM-20320)", "SM-20320")).toBe(true);
    expect(isGeneratedPlanName("Sean's plan", "SM-20320")).toBe(false);
    expect(isGeneratedPlanName("Plan SM-20321", "SM-20320")).toBe(false);
  });
});

describe("kam analyze --name", () => {
  it("adds the name to every row, keyed by ID, and reports customers with several names", async () => {
    const csv = join(dir, "names.csv");
    writeFileSync(csv, "ID,Name,Sales\nC1,Acme,10\nC1,ACME AS,5\nC1,ACME AS,5\nC2,Beta,30\nC3,,1\n");
    const r = await kam("analyze", csv, "--customer", "ID", "--name", "Name", "--value", "Sales", "--json");
    expect(r.stderr).toBe("");
    const json = JSON.parse(r.stdout) as AnalyzeJson;
    expect(json.rows.map((x) => [x.customer, x.name])).toEqual([
      ["C2", "Beta"],
      ["C1", "ACME AS"],
      ["C3", ""],
    ]);
    expect(json.severalNames).toBe(1);
    const text = await kam("analyze", csv, "--customer", "ID", "--name", "Name", "--value", "Sales");
    expect(text.stdout).toContain('Names: 1 customer has several names in the data; each gets its most frequent one (ties: the first seen), e.g. C1 is shown as "ACME AS" (also "Acme").');
  });

  it("writes a Name column beside the customer on the ABC sheet; without --name the sheet is as before", async () => {
    const out = join(dir, "abc-names.xlsx");
    const plain = join(dir, "abc-plain.xlsx");
    const args = [SUPERSTORE, "--customer", "Customer ID", "--value", "Sales"];
    expect((await kam("analyze", ...args, "--name", "Customer Name", "--out", out)).code).toBe(0);
    expect((await kam("analyze", ...args, "--out", plain)).code).toBe(0);
    const ws = (await load(out)).getWorksheet("ABC")!;
    const header = ABC_TABLE_ROW + 1; // the table below the summary (1-based)
    expect(row(ws, header).slice(0, 7)).toEqual(["Rank", "Customer", "Name", "Value", "Share", "Cumulative share", "Class"]);
    expect(row(ws, header + 1).slice(1, 3)).toEqual(["SM-20320", "Sean Miller"]);
    expect(row(ws, 1)[1]).toBe("Class"); // the summary above the table stays where it is
    const p = (await load(plain)).getWorksheet("ABC")!;
    expect(row(p, header).slice(0, 6)).toEqual(["Rank", "Customer", "Value", "Share", "Cumulative share", "Class"]);
    expect(row(p, 1)[1]).toBe("Class");
    // Run again on its own output: recognised as kam analyze's (the Name column included), replaced with a backup.
    const again = await kam("analyze", ...args, "--name", "Customer Name", "--out", out);
    expect(again.stderr).toBe("");
    expect(again.stdout).toMatch(/backup of the file it replaced/);
  });

  it("names a missing name column with the headers there are", async () => {
    const r = await kam("analyze", SUPERSTORE, "--customer", "Customer ID", "--name", "Kundenavn", "--value", "Sales");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Column "Kundenavn" not found in superstore_sample.csv. Available: .*Customer Name/);
  });
});

describe("kam plan --name", () => {
  const base = [SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--candidates", "5", "--key-accounts", "top:2"];

  it("shows names beside IDs on every sheet and in plan sheet names; a refresh renames plans made without names and keeps what was typed", async () => {
    const out = join(dir, "plan.xlsx");
    expect((await kam("plan", ...base, "--out", out)).code).toBe(0);
    // A plan made without names: the default sheet names, things typed on a plan sheet.
    let wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "ABC", "Profitability", "Scoring", "Portfolio", "Overview", "Plan SM-20320", "Plan TC-20980", "Account history",
      "Whitespace", "Survey", "Complaints", "Voice of the customer", "KAM Settings",
    ]);
    const old = wb.getWorksheet("Plan SM-20320")!;
    const labelRow = (ws: ExcelJS.Worksheet, label: string): number => {
      for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
      throw new Error(`no ${label}`);
    };
    old.getCell(labelRow(old, "Key account manager"), 2).value = "Kari Nordmann";
    const goals = labelRow(old, "Goal ID") + 1;
    old.getCell(goals, 2).value = "Grow furniture sales";
    const actions = labelRow(old, "8. Action plan") + 1 + 1;
    old.getCell(actions, 4).value = "Visit the buyer";
    old.getCell(2, 8).value = "note beside the title"; // a free cell, kept by the merge step
    await wb.xlsx.writeFile(out);

    const r = await kam("plan", ...base, "--name", "Customer Name", "--out", out);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Names: every customer has one name in the data.");
    wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "ABC",
      "Profitability",
      "Scoring",
      "Portfolio",
      "Overview",
      "Plan Sean Miller (SM-20320)",
      "Plan Tamara Chand (TC-20980)",
      "Account history",
      "Whitespace",
      "Survey",
      "Complaints",
      "Voice of the customer",
      "KAM Settings",
    ]);
    const plan = wb.getWorksheet("Plan Sean Miller (SM-20320)")!;
    expect(plan.getCell(1, 1).value).toBe("Key account plan: Sean Miller (SM-20320)");
    expect(plan.getCell(labelRow(plan, "Key account manager"), 2).value).toBe("Kari Nordmann");
    expect(plan.getCell(labelRow(plan, "Goal ID") + 1, 2).value).toBe("Grow furniture sales");
    expect(plan.getCell(labelRow(plan, "8. Action plan") + 1 + 1, 4).value).toBe("Visit the buyer");
    expect(plan.getCell(2, 8).value).toBe("note beside the title");
    expect(row(plan, labelRow(plan, "Customer ID")).slice(0, 3)).toEqual(["Customer ID", "SM-20320", "Sean Miller"]);

    // Name right of the customer on Scoring, Portfolio, Profitability and the Overview.
    const header = (name: string, label: string): { ws: ExcelJS.Worksheet; r: number } => {
      const ws = wb.getWorksheet(name)!;
      return { ws, r: labelRow(ws, label) };
    };
    for (const sheet of ["Scoring", "Portfolio", "Overview"]) {
      const { ws, r: h } = header(sheet, "Customer");
      expect(row(ws, h).slice(0, 2)).toEqual(["Customer", "Name"]);
      expect(row(ws, h + 1).slice(0, 2)).toEqual(["SM-20320", "Sean Miller"]);
    }
    const { ws: prof, r: ph } = header("Profitability", "Rank");
    expect(row(prof, ph).slice(0, 3)).toEqual(["Rank", "Customer", "Name"]);
    // The plan's figures still read the Portfolio's own columns (they moved one to the right).
    const portfolio = wb.getWorksheet("Portfolio")!;
    const pr = labelRow(portfolio, "SM-20320");
    const figures = labelRow(plan, "ABC class");
    expect(plan.getCell(figures, 2).value).toEqual({ formula: `IF(Portfolio!C${pr}="","",Portfolio!C${pr})` });
    expect(portfolio.getCell(pr, 3).value).toBe("A");
    // The Overview links to the renamed sheet.
    const ov = wb.getWorksheet("Overview")!;
    expect(JSON.stringify(row(ov, labelRow(ov, "SM-20320")))).toContain("Plan Sean Miller (SM-20320)");

    // Refreshed again with names: the ABC table with its Name column is the add-in's own, not a loss.
    const again = await kam("plan", ...base, "--name", "Customer Name", "--out", out);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    wb = await load(out);
    const kept = wb.getWorksheet("Plan Sean Miller (SM-20320)")!;
    expect(kept.getCell(labelRow(kept, "Key account manager"), 2).value).toBe("Kari Nordmann");
    expect(kept.getCell(labelRow(kept, "Goal ID") + 1, 2).value).toBe("Grow furniture sales");
  }, 180_000);
});
