/** preserve.ts: what the user entered is found by IDs and merged into the refreshed sheets unchanged. */
import type { PlanData } from "../../src/plan/planInput";
import { buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { extractPreserved } from "../../src/plan/preserve";
import type { SheetSpec } from "../../src/plan/spec";
import type { UserCell } from "../../src/plan/userCell";
import { at, sheetById, workbookCells } from "../support/planSpec";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C10"],
  revenue: [500, 400, 300, 200, 100, 50, 40, 30, 20, 10],
  profit: [50, 40, -30, 20, 10, 5, 4, 3, 2, 1],
  usedRows: 10,
  skippedRows: 0,
};
const mapping = { customer: "Customer", value: "Sales", profit: "Profit" };
const first = buildSelectionWorkbook(data, { language: "en", mapping });
const candidates = first.counts.candidates; // C01..C04 (A class)

/** Sets cells by A1 address on a sheet's cell grid. */
function edit(grid: UserCell[][], changes: Record<string, UserCell>): void {
  for (const [address, value] of Object.entries(changes)) {
    const m = /^([A-Z]+)([0-9]+)$/.exec(address)!;
    const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    (grid[Number(m[2]) - 1] ??= [])[col] = value;
  }
}

/** The first plan with ratings, edited weights and names, choices, comments, a midpoint and notes. */
function entered(): Map<string, UserCell[][]> {
  const cells = workbookCells(first.spec);
  edit(cells.get("Scoring")!, {
    C12: 7,
    D12: 8,
    E12: 9,
    F12: 6,
    G12: 5,
    H12: 4,
    J12: 3,
    K12: 10,
    C13: 1,
    D13: { formula: "=1+1" },
    C9: 30,
    D9: 10,
    C4: "Our own potential",
    L8: "CRM",
    Z3: "note right of Scoring",
  });
  edit(cells.get("Portfolio")!, {
    I10: "Yes",
    I11: "No",
    I13: "Yes",
    J10: "Call in May",
    B4: 6,
    A20: "note below the list",
  });
  return cells;
}

describe("extractPreserved", () => {
  it("finds criteria, ratings, choices, comments and midpoints by ID", () => {
    const p = extractPreserved(entered());
    expect(p.settings?.language).toBe("en");
    expect(p.settingsProblem).toBeUndefined();
    expect(p.sheets).toEqual({
      "kam.abc": "ABC",
      "kam.profitability": "Profitability",
      "kam.scoring": "Scoring",
      "kam.portfolio": "Portfolio",
    });
    expect(p.criteria?.attractiveness.map((c) => [c.id, c.weight])).toEqual([
      ["ATT1", 30],
      ["ATT2", 10],
      ["ATT3", 20],
      ["ATT4", 15],
      ["ATT5", 10],
      ["ATT6", 15],
    ]);
    expect(p.criteria?.attractiveness[0].name).toBe("Our own potential");
    expect(p.criteria?.strength[2].source).toBe("CRM");
    expect(p.rows.map((r) => r.customer)).toEqual(["C01", "C02", "C03", "C04"].slice(0, candidates));
    expect(p.rows[0].ratings).toEqual({ ATT1: 7, ATT2: 8, ATT3: 9, ATT4: 6, ATT5: 5, ATT6: 4, STR1: 3, STR2: 10 });
    expect(p.rows[1].ratings).toEqual({ ATT1: 1, ATT2: { formula: "=1+1" } });
    expect(p.rows.map((r) => r.keyAccount)).toEqual(["Yes", "No", null, "Yes"].slice(0, candidates));
    expect(p.rows[0].comment).toBe("Call in May");
    expect(p.mids).toEqual({ attractiveness: 6, strength: 5 });
  });

  it("still finds everything when rows were inserted above the tables", () => {
    const cells = entered();
    for (const name of ["Scoring", "Portfolio"]) cells.get(name)!.unshift([], ["inserted by the user"]);
    const p = extractPreserved(cells);
    expect(p.rows[0].ratings.ATT1).toBe(7);
    expect(p.criteria?.attractiveness[0].weight).toBe(30);
    expect(p.rows[3].keyAccount).toBe("Yes");
    expect(p.mids.attractiveness).toBe(6);
  });

  it("reads what it can when the settings sheet is damaged, and says why it ignored it", () => {
    const cells = entered();
    const settings = cells.get("KAM Settings")!;
    const row = settings.find((r) => r?.[0] === "language")!;
    row[1] = "fr";
    const p = extractPreserved(cells);
    expect(p.settings).toBeUndefined();
    expect(p.settingsProblem).toMatch(/^language/);
    expect(p.rows[0].ratings.ATT1).toBe(7);
  });

  it("recognises sheets the user renamed by their content, and keeps their names and references", () => {
    const cells = entered();
    cells.set("Scoring 2024", cells.get("Scoring")!);
    cells.delete("Scoring");
    cells.set("KAM", cells.get("Portfolio")!);
    cells.delete("Portfolio");
    const p = extractPreserved(cells);
    expect(p.sheets).toMatchObject({ "kam.scoring": "Scoring 2024", "kam.portfolio": "KAM" });
    expect(p.rows[0].ratings.ATT1).toBe(7);
    expect(p.rows[0].keyAccount).toBe("Yes");
    const r = buildSelectionWorkbook(data, { language: "en", mapping }, p);
    expect(r.spec.sheets.map((s) => s.name)).toEqual(["ABC", "Profitability", "Scoring 2024", "KAM", "KAM Settings"]);
    expect(at(sheetById(r.spec, "kam.portfolio"), "E10")?.formula).toBe("='Scoring 2024'!I12");
    expect(r.settings.sheets["kam.scoring"]).toBe("Scoring 2024");
  });

  it("is empty for a workbook without plan sheets", () => {
    const p = extractPreserved(new Map([["Data", [["Customer", "Sales"]]]]));
    expect(p).toEqual({ sheets: {}, rows: [], mids: {}, plans: [], old: [], unrecognised: [] });
  });
});

