/**
 * The pieces behind "the CLI never destroys a workbook": sheet-qualified references, the print-name fix
 * of the package writer, and the inventory of what a refresh through ExcelJS would lose.
 */
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { inspectPackage, lossError } from "../../src/cli/existingWorkbook";
import { SHEET_LABELS } from "../../src/i18n/sheets";
import { sheetQualified, sheetRef } from "../../src/sheets/kit/address";
import { fixPrintNames } from "../../src/render/xlsxPackage";

describe("sheetQualified", () => {
  it("quotes and doubles apostrophes as Excel does, absolute on request", () => {
    expect(sheetQualified("Plan O'Brien", "A1:M107", true)).toBe("'Plan O''Brien'!$A$1:$M$107");
    expect(sheetQualified("McDonald's", "$1:$3", true)).toBe("'McDonald''s'!$1:$3");
    expect(sheetQualified("Scoring", "I12")).toBe("Scoring!I12");
    expect(sheetQualified("O'Brien & Sønner", "a1:b2,D4", true)).toBe("'O''Brien & Sønner'!$A$1:$B$2,'O''Brien & Sønner'!$D$4");
    expect(sheetQualified("Data", "A:C", true)).toBe("Data!$A:$C");
  });

  it("leaves quotes out only where Excel does: names that read as references are quoted", () => {
    for (const bare of ["Scoring", "Plan_1", "tbl.x", "ABCD1"]) expect(sheetRef(bare)).toBe(bare);
    for (const quoted of ["AB12", "R", "C", "RC", "R2C4", "c3", "1Plan", "My sheet", "Kunde-Ø"]) expect(sheetRef(quoted)).toBe(`'${quoted}'`);
  });
});

describe("fixPrintNames", () => {
  const workbook = (names: string): string =>
    '<workbook><sheets><sheet name="ABC" sheetId="1" r:id="rId1"/><sheet name="Plan O&apos;Brien &amp; Co" sheetId="2" r:id="rId2"/></sheets>' +
    `<definedNames>${names}</definedNames></workbook>`;

  it("rewrites ExcelJS's print names with doubled apostrophes, absolute rows, one name per sheet", () => {
    const fixed = fixPrintNames(
      workbook(
        '<definedName name="_xlnm.Print_Area" localSheetId="1">&apos;Plan O&apos;Brien &amp; Co&apos;!$A1:$M107</definedName>' +
          '<definedName name="_xlnm.Print_Area" localSheetId="1">&apos;Plan O&apos;Brien &amp; Co&apos;!$O1:$P9</definedName>' +
          '<definedName name="_xlnm.Print_Titles" localSheetId="1">&apos;Plan O&apos;Brien &amp; Co&apos;!$A:$B,&apos;Plan O&apos;Brien &amp; Co&apos;!$1:$3</definedName>' +
          '<definedName name="_xlnm.Print_Area" localSheetId="0">&apos;ABC&apos;!$A1:$K16</definedName>' +
          '<definedName name="Mine">Data!$A$1</definedName>',
      ),
    );
    expect(fixed).toContain(
      '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">\'Plan O\'\'Brien &amp; Co\'!$A$1:$M$107,\'Plan O\'\'Brien &amp; Co\'!$O$1:$P$9</definedName>' +
        '<definedName name="_xlnm.Print_Titles" localSheetId="1">\'Plan O\'\'Brien &amp; Co\'!$A:$B,\'Plan O\'\'Brien &amp; Co\'!$1:$3</definedName>' +
        '<definedName name="_xlnm.Print_Area" localSheetId="0">ABC!$A$1:$K$16</definedName>' +
        '<definedName name="Mine">Data!$A$1</definedName></definedNames>',
    );
    expect(fixPrintNames(fixed)).toBe(fixed);
  });

  it("leaves a print name it does not recognise as it is", () => {
    const odd = workbook('<definedName name="_xlnm.Print_Area" localSheetId="0">Other!$A$1:$B$2</definedName>');
    expect(fixPrintNames(odd)).toBe(odd);
  });
});

