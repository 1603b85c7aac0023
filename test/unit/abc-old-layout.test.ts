/**
 * A workbook made before issue 11 (ABC summary at H1, beside tblABC at A1) refreshes into today's layout
 * (summary at B1 on rows of its own, tblABC below it) without losing anything a person typed: a note
 * beside a summary line follows that line, a note beside a customer's row follows the customer, and
 * nothing lands on the Kept on refresh list that had a place of its own.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { ABC_SUMMARY, ABC_TABLE_ROW } from "../../src/sheets/abc/build";

const FIXTURE = resolve(__dirname, "../golden/abc-old-layout");
const dir = mkdtempSync(join(tmpdir(), "kam-abc-old-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function text(ws: ExcelJS.Worksheet, row: number, col: number): unknown {
  const v = ws.getCell(row, col).value as unknown;
  return v && typeof v === "object" && "result" in (v as object) ? (v as { result: unknown }).result : v;
}

function find(wb: ExcelJS.Workbook, token: string): { sheet: string; row: number; col: number }[] {
  const out: { sheet: string; row: number; col: number }[] = [];
  for (const ws of wb.worksheets) ws.eachRow((r, i) => r.eachCell((c, j) => void (c.value === token && out.push({ sheet: ws.name, row: i, col: j }))));
  return out;
}

it("refreshes an old-layout ABC sheet into the new layout and keeps what was typed beside it", async () => {
  const file = join(dir, "plan.xlsx");
  copyFileSync(join(FIXTURE, "old-layout.xlsx"), file);
  const before = new ExcelJS.Workbook();
  await before.xlsx.readFile(file);
  const abc = before.getWorksheet("ABC")!;
  // Old layout as the fixture has it: table header at A1, summary header "Class" at H1, class B at H3.
  expect(abc.getCell("A1").value).toBe("Rank");
  expect(abc.getCell("H1").value).toBe("Class");
  expect(abc.getCell("H3").value).toBe("B");
  const nordlys = [...Array(13).keys()].map((i) => i + 2).find((r) => abc.getCell(r, 2).value === "Nordlys AS")!;
  abc.getCell("M3").value = "note-class-B"; // beside the summary's B line
  abc.getCell(nordlys, 7).value = "note-nordlys"; // column G, beside Nordlys AS's table row
  await before.xlsx.writeFile(file);

  let stderr = "";
  const code = await main(
    ["plan", join(FIXTURE, "small.csv"), "--customer", "Customer", "--value", "Sales", "--profit", "Profit", "--out", file],
    { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } },
  );
  expect(stderr).toBe("");
  expect(code).toBe(0);

  const after = new ExcelJS.Workbook();
  await after.xlsx.readFile(file);
  const ws = after.getWorksheet("ABC")!;
  // New layout: summary at B1, table header below it.
  expect(ws.getCell(ABC_SUMMARY.row + 1, ABC_SUMMARY.col + 1).value).toBe("Class");
  expect(text(ws, ABC_TABLE_ROW + 1, 1)).toBe("Rank");
  expect(ws.getTables().length).toBe(1);

  const classB = find(after, "note-class-B");
  expect(classB).toHaveLength(1);
  expect(classB[0].sheet).toBe("ABC");
  // Still on the row of the summary's B line.
  expect(ws.getCell(classB[0].row, ABC_SUMMARY.col + 1).value).toBe("B");

  const row = find(after, "note-nordlys");
  expect(row).toHaveLength(1);
  expect(row[0].sheet).toBe("ABC");
  expect(ws.getCell(row[0].row, 2).value).toBe("Nordlys AS");
  expect(row[0].col).toBe(7);
  expect(after.worksheets.map((w) => w.name)).not.toContain("Kept on refresh");
});
