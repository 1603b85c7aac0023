/**
 * Issue 13 part 4, KAM light: a one-page plan chosen per account on the Portfolio (Full / Light, blank by
 * quadrant), converted both ways without losing anything typed. On the cell model of the file path
 * (extractPreserved → buildSelectionWorkbook, the CLI's steps without the file).
 */
import { PLAN_OPTIONS } from "../support/planSpec";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { SheetSpec } from "../../src/plan/spec";
import type { UserCell } from "../../src/plan/userCell";
import { planFormFor } from "../../src/sheets/accountPlan/light";
import { DEFAULT_SIZES, planLayout } from "../../src/sheets/accountPlan/build";
import { readAccountPlan } from "../../src/sheets/accountPlan/read";
import { PORTFOLIO_ROWS, portfolioCols } from "../../src/sheets/portfolio/build";
import { a1 } from "../../src/sheets/kit/address";
import { Book, bookOf, findAll, refresh } from "../support/sheetEdits";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05"],
  revenue: [500, 400, 300, 200, 100],
  profit: [50, 40, -30, 20, 10],
  usedRows: 5,
  skippedRows: 0,
};
const opts: SelectionOptions = PLAN_OPTIONS;

function planSheet(spec: { sheets: SheetSpec[] }, customer: string): SheetSpec {
  const s = spec.sheets.find((x) => x.id === `kam.plan:${customer}`);
  if (!s) throw new Error(`no plan for ${customer}`);
  return s;
}

/** Every input cell of a plan sheet spec ("row,col"), the cells a person types in. */
function inputCells(sheet: SheetSpec): [number, number][] {
  const out = new Map<string, [number, number]>();
  for (const b of sheet.blocks) {
    if (b.owner !== "user") continue;
    b.values.forEach((row, i) => row.forEach((_, j) => out.set(`${b.row + i},${b.col + j}`, [b.row + i, b.col + j])));
  }
  return [...out.values()];
}

/** A distinct value for every input cell of C01's full plan: numbers in some, text in the others. */
function fillEveryInput(book: Book, sheet: SheetSpec): Map<string, UserCell> {
  const grid = book.get(sheet.name)!;
  const typed = new Map<string, UserCell>();
  inputCells(sheet).forEach(([r, c], k) => {
    const v: UserCell = k % 3 === 0 ? 1000 + k : `typed ${k} at ${a1(r, c)}`;
    (grid[r] ??= [])[c] = v;
    typed.set(`${r},${c}`, v);
  });
  return typed;
}