describe("inspectPackage", () => {
  /** A workbook with the add-in's sheet "Scoring" and the user's sheet "Data", plus `edit` on its zip. */
  async function pkg(edit: (zip: JSZip) => Promise<void> | void = () => undefined): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Scoring").getCell("A1").value = "Score";
    wb.addWorksheet("Data").getCell("A1").value = 1;
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    await edit(zip);
    return zip.generateAsync({ type: "nodebuffer" });
  }
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  async function addRel(zip: JSZip, rels: string, type: string, target: string): Promise<void> {
    const xml =
      (await zip.file(rels)?.async("string")) ??
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    const id = `rIdT${(xml.match(/<Relationship\b/g) ?? []).length + 1}`;
    zip.file(rels, xml.replace("</Relationships>", `<Relationship Id="${id}" Type="${REL}${type}" Target="${target}"/></Relationships>`));
  }
  const OURS = new Set(["scoring"]);

  it("finds nothing to lose in a plain workbook", async () => {
    expect(await inspectPackage(await pkg(), OURS)).toEqual({ losses: [], keptTables: [] });
  });

  it("names, per sheet and for the workbook, the parts ExcelJS would drop", async () => {
    const bytes = await pkg(async (zip) => {
      await addRel(zip, "xl/worksheets/_rels/sheet2.xml.rels", "pivotTable", "../pivotTables/pivotTable1.xml");
      // Notes on the add-in's sheet (regenerated: lost) are counted; see below for the user's.
      await addRel(zip, "xl/worksheets/_rels/sheet1.xml.rels", "comments", "../comments1.xml");
      await addRel(zip, "xl/worksheets/_rels/sheet1.xml.rels", "vmlDrawing", "../drawings/vmlDrawing1.vml");
      await addRel(zip, "xl/worksheets/_rels/sheet2.xml.rels", "customProperty", "../customProperty1.bin");
      await addRel(zip, "xl/worksheets/_rels/sheet2.xml.rels", "printerSettings", "../printerSettings/printerSettings1.bin");
      // The add-in's own sheet: its custom properties are the task pane's.
      await addRel(zip, "xl/worksheets/_rels/sheet1.xml.rels", "customProperty", "../customProperty2.bin");
      await addRel(zip, "xl/_rels/workbook.xml.rels", "pivotCacheDefinition", "pivotCache/pivotCacheDefinition1.xml");
      await addRel(zip, "xl/_rels/workbook.xml.rels", "externalLink", "externalLinks/externalLink1.xml");
      const wb = await zip.file("xl/workbook.xml")!.async("string");
      zip.file(
        "xl/workbook.xml",
        wb.replace(
          "</workbook>",
          '<definedNames><definedName name="Rate">0.25</definedName><definedName name="Local" localSheetId="1">Data!$A$1</definedName>' +
            "<definedName name=\"Block\">'Data'!$A$1:$B$2</definedName></definedNames></workbook>",
        ),
      );
    });
    const { losses } = await inspectPackage(bytes, OURS);
    expect(losses).toEqual([
      { what: "pivot tables (their caches)" },
      { what: "links to other workbooks" },
      { what: 'defined name "Rate"' },
      { what: 'defined name "Local"' },
      { sheet: "Scoring", what: "comments (notes)" },
      { sheet: "Data", what: "a pivot table" },
      { sheet: "Data", what: "sheet custom properties" },
    ]);
    expect(lossError("plan.xlsx", losses).message).toBe(
      "plan.xlsx was not changed: updating it would lose what kam cannot carry through a refresh " +
        '(the workbook: pivot tables (their caches), links to other workbooks, defined name "Rate", defined name "Local"; ' +
        'sheet "Scoring": comments (notes); sheet "Data": a pivot table, sheet custom properties). Move these to another workbook, or write the plan to a new --out file.',
    );
  });

  it("names the cells whose links a refresh would lose: every link on the add-in's sheets, internal links and screen tips on the user's", async () => {
    const wb = new ExcelJS.Workbook();
    const scoring = wb.addWorksheet("Scoring");
    scoring.getCell("B4").value = { text: "Kari (CRM)", hyperlink: "https://crm.example.com/kari" };
    scoring.getCell("A1").value = { text: "home", hyperlink: "#'Scoring'!A1" } as never;
    const data = wb.addWorksheet("Data");
    data.getCell("A1").value = { text: "web", hyperlink: "https://example.com" };
    data.getCell("A2").value = { text: "tip", hyperlink: "https://example.com", tooltip: "hello" } as ExcelJS.CellHyperlinkValue;
    data.getCell("A3").value = { text: "inside", hyperlink: "https://example.com/x" };
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    // A link to a place in the workbook, as Excel writes it (no relationship).
    const sheet2 = await zip.file("xl/worksheets/sheet2.xml")!.async("string");
    zip.file("xl/worksheets/sheet2.xml", sheet2.replace(/<hyperlink ref="A3"[^>]*\/>/, '<hyperlink ref="A3" location="Data!C9" display="inside"/>'));
    const { losses } = await inspectPackage(await zip.generateAsync({ type: "nodebuffer" }), OURS);
    expect(losses).toEqual([
      { sheet: "Scoring", what: "links on cells A1, B4 (use a =HYPERLINK formula instead: it is kept)" },
      { sheet: "Data", what: "links on cells A2, A3 (use a =HYPERLINK formula instead: it is kept)" },
    ]);
    const many = new ExcelJS.Workbook();
    const ours = many.addWorksheet("Scoring");
    for (let r = 1; r <= 7; r++) ours.getCell(r, 2).value = { text: `l${r}`, hyperlink: `https://example.com/${r}` };
    many.addWorksheet("Data");
    expect((await inspectPackage(Buffer.from(await many.xlsx.writeBuffer()), OURS)).losses).toEqual([
      { sheet: "Scoring", what: "links on cells B1, B2, B3, B4, B5 and 2 more (use a =HYPERLINK formula instead: it is kept)" },
    ]);
  });

  it("carries notes on the user's sheets, names the cells of notes on the add-in's, and counts form controls", async () => {
    const wb = new ExcelJS.Workbook();
    const scoring = wb.addWorksheet("Scoring");
    scoring.getCell("B4").note = "ask Lisa";
    scoring.getCell("C9").note = "check";
    wb.addWorksheet("Data").getCell("A1").note = "my own note";
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect((await inspectPackage(bytes, OURS)).losses).toEqual([{ sheet: "Scoring", what: "notes on cells B4, C9" }]);
    expect((await inspectPackage(bytes, new Set(["other"]))).losses).toEqual([]);
    // A form control (a button) in the same legacy drawing as the user's notes would be lost.
    const zip = await JSZip.loadAsync(bytes);
    const vml = zip.file(/vmlDrawing[0-9]*\.vml$/).find((f) => f.name.endsWith("2.vml"))!;
    const xml = await vml.async("string");
    zip.file(vml.name, xml.replace("</xml>", '<v:shape id="b1" type="#_x0000_t201"><x:ClientData ObjectType="Button"/></v:shape></xml>'));
    expect((await inspectPackage(await zip.generateAsync({ type: "nodebuffer" }), OURS)).losses).toEqual([
      { sheet: "Scoring", what: "notes on cells B4, C9" },
      { sheet: "Data", what: "form controls or legacy drawing objects" },
    ]);
  });

  it("counts a table on one of the add-in's sheets, keeps a table on the user's, and names drawings by content", async () => {
    const wb = new ExcelJS.Workbook();
    const scoring = wb.addWorksheet("Scoring");
    scoring.addTable({ name: "tblUserOnOurs", ref: "A1", columns: [{ name: "x" }], rows: [[1]] });
    // The add-in's own ABC table, renamed by someone: still the add-in's (regenerated), not a loss.
    const nb = SHEET_LABELS.nb;
    const abcHeaders = [nb["abc.col.rank"], nb["abc.col.customer"], nb["abc.col.value"], nb["abc.col.share"], nb["abc.col.cumulativeShare"], nb["abc.col.class"]];
    scoring.addTable({ name: "tblRenamed", ref: "D1", columns: abcHeaders.map((name) => ({ name })), rows: [[1, "a", 1, 1, 1, "A"]] });
    wb.addWorksheet("Data").addTable({ name: "tblMine", ref: "A1", columns: [{ name: "y" }], rows: [[2]] });
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    await addRel(zip, "xl/worksheets/_rels/sheet2.xml.rels", "drawing", "../drawings/drawing1.xml");
    zip.file("xl/drawings/drawing1.xml", "<xdr:wsDr xmlns:xdr=\"x\"><xdr:twoCellAnchor><xdr:sp/></xdr:twoCellAnchor><xdr:twoCellAnchor><xdr:sp/></xdr:twoCellAnchor></xdr:wsDr>");
    await addRel(zip, "xl/drawings/_rels/drawing1.xml.rels", "image", "../media/image1.png");
    const { losses, keptTables } = await inspectPackage(await zip.generateAsync({ type: "nodebuffer" }), OURS);
    expect(losses).toEqual([
      { sheet: "Scoring", what: "table tblUserOnOurs" },
      { sheet: "Data", what: "a picture" },
      { sheet: "Data", what: "2 shapes or text boxes" },
    ]);
    expect(keptTables.map((t) => t.name)).toEqual(["tblMine"]);
  });
});
