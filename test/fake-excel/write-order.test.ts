/**
 * What the strict fake's formula rules found in the Office.js renderer (issue 10), on the real ABC plan
 * (`buildAbcSheet`): tables exist before the formulas that name them, on a first run and on a refresh;
 * formulas name the table's real name when a user's table took the wanted one; screen updating is
 * suspended once per run; Excel's limits stop a render before anything is written, with a message that
 * names the cell.
 */
import { abcTable } from "../../src/core/abc";
import { KamError } from "../../src/core/errors";
import { resolve } from "node:path";
import { ABC_TABLE_NAME, buildAbcSheet } from "../../src/sheets/abc/build";
import { planDataFromGrid } from "../../src/plan/planInput";
import { buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { readCsvFile } from "../../src/read/csv";
import type { SheetSpec, WorkbookSpec } from "../../src/plan/spec";
import { followTableNames, renderToExcel, RenderOptions } from "../../src/render/office";
import { renderXlsx } from "../../src/render/xlsx";
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { tokenize } from "../support/fake-excel/formula";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const CUSTOMERS = ["Acme", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"];
const VALUES = [500, 300, 120, 40, 20, 10, 5, -3];

function abcSpec(customers = CUSTOMERS): WorkbookSpec {
  const summary = abcTable(customers, VALUES.slice(0, customers.length), { method: "value", thresholds: [0.8, 0.95] });
  return { sheets: [buildAbcSheet(summary, { language: "en", valueLabel: "Sales", thresholds: [0.8, 0.95], method: "value" })] };
}

const render = (spec: WorkbookSpec, opts: RenderOptions = {}) => Excel.run((ctx) => renderToExcel(ctx, spec, opts));

/** Every formula on a sheet of the fake, with its cell. */
function formulasOf(wb: FakeWorkbook, sheet: string): { at: string; f: string }[] {
  const s = wb.sheet(sheet);
  const out: { at: string; f: string }[] = [];
  for (const [r, row] of s.cells) row.forEach((cell, c) => cell?.f && out.push({ at: `${r},${c}`, f: cell.f }));
  return out;
}

/** The tables a formula names in structured references. */
const tablesNamed = (f: string): string[] =>
  tokenize(f).flatMap((t) => (t.kind === "structured" && t.table !== undefined ? [t.table] : []));

let wb: FakeWorkbook;
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Data"] });
});
afterAll(() => uninstallFakeExcel());

describe("tables before the formulas that name them", () => {
  // These two fail on the old write order (values with formulas → formats → tables): the fake refuses
  // =COUNTIF(tblABC[Class],"A") because tblABC does not exist yet (first run) or was just deleted (refresh).
  test("first run: the ABC summary's COUNTIF/SUMIF over tblABC are entered after tblABC exists", async () => {
    await render(abcSpec());
    const summary = formulasOf(wb, "ABC").filter((x) => tablesNamed(x.f).length > 0);
    expect(summary.length).toBeGreaterThanOrEqual(11); // 4 classes × 2, total × 2, T⁺
    expect(wb.formulas("ABC", "C2:D2")).toEqual([['=COUNTIF(tblABC[Class],"A")', '=SUMIF(tblABC[Class],"A",tblABC[Value])']]);
    expect(wb.tableAddress(ABC_TABLE_NAME)).toBe("A14:F22"); // below the summary
  });

  test("refresh: the old table is deleted, the new one created, and only then the formulas are written", async () => {
    await render(abcSpec());
    await render(abcSpec(CUSTOMERS.slice(0, 5)));
    expect(wb.tableAddress(ABC_TABLE_NAME)).toBe("A14:F19");
    expect(wb.formulas("ABC", "C6")).toEqual([["=ROWS(tblABC[Class])"]]);
    expect(wb.liveTables().map((t) => t.name)).toEqual([ABC_TABLE_NAME]);
  });
});

describe("a table name taken by the user's table", () => {
  /** The user's own tblABC, with the same columns as the add-in's, so a formula naming it would not fail. */
  async function userTable(): Promise<void> {
    wb.seed("Data", "A1", [["Rank", "Customer", "Value", "Share", "Cumulative share", "Class"], [1, "Mine", 1, 1, 1, "A"]]);
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.tables.add(s.getRange("A1:F2"), true).name = ABC_TABLE_NAME;
      await ctx.sync();
    });
  }

  // Fails on the old renderer: the formulas said tblABC and counted the user's one-row table.
  test("every ABC summary formula names the table that holds the ABC data (tblABC_2), on first run and refresh", async () => {
    await userTable();
    for (let run = 0; run < 2; run++) {
      const result = await render(abcSpec());
      const abcTableName = wb.liveTables().find((t) => t.sheet.name === "ABC")!.name;
      expect(abcTableName).toBe("tblABC_2");
      if (run === 0) expect(result.renamedTables).toEqual([{ wanted: "tblABC", name: "tblABC_2" }]);
      const named = formulasOf(wb, "ABC").flatMap((x) => tablesNamed(x.f));
      expect(named.length).toBeGreaterThanOrEqual(11);
      expect(new Set(named)).toEqual(new Set([abcTableName]));
    }
    expect(wb.tableAddress("tblABC")).toBe("A1:F2"); // the user's table is untouched
    expect(wb.values("Data", "B2")).toEqual([["Mine"]]);
  });

  test("followTableNames renames structured and bare table references, nothing in strings, brackets or other names", () => {
    const renamed = new Map([["TBLABC", "tblABC_2"]]);
    expect(followTableNames('=COUNTIF(tblABC[Class],"tblABC[Class]")+ROWS(TblAbc)+tblABCx+x.tblABC+SUM(tblABC[[#This Row],[tblABC]])', renamed)).toBe(
      '=COUNTIF(tblABC_2[Class],"tblABC[Class]")+ROWS(tblABC_2)+tblABCx+x.tblABC+SUM(tblABC_2[[#This Row],[tblABC]])',
    );
    expect(followTableNames("='tblABC'!A1+tblABC!A1+[@Value]", renamed)).toBe("='tblABC'!A1+tblABC!A1+[@Value]");
  });
});

