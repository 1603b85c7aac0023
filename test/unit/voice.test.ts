/**
 * The pure voice-of-the-customer figures (src/core/voice.ts), and a plan workbook of the previous version
 * (no Survey, Complaints or Voice sheets) refreshing into the new layout without losing a typed value.
 */
import { DEFAULT_HEALTH_SETTINGS, PlanFacts, accountHealth } from "../../src/core/health";
import { jonesSasserGroup, oliverPhase, voiceSummary, VOICE_DEFAULTS } from "../../src/core/voice";
import type { Grid as InputGrid } from "../../src/core/grid";
import { planDataFromGrid } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { SURVEY_SHEET_ID, COMPLAINTS_SHEET_ID } from "../../src/sheets/voice/lists";
import { VOICE_SHEET_ID } from "../../src/sheets/voice/summary";
import { PLAN_OPTIONS } from "../support/planSpec";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { renderXlsx } from "../../src/render/xlsx";
import { sheetPart } from "../support/xlsxParts";
import { Book, bookOf, findAll, refresh } from "../support/sheetEdits";

const a = (customer: string, satisfaction: number | null, recommend: number | null, buyAgain: number | null) => ({ customer, satisfaction, recommend, buyAgain });

describe("voiceSummary", () => {
  it("is blank for an account without answers and counts no complaints", () => {
    const v = voiceSummary("X", [a("Y", 5, 10, 5)], [], 46000);
    expect(v).toMatchObject({ answers: 0, nps: null, csat: null, satisfaction: null, group: null, phase: null, complaints: 0, open: 0, meanDays: null });
  });

  it("gives NPS 100 and CSAT 1 when everyone is a promoter and satisfied", () => {
    const v = voiceSummary("X", [a("X", 5, 10, 5), a(" x ", 4, 9, 4)], [], 46000);
    expect(v.answers).toBe(2);
    expect(v.nps).toBe(100);
    expect(v.csat).toBe(1);
  });

  it("counts promoters minus detractors over the answers, passives in the denominator", () => {
    // 9 promoter, 7 passive, 6 and 0 detractors: (1 − 2) / 4 = −25.
    const v = voiceSummary("X", [a("X", 1, 9, null), a("X", 2, 7, null), a("X", 3, 6, null), a("X", 5, 0, null)], [], 46000);
    expect(v.nps).toBe(-25);
    expect(v.csat).toBe(0.25);
    expect(v.satisfaction).toBe(2.75);
    expect(v.buyAgain).toBeNull();
    expect(v.group).toBeNull();
  });

  it("treats a mean exactly at the cut as high", () => {
    expect(jonesSasserGroup(4, 4)).toBe("apostle");
    expect(jonesSasserGroup(4, 3.99)).toBe("mercenary");
    expect(jonesSasserGroup(3.99, 4)).toBe("hostage");
    expect(jonesSasserGroup(1, 1)).toBe("defector");
    expect(jonesSasserGroup(4.5, 4.5, { ...VOICE_DEFAULTS, satisfactionCut: 5 })).toBe("hostage");
  });

  it("reads Oliver's phase top down from the three means", () => {
    expect(oliverPhase(5, 9, 4)).toBe("action");
    expect(oliverPhase(5, 8.9, 4)).toBe("conative");
    expect(oliverPhase(4, 10, 3)).toBe("affective");
    expect(oliverPhase(3, 10, 3)).toBe("cognitive");
    expect(oliverPhase(3, null, 3)).toBeNull();
  });

  it("counts complaints, open ones, old open ones and the mean days to resolve", () => {
    const today = 46000;
    const c = [
      { customer: "X", received: today - 31, resolved: null }, // open, old
      { customer: "X", received: today - 30, resolved: null }, // open, exactly 30 days: not old
      { customer: "X", received: today - 50, resolved: today - 40 }, // 10 days
      { customer: "X", received: today - 20, resolved: today - 16 }, // 4 days
      { customer: "X", received: null, resolved: null }, // no date: not counted
      { customer: "Y", received: today - 99, resolved: null },
    ];
    const v = voiceSummary("X", [], c, today);
    expect([v.complaints, v.open, v.openOld, v.meanDays]).toEqual([4, 2, 1, 7]);
  });
});

