/**
 * The "Voice of the customer" sheet (issue 14 part 4): one row per key account, every figure a native
 * formula over the Survey and Complaints sheets' whole columns (COUNTIFS / AVERAGEIFS), so a row a
 * person adds to either list counts at once. The pure counterpart is `voiceSummary` in
 * src/core/voice.ts (same counting rules; tests compare the two after LibreOffice recalculates).
 *
 * Layout (generated, rebuilt on every refresh): title row 0, introduction row 1, the settings rows 3–5
 * (label in A, value in B: satisfaction cut, loyalty cut, complaint age limit in days — the values are
 * the user's, read back by label and kept), header row 7, one row per key account from row 8.
 * Figures from the survey are blank (not 0) for an account without answers; complaint counts are 0.
 */
import { VOICE_ACTION_RECOMMEND, VOICE_CSAT_TOP_BOX, VOICE_DEFAULTS, VoiceSettings } from "../../core/voice";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import type { Block, CellValue, SheetSpec } from "../../plan/spec";
import { a1, columnLetter, sheetQualified } from "../kit/address";
import { COUNT, DECIMAL1, PERCENT, SCORE, TEXT } from "../kit/formats";
import type { SheetCells } from "../kit/grid";
import { isLabel } from "../kit/labels";
import { printSetup } from "../kit/print";
import type { ComplaintField, ListCols, SurveyField } from "./lists";

export const VOICE_SHEET_ID = "kam.voice";

export const VOICE_FIELDS = [
  "customer",
  "name",
  "answers",
  "nps",
  "csat",
  "satisfaction",
  "recommend",
  "buyAgain",
  "group",
  "phase",
  "complaints",
  "open",
  "openOld",
  "meanDays",
] as const;
export type VoiceField = (typeof VOICE_FIELDS)[number];

/** Rows of the sheet (0-based). */
export const VOICE_ROWS = { title: 0, intro: 1, satisfactionCut: 3, loyaltyCut: 4, openDays: 5, header: 7, first: 8 } as const;

const SETTING_KEYS = ["satisfactionCut", "loyaltyCut", "openDays"] as const satisfies readonly (keyof VoiceSettings)[];

/** The column of a field on the Voice sheet (0-based). */
export const voiceCol = (f: VoiceField): number => VOICE_FIELDS.indexOf(f);

/**
 * The settings typed on an old Voice sheet (found by their labels in either language, value right of the
 * label); a missing or non-numeric value takes its default (VOICE_DEFAULTS).
 */
export function readVoiceSettings(old: SheetCells | undefined): VoiceSettings {
  const out: VoiceSettings = { ...VOICE_DEFAULTS };
  for (const row of old ?? []) {
    if (!row) continue;
    for (const k of SETTING_KEYS) {
      const j = row.findIndex((c) => isLabel(c, `voice.setting.${k}`));
      const v = j < 0 ? undefined : row[j + 1];
      if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
    }
  }
  return out;
}

export interface VoiceOptions {
  language: SheetLanguage;
  name: string;
  survey: { sheet: string; cols: ListCols<SurveyField> };
  complaints: { sheet: string; cols: ListCols<ComplaintField> };
  /** The old Voice sheet's cells, for its settings. */
  old?: SheetCells;
}

/**
 * Builds the Voice of the customer sheet.
 * @param accounts the key accounts (customer ID and name, "" for none), in the Overview's order.
 * @returns the sheet spec; its settings (read from `old`, else the defaults) in B4:B6.
 */