describe("KAM light", () => {
  it("chooses the form: Full / Light / Lett as typed, else the existing plan's, else Full for Strategic and unrated, Light for the rest", () => {
    expect(planFormFor("light", "high-high")).toBe("light");
    expect(planFormFor(" Lett ", "high-high")).toBe("light");
    expect(planFormFor("FULL", "low-low")).toBe("full");
    expect(planFormFor(null, "high-high")).toBe("full");
    expect(planFormFor(null, undefined)).toBe("full");
    for (const q of ["high-low", "low-high", "low-low"] as const) expect(planFormFor("", q)).toBe("light");
    expect(planFormFor(null, "low-low", "full")).toBe("full");
    expect(planFormFor(null, "high-high", "light")).toBe("light");
    expect(planFormFor("Full", "low-low", "light")).toBe("full");
  });

  it("converting Full → Light → Full returns every typed value to its cell, and nothing is listed as lost", () => {
    const first = buildSelectionWorkbook(data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01"] } });
    const fullSheet = planSheet(first.spec, "C01");
    const book = bookOf(first);
    const typed = fillEveryInput(book, fullSheet);
    expect(typed.size).toBeGreaterThan(300);

    const light = refresh(book, data, { ...opts, planForm: "light" });
    const lightSheet = planSheet(light.spec, "C01");
    const lightBook = bookOf(light);
    const lightGrid = lightBook.get(lightSheet.name)!;
    expect(lightGrid[0][0]).toBe("KAM light plan: C01");
    // Every typed value is on the light plan (on its form or in its kept block), and the Kept list is empty.
    for (const v of typed.values()) expect(findAll(lightGrid, v).length).toBeGreaterThan(0);
    expect(lightBook.get("Kept on refresh")).toBeUndefined();
    // The light form is one page: its print area ends above the kept block.
    const keptRow = findAll(lightGrid, "Kept from the full plan (no place on the light plan; a Full plan form puts it back in its place)")[0][0];
    const area = /:[A-Z]+([0-9]+)$/.exec(lightSheet.print!.area!)!;
    expect(Number(area[1])).toBeLessThan(keptRow + 1);
    // Header, health block, figures, 3 contacts, 3 goals, 5 actions, 1 KPI: about 50 rows, one landscape
    // page at the fit-to-width scale (scripts/pictures.ts checks LibreOffice prints it on one page).
    expect(Number(area[1])).toBeLessThanOrEqual(50);

    // A refresh of the light plan as it is changes nothing.
    const again = refresh(lightBook, data, { ...opts, planForm: "light" });
    expect(bookOf(again).get(lightSheet.name)).toEqual(lightGrid);

    const back = refresh(lightBook, data, { ...opts, planForm: "full" });
    const backBook = bookOf(back);
    const grid = backBook.get(planSheet(back.spec, "C01").name)!;
    const wrong: string[] = [];
    for (const [key, v] of typed) {
      const [r, c] = key.split(",").map(Number);
      if (grid[r]?.[c] !== v) wrong.push(`${a1(r, c)}: ${JSON.stringify(grid[r]?.[c])} ≠ ${JSON.stringify(v)}`);
    }
    expect(wrong).toEqual([]);
    expect(backBook.get("Kept on refresh")).toBeUndefined();
  });

  it("lists, never places by position, what the other form has no place for: a value over a formula, a note beside a table", () => {
    const full: SelectionOptions = { ...opts, keyAccounts: { kind: "ids", ids: ["C01"] }, planForm: "full" };
    const book = bookOf(buildSelectionWorkbook(data, full));
    const name = planSheet(buildSelectionWorkbook(data, full).spec, "C01").name;
    const g = book.get(name)!;
    const lay = planLayout(DEFAULT_SIZES);
    (g[lay.matrix.derived] ??= [])[1] = "typed over the derived model";
    (g[lay.matrix.first + 1] ??= [])[9] = "note beside the matrix";
    const light = bookOf(refresh(book, data, { ...full, planForm: "light" }));
    const back = bookOf(refresh(light, data, full));
    for (const [label, b] of [["light", light], ["full again", back]] as const) {
      for (const v of ["typed over the derived model", "note beside the matrix"]) {
        expect(`${label} ${v}: ${findAll(b.get(name), v).length} in the plan, ${findAll(b.get("Kept on refresh"), v).length} listed`).toBe(
          `${label} ${v}: 0 in the plan, 1 listed`,
        );
      }
    }
  });

  it("reads a light plan back with the same reader: the kept rows at their place in the full tables", () => {
    const first = buildSelectionWorkbook(data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01"] } });
    const book = bookOf(first);
    const fullSheet = planSheet(first.spec, "C01");
    fillEveryInput(book, fullSheet);
    const full = readAccountPlan(fullSheet.name, book.get(fullSheet.name)!)!;
    const light = refresh(book, data, { ...opts, planForm: "light" });
    const lightSheet = planSheet(light.spec, "C01");
    const read = readAccountPlan(lightSheet.name, bookOf(light).get(lightSheet.name)!)!;
    expect(read.form).toBe("light");
    expect(read.shown).toEqual({ buyingCenter: 3, goals: 3, actions: 5, kpis: 1 });
    expect(read.header).toEqual(full.header);
    expect(read.fields).toEqual(full.fields);
    expect(read.tables).toEqual(full.tables);
  });

  it("takes the form from the Portfolio's Plan form column, found by its header after the rows were sorted", () => {
    const first = buildSelectionWorkbook(data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } });
    const book = bookOf(first);
    const portfolio = book.get("Portfolio")!;
    const C = portfolioCols(false);
    expect(portfolio[PORTFOLIO_ROWS.header][C.planForm]).toBe("Plan form");
    // Reverse the list (a sort), then choose Light for C02 only, in another case.
    const rows = portfolio.splice(PORTFOLIO_ROWS.firstData, data.customers.length);
    portfolio.splice(PORTFOLIO_ROWS.firstData, 0, ...rows.reverse());
    const c02 = portfolio.findIndex((r) => r?.[0] === "C02");
    portfolio[c02][C.planForm] = "light";
    const next = refresh(book, data, opts);
    expect(bookOf(next).get(planSheet(next.spec, "C02").name)![0][0]).toBe("KAM light plan: C02");
    expect(bookOf(next).get(planSheet(next.spec, "C01").name)![0][0]).toBe("Key account plan: C01");
    // The choice is written back in the sheet language, in C02's row.
    const p = bookOf(next).get("Portfolio")!;
    const row = p.findIndex((r) => r?.[0] === "C02");
    expect(p[row][C.planForm]).toBe("Light");
  });

  it("a new plan takes its quadrant's form: rated Strategic Full, rated Streamline Light; then each keeps it", () => {
    const first = buildSelectionWorkbook(data, opts);
    const book = bookOf(first);
    const scoring = book.get("Scoring")!;
    // Rate every criterion: C01 10 (Strategic), C02 1 (Streamline).
    const header = scoring.findIndex((r) => r?.[0] === "Customer");
    const ids = scoring[header].map((v, c) => (typeof v === "string" && /^(ATT|STR)[0-9]+$/.test(v) ? c : -1)).filter((c) => c >= 0);
    expect(ids.length).toBeGreaterThan(3);
    for (const [customer, rating] of [["C01", 10], ["C02", 1]] as const) {
      const r = scoring.findIndex((row) => row?.[0] === customer);
      for (const c of ids) scoring[r][c] = rating;
    }
    const next = refresh(book, data, { ...opts, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } });
    expect(bookOf(next).get(planSheet(next.spec, "C01").name)![0][0]).toBe("Key account plan: C01");
    expect(bookOf(next).get(planSheet(next.spec, "C02").name)![0][0]).toBe("KAM light plan: C02");
    // Ratings that move C01 out of Strategic do not reshape its existing plan.
    const book2 = bookOf(next);
    const scoring2 = book2.get("Scoring")!;
    const r1 = scoring2.findIndex((row) => row?.[0] === "C01");
    for (const c of ids) scoring2[r1][c] = 1;
    const third = refresh(book2, data, opts);
    expect(bookOf(third).get(planSheet(third.spec, "C01").name)![0][0]).toBe("Key account plan: C01");
    expect(bookOf(third).get(planSheet(third.spec, "C02").name)![0][0]).toBe("KAM light plan: C02");
  });
});
