/**
 * The streamed read of `kam plan` and `kam analyze --name` (src/read/stream/planRows.ts) against the grid
 * path (`planDataFromGrid`): the same customers, revenue, profit, ladder, names, skipped and total rows,
 * or the same error, on generated CSV and .xlsx files: bad cells in any mapped column at any row, missing
 * columns, placeholders, trailing grand totals whose other cells are anything, a table's Total row,
 * error values as names, and the sample and real data of ../shared/data.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import fc from "fast-check";
import { readCsvFile } from "../../src/read/csv";
import { readXlsxSheet } from "../../src/read/xlsx";
import { readRowsFile } from "../../src/read/stream/abcFile";
import { streamCsv } from "../../src/read/stream/csvFile";
import { streamXlsx } from "../../src/read/stream/xlsxFile";
import { planReader } from "../../src/read/stream/planRows";
import { type PlanData, type PlanMapping, planDataFromGrid } from "../../src/plan/planInput";
import { readInputFile } from "../../src/cli/readInput";

const DATA = resolve(__dirname, "../../../shared/data");
const SAMPLE = resolve(__dirname, "../../assets/kam-sample.xlsx");
const dir = mkdtempSync(join(tmpdir(), "kam-plan-stream-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Outcome = { ok: PlanData } | { error: string };

async function outcome(read: () => PlanData | Promise<PlanData>): Promise<Outcome> {
  try {
    return { ok: await read() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const KEYS = ["A", "B", "C", "A ", " b", "NA", "", "-", "Total", "Kari’s"];
const MONEY = ["1.5", "-2", "10", "0.1", "0.2", "1e3", "88618442581606.4", "0.01"];
/** "42" is an error value (#REF!) in the .xlsx sheets. */
const NAMES = ["Acme", "ACME", "Acme ", "", "Bø AS", "Acme", "ACME", "Acme ", "", "Bø AS", "42"];
const COLUMNS = ["Kunde", "Sum", "Profit", "CM1", "Navn", "Other"];

/** Mostly numbers; now and then a cell that is not one ("x", blank). */
const money = fc.oneof({ arbitrary: fc.constantFrom(...MONEY), weight: 30 }, { arbitrary: fc.constantFrom("x", ""), weight: 1 });
/** Mostly columns that exist; now and then one that does not (or one that is not money). */
const sometimes = (usual: (string | undefined)[], rare: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...usual), weight: 8 }, { arbitrary: fc.constantFrom(...rare), weight: 1 });

const mappingArb = fc.record({
  profit: sometimes([undefined, "Profit", "Sum"], ["Missing"]),
  cm1: fc.constantFrom(undefined, "CM1"),
  cm3: sometimes([undefined], ["Other", "Kunde"]),
  name: sometimes([undefined, "Navn"], ["Nope"]),
});

const rowsArb = fc.array(
  fc.record({ key: fc.constantFrom(...KEYS), sum: money, profit: money, cm1: money, name: fc.constantFrom(...NAMES) }),
  { maxLength: 25 },
);

function mappingOf(m: { profit?: string; cm1?: string; cm3?: string; name?: string }): PlanMapping {
  const mapping: PlanMapping = { customer: "Kunde", value: "Sum" };
  for (const [k, v] of Object.entries(m)) if (v !== undefined) (mapping as unknown as Record<string, string>)[k] = v;
  return mapping;
}

