/**
 * Account health on a plan sheet (issue 13 parts 2–3): the facts src/core/health.ts reads from what
 * readAccountPlan returns (`planFacts`), and the health block of the plan's one-page summary (`healthBlock`).
 * The rules are those of src/core/health.ts; this module only finds the plan's contents and states the
 * same rules as native formulas.
 */
import type { PlanLayout, PreservedAccountPlan } from "./build";
import { HEADER_ROWS, ROLES, STATUSES, TABLES, dateSerial } from "./build";
import {
  CADENCE_QUADRANTS,
  COMPLETENESS_PARTS,
  DEFAULT_HEALTH_SETTINGS,
  HEALTH_COMPONENTS,
  HealthComponent,
  PlanFacts,
} from "../../core/health";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import { a1, abs, absRange, str } from "../../plan/formula";
import type { Block, CellValue, ConditionalFormatSpec, ValidationSpec } from "../../plan/spec";
import type { Quadrant } from "../../core/quadrant";
import { KAISM_LABELS } from "../../core/portfolio";
import { UserCell, isBlankCell, isFormulaCell } from "../../plan/userCell";
import { isLabel, listKey } from "../kit/labels";

/** The label of each health component (plan block, Overview settings). */
export const COMPONENT_LABEL: Record<HealthComponent, SheetLabelKey> = {
  completeness: "health.c.completeness",
  actions: "health.c.actions",
  contacts: "health.c.contacts",
  kpis: "health.c.kpis",
  profit: "health.c.profit",
  satisfaction: "health.c.satisfaction",
  // Issue 14: voice
  complaints: "health.c.complaints",
  review: "health.c.review",
};

const ANALYSIS_FIELDS = ["priorities", "trends", "challenges", "competitors", "needs"] as const;

/** Column index of a table column by its label key. */
function colOf(table: keyof typeof TABLES, label: string): number {
  const i = TABLES[table].columns.findIndex((c) => c.label === label);
  if (i < 0) throw new Error(`no column ${label} in ${table}`);
  return i;
}

