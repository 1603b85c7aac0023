/**
 * Issue 14: buying — the buying center's new columns (also role, relationship level), the relationship
 * matrix and the coverage rows through a real round trip: a Superstore plan with five key accounts
 * written by `kam plan`; filled once with ExcelJS and refreshed twice; then edited in LibreOffice Calc
 * (a row inserted in a buying center, a contact and a mark typed), refreshed twice; every typed value is
 * kept. After LibreOffice recalculates, each plan's derived contact model and coverage rows equal
 * `deriveContactModel` and `coverage` (src/core) computed here on the same cells. A buying center filled to
 * its last row with one more contact inserted in Calc grows by a row, and the matrix with it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { BC, DEFAULT_SIZES, REL_LEVELS, ROLES, planLayout } from "../../src/sheets/accountPlan/build";
import { a1 } from "../../src/sheets/kit/address";
import { sheetEn } from "../../src/i18n/sheets";
import { deriveContactModel } from "../../src/core/contactModel";
import { CoverageContact, RelLevel, RoleKey, coverage } from "../../src/core/coverage";
import { runKam } from "../support/cli";
import { errorCells, recalculateAll, shownValue, sofficePath } from "../support/libreoffice";
import { checkTokens, editWithLibreOffice } from "../support/uno";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const maybe = sofficePath() !== null ? it : it.skip;
/** Today as an Excel serial, local time (as LibreOffice's TODAY()). */
const TODAY = Math.floor((Date.now() - new Date().getTimezoneOffset() * 60_000) / 86_400_000) + 25569;

type Row = [name: string, role: string, role2: string | null, level: string | null, owner: string, daysAgo: number | null];
/** Per plan: contacts, our team, marks (contact index, member index), the chosen model. */
const PLANS: { contacts: Row[]; team: string[]; marks: [number, number][]; chosen: string }[] = [
  { contacts: [["Ann", "Decider", null, "Known", "Kari", 10]], team: ["Kari"], marks: [[0, 0]], chosen: "Bow-tie" },
  {
    contacts: [["Ann", "Decider", "Approver", "Trusted", "Kari", 100], ["Bob", "Buyer", null, null, "Ola", 5]],
    team: ["Kari", "Ola"],
    marks: [[0, 0], [1, 1]],
    chosen: "Duet",
  },
  {
    contacts: [["Ann", "Buyer", null, "Known", "Kari", 1], ["Bob", "Gatekeeper", "Buyer", "None", "Kari", 2], ["Cid", "Buyer", null, null, "Kari", null]],
    team: ["Kari", "Ola"],
    marks: [[0, 0], [1, 0], [2, 0]],
    chosen: "Bow-tie",
  },
  {
    contacts: [["Ann", "Decider", null, "None", "Kari", 3], ["Bob", "Approver", "Influencer", "Known", "Ola", 30], ["Cid", "User", "Initiator", "Advocate", "Per", 200]],
    team: ["Kari", "Ola", "Per"],
    marks: [[0, 0], [1, 1], [2, 2]],
    chosen: "Diamond",
  },
  { contacts: [["Ann", "Decider", null, "Advocate", "Kari", 0]], team: ["Kari", "Ola", "Per"], marks: [[0, 0], [0, 1], [0, 2]], chosen: "Diamond" },
];

const roleKey = (s: unknown): RoleKey[] => ROLES.filter((k) => sheetEn[k] === s).map((k) => k.slice("aplan.role.".length) as RoleKey);
const levelKey = (s: unknown): RelLevel | null => {
  const k = REL_LEVELS.find((x) => sheetEn[x] === s);
  return k ? (k.slice("aplan.rel.".length) as RelLevel) : null;
};