describe("the whole plan workbook under the formula rules", () => {
  // Every formula of every sheet (English and Norwegian labels in strings and table columns, 5 account
  // plans and the Overview) is entered after the sheets and tables it names exist, and twice: a refresh.
  test.each(["en", "nb"] as const)("selection sheets, 5 account plans and the Overview in %s, first run and refresh", async (language) => {
    const mapping = { customer: "Customer ID", value: "Sales", profit: "Profit" };
    const data = planDataFromGrid(await readCsvFile(SUPERSTORE), mapping, "en-US", "superstore_sample.csv");
    const spec = buildSelectionWorkbook(data, { language, mapping, plans: true, keyAccounts: { kind: "top", n: 5 } }).spec;
    await render(spec);
    await render(spec);
    const formulas = wb.liveSheets().flatMap((s) => formulasOf(wb, s.name));
    expect(formulas.length).toBeGreaterThan(500);
    expect(formulas.filter((x) => x.f.includes("#REF!"))).toEqual([]);
  });
});

describe("once per run", () => {
  test("screen updating is suspended once, before the first write batch; calculation for every batch", async () => {
    await render(abcSpec(), { maxSyncBytes: 2_000 }); // a tiny budget: many write batches
    const writes = wb.syncs.slice(2);
    expect(writes.length).toBeGreaterThan(3);
    expect(wb.syncs.filter((s) => s.screenUpdatingSuspended)).toHaveLength(1);
    expect(writes[0].screenUpdatingSuspended).toBe(true);
    expect(writes.slice(0, -1).every((s) => s.calculationSuspended)).toBe(true); // the last is Excel.run's own
  });
});

describe("Excel's limits, checked before anything is written", () => {
  const long = "N".repeat(40_000);

  test("a 40,000-character customer name: a KamError naming the sheet, the cell and the start of the name; nothing written", async () => {
    const spec = abcSpec([long, ...CUSTOMERS.slice(1)]);
    const err = await render(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KamError);
    expect((err as KamError).message).toMatch(/^Sheet "ABC", cell B15: the text "N{40}…" has 40,000 characters; a cell holds at most 32,767\.$/);
    expect((err as KamError).place).toEqual({ source: "ABC", row: 15 });
    expect(wb.syncs).toHaveLength(0);
    expect(() => renderXlsx(spec)).toThrow((err as KamError).message); // the file renderer says the same
  });

  test("a 32,767-character name is written whole", async () => {
    await render(abcSpec(["x".repeat(32_767), ...CUSTOMERS.slice(1)]));
    expect(String(wb.values("ABC", "B15")[0][0])).toHaveLength(32_767);
  });

  const sheet = (over: Partial<SheetSpec>): WorkbookSpec => ({
    sheets: [{ name: "S", id: "s", blocks: [], tables: [], charts: [], validations: [], conditionalFormats: [], ...over }],
  });

  test("validation messages over 225, list sources over 255, formulas over 8,192 characters", async () => {
    const cases: [WorkbookSpec, RegExp][] = [
      [sheet({ validations: [{ range: "A1:A3", kind: "decimal", message: "m".repeat(226) }] }), /^Sheet "S", validation A1:A3: the message "m{40}…" has 226 characters, over Excel's 225-character limit\.$/],
      [sheet({ validations: [{ range: "B1", kind: "list", list: ["x".repeat(200), "y".repeat(56)] }] }), /validation B1: the list .* has 257 characters, over Excel's 255-character limit/],
      [sheet({ blocks: [{ row: 4, col: 2, values: [[null]], formulas: [["=" + "1+".repeat(4_096) + "1"]] }] }), /^Sheet "S", cell C5: the formula "=1\+1.*" has 8,194 characters, over Excel's 8,192-character limit\.$/],
      [sheet({ conditionalFormats: [{ range: "A1", formula: "=" + "A1+".repeat(3_000), fill: "#FFFFFF" }] }), /conditional format A1: the formula/],
      [sheet({ tables: [{ name: "T", row: 2, col: 1, headers: ["a", "b"], rows: [[1, 2]], columnFormulas: [undefined, "=" + "[@a]+".repeat(2_000)] }] }), /^Sheet "S", table T, column C4: the formula/],
      [sheet({ tables: [{ name: "T", row: 2, col: 1, headers: ["a"], rows: [[null], ["z".repeat(32_768)]] }] }), /^Sheet "S", cell B5: the text "z{40}…" has 32,768 characters/],
    ];
    for (const [spec, message] of cases) {
      await expect(render(spec)).rejects.toThrow(message);
      expect(() => renderXlsx(spec)).toThrow(message);
    }
    expect(wb.syncs).toHaveLength(0);
    // At the limits exactly, all is written.
    await render(sheet({
      validations: [{ range: "A1:A3", kind: "decimal", message: "m".repeat(225) }, { range: "B1", kind: "list", list: ["x".repeat(200), "y".repeat(54)] }],
      blocks: [{ row: 4, col: 2, values: [[null]], formulas: [["=" + "1+".repeat(4_095) + "1"]] }],
    }));
    expect(wb.validationAt("S", "A2")?.errorAlert?.message).toHaveLength(225);
    expect(String(wb.formulas("S", "C5")[0][0])).toHaveLength(8_192);
  });
});
