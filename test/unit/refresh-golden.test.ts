/**
 * Golden refresh cases (issue 9): per sheet kind and language, a fixed small dataset (before.json: what
 * the spec writes is `buildSelectionWorkbook` of it), what a person types and does (entered.json: typed
 * cells by sheet and A1 address, rows or columns inserted), and what must be read back after the refresh
 * (expected.json: cells by address, the Kept on refresh rows, the plan sheets). Besides the listed cells,
 * every case checks the round trip of the readers: what `extractPreserved` reads from the refreshed
 * workbook is what it read from the edited one, read(build(data, entered)) == entered.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SheetLanguage } from "../../src/i18n/sheets";
import { dateSerial } from "../../src/sheets/accountPlan/build";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { PreservedPlan, extractPreserved } from "../../src/plan/preserve";
import type { UserCell } from "../../src/plan/userCell";
import { PLAN_LISTS } from "../../src/sheets/accountPlan/build";
import { translateListValue } from "../../src/sheets/kit/labels";
import { Book, bookOf, get, insertCol, insertRow, pos, set } from "../support/sheetEdits";

interface Before {
  language: SheetLanguage;
  data: { customers: string[]; revenue: number[]; profit?: number[] };
  keyAccounts?: string[];
  /** Data of the refresh; default the same data. */
  refresh?: Before["data"];
  /** How many refreshes (default 1); `between` steps of entered.json run between them. */
  refreshes?: number;
}
type Step =
  | { type: Record<string, Record<string, UserCell>> }
  | { insertRow: { sheet: string; row: number } }
  | { insertCol: { sheet: string; col: string } };
interface Entered {
  steps: Step[];
  between?: Step[];
}
interface Expected {
  cells: Record<string, Record<string, UserCell>>;
  /** Rows of the Kept on refresh sheet: sheet, old address, value. */
  kept: [string, string, UserCell][];
  /** The plan sheets after the refresh. */
  plans?: string[];
}

const root = join(__dirname, "../golden/refresh");
const json = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(root, dir, file), "utf8")) as T;

function planData(d: Before["data"]): PlanData {
  return { ...d, usedRows: d.customers.length, skippedRows: 0 };
}

function apply(book: Book, steps: Step[]): void {
  for (const step of steps) {
    const sheet = (name: string): UserCell[][] => {
      const g = book.get(name);
      if (!g) throw new Error(`no sheet ${name}`);
      return g;
    };
    if ("type" in step) for (const [name, cells] of Object.entries(step.type)) for (const [a, v] of Object.entries(cells)) set(sheet(name), a, v);
    else if ("insertRow" in step) insertRow(sheet(step.insertRow.sheet), step.insertRow.row - 1);
    else insertCol(sheet(step.insertCol.sheet), pos(`${step.insertCol.col}1`).col);
  }
}

/** What the readers read, with list values and dates in one form (the refresh writes them so). */
function entered(p: PreservedPlan, language: SheetLanguage, plansOf: readonly string[]): unknown {
  const norm = (v: UserCell): UserCell => translateListValue(dateSerial(v), PLAN_LISTS, language);
  const deep = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(deep)
      : x !== null && typeof x === "object" && !("formula" in x)
        ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, deep(v)]))
        : norm(x as UserCell);
  return deep({ criteria: p.criteria, rows: p.rows, mids: p.mids, plans: p.plans.filter((x) => plansOf.includes(x.customer)).map((x) => ({ ...x, sheet: undefined })) });
}

const cases = readdirSync(root).sort();

describe("golden refresh cases", () => {
  it("has a case per sheet kind in both languages", () => {
    for (const kind of ["abc", "profitability", "scoring", "portfolio", "overview", "plan", "kept"])
      for (const lang of ["en", "nb"]) expect(cases).toContain(`${kind}-${lang}`);
  });

  it.each(cases)("%s", (dir) => {
    const before = json<Before>(dir, "before.json");
    const steps = json<Entered>(dir, "entered.json");
    const expected = json<Expected>(dir, "expected.json");
    const options: SelectionOptions = {
      language: before.language,
      mapping: { customer: "Customer", value: "Sales", profit: before.data.profit ? "Profit" : undefined },
      plans: true,
      generatedAt: new Date("2026-02-02T09:00:00Z"),
    };
    const first = buildSelectionWorkbook(planData(before.data), {
      ...options,
      keyAccounts: before.keyAccounts ? { kind: "ids", ids: before.keyAccounts } : undefined,
    });
    let book = bookOf(first);
    apply(book, steps.steps);
    for (let i = 0; i < (before.refreshes ?? 1); i++) {
      if (i > 0) apply(book, steps.between ?? []);
      const typed = extractPreserved(book);
      const r = buildSelectionWorkbook(planData(before.refresh ?? before.data), options, typed);
      book = bookOf(r);
      // read(build(data, entered)) == entered (plans made by this refresh hold only their defaults)
      const had = typed.plans.map((x) => x.customer);
      expect(entered(extractPreserved(book), before.language, had)).toEqual(entered(typed, before.language, had));
      expect(r.counts.typed.inPlace + r.counts.typed.listed + r.counts.typed.overrides + r.counts.typed.decided).toBe(
        r.counts.typed.checked,
      );
    }

    for (const [name, cells] of Object.entries(expected.cells)) {
      const g = book.get(name);
      expect(g && name).toBe(name);
      for (const [a, v] of Object.entries(cells)) expect(`${name}!${a}: ${JSON.stringify(get(g!, a))}`).toBe(`${name}!${a}: ${JSON.stringify(v)}`);
    }
    const keptSheet = [...book.keys()].find((n) => n === "Kept on refresh" || n === "Beholdt ved oppdatering");
    const keptRows = (keptSheet ? book.get(keptSheet)! : []).slice(2).filter((r) => r && r.slice(0, 5).some((v) => v !== null && v !== undefined));
    expect(keptRows.map((r) => [r[1], r[2], r[3]])).toEqual(expected.kept);
    if (expected.plans) expect([...book.keys()].filter((n) => n.startsWith("Plan "))).toEqual(expected.plans);
  });
});
