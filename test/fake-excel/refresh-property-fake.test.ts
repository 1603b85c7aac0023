/**
 * Issue 9 "nothing typed is ever lost", as a property through the TASK PANE and the strict Excel fake
 * (the pure and ExcelJS doors are test/unit/refresh-property.test.ts): the pane's Select and Plans steps
 * write the workbook; random sequences of what people do in Excel are applied through the Office.js API,
 * with the fake's real Range.insert / Range.delete (cells, formulas, tables, validations and merges shift
 * as in Excel): type unique tokens in cells anywhere and over formulas, insert and delete rows and columns
 * anywhere, insert blank rows inside the Portfolio list, choose key accounts as "Yes", "yes" or "Ja",
 * rename generated sheets, add sheets. Then the pane refreshes on changed data (figures change, a customer
 * leaves, one arrives). Every token typed must afterwards be on its sheet (wherever it moved) or on the
 * Kept on refresh sheet, and every write of the refresh must pass the fake's formula rules (a refused
 * write fails the run). An edit the fake refuses, as Excel would (tearing a table or a merged area), is
 * simply not made, as for a person.
 */
import fc from "fast-check";
import type { SheetLabelKey } from "../../src/i18n/sheets";
import type { UserCell } from "../../src/plan/userCell";
import { columnLetter } from "../../src/sheets/kit/address";
import { isLabel } from "../../src/sheets/kit/labels";
import { PORTFOLIO_COLS, PORTFOLIO_ROWS } from "../../src/sheets/portfolio/build";
import { runPlans } from "../../src/taskpane/plansRun";
import { RunSelectOptions, runSelect } from "../../src/taskpane/selectRun";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";