describe("a workbook of the previous version (no Survey, Complaints or Voice sheets)", () => {
  const grid: InputGrid = [
    ["Customer", "Sales", "Profit"],
    ["A", "900", "90"],
    ["B", "800", "80"],
    ["C", "50", "5"],
  ];
  const data = planDataFromGrid(grid, { customer: "Customer", value: "Sales", profit: "Profit" }, "en-US", "x.csv");
  const options: SelectionOptions = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["A", "B"] } };
  const ids = [SURVEY_SHEET_ID, COMPLAINTS_SHEET_ID, VOICE_SHEET_ID];

  it("refreshes into the new sheets, keeps what was typed, and keeps survey rows typed afterwards", () => {
    const first = buildSelectionWorkbook(data, options);
    const names = first.spec.sheets.filter((s) => ids.includes(s.id)).map((s) => s.name);
    expect(names).toEqual(["Survey", "Complaints", "Voice of the customer"]);
    // The previous version's workbook: the same sheets without the three new ones, a note typed on the Overview.
    const old: Book = bookOf(first);
    for (const n of names) old.delete(n);
    const overview = old.get("Overview")!;
    (overview[overview.length + 2] ??= [])[0] = "note-typed-before";
    const second = refresh(old, data, options);
    for (const id of ids) expect(second.spec.sheets.some((s) => s.id === id)).toBe(true);
    const book2 = bookOf(second);
    expect(findAll(book2.get("Overview"), "note-typed-before").length).toBe(1);
    // Rows typed on the new lists now survive two more refreshes.
    const survey = book2.get("Survey")!;
    survey[4] = ["Ann", "A", "Buyer", 46000, 4, 9, 5, "ok"];
    survey[6] = ["Bo", "B", "User", 46001, 2, 3, 1, null, "note beside"];
    book2.get("Complaints")![4] = [46000, "B", "Levering", "Høy", "Kari", null];
    const book4 = bookOf(refresh(bookOf(refresh(book2, data, options)), data, options));
    expect(book4.get("Survey")![4].slice(0, 8)).toEqual(["Ann", "A", "Buyer", 46000, 4, 9, 5, "ok"]);
    expect(book4.get("Survey")![6]).toEqual(["Bo", "B", "User", 46001, 2, 3, 1, null, "note beside"]);
    const c = book4.get("Complaints")![4];
    // The list values typed in Norwegian come back in English; the day counts are formulas.
    expect(c.slice(0, 5)).toEqual([46000, "B", "Delivery", "High", "Kari"]);
    expect(c[6]).toEqual({ formula: '=IF(OR(A5="",F5=""),"",F5-A5)' });
  });
});

describe("the Account column of Survey and Complaints", () => {
  const grid: InputGrid = [
    ["Customer", "Sales"],
    ["A", "900"],
    ["B", "800"],
    ["C", "50"],
  ];
  const data = planDataFromGrid(grid, { customer: "Customer", value: "Sales" }, "en-US", "x.csv");

  it("offers the key accounts of the Voice sheet in the file, warning (not refusing) about another one", async () => {
    const built = buildSelectionWorkbook(data, { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["A", "B"] } });
    const wb = new ExcelJS.Workbook();
    renderXlsx(built.spec, wb);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    for (const sheet of ["Survey", "Complaints"]) {
      const xml = await zip.file(await sheetPart(zip, sheet))!.async("string");
      const dv = /<dataValidation\b[^>]*sqref="B5:B2004"[^>]*>[\s\S]*?<\/dataValidation>/.exec(xml)?.[0] ?? "";
      expect(dv).toContain('type="list"');
      expect(dv).toContain('errorStyle="warning"');
      expect(dv).toContain("<formula1>&apos;Voice of the customer&apos;!$A$9:$A$10</formula1>");
    }
  });

  it("keeps a header typed over a column of the user's own in place, and lists nothing", () => {
    const opts = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids" as const, ids: ["A", "B"] } };
    const book = bookOf(buildSelectionWorkbook(data, opts));
    const survey = book.get("Survey")!;
    for (const row of survey) row?.splice(3, 0, null); // a column inserted at D
    survey[3][3] = "My column";
    survey[4] = ["Ann", "A", "Buyer", "mine", 46000, 4, 9, 5];
    const after = bookOf(refresh(bookOf(refresh(book, data, opts)), data, opts));
    expect(after.get("Survey")![3][3]).toBe("My column");
    expect(after.get("Survey")![4].slice(0, 5)).toEqual(["Ann", "A", "Buyer", "mine", 46000]);
    expect(after.has("Kept on refresh")).toBe(false);
  });

  it("names exactly the rows of the key accounts: one account, one cell", () => {
    const built = buildSelectionWorkbook(data, { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["A"] } });
    const survey = built.spec.sheets.find((s) => s.id === SURVEY_SHEET_ID)!;
    expect(survey.validations.filter((v) => v.listFormula).map((v) => v.listFormula)).toEqual(["='Voice of the customer'!$A$9:$A$9"]);
  });
});

describe("health takes the survey's CSAT as its satisfaction component", () => {
  const facts: PlanFacts = {
    quadrant: null,
    revenue: null,
    profit: null,
    analysisFields: 0,
    contacts: [],
    goals: [],
    actions: [],
    kpis: [],
    reviewed: null,
    satisfaction: 5,
  };
  it("uses 100 × CSAT when the account has answers, else the typed satisfaction", () => {
    expect(accountHealth({ ...facts, csat: 0.25 }, DEFAULT_HEALTH_SETTINGS, 46000).components.satisfaction).toBe(25);
    expect(accountHealth({ ...facts, csat: null }, DEFAULT_HEALTH_SETTINGS, 46000).components.satisfaction).toBe(100);
    expect(accountHealth({ ...facts, satisfaction: null }, DEFAULT_HEALTH_SETTINGS, 46000).components.satisfaction).toBeNull();
  });
});