const num = (v: UserCell | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const date = (v: UserCell | undefined): number | null => (v === undefined || isFormulaCell(v) ? null : num(dateSerial(v)));
const text = (v: UserCell | undefined): string => (v === undefined || v === null || isFormulaCell(v) ? "" : String(v).trim());
const filled = (v: UserCell | undefined): boolean => !isBlankCell(v);

/** The KAISM quadrant of a quadrant label (newer or classic names, English or Norwegian, any case); null for none. */
export function quadrantOfLabel(label: UserCell | undefined): Quadrant | null {
  const t = text(label).toLowerCase();
  if (t === "") return null;
  for (const naming of Object.values(KAISM_LABELS)) {
    for (const names of Object.values(naming)) {
      for (const q of CADENCE_QUADRANTS) if (names[q].toLowerCase() === t) return q;
    }
  }
  return null;
}

/**
 * The facts health is computed from, as the plan's formulas see them.
 * @param plan     what readAccountPlan returned for the sheet.
 * @param figures  the account's Portfolio figures: its quadrant label (as the plan shows it) and revenue
 *                 and profit; null or absent when unknown.
 * Dates typed as text ("2026-11-02") count as dates, as the refresh writes them back as dates; other text
 * and formulas a person wrote in a number or date cell count as blank.
 */
export function planFacts(
  plan: PreservedAccountPlan,
  figures: { quadrant?: UserCell; revenue?: number | null; profit?: number | null },
): PlanFacts {
  const t = plan.tables;
  const bc = t.buyingCenter ?? [];
  const goals = t.goals ?? [];
  const actions = t.actions ?? [];
  const kpis = t.kpis ?? [];
  const BC = {
    name: colOf("buyingCenter", "aplan.bc.name"),
    role: colOf("buyingCenter", "aplan.bc.role"),
    // Issue 14: buying (a decider in either role column)
    role2: colOf("buyingCenter", "aplan.bc.role2"),
    last: colOf("buyingCenter", "aplan.bc.lastContact"),
  };
  const G = {
    id: colOf("goals", "aplan.goal.id"),
    goal: colOf("goals", "aplan.goal.goal"),
    metric: colOf("goals", "aplan.goal.metric"),
    baseline: colOf("goals", "aplan.goal.baseline"),
    target: colOf("goals", "aplan.goal.target"),
    due: colOf("goals", "aplan.goal.due"),
    owner: colOf("goals", "aplan.goal.owner"),
  };
  const A = {
    goal: colOf("actions", "aplan.action.goal"),
    activity: colOf("actions", "aplan.action.activity"),
    due: colOf("actions", "aplan.action.due"),
    status: colOf("actions", "aplan.action.status"),
  };
  const K = {
    kpi: colOf("kpis", "aplan.kpi.kpi"),
    target: colOf("kpis", "aplan.kpi.target"),
    actual: colOf("kpis", "aplan.kpi.actual"),
    higher: colOf("kpis", "aplan.kpi.higher"),
  };
  const sat = num(plan.header.satisfaction);
  return {
    quadrant: quadrantOfLabel(figures.quadrant),
    revenue: figures.revenue ?? null,
    profit: figures.profit ?? null,
    analysisFields: ANALYSIS_FIELDS.filter((f) => filled(plan.fields[f])).length,
    contacts: bc
      .filter((r) => filled(r[BC.name]))
      .map((r) => ({
        decider: [r[BC.role], r[BC.role2]].some((v) => listKey(v, ROLES) === "aplan.role.decider"),
        lastContact: date(r[BC.last]),
      })),
    goals: goals
      .filter((r) => filled(r[G.goal]))
      .map((r) => ({
        id: text(r[G.id]),
        metric: filled(r[G.metric]),
        baseline: num(r[G.baseline]) !== null,
        target: num(r[G.target]) !== null,
        due: date(r[G.due]) !== null,
        owner: filled(r[G.owner]),
      })),
    actions: actions
      .filter((r) => filled(r[A.activity]))
      .map((r) => {
        const s = listKey(r[A.status], STATUSES);
        return {
          goalId: text(r[A.goal]),
          status: s === "aplan.status.done" ? "done" : s === "aplan.status.cancelled" ? "cancelled" : "open",
          due: date(r[A.due]),
        };
      }),
    kpis: kpis
      .filter((r) => filled(r[K.kpi]) || num(r[K.target]) !== null || num(r[K.actual]) !== null)
      .map((r) => ({
        name: filled(r[K.kpi]),
        target: num(r[K.target]),
        actual: num(r[K.actual]),
        higherIsBetter: !isLabel(r[K.higher], "plan.no"),
      })),
    reviewed: date(plan.header.reviewed),
    satisfaction: sat,
  };
}

/** Rows the health block takes in the one-page summary (its rows and a blank row below it). */
export const HEALTH_BLOCK_ROWS = 8;

/** Where the health settings are: sheet-qualified references of their cells, or numbers (the defaults). */
export interface HealthSettingRefs {
  weights: Record<HealthComponent, string>;
  green: string;
  amber: string;
  cadence: Record<Quadrant, string>;
  // Issue 14: voice
  /**
   * The Survey sheet's account and satisfaction columns (sheet-qualified whole columns): when the plan's
   * customer has satisfaction answers there, the satisfaction component is 100 × their CSAT (share ≥ 4).
   */
  survey?: { customer: string; satisfaction: string };
  /** N of the complaints component (a cell reference or a number). */
  complaintDays: string;
  /**
   * The Complaints sheet's account, received and resolved columns (sheet-qualified whole columns); absent
   * without a Complaints sheet (the complaints component is then 100).
   */
  complaints?: { customer: string; received: string; resolved: string };
}

/** The defaults of src/core/health.ts as formula constants (a plan built without an Overview). */
export function defaultHealthRefs(): HealthSettingRefs {
  const d = DEFAULT_HEALTH_SETTINGS;
  const num = <K extends string>(o: Record<K, number>): Record<K, string> =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)])) as Record<K, string>;
  return { weights: num(d.weights), green: String(d.bands.green), amber: String(d.bands.amber), cadence: num(d.cadence), complaintDays: String(d.complaintDays) };
}

/** Cells of a plan sheet the health block reads (sheet-local, 0-based rows). */
export interface HealthBlockInput {
  /** First row of the block. */
  top: number;
  language: SheetLanguage;
  layout: PlanLayout;
  settings: HealthSettingRefs;
  /** The satisfaction entry kept from the old sheet. */
  satisfaction: [CellValue, string | undefined];
  inputFill: string;
}