/** What the recalculated plan shows and what src/core computes from the same cells. */
function compare(ws: ExcelJS.Worksheet, bcRows: number) {
  const lay = planLayout({ ...DEFAULT_SIZES, buyingCenter: bcRows });
  const v = (r: number, c: number): unknown => shownValue(ws.getCell(r + 1, c + 1));
  const bc = lay.tables.buyingCenter;
  const contacts: CoverageContact[] = [];
  for (let r = bc.first; r <= bc.last; r++) {
    if (String(v(r, BC.name) ?? "").trim() === "") continue;
    const last = v(r, BC.lastContact);
    contacts.push({
      roles: [...roleKey(v(r, BC.role)), ...roleKey(v(r, BC.role2))],
      level: levelKey(v(r, BC.relLevel)),
      lastContact: typeof last === "number" ? last : last instanceof Date ? Math.round(last.getTime() / 86_400_000) + 25569 : null,
      owner: String(v(r, BC.owner) ?? ""),
    });
  }
  const cov = coverage(contacts, TODAY);
  const matrix: unknown[][] = [];
  for (let r = lay.matrix.first; r <= lay.matrix.last; r++) matrix.push([1, 2, 3, 4, 5, 6].map((c) => v(r, c)));
  const model = deriveContactModel(matrix);
  return {
    sheet: {
      derived: v(lay.matrix.derived, 1) ?? "",
      deciders: v(lay.coverage.deciders, 1),
      access: v(lay.coverage.access, 1) ?? "",
      ours: v(lay.coverage.ours, 1) ?? "",
      missing: v(lay.rolesMissing, 1),
    },
    core: {
      derived: model === null ? "" : sheetEn[`aplan.model.${model}` as const],
      deciders: cov.decidersNotReached,
      access: cov.accessRisk ? sheetEn["aplan.cov.accessRisk"] : "",
      ours: cov.oneOfOurs ? sheetEn["aplan.cov.oursFlag"] : "",
      missing: cov.rolesMissing.length === 0 ? sheetEn["aplan.bc.allRoles"] : cov.rolesMissing.map((k) => sheetEn[`aplan.role.${k}` as const]).join("; "),
    },
    model,
    mismatch: v(lay.matrix.derived, 3),
  };
}

