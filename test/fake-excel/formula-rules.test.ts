/**
 * The fake's formula rules (test/support/fake-excel/formula.ts and README.md): the tokenizer, and every
 * formula Excel would refuse at the moment it is entered — in cells, conditional formats, data
 * validations and names — refused by the fake too, through the same Office.js calls the add-in makes.
 */
import { FakeWorkbook, installFakeExcel, uninstallFakeExcel } from "../support/fake-excel";
import { Token, tokenize } from "../support/fake-excel/formula";

let wb: FakeWorkbook;
beforeEach(() => {
  wb = installFakeExcel({ sheets: ["Data", "It's"] });
  wb.seed("Data", "A1", [["Customer", "Value", "Class"], ["Acme", 10, "A"], ["Beta", 5, "B"]]);
});
afterAll(() => uninstallFakeExcel());

/** Run a batch; resolve to the error it fails with, or undefined when it succeeds. */
async function outcome(batch: (ctx: Excel.RequestContext) => void): Promise<{ code: string; message: string } | undefined> {
  try {
    await Excel.run(async (ctx) => {
      batch(ctx);
      await ctx.sync();
    });
    return undefined;
  } catch (e) {
    return e as { code: string; message: string };
  }
}

const data = (ctx: Excel.RequestContext): Excel.Worksheet => ctx.workbook.worksheets.getItem("Data");

/** Write one formula to Data!G1; the error Excel would give, or undefined. */
const enter = (formula: string) => outcome((ctx) => (data(ctx).getRange("G1").formulas = [[formula]]));

async function addTable(name = "tblABC"): Promise<void> {
  await Excel.run(async (ctx) => {
    data(ctx).tables.add(data(ctx).getRange("A1:C3"), true).name = name;
    await ctx.sync();
  });
}

describe("tokenizer", () => {
  const kinds = (f: string): string[] => tokenize(f).filter((t) => t.kind !== "space").map((t) => `${t.kind}:${t.text}`);

  test("every kind of token, and the tokens put back together give the formula", () => {
    const f =
      `='It''s'!A1+Data!$B$3:C4+SUM(C:C,2:4)+tblABC[Class]+COUNT(tblABC[[#This Row],[Value]])+[@Value]+` +
      `ROWS(tblABC[#All])+Rate+_xlfn.XLOOKUP(1,A1:A2,B1:B2)&"a""b"+#N/A+TRUE*1.5E3<>0`;
    const tokens = tokenize(f);
    expect(tokens.map((t) => t.text).join("")).toBe(f);
    expect(kinds(f)).toEqual([
      "op:=", "ref:'It''s'!A1", "op:+", "ref:Data!$B$3:C4", "op:+", "function:SUM(", "ref:C:C", "op:,", "ref:2:4", "op:)",
      "op:+", "structured:tblABC[Class]", "op:+", "function:COUNT(", "structured:tblABC[[#This Row],[Value]]", "op:)",
      "op:+", "structured:[@Value]", "op:+", "function:ROWS(", "structured:tblABC[#All]", "op:)", "op:+", "name:Rate",
      "op:+", "function:_xlfn.XLOOKUP(", "number:1", "op:,", "ref:A1:A2", "op:,", "ref:B1:B2", "op:)", "op:&",
      'string:"a""b"', "op:+", "error:#N/A", "op:+", "bool:TRUE", "op:*", "number:1.5E3", "op:<>", "number:0",
    ]);
  });

  test("references carry their sheet, ends and $ flags; structured references their table, columns and items", () => {
    const [, ref] = tokenize("='It''s'!$B3:C$4");
    expect(ref).toMatchObject({ kind: "ref", sheet: "It's", prefix: "'It''s'!", a: { col: 1, row: 2, colAbs: true, rowAbs: false }, b: { col: 2, row: 3, colAbs: false, rowAbs: true } });
    const s = tokenize("=tblABC[[#Headers],[Customer]:[Value]]")[1] as Extract<Token, { kind: "structured" }>;
    expect(s).toMatchObject({ table: "tblABC", specials: ["#HEADERS"], columns: ["Customer", "Value"], thisRow: false });
    expect(tokenize("=[@[Cumulative share]]")[1]).not.toHaveProperty("table");
    expect(tokenize("=[@[Cumulative share]]")[1]).toMatchObject({ columns: ["Cumulative share"], thisRow: true });
    expect(tokenize("=t[It'[s']]")[1]).toMatchObject({ columns: ["It[s]"] }); // ' escapes brackets in column names
  });

  test("names that look like cells past XFD or row 1,048,576 are names; TBL1 is a cell", () => {
    expect(kinds("=XFE1+A1048577+TBL1")).toEqual(["op:=", "name:XFE1", "op:+", "name:A1048577", "op:+", "ref:TBL1"]);
  });

  test("unclosed strings, quotes and brackets and references into other workbooks are syntax errors", () => {
    for (const f of ['="abc', "='Data!A1", "=tblABC[Class", "=[Book1.xlsx]Data!A1", "=A1 ~ 2"]) {
      expect(() => tokenize(f)).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
    }
  });
});

