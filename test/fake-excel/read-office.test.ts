/** The Office.js reader on a seeded fake workbook: selection, current region, tables; blanks vs zeros. */
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { detectHeader, listTables, readSelection, readTable } from "../../src/read/office";
import { KamError } from "../../src/core/errors";

let wb: FakeWorkbook;
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Data", "Other"] });
  wb.seed("Data", "B2", [
    ["Customer", "Revenue", "Margin"],
    ["Nordic Foods AS", 1200, 0.2],
    ["Fjord Fisk", 0, ""], //        revenue 0, margin blank
    ["'+47 22 00 00 00", null, "#N/A"], // text customer, revenue blank, margin an error
    ["Bergen Bakeri", 300, 0.1],
  ]);
  wb.seed("Data", "G2", [["island"], [1]]); // another block after a blank column
});
afterAll(() => uninstallFakeExcel());

describe("readSelection", () => {
  test("selection: header detected, blanks told apart from zeros, errors marked", async () => {
    wb.select("Data", "B2:D6");
    const r = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(r.address).toBe("Data!B2:D6");
    expect(r.hasHeaders).toBe(true);
    expect(r.headers).toEqual(["Customer", "Revenue", "Margin"]);
    expect(r.rows).toEqual([
      ["Nordic Foods AS", 1200, 0.2],
      ["Fjord Fisk", 0, null],
      ["+47 22 00 00 00", null, { error: "#N/A" }],
      ["Bergen Bakeri", 300, 0.1],
    ]);
    expect(r.blanks).toEqual([
      [false, false, false],
      [false, false, true],
      [false, true, false],
      [false, false, false],
    ]);
    expect(wb.syncCount).toBe(3); // size, cells, and the final sync of Excel.run
  });

  test("a whole-column selection reads only the used rows", async () => {
    wb.select("Data", "B:D");
    const r = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(r.address).toBe("Data!B2:D6");
    expect(r.rows).toHaveLength(4);
    expect(r.rows.at(-1)).toEqual(["Bergen Bakeri", 300, 0.1]);
  });

  test("current region: the block around the active cell, bounded by blank rows and columns", async () => {
    wb.select("Data", "C4");
    const r = await Excel.run((ctx) => readSelection(ctx, "currentRegion"));
    expect(r.address).toBe("Data!B2:D6");
    expect(r.headers).toEqual(["Customer", "Revenue", "Margin"]);
    expect(r.rows).toHaveLength(4);
    expect(r.rows.flat()).not.toContain("island");
    expect(r.rows[1][1]).toBe(0);
    expect(r.blanks[1][1]).toBe(false);
  });

  test("no header row: column letters as headers", async () => {
    wb.seed("Other", "C3", [[1, 2], [3, 4]]);
    wb.select("Other", "C3:D4");
    const r = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(r.hasHeaders).toBe(false);
    expect(r.headers).toEqual(["C", "D"]);
    expect(r.rows).toEqual([[1, 2], [3, 4]]);
  });

  test("a formula cell reads as its calculated result, not as blank", async () => {
    wb.seed("Other", "A1", [["Total"], [null]]);
    wb.sheet("Other").seedFormula(1, 0, "=SUM(Data!C3:C6)", 1500);
    wb.select("Other", "A1:A2");
    const r = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(r.headers).toEqual(["Total"]);
    expect(r.rows).toEqual([[1500]]);
    expect(r.blanks).toEqual([[false]]);
  });

  test("an empty selection gives no rows", async () => {
    wb.select("Other", "F10:G20");
    const r = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(r).toEqual({ address: "Other!F10:G20", headers: [], rows: [], blanks: [], hasHeaders: false });
  });

  test("large selections: ≤ 5,000 rows per range, syncs bounded by the response limit, not by rows", async () => {
    const n = 30_000;
    wb.seed("Other", "A1", [["Customer", "Revenue", "Cost", "Region", "Segment"], ...Array.from({ length: n }, (_, i) => [`Customer ${i}`, i, i / 2, "Vest", "Retail"])]);
    wb.select("Other", "A:E");
    wb.resetStats();
    const r = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(r.rows).toHaveLength(n);
    expect(r.rows[n - 1]).toEqual([`Customer ${n - 1}`, n - 1, (n - 1) / 2, "Vest", "Retail"]);
    // 150,000 cells: 1 sync for the size + 2 for the cells (100,000 cells a sync) + Excel.run's final one.
    expect(wb.syncCount).toBe(4);
    expect(wb.syncs.every((s) => s.responseBytes < 5_000_000)).toBe(true);

    // With a smaller response limit the reader halves its budget and retries until it fits.
    wb.limits.maxResponseBytes = 1_000_000;
    wb.resetStats();
    const again = await Excel.run((ctx) => readSelection(ctx, "selection"));
    expect(again.rows).toEqual(r.rows);
    const failed = wb.syncs.filter((s) => s.error);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((s) => s.error === "ResponsePayloadSizeLimitExceeded")).toBe(true);
    expect(wb.syncs.filter((s) => !s.error).every((s) => s.responseBytes < 1_000_000)).toBe(true);
  });
});

describe("readTable and listTables", () => {
  beforeEach(async () => {
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.tables.add(s.getRange("B2:D6"), true).name = "tblCustomers";
    });
    wb.resetStats();
  });

  test("readTable: headers from the table, body rows with blanks and errors", async () => {
    const r = await Excel.run((ctx) => readTable(ctx, "tblCustomers"));
    expect(r.address).toBe("Data!B2:D6");
    expect(r.headers).toEqual(["Customer", "Revenue", "Margin"]);
    expect(r.rows[2]).toEqual(["+47 22 00 00 00", null, { error: "#N/A" }]);
    expect(r.blanks[1]).toEqual([false, false, true]);
    expect(wb.syncCount).toBe(3);
  });

  test("readTable of a missing table → KamError('argument')", async () => {
    const err = await Excel.run((ctx) => readTable(ctx, "tblNope")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KamError);
    expect((err as KamError).code).toBe("argument");
  });

  test("listTables: names, sheets and data row counts", async () => {
    expect(await Excel.run((ctx) => listTables(ctx))).toEqual([{ name: "tblCustomers", sheet: "Data", rows: 4 }]);
  });
});

test("detectHeader: text over numbers only", () => {
  expect(detectHeader([["String", "String"], ["String", "Double"]])).toBe(true);
  expect(detectHeader([["String", "Empty"], ["Double", "Empty"]])).toBe(true);
  expect(detectHeader([["String", "Double"], ["String", "Double"]])).toBe(false);
  expect(detectHeader([["String", "String"], ["String", "String"]])).toBe(false);
  expect(detectHeader([["Empty"], ["Double"]])).toBe(false);
  expect(detectHeader([["String"]])).toBe(false);
});
