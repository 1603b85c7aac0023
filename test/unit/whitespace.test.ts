/**
 * Issue 14, whitespace: the grid per key account on the cell model of the file path (extractPreserved →
 * buildSelectionWorkbook): layout, blocks found by customer ID, typed cells kept over refreshes, rows a
 * person inserted, offerings renamed/removed on the settings sheet, a language switch, and a workbook
 * made before the sheet existed (migration).
 */
import { PLAN_OPTIONS } from "../support/planSpec";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import type { UserCell } from "../../src/plan/userCell";
import { Book, Grid, bookOf, get, insertRow, refresh, set } from "../support/sheetEdits";
import { readWhitespace } from "../../src/sheets/whitespace/read";
import { whitespaceLayout, FIRST_BLOCK_ROW, blockHeight, DEFAULT_UNITS, parseOfferings } from "../../src/sheets/whitespace/build";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { runKam } from "../support/cli";
import { a1 } from "../../src/sheets/kit/address";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04", "C05", "C06"],
  revenue: [500, 400, 300, 200, 100, 50],
  profit: [50, 40, -30, 20, 10, 5],
  usedRows: 6,
  skippedRows: 0,
};
const opts: SelectionOptions = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } };

function ws(book: Book): Grid {
  const name = [...book.keys()].find((n) => n === "Whitespace" || n === "Innplass");
  if (!name) throw new Error(`no Whitespace in ${[...book.keys()].join(", ")}`);
  return book.get(name)!;
}

/** The typed values of a block: unit → offering → [current, potential, status]. */
function typed(book: Book): Record<string, Record<string, Record<string, UserCell[]>>> {
  const out: Record<string, Record<string, Record<string, UserCell[]>>> = {};
  for (const [id, b] of readWhitespace(ws(book))) {
    out[id] = {};
    for (const u of b.units) {
      if (u.name === null) continue;
      out[id][String(u.name)] = Object.fromEntries([...u.cells].map(([k, c]) => [k, [c.current, c.potential, c.status]]));
    }
  }
  return out;
}