describe("streamed plan figures = planDataFromGrid", () => {
  it("gives the same figures or the same error for generated CSV files", async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(mappingArb, rowsArb, fc.boolean(), fc.constantFrom("Sum", "Profit", "CM1", "Navn"), async (m, rows, total, totalBad) => {
        const lines = rows.map((r) => [r.key, r.sum, r.profit, r.cm1, r.name, "o"].map((c) => (c.includes(",") ? `"${c}"` : c)).join(","));
        if (total && rows.length > 0) {
          // A trailing grand total: its value is the sum of the rows above; one of its other cells is bad.
          const sum = rows.reduce((a, r) => a + (Number.isFinite(Number(r.sum)) && r.sum !== "" ? Number(r.sum) : 0), 0);
          const cells = ["Total", String(sum), "1", "1", "", "o"];
          cells[COLUMNS.indexOf(totalBad)] = "bad";
          if (totalBad === "Sum") cells[1] = String(sum);
          lines.push(cells.join(","));
        }
        const path = join(dir, `p${fileNo++}.csv`);
        writeFileSync(path, COLUMNS.join(",") + "\n" + lines.join("\n") + "\n");
        const mapping = mappingOf(m);
        const want = await outcome(() => planDataFromGrid(readCsvFile(path), mapping, "en-US", "p.csv"));
        const got = await outcome(() => streamCsv(path, planReader(mapping, "en-US", "p.csv")));
        expect(got).toEqual(want);
        if ("ok" in want) ok++;
      }),
      { numRuns: 300 },
    );
    // Enough files get through every check for the figures themselves to be compared.
    expect(ok).toBeGreaterThan(20);
  });

  it("gives the same figures or the same error for generated .xlsx sheets with numbers, error values and a table Total row", async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(mappingArb, rowsArb, fc.boolean(), async (m, rows, table) => {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet("Data");
        const cell = (text: string): ExcelJS.CellValue => {
          if (text === "") return null;
          if (text === "x") return { error: "#N/A" } as ExcelJS.CellErrorValue;
          const x = Number(text);
          return Number.isFinite(x) && /^-?[\d.e]+$/.test(text) ? x : text;
        };
        const body = rows.map((r) => [r.key, cell(r.sum), cell(r.profit), cell(r.cm1), r.name === "42" ? { error: "#REF!" } : r.name || null, "o"]);
        if (table && rows.length > 0) {
          ws.addTable({
            name: "Sales",
            ref: "A1",
            headerRow: true,
            totalsRow: true,
            columns: COLUMNS.map((name, i) => ({ name, totalsRowFunction: i === 1 ? "sum" : "none" })) as ExcelJS.TableColumnProperties[],
            rows: body as unknown[][],
          });
        } else {
          ws.addRow(COLUMNS);
          for (const r of body) ws.addRow(r as unknown[]);
        }
        const path = join(dir, `p${fileNo++}.xlsx`);
        await wb.xlsx.writeFile(path);
        const mapping = mappingOf(m);
        const want = await outcome(async () => {
          const { grid, tableTotalsRows } = await readXlsxSheet(path);
          return planDataFromGrid(grid, mapping, "en-US", "p.xlsx", tableTotalsRows);
        });
        const got = await outcome(() => streamXlsx(path, undefined, planReader(mapping, "en-US", "p.xlsx")));
        expect(got).toEqual(want);
        if ("ok" in want) ok++;
      }),
      { numRuns: 120 },
    );
    expect(ok).toBeGreaterThan(10);
  });

  it("reads the bundled sample and the real data sets with every money column and names as the grid path", async () => {
    const cases: [string, PlanMapping][] = [
      [SAMPLE, { customer: "Kundenr", value: "Omsetning", name: "Kunde", profit: "DB" }],
      [join(DATA, "superstore_sample.csv"), { customer: "Customer ID", value: "Sales", name: "Customer Name", profit: "Profit", cm1: "Discount" }],
      [join(DATA, "online_retail_sample_20k.csv"), { customer: "CustomerID", value: "UnitPrice", name: "Country", cm2: "Quantity" }],
    ];
    for (const [path, mapping] of cases) {
      const source = path.split("/").pop() as string;
      const want = await outcome(async () => {
        const { grid, tableTotalsRows } = await readInputFile(path);
        return planDataFromGrid(grid, mapping, "en-US", source, tableTotalsRows);
      });
      const got = await outcome(() => readRowsFile(path, undefined, planReader(mapping, "en-US", source), readInputFile));
      expect("ok" in want).toBe(true);
      expect(got).toEqual(want);
    }
  });
});