describe("what Excel refuses when a formula is entered", () => {
  test("a sheet that does not exist (quoted or not); an existing one is fine", async () => {
    expect(await enter("=Nope!A1")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/sheet "Nope"/) });
    expect(await enter("='No such'!A1:B2")).toMatchObject({ code: "InvalidArgument" });
    expect(await enter("='It''s'!A1+data!B2")).toBeUndefined();
    expect(wb.formulas("Data", "G1")).toEqual([["='It''s'!A1+data!B2"]]);
  });

  test("a table that does not exist yet, or a column it does not have", async () => {
    expect(await enter('=COUNTIF(tblABC[Class],"A")')).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/table "tblABC"/) });
    await addTable();
    expect(await enter('=COUNTIF(tblABC[Class],"A")')).toBeUndefined();
    expect(await enter("=SUM(tblabc[VALUE])")).toBeUndefined(); // case-insensitive, as Excel
    expect(await enter("=SUM(tblABC[Revenue])")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/no column "Revenue"/) });
    expect(await enter("=ROWS(tblABC)")).toBeUndefined(); // a bare table name is a reference to its data
  });

  test("a table deleted (as a refresh does) or renamed can no longer be named; renaming updates formulas already written", async () => {
    await addTable();
    await outcome((ctx) => (ctx.workbook.worksheets.getItem("It's").getRange("A1").formulas = [['=COUNTIF(tblABC[Class],"A")+ROWS(tblabc)']]));
    await outcome((ctx) => (ctx.workbook.tables.getItem("tblABC").name = "tblABC_2"));
    expect(await enter("=ROWS(tblABC[Class])")).toMatchObject({ code: "InvalidArgument" });
    expect(await enter("=ROWS(tblABC_2[Class])")).toBeUndefined();
    expect(wb.formulas("It's", "A1")).toEqual([['=COUNTIF(tblABC_2[Class],"A")+ROWS(tblABC_2)']]);
    await outcome((ctx) => ctx.workbook.tables.getItem("tblABC_2").delete());
    expect(await enter("=ROWS(tblABC_2[Class])")).toMatchObject({ code: "InvalidArgument" });
  });

  test("[@Col] and [Col] without a table name only inside a table's rows", async () => {
    await addTable();
    expect(await enter("=[@Value]*2")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/not in one/) });
    expect(await outcome((ctx) => (data(ctx).getRange("B2").formulas = [["=[@Value]/SUM([Value])"]]))).toBeUndefined();
    expect(await outcome((ctx) => (data(ctx).getRange("B2").formulas = [["=[@Nope]"]]))).toMatchObject({ code: "InvalidArgument" });
  });

  test("a name that is not defined; a defined name is fine", async () => {
    expect(await enter("=Rate*2")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/name "Rate"/) });
    await outcome((ctx) => ctx.workbook.names.add("Rate", "=Data!$B$2"));
    expect(await enter("=rate*2")).toBeUndefined();
    expect(await outcome((ctx) => ctx.workbook.names.add("Bad", "=Nope!$A$1"))).toMatchObject({ code: "InvalidArgument" });
  });

  test("structured references in conditional-format and validation formulas", async () => {
    await addTable();
    const cf = await outcome((ctx) => {
      const f = data(ctx).getRange("A2:C3").conditionalFormats.add("Custom");
      f.custom.rule.formula = '=$C2=INDEX(tblABC[Class],1)';
    });
    expect(cf).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/conditional formatting/) });
    const custom = await outcome((ctx) => (data(ctx).getRange("B2:B3").dataValidation.rule = { custom: { formula: "=B2<=MAX(tblABC[Value])" } }));
    expect(custom).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/data validation/) });
    const list = await outcome((ctx) => (data(ctx).getRange("C2:C3").dataValidation.rule = { list: { inCellDropDown: true, source: "=tblABC[Class]" } }));
    expect(list).toMatchObject({ code: "InvalidArgument" });
    // The same with plain references is fine, and so is a literal list.
    expect(await outcome((ctx) => (data(ctx).getRange("A2:C3").conditionalFormats.add("Custom").custom.rule.formula = '=$C2="A"'))).toBeUndefined();
    expect(await outcome((ctx) => (data(ctx).getRange("C2:C3").dataValidation.rule = { list: { inCellDropDown: true, source: "=$C$2:$C$3" } }))).toBeUndefined();
    expect(await outcome((ctx) => (data(ctx).getRange("C2:C3").dataValidation.rule = { list: { inCellDropDown: true, source: "A,B,C" } }))).toBeUndefined();
  });

  test("validation and conditional-format formulas naming a missing sheet or name are refused too", async () => {
    expect(await outcome((ctx) => (data(ctx).getRange("B2").dataValidation.rule = { decimal: { operator: "LessThan", formula1: "=Limits!A1" } }))).toMatchObject({ code: "InvalidArgument" });
    expect(await outcome((ctx) => (data(ctx).getRange("B2").conditionalFormats.add("Custom").custom.rule.formula = "=B2>Threshold"))).toMatchObject({ code: "InvalidArgument" });
  });

  test("unknown functions; the add-in's own KAM.* custom functions are known", async () => {
    expect(await enter("=SUMM(A1:A3)")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/Unknown function SUMM/) });
    expect(await enter("=KAM.ABC(B2:B3)")).toBeUndefined();
    expect(await enter("=OTHER.ABC(B2:B3)")).toMatchObject({ code: "InvalidArgument" });
    expect(await enter('=IFERROR(SUMPRODUCT((B2:B3>0)*B2:B3)/COUNTIFS(C2:C3,"A"),0)')).toBeUndefined();
  });

  test("functions newer than Excel 2016 only in their _xlfn. form; _xlfn. only on functions that have it", async () => {
    expect(await enter("=XLOOKUP(1,B2:B3,A2:A3)")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/_xlfn\.XLOOKUP/) });
    expect(await enter("=TEXTJOIN(\",\",TRUE,A2:A3)")).toMatchObject({ code: "InvalidArgument" });
    expect(await enter("=_xlfn.XLOOKUP(1,B2:B3,A2:A3)")).toBeUndefined();
    expect(await enter("=_xlfn._xlws.FILTER(A2:A3,B2:B3>1)")).toBeUndefined();
    expect(await enter("=IFNA(MATCH(1,B2:B3,0),0)+_xlfn.IFNA(1,0)")).toBeUndefined(); // Excel 2013: both spellings
    expect(await enter("=_xlfn.SUM(1)")).toMatchObject({ code: "InvalidArgument" });
  });

  test("formulas over 8,192 characters; text constants over 255", async () => {
    const sum = (n: number): string => "=" + "1+".repeat(n) + "1";
    expect(await enter(sum((8_192 - 2) / 2))).toBeUndefined(); // exactly 8,192
    expect(await enter(sum((8_192 - 2) / 2) + "0")).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/8192/) });
    expect(await enter(`="${"x".repeat(255)}"`)).toBeUndefined();
    expect(await enter(`="${"x".repeat(256)}"`)).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/255/) });
  });

  test("strings over 32,767 characters (the apostrophe that marks text does not count)", async () => {
    const write = (v: string) => outcome((ctx) => (data(ctx).getRange("G1").values = [[v]]));
    expect(await write("x".repeat(32_767))).toBeUndefined();
    expect(await write("'" + "=".repeat(32_767))).toBeUndefined();
    expect(await write("x".repeat(32_768))).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/32767/) });
  });

  test("deleting a table or a sheet leaves #REF! in the formulas that named it", async () => {
    await addTable();
    await outcome((ctx) => {
      const other = ctx.workbook.worksheets.getItem("It's");
      other.getRange("A1:A3").formulas = [['=COUNTIF(tblABC[Class],"A")+ROWS(tblABC)'], ["=Data!B2*2+B2"], ['="tblABC[Class]"']];
    });
    await outcome((ctx) => ctx.workbook.tables.getItem("tblABC").delete());
    expect(wb.formulas("It's", "A1:A3")).toEqual([['=COUNTIF(#REF!,"A")+ROWS(#REF!)'], ["=Data!B2*2+B2"], ['="tblABC[Class]"']]);
    await outcome((ctx) => ctx.workbook.worksheets.getItem("Data").delete());
    expect(wb.formulas("It's", "A2")).toEqual([["=#REF!B2*2+B2"]]);
  });

  test("one bad formula refuses the whole write, as Excel does", async () => {
    const err = await outcome((ctx) => (data(ctx).getRange("G1:G2").formulas = [["=1+1"], ["=Nope!A1"]]));
    expect(err).toMatchObject({ code: "InvalidArgument" });
    expect(wb.formulas("Data", "G1:G2")).toEqual([[""], [""]]);
  });
});
