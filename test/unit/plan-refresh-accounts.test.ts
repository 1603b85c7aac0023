/**
 * Key account plans survive `kam plan` refreshes (issue 6, DESIGN §2 rule 8): buying-center rows,
 * actions, goals, text fields, list choices, dates and cells outside the plan, typed into two plans with
 * ExcelJS as a person would, come back identical after the data and the key-account selection change;
 * figures follow the new data; the account dropped from the selection keeps its sheet, marked inactive.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { runKam as kam } from "../support/cli";
import { sheetEn } from "../../src/i18n/sheets";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { OVERVIEW_ROWS } from "../../src/sheets/overview/build";

const dir = mkdtempSync(join(tmpdir(), "kam-plan-accounts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


function csv(name: string, sales: (i: number) => number): string {
  const lines = [["Customer ID", "Sales", "Profit"]];
  for (let i = 1; i <= 30; i++) {
    const id = `C${String(i).padStart(2, "0")}`;
    lines.push([id, String(sales(i)), String(sales(i) / 10)]);
  }
  const p = join(dir, name);
  writeFileSync(p, lines.map((r) => r.join(",")).join("\n") + "\n");
  return p;
}

const lay = planLayout(DEFAULT_SIZES);
const A = (row0: number, col0: number): string => `${String.fromCharCode(65 + col0)}${row0 + 1}`;
const day = (iso: string): Date => new Date(`${iso}T00:00:00.000Z`);

/** What a person types into a plan: address → value. */
function entries(k: number): Record<string, ExcelJS.CellValue> {
  const bc = lay.tables.buyingCenter.first;
  const act = lay.tables.actions.first;
  const goals = lay.tables.goals.first;
  return {
    B4: `Kari Nordmann ${k}`,
    B5: day("2024-03-01"),
    [A(lay.fields.priorities, 1)]: `Grow in the Nordics (${k})`,
    [A(lay.fields.competitors, 1)]: "=HYPERLINK(\"x\") is a literal name, and so is +47 22 00 00 00",
    [A(lay.fields.stage, 1)]: "Cooperative",
    [A(lay.fields.joint, 1)]: "Quarterly business review",
    [A(bc, 0)]: "Ola Hansen",
    [A(bc, 4)]: "Decider",
    // Issue 14: also role (5) and relationship level (8) moved influence, attitude, dates right.
    [A(bc, 5)]: "Approver",
    [A(bc, 6)]: 5,
    [A(bc, 7)]: "Supporter",
    [A(bc, 8)]: "Trusted",
    [A(bc, 10)]: day("2024-01-15"),
    [A(bc + 1, 0)]: "Per Berg",
    [A(bc + 1, 4)]: "Gatekeeper",
    [A(bc + 1, 12)]: "Invite to the fair",
    [A(goals, 1)]: "Share of wallet 40 %",
    [A(goals, 2)]: "Strategic (3 years)",
    [A(goals, 5)]: 0.4,
    [A(act, 1)]: "G1",
    [A(act, 3)]: `Workshop ${k}`,
    [A(act, 7)]: day("2024-06-30"),
    [A(act, 9)]: "Done",
    [A(act, 10)]: day("2024-06-20"),
    [A(act + 1, 0)]: "X-7",
    [A(act + 1, 3)]: "Price review",
    [A(act + 1, 9)]: "In progress",
    [A(act + 1, 11)]: { formula: "1+1" } as ExcelJS.CellValue,
    [A(lay.tables.kpis.first, 0)]: "Revenue growth",
    [A(lay.tables.kpis.first, 2)]: 10,
    [A(lay.tables.kpis.first, 3)]: 9.5,
    P3: "my note right of the plan",
    [A(lay.lastRow + 2, 0)]: "my note below the plan",
  };
}

