/**
 * Real client (DESIGN §3.3) for the key account plans (issue 6): `kam plan superstore_sample.csv
 * --key-accounts top:5` writes five plan sheets and the Overview; LibreOffice opens and recalculates the
 * file with no error value in any cell. Then goals, actions, buying-center people and KPIs are typed into
 * the plans with ExcelJS (as a person would), LibreOffice recalculates again, and every Overview figure
 * must equal what the plan sheets' content says (counted here in TypeScript), the RAG and contact flags
 * must follow their rules, and the plan's figures must equal the Portfolio's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { sheetEn } from "../../src/i18n/sheets";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { OVERVIEW_COLS, OVERVIEW_ROWS } from "../../src/sheets/overview/build";
import { errorCells, recalculateAll, shownValue, sofficePath } from "../support/libreoffice";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const LO_TIMEOUT = 300_000;
const dir = mkdtempSync(join(tmpdir(), "kam-aplan-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lay = planLayout(DEFAULT_SIZES);
const DAY = 86_400_000;
const today = new Date();
const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
/** A date `d` days from today, as ExcelJS writes it (UTC midnight). */
const rel = (d: number): Date => new Date(todayUtc + d * DAY);
const serial = (d: Date): number => (d.getTime() - Date.UTC(1899, 11, 30)) / DAY;

interface Action {
  goal: string | null;
  activity: string | null;
  due: number | null;
  status: string | null;
  done: number | null;
}
interface Filled {
  goals: { id: string | null; goal: string | null }[];
  actions: Action[];
  contacts: { name: string; last: number | null }[];
  reviewed: number | null;
  kpis: { target: number; actual: number; higher?: "Yes" | "No" }[];
}

/** A different mix per plan: open/overdue/done/cancelled actions, goals with and without actions. */
function filled(k: number): Filled {
  const statuses = [null, "Planned", "In progress", "Done", "Cancelled"];
  const actions: Action[] = [];
  for (let i = 0; i < 3 + 3 * k; i++) {
    actions.push({
      goal: i % 4 === 3 ? null : `G${(i % 3) + 1}`,
      activity: i === 2 && k === 1 ? null : `Activity ${k}.${i}`, // one row with a status but no activity
      due: i % 3 === 0 ? -10 - i : i % 3 === 1 ? 20 + i : null,
      status: statuses[(i + k) % statuses.length],
      done: statuses[(i + k) % statuses.length] === "Done" ? -5 - i - k : null,
    });
  }
  return {
    goals: Array.from({ length: k + 1 }, (_, g): { id: string | null; goal: string | null } => ({
      id: g === k && k > 2 ? null : `G${g + 1}`,
      goal: `Goal ${k}.${g}`,
    })).concat(k === 2 ? [{ id: "G7", goal: null }] : []),
    actions,
    contacts: Array.from({ length: k }, (_, c) => ({ name: `Person ${k}.${c}`, last: c % 3 === 0 ? -200 : c % 3 === 1 ? -3 : null })),
    reviewed: k === 0 ? null : -1 - k,
    kpis: [
      { target: 100, actual: 120 },
      { target: 100, actual: 95 },
      { target: 100, actual: 50 },
      { target: 10, actual: 10.5, higher: "No" },
    ],
  };
}

/** The Overview figures for a filled plan, by the definitions in src/sheets/overview/build.ts. */
function expected(f: Filled): Record<string, unknown> {
  const acts = f.actions.filter((a) => a.activity);
  const open = acts.filter((a) => a.status !== "Done" && a.status !== "Cancelled");
  const done = acts.filter((a) => a.status === "Done").length;
  const notCancelled = acts.filter((a) => a.status !== "Cancelled").length;
  const goals = f.goals.filter((g) => g.goal);
  const referenced = new Set(f.actions.map((a) => a.goal).filter((x) => x));
  const dates = [
    f.reviewed,
    ...f.actions.map((a) => a.done),
    ...f.contacts.map((c) => c.last),
  ].filter((d): d is number => d !== null);
  return {
    goals: goals.length,
    open: open.length,
    overdue: open.filter((a) => a.due !== null && a.due < 0).length,
    done,
    complete: notCancelled === 0 ? "" : done / notCancelled,
    goalsWithoutActions: goals.filter((g) => !g.id || !referenced.has(g.id)).length,
    notReached: f.contacts.filter((c) => c.last === null || c.last < -90).length,
    lastChange: dates.length === 0 ? "" : serial(rel(Math.max(...dates))),
  };
}

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

