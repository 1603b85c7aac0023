/**
 * Defects a hunter found in the refresh (issue 9), each on the cell model of the file path
 * (extractPreserved → buildSelectionWorkbook): a formula rewritten by another program kept as an override,
 * the ABC summary scrambled by a sort, numbers saved at 15 digits taken as typed, a column a person
 * inserted in a list dismantled, customers named like a label.
 */
import { PLAN_OPTIONS } from "../support/planSpec";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { UserCell } from "../../src/plan/userCell";
import { Book, Grid, bookOf, deleteRow, findAll, get, insertCol, refresh, set } from "../support/sheetEdits";
import { ABC_TABLE_ROW } from "../../src/sheets/abc/build";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10"],
  revenue: [500, 400, 300, 200, 100, 50, 40, 30, 20, 10],
  profit: [50, 40, -30, 20, 10, 5, 4, 3, 2, 1],
  usedRows: 10,
  skippedRows: 0,
};
const changed: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C11"],
  revenue: [520, 400, 300, 200, 100, 50, 40, 30, 20, 5],
  profit: [55, 40, -30, 20, 10, 5, 4, 3, 2, 1],
  usedRows: 10,
  skippedRows: 0,
};
const opts: SelectionOptions = PLAN_OPTIONS;

function firstBook(d: PlanData = data): Book {
  return bookOf(buildSelectionWorkbook(d, { ...opts, keyAccounts: { kind: "ids", ids: [d.customers[0], d.customers[1]] } }));
}

function sheet(book: Book, name: string): Grid {
  const g = book.get(name);
  if (!g) throw new Error(`no sheet ${name} in ${[...book.keys()].join(", ")}`);
  return g;
}

function keptRows(book: Book): UserCell[][] {
  return (book.get("Kept on refresh") ?? []).slice(2).filter((r) => r && r.some((v) => v !== null && v !== undefined));
}

const formulaOf = (v: UserCell): string => (typeof v === "object" && v !== null ? v.formula : "");

