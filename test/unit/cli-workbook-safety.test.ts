/**
 * The CLI never destroys a workbook (issue 9 part 4): sheet names with apostrophes round-trip, `kam
 * analyze --out` does not replace someone else's file, `kam plan` refuses a refresh that would lose a
 * chart (leaving the file untouched) and carries the user's tables through exactly.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { runKam as kam } from "../support/cli";
import { PlanOptionsSchema, runPlan } from "../../src/cli/plan";
import { KamError } from "../../src/core/errors";
import { writeWorkbookFile } from "../../src/render/xlsx";
import { dxfElements } from "../../src/render/xlsxPackage";
import { sheetQualified } from "../../src/sheets/kit/address";
import { validatePackage } from "../support/ooxml";
import { addChart, editPart, partText, tablePartXml, xmlAttributes } from "../support/xlsxParts";

const dir = mkdtempSync(join(tmpdir(), "kam-safety-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = new Date(2026, 0, 15, 9, 30, 0);

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}


function plan(csv: string, out: string, extra: Record<string, string> = {}): ReturnType<typeof runPlan> {
  return runPlan(PlanOptionsSchema.parse({ file: csv, customer: "Customer", value: "Sales", out, ...extra }), NOW);
}

/** Files in the test folder whose name starts with `stem` (the output and its backups). */
function family(stem: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith(stem)).sort();
}

async function definedNames(path: string): Promise<{ name: string; sheet: number; text: string }[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const xml = await zip.file("xl/workbook.xml")!.async("string");
  const unescape = (s: string): string => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return Array.from(xml.matchAll(/<definedName name="([^"]*)" localSheetId="([0-9]+)">([^<]*)<\/definedName>/g), (m) => ({
    name: m[1],
    sheet: Number(m[2]),
    text: unescape(m[3]),
  }));
}

const APOSTROPHES = "Customer,Sales\nO'Brien,500\nMcDonald's,400\nAcme,100\nBeta,50\n";

describe("sheet names with apostrophes", () => {
  it("writes print areas, print titles and links as Excel does, reads them back and refreshes twice", async () => {
    const csv = file("apos.csv", APOSTROPHES);
    const out = join(dir, "apos.xlsx");
    const first = await plan(csv, out, { "key-accounts": "O'Brien,McDonald's" });
    const planSheets = first.result.spec.sheets.filter((s) => s.name.includes("'"));
    expect(planSheets.map((s) => s.name)).toEqual(["Plan O'Brien", "Plan McDonald's"]);

    for (const round of [1, 2, 3]) {
      if (round > 1) {
        writeFileSync(csv, APOSTROPHES.replace("500", String(500 + round * 100)));
        const again = await plan(csv, out);
        expect(again.backup).toBeDefined();
      }
      const names = await definedNames(out);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      // Every sheet exactly once: the plans were recognised, not duplicated as "Plan O'Brien (2)".
      expect(wb.worksheets.filter((ws) => ws.name.startsWith("Plan O'Brien"))).toHaveLength(1);
      for (const spec of planSheets) {
        const index = wb.worksheets.findIndex((ws) => ws.name === spec.name);
        const area = names.find((n) => n.name === "_xlnm.Print_Area" && n.sheet === index)!.text;
        expect(area).toBe(sheetQualified(spec.name, spec.print!.area!, true));
        expect(area).toMatch(/^'Plan (O''Brien|McDonald''s)'!\$A\$1:\$[A-Z]+\$[0-9]+$/);
        const titles = names.find((n) => n.name === "_xlnm.Print_Titles" && n.sheet === index)!.text;
        expect(titles).toMatch(/^'Plan (O''Brien|McDonald''s)'!\$[0-9]+:\$[0-9]+$/);
        // ExcelJS reads the print area back as the spec wrote it.
        expect(wb.getWorksheet(spec.name)!.pageSetup.printArea).toBe(spec.print!.area);
      }
      const links: string[] = [];
      wb.getWorksheet("Overview")!.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula && /HYPERLINK/.test(cell.formula)) links.push(cell.formula);
        }),
      );
      expect(links.some((f) => f.includes(`"#${sheetQualified("Plan O'Brien", "A1").replace(/"/g, '""')}"`))).toBe(true);
      expect(links.some((f) => f.includes("'Plan O''Brien'!A1"))).toBe(true);
    }
  });
});

