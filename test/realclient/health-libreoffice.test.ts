/**
 * Issue 13 "must show": health, completeness and review due on the Overview, after LibreOffice
 * recalculates, equal what this test computes ON ITS OWN from the plans' contents (it does not call
 * src/core/health.ts: the rules are restated below from the README's formula). `kam plan` writes five
 * plans of the Superstore sample; ExcelJS rates the accounts into the four KAISM quadrants (one left
 * unrated), fills the plans differently, types satisfaction scores and edits two weights and a band limit
 * on the Overview; one LibreOffice conversion recalculates it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { OVERVIEW_COLS, OVERVIEW_ROWS } from "../../src/sheets/overview/build";
import { SCORING_ROWS, scoringLayout } from "../../src/sheets/scoring/build";
import { defaultCriteria } from "../../src/plan/criteria";
import { errorCells, recalculateAll, shownValue, sofficePath } from "../support/libreoffice";
import { runKam } from "../support/cli";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const LO_TIMEOUT = 300_000;
const dir = mkdtempSync(join(tmpdir(), "kam-health-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lay = planLayout(DEFAULT_SIZES);
const DAY = 86_400_000;
const now = new Date();
const todayUtc = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
const rel = (d: number): Date => new Date(todayUtc + d * DAY);

interface Plan {
  /** Attractiveness and strength ratings (every criterion the same); null: not rated. */
  rating: [number, number] | null;
  analysis: { row: number; text: string } | null;
  contacts: { name: string; role: string; last: number | null }[];
  goals: { id: string; goal: string; metric?: string; baseline?: number; target?: number; due?: number; owner?: string }[];
  actions: { goal: string | null; activity: string; due: number | null; status: string | null }[];
  kpis: { name: string | null; target: number; actual: number; higher?: "No" }[];
  reviewed: number | null;
  satisfaction: number | null;
}
const smart = { metric: "Revenue", baseline: 100, target: 120, due: 90, owner: "Kari" };
const PLANS: Plan[] = [
  {
    rating: [8, 8],
    analysis: { row: lay.fields.priorities, text: "Growth in the Nordics" },
    contacts: [
      { name: "Ada", role: "Decider", last: -10 },
      { name: "Bo", role: "Buyer", last: -100 },
    ],
    goals: [{ id: "G1", goal: "Grow", ...smart }],
    actions: [
      { goal: "G1", activity: "Visit", due: -5, status: "Planned" },
      { goal: "G1", activity: "Offer", due: -20, status: "Done" },
    ],
    kpis: [{ name: "Sales", target: 100, actual: 120 }],
    reviewed: -40,
    satisfaction: 4,
  },
  {
    rating: [8, 2],
    analysis: null,
    contacts: [{ name: "Cy", role: "Buyer", last: -5 }],
    goals: [
      { id: "G1", goal: "Keep", ...smart, owner: undefined },
      { id: "G2", goal: "Win", ...smart },
    ],
    actions: [{ goal: "G1", activity: "Call", due: 10, status: null }],
    kpis: [{ name: null, target: 100, actual: 95 }],
    reviewed: -40,
    satisfaction: null,
  },
  {
    rating: [2, 8],
    analysis: { row: lay.fields.needs, text: "Faster delivery" },
    contacts: [],
    goals: [],
    actions: [{ goal: null, activity: "Audit", due: -1, status: "In progress" }],
    kpis: [{ name: "Lead time", target: 10, actual: 12, higher: "No" }],
    reviewed: null,
    satisfaction: 1,
  },
  {
    rating: [2, 2],
    analysis: { row: lay.fields.trends, text: "Consolidation" },
    contacts: [{ name: "Di", role: "Decider", last: null }],
    goals: [{ id: "G1", goal: "Hold", ...smart }],
    actions: [
      { goal: "G1", activity: "Review", due: -3, status: "Done" },
      { goal: "G1", activity: "Drop", due: -3, status: "Cancelled" },
    ],
    kpis: [{ name: "Margin", target: 50, actual: 20 }],
    reviewed: -100,
    satisfaction: 5,
  },
  {
    rating: null,
    analysis: { row: lay.fields.priorities, text: "Not rated yet" },
    contacts: [],
    goals: [],
    actions: [],
    kpis: [],
    reviewed: -150,
    satisfaction: 2.5,
  },
];
const QUADRANT = ["Strategic", "Star", "Status", "Streamline", null];
/** Edited on the Overview before recalculation. */
const WEIGHTS = { completeness: 20, actions: 20, contacts: 15, kpis: 0, profit: 10, satisfaction: 30, complaints: 5, review: 10 }; // complaints: the default (issue 14)
const GREEN = 60;
const AMBER = 40;
const CADENCE: Record<string, number> = { Strategic: 30, Star: 60, Status: 90, Streamline: 180 };