function shown(v: ExcelJS.CellValue): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === "object" && "formula" in v) return { formula: (v as ExcelJS.CellFormulaValue).formula };
  return v;
}

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe("kam plan --key-accounts, refreshed with new data and a new selection", () => {
  const out = join(dir, "plan.xlsx");
  const args = ["--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--out", out];
  const sales1 = (i: number): number => 10000 - i * 100;
  const sales2 = (i: number): number => (i === 1 ? 20000 : i === 6 ? 9700 : sales1(i));
  let first: Awaited<ReturnType<typeof kam>>;
  let second: Awaited<ReturnType<typeof kam>>;

  beforeAll(async () => {
    first = await kam("plan", csv("v1.csv", sales1), "--key-accounts", "top:5", ...args);
    const wb = await load(out);
    for (const [k, sheet] of [
      [1, "Plan C01"],
      [5, "Plan C05"],
    ] as const) {
      const ws = wb.getWorksheet(sheet)!;
      for (const [a, v] of Object.entries(entries(k))) ws.getCell(a).value = v;
    }
    await wb.xlsx.writeFile(out);
    // New data, and the selection drops C05 and adds C06.
    second = await kam("plan", csv("v2.csv", sales2), "--key-accounts", "C01,C02,C03,C04,C06", ...args);
  });

  it("reports the plans", () => {
    expect([first.code, first.stderr, second.code, second.stderr]).toEqual([0, "", 0, ""]);
    expect(first.stdout).toMatch(/Overview and 5 key account plans/);
    expect(second.stdout).toMatch(/Key account plans: 5 active \(1 new\); 1 inactive \(no longer a key account; sheet kept\)/);
    expect(readdirSync(dir).filter((f) => f.startsWith("plan.backup-"))).toHaveLength(1);
  });

  it("marks the choice on the Portfolio as the user's Yes/No would", async () => {
    const ws = (await load(out)).getWorksheet("Portfolio")!;
    const choice: Record<string, unknown> = {};
    for (let r = 10; ws.getCell(`A${r}`).value; r++) choice[String(ws.getCell(`A${r}`).value)] = ws.getCell(`I${r}`).value;
    expect(Object.entries(choice).filter(([, v]) => v === "Yes").map(([c]) => c).sort()).toEqual(
      ["C01", "C02", "C03", "C04", "C06"],
    );
    expect(choice.C05).toBe("No");
  });

  it("keeps every filled cell identical, in both plans", async () => {
    const wb = await load(out);
    for (const [k, sheet] of [
      [1, "Plan C01"],
      [5, "Plan C05"],
    ] as const) {
      const ws = wb.getWorksheet(sheet)!;
      for (const [a, v] of Object.entries(entries(k))) {
        expect(`${sheet}!${a} = ${JSON.stringify(shown(ws.getCell(a).value))}`).toBe(
          `${sheet}!${a} = ${JSON.stringify(shown(v))}`,
        );
      }
    }
  });

  it("updates the figures: the plan's revenue refers to the account's Portfolio row, which holds the new value", async () => {
    const wb = await load(out);
    const portfolio = wb.getWorksheet("Portfolio")!;
    for (const c of ["C01", "C06"]) {
      const f = (wb.getWorksheet(`Plan ${c}`)!.getCell(A(lay.figures.revenue, 1)).value as ExcelJS.CellFormulaValue).formula;
      const m = /^IF\(Portfolio!(C\d+)="","",Portfolio!\1\)$/.exec(f);
      expect(m).not.toBeNull();
      const row = Number(m![1].slice(1));
      expect(portfolio.getCell(`A${row}`).value).toBe(c);
      expect(portfolio.getCell(`C${row}`).value).toBe(sales2(Number(c.slice(1))));
    }
  });

  it("keeps the dropped account's plan, marked inactive, and adds the new one", async () => {
    const wb = await load(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "ABC",
      "Profitability",
      "Scoring",
      "Portfolio",
      "Overview",
      "Plan C01",
      "Plan C02",
      "Plan C03",
      "Plan C04",
      "Plan C05",
      "Plan C06",
      "Account history",
      // Issue 14: whitespace, voice
      "Whitespace",
      "Survey",
      "Complaints",
      "Voice of the customer",
      "KAM Settings",
    ]);
    expect(wb.getWorksheet("Plan C05")!.getCell("A2").value).toBe(sheetEn["aplan.inactive"]);
    expect(wb.getWorksheet("Plan C01")!.getCell("A2").value).toBeNull();
    const ov = wb.getWorksheet("Overview")!;
    const status: Record<string, unknown> = {};
    for (let r = OVERVIEW_ROWS.firstData + 1; r < OVERVIEW_ROWS.firstData + 7; r++) status[String(ov.getCell(`A${r}`).value)] = ov.getCell(`C${r}`).value;
    expect(status).toEqual({ C01: "Active", C02: "Active", C03: "Active", C04: "Active", C05: "Inactive", C06: "Active" });
  });

  it("a further refresh without --key-accounts changes nothing that was entered, and reactivates on Yes", async () => {
    const wb = await load(out);
    wb.getWorksheet("Portfolio")!.eachRow((row) => {
      if (row.getCell(1).value === "C05") row.getCell(9).value = "Yes";
    });
    await wb.xlsx.writeFile(out);
    const r = await kam("plan", join(dir, "v2.csv"), ...args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Key account plans: 6 active/);
    const again = await load(out);
    const ws = again.getWorksheet("Plan C05")!;
    expect(ws.getCell("A2").value).toBeNull();
    for (const [a, v] of Object.entries(entries(5))) expect(JSON.stringify(shown(ws.getCell(a).value))).toBe(JSON.stringify(shown(v)));
  });

  it("refuses unknown customer IDs and a bad rule", async () => {
    const bad = await kam("plan", join(dir, "v2.csv"), "--key-accounts", "C01,NOPE", ...args.slice(0, -1), join(dir, "x.xlsx"));
    expect([bad.code, bad.stderr]).toEqual([1, 'kam: Key accounts: "NOPE" not found in the customer column.\n']);
    const rule = await kam("plan", join(dir, "v2.csv"), "--key-accounts", "top:0", ...args.slice(0, -1), join(dir, "x.xlsx"));
    expect(rule.code).toBe(1);
    expect(rule.stderr).toMatch(/top:N/);
  });
});