describe("the Whitespace sheet", () => {
  it("has one block per key account, found by customer ID, with the offerings of the settings", () => {
    const book = bookOf(buildSelectionWorkbook(data, opts));
    const blocks = readWhitespace(ws(book));
    expect([...blocks.keys()]).toEqual(["C01", "C02"]);
    expect([...blocks.get("C01")!.offeringCols.keys()]).toEqual(["products", "services", "software", "training", "support"]);
    expect(blocks.get("C01")!.units).toHaveLength(DEFAULT_UNITS);
    // The second block starts where the first ends.
    expect(get(ws(book), a1(FIRST_BLOCK_ROW + blockHeight(DEFAULT_UNITS), 1))).toBe("C02");
  });

  it("writes untapped, potential and share of wallet formulas that skip not relevant cells", () => {
    const r = buildSelectionWorkbook(data, opts);
    const sheet = r.spec.sheets.find((s) => s.id === "kam.whitespace")!;
    const lay = whitespaceLayout(FIRST_BLOCK_ROW, 5, DEFAULT_UNITS);
    const f = (row: number, col: number): string | undefined => {
      let out: string | undefined;
      for (const b of sheet.blocks) {
        const x = b.formulas?.[row - b.row]?.[col - b.col];
        if (x) out = x;
      }
      return out;
    };
    expect(f(lay.firstUnit, lay.right.untapped)).toContain('IF(OR(D7="not relevant",D7="ikke relevant"),0,MAX(C7-B7,0))');
    expect(f(lay.firstUnit, lay.right.share)).toBe(`=IF(${a1(lay.firstUnit, lay.right.potential)}=0,"",${a1(lay.firstUnit, lay.right.current)}/${a1(lay.firstUnit, lay.right.potential)})`);
    expect(f(lay.total, 1)).toBe("=IF(COUNTA(B7:B12)>COUNT(B7:B12),NA(),SUM(B7:B12))");
    expect(sheet.print?.rowBreaks).toEqual([FIRST_BLOCK_ROW + blockHeight(DEFAULT_UNITS)]);
    expect(sheet.print?.orientation).toBe("landscape");
    expect(sheet.validations[0].list).toEqual(["won", "open", "competitor", "not relevant"]);
  });

  it("keeps every typed cell over two refreshes, with a row inserted inside a block and a note beside it", () => {
    let book = bookOf(buildSelectionWorkbook(data, opts));
    const g = ws(book);
    const lay = whitespaceLayout(FIRST_BLOCK_ROW, 5, DEFAULT_UNITS);
    set(g, a1(lay.firstUnit, 0), "Purchasing");
    set(g, a1(lay.firstUnit, 1), 100);
    set(g, a1(lay.firstUnit, 2), 250);
    set(g, a1(lay.firstUnit, 3), "open");
    set(g, a1(lay.firstUnit + 1, 0), "Logistics");
    set(g, a1(lay.firstUnit + 1, 6), "not relevant");
    const second = FIRST_BLOCK_ROW + blockHeight(DEFAULT_UNITS);
    set(g, a1(second + 3, 0), "HQ");
    set(g, a1(second + 3, 13), 40);
    const want = typed(book);
    book = bookOf(refresh(book, data, opts));
    expect(typed(book)).toEqual(want);
    // A person inserts a row inside C01's block and fills every unit row: the block grows.
    insertRow(ws(book), lay.firstUnit + 1);
    for (let i = 0; i <= DEFAULT_UNITS; i++) if (get(ws(book), a1(lay.firstUnit + i, 0)) === null) set(ws(book), a1(lay.firstUnit + i, 0), `Unit ${i}`);
    set(ws(book), a1(lay.firstUnit + 1, lay.right.share + 2), "note beside");
    const want2 = typed(book);
    expect(Object.keys(want2.C01)).toHaveLength(DEFAULT_UNITS + 1);
    book = bookOf(refresh(book, data, opts));
    book = bookOf(refresh(book, data, opts));
    expect(typed(book)).toEqual(want2);
    expect(get(ws(book), a1(lay.firstUnit + 1, lay.right.share + 2))).toBe("note beside");
  });

  it("follows offerings by name on the settings sheet; a removed offering's cells go to the Kept list", () => {
    let book = bookOf(buildSelectionWorkbook(data, opts));
    const lay = whitespaceLayout(FIRST_BLOCK_ROW, 5, DEFAULT_UNITS);
    set(ws(book), a1(lay.firstUnit, 0), "Unit A");
    set(ws(book), a1(lay.firstUnit, lay.offeringCol(1)), 70); // Services
    set(ws(book), a1(lay.firstUnit, lay.offeringCol(0)), 30); // Products
    const settings = book.get("KAM Settings")!;
    const row = settings.findIndex((r) => r?.[0] === "offerings");
    expect(row).toBeGreaterThan(0);
    settings[row][1] = JSON.stringify(["Services", "Consulting"]);
    book = bookOf(refresh(book, data, opts));
    const blocks = readWhitespace(ws(book));
    expect([...blocks.get("C01")!.offeringCols.keys()]).toEqual(["services", "consulting"]);
    expect(blocks.get("C01")!.units[0].cells.get("services")!.current).toBe(70);
    const kept = (book.get("Kept on refresh") ?? []).flat();
    expect(kept).toContain(30);
  });

  it("translates the status on a language switch and keeps the cells", () => {
    let book = bookOf(buildSelectionWorkbook(data, opts));
    const lay = whitespaceLayout(FIRST_BLOCK_ROW, 5, DEFAULT_UNITS);
    set(ws(book), a1(lay.firstUnit, 0), "Unit A");
    set(ws(book), a1(lay.firstUnit, 3), "won");
    set(ws(book), a1(lay.firstUnit, 6), "competitor");
    book = bookOf(refresh(book, data, { ...opts, language: "nb" }));
    const b = readWhitespace(ws(book)).get("C01")!;
    expect(b.units[0].cells.get("produkter")!.status).toBe("vunnet");
    expect(b.units[0].cells.get("tjenester")!.status).toBe("konkurrent");
  });

  it("a workbook made before the sheet existed gains it; a removed key account's block stays", () => {
    const first = bookOf(buildSelectionWorkbook(data, opts));
    first.delete("Whitespace");
    let book = bookOf(refresh(first, data, opts));
    expect([...readWhitespace(ws(book)).keys()]).toEqual(["C01", "C02"]);
    const lay = whitespaceLayout(FIRST_BLOCK_ROW, 5, DEFAULT_UNITS);
    set(ws(book), a1(lay.firstUnit, 0), "Kept unit");
    book = bookOf(refresh(book, data, { ...opts, keyAccounts: { kind: "ids", ids: ["C02"] } }));
    const blocks = readWhitespace(ws(book));
    // C01's plan is kept inactive, so is its block (marked), with what was typed in it.
    expect([...blocks.keys()]).toEqual(["C01", "C02"]);
    expect(blocks.get("C01")!.units[0].name).toBe("Kept unit");
    expect(String(get(ws(book), a1(FIRST_BLOCK_ROW, 2)))).toContain("no longer a key account");
  });

  it("takes the offerings the caller gives (CLI, pane) and keeps them for the next refresh", () => {
    let book = bookOf(buildSelectionWorkbook(data, { ...opts, offerings: ["Cloud", "Consulting", "Hardware"] }));
    const lay = whitespaceLayout(FIRST_BLOCK_ROW, 3, DEFAULT_UNITS);
    expect([...readWhitespace(ws(book)).get("C01")!.offeringCols.keys()]).toEqual(["cloud", "consulting", "hardware"]);
    set(ws(book), a1(lay.firstUnit, 0), "Unit A");
    set(ws(book), a1(lay.firstUnit, lay.offeringCol(2)), 55); // Hardware
    book = bookOf(refresh(book, data, opts));
    const b = readWhitespace(ws(book)).get("C01")!;
    expect([...b.offeringCols.keys()]).toEqual(["cloud", "consulting", "hardware"]);
    expect(b.units[0].cells.get("hardware")!.current).toBe(55);
    // Hardware moves to the front: its cells follow it by name.
    book = bookOf(refresh(book, data, { ...opts, offerings: ["Hardware", "Cloud"] }));
    const moved = readWhitespace(ws(book)).get("C01")!;
    expect([...moved.offeringCols.keys()]).toEqual(["hardware", "cloud"]);
    expect(moved.units[0].cells.get("hardware")!.current).toBe(55);
  });
});