/** The README's rules, restated here on the test's own data. */
function expectedHealth(p: Plan, quadrant: string | null, revenue: number, profit: number) {
  const parts = [
    quadrant !== null && p.analysis !== null,
    p.contacts.some((c) => c.role === "Decider"),
    p.goals.length > 0 && p.goals.every((g) => g.metric && g.baseline !== undefined && g.target !== undefined && g.due !== undefined && g.owner),
    p.goals.length > 0 && p.goals.every((g) => p.actions.some((a) => a.goal === g.id)),
    p.kpis.some((k) => k.name !== null),
  ];
  const completeness = parts.filter(Boolean).length / 5;
  const open = p.actions.filter((a) => a.status !== "Done" && a.status !== "Cancelled");
  const overdue = open.filter((a) => a.due !== null && a.due < 0).length;
  const reached = p.contacts.filter((c) => c.last !== null && c.last >= -90).length;
  const rag = p.kpis.map((k): number => {
    const x = k.higher === "No" ? k.target / k.actual : k.actual / k.target;
    return x >= 1 ? 100 : x >= 0.9 ? 50 : 0;
  });
  const cadence = quadrant === null ? 180 : CADENCE[quadrant];
  const reviewDue = p.reviewed === null || -p.reviewed > cadence;
  const components: Record<keyof typeof WEIGHTS, number | null> = {
    completeness: 100 * completeness,
    actions: p.actions.length === 0 ? null : open.length === 0 ? 100 : 100 - (100 * overdue) / open.length,
    contacts: p.contacts.length === 0 ? null : (100 * reached) / p.contacts.length,
    kpis: rag.length === 0 ? null : rag.reduce((a: number, b) => a + b, 0) / rag.length,
    profit: Math.max(0, Math.min(100, 50 + (500 * profit) / revenue)),
    satisfaction: p.satisfaction === null ? null : (25 * (p.satisfaction - 1)),
    complaints: 100, // the Complaints sheet stays empty here: no old open complaint
    review: reviewDue ? 0 : 100,
  };
  let num = 0;
  let den = 0;
  for (const [k, c] of Object.entries(components)) {
    if (c === null) continue;
    num += WEIGHTS[k as keyof typeof WEIGHTS] * c;
    den += WEIGHTS[k as keyof typeof WEIGHTS];
  }
  const score = num / den;
  return { score, band: score >= GREEN ? "Green" : score >= AMBER ? "Amber" : "Red", completeness, reviewDue: reviewDue ? "Yes" : "No", components };
}

const files = { filled: join(dir, "filled.xlsx") };
let converted: ExcelJS.Workbook;
let planSheets: string[] = [];

function shown(ws: ExcelJS.Worksheet, row0: number, col0: number): unknown {
  const cell = ws.getCell(row0 + 1, col0 + 1);
  const v = shownValue(cell);
  return v === undefined && cell.type === ExcelJS.ValueType.Formula ? "" : v;
}
/** The 0-based row of the first cell in column A holding `text`, at or below `from`. */
function rowOf(ws: ExcelJS.Worksheet, text: string, from = 0): number {
  for (let r = from; r < ws.rowCount; r++) if (shownValue(ws.getCell(r + 1, 1)) === text) return r;
  throw new Error(`${text} not in column A of ${ws.name}`);
}

