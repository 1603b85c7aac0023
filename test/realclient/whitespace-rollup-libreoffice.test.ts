/**
 * Issue 14, whitespace roll-up through `kam plan` (runPlan, the CLI door): the Superstore plan with five key
 * accounts, ATT1 fed by the Whitespace (--whitespace-criterion ATT1). Potentials and the other ratings are
 * typed via ExcelJS, the plan is refreshed twice without the option (the choice stays the user's), then
 * LibreOffice recalculates: ATT1 on the Scoring sheet, the attractiveness score there and on the Portfolio
 * equal an independent computation from the typed values.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan, workbookCells } from "../../src/cli/plan";
import type { UserCell } from "../../src/plan/userCell";
import { a1 } from "../../src/sheets/kit/address";
import { readWhitespace } from "../../src/sheets/whitespace/read";
import { recalculateAll, shownValue, sofficePath } from "../support/libreoffice";

const LO_TIMEOUT = 240_000;
const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-ws-rollup-lo-"));
afterAll(() => (process.env.KAM_KEEP_TEST_FILES ? console.log(`files kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));

const base = { file: SUPERSTORE, customer: "Customer ID", value: "Sales", profit: "Profit", "key-accounts": "top:5" };
/** Scoring: header row 11 (0-based 10), ratings from row 12; Portfolio: attractiveness in E from row 10. */
const SCORING_HEADER = 10;
const SCORING_WEIGHT = 8;
const SCORING_SOURCE = 7;
const PORTFOLIO_FIRST = 9;
const PORTFOLIO_ATTRACTIVENESS = 4;