describe("parseOfferings", () => {
  it("splits on semicolons and line breaks, trims, drops blanks", () => {
    expect(parseOfferings(" Cloud ; Support;;\r\nTraining\n\n")).toEqual(["Cloud", "Support", "Training"]);
    expect(parseOfferings("  ")).toEqual([]);
  });
  it("refuses more than eight names and a name given twice, naming it", () => {
    expect(() => parseOfferings("a;b;c;d;e;f;g;h;i")).toThrow("Offerings: 9 names, at most 8 fit the Whitespace grid.");
    expect(() => parseOfferings("Cloud;Support;cloud")).toThrow('Offerings: "cloud" is given twice.');
  });
});

describe("kam plan --offerings", () => {
  const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
  const dir = mkdtempSync(join(tmpdir(), "kam-offerings-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const headers = async (file: string): Promise<string[]> => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const row = wb.getWorksheet("Whitespace")!.getRow(FIRST_BLOCK_ROW + 2).values as unknown[];
    return row.filter((v): v is string => typeof v === "string");
  };
  const args = (out: string) => [SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--key-accounts", "top:2", "--out", out];

  it("sets the grid's columns and keeps them on a refresh without the option", async () => {
    const out = join(dir, "plan.xlsx");
    const first = await runKam("plan", ...args(out), "--offerings", "Cloud; Consulting;Hardware");
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(await headers(out)).toEqual(expect.arrayContaining(["Cloud", "Consulting", "Hardware"]));
    expect(await headers(out)).not.toContain("Products");
    expect((await runKam("plan", ...args(out))).code).toBe(0);
    expect(await headers(out)).toEqual(expect.arrayContaining(["Cloud", "Consulting", "Hardware"]));
  });

  it("says what is wrong with the list in the chosen language, before reading the data", async () => {
    const r = await runKam("plan", ...args(join(dir, "bad.xlsx")), "--offerings", "A;B;a", "--language", "nb");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("Tilbud: «a» er gitt to ganger.");
  });
});
