/**
 * Inserting and deleting cells: the pure reference arithmetic (`shiftFormula`, `shiftRect` in
 * test/support/fake-excel/shift.ts) and Range.insert / Range.delete on the fake workbook, which move
 * cells, formulas, validations, conditional formats, tables, merges and names as Excel does.
 */
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { MAX_COLS, MAX_ROWS, Rect } from "../support/fake-excel/address";
import { SheetEdit, shiftFormula, shiftRect } from "../support/fake-excel/shift";

const wholeRows = (first: number, last: number): Rect => ({ r0: first - 1, r1: last - 1, c0: 0, c1: MAX_COLS - 1 });
const wholeCols = (first: number, last: number): Rect => ({ r0: 0, r1: MAX_ROWS - 1, c0: first, c1: last });
const edit = (op: SheetEdit["op"], axis: SheetEdit["axis"], rect: Rect, sheet = "Data"): SheetEdit => ({ sheet, op, axis, rect });

describe("shiftFormula", () => {
  test("inserting rows 3–4 moves what starts at row 3 or below, grows ranges across it, leaves the rest", () => {
    const e = edit("insert", "rows", wholeRows(3, 4));
    expect(shiftFormula("=A1+A3+$B$5+SUM(A2:A10)+SUM(C:C)+Other!A5+Data!A5+SUM(5:7)", "Data", e)).toBe(
      "=A1+A5+$B$7+SUM(A2:A12)+SUM(C:C)+Other!A5+Data!A7+SUM(7:9)",
    );
    // From another sheet only qualified references to Data move.
    expect(shiftFormula("=Data!A5+A5+'Data'!$A$1:$A$3", "Other", e)).toBe("=Data!A7+A5+'Data'!$A$1:$A$5");
  });

  test("deleting rows 3–4: references inside become #REF! (sheet prefix kept), ranges shrink, the rest moves up", () => {
    const e = edit("delete", "rows", wholeRows(3, 4));
    expect(shiftFormula("=A3+A4+A5+SUM(A2:A10)+SUM(A3:A4)+Data!A3+SUM(A4:A6)+SUM(3:9)", "Data", e)).toBe(
      "=#REF!+#REF!+A3+SUM(A2:A8)+SUM(#REF!)+Data!#REF!+SUM(A3:A4)+SUM(3:7)",
    );
  });

  test("columns work the same way; whole rows do not move with columns", () => {
    expect(shiftFormula("=A1+B1+$C$2+SUM(A1:C1)+SUM(1:1)", "Data", edit("insert", "columns", wholeCols(1, 1)))).toBe("=A1+C1+$D$2+SUM(A1:D1)+SUM(1:1)");
    expect(shiftFormula("=A1+B1+C1+SUM(A1:C1)+SUM(B:C)", "Data", edit("delete", "columns", wholeCols(1, 1)))).toBe("=A1+#REF!+B1+SUM(A1:B1)+SUM(B:B)");
  });

  test("cells shifted down in B3:C3 only: references inside columns B–C move, those sticking out stay", () => {
    const e = edit("insert", "rows", { r0: 2, r1: 2, c0: 1, c1: 2 });
    expect(shiftFormula("=B5+A5+C3+SUM(B1:C9)+SUM(A1:C9)+B2", "Data", e)).toBe("=B6+A5+C4+SUM(B1:C10)+SUM(A1:C9)+B2");
  });

  test("strings, structured references, names and functions are left alone", () => {
    const e = edit("insert", "rows", wholeRows(1, 1));
    expect(shiftFormula('="A5"&A5&COUNTIF(tblABC[Class],"A")+Rate+LOG10(A2)', "Data", e)).toBe('="A5"&A6&COUNTIF(tblABC[Class],"A")+Rate+LOG10(A3)');
  });

  test("quoted sheet names match the edited sheet; a formula without references comes back as it was", () => {
    const e = edit("insert", "rows", wholeRows(1, 2), "It's");
    expect(shiftFormula("='It''s'!B1+B1", "Data", e)).toBe("='It''s'!B3+B1");
    const f = "=1+2";
    expect(shiftFormula(f, "Data", e)).toBe(f);
  });

  test("a reference pushed past the last row becomes #REF!; a range reaching it is cut at the last row", () => {
    const e = edit("insert", "rows", wholeRows(10, 11));
    expect(shiftFormula(`=A${MAX_ROWS}+SUM(A5:A${MAX_ROWS})`, "Data", e)).toBe(`=#REF!+SUM(A5:A${MAX_ROWS})`);
  });
});