const files = { plan: join(dir, "plan.xlsx"), filled: join(dir, "filled.xlsx") };
const converted: Record<keyof typeof files, ExcelJS.Workbook> = {} as never;
let planSheets: string[] = [];
let stdout = "";

beforeAll(async () => {
  if (!sofficePath()) throw new Error("LibreOffice is required for real-client tests (Debian package libreoffice-calc)");
  stdout = await kam(
    "plan",
    SUPERSTORE,
    "--customer",
    "Customer ID",
    "--value",
    "Sales",
    "--profit",
    "Profit",
    "--key-accounts",
    "top:5",
    "--out",
    files.plan,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(files.plan);
  planSheets = wb.worksheets.filter((w) => w.name.startsWith("Plan ")).map((w) => w.name);
  planSheets.forEach((name, k) => {
    const ws = wb.getWorksheet(name)!;
    const f = filled(k);
    const set = (row0: number, col0: number, v: ExcelJS.CellValue): void => {
      ws.getCell(row0 + 1, col0 + 1).value = v;
    };
    if (f.reviewed !== null) set(4, 1, rel(f.reviewed));
    f.goals.forEach((g, i) => {
      set(lay.tables.goals.first + i, 0, g.id);
      set(lay.tables.goals.first + i, 1, g.goal);
    });
    f.actions.forEach((a, i) => {
      const r = lay.tables.actions.first + i;
      set(r, 1, a.goal);
      set(r, 3, a.activity);
      set(r, 7, a.due === null ? null : rel(a.due));
      set(r, 9, a.status);
      set(r, 10, a.done === null ? null : rel(a.done));
    });
    f.contacts.forEach((c, i) => {
      const r = lay.tables.buyingCenter.first + i;
      set(r, 0, c.name);
      set(r, 4, ["Initiator", "Decider", "Buyer", "User"][i % 4]);
      set(r, 10, c.last === null ? null : rel(c.last));
    });
    f.kpis.forEach((x, i) => {
      const r = lay.tables.kpis.first + i;
      set(r, 2, x.target);
      set(r, 3, x.actual);
      if (x.higher) set(r, 4, x.higher);
    });
  });
  await wb.xlsx.writeFile(files.filled);
  Object.assign(converted, await recalculateAll(files, join(dir, "lo"), LO_TIMEOUT));
}, LO_TIMEOUT + 120_000);

function shown(ws: ExcelJS.Worksheet, row0: number, col0: number): unknown {
  const cell = ws.getCell(row0 + 1, col0 + 1);
  const v = shownValue(cell);
  if (v instanceof Date) return serial(v);
  return v === undefined && cell.type === ExcelJS.ValueType.Formula ? "" : v;
}

describe("kam plan --key-accounts top:5 → LibreOffice", () => {
  it("writes the Overview and five plans after the Portfolio", () => {
    expect(stdout).toMatch(/Overview and 5 key account plans/);
    expect(converted.plan.worksheets.map((w) => w.name)).toEqual([
      "ABC",
      "Profitability",
      "Scoring",
      "Portfolio",
      "Overview",
      ...planSheets,
      "Account history",
      // Issue 14: the account-depth sheets.
      "Whitespace",
      "Survey",
      "Complaints",
      "Voice of the customer",
      "KAM Settings",
    ]);
    expect(planSheets).toHaveLength(5);
  });

  it.each(["plan", "filled"] as const)("%s: no error value in any cell of any sheet", (k) => {
    expect(errorCells(converted[k])).toEqual([]);
  });

  it("the plan's figures equal the account's Portfolio row", () => {
    const portfolio = converted.plan.getWorksheet("Portfolio")!;
    const byCustomer = new Map<string, number>();
    for (let r = 9; shown(portfolio, r, 0); r++) byCustomer.set(String(shown(portfolio, r, 0)), r);
    for (const name of planSheets) {
      const ws = converted.plan.getWorksheet(name)!;
      const row = byCustomer.get(String(shown(ws, 2, 1)))!;
      expect(shown(ws, 2, 1)).toBe(name.slice(5));
      expect(shown(ws, lay.figures.class, 1)).toBe(shown(portfolio, row, 1));
      expect(shown(ws, lay.figures.revenue, 1)).toBe(shown(portfolio, row, 2));
      expect(shown(ws, lay.figures.profit, 1)).toBe(shown(portfolio, row, 3));
      expect(shown(portfolio, row, 8)).toBe("Yes");
    }
  });

  it("an empty plan: zero counts, blank % complete and last change", () => {
    const ov = converted.plan.getWorksheet("Overview")!;
    const C = OVERVIEW_COLS;
    for (let i = 0; i < 5; i++) {
      const r = OVERVIEW_ROWS.firstData + i;
      expect([C.goals, C.open, C.overdue, C.done, C.complete, C.goalsWithoutActions, C.notReached, C.lastChange].map((c) => shown(ov, r, c))).toEqual(
        [0, 0, 0, 0, "", 0, 0, ""],
      );
      expect(shown(ov, r, C.status)).toBe("Active");
    }
  });

  it("the Overview counts equal the plan sheets' content after goals, actions and contacts were filled in", () => {
    const ov = converted.filled.getWorksheet("Overview")!;
    const C = OVERVIEW_COLS;
    const got: Record<string, unknown>[] = [];
    const want: Record<string, unknown>[] = [];
    planSheets.forEach((name, k) => {
      const r = OVERVIEW_ROWS.firstData + k;
      expect(shown(ov, r, C.sheet)).toBe(name);
      const row: Record<string, unknown> = {};
      for (const key of ["goals", "open", "overdue", "done", "complete", "goalsWithoutActions", "notReached", "lastChange"] as const) {
        row[key] = shown(ov, r, C[key]);
      }
      got.push(row);
      want.push(expected(filled(k)));
    });
    // % complete to 12 digits; everything else exact.
    const round = (rows: Record<string, unknown>[]): Record<string, unknown>[] =>
      rows.map((x) => ({ ...x, complete: typeof x.complete === "number" ? Number(x.complete.toFixed(12)) : x.complete }));
    expect(round(got)).toEqual(round(want));
    // The mix really exercises every count.
    for (const key of ["goals", "open", "overdue", "done", "goalsWithoutActions", "notReached"]) {
      expect(want.some((w) => (w[key] as number) > 0)).toBe(true);
    }
    const total = OVERVIEW_ROWS.firstData + planSheets.length;
    expect(shown(ov, total, C.overdue)).toBe(want.reduce((s, w) => s + (w.overdue as number), 0));
  });

  it("flags contacts, lists roles not covered and rates KPIs", () => {
    const ws = converted.filled.getWorksheet(planSheets[4])!;
    const bc = lay.tables.buyingCenter.first;
    expect([0, 1, 2, 3].map((i) => shown(ws, bc + i, 13))).toEqual([
      sheetEn["aplan.bc.notReached"],
      "",
      sheetEn["aplan.bc.noContact"],
      sheetEn["aplan.bc.notReached"],
    ]);
    expect(shown(ws, bc + 4, 13)).toBe("");
    expect(shown(ws, lay.rolesMissing, 1)).toBe("Influencer; Approver; Gatekeeper");
    expect(shown(ws, lay.notReached, 1)).toBe(3);
    const kpi = lay.tables.kpis.first;
    expect([0, 1, 2, 3, 4].map((i) => shown(ws, kpi + i, 5))).toEqual(["Green", "Amber", "Red", "Amber", ""]);
    const single = converted.filled.getWorksheet(planSheets[1])!;
    expect(shown(single, lay.notReached, 3)).toBe(sheetEn["aplan.bc.singleThreaded"]);
  });
});
