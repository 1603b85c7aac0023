/**
 * Real client (DESIGN §3.3) for the one-page summary at the top of a plan sheet (issue 11 part 6): a plan
 * made before the summary (test/golden/plan-before-summary) is filled in as a person would, refreshed
 * with names, and recalculated by LibreOffice (one conversion). Every summary formula must give what the
 * plan's own tables say: key figures against the data, each goal's status from its actions, the overdue
 * actions and the contacts not reached listed by name; no error value anywhere; the summary is page 1.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { main } from "../../src/cli/main";
import { DEFAULT_SIZES, SUMMARY_LIST_ROWS, planLayout } from "../../src/sheets/accountPlan/build";
import { errorCells, recalculateXlsx, shownValue, sofficePath } from "../support/libreoffice";

const CASE = resolve(__dirname, "../golden/plan-before-summary");
const dir = mkdtempSync(join(tmpdir(), "kam-summary-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const now = new Date();
const todayUtc = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
/** A date `d` days from today (UTC midnight, as ExcelJS writes dates). */
const rel = (d: number): Date => new Date(todayUtc + d * DAY);

function labelRow(ws: ExcelJS.Worksheet, label: string, from = 1): number {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  throw new Error(`no "${label}" on ${ws.name}`);
}

const run = sofficePath() ? it : it.skip;

describe("the plan summary in LibreOffice", () => {
  run("calculates the key figures, goal statuses, overdue actions and contacts not reached", async () => {
    const out = join(dir, "plan.xlsx");
    copyFileSync(join(CASE, "plan.xlsx"), out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("Plan K-1")!;
    const bc = labelRow(ws, "Name", labelRow(ws, "3. Buying center")) + 1;
    [
      ["Ola Hansen", "CFO", rel(-10)],
      ["Eva Berg", "Buyer", rel(-200)],
      ["Nils Lie", "Engineer", null],
    ].forEach(([name, title, last], i) => {
      ws.getCell(bc + i, 1).value = name as string;
      ws.getCell(bc + i, 2).value = title as string;
      ws.getCell(bc + i, 9).value = last as Date | null;
    });
    const goals = labelRow(ws, "Goal ID") + 1;
    ws.getCell(goals, 2).value = "Double furniture sales";
    ws.getCell(goals, 6).value = 200000;
    ws.getCell(goals, 7).value = rel(200);
    ws.getCell(goals + 1, 2).value = "Enter Tromsø";
    ws.getCell(goals + 2, 2).value = "Joint planning day";
    ws.getCell(goals + 3, 2).value = "Renew the contract";
    const acts = labelRow(ws, "8. Action plan") + 2;
    [
      ["G1", "Present the new range", "Kari", rel(-5), "In progress"],
      ["G1", "Agree the rebate", "Per", rel(30), "Planned"],
      ["G3", "Book the day", "Kari", rel(-20), "Done"],
      ["G4", "Send the draft", "Per", rel(-1), null],
    ].forEach(([goal, activity, owner, due, status], i) => {
      ws.getCell(acts + i, 2).value = goal as string;
      ws.getCell(acts + i, 4).value = activity as string;
      ws.getCell(acts + i, 5).value = owner as string;
      ws.getCell(acts + i, 8).value = due as Date;
      ws.getCell(acts + i, 10).value = status as string | null;
    });
    await wb.xlsx.writeFile(out);
    const io = { out: "", err: "" };
    const code = await main(
      ["plan", join(CASE, "input.csv"), "--customer", "Customer ID", "--name", "Customer Name", "--value", "Sales", "--profit", "Profit", "--out", out],
      { stdout: { write: (s: string) => (io.out += s) }, stderr: { write: (s: string) => (io.err += s) } },
    );
    expect(io.err).toBe("");
    expect(code).toBe(0);

    const calc = await recalculateXlsx(out, { outDir: join(dir, "lo") });
    expect(errorCells(calc)).toEqual([]);
    const plan = calc.getWorksheet("Plan Nordlys AS (K-1)")!;
    const s = planLayout(DEFAULT_SIZES).summary;
    // A formula showing "" comes back as "" or as no value.
    const v = (r: number, c: number): unknown => shownValue(plan.getCell(r + 1, c + 1)) ?? "";
    expect(v(s.section, 0)).toBe("Account summary");
    // Key figures: K-1 sold 7,500 with a profit of 1,100; the positive total of Sales is 13,800.
    expect([v(s.figures + 1, 1), v(s.figures + 1, 2)]).toEqual([7500, 1100]);
    expect(v(s.figures + 1, 3)).toBeCloseTo(1100 / 7500, 12);
    expect(v(s.figures + 1, 4)).toBeCloseTo(7500 / 13800, 12);
    expect(v(s.figures + 1, 5)).toBe("A");
    // Goals: G1 has an overdue action, G2 none, G3 all done, G4 one open (overdue as well: due yesterday).
    const goal = (i: number): unknown[] => [0, 1, 5, 6, 7].map((c) => v(s.goalFirst + i, c));
    expect(goal(0)).toEqual(["G1", "Double furniture sales", rel(200), "Actions overdue", 2]);
    expect(goal(1)).toEqual(["G2", "Enter Tromsø", "", "No actions", 0]);
    expect(goal(2)).toEqual(["G3", "Joint planning day", "", "Done", 1]);
    expect(goal(3)).toEqual(["G4", "Renew the contract", "", "Actions overdue", 1]);
    expect(v(s.goalFirst + 4, 1)).toBe("");
    // Overdue actions: the count and the two, in table order.
    expect(v(s.overdue, 1)).toBe(2);
    const overdue = (k: number): unknown[] => [1, 2, 4, 5].map((c) => v(s.overdueFirst + k, c));
    expect(overdue(0)).toEqual(["A1", "Present the new range", "Kari", rel(-5)]);
    expect(overdue(1)).toEqual(["A4", "Send the draft", "Per", rel(-1)]);
    for (let k = 2; k < SUMMARY_LIST_ROWS; k++) expect(overdue(k)).toEqual(["", "", "", ""]);
    // Contacts not reached: Eva (200 days ago) and Nils (no date); Ola was reached 10 days ago.
    expect(v(s.contacts, 1)).toBe(2);
    expect([v(s.contactFirst, 2), v(s.contactFirst, 3)]).toEqual(["Eva Berg", "Buyer"]);
    expect([v(s.contactFirst + 1, 2), v(s.contactFirst + 1, 5)]).toEqual(["Nils Lie", "No contact date"]);
    expect(v(s.contactFirst + 2, 2)).toBe("");
    // The summary is page 1: a manual page break after it.
    const zip = await JSZip.loadAsync(readFileSync(out));
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const sheets = [...wbXml.matchAll(/<sheet [^>]*name="([^"]+)"[^>]*r:id="rId(\d+)"/g)];
    const n = sheets.findIndex((m) => m[1] === "Plan Nordlys AS (K-1)") + 1;
    const xml = await zip.file(`xl/worksheets/sheet${n}.xml`)!.async("string");
    expect(xml).toMatch(new RegExp(`<rowBreaks[^>]*><brk id="${s.last + 2}"`));
  }, 300_000);
});