const before = { customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08"], sales: [800, 700, 600, 150, 100, 50, 30, 10] };
// C01 and C04 change, C08 leaves the data, C09 arrives.
const after = { customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C09"], sales: [900, 700, 600, 450, 100, 50, 30, 5] };
const orders = (d: typeof before): unknown[][] => [
  ["Customer", "Sales", "Profit"],
  ...d.customers.map((c, i) => [c, d.sales[i], Math.round(d.sales[i] / 10) - (c === "C03" ? 100 : 0)]),
];

const options = (language: "en" | "nb"): RunSelectOptions => ({
  source: { kind: "region", sheet: "Orders", cell: "A1" },
  mapping: { customer: "Customer", value: "Sales", profit: "Profit" },
  abc: { method: "value", thresholds: [80, 95], nonpositive: "D" },
  candidates: { kind: "top", n: 8 },
  language,
  locale: "en-US",
  now: new Date(Date.UTC(2026, 2, 1, 8)),
});

/** Cells recognition stands on (list headers and their companions, a plan's Customer ID and action plan). */
const ANCHOR_LABELS: SheetLabelKey[] = [
  "abc.col.rank",
  "abc.col.cumulativeShare",
  "profit.col.rank",
  "profit.col.revenue",
  "profit.col.customer",
  "scoring.col.customer",
  "portfolio.col.customer",
  "portfolio.col.keyAccount",
  "overview.col.customer",
  "overview.col.goalsWithoutActions",
  "aplan.customerId",
  "aplan.section.actions",
  "history.col.period",
  "history.col.overdue",
  "aplan.section.overview",
  "kept.col.date",
  "kept.col.why",
  // Issue 14: the headers the Whitespace, Survey, Complaints and Voice sheets are recognised by (keys.ts).
  "whitespace.col.unit",
  "whitespace.col.totalCurrent",
  "survey.col.respondent",
  "survey.col.recommend",
  "complaints.col.received",
  "complaints.col.severity",
  "voice.col.customer",
  "voice.col.nps",
];
const isAnchor = (v: UserCell | undefined): boolean => ANCHOR_LABELS.some((k) => isLabel(v ?? null, k));

type Edit =
  | { kind: "type"; sheet: number; row: number; col: number }
  | { kind: "typeOver"; sheet: number; pick: number }
  | { kind: "insertRow" | "deleteRow" | "insertCol" | "deleteCol"; sheet: number; at: number }
  | { kind: "blankInList"; at: number }
  | { kind: "rename"; sheet: number }
  | { kind: "addSheet" };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("type" as const), sheet: fc.nat(20), row: fc.nat(60), col: fc.nat(26) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("typeOver" as const), sheet: fc.nat(20), pick: fc.nat(10_000) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom("insertRow" as const, "deleteRow" as const, "insertCol" as const, "deleteCol" as const),
      sheet: fc.nat(20),
      at: fc.nat(30),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("blankInList" as const), at: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rename" as const), sheet: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "addSheet" as const }) },
);

const scenario = fc.record({
  language: fc.constantFrom("en" as const, "nb" as const),
  keyAccounts: fc.subarray([0, 1, 2, 3], { minLength: 1, maxLength: 2 }),
  /** How the person typed the choice: as listed, in lower case, or in the other language. */
  spelling: fc.constantFrom("listed" as const, "lower" as const, "other" as const),
  edits: fc.array(edit, { minLength: 1, maxLength: 12 }),
});

const TOKEN = /^tok\d+\.\d+$/;

/** Non-blank cells of a sheet as UserCells (formulas as { formula }). */
function cellsOf(wb: FakeWorkbook, name: string): { row: number; col: number; value: UserCell }[] {
  const s = wb.sheet(name);
  const used = s.usedRect(true);
  if (!used) return [];
  const values = s.values(used);
  const formulas = s.formulas(used);
  const out: { row: number; col: number; value: UserCell }[] = [];
  values.forEach((line, i) =>
    line.forEach((v, j) => {
      const f = formulas[i][j];
      const value: UserCell = typeof f === "string" && f.startsWith("=") ? { formula: f } : v === "" ? null : (v as UserCell);
      if (value !== null) out.push({ row: used.r0 + i, col: used.c0 + j, value });
    }),
  );
  return out;
}

/** Applies a person's edits through the Office.js API of the fake; returns the sheets the person added. */
async function applyEdits(wb: FakeWorkbook, edits: Edit[], seq: number): Promise<Set<string>> {
  const own = new Set<string>(["Orders"]);
  let n = 0;
  const token = (): string => `tok${seq}.${n++}`;
  const generated = (): string[] => wb.liveSheets().map((s) => s.name).filter((s) => s !== "KAM Settings" && !own.has(s));
  const pickSheet = (i: number): string => {
    const names = generated();
    return names[i % names.length];
  };
  const at = (name: string, r: number, c: number): UserCell => cellsOf(wb, name).find((x) => x.row === r && x.col === c)?.value ?? null;
  const type = (name: string, r: number, c: number): void => wb.seed(name, `${columnLetter(c)}${r + 1}`, [[token()]]);
  const shift = async (name: string, address: string, op: "insert" | "delete", dir: string): Promise<void> => {
    try {
      await Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem(name).getRange(address);
        if (op === "insert") range.insert(dir as Excel.InsertShiftDirection);
        else range.delete(dir as Excel.DeleteShiftDirection);
        await ctx.sync();
      });
    } catch {
      // Excel refuses it too (it would tear a table or a merged area): the person cannot make this edit.
    }
  };
  for (const e of edits) {
    if (e.kind === "type") {
      const name = pickSheet(e.sheet);
      // Beside a plan's Customer ID is its key: typing there makes it another customer's plan.
      if (isAnchor(at(name, e.row, e.col)) || isLabel(at(name, e.row, e.col - 1), "aplan.customerId")) continue;
      type(name, e.row, e.col);
    } else if (e.kind === "typeOver") {
      const name = pickSheet(e.sheet);
      const cells = cellsOf(wb, name).filter(
        (x) => !isAnchor(x.value) && !isLabel(at(name, x.row, x.col - 1), "aplan.customerId") && !(typeof x.value === "string" && TOKEN.test(x.value)),
      );
      if (cells.length === 0) continue;
      // Formulas first: half of the picks fall on a formula when the sheet has one.
      const formulas = cells.filter((x) => typeof x.value === "object");
      const from = formulas.length > 0 && e.pick % 2 === 0 ? formulas : cells;
      const x = from[Math.floor(e.pick / 2) % from.length];
      type(name, x.row, x.col);
    } else if (e.kind === "insertRow" || e.kind === "insertCol") {
      const name = pickSheet(e.sheet);
      const address = e.kind === "insertRow" ? `${e.at + 1}:${e.at + 1}` : `${columnLetter(e.at)}:${columnLetter(e.at)}`;
      await shift(name, address, "insert", e.kind === "insertRow" ? "Down" : "Right");
    } else if (e.kind === "deleteRow" || e.kind === "deleteCol") {
      const name = pickSheet(e.sheet);
      const row = e.kind === "deleteRow";
      // Recognition stands on the anchors: a person who deletes them deletes the sheet's structure.
      if (cellsOf(wb, name).some((x) => (row ? x.row : x.col) === e.at && isAnchor(x.value))) continue;
      const address = row ? `${e.at + 1}:${e.at + 1}` : `${columnLetter(e.at)}:${columnLetter(e.at)}`;
      await shift(name, address, "delete", row ? "Up" : "Left");
    } else if (e.kind === "blankInList") {
      const name = generated().find((s) => cellsOf(wb, s).some((x) => isLabel(x.value, "portfolio.col.keyAccount")));
      if (!name) continue;
      const header = cellsOf(wb, name).find((x) => isLabel(x.value, "portfolio.col.keyAccount"))!.row;
      const r = header + 2 + (e.at % 6);
      await shift(name, `${r}:${r}`, "insert", "Down");
    } else if (e.kind === "rename") {
      wb.sheet(pickSheet(e.sheet)).name = `Renamed ${seq}.${n++}`;
    } else {
      const name = `Notes ${seq}.${n++}`;
      wb.seed(name, "A1", [[token(), "", token()]]);
      own.add(name);
    }
  }
  return own;
}