beforeAll(async () => {
  if (!sofficePath()) throw new Error("LibreOffice is required for real-client tests (Debian package libreoffice-calc)");
  const plan = join(dir, "plan.xlsx");
  const run = await runKam("plan", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--key-accounts", "top:5", "--out", plan);
  if (run.code !== 0) throw new Error(run.stderr);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(plan);
  planSheets = wb.worksheets.filter((w) => w.name.startsWith("Plan ")).map((w) => w.name);
  const scoring = wb.getWorksheet("Scoring")!;
  const criteria = defaultCriteria("en");
  const cols = scoringLayout(criteria, 5).criterionCol;
  planSheets.forEach((name, k) => {
    const p = PLANS[k];
    const ws = wb.getWorksheet(name)!;
    const set = (r: number, c: number, v: ExcelJS.CellValue): void => {
      ws.getCell(r + 1, c + 1).value = v;
    };
    const customer = String(shownValue(ws.getCell(3, 2)));
    if (p.rating) {
      const r = rowOf(scoring, customer, SCORING_ROWS.firstData);
      for (const c of criteria.attractiveness) scoring.getCell(r + 1, cols[c.id] + 1).value = p.rating[0];
      for (const c of criteria.strength) scoring.getCell(r + 1, cols[c.id] + 1).value = p.rating[1];
    }
    if (p.analysis) set(p.analysis.row, 1, p.analysis.text);
    p.contacts.forEach((c, i) => {
      const r = lay.tables.buyingCenter.first + i;
      set(r, 0, c.name);
      set(r, 4, c.role);
      set(r, 10, c.last === null ? null : rel(c.last));
    });
    p.goals.forEach((g, i) => {
      const r = lay.tables.goals.first + i;
      set(r, 0, g.id);
      set(r, 1, g.goal);
      set(r, 3, g.metric ?? null);
      set(r, 4, g.baseline ?? null);
      set(r, 5, g.target ?? null);
      set(r, 6, g.due === undefined ? null : rel(g.due));
      set(r, 7, g.owner ?? null);
    });
    p.actions.forEach((a, i) => {
      const r = lay.tables.actions.first + i;
      set(r, 1, a.goal);
      set(r, 3, a.activity);
      set(r, 7, a.due === null ? null : rel(a.due));
      set(r, 9, a.status);
    });
    p.kpis.forEach((x, i) => {
      const r = lay.tables.kpis.first + i;
      set(r, 0, x.name);
      set(r, 2, x.target);
      set(r, 3, x.actual);
      if (x.higher) set(r, 4, x.higher);
    });
    if (p.reviewed !== null) set(4, 1, rel(p.reviewed));
    set(rowOf(ws, "Satisfaction (1–5)"), 1, p.satisfaction);
  });
  const ov = wb.getWorksheet("Overview")!;
  const top = rowOf(ov, "Account health settings");
  ov.getCell(rowOf(ov, "KPI status", top) + 1, 2).value = WEIGHTS.kpis;
  ov.getCell(rowOf(ov, "Satisfaction", top) + 1, 2).value = WEIGHTS.satisfaction;
  ov.getCell(rowOf(ov, "Green from", top) + 1, 2).value = GREEN;
  await wb.xlsx.writeFile(files.filled);
  converted = (await recalculateAll(files, join(dir, "lo"), LO_TIMEOUT)).filled;
}, LO_TIMEOUT + 120_000);

describe("account health → LibreOffice", () => {
  it("no error value in any cell; the settings check is quiet", () => {
    expect(errorCells(converted)).toEqual([]);
    const ov = converted.getWorksheet("Overview")!;
    const top = rowOf(ov, "Account health settings");
    expect(shown(ov, rowOf(ov, "Health = Σ weight × component ÷ Σ weight over the components that are not blank (a blank component drops out, the others' weights are rescaled). No old complaints = 100 when the Complaints sheet has no open complaint of the account older than the days above, else 0; its default weight 5 was taken from Satisfaction.", top) + 1, 0)).toBe("");
  });

  it("health, band, completeness and review due on the Overview equal the plans' contents", () => {
    const ov = converted.getWorksheet("Overview")!;
    const C = OVERVIEW_COLS;
    const got: unknown[] = [];
    const want: unknown[] = [];
    planSheets.forEach((name, k) => {
      const ws = converted.getWorksheet(name)!;
      const r = OVERVIEW_ROWS.firstData + k;
      expect(shown(ov, r, C.sheet)).toBe(name);
      expect(shown(ws, lay.figures.quadrant, 1)).toBe(QUADRANT[k] ?? "");
      const revenue = shown(ws, lay.figures.revenue, 1) as number;
      const profit = shown(ws, lay.figures.profit, 1) as number;
      const e = expectedHealth(PLANS[k], QUADRANT[k], revenue, profit);
      const score = shown(ov, r, C.health) as number;
      got.push({ score: Number(score.toFixed(9)), band: shown(ov, r, C.band), completeness: shown(ov, r, C.completeness), reviewDue: shown(ov, r, C.reviewDue) });
      want.push({ score: Number(e.score.toFixed(9)), band: e.band, completeness: e.completeness, reviewDue: e.reviewDue });
      // The components on the plan, in the order of the block.
      const comps = Object.values(e.components).map((c) => (c === null ? "" : Number(c.toFixed(9))));
      const row = lay.summary.health + 3;
      expect(comps.map((_, i) => shown(ws, row, 1 + i)).map((v) => (typeof v === "number" ? Number(v.toFixed(9)) : v))).toEqual(comps);
    });
    expect(got).toEqual(want);
    // The mix exercises every band, both review states and several completeness levels.
    const w = want as { band: string; reviewDue: string; completeness: number }[];
    expect(new Set(w.map((x) => x.reviewDue)).size).toBe(2);
    expect(new Set(w.map((x) => x.completeness)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(w.map((x) => x.band)).size).toBeGreaterThanOrEqual(2);
  });
});
