/**
 * Browser test page: the real task pane over the strict Excel fake.
 *
 * 1. Installs the fake `Excel` (test/support/fake-excel) and a fake `Office` global: `onReady`,
 *    `context.displayLanguage` from the URL's `lang` query parameter (default en-US) and
 *    `context.officeTheme` from `theme` ("dark" | "light", default light), with the colours Office uses.
 * 2. Seeds the workbook from `window.__KAM_SEED__` (set by the test through page.addInitScript).
 * 3. Exposes the FakeWorkbook as `window.__fakeWorkbook` (its `syncs` array is the sync log).
 * 4. Starts the pane exactly as src/taskpane/index.tsx does.
 */
import { FakeWorkbook, installFakeExcel } from "../../support/fake-excel";
import { startTaskpane } from "../../../src/taskpane/start";

/** What a test puts in `window.__KAM_SEED__`. */
export interface KamSeed {
  /** Sheets in order, each with cells written from `at` (default A1) as if typed. */
  sheets: { name: string; at?: string; rows?: unknown[][] }[];
  /** Excel tables to create: name over a sheet range with a header row. */
  tables?: { name: string; sheet: string; address: string }[];
  /** The selected cell or range. */
  select?: { sheet: string; address: string };
}

declare global {
  interface Window {
    __KAM_SEED__?: KamSeed;
    __fakeWorkbook?: FakeWorkbook;
    __kamReady?: boolean;
  }
}

const params = new URLSearchParams(window.location.search);
const displayLanguage = params.get("lang") ?? "en-US";
const dark = params.get("theme") === "dark";

const seed: KamSeed = window.__KAM_SEED__ ?? { sheets: [{ name: "Sheet1" }] };
const wb = installFakeExcel({ sheets: seed.sheets.map((s) => s.name) });
for (const s of seed.sheets) if (s.rows && s.rows.length) wb.seed(s.name, s.at ?? "A1", s.rows);
for (const t of seed.tables ?? []) {
  const table = wb.addTable(wb.ref(t.sheet, t.address), true);
  table.name = wb.checkTableName(t.name, table);
}
if (seed.select) wb.select(seed.select.sheet, seed.select.address);
wb.resetStats();
window.__fakeWorkbook = wb;

// Office's own theme colours (Excel "White" and "Black" themes).
const officeTheme = dark
  ? {
      bodyBackgroundColor: "#262626",
      bodyForegroundColor: "#ffffff",
      controlBackgroundColor: "#1f1f1f",
      controlForegroundColor: "#ffffff",
    }
  : {
      bodyBackgroundColor: "#ffffff",
      bodyForegroundColor: "#000000",
      controlBackgroundColor: "#ffffff",
      controlForegroundColor: "#262626",
    };

(window as unknown as { Office: unknown }).Office = {
  HostType: { Excel: "Excel" },
  PlatformType: { OfficeOnline: "OfficeOnline" },
  context: { displayLanguage, officeTheme, contentLanguage: displayLanguage },
  onReady: () => Promise.resolve({ host: "Excel", platform: "OfficeOnline" }),
};

startTaskpane();
window.__kamReady = true;
