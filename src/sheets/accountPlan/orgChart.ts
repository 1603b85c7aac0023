/**
 * The org chart block of a full plan (issue 14 item 3): below the buying-center summary rows, a caption
 * and ORG_CHART_ROWS rows on which the buying center is drawn as boxes (name, title, role; filled by
 * attitude) joined by reporting lines, from the table's "Reports to". The shapes are drawn from the
 * contacts the plan is built with (typed values read back on refresh), so a refresh redraws them.
 */
import { layoutOrgChart, OrgContact } from "../../core/orgChart";
import { SHEET_LABELS, SheetLabelKey, SheetLanguage } from "../../i18n/sheets";
import { SHAPE_PREFIX, ShapeSpec } from "../../plan/spec";
import { isBlankCell, isFormulaCell, UserCell } from "../../plan/userCell";

/** Rows the drawing takes below the caption (15 pt each). */
export const ORG_CHART_ROWS = 16;
/** Default row height of the block, in points. */
const ROW_POINTS = 15;

/** Fill per attitude: supporter green, neutral grey, opponent red; no attitude white. */
const FILLS: Record<string, string> = {
  "aplan.attitude.supporter": "#C6EFCE",
  "aplan.attitude.neutral": "#E7E6E6",
  "aplan.attitude.opponent": "#FFC7CE",
};
const ATTITUDE_KEYS = Object.keys(FILLS) as SheetLabelKey[];

/**
 * The buying-center columns the chart reads (TABLES.buyingCenter and BC in ./build.ts, which imports this
 * module: the numbers are repeated here, and a test checks they agree with BC).
 */
export const ORG_COLS = {
  name: 0,
  title: 1,
  reportsTo: 3,
  role: 4,
  attitude: 7,
} as const;
const COL = ORG_COLS;

function text(v: UserCell | undefined): string {
  if (isBlankCell(v) || isFormulaCell(v) || v === undefined || v === null)
    return "";
  return String(v).trim();
}

/** The attitude key of a typed value in either language ("Støttespiller" → supporter); undefined if none. */
export function attitudeKey(v: string): SheetLabelKey | undefined {
  const k = v.trim().toLowerCase();
  return ATTITUDE_KEYS.find((a) =>
    (["en", "nb"] as const).some((l) => SHEET_LABELS[l][a].toLowerCase() === k),
  );
}

/** Contacts from buying-center rows (full width, as read back); rows without a name are kept as blanks. */
export function orgContacts(rows: readonly UserCell[][]): OrgContact[] {
  return rows.map((r) => ({
    name: text(r[COL.name]),
    title: text(r[COL.title]),
    reportsTo: text(r[COL.reportsTo]),
    role: text(r[COL.role]),
    attitude: text(r[COL.attitude]),
  }));
}

/**
 * The shapes of the org chart of `rows` (buying-center rows as read back), anchored at (row, 0), fitting
 * `widthPoints` × ORG_CHART_ROWS rows: one "box" per named contact (`kam.org.box.<n>`) and one "line"
 * per reporting line (`kam.org.line.<n>`, glued to its two boxes), lines first so boxes lie on top. Role and title are shown in
 * the language typed. Also the names whose "Reports to" closed a cycle (drawn as roots).
 */
export function orgChartShapes(
  rows: readonly UserCell[][],
  row: number,
  widthPoints: number,
): { shapes: ShapeSpec[]; cycles: string[] } {
  const contacts = orgContacts(rows);
  const pad = 6;
  const lay = layoutOrgChart(contacts, {
    width: widthPoints - 2 * pad,
    height: ORG_CHART_ROWS * ROW_POINTS - 2 * pad,
    boxHeight: 40,
  });
  const shapes: ShapeSpec[] = [];
  const boxName = (i: number): string => `${SHAPE_PREFIX}box.${i + 1}`;
  lay.lines.forEach((l, n) => {
    const a = lay.boxes[l.from];
    const b = lay.boxes[l.to];
    const x1 = pad + a.x + a.w / 2;
    const y1 = pad + a.y + a.h;
    const x2 = pad + b.x + b.w / 2;
    const y2 = pad + b.y;
    shapes.push({
      name: `${SHAPE_PREFIX}line.${n + 1}`,
      kind: "line",
      row,
      col: 0,
      x: x1,
      y: y1,
      w: x2 - x1,
      h: y2 - y1,
      line: "#595959",
      from: boxName(l.from),
      to: boxName(l.to),
    });
  });
  lay.boxes.forEach((b, n) => {
    const c = contacts[b.index];
    const att = attitudeKey(c.attitude ?? "");
    const second = [c.title, c.role].filter((s) => s).join(" · ");
    shapes.push({
      name: boxName(n),
      kind: "box",
      row,
      col: 0,
      x: pad + b.x,
      y: pad + b.y,
      w: b.w,
      h: b.h,
      text: second ? [c.name, second] : [c.name],
      fill: att ? FILLS[att] : "#FFFFFF",
      line: "#7F7F7F",
    });
  });
  return { shapes, cycles: lay.cycles.map((i) => contacts[i].name) };
}

/** Caption and hint/cycle note of the block, in `language`. */
export function orgChartTexts(
  language: SheetLanguage,
  drawn: boolean,
  cycles: string[],
): { caption: string; note: string } {
  const L = SHEET_LABELS[language];
  const note = !drawn
    ? L["aplan.orgChart.hint"]
    : cycles.length > 0
      ? L["aplan.orgChart.cycles"].replace("{names}", cycles.join(", "))
      : "";
  return { caption: L["aplan.orgChart.caption"], note };
}
