/**
 * Issue 14, whitespace: the Superstore plan with five key accounts through `kam plan` (the CLI door). Every
 * block is filled via ExcelJS and refreshed twice; then edited in LibreOffice Calc over UNO (a unit row
 * inserted inside a block, a note typed beside the grid) and refreshed twice: every typed value kept. After
 * LibreOffice recalculates, untapped and share of wallet per unit, per offering and in total equal an
 * independent computation here.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { PlanOptionsSchema, runPlan, workbookCells } from "../../src/cli/plan";
import type { UserCell } from "../../src/plan/userCell";
import { a1 } from "../../src/sheets/kit/address";
import { readWhitespace } from "../../src/sheets/whitespace/read";
import type { WhitespaceBlock } from "../../src/sheets/whitespace/build";
import { recalculateXlsx, shownValue, sofficePath } from "../support/libreoffice";
import { editWithLibreOffice } from "../support/uno";

const LO_TIMEOUT = 240_000;
const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-whitespace-lo-"));
afterAll(() => (process.env.KAM_KEEP_TEST_FILES ? console.log(`files kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));

async function plan(out: string): Promise<void> {
  await runPlan(PlanOptionsSchema.parse({ file: SUPERSTORE, customer: "Customer ID", value: "Sales", profit: "Profit", out, "key-accounts": "top:5" }));
}

async function blocksOf(file: string): Promise<Map<string, WhitespaceBlock>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells = workbookCells(wb).get("Whitespace");
  if (!cells) throw new Error(`no Whitespace in ${wb.worksheets.map((w) => w.name).join(", ")}`);
  return readWhitespace(cells);
}

/** What was typed: customer → unit name → offering → [current, potential, status]; blank units left out. */
function typedOf(blocks: Map<string, WhitespaceBlock>): Record<string, Record<string, Record<string, UserCell[]>>> {
  const out: Record<string, Record<string, Record<string, UserCell[]>>> = {};
  for (const [id, b] of blocks) {
    out[id] = {};
    for (const u of b.units) if (u.name !== null) out[id][String(u.name)] = Object.fromEntries([...u.cells].map(([k, c]) => [k, [c.current, c.potential, c.status]]));
  }
  return out;
}

const STATUS = ["won", "open", "competitor", "not relevant", null];
/** A deterministic fill: unit i, offering k of account a. */
const fill = (a: number, i: number, k: number): [number | null, number | null, string | null] => {
  const n = (a * 31 + i * 7 + k * 13) % 17;
  return [n % 5 === 0 ? null : n * 10, n % 4 === 0 ? null : n * 10 + ((a + k) % 3) * 25 - 20, STATUS[(a + i + k) % 5]];
};