const haveSoffice = !!sofficePath();
(haveSoffice ? describe : describe.skip)("Whitespace potentials roll up to the attractiveness, after LibreOffice recalculates", () => {
  const file = join(dir, "plan.xlsx");
  let calc: ExcelJS.Workbook;
  let refreshed: ExcelJS.Workbook;
  let keyAccounts: string[];

  beforeAll(async () => {
    await runPlan(PlanOptionsSchema.parse({ ...base, out: file, "whitespace-criterion": "ATT1" }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const blocks = [...readWhitespace(workbookCells(wb).get("Whitespace")!).values()];
    expect(blocks).toHaveLength(5);
    keyAccounts = blocks.map((b) => b.customer);
    const ws = wb.getWorksheet("Whitespace")!;
    // Accounts 0–3 get potentials (some "not relevant", some current above potential); account 4 none.
    blocks.slice(0, 4).forEach((b, a) =>
      b.unitRows.slice(0, 3).forEach((r, i) => {
        ws.getCell(a1(r, 0)).value = `Unit ${a}-${i}`;
        [...b.offeringCols.values()].forEach((c, k) => {
          const n = (a * 37 + i * 11 + k * 5) % 13;
          ws.getCell(a1(r, c)).value = n * 100;
          ws.getCell(a1(r, c + 1)).value = n * 100 + ((a + i + k) % 4) * 150 - 100;
          ws.getCell(a1(r, c + 2)).value = (a + i + k) % 5 === 0 ? "not relevant" : "open";
        });
      }),
    );
    // The other attractiveness criteria rated by hand for the key accounts.
    const sc = wb.getWorksheet("Scoring")!;
    const grid = workbookCells(wb).get("Scoring")!;
    const header = grid[SCORING_HEADER]!;
    grid.forEach((row, r) => {
      const a = keyAccounts.indexOf(String(row?.[0]));
      if (r <= SCORING_HEADER || a < 0) return;
      for (const id of ["ATT2", "ATT3", "ATT4", "ATT5", "ATT6"]) sc.getCell(a1(r, header.indexOf(id))).value = 1 + ((a * 3 + id.charCodeAt(3)) % 10);
    });
    await wb.xlsx.writeFile(file);
    for (let i = 0; i < 2; i++) await runPlan(PlanOptionsSchema.parse({ ...base, out: file }));
    refreshed = new ExcelJS.Workbook();
    await refreshed.xlsx.readFile(file);
    calc = (await recalculateAll({ plan: file }, join(dir, "calc"), LO_TIMEOUT)).plan;
  }, 3 * LO_TIMEOUT);

  it("ATT1, the attractiveness on Scoring, Portfolio and History equal an independent computation", () => {
    const cells = workbookCells(refreshed);
    const grid = cells.get("Scoring")!;
    const header = grid[SCORING_HEADER]!;
    const att = header.map((v, c) => [v, c] as const).filter(([v]) => typeof v === "string" && /^ATT[0-9]+$/.test(v));
    expect(grid[SCORING_SOURCE]![header.indexOf("ATT1")]).toBe("Untapped potential (Whitespace)");

    // Independent: untapped and potential per account from the typed cells (refreshed file).
    const num = (v: UserCell): number => (typeof v === "number" ? v : 0);
    const totals = new Map<string, { p: number; u: number }>();
    for (const b of readWhitespace(cells.get("Whitespace")!).values()) {
      let p = 0;
      let u = 0;
      for (const unit of b.units)
        for (const x of unit.cells.values()) {
          if (x.status === "not relevant") continue;
          p += num(x.potential);
          u += Math.max(num(x.potential) - num(x.current), 0);
        }
      totals.set(b.customer, { p, u });
    }
    expect([...totals.keys()].sort()).toEqual([...keyAccounts].sort());
    const max = Math.max(...[...totals.values()].map((t) => t.u));
    expect(max).toBeGreaterThan(0);

    const scoring = calc.getWorksheet("Scoring")!;
    const portfolio = calc.getWorksheet("Portfolio")!;
    const scoreCol = header.findIndex((v, c) => c > att[att.length - 1][1] && typeof v === "string");
    const blank = (v: unknown): boolean => v === null || v === undefined || v === "";
    let rated = 0;
    // The History records the same scores (computed by the add-in from the typed blocks, not read back).
    const history = cells.get("Account history")!;
    const hHeader = history[3]!;
    const hCustomer = hHeader.indexOf("Customer");
    const hAttr = hHeader.indexOf("Attractiveness");
    expect(hAttr).toBeGreaterThan(0);
    const att1s: (number | null)[] = [];
    grid.forEach((row, r) => {
      const customer = String(row?.[0]);
      if (r <= SCORING_HEADER || !totals.has(customer)) return;
      const t = totals.get(customer)!;
      const expected = t.p === 0 ? null : Math.round(1 + (9 * t.u) / max);
      const shown = shownValue(scoring.getCell(a1(r, header.indexOf("ATT1"))));
      att1s.push(expected);
      if (expected === null) expect(blank(shown)).toBe(true);
      else expect({ customer, att1: shown }).toEqual({ customer, att1: expected });
      // The weighted attractiveness (blank while ATT1 is blank), on Scoring and on the Portfolio row.
      const ratings = att.map(([id, c]) => (id === "ATT1" ? expected : (grid[r]![c] as number)));
      const weights = att.map(([, c]) => grid[SCORING_WEIGHT]![c] as number);
      const score =
        expected === null ? null : ratings.reduce<number>((s, x, i) => s + x! * weights[i], 0) / weights.reduce((s, w) => s + w, 0);
      const onScoring = shownValue(scoring.getCell(a1(r, scoreCol)));
      const pRow = PORTFOLIO_FIRST + (r - SCORING_HEADER - 1);
      expect(shownValue(portfolio.getCell(a1(pRow, 0)))).toBe(customer);
      const onPortfolio = shownValue(portfolio.getCell(a1(pRow, PORTFOLIO_ATTRACTIVENESS)));
      const hRow = history.find((h, i) => i > 3 && h?.[hCustomer] === customer)!;
      const onHistory = hRow[hAttr];
      if (score === null) {
        expect(blank(onHistory)).toBe(true);
        expect(blank(onScoring)).toBe(true);
        expect(blank(onPortfolio)).toBe(true);
      } else {
        expect(onScoring as number).toBeCloseTo(score, 9);
        expect(onPortfolio as number).toBeCloseTo(score, 9);
        expect(onHistory as number).toBeCloseTo(score, 9);
        rated++;
      }
    });
    expect(rated).toBe(4);
    // The scale is used: the largest untapped rates 10, and the ratings differ.
    expect(att1s).toContain(10);
    expect(new Set(att1s).size).toBeGreaterThan(2);
  });
});