/** Sheet-local absolute references of the block's results, for the Overview. */
export interface HealthCells {
  score: string;
  band: string;
  completeness: string;
  reviewDue: string;
}

/**
 * The health block of a plan's one-page summary: the same rules as src/core/health.ts in native formulas.
 * Rows: top "Account health" | Health, Band, Completeness, Review due, Next review by (labels) · values;
 * "Components (0–100)" | eight labels · values; "Parts present" | five labels · Yes/No;
 * "Satisfaction (1–5)" | the input (decimal 1–5).
 */
export function healthBlock(h: HealthBlockInput): {
  blocks: Block[];
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  cells: HealthCells;
} {
  const L = SHEET_LABELS[h.language];
  const lay = h.layout;
  const S = h.settings;
  const top = h.top;
  const rows = { head: top, values: top + 1, compHead: top + 2, comps: top + 3, partHead: top + 4, parts: top + 5, satisfaction: top + 6 };
  const col = (table: "buyingCenter" | "goals" | "actions" | "kpis", label: string): string => {
    const t = lay.tables[table];
    const c = colOf(table, label);
    return absRange(t.first, c, t.last, c);
  };
  const T = (rg: string): string => `(TRIM(${rg})<>"")`;
  const yes = str(L["plan.yes"]);
  const no = str(L["plan.no"]);
  const quad = abs(lay.figures.quadrant, 1);
  const rev = abs(lay.figures.revenue, 1);
  const prof = abs(lay.figures.profit, 1);
  const reviewed = abs(HEADER_ROWS.reviewed, 1);
  const sat = abs(rows.satisfaction, 1);
  const names = KAISM_LABELS.newer[h.language];

  // Completeness parts (Yes/No), in the order of COMPLETENESS_PARTS.
  // A light plan (./light.ts) has no analysis section: its analysis part is the account's figures.
  const analysis = lay.fields.priorities === undefined ? undefined : absRange(lay.fields.priorities, 1, lay.fields.needs, 1);
  const bcNames = col("buyingCenter", "aplan.bc.name");
  const goalTexts = col("goals", "aplan.goal.goal");
  const goalIds = col("goals", "aplan.goal.id");
  const activities = col("actions", "aplan.action.activity");
  const actionGoals = col("actions", "aplan.action.goal");
  const statuses = col("actions", "aplan.action.status");
  const dues = col("actions", "aplan.action.due");
  const goals = `SUMPRODUCT(--${T(goalTexts)})`;
  const partFormulas: Record<(typeof COMPLETENESS_PARTS)[number], string> = {
    analysis: analysis === undefined ? `${quad}<>""` : `AND(${quad}<>"",SUMPRODUCT(--${T(analysis)})>0)`,
    // Issue 14: buying (a decider in either role column)
    buyingCenter:
      `SUMPRODUCT(${T(bcNames)}*(((${col("buyingCenter", "aplan.bc.role")}=${str(L["aplan.role.decider"])})` +
      `+(${col("buyingCenter", "aplan.bc.role2")}=${str(L["aplan.role.decider"])}))>0))>0`,
    goals:
      `AND(${goals}>0,SUMPRODUCT(${T(goalTexts)}*${T(col("goals", "aplan.goal.metric"))}*ISNUMBER(${col("goals", "aplan.goal.baseline")})` +
      `*ISNUMBER(${col("goals", "aplan.goal.target")})*ISNUMBER(${col("goals", "aplan.goal.due")})*${T(col("goals", "aplan.goal.owner"))})=${goals})`,
    actions: `AND(${goals}>0,SUMPRODUCT(${T(goalTexts)}*${T(goalIds)}*(COUNTIFS(${actionGoals},${goalIds},${activities},"<>")>0))=${goals})`,
    kpis: `SUMPRODUCT(${T(col("kpis", "aplan.kpi.kpi"))}*ISNUMBER(${col("kpis", "aplan.kpi.target")}))>0`,
  };
  const partCell = (i: number): string => abs(rows.parts, 1 + i);
  const partsRange = absRange(rows.parts, 1, rows.parts, COMPLETENESS_PARTS.length);

  // Components (0–100 or blank), in the order of HEALTH_COMPONENTS.
  const done = str(L["aplan.status.done"]);
  const cancelled = str(L["aplan.status.cancelled"]);
  const open = `COUNTIFS(${activities},"<>",${statuses},"<>"&${done},${statuses},"<>"&${cancelled})`;
  const overdue = `COUNTIFS(${activities},"<>",${statuses},"<>"&${done},${statuses},"<>"&${cancelled},${dues},"<"&TODAY())`;
  const contacts = `COUNTIF(${bcNames},"<>")`;
  const notReached = abs(lay.notReached, 1);
  const rags = col("kpis", "aplan.kpi.rag");
  const [g, a, r] = (["aplan.rag.green", "aplan.rag.amber", "aplan.rag.red"] as const).map((k) => `COUNTIF(${rags},${str(L[k])})`);
  const cadence =
    `IF(${quad}=${str(names["high-high"])},${S.cadence["high-high"]},IF(${quad}=${str(names["high-low"])},${S.cadence["high-low"]},` +
    `IF(${quad}=${str(names["low-high"])},${S.cadence["low-high"]},IF(${quad}=${str(names["low-low"])},${S.cadence["low-low"]},` +
    `MAX(${CADENCE_QUADRANTS.map((q) => S.cadence[q]).join(",")})))))`;
  const reviewDueCell = abs(rows.values, 4);
  const completenessCell = abs(rows.values, 3);
  const compFormulas: Record<HealthComponent, string> = {
    completeness: `=100*${completenessCell}`,
    actions: `=IF(COUNTIF(${activities},"<>")=0,"",IF(${open}=0,100,100*(1-${overdue}/${open})))`,
    contacts: `=IF(${contacts}=0,"",100*(1-${notReached}/${contacts}))`,
    kpis: `=IF(${g}+${a}+${r}=0,"",(100*${g}+50*${a})/(${g}+${a}+${r}))`,
    profit: `=IF(NOT(ISNUMBER(${prof})),"",IF(AND(ISNUMBER(${rev}),N(${rev})>0),MIN(100,MAX(0,50+500*${prof}/N(${rev}))),IF(${prof}>0,100,IF(${prof}<0,0,50))))`,
    satisfaction: S.survey
      ? // Issue 14: voice — CSAT of the account's survey answers (customer ID in B3), else the typed input.
        `=IF(COUNTIFS(${S.survey.customer},$B$3,${S.survey.satisfaction},">=0")>0,` +
        `100*COUNTIFS(${S.survey.customer},$B$3,${S.survey.satisfaction},">=4")/COUNTIFS(${S.survey.customer},$B$3,${S.survey.satisfaction},">=0"),` +
        `IF(NOT(ISNUMBER(${sat})),"",100*(MIN(5,MAX(1,${sat}))-1)/4))`
      : `=IF(NOT(ISNUMBER(${sat})),"",100*(MIN(5,MAX(1,${sat}))-1)/4)`,
    // Issue 14: voice — 0 when the account (B3) has a complaint received before TODAY() − N and not resolved
    // (resolved not a number ≥ 0, as the Voice sheet counts open ones), else 100.
    complaints: S.complaints
      ? `=IF(COUNTIFS(${S.complaints.customer},$B$3,${S.complaints.received},"<"&(TODAY()-${S.complaintDays}))` +
        `-COUNTIFS(${S.complaints.customer},$B$3,${S.complaints.received},"<"&(TODAY()-${S.complaintDays}),${S.complaints.resolved},">=0")>0,0,100)`
      : "=100",
    review: `=IF(${reviewDueCell}=${yes},0,100)`,
  };
  const compCell = (k: HealthComponent): string => abs(rows.comps, 1 + HEALTH_COMPONENTS.indexOf(k));
  const weighted = HEALTH_COMPONENTS.map((k) => `IF(ISNUMBER(${compCell(k)}),${S.weights[k]}*${compCell(k)},0)`).join("+");
  const weights = HEALTH_COMPONENTS.map((k) => `IF(ISNUMBER(${compCell(k)}),${S.weights[k]},0)`).join("+");
  const scoreCell = abs(rows.values, 1);
  const bandCell = abs(rows.values, 2);

  const gen = (row: number, c: number, values: CellValue[][], extra: Partial<Block> = {}): Block => ({ row, col: c, values, owner: "generated", ...extra });
  const HEADER_FILL = "#EDF2F9";
  const blocks: Block[] = [
    gen(rows.head, 0, [[L["health.section"]]], { bold: true }),
    gen(rows.head, 1, [[L["health.score"], L["health.band"], L["health.completeness"], L["health.reviewDue"], L["health.nextReview"]]], {
      bold: true,
      fill: HEADER_FILL,
      wrap: true,
    }),
    gen(rows.values, 1, [[null, null, null, null, null]], {
      formulas: [
        [
          `=IF((${weights})=0,"",(${weighted})/(${weights}))`,
          `=IF(${scoreCell}="","",IF(${scoreCell}>=${S.green},${str(L["aplan.rag.green"])},IF(${scoreCell}>=${S.amber},${str(L["aplan.rag.amber"])},${str(L["aplan.rag.red"])})))`,
          `=COUNTIF(${partsRange},${yes})/${COMPLETENESS_PARTS.length}`,
          `=IF(ISNUMBER(${reviewed}),IF(TODAY()-INT(${reviewed})>${cadence},${yes},${no}),${yes})`,
          `=IF(ISNUMBER(${reviewed}),INT(${reviewed})+${cadence},"")`,
        ],
      ],
      numberFormats: ["0", "@", "0%", "@", "yyyy-mm-dd"],
      bold: true,
    }),
    gen(rows.compHead, 0, [[L["health.components"]]], { bold: true }),
    gen(rows.compHead, 1, [HEALTH_COMPONENTS.map((k) => L[COMPONENT_LABEL[k]])], { bold: true, fill: HEADER_FILL, wrap: true }),
    gen(rows.comps, 1, [HEALTH_COMPONENTS.map(() => null)], {
      formulas: [HEALTH_COMPONENTS.map((k) => compFormulas[k])],
      numberFormats: HEALTH_COMPONENTS.map(() => "0"),
    }),
    gen(rows.partHead, 0, [[L["health.parts"]]], { bold: true }),
    gen(rows.partHead, 1, [COMPLETENESS_PARTS.map((p) => L[`health.p.${p}` as SheetLabelKey])], { bold: true, fill: HEADER_FILL, wrap: true }),
    gen(rows.parts, 1, [COMPLETENESS_PARTS.map(() => null)], {
      formulas: [COMPLETENESS_PARTS.map((p) => `=IF(${partFormulas[p]},${yes},${no})`)],
      numberFormats: COMPLETENESS_PARTS.map(() => "@"),
    }),
    gen(rows.satisfaction, 0, [[L["aplan.satisfaction"]]], { bold: true }),
    {
      row: rows.satisfaction,
      col: 1,
      values: [[h.satisfaction[0]]],
      formulas: h.satisfaction[1] ? [[h.satisfaction[1]]] : undefined,
      numberFormats: ["0.0"],
      owner: "user",
      fill: h.inputFill,
    },
  ];
  const validations: ValidationSpec[] = [
    { range: a1(rows.satisfaction, 1), kind: "decimal", min: 1, max: 5, message: L["aplan.validation.satisfaction"] },
  ];
  const conditionalFormats: ConditionalFormatSpec[] = (
    [
      ["aplan.rag.green", "#C6EFCE", "#006100"],
      ["aplan.rag.amber", "#FFEB9C", "#9C5700"],
      ["aplan.rag.red", "#FFC7CE", "#9C0006"],
    ] as const
  ).map(([k, fill, fontColor]) => ({ range: a1(rows.values, 1, rows.values, 2), formula: `=${bandCell}=${str(L[k])}`, fill, fontColor }));
  conditionalFormats.push(
    { range: a1(rows.values, 4), formula: `=${reviewDueCell}=${yes}`, fill: "#FFC7CE", fontColor: "#9C0006" },
    { range: a1(rows.parts, 1, rows.parts, COMPLETENESS_PARTS.length), formula: `=${partCell(0).replace(/\$/g, "")}=${no}`, fill: "#FFEB9C", fontColor: "#9C5700" },
  );
  return { blocks, validations, conditionalFormats, cells: { score: scoreCell, band: bandCell, completeness: completenessCell, reviewDue: reviewDueCell } };
}