/** Tokens by the sheet they are on. */
function tokens(wb: FakeWorkbook, skip: Set<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of wb.liveSheets()) {
    if (skip.has(s.name)) continue;
    for (const x of cellsOf(wb, s.name)) if (typeof x.value === "string" && TOKEN.test(x.value)) out.set(x.value, s.name);
  }
  return out;
}

const totals = { sequences: 0, checked: 0, lost: 0 };
afterAll(() => {
  uninstallFakeExcel();
  console.log(`refresh property (strict fake): ${totals.sequences} sequences, ${totals.checked} typed values checked, ${totals.lost} lost`);
});

describe("refresh property through the task pane and the strict fake", () => {
  it("nothing typed is lost (120 sequences)", async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const wb = installFakeExcel({ sheets: ["Orders"] });
        wb.seed("Orders", "A1", orders(before));
        const o = options(s.language);
        await Excel.run((ctx) => runSelect(ctx, o));
        const other = s.language === "en" ? "Ja" : "Yes";
        const listed = s.language === "en" ? "Yes" : "Ja";
        const choice = s.spelling === "other" ? other : s.spelling === "lower" ? listed.toLowerCase() : listed;
        for (const i of s.keyAccounts) wb.seed("Portfolio", `${columnLetter(PORTFOLIO_COLS.keyAccount)}${PORTFOLIO_ROWS.firstData + 1 + i}`, [[choice]]);
        const made = await Excel.run((ctx) => runPlans(ctx, o));
        expect(made.plans.active).toBe(s.keyAccounts.length);

        const own = await applyEdits(wb, s.edits, seq++);
        const typed = tokens(wb, own);
        wb.seed("Orders", "A1", orders(after));
        // The refresh: both pane steps on changed data; a refused write would fail here.
        await Excel.run((ctx) => runSelect(ctx, o));
        await Excel.run((ctx) => runPlans(ctx, o));
        expect(wb.syncs.filter((x) => x.error)).toEqual([]);

        const keptSheet = wb.findSheet("Kept on refresh") ?? wb.findSheet("Beholdt ved oppdatering");
        const kept = new Set(keptSheet ? cellsOf(wb, keptSheet.name).map((x) => x.value) : []);
        const missing = [...typed]
          .filter(([tok, sheet]) => !(wb.findSheet(sheet) && cellsOf(wb, sheet).some((x) => x.value === tok)) && !kept.has(tok))
          .map(([tok, sheet]) => `${tok} on ${sheet}`);
        totals.sequences++;
        totals.checked += typed.size;
        totals.lost += missing.length;
        expect(missing).toEqual([]);
        // No generated sheet duplicated.
        expect(wb.liveSheets().map((x) => x.name).filter((x) => / \(\d+\)$/.test(x))).toEqual([]);
      }),
      { numRuns: 120, seed: 9011 },
    );
  }, 600_000);
});
