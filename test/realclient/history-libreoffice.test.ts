/**
 * The Account history sheet after people work on it in LibreOffice Calc (issue 13 part 1): `kam plan`
 * records 2026-09 and 2026-10; in Calc a person types notes beside a September and an October row, sorts
 * the list by customer and inserts a row inside it (with a note); `kam plan` then records 2026-10 again
 * from changed data. Past periods must be exactly as they were, October's rows replaced (not duplicated)
 * and every note still beside the row it was typed beside.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan, workbookCells } from "../../src/cli/plan";
import type { UserCell } from "../../src/plan/userCell";
import { sofficePath } from "../support/libreoffice";
import { TypedToken, editWithLibreOffice } from "../support/uno";

const LO_TIMEOUT = 240_000;
const dir = mkdtempSync(join(tmpdir(), "kam-history-lo-"));
afterAll(() => (process.env.KAM_KEEP_TEST_FILES ? console.log(`files kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));

type Sales = Record<string, [number, number][]>;
const V1: Sales = {
  Acme: [[1900, -190], [2000, -200]],
  Beta: [[1800, 180], [1850, 185]],
  Gamma: [[1600, 160], [1700, 170]],
  Delta: [[500, 50]],
  Eps: [[300, 30]],
};
const V2: Sales = { ...V1, Acme: [[2500, 100]], Beta: [[1800, 180]] };
const V3: Sales = { ...V2, Gamma: [[4000, 400], [100, 10]] };
const KEYS = ["Acme", "Beta", "Gamma"];

function writeCsv(name: string, sales: Sales): string {
  const lines = ["Customer,Sales,Profit"];
  for (const [customer, rows] of Object.entries(sales)) for (const [s, p] of rows) lines.push(`${customer},${s.toFixed(2)},${p.toFixed(2)}`);
  const path = join(dir, name);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

/** Revenue and profit per customer, summed here. */
const totals = (s: Sales, k: string): [number, number] => s[k].reduce(([a, b], [x, y]) => [a + x, b + y], [0, 0]);

async function plan(csv: string, out: string, period: string): Promise<void> {
  await runPlan(
    PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", profit: "Profit", out, "key-accounts": KEYS.join(","), period }),
  );
}

async function historyOf(file: string): Promise<readonly (readonly UserCell[] | undefined)[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells = workbookCells(wb).get("Account history");
  if (!cells) throw new Error(`no Account history in ${wb.worksheets.map((w) => w.name).join(", ")}`);
  return cells;
}

/** History rows: [sheet row, period, customer, revenue, profit]. */
function rowsOf(cells: readonly (readonly UserCell[] | undefined)[]): [number, string, string, UserCell, UserCell][] {
  const hr = cells.findIndex((r) => r?.[0] === "Period");
  const h = cells[hr] ?? [];
  const [p, c, rev, prof] = ["Period", "Customer", "Revenue", "Profit"].map((x) => h.indexOf(x));
  const out: [number, string, string, UserCell, UserCell][] = [];
  cells.forEach((r, i) => {
    if (i > hr && r && /^\d{4}-\d{2}$/.test(String(r[p] ?? ""))) out.push([i, String(r[p]), String(r[c]), r[rev], r[prof]]);
  });
  return out;
}

const haveSoffice = !!sofficePath();
(haveSoffice ? describe : describe.skip)("History edited in LibreOffice, then refreshed", () => {
  const file = join(dir, "plan.xlsx");
  const edited = join(dir, "edited.xlsx");
  let tokens: TypedToken[] = [];
  let before: Awaited<ReturnType<typeof historyOf>>;
  let after: Awaited<ReturnType<typeof historyOf>>;

  beforeAll(async () => {
    await plan(writeCsv("v1.csv", V1), file, "2026-09");
    await plan(writeCsv("v2.csv", V2), file, "2026-10");
    const S = "Account history";
    const result = await editWithLibreOffice(file, edited, [
      // Notes right beside the table (column U, next to the last KPI column), so the sort takes them along.
      { op: "type", sheet: S, find: { text: "2026-09", nth: 1, dc: 20 }, value: "hist-note-sept" },
      { op: "type", sheet: S, find: { text: "2026-10", nth: 2, dc: 20 }, value: "hist-note-oct" },
      { op: "sort", sheet: S, find: { text: "Period" }, by: "Customer" },
      { op: "insertRows", sheet: S, find: { text: "2026-10", nth: 0 } },
      { op: "type", sheet: S, find: { text: "2026-10", nth: 0, dr: -1, dc: 20 }, value: "hist-note-inserted" },
    ], LO_TIMEOUT);
    tokens = result.tokens;
    before = await historyOf(edited);
    await plan(writeCsv("v3.csv", V3), edited, "2026-10");
    after = await historyOf(edited);
  }, 3 * LO_TIMEOUT);

  it("keeps September exactly and replaces October without duplicates", () => {
    const rows = rowsOf(after);
    expect(rows.length).toBe(6);
    const sept = (rs: typeof rows) => rs.filter((r) => r[1] === "2026-09").map((r) => r.slice(1));
    expect(sept(rows)).toEqual(sept(rowsOf(before)));
    for (const k of KEYS) {
      const s = rows.find((r) => r[1] === "2026-09" && r[2] === k)!;
      const o = rows.find((r) => r[1] === "2026-10" && r[2] === k)!;
      const [r1, p1] = totals(V1, k);
      const [r3, p3] = totals(V3, k);
      expect([s[3], s[4]]).toEqual([r1, p1]);
      expect([o[3], o[4]]).toEqual([r3, p3]);
    }
  });

  it("keeps the person's sort and every note beside the row it was typed beside", () => {
    const order = rowsOf(after).map((r) => r[2]);
    expect(order).toEqual([...order].sort());
    expect(tokens.map((t) => t.token).sort()).toEqual(["hist-note-inserted", "hist-note-oct", "hist-note-sept"]);
    for (const t of tokens) {
      const m = /^([A-Z]+)(\d+)$/.exec(t.address)!;
      const row = Number(m[2]) - 1;
      const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      expect(after[row]?.[col]).toBe(t.token);
      // The same history row (period and customer) beside it as in the edited file; the inserted row stays blank.
      const key = (cells: typeof after) => rowsOf(cells).find((r) => r[0] === row)?.slice(1, 3) ?? "blank row";
      expect(key(after)).toEqual(key(before));
    }
  });
});