export function buildVoiceSheet(accounts: readonly { customer: string; name: string }[], o: VoiceOptions): SheetSpec {
  const L = SHEET_LABELS[o.language];
  const settings = readVoiceSettings(o.old);
  const S = (f: SurveyField): string => sheetQualified(o.survey.sheet, `${columnLetter(o.survey.cols[f])}:${columnLetter(o.survey.cols[f])}`, true);
  const C = (f: ComplaintField): string =>
    sheetQualified(o.complaints.sheet, `${columnLetter(o.complaints.cols[f])}:${columnLetter(o.complaints.cols[f])}`, true);
  const cut = (k: (typeof SETTING_KEYS)[number]): string => `$B$${VOICE_ROWS[k] + 1}`;
  const at = (f: VoiceField, n: number): string => `${columnLetter(voiceCol(f))}${n}`;

  const formulas = (n: number): Record<VoiceField, string | undefined> => {
    const acc = `${S("customer")},$A${n}`;
    const count = (f: SurveyField, crit: string): string => `COUNTIFS(${acc},${S(f)},"${crit}")`;
    const mean = (f: SurveyField): string => `IF(${count(f, ">=0")}=0,"",AVERAGEIFS(${S(f)},${acc},${S(f)},">=0"))`;
    const cacc = `${C("customer")},$A${n},${C("received")},">=0"`;
    const [sat, rec, buy] = [at("satisfaction", n), at("recommend", n), at("buyAgain", n)];
    const g = (k: SheetLabelKey): string => `"${L[k].replace(/"/g, '""')}"`;
    return {
      customer: undefined,
      name: undefined,
      answers: `=COUNTIFS(${acc})`,
      nps:
        `=IF(${count("recommend", ">=0")}=0,"",100*(${count("recommend", ">=9")}-COUNTIFS(${acc},${S("recommend")},">=0",${S("recommend")},"<=6"))` +
        `/${count("recommend", ">=0")})`,
      csat: `=IF(${count("satisfaction", ">=0")}=0,"",${count("satisfaction", `>=${VOICE_CSAT_TOP_BOX}`)}/${count("satisfaction", ">=0")})`,
      satisfaction: `=${mean("satisfaction")}`,
      recommend: `=${mean("recommend")}`,
      buyAgain: `=${mean("buyAgain")}`,
      group:
        `=IF(OR(${sat}="",${buy}=""),"",IF(${sat}>=${cut("satisfactionCut")},IF(${buy}>=${cut("loyaltyCut")},${g("voice.group.apostle")},${g("voice.group.mercenary")}),` +
        `IF(${buy}>=${cut("loyaltyCut")},${g("voice.group.hostage")},${g("voice.group.defector")})))`,
      phase:
        `=IF(OR(${sat}="",${rec}="",${buy}=""),"",IF(${buy}>=${cut("loyaltyCut")},IF(${rec}>=${VOICE_ACTION_RECOMMEND},${g("voice.phase.action")},${g("voice.phase.conative")}),` +
        `IF(${sat}>=${cut("satisfactionCut")},${g("voice.phase.affective")},${g("voice.phase.cognitive")})))`,
      complaints: `=COUNTIFS(${cacc})`,
      open: `=COUNTIFS(${cacc})-COUNTIFS(${cacc},${C("resolved")},">=0")`,
      openOld: `=COUNTIFS(${C("customer")},$A${n},${C("openDays")},">"&${cut("openDays")})`,
      meanDays: `=IF(COUNTIFS(${C("customer")},$A${n},${C("days")},">=0")=0,"",AVERAGEIFS(${C("days")},${C("customer")},$A${n},${C("days")},">=0"))`,
    };
  };

  const header: CellValue[] = VOICE_FIELDS.map((f) => L[`voice.col.${f}`]);
  const values: CellValue[][] = accounts.map((a) => VOICE_FIELDS.map((f) => (f === "customer" ? a.customer : f === "name" ? a.name : null)));
  const forms: (string | undefined)[][] = accounts.map((_, i) => {
    const fx = formulas(VOICE_ROWS.first + i + 1);
    return VOICE_FIELDS.map((f) => fx[f]);
  });
  const fmt: Record<VoiceField, string> = {
    customer: TEXT,
    name: TEXT,
    answers: COUNT,
    nps: "0",
    csat: PERCENT,
    satisfaction: SCORE,
    recommend: DECIMAL1,
    buyAgain: SCORE,
    group: TEXT,
    phase: TEXT,
    complaints: COUNT,
    open: COUNT,
    openOld: COUNT,
    meanDays: DECIMAL1,
  };
  const blocks: Block[] = [
    { row: VOICE_ROWS.title, col: 0, values: [[L["voice.title"]]], bold: true, owner: "generated" },
    { row: VOICE_ROWS.intro, col: 0, values: [[L["voice.intro"]]], italic: true, owner: "generated" },
    ...SETTING_KEYS.map(
      (k): Block => ({ row: VOICE_ROWS[k], col: 0, values: [[L[`voice.setting.${k}`]]], owner: "generated" }),
    ),
    ...SETTING_KEYS.map((k): Block => ({ row: VOICE_ROWS[k], col: 1, values: [[settings[k]]], fill: "#FFF2CC", owner: "user" })),
    {
      row: VOICE_ROWS.header,
      col: 0,
      values: [header],
      bold: true,
      wrap: true,
      fill: "#D9E1F2",
      owner: "generated",
      align: VOICE_FIELDS.map((f) => (fmt[f] === TEXT ? undefined : "right")),
    },
  ];
  if (accounts.length > 0) {
    blocks.push({ row: VOICE_ROWS.first, col: 0, values, formulas: forms, numberFormats: VOICE_FIELDS.map((f) => fmt[f]), owner: "generated" });
  }
  const lastRow = VOICE_ROWS.first + Math.max(accounts.length, 1) - 1;
  const widths: Record<number, number> = {};
  VOICE_FIELDS.forEach((f, c) => (widths[c] = f === "name" ? 24 : f === "customer" ? 14 : f === "group" || f === "phase" ? 14 : 11));
  widths[0] = 40; // the settings labels; the customer IDs fit too
  return {
    name: o.name,
    id: VOICE_SHEET_ID,
    blocks,
    tables: [],
    charts: [],
    validations: SETTING_KEYS.map((k) => ({
      range: a1(VOICE_ROWS[k], 1),
      kind: k === "openDays" ? ("wholeNumber" as const) : ("decimal" as const),
      min: k === "openDays" ? 0 : 1,
      max: k === "openDays" ? 3650 : 5,
    })),
    conditionalFormats: [],
    columnWidths: widths,
    rowHeights: { [VOICE_ROWS.header]: 30 },
    freeze: { rows: VOICE_ROWS.header + 1, cols: 2 },
    print: printSetup({
      language: o.language,
      title: L["voice.sheet"],
      orientation: "landscape",
      lastRow,
      lastCol: VOICE_FIELDS.length - 1,
      repeatRows: [VOICE_ROWS.header, VOICE_ROWS.header],
    }),
  };
}