describe("shiftRect", () => {
  test("the same object when untouched, a new one when moved, null when deleted", () => {
    const r: Rect = { r0: 1, r1: 1, c0: 0, c1: 0 };
    expect(shiftRect(r, edit("insert", "rows", wholeRows(5, 5)))).toBe(r);
    expect(shiftRect(r, edit("insert", "rows", wholeRows(1, 1)))).toEqual({ r0: 2, r1: 2, c0: 0, c1: 0 });
    expect(shiftRect(r, edit("delete", "rows", wholeRows(2, 2)))).toBeNull();
    const col: Rect = wholeCols(4, 4);
    expect(shiftRect(col, edit("delete", "rows", wholeRows(1, 3)))).toBe(col); // E:E stays E:E
  });
});

describe("Range.insert / Range.delete", () => {
  let wb: FakeWorkbook;
  beforeEach(async () => {
    wb = installFakeExcel({ sheets: ["Data", "Other"] });
    wb.seed("Data", "A1", [[1], [2], [3], [4], [5]]);
    wb.seed("Data", "D1", [["Customer", "Value"], ["Acme", 10], ["Beta", 5]]);
    await Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Data");
      s.getRange("B1").formulas = [["=SUM(A1:A5)"]];
      s.getRange("B2").formulas = [["=A2*2"]];
      s.getRange("A2:A4").dataValidation.rule = { decimal: { operator: "LessThan", formula1: "=$A$5" } };
      s.getRange("A1:A5").conditionalFormats.add("Custom").custom.rule.formula = "=$A1>2";
      s.tables.add(s.getRange("D1:E3"), true).name = "tblT";
      s.getRange("G1:H2").merge(false);
      s.getRange("A3").format.rowHeight = 30;
      ctx.workbook.worksheets.getItem("Other").getRange("A1").formulas = [["=Data!A5+SUM(tblT[Value])"]];
      ctx.workbook.names.add("Last", "=Data!$A$5");
      await ctx.sync();
    });
  });
  afterAll(() => uninstallFakeExcel());

  const run = (batch: (s: Excel.Worksheet) => void): Promise<void> =>
    Excel.run(async (ctx) => {
      batch(ctx.workbook.worksheets.getItem("Data"));
      await ctx.sync();
    });

  test("inserting rows 3–4 inside everything: cells move, formulas and names follow, the table and ranges grow", async () => {
    await run((s) => s.getRange("3:4").insert(Excel.InsertShiftDirection.down));
    expect(wb.values("Data", "A1:A7").map((r) => r[0])).toEqual([1, 2, "", "", 3, 4, 5]);
    expect(wb.formulas("Data", "B1:B2")).toEqual([["=SUM(A1:A7)"], ["=A2*2"]]);
    expect(wb.formulas("Other", "A1")).toEqual([["=Data!A7+SUM(tblT[Value])"]]);
    expect(wb.names[0].formula).toBe("=Data!$A$7");
    const data = wb.sheet("Data");
    expect(data.validations[0]).toMatchObject({ rect: { r0: 1, r1: 5, c0: 0, c1: 0 }, rule: { decimal: { formula1: "=$A$7" } } });
    expect(data.conditionalFormats[0]).toMatchObject({ rect: { r0: 0, r1: 6 }, formula: "=$A1>2" });
    expect(wb.tableAddress("tblT")).toBe("D1:E5"); // rows inserted inside the table: it grows
    expect(data.merges).toEqual([{ r0: 0, r1: 1, c0: 6, c1: 7 }]); // above the insertion: unchanged
    expect(data.rowHeights.get(4)).toBe(30); // row 3's height went with it to row 5
  });

  test("inserting a row above everything moves it all down, relative conditional-format formulas included", async () => {
    await run((s) => s.getRange("A1").getEntireRow().insert("Down"));
    expect(wb.formulas("Data", "B2:B3")).toEqual([["=SUM(A2:A6)"], ["=A3*2"]]);
    expect(wb.sheet("Data").conditionalFormats[0]).toMatchObject({ rect: { r0: 1, r1: 5 }, formula: "=$A2>2" });
    expect(wb.tableAddress("tblT")).toBe("D2:E4");
    expect(wb.sheet("Data").merges).toEqual([{ r0: 1, r1: 2, c0: 6, c1: 7 }]);
  });

  test("deleting rows 2–3: references to them become #REF!, ranges shrink, the table loses a row", async () => {
    await run((s) => s.getRange("2:3").delete(Excel.DeleteShiftDirection.up));
    expect(wb.values("Data", "A1:A3").map((r) => r[0])).toEqual([1, 4, 5]);
    expect(wb.formulas("Data", "B1")).toEqual([["=SUM(A1:A3)"]]); // B2 (=A2*2) was deleted with its row
    expect(wb.formulas("Other", "A1")).toEqual([["=Data!A3+SUM(tblT[Value])"]]);
    expect(wb.tableAddress("tblT")).toBe("D1:E2"); // Excel keeps one data row
    expect(wb.sheet("Data").merges).toEqual([{ r0: 0, r1: 0, c0: 6, c1: 7 }]); // G1:H2 lost its second row
    await run((s) => s.getRange("C1").formulas = [["=A2+A3"]]);
    await run((s) => s.getRange("2:2").delete("Up"));
    expect(wb.formulas("Data", "C1")).toEqual([["=#REF!+A2"]]);
  });

  test("deleting every row of a table deletes the table", async () => {
    await run((s) => s.getRange("1:3").delete("Up"));
    expect(wb.findTable("tblT")).toBeUndefined();
  });

  test("inserting a column inside the table widens it with a new header; deleting it narrows it again", async () => {
    await run((s) => s.getRange("E:E").insert("Right"));
    expect(wb.tableAddress("tblT")).toBe("D1:F3");
    expect(wb.values("Data", "D1:F1")).toEqual([["Customer", "Column2", "Value"]]);
    expect(wb.formulas("Data", "H1")).toEqual([[""]]); // the merge moved right
    expect(wb.sheet("Data").merges).toEqual([{ r0: 0, r1: 1, c0: 7, c1: 8 }]);
    await run((s) => s.getRange("E:E").delete("Left"));
    expect(wb.tableAddress("tblT")).toBe("D1:E3");
    expect(wb.values("Data", "D1:E1")).toEqual([["Customer", "Value"]]);
  });

  test("cells shifted down in a band move only that band; insert returns the new cells", async () => {
    let address = "";
    await Excel.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Data").getRange("A2:B2").insert("Down").load("address");
      await ctx.sync();
      address = r.address;
    });
    expect(address).toBe("Data!A2:B2");
    expect(wb.values("Data", "A1:A6").map((r) => r[0])).toEqual([1, "", 2, 3, 4, 5]);
    expect(wb.formulas("Data", "B1")).toEqual([["=SUM(A1:A6)"]]);
    expect(wb.formulas("Data", "B3")).toEqual([["=A3*2"]]);
    expect(wb.values("Data", "D2")).toEqual([["Acme"]]); // column D is outside the band: the table stays
  });

  test("refused as Excel refuses: tearing a table or a merge, pushing data off the sheet, a shift that does not fit", async () => {
    const refused = (batch: (s: Excel.Worksheet) => void) => run(batch).then(() => undefined, (e: { code: string }) => e.code);
    expect(await refused((s) => s.getRange("E2").insert("Down"))).toBe("InvalidOperation"); // half of tblT's columns
    expect(await refused((s) => s.getRange("H1:H2").delete("Up"))).toBe("InvalidOperation"); // half of G1:H2
    expect(await refused((s) => s.getRange("1:1").delete("Up"))).toBe("InvalidOperation"); // tblT's header without the table
    wb.seed("Data", `J${MAX_ROWS}`, [["last"]]);
    expect(await refused((s) => s.getRange("5:5").insert("Down"))).toBe("InvalidOperation");
    expect(await refused((s) => s.getRange("A:A").insert("Down"))).toBe("InvalidArgument");
    expect(await refused((s) => s.getRange("2:2").delete("Left"))).toBe("InvalidArgument");
    // Nothing moved.
    expect(wb.formulas("Data", "B1")).toEqual([["=SUM(A1:A5)"]]);
    expect(wb.tableAddress("tblT")).toBe("D1:E3");
  });
});