describe("buying center, relationship matrix and coverage in LibreOffice", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kam-buying-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  maybe(
    "typed via ExcelJS and via Calc, refreshed twice each, kept; derived model and coverage equal src/core",
    async () => {
      const out = join(dir, "plan.xlsx");
      const base = ["plan", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit", "--key-accounts", "top:5", "--out", out];
      expect((await runKam(...base)).code).toBe(0);
      const lay = planLayout(DEFAULT_SIZES);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const plans = wb.worksheets.map((w) => w.name).filter((n) => n.startsWith("Plan "));
      expect(plans).toHaveLength(5);

      // 1. ExcelJS: contacts with both roles, levels, owners, dates; the team; matrix marks; the chosen model.
      const typed = new Map<string, ExcelJS.CellValue>();
      const set = (sheet: string, r: number, c: number, value: ExcelJS.CellValue): void => {
        wb.getWorksheet(sheet)!.getCell(a1(r, c)).value = value;
        typed.set(`${sheet}!${a1(r, c)}`, value);
      };
      PLANS.forEach((p, k) => {
        const s = plans[k];
        p.contacts.forEach(([name, role, role2, level, owner, days], i) => {
          const r = lay.tables.buyingCenter.first + i;
          set(s, r, BC.name, name);
          set(s, r, BC.role, role);
          if (role2) set(s, r, BC.role2, role2);
          if (level) set(s, r, BC.relLevel, level);
          set(s, r, BC.owner, owner);
          if (days !== null) set(s, r, BC.lastContact, TODAY - days);
        });
        p.team.forEach((n, j) => set(s, lay.tables.team.first + j, 1, n));
        for (const [i, j] of p.marks) set(s, lay.matrix.first + i, 1 + j, "x");
        set(s, lay.fields.contactModel, 1, p.chosen);
      });
      await wb.xlsx.writeFile(out);
      for (let i = 0; i < 2; i++) expect((await runKam(...base)).code).toBe(0);
      const back = new ExcelJS.Workbook();
      await back.xlsx.readFile(out);
      const lost: string[] = [];
      for (const [where, value] of typed) {
        const [sheet, cell] = where.split("!");
        const raw = back.getWorksheet(sheet)!.getCell(cell).value;
        // A date cell reads back as a Date (ExcelJS, date format): the same day as the serial typed.
        const now = raw instanceof Date ? Math.round(raw.getTime() / 86_400_000) + 25569 : raw;
        if (JSON.stringify(now) !== JSON.stringify(value)) lost.push(`${where}: ${JSON.stringify(value)} → ${JSON.stringify(now)}`);
      }
      expect(lost).toEqual([]);

      // 2. Calc: a contact inserted above the first plan's first contact (the matrix lags one row behind),
      //    a second role and a mark for Ann (now one row down) typed; refreshed twice.
      const edited = join(dir, "edited.xlsx");
      const bc0 = lay.tables.buyingCenter.first;
      const result = await editWithLibreOffice(out, edited, [
        { op: "insertRows", sheet: plans[0], row: bc0 + 1 },
        { op: "type", sheet: plans[0], cell: a1(bc0, BC.name), value: "Dag Calc" },
        { op: "type", sheet: plans[0], cell: a1(bc0, BC.role), value: "Influencer", track: false },
        { op: "type", sheet: plans[0], cell: a1(bc0 + 1, BC.role2), value: "Approver", track: false },
        { op: "type", sheet: plans[0], cell: a1(bc0, BC.relLevel), value: "Trusted", track: false },
        { op: "type", sheet: plans[0], cell: a1(bc0, BC.owner), value: "Ola Calc" },
        // The matrix moved one row down; Ann's row there, column "Kari" is B: a mark in C (a member without a
        // name: kept at Ann's row, by its column).
        { op: "type", sheet: plans[0], cell: a1(lay.matrix.first + 1, 2), value: "x", track: false },
      ]);
      const runEdited = [...base.slice(0, -1), edited];
      for (let i = 0; i < 2; i++) expect((await runKam(...runEdited)).code).toBe(0);
      const tokens = await checkTokens(edited, result.tokens);
      expect(tokens.lost).toEqual([]);
      expect(tokens.listed).toEqual([]);
      // The table keeps its 10 rows (two contacts; the blank row the insertion pushed out is dropped).
      const lay11 = lay;
      const after = new ExcelJS.Workbook();
      await after.xlsx.readFile(edited);
      const p0 = after.getWorksheet(plans[0])!;
      const at = (r: number, c: number): unknown => p0.getCell(a1(r, c)).value;
      expect([at(lay11.tables.buyingCenter.first, BC.name), at(lay11.tables.buyingCenter.first, BC.role), at(lay11.tables.buyingCenter.first, BC.relLevel)]).toEqual(["Dag Calc", "Influencer", "Trusted"]);
      expect([at(lay11.tables.buyingCenter.first + 1, BC.name), at(lay11.tables.buyingCenter.first + 1, BC.role2)]).toEqual(["Ann", "Approver"]);
      // Ann's marks follow Ann (row 2 of the matrix now): Kari from ExcelJS, the column-C mark from Calc.
      expect([at(lay11.matrix.first, 1), at(lay11.matrix.first + 1, 1), at(lay11.matrix.first + 1, 2)]).toEqual([null, "x", "x"]);

      // 3. LibreOffice recalculates: the sheet's derived model and coverage rows equal src/core's.
      const calc = await recalculateAll({ full: edited }, join(dir, "calc"), 180_000);
      // No formula of the plans fails in LibreOffice (a formula it cannot parse shows Err:5xx, read as an error).
      expect(errorCells(calc.full).filter((e) => plans.some((s) => e.startsWith(`${s}!`)))).toEqual([]);
      const models: (string | null)[] = [];
      plans.forEach((s) => {
        const got = compare(calc.full.getWorksheet(s)!, DEFAULT_SIZES.buyingCenter);
        expect({ plan: s, ...got.sheet }).toEqual({ plan: s, ...got.core });
        models.push(got.model);
      });
      // The five patterns typed: plan 1 has Kari and an unnamed column-C member now (duet).
      expect(models).toEqual(["duet", "duet", "oneOnMany", "diamond", "bowTie"]);
      const mismatch = compare(calc.full.getWorksheet(plans[4])!, DEFAULT_SIZES.buyingCenter).mismatch;
      expect(mismatch).toBe(`${sheetEn["aplan.matrix.derivedWord"]}: Bow-tie — ${sheetEn["aplan.matrix.chosenWord"]}: Diamond`);
    },
    600_000,
  );

  maybe(
    "a buying center filled to its last row, with one more contact inserted in Calc, grows to 11 rows; marks follow their contacts",
    async () => {
      const out = join(dir, "grow.xlsx");
      const base = ["plan", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--key-accounts", "top:1", "--out", out];
      expect((await runKam(...base)).code).toBe(0);
      const probe = new ExcelJS.Workbook();
      await probe.xlsx.readFile(out);
      const plan = probe.worksheets.map((w) => w.name).find((n) => n.startsWith("Plan "))!;
      const lay = planLayout(DEFAULT_SIZES);
      const bc = lay.tables.buyingCenter;
      const size = DEFAULT_SIZES.buyingCenter;
      const names = Array.from({ length: size }, (_, i) => `Contact ${i + 1}`);
      const role = (i: number): string => sheetEn[ROLES[i % ROLES.length]];
      const edited = join(dir, "grow-edited.xlsx");
      // Every row filled, Kari on our team, Kari meets Contact 7; then a row inserted above Contact 6 and a
      // new contact typed there (the matrix below has moved one row down; it has no row for the new one yet).
      const result = await editWithLibreOffice(out, edited, [
        ...names.flatMap((name, i) => [
          { op: "type" as const, sheet: plan, cell: a1(bc.first + i, BC.name), value: name },
          { op: "type" as const, sheet: plan, cell: a1(bc.first + i, BC.role), value: role(i), track: false },
        ]),
        { op: "type", sheet: plan, cell: a1(lay.tables.team.first, 1), value: "Kari Grow" },
        { op: "type", sheet: plan, cell: a1(lay.matrix.first + 6, 1), value: "x", track: false },
        { op: "insertRows", sheet: plan, row: bc.first + 5 + 1 },
        { op: "type", sheet: plan, cell: a1(bc.first + 5, BC.name), value: "Inserted in Calc" },
        { op: "type", sheet: plan, cell: a1(bc.first + 5, BC.role), value: sheetEn["aplan.role.decider"], track: false },
      ]);
      const runEdited = [...base.slice(0, -1), edited];
      for (let i = 0; i < 2; i++) expect((await runKam(...runEdited)).code).toBe(0);
      const tokens = await checkTokens(edited, result.tokens);
      expect(tokens.lost).toEqual([]);
      expect(tokens.listed).toEqual([]);

      const grown = planLayout({ ...DEFAULT_SIZES, buyingCenter: size + 1 });
      const calc = await recalculateAll({ full: edited }, join(dir, "calc-grow"), 180_000);
      const ws = calc.full.getWorksheet(plan)!;
      const v = (r: number, c: number): unknown => shownValue(ws.getCell(r + 1, c + 1));
      const want = [...names.slice(0, 5), "Inserted in Calc", ...names.slice(5)];
      expect(want.map((_, i) => v(grown.tables.buyingCenter.first + i, BC.name))).toEqual(want);
      expect(v(grown.tables.buyingCenter.first + 5, BC.role)).toBe(sheetEn["aplan.role.decider"]);
      // The matrix has a row per contact now; Kari's mark is on Contact 7's row (8th), no other.
      const marks: number[] = [];
      for (let i = 0; i <= size; i++) if (v(grown.matrix.first + i, 1) === "x") marks.push(i);
      expect(marks).toEqual([7]);
      expect(grown.matrix.last - grown.matrix.first + 1).toBe(size + 1);
      expect(errorCells(calc.full).filter((e) => e.startsWith(`${plan}!`))).toEqual([]);
      const got = compare(ws, size + 1);
      expect(got.sheet).toEqual(got.core);
    },
    600_000,
  );
});
