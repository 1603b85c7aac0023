/**
 * Voice of the customer (issue 14 part 4) through both kinds of editing: `kam plan` on the Superstore
 * sample with five key accounts creates the Survey, Complaints and Voice of the customer sheets; the
 * survey and complaints are filled once with ExcelJS and the workbook refreshed twice; then LibreOffice
 * Calc inserts a survey row (typed), sorts the survey list and gets a note typed beside it, and the
 * workbook is refreshed twice more. Every typed row must still be there, and after LibreOffice
 * recalculates, the Voice sheet's figures must equal the pure computation (src/core/voice.ts) over the
 * rows this test typed (not over what it reads back).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import { Complaint, SurveyAnswer, VOICE_DEFAULTS, voiceSummary } from "../../src/core/voice";
import { SHEET_LABELS } from "../../src/i18n/sheets";
import { VOICE_FIELDS, VOICE_ROWS } from "../../src/sheets/voice/summary";
import { recalculateXlsx, shownValue, sofficePath, errorCells } from "../support/libreoffice";
import { TypedToken, checkTokens, editWithLibreOffice } from "../support/uno";

const LO_TIMEOUT = 240_000;
const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-voice-lo-"));
afterAll(() => (process.env.KAM_KEEP_TEST_FILES ? console.log(`files kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));

const L = SHEET_LABELS.en;
/** Today as an Excel serial (local calendar day, as TODAY() in Calc). */
const now = new Date();
const TODAY = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(1899, 11, 30)) / 86_400_000);