describe("a formula where the refreshed sheet generates one", () => {
  it("drops the #REF! formulas another program left of a generated formula (sheet or columns deleted)", () => {
    const book = firstBook();
    const generated = formulaOf(get(sheet(book, "Portfolio"), "G10"));
    expect(generated).not.toBe("");
    // What LibreOffice writes when the cells a formula named were deleted.
    set(sheet(book, "Portfolio"), "G10", { formula: generated.replace(/(?:'[^']+'|[A-Za-z]+)?!?\$?[A-Z]{1,3}\$?[0-9]+/g, "#REF!") });
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect(formulaOf(get(sheet(after, "Portfolio"), "G10"))).not.toContain("#REF!");
    expect(r.counts.typed.overrides).toBe(0);
    expect(keptRows(after)).toEqual([]);
  });

  it("never keeps a person's formula over a generated one: it is listed, the generated formula is written", () => {
    const book = firstBook();
    const generated = formulaOf(get(sheet(book, "Portfolio"), "G10"));
    set(sheet(book, "Portfolio"), "G10", { formula: "=1+1" });
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    expect(formulaOf(get(sheet(after, "Portfolio"), "G10"))).toBe(generated);
    expect(r.counts.typed.overrides).toBe(0);
    expect(keptRows(after).map((k) => [k[1], k[2], k[3]])).toEqual([["Portfolio", "G10", "=1+1"]]);
  });
});

describe("the ABC summary above the table", () => {
  it("is keyed by its own labels: sorting the table (columns A–F only) leaves its formulas right", () => {
    const book = firstBook();
    const abc = sheet(book, "ABC");
    const summary = (g: Grid): unknown[][] => g.slice(0, ABC_TABLE_ROW).map((row) => (row ?? []).slice(1, 5));
    const before = summary(abc);
    // Sort the table's rows by customer, Z→A, as a sort of the table does: columns A–F of its rows move.
    const first = ABC_TABLE_ROW + 1; // 0-based row of the first customer
    const rows = abc.slice(first, first + data.customers.length).map((row) => (row ?? []).slice(0, 6));
    rows.sort((a, b) => String(b[1]).localeCompare(String(a[1])));
    rows.forEach((cells, i) => cells.forEach((v, c) => set(abc, `${"ABCDEF"[c]}${first + i + 1}`, v)));
    set(abc, "G3", "note beside the B row");
    const r = refresh(book, data, opts);
    const after = sheet(bookOf(r), "ABC");
    expect(summary(after)).toEqual(before);
    expect(get(after, "G3")).toBe("note beside the B row");
    expect(r.counts.typed.overrides).toBe(0);
    expect(keptRows(bookOf(r))).toEqual([]);
  });
});

describe("a workbook only opened and saved in a spreadsheet app", () => {
  it("has its numbers at 15 significant digits: nothing counts as typed, nothing is listed", () => {
    const odd: PlanData = { ...data, revenue: [517, 433, 301, 211, 97, 53, 41, 29, 23, 11] };
    const book = firstBook(odd);
    for (const grid of book.values())
      for (const row of grid) row?.forEach((v, c) => typeof v === "number" && (row[c] = Number(v.toPrecision(15))));
    const r = refresh(book, { ...odd, customers: odd.customers.slice(0, 4), revenue: odd.revenue.slice(0, 4), profit: odd.profit!.slice(0, 4), usedRows: 4 }, opts);
    expect(r.counts.typed).toMatchObject({ inPlace: 0, overrides: 0, listed: 0 });
    expect(keptRows(bookOf(r))).toEqual([]);
  });
});

describe("a column a person inserted inside a list", () => {
  /** Inserts a column before the header `before` of `name`, headed `header`; returns its 0-based column. */
  function insertBefore(book: Book, name: string, before: string, header: string | null): number {
    const grid = sheet(book, name);
    const [[r, c]] = findAll(grid, before);
    insertCol(grid, c);
    grid[r][c] = header;
    return c;
  }
  const rowOf = (grid: Grid, customer: string): number => findAll(grid, customer)[0][0];
  const letter = (c: number): string => String.fromCharCode(65 + c);

  it.each([["Owner"], [null]])("never puts its values in another column of the refreshed Portfolio (header %s); they are listed with the column and the customer", (header) => {
    const book = firstBook();
    const portfolio = sheet(book, "Portfolio");
    const c = insertBefore(book, "Portfolio", "Comment", header);
    portfolio[rowOf(portfolio, "C01")][c] = "owner of C01: Kari";
    portfolio[rowOf(portfolio, "C02")][c] = "owner of C02: Ola";
    const r = refresh(book, changed, opts);
    const after = bookOf(r);
    const p = sheet(after, "Portfolio");
    const comment = findAll(p, "Comment")[0][1];
    for (const customer of ["C01", "C02"]) expect(p[rowOf(p, customer)][comment] ?? null).toBeNull();
    const kept = keptRows(after);
    const owner = kept.find((k) => k[3] === "owner of C01: Kari");
    expect(owner?.[1]).toBe("Portfolio");
    expect(String(owner?.[4])).toContain(`"${header ?? letter(c)}"`);
    expect(String(owner?.[4])).toContain("C01");
    expect(kept.some((k) => k[3] === "owner of C02: Ola" && String(k[4]).includes("C02"))).toBe(true);
  });

  it("never puts a value of an own criterion column in a rating of the refreshed Scoring", () => {
    const book = firstBook();
    const scoring = sheet(book, "Scoring");
    const [[, str1]] = findAll(scoring, "STR1");
    const c = insertBefore(book, "Scoring", "STR1", "My own criterion");
    expect(c).toBe(str1);
    scoring[rowOf(scoring, "C01")][c] = "own rating C01";
    const after = bookOf(refresh(book, changed, opts));
    const s = sheet(after, "Scoring");
    const at = findAll(s, "own rating C01");
    expect(at).toEqual([]);
    expect(keptRows(after).some((k) => k[3] === "own rating C01" && String(k[4]).includes("My own criterion"))).toBe(true);
  });
});

describe("customers named like a label of the sheets", () => {
  it("are list rows: the lists, plans and comments stay as they were on a refresh", () => {
    const named: PlanData = {
      customers: ["Total", "Customer", "Customer ID", "Weight (sum 100)", "Key account manager", "G1", "Small"],
      revenue: [9000, 8000, 7000, 6000, 5000, 4000, 10],
      profit: [900, 800, 700, 600, 500, 400, 1],
      usedRows: 7,
      skippedRows: 0,
    };
    const chosen = named.customers.slice(0, 6);
    const book = bookOf(buildSelectionWorkbook(named, { ...opts, keyAccounts: { kind: "ids", ids: chosen } }));
    const portfolio = sheet(book, "Portfolio");
    const comment = findAll(portfolio, "Comment")[0][1];
    const rows = findAll(portfolio, "Yes").map(([r]) => r);
    expect(rows).toHaveLength(6);
    for (const r of rows) portfolio[r][comment] = `comment of ${String(portfolio[r][findAll(portfolio, "Customer")[0][1]])}`;
    const r = refresh(book, named, opts);
    const after = bookOf(r);
    expect([...after.keys()].filter((n) => n.startsWith("Plan ")).sort()).toEqual(chosen.map((c) => `Plan ${c}`).sort());
    const p = sheet(after, "Portfolio");
    const customerCol = findAll(p, "Customer")[0][1];
    for (const name of chosen) {
      const at = findAll(p, `comment of ${name}`);
      expect(at).toHaveLength(1);
      expect(p[at[0][0]][customerCol]).toBe(name);
    }
    expect(keptRows(after)).toEqual([]);
    expect(r.counts.typed.listed).toBe(0);
  });
});

describe("rows deleted from a plan's tables", () => {
  it("are refilled with IDs no other row holds", () => {
    const book = firstBook();
    const plan = sheet(book, "Plan C01");
    set(plan, `B${findAll(plan, "G1")[0][0] + 1}`, "goal one");
    set(plan, `B${findAll(plan, "G3")[0][0] + 1}`, "goal three");
    deleteRow(plan, findAll(plan, "G2")[0][0]);
    deleteRow(plan, findAll(plan, "A2")[0][0]);
    const after = sheet(bookOf(refresh(book, changed, opts)), "Plan C01");
    const ids = after.map((row) => row?.[0]).filter((v): v is string => typeof v === "string" && /^[GA][0-9]+$/.test(v));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => id.startsWith("G")).length).toBeGreaterThanOrEqual(8);
    expect(findAll(after, "goal three")).toHaveLength(1);
  });
});

describe("a column a person inserted inside a plan's tables", () => {
  it("leaves each table value under its own header, once", () => {
    const book = firstBook();
    const plan = sheet(book, "Plan C01");
    insertCol(plan, 2);
    // The action plan's header row: the last with "Activity" (the one-page summary above lists overdue
    // actions under the same labels).
    const actionHeader = (g: UserCell[][]): number => findAll(g, "Activity").at(-1)![0];
    const below = (header: string, value: string): void => {
      const [r, c] = findAll(plan, header).find(([row]) => row === actionHeader(plan))!;
      plan[r + 1][c] = value;
    };
    below("Activity", "activity of C01");
    below("Owner", "owner of C01");
    below("Status", "Done");
    const after = sheet(bookOf(refresh(book, changed, opts)), "Plan C01");
    const hr = actionHeader(after);
    const headerOf = (value: string): UserCell[] => findAll(after, value).map(([r, c]) => (r === hr + 1 ? after[hr][c] : `row ${r + 1}`));
    expect(headerOf("activity of C01")).toEqual(["Activity"]);
    expect(headerOf("owner of C01")).toEqual(["Owner"]);
    expect(headerOf("Done")).toEqual(["Status"]);
  });
});
