/**
 * The hidden "KAM Settings" sheet: what the plan sheets were generated from (column mapping, ABC method
 * and thresholds, candidate rule, midpoints, criteria IDs and weights at generation, language, version,
 * time), so a refresh can reuse them and a reader can see them. Written as key/value rows; read back and
 * validated with a zod schema (STYLE: "zod at the edges").
 *
 * Layout: A1 a note, row 2 the header (Key | Value), then one row per setting. Keys are dotted paths
 * ("mapping.customer"); scalars are plain cells, lists and maps (JSON_KEYS) are JSON text. Below them,
 * rows "fingerprint | <sheet id> | <text>" hold what each generated sheet was generated with, and rows
 * "fingerprint.defaults | …" the defaults it wrote in input cells (fingerprint.ts);
 * src/sheets/settings/read.ts reads both back.
 */
import { z } from "zod";
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import type { Block, CellValue, SheetSpec } from "../../plan/spec";

export const SETTINGS_SHEET_ID = "kam.settings";
export const SETTINGS_SHEET_NAME = "KAM Settings";
/** Version of the settings layout; bump it when the meaning of a key changes. */
export const SETTINGS_FORMAT = 1;

const optionalText = z.string().min(1).optional();

export const PlanSettingsSchema = z.object({
  format: z.literal(SETTINGS_FORMAT),
  appVersion: z.string(),
  /** ISO 8601 time of generation. */
  generatedAt: z.string(),
  language: z.enum(["en", "nb"]),
  /** ISO 4217 code the amounts are shown in (kam --currency, the pane's choice); absent: none. */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  /** Input file (or sheet) the figures came from. */
  source: z.string().optional(),
  mapping: z.object({
    customer: z.string().min(1),
    name: optionalText,
    value: z.string().min(1),
    profit: optionalText,
    netRevenue: optionalText,
    cm1: optionalText,
    cm2: optionalText,
    cm3: optionalText,
    cm4: optionalText,
    costToServe: optionalText,
    sheet: optionalText,
  }),
  abc: z.object({
    method: z.enum(["value", "count", "computed"]),
    thresholds: z.tuple([z.number(), z.number()]).optional(),
    nonpositive: z.enum(["D", "C"]),
  }),
  /** Candidate rule as typed: "A", "A,B" or a number N (top N by value). */
  candidates: z.string().min(1),
  mids: z.object({ attractiveness: z.number().optional(), strength: z.number().optional() }),
  criteria: z.object({ attractiveness: z.array(z.string()), strength: z.array(z.string()) }),
  /** Weights at generation, by criterion ID (the Scoring sheet is where they are edited). */
  weights: z.record(z.string(), z.number()),
  /** Sheet id → sheet name, so a refresh finds its sheets. */
  sheets: z.record(z.string(), z.string()),
  // Issue 14: whitespace
  /** Our offerings (columns of the Whitespace grid), as the user edits them; absent: the defaults. */
  offerings: z.array(z.string()).optional(),
});
export type PlanSettings = z.infer<typeof PlanSettingsSchema>;

/** Keys whose value is stored as JSON text. */
export const JSON_KEYS = new Set(["abc.thresholds", "criteria.attractiveness", "criteria.strength", "weights", "sheets", "offerings"]);

/** The settings as key/value rows (dotted keys; undefined values left out). */
export function settingsRows(settings: PlanSettings): [string, CellValue][] {
  const rows: [string, CellValue][] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (value === undefined) return;
    if (JSON_KEYS.has(prefix)) rows.push([prefix, JSON.stringify(value)]);
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else rows.push([prefix, value as CellValue]);
  };
  walk("", settings);
  return rows;
}

/** Key (column A) of the rows that hold a sheet's fingerprints: sheet id in B, text in C. */
export const FINGERPRINT_KEY = "fingerprint";
/** The same for the fingerprints of the defaults written in a sheet's input cells. */
export const DEFAULTS_KEY = "fingerprint.defaults";

/**
 * The hidden settings sheet.
 * @param fingerprints by spec sheet id, the encoded fingerprints of its generated cells
 *        (src/sheets/fingerprint.ts), one row per chunk.
 */
export function buildSettingsSheet(
  settings: PlanSettings,
  language: SheetLanguage,
  fingerprints: Record<string, { generated: readonly string[]; defaults: readonly string[] }> = {},
): SheetSpec {
  const L = SHEET_LABELS[language];
  const rows = settingsRows(settings);
  const prints: CellValue[][] = Object.entries(fingerprints).flatMap(([id, p]) => [
    ...p.generated.map((c) => [FINGERPRINT_KEY, id, c]),
    ...p.defaults.map((c) => [DEFAULTS_KEY, id, c]),
  ]);
  const blocks: Block[] = [
    { row: 0, col: 0, values: [[L["settings.title"]]], italic: true, owner: "generated" },
    { row: 1, col: 0, values: [[L["settings.col.key"], L["settings.col.value"]]], bold: true, owner: "generated" },
    { row: 2, col: 0, values: rows.map(([k, v]) => [k, v]), numberFormats: ["@", undefined], owner: "generated" },
  ];
  if (prints.length > 0) {
    blocks.push({ row: 2 + rows.length, col: 0, values: prints, numberFormats: ["@", "@", "@"], owner: "generated" });
  }
  return {
    name: SETTINGS_SHEET_NAME,
    id: SETTINGS_SHEET_ID,
    blocks,
    tables: [],
    charts: [],
    validations: [],
    conditionalFormats: [],
    columnWidths: { 0: 26, 1: 60 },
    hidden: true,
  };
}