describe("refreshing with changed data", () => {
  // C03 drops out of class A, C11 is new and large, C10 is gone from the data.
  const changed: PlanData = {
    customers: ["C01", "C02", "C03", "C04", "C05", "C06", "C07", "C08", "C09", "C11"],
    revenue: [520, 400, 3, 200, 100, 50, 40, 30, 20, 450],
    profit: [55, 40, -30, 20, 10, 5, 4, 3, 2, 60],
    usedRows: 10,
    skippedRows: 0,
  };
  const previous = extractPreserved(entered());
  const next = buildSelectionWorkbook(changed, { language: "en", mapping }, previous);
  const scoring = sheetById(next.spec, "kam.scoring");
  const portfolio = sheetById(next.spec, "kam.portfolio");

  it("keeps every entered cell at its place, identical", () => {
    const cells = entered();
    const was = (sheet: string, address: string): UserCell => {
      const m = /^([A-Z]+)([0-9]+)$/.exec(address)!;
      const col = m[1].split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      return cells.get(sheet)![Number(m[2]) - 1]![col];
    };
    const now = (s: SheetSpec, address: string): UserCell => {
      const c = at(s, address);
      return c?.formula ? { formula: c.formula } : (c?.value ?? null);
    };
    for (const a of ["C12", "D12", "E12", "F12", "G12", "H12", "J12", "K12", "C13", "D13", "C9", "D9", "C4", "L8"]) {
      expect(`${a}: ${JSON.stringify(now(scoring, a))}`).toBe(`${a}: ${JSON.stringify(was("Scoring", a))}`);
    }
    for (const a of ["I10", "I11", "I13", "J10", "B4"]) {
      expect(`${a}: ${JSON.stringify(now(portfolio, a))}`).toBe(`${a}: ${JSON.stringify(was("Portfolio", a))}`);
    }
    expect(next.counts.keptCells).toBeGreaterThan(20);
  });

  it("refreshes figures, appends the new candidate and marks the one that dropped out", () => {
    expect(at(portfolio, "C10")?.value).toBe(520);
    expect(at(portfolio, "A12")?.value).toBe("C03");
    expect(at(portfolio, "K12")?.value).toBe("No longer a candidate");
    expect(at(scoring, "C12")?.value).toBe(7);
    const last = 12 + candidates;
    expect(at(scoring, `A${last}`)?.value).toBe("C11");
    expect(at(scoring, `Q${last}`)?.value).toBe("");
    expect(next.counts).toMatchObject({ newCandidates: 1, dropped: 1, missing: 0 });
    expect(at(sheetById(next.spec, "kam.abc"), "B15")).toBeUndefined(); // ABC's customers are a table (below the summary):
    expect(sheetById(next.spec, "kam.abc").tables[0].rows[0][1]).toBe("C01");
  });

  it("carries notes outside the tables: right of them as they were, below the list at the same distance", () => {
    expect(at(scoring, "Z3")?.value).toBe("note right of Scoring");
    expect(at(scoring, "Z3")?.block.owner).toBe("user");
    const oldEnd = 9 + candidates; // 1-based last list row of the old Portfolio
    const newEnd = oldEnd + 1;
    expect(at(portfolio, `A${20 - oldEnd + newEnd}`)?.value).toBe("note below the list");
    expect(next.counts.typed).toMatchObject({ overrides: 0, listed: 0 });
    expect(next.counts.typed.inPlace + next.counts.typed.defaults).toBe(next.counts.typed.checked);
  });

  it("keeps a row for a customer gone from the data", () => {
    const gone: PlanData = { ...changed, customers: changed.customers.map((c) => (c === "C04" ? "C99" : c)) };
    const r = buildSelectionWorkbook(gone, { language: "en", mapping }, previous);
    const p = sheetById(r.spec, "kam.portfolio");
    expect(at(p, "A13")?.value).toBe("C04");
    expect(at(p, "I13")?.value).toBe("Yes");
    expect(at(p, "K13")?.value).toBe("Not in the data any more");
    expect(at(p, "C13")?.value).toBeNull();
    expect(r.counts.missing).toBe(1);
  });

  it("follows a language switch for untouched defaults and Yes/No, keeps the user's own words", () => {
    const nb = buildSelectionWorkbook(changed, { language: "nb", mapping }, previous);
    const s = sheetById(nb.spec, "kam.scoring");
    const p = sheetById(nb.spec, "kam.portfolio");
    expect(at(s, "C4")?.value).toBe("Our own potential");
    expect(at(s, "D4")?.value).toBe("Kundens egen vekst");
    expect(at(s, "L8")?.value).toBe("CRM");
    expect(["I10", "I11"].map((a) => at(p, a)?.value)).toEqual(["Ja", "Nei"]);
    expect(at(p, "J10")?.value).toBe("Call in May");
  });

  it("drops ratings only for criteria the caller removed, and counts them", () => {
    const r = buildSelectionWorkbook(
      changed,
      { language: "en", mapping, criteria: { ...previous.criteria!, strength: previous.criteria!.strength.slice(1) } },
      previous,
    );
    expect(r.counts.droppedRatings).toBe(1); // C01's STR1
  });
});