const haveSoffice = !!sofficePath();
(haveSoffice ? describe : describe.skip)("Whitespace filled via ExcelJS and LibreOffice, refreshed, recalculated", () => {
  const file = join(dir, "plan.xlsx");
  const edited = join(dir, "edited.xlsx");
  let afterExcelJs: ReturnType<typeof typedOf>;
  let filled: ReturnType<typeof typedOf>;
  let beforeLo: ReturnType<typeof typedOf>;
  let afterLo: ReturnType<typeof typedOf>;

  beforeAll(async () => {
    await plan(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const blocks = readWhitespace(workbookCells(wb).get("Whitespace")!);
    expect(blocks.size).toBe(5);
    const ws = wb.getWorksheet("Whitespace")!;
    [...blocks.values()].forEach((b, a) => {
      b.unitRows.forEach((r, i) => {
        ws.getCell(a1(r, 0)).value = `Unit ${a}-${i}`;
        [...b.offeringCols.values()].forEach((c, k) => {
          const [cur, pot, st] = fill(a, i, k);
          ws.getCell(a1(r, c)).value = cur;
          ws.getCell(a1(r, c + 1)).value = pot;
          ws.getCell(a1(r, c + 2)).value = st;
        });
      });
    });
    await wb.xlsx.writeFile(file);
    filled = typedOf(await blocksOf(file));
    await plan(file);
    await plan(file);
    afterExcelJs = typedOf(await blocksOf(file));

    const S = "Whitespace";
    await editWithLibreOffice(file, edited, [
      { op: "insertRows", sheet: S, find: { text: "Unit 1-3" } },
      { op: "type", sheet: S, find: { text: "Unit 1-3", dr: -1 }, value: "Inserted unit" },
      { op: "type", sheet: S, find: { text: "Unit 1-3", dr: -1, dc: 2 }, value: 500 },
      { op: "type", sheet: S, find: { text: "Unit 1-3", dr: -1, dc: 3 }, value: "open" },
      { op: "type", sheet: S, find: { text: "Unit 2-0", dc: 22 }, value: "note beside the grid" },
    ], LO_TIMEOUT);
    beforeLo = typedOf(await blocksOf(edited));
    await plan(edited);
    await plan(edited);
    afterLo = typedOf(await blocksOf(edited));
  }, 4 * LO_TIMEOUT);

  it("keeps every value typed via ExcelJS over two refreshes", () => {
    expect(Object.keys(filled)).toHaveLength(5);
    expect(afterExcelJs).toEqual(filled);
  });

  it("keeps the row inserted in LibreOffice and every other value over two refreshes", () => {
    expect(beforeLo[Object.keys(beforeLo)[1]]["Inserted unit"]).toBeDefined();
    expect(afterLo).toEqual(beforeLo);
  });

  it("computes untapped and share of wallet as an independent computation, after LibreOffice recalculates", async () => {
    const wb = await recalculateXlsx(edited, { outDir: join(dir, "recalc"), timeoutMs: LO_TIMEOUT });
    const ws = wb.getWorksheet("Whitespace")!;
    const grid = workbookCells(wb).get("Whitespace")!;
    const beside = grid.some((r) => r?.includes("note beside the grid"));
    expect(beside).toBe(true);
    const num = (v: UserCell): number => (typeof v === "number" ? v : 0);
    const nr = (s: UserCell): boolean => s === "not relevant";
    let checked = 0;
    for (const b of readWhitespace(grid).values()) {
      const cols = [...b.offeringCols.values()];
      const right = cols[cols.length - 1] + 3;
      const shown = (r: number, c: number): unknown => shownValue(ws.getCell(a1(r, c)));
      let gc = 0;
      let gp = 0;
      let gu = 0;
      const perOffering = cols.map(() => ({ c: 0, p: 0, u: 0 }));
      for (const [i, u] of b.units.entries()) {
        let c = 0;
        let p = 0;
        let un = 0;
        [...u.cells.values()].forEach((x, k) => {
          const cur = num(x.current);
          const pot = nr(x.status) ? 0 : num(x.potential);
          const cellUntapped = nr(x.status) ? 0 : Math.max(num(x.potential) - cur, 0);
          c += cur;
          p += pot;
          un += cellUntapped;
          perOffering[k].c += cur;
          perOffering[k].p += pot;
          perOffering[k].u += cellUntapped;
        });
        const r = b.unitRows[i];
        expect(shown(r, right)).toBeCloseTo(c, 6);
        expect(shown(r, right + 1)).toBeCloseTo(p, 6);
        expect(shown(r, right + 2)).toBeCloseTo(un, 6);
        if (p === 0) expect(shown(r, right + 3) ?? "").toBe("");
        else expect(shown(r, right + 3)).toBeCloseTo(c / p, 6);
        gc += c;
        gp += p;
        gu += un;
        checked++;
      }
      const total = b.unitRows[b.unitRows.length - 1] + 1;
      cols.forEach((col, k) => {
        expect(shown(total, col)).toBeCloseTo(perOffering[k].c, 6);
        expect(shown(total, col + 1)).toBeCloseTo(perOffering[k].p, 6);
        expect(shown(total + 1, col + 1)).toBeCloseTo(perOffering[k].u, 6);
        if (perOffering[k].p === 0) expect(shown(total + 2, col) ?? "").toBe("");
        else expect(shown(total + 2, col)).toBeCloseTo(perOffering[k].c / perOffering[k].p, 6);
      });
      expect(shown(total, right)).toBeCloseTo(gc, 6);
      expect(shown(total, right + 1)).toBeCloseTo(gp, 6);
      expect(shown(total, right + 2)).toBeCloseTo(gu, 6);
      expect(shown(total, right + 3)).toBeCloseTo(gc / gp, 6);
    }
    expect(checked).toBeGreaterThan(30);
  });
});