describe("kam analyze --out over an existing file", () => {
  it("refuses a plan workbook, naming the file and leaving it untouched; --force replaces it after a backup", async () => {
    const csv = file("an.csv", APOSTROPHES);
    const out = join(dir, "an-plan.xlsx");
    await plan(csv, out, { "key-accounts": "top:2" });
    const before = readFileSync(out);
    const files = family("an-plan");

    const refused = await kam("analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", out);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toMatch(/^kam: --out an-plan\.xlsx exists and is not a kam analyze output \(it has other sheets than ABC: .*\); choose another --out, or add --force/);
    expect(refused.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(readFileSync(out).equals(before)).toBe(true);
    expect(family("an-plan")).toEqual(files);

    const forced = await kam("analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", out, "--force");
    expect(forced.code).toBe(0);
    const backups = family("an-plan").filter((f) => !files.includes(f));
    expect(backups).toHaveLength(1);
    expect(forced.stdout).toContain(`backup of the file it replaced: ${backups[0]}`);
    expect(readFileSync(join(dir, backups[0])).equals(before)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(["ABC"]);
  });

  it("replaces its own output (English or Norwegian) after a backup, and refuses other workbooks", async () => {
    const csv = file("own.csv", APOSTROPHES);
    const out = join(dir, "own.xlsx");
    expect((await kam("analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", out, "--language", "nb")).code).toBe(0);
    const before = readFileSync(out);
    const again = await kam("analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", out);
    expect(again.code).toBe(0);
    // Even its own output is copied first, and the summary says where.
    const backups = family("own").filter((f) => f.includes(".backup-"));
    expect(family("own")).toEqual([...backups, "own.csv", "own.xlsx"]);
    expect(backups).toHaveLength(1);
    expect(again.stdout).toContain(`backup of the file it replaced: ${backups[0]}`);
    expect(readFileSync(join(dir, backups[0])).equals(before)).toBe(true);

    // A workbook with a sheet named ABC that kam did not write, and a file that is not a workbook.
    const other = new ExcelJS.Workbook();
    other.addWorksheet("ABC").addRow(["Name", "Amount"]);
    const foreign = join(dir, "foreign.xlsx");
    await other.xlsx.writeFile(foreign);
    const text = file("text.xlsx", "not a workbook");
    for (const [target, why] of [
      [foreign, "its ABC sheet is not one kam analyze wrote"],
      [text, "it is not a readable .xlsx workbook"],
    ]) {
      const before = readFileSync(target);
      const r = await kam("analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", target);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(why);
      expect(readFileSync(target).equals(before)).toBe(true);
    }
  });
});

describe("kam analyze --out over its own output with typed notes", () => {
  it("refuses, naming the typed cells, leaves the file untouched; --force replaces it after a backup", async () => {
    const csv = file("notes.csv", APOSTROPHES);
    const out = join(dir, "notes.xlsx");
    const args = ["analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", out];
    expect((await kam(...args)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("ABC")!;
    // Beside the table (G, right of it), right of the summary (above the table), and below the table (rows 15–18).
    const acmeRow = ws.getColumn(2).values.findIndex((v) => v === "Acme");
    ws.getCell(acmeRow, 7).value = "call back";
    ws.getCell("M3").value = "ask Lisa";
    ws.getCell(20, 2).value = "new customer next year";
    await wb.xlsx.writeFile(out);
    const edited = readFileSync(out);
    const files = family("notes");

    const refused = await kam(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `kam: --out notes.xlsx was not changed: its ABC sheet holds cells kam analyze does not write (ABC!M3, ABC!G${acmeRow}, ABC!B20), ` +
        "which replacing it would lose. Use kam plan to refresh it (it keeps typed values), or add --force to replace it (a backup copy is written first).\n",
    );
    expect(readFileSync(out).equals(edited)).toBe(true);
    expect(family("notes")).toEqual(files);

    const forced = await kam(...args, "--force", "--json");
    expect(forced.code).toBe(0);
    const backups = family("notes").filter((f) => !files.includes(f));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(forced.stdout).backup).toBe(join(dir, backups[0]));
    expect(readFileSync(join(dir, backups[0])).equals(edited)).toBe(true);
  });

  it("names five typed cells and counts the rest", async () => {
    const csv = file("many.csv", APOSTROPHES);
    const out = join(dir, "many.xlsx");
    const args = ["analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", out];
    expect((await kam(...args)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    for (let r = 20; r < 27; r++) wb.getWorksheet("ABC")!.getCell(r, 1).value = `note ${r}`;
    await wb.xlsx.writeFile(out);
    const refused = await kam(...args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("(ABC!A20, ABC!A21, ABC!A22, ABC!A23, ABC!A24 and 2 more)");
  });
});

describe("a workbook open in LibreOffice or Excel", () => {
  it("is refused by kam plan and kam analyze --out while its lock file is there, untouched and without a backup", async () => {
    const csv = file("open.csv", APOSTROPHES);
    const out = join(dir, "open.xlsx");
    await plan(csv, out, { "key-accounts": "top:2" });
    const abc = join(dir, "open-abc.xlsx");
    expect((await kam("analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", abc)).code).toBe(0);
    const cases = [
      { target: out, lock: ".~lock.open.xlsx#", content: ",Kari Nordmann,host,02.12.2026 11:00,file:///home/kari/.config/libreoffice/4;", app: "LibreOffice by Kari Nordmann" },
      { target: abc, lock: "~$open-abc.xlsx", content: "", app: "Excel" },
    ];
    for (const c of cases) {
      const lockPath = file(c.lock, c.content);
      const before = readFileSync(c.target);
      const files = family("open");
      const argv =
        c.target === out
          ? ["plan", csv, "--customer", "Customer", "--value", "Sales", "--out", out]
          : ["analyze", csv, "--customer", "Customer", "--value", "Sales", "--out", abc];
      const r = await kam(...argv);
      const name = c.target === out ? "open.xlsx" : "open-abc.xlsx";
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`kam: ${name} is open in ${c.app} (lock file ${c.lock}); close it first. If it is not open anywhere, delete ${c.lock}.\n`);
      expect(readFileSync(c.target).equals(before)).toBe(true);
      expect(family("open")).toEqual(files);
      rmSync(lockPath);
      expect((await kam(...argv)).code).toBe(0);
    }
  });
});

describe("kam plan on a workbook with parts ExcelJS cannot carry", () => {
  it("refuses when a chart was added, leaves the bytes unchanged and writes no backup; without the chart it refreshes", async () => {
    const csv = file("chart.csv", APOSTROPHES);
    const out = join(dir, "chart.xlsx");
    await plan(csv, out, { "key-accounts": "top:2" });
    const plain = readFileSync(out);
    const withChart = await addChart(plain, "ABC", "ABC!$C$2:$C$5");
    writeFileSync(out, withChart);
    const files = family("chart");

    await expect(plan(csv, out)).rejects.toThrow(KamError);
    const r = await kam("plan", csv, "--customer", "Customer", "--value", "Sales", "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'kam: chart.xlsx was not changed: updating it would lose what kam cannot carry through a refresh (sheet "ABC": a chart). ' +
        "Move these to another workbook, or write the plan to a new --out file.\n",
    );
    expect(readFileSync(out).equals(withChart)).toBe(true);
    expect(family("chart")).toEqual(files);

    writeFileSync(out, plain);
    const refreshed = await plan(csv, out);
    expect(refreshed.backup).toBeDefined();
    expect(readFileSync(refreshed.backup!).equals(plain)).toBe(true);
  });

  it("carries notes on the user's own sheets through a refresh; refuses one on a plan sheet, naming the cell", async () => {
    const csv = file("notes-plan.csv", APOSTROPHES);
    const out = join(dir, "notes-plan.xlsx");
    await plan(csv, out, { "key-accounts": "top:2" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const mine = wb.addWorksheet("My list");
    mine.getCell("B2").value = "Pens";
    mine.getCell("B2").note = { texts: [{ text: "Kari:", font: { bold: true } }, { text: " ask Lisa\nabout ink" }] };
    await writeWorkbookFile(wb, out);

    await plan(csv, out);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const note = back.getWorksheet("My list")!.getCell("B2").note as ExcelJS.Comment;
    expect(note.texts!.map((t) => t.text).join("")).toBe("Kari: ask Lisa\nabout ink");
    expect(note.texts![0].font?.bold).toBe(true);
    // Every part passes the schemas except that ExcelJS, like Excel and LibreOffice, writes
    // xml:space="preserve" on the notes' <t> elements, which the ECMA schema's ST_Xstring does not list.
    const failing = (await validatePackage(readFileSync(out))).failing;
    expect(failing.map((f) => f.part)).toEqual(failing.filter((f) => /^xl\/comments[0-9]*\.xml$/.test(f.part)).map((f) => f.part));
    expect(failing.flatMap((f) => f.errors).filter((e) => !/attribute '\{http:\/\/www\.w3\.org\/XML\/1998\/namespace\}space'|fails to validate/.test(e))).toEqual([]);

    back.getWorksheet("Plan O'Brien")!.getCell("B4").note = "call back";
    await writeWorkbookFile(back, out);
    const before = readFileSync(out);
    const r = await kam("plan", csv, "--customer", "Customer", "--value", "Sales", "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`(sheet "Plan O'Brien": a note on cell B4)`);
    expect(readFileSync(out).equals(before)).toBe(true);
  });

  it("carries a user's table without headerRowCount through a refresh with every XML attribute unchanged", async () => {
    const csv = file("table.csv", APOSTROPHES);
    const out = join(dir, "table.xlsx");
    await plan(csv, out, { "key-accounts": "top:2" });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const mine = wb.addWorksheet("My list");
    mine.addTable({
      name: "tblMine",
      ref: "B2",
      headerRow: true,
      columns: [{ name: "Item" }, { name: "Qty" }],
      rows: [["Pens", 3], ["Ink", 1]],
    });
    await writeWorkbookFile(wb, out);
    const made = readFileSync(out);
    // As Excel writes a table: the header row is the default (no headerRowCount), no totals row shown,
    // and a column format kept as a differential format (dataDxfId → styles.xml <dxfs>).
    const part = (await tablePartXml(made, "tblMine"))!;
    const format = '<dxf><numFmt numFmtId="170" formatCode="0.0 &quot;pcs&quot;"/></dxf>';
    const dxfCount = dxfElements(await partText(made, "xl/styles.xml")).length;
    const withFormat = await editPart(made, "xl/styles.xml", (xml) =>
      xml.replace(/<dxfs count="[0-9]+"\/>|<dxfs count="[0-9]+">([\s\S]*?)<\/dxfs>/, (_m, inner?: string) => `<dxfs count="${dxfCount + 1}">${inner ?? ""}${format}</dxfs>`),
    );
    const excelLike = await editPart(withFormat, part.path, (xml) =>
      xml
        .replace(/\sheaderRowCount="1"/, "")
        .replace(/totalsRowShown="1"/, 'totalsRowShown="0"')
        .replace(/(<tableColumn id="2" name="Qty")/, `$1 dataDxfId="${dxfCount}"`),
    );
    const original = (await tablePartXml(excelLike, "tblMine"))!.xml;
    expect(original).not.toContain("headerRowCount");
    expect(original).toContain(`dataDxfId="${dxfCount}"`);

    // What ExcelJS alone makes of it: the header row becomes data (headerRowCount="0").
    const through = new ExcelJS.Workbook();
    await through.xlsx.load(excelLike as never);
    expect((await tablePartXml(Buffer.from(await through.xlsx.writeBuffer()), "tblMine"))!.xml).toContain('headerRowCount="0"');

    writeFileSync(out, excelLike);
    await plan(csv, out);
    const after = readFileSync(out);
    const kept = (await tablePartXml(after, "tblMine"))!.xml;
    // Every attribute is unchanged, except the index of the column format, which points at the same format.
    const withoutDxf = (xml: string): string[] => xmlAttributes(xml).filter((a) => !/DxfId=/.test(a));
    expect(withoutDxf(kept)).toEqual(withoutDxf(original));
    const newIndex = Number(/dataDxfId="([0-9]+)"/.exec(kept)![1]);
    expect(dxfElements(await partText(after, "xl/styles.xml"))[newIndex]).toBe(format);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(after as never);
    const sheet = back.getWorksheet("My list")!;
    expect([sheet.getCell("B2").value, sheet.getCell("C2").value, sheet.getCell("B4").value, sheet.getCell("C4").value]).toEqual(["Item", "Qty", "Ink", 1]);
    // The package with the restored table and appended format still passes the schemas.
    expect((await validatePackage(after)).failing).toEqual([]);
    // Table ids stay unique across the workbook.
    const zip = await JSZip.loadAsync(after);
    const ids = await Promise.all(zip.file(/^xl\/tables\//).map(async (f) => /<table\b[^>]*\sid="([0-9]+)"/.exec(await f.async("string"))![1]));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
