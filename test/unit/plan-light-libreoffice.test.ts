/**
 * Issue 13 part 4, KAM light, through a real spreadsheet: a Superstore plan written by `kam plan`, edited
 * in LibreOffice Calc (python3-uno: a token typed in every input cell of one account's full plan, and a
 * small plan that fits the light form typed into another), converted Full → Light → Full with
 * `kam plan --plan-form`, recalculated by LibreOffice. Every token is back in its cell, and the Overview
 * counts the light plan as it counted the same content on the full plan.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { DEFAULT_SIZES, HEADER_ROWS, SECTIONS, TABLES, TableKey, planLayout } from "../../src/sheets/accountPlan/build";
import { a1 } from "../../src/sheets/kit/address";
import { runKam } from "../support/cli";
import { recalculateAll, shownValue, sofficePath } from "../support/libreoffice";
import { UnoEdit, checkTokens, editWithLibreOffice } from "../support/uno";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const hasLibreOffice = sofficePath() !== null;
const maybe = hasLibreOffice ? it : it.skip;

/** The input cells of a full plan with the default sizes (A1 addresses), as the layout places them. */
function fullPlanInputs(): string[] {
  const lay = planLayout(DEFAULT_SIZES);
  const out = [a1(HEADER_ROWS.manager, 1), a1(HEADER_ROWS.reviewed, 1)];
  for (const s of SECTIONS) if (s.kind === "fields") for (const f of s.fields) out.push(a1(lay.fields[f], 1));
  for (const key of Object.keys(TABLES) as TableKey[]) {
    const t = lay.tables[key];
    for (let r = t.first; r <= t.last; r++)
      TABLES[key].columns.forEach((c, j) => {
        if (c.kind !== "formula") out.push(a1(r, j));
      });
  }
  return out;
}

/** Overview row of a customer: the values LibreOffice calculated, by header. */
function overviewRow(wb: ExcelJS.Workbook, customer: string): Record<string, unknown> {
  const ws = wb.getWorksheet("Overview")!;
  let header = 0;
  ws.eachRow((row, n) => {
    if (!header && row.getCell(1).value === "Customer") header = n;
  });
  const names = (ws.getRow(header).values as unknown[]).map((v) => String(v ?? ""));
  for (let r = header + 1; r <= ws.rowCount; r++) {
    if (ws.getRow(r).getCell(1).value !== customer) continue;
    const out: Record<string, unknown> = {};
    names.forEach((n, c) => {
      if (n && c >= 1 && n !== "Plan sheet" && n !== "Last change") out[n] = shownValue(ws.getRow(r).getCell(c));
    });
    return out;
  }
  throw new Error(`no Overview row for ${customer}`);
}

describe("KAM light in LibreOffice", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kam-light-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  maybe(
    "Full → Light → Full keeps every value typed in Calc, and the Overview counts a light plan as the full one",
    async () => {
      const out = join(dir, "plan.xlsx");
      const base = ["plan", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--out", out];
      expect((await runKam(...base, "--key-accounts", "top:2")).code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const plans = wb.worksheets.map((w) => w.name).filter((n) => n.startsWith("Plan "));
      expect(plans).toHaveLength(2);
      const [big, small] = plans;

      // A token in every input cell of the first plan; a light-sized plan in the second (two contacts,
      // one never reached; two goals; three actions, one overdue, one done; one KPI).
      const edits: UnoEdit[] = fullPlanInputs().map((cell, k) => ({ op: "type", sheet: big, cell, value: `tok${k}` }));
      const lay = planLayout(DEFAULT_SIZES);
      const at = (key: TableKey, i: number, col: number): string => a1(lay.tables[key].first + i, col);
      const typed: [string, string | number][] = [
        [a1(HEADER_ROWS.manager, 1), "Kari"],
        [at("buyingCenter", 0, 0), "Ann"],
        [at("buyingCenter", 0, 4), "Decider"],
        [at("buyingCenter", 0, 10), 46300],
        [at("buyingCenter", 1, 0), "Bob"],
        [at("goals", 0, 1), "Grow"],
        [at("goals", 1, 1), "Keep"],
        [at("actions", 0, 1), "G1"],
        [at("actions", 0, 3), "Call"],
        [at("actions", 0, 7), 45000],
        [at("actions", 1, 1), "G1"],
        [at("actions", 1, 3), "Visit"],
        [at("actions", 1, 9), "Done"],
        [at("actions", 2, 3), "Offer"],
        [at("kpis", 0, 0), "Share"],
        [at("kpis", 0, 2), 10],
        [at("kpis", 0, 3), 9.5],
      ];
      for (const [cell, value] of typed) edits.push({ op: "type", sheet: small, cell, value, track: false });
      const edited = join(dir, "edited.xlsx");
      const result = await editWithLibreOffice(out, edited, edits);
      expect(result.tokens.length).toBe(fullPlanInputs().length);

      const lightRun = await runKam(...base.slice(0, -1), edited, "--plan-form", "light");
      expect(lightRun.code).toBe(0);
      const light = join(dir, "light.xlsx");
      copyFileSync(edited, light);
      // Every token is on the light plan (its form or its kept block), none on a Kept on refresh list.
      const onLight = await checkTokens(light, result.tokens);
      expect(onLight.lost).toEqual([]);
      expect(onLight.listed).toEqual([]);

      const fullRun = await runKam(...base.slice(0, -1), edited, "--plan-form", "full");
      expect(fullRun.code).toBe(0);
      const back = await checkTokens(edited, result.tokens);
      expect(back.lost).toEqual([]);
      expect(back.moved).toEqual([]);

      const calc = await recalculateAll({ light, full: edited }, join(dir, "calc"), 180_000);
      expect(calc.light.getWorksheet(small)!.getCell("A1").value).toMatch(/^KAM light plan/);
      const customer = String(calc.full.getWorksheet(small)!.getCell("B3").value);
      const lightRow = overviewRow(calc.light, customer);
      const fullRow = overviewRow(calc.full, customer);
      expect(lightRow).toEqual(fullRow);
      // The counts are those typed: 2 goals, 2 open actions (one overdue), 1 done, contacts not reached 2.
      expect([lightRow["Goals"], lightRow["Actions open"], lightRow["Overdue"], lightRow["Done"]]).toEqual([2, 2, 1, 1]);
    },
    400_000,
  );
});