/** A date cell as ExcelJS reads it (a Date for a date-formatted cell) as an Excel serial. */
const serial = (v: unknown): unknown => (v instanceof Date ? Math.round((v.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000) : v);

async function plan(out: string): Promise<void> {
  await runPlan(
    PlanOptionsSchema.parse({ file: SUPERSTORE, customer: "Customer ID", value: "Sales", profit: "Profit", out, "key-accounts": "top:5", period: "2026-11" }),
  );
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Survey rows typed: [respondent, account index, role, satisfaction, recommend, buy again]. */
type Row = [string, number, string, number, number, number];
const SURVEY: Row[] = [
  ["Ann", 0, "Buyer", 4, 9, 4], // account 0: every mean exactly at the cut 4 → apostle
  ["Bo", 0, "User", 4, 10, 4],
  ["Cy", 0, "Decider", 4, 9, 4],
  ["Di", 1, "Buyer", 5, 6, 2], // account 1: satisfied, not loyal → mercenary
  ["Ed", 1, "User", 4, 7, 3],
  ["Flo", 2, "Buyer", 2, 3, 5], // account 2: dissatisfied, loyal → hostage
  ["Gus", 3, "Buyer", 1, 0, 1], // account 3: defector
  ["Hal", 3, "User", 3, 8, 2],
]; // account 4: no answers → blanks
/** Complaints typed: [account index, received (days before today), resolved after (days) or null, category, severity]. */
const COMPLAINTS: [number, number, number | null, string, string][] = [
  [0, 40, null, "Delivery", "Høy"], // open 40 days: old (typed in Norwegian: translated to High)
  [1, 10, null, "Invoice", "Low"],
  [1, 90, 5, "Product", "Medium"],
  [2, 60, 12, "Service", "High"],
  [2, 30, 3, "Other", "Low"],
];
const INSERTED: Row = ["Ivy-voice-token", 4, "Buyer", 5, 10, 5];

const haveSoffice = !!sofficePath();
(haveSoffice ? describe : describe.skip)("Survey and Complaints filled, edited in LibreOffice, refreshed; Voice agrees", () => {
  const file = join(dir, "plan.xlsx");
  const edited = join(dir, "edited.xlsx");
  let accounts: string[] = [];
  let afterExcelJs: ExcelJS.Workbook;
  let tokens: TypedToken[] = [];
  let recalced: ExcelJS.Workbook;

  beforeAll(async () => {
    await plan(file);
    const wb = await load(file);
    const voice = wb.getWorksheet(L["voice.sheet"])!;
    for (let r = VOICE_ROWS.first; ; r++) {
      const v = voice.getCell(r + 1, 1).value;
      if (v === null || v === undefined || v === "") break;
      accounts.push(String(v));
    }
    const survey = wb.getWorksheet(L["survey.sheet"])!;
    SURVEY.forEach(([who, k, role, s, rec, buy], i) => {
      const row = survey.getRow(5 + i);
      row.getCell(1).value = who;
      row.getCell(2).value = accounts[k];
      row.getCell(3).value = role;
      row.getCell(4).value = TODAY - 7;
      row.getCell(5).value = s;
      row.getCell(6).value = rec;
      row.getCell(7).value = buy;
      row.getCell(8).value = `comment ${who}`;
    });
    const complaints = wb.getWorksheet(L["complaints.sheet"])!;
    COMPLAINTS.forEach(([k, ago, after, cat, sev], i) => {
      const row = complaints.getRow(5 + i);
      row.getCell(1).value = TODAY - ago;
      row.getCell(2).value = accounts[k];
      row.getCell(3).value = cat;
      row.getCell(4).value = sev;
      row.getCell(5).value = `owner ${i}`;
      if (after !== null) row.getCell(6).value = TODAY - ago + after;
      row.getCell(8).value = `cause ${i}`;
    });
    await wb.xlsx.writeFile(file);
    await plan(file);
    await plan(file);
    afterExcelJs = await load(file);

    const S = L["survey.sheet"];
    const result = await editWithLibreOffice(
      file,
      edited,
      [
        { op: "type", sheet: S, find: { text: "comment Flo", dc: 1 }, value: "voice-note-beside-Flo" },
        { op: "insertRows", sheet: S, find: { text: "Di" } },
        { op: "type", sheet: S, find: { text: "Di", dr: -1 }, value: INSERTED[0] },
        { op: "type", sheet: S, find: { text: INSERTED[0], dc: 1 }, value: accounts[INSERTED[1]], track: false },
        { op: "type", sheet: S, find: { text: INSERTED[0], dc: 2 }, value: INSERTED[2], track: false },
        { op: "type", sheet: S, find: { text: INSERTED[0], dc: 4 }, value: INSERTED[3], track: false },
        { op: "type", sheet: S, find: { text: INSERTED[0], dc: 5 }, value: INSERTED[4], track: false },
        { op: "type", sheet: S, find: { text: INSERTED[0], dc: 6 }, value: INSERTED[5], track: false },
        { op: "sort", sheet: S, find: { text: L["survey.col.respondent"] }, by: L["survey.col.customer"] },
      ],
      LO_TIMEOUT,
    );
    tokens = result.tokens;
    await plan(edited);
    await plan(edited);
    recalced = await recalculateXlsx(edited, { timeoutMs: LO_TIMEOUT });
  }, 4 * LO_TIMEOUT);

  /** Survey rows on a sheet as [respondent, account, role, sat, rec, buy], header found by its label. */
  const surveyRows = (wb: ExcelJS.Workbook): string[] => {
    const ws = wb.getWorksheet(L["survey.sheet"])!;
    const out: string[] = [];
    ws.eachRow((row, r) => {
      if (r <= 4) return;
      const v = [1, 2, 3, 5, 6, 7].map((c) => row.getCell(c).value);
      if (v[0] !== null && v[0] !== undefined) out.push(JSON.stringify(v));
    });
    return out.sort();
  };
  const typedRows = (rows: Row[]): string[] => rows.map(([w, k, role, s, r, b]) => JSON.stringify([w, accounts[k], role, s, r, b])).sort();

  it("creates the three sheets with five key accounts on the Voice sheet", () => {
    expect(accounts.length).toBe(5);
    expect(afterExcelJs.getWorksheet(L["complaints.sheet"])).toBeDefined();
  });

  it("keeps every survey and complaint row typed with ExcelJS through two refreshes", () => {
    expect(surveyRows(afterExcelJs)).toEqual(typedRows(SURVEY));
    const ws = afterExcelJs.getWorksheet(L["complaints.sheet"])!;
    COMPLAINTS.forEach(([k, ago, after, cat], i) => {
      const row = ws.getRow(5 + i);
      expect(serial(row.getCell(1).value)).toBe(TODAY - ago);
      expect(row.getCell(2).value).toBe(accounts[k]);
      expect(row.getCell(3).value).toBe(cat);
      expect(row.getCell(5).value).toBe(`owner ${i}`);
      expect(serial(row.getCell(6).value ?? null)).toBe(after === null ? null : TODAY - ago + after);
      expect(row.getCell(8).value).toBe(`cause ${i}`);
    });
    // The severity typed in Norwegian on the English sheet is written in English.
    expect(ws.getRow(5).getCell(4).value).toBe("High");
  });

  it("keeps the row inserted in Calc, the sort and the note beside it through two refreshes", async () => {
    const check = await checkTokens(edited, tokens);
    expect(check.lost).toEqual([]);
    expect(check.moved).toEqual([]);
    expect(surveyRows(recalced)).toEqual(typedRows([...SURVEY, INSERTED]));
    const ws = recalced.getWorksheet(L["survey.sheet"])!;
    const order: string[] = [];
    ws.eachRow((row, r) => {
      if (r > 4 && row.getCell(2).value) order.push(String(row.getCell(2).value));
    });
    expect(order).toEqual([...order].sort());
  });

  it("has no error cells after LibreOffice recalculates", () => {
    expect(errorCells(recalced)).toEqual([]);
  });

  it("shows per account the NPS, CSAT, means, group, phase and complaint figures of the pure computation", () => {
    const answers: SurveyAnswer[] = [...SURVEY, INSERTED].map(([, k, , s, r, b]) => ({ customer: accounts[k], satisfaction: s, recommend: r, buyAgain: b }));
    const complaints: Complaint[] = COMPLAINTS.map(([k, ago, after]) => ({
      customer: accounts[k],
      received: TODAY - ago,
      resolved: after === null ? null : TODAY - ago + after,
    }));
    const ws = recalced.getWorksheet(L["voice.sheet"])!;
    accounts.forEach((customer, i) => {
      const want = voiceSummary(customer, answers, complaints, TODAY, VOICE_DEFAULTS);
      const got = (f: (typeof VOICE_FIELDS)[number]): unknown => {
        const v = shownValue(ws.getCell(VOICE_ROWS.first + i + 1, VOICE_FIELDS.indexOf(f) + 1));
        return v === "" || v === undefined ? null : v;
      };
      expect(got("customer")).toBe(customer);
      expect(got("answers")).toBe(want.answers);
      for (const f of ["nps", "csat", "satisfaction", "recommend", "buyAgain", "meanDays"] as const) {
        const w = want[f];
        if (w === null) expect(got(f)).toBeNull();
        else expect(got(f) as number).toBeCloseTo(w, 9);
      }
      expect(got("group")).toBe(want.group === null ? null : L[`voice.group.${want.group}`]);
      expect(got("phase")).toBe(want.phase === null ? null : L[`voice.phase.${want.phase}`]);
      expect(got("complaints")).toBe(want.complaints);
      expect(got("open")).toBe(want.open);
      expect(got("openOld")).toBe(want.openOld);
    });
    // Each plan's health block takes 100 × CSAT as its satisfaction component (issue 14: survey feeds health).
    for (const [i, customer] of accounts.entries()) {
      const plan = recalced.worksheets.find((w) => w.getCell("B3").value === customer);
      expect(plan).toBeDefined();
      let component: unknown = undefined;
      plan!.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          if (cell.value === L["health.c.satisfaction"] && component === undefined) component = shownValue(plan!.getCell(r + 1, c));
        }),
      );
      const want = voiceSummary(customer, answers, complaints, TODAY).csat;
      expect(want).not.toBeNull();
      expect(component as number).toBeCloseTo(100 * want!, 9);
      expect(i).toBeLessThan(5);
      // Issue 14: voice — the complaints component: 0 while a complaint is open longer than 30 days, else 100.
      let old: unknown = undefined;
      plan!.eachRow((row, r) =>
        row.eachCell((cell, c) => {
          if (cell.value === L["health.c.complaints"] && old === undefined) old = shownValue(plan!.getCell(r + 1, c));
        }),
      );
      const openOld = complaints.filter((x) => x.customer === customer && x.resolved === null && TODAY - x.received! > 30).length;
      expect(old).toBe(openOld > 0 ? 0 : 100);
    }
    // The rows cover both outcomes of the complaints component.
    expect(accounts.map((c) => voiceSummary(c, answers, complaints, TODAY).openOld > 0)).toContain(true);
    expect(accounts.map((c) => voiceSummary(c, answers, complaints, TODAY).openOld > 0)).toContain(false);
    // The rows this test chose cover every group.
    const groups = accounts.map((c) => voiceSummary(c, answers, complaints, TODAY).group);
    expect(new Set(groups)).toEqual(new Set(["apostle", "mercenary", "hostage", "defector", "apostle"]));
  });
});
