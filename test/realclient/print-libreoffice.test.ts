/**
 * Every generated sheet prints (issue 11 part 3), checked in a real client: `kam plan` on Superstore with
 * 30 key accounts, laid out for printing by LibreOffice (test/support/uno/pages.py), page counts per sheet.
 *
 * What must hold:
 * - every visible sheet prints at most one page wide (fit to width, print area without helper ranges);
 * - each list sheet prints about as many pages tall as its rows need, not more: at least 40 rows a page
 *   (landscape A4 at the scale one page wide needs, with the repeated header), so the 793 customers of
 *   ABC and Profitability take at most ceil(793 / 40) + 1 = 21 pages each (the 1 for the summary above);
 * - each plan at most 3 pages: its one-page summary (a manual page break below it) and the plan on 2;
 *   Issue 14: at most 6 — the org chart, the opportunities and the negotiation preparation each start a
 *   page of their own (manual breaks) and fit on it: 30 × 3 more pages; the Whitespace sheet one page per
 *   key account (30), Survey, Complaints and Voice of the customer at most 2 each;
 * - the whole workbook within 160 pages: ABC 21 + Profitability 21 + Scoring (396 candidates) 11 +
 *   Portfolio 11 + Overview 2 + 30 plans × 3 pages = 156, rounded up. Measured on this machine
 *   (LibreOffice 7.4): before issue 11, 195 pages (ABC 18, Profitability 54 three pages wide, Scoring 33
 *   six wide, Portfolio 29 five wide, Overview 1, plans 2 each); after, 102 without the summaries (ABC 12
 *   portrait, Profitability 18, Scoring 5, Portfolio 6, Overview 1, plans 2 each), 132 with them (plans 3
 *   each: the summary page, then the plan). The bounds leave room for fonts and versions.
 * And the header and footer: the sheet title and "Page n of m" on every page (read from the file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";
import { main } from "../../src/cli/main";
import { sofficePath } from "../support/libreoffice";
import { printedPages, SheetPages } from "../support/pages";

const SUPERSTORE = resolve(__dirname, "../../../shared/data/superstore_sample.csv");
const dir = mkdtempSync(join(tmpdir(), "kam-print-lo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plan = join(dir, "plan.xlsx");
let sheets: SheetPages[] = [];

const run = sofficePath() ? describe : describe.skip;
run("printing the Superstore plan (30 key accounts) in LibreOffice", () => {
  beforeAll(async () => {
    let stderr = "";
    const code = await main(
      [
        "plan", SUPERSTORE, "--customer", "Customer ID", "--value", "Sales", "--profit", "Profit",
        "--key-accounts", "top:30", "--currency", "USD", "--out", plan,
      ],
      { stdout: { write: () => undefined }, stderr: { write: (s: string) => (stderr += s) } },
    );
    if (code !== 0) throw new Error(stderr);
    [sheets] = await printedPages([{ in: plan }]);
  }, 240_000);

  it("prints every visible sheet one page wide", () => {
    const visible = sheets.filter((s) => !s.hidden);
    // ABC … Overview, Account history, 30 plans, and (issue 14) Whitespace, Survey, Complaints, Voice of the customer.
    expect(visible.length).toBe(6 + 30 + 4);
    expect(visible.filter((s) => s.wide !== 1).map((s) => `${s.name}: ${s.wide} wide`)).toEqual([]);
  });

  it("prints the customer lists at 40 rows a page or more, and the whole workbook within 160 pages", () => {
    const pages = Object.fromEntries(sheets.map((s) => [s.name, s.pages]));
    expect(pages["ABC"]).toBeLessThanOrEqual(21);
    expect(pages["Profitability"]).toBeLessThanOrEqual(21);
    expect(pages["Scoring"]).toBeLessThanOrEqual(11);
    expect(pages["Portfolio"]).toBeLessThanOrEqual(11);
    expect(pages["Overview"]).toBeLessThanOrEqual(2);
    // Issue 14 — summary 1, plan 2, org chart 1, opportunities 1, negotiation preparation 1.
    for (const s of sheets.filter((x) => x.name.startsWith("Plan "))) expect(s.pages).toBeLessThanOrEqual(6);
    expect(pages["Whitespace"]).toBeLessThanOrEqual(30);
    for (const n of ["Survey", "Complaints", "Voice of the customer"]) expect(pages[n]).toBeLessThanOrEqual(2);
    const total = sheets.reduce((n, s) => n + s.pages, 0);
    const plans = sheets.filter((x) => x.name.startsWith("Plan ")).map((x) => x.pages);
    console.log(`printed pages: ${sheets.filter((x) => !x.name.startsWith("Plan ") && !x.hidden).map((x) => `${x.name} ${x.pages} (${x.wide} wide)`).join(", ")}, plans ${Math.min(...plans)}–${Math.max(...plans)} each; total ${total}`);
    // Issue 14 — 30 plans × 3 more pages, the Whitespace's 30 and the voice sheets' 6 at most.
    expect(total).toBeLessThanOrEqual(160 + 90 + 30 + 6);
  });

  it("puts the sheet title in the page header and page numbers in the footer", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(plan);
    for (const ws of wb.worksheets.filter((w) => w.state === "visible")) {
      expect(ws.headerFooter.oddHeader).toMatch(/^&C&B./);
      expect(ws.headerFooter.oddFooter).toBe("&CPage &P of &N");
    }
  });
});
