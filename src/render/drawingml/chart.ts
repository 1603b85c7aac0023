/**
 * One ChartSpec → the XML of a DrawingML chart part (`xl/charts/chartN.xml`, ECMA-376 part 1 §21.2,
 * validated against dml-chart.xsd). Element order follows the schema's sequences, which Excel enforces.
 *
 * The chart's kind follows from its series (see ChartSeriesSpec in src/plan/spec.ts):
 * - any "bubble" series → a bubble chart; every series becomes a bubble series (Excel combines bubble charts
 *   with no other chart type). A series with `lines` (a quadrant line of two points) is drawn as error bars
 *   between its two points along the coordinate whose two values the spec knows as numbers (the quadrant
 *   lines' fixed 0 and 10); its bubbles are invisible. A series with `markers: false` has
 *   invisible bubbles too, so only its labels show (quadrant names in the corners).
 * - else any "scatter" series → a scatter chart (x and y value axes);
 * - else a category chart: "column" series as clustered columns, "barStacked" as stacked horizontal bars,
 *   "line" series as lines; a series on `secondaryAxis` goes to a second group with its own value axis on the
 *   right (0–100 % with `secondaryAxisPercent`) and a hidden category axis.
 *
 * Series formulas are sheet-qualified absolute references built by `sheetQualified` (the one builder of
 * sheet references, which doubles apostrophes in sheet names); caches hold what the spec knows (cells.ts).
 * Point labels (`labels`) are written per point as rich text from the cached label cells, up to
 * MAX_POINT_LABELS (as the Office.js renderer), since LibreOffice 7.4 does not read Excel 2013's
 * "value from cells" extension.
 */
import type { CellValue, ChartAxisSpec, ChartSeriesSpec, ChartSpec } from "../../plan/spec";
import { parseA1, sheetQualified } from "../../sheets/kit/address";
import { CellLookup, everyInRange, rangeValues } from "./cells";
import { NS, XML_HEADER, rgb, xmlText } from "./xml";

/** Most points labelled from cells per series (the Office.js renderer's limit, for the same reason). */
export const MAX_POINT_LABELS = 500;

/**
 * Most points a series' cache holds. A longer series (the Pareto of 388,000 customers) is written as its
 * reference alone: the cache is optional (CT_NumRef, CT_StrRef), Excel and LibreOffice draw from the cells
 * after the recalculation the file asks for, and caches of 388,000 points were the largest part of the file
 * and most of the time spent writing it (issue 12). Only a viewer that never calculates shows such a chart
 * empty.
 */
export const MAX_CACHED_POINTS = 10_000;

type Kind = "bubble" | "scatter" | "category";

/** The chart kind the series make (see above). */
export function chartKind(spec: ChartSpec): Kind {
  if (spec.series.some((s) => s.type === "bubble")) return "bubble";
  if (spec.series.some((s) => s.type === "scatter")) return "scatter";
  return "category";
}

/**
 * The chart part for `spec` on sheet `sheet` (its name in the workbook, for the series formulas).
 * @param cells what the sheet's spec knows of its cells (for the caches and point labels).
 * @throws Error when a series range is not one column or one row on the sheet.
 */
export function chartXml(spec: ChartSpec, sheet: string, cells: CellLookup): string {
  const kind = chartKind(spec);
  const ctx: Ctx = { sheet, cells, spec, numericCategories: new Map() };
  const groups = kind === "category" ? categoryGroups(ctx) : [kind === "bubble" ? bubbleGroup(ctx) : scatterGroup(ctx)];
  const axes = kind === "category" ? categoryAxes(ctx) : valueAxes(ctx);
  return (
    XML_HEADER +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">` +
    '<c:roundedCorners val="0"/>' +
    "<c:chart>" +
    title(spec.title, 1400) +
    '<c:autoTitleDeleted val="0"/>' +
    `<c:plotArea><c:layout/>${groups.join("")}${axes}</c:plotArea>` +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>' +
    "</c:chart>" +
    "</c:chartSpace>"
  );
}

interface Ctx {
  sheet: string;
  cells: CellLookup;
  spec: ChartSpec;
  /** Whether a categories range holds numbers only, by range: series usually share one (the Pareto's four). */
  numericCategories: Map<string, boolean>;
}

function title(text: string, size: number): string {
  return (
    "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>" +
    `<a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="${size}" b="1"/><a:t>${xmlText(text)}</a:t></a:r></a:p>` +
    '</c:rich></c:tx><c:overlay val="0"/></c:title>'
  );
}

/** `<c:f>` of a sheet-local range: `'Sheet name'!$C$2:$C$794`. */
function formula(ctx: Ctx, range: string): string {
  return `<c:f>${xmlText(sheetQualified(ctx.sheet, range, true))}</c:f>`;
}

function pointCount(range: string): number {
  const r = parseA1(range);
  return r ? Math.max(r.endRow - r.row, r.endCol - r.col) + 1 : 0;
}

/** A number reference with its cache (numbers the spec knows; other points left out; none beyond MAX_CACHED_POINTS). */
function numRef(ctx: Ctx, range: string, formatCode = "General"): string {
  if (pointCount(range) > MAX_CACHED_POINTS) return `<c:numRef>${formula(ctx, range)}</c:numRef>`;
  const values = rangeValues(range, ctx.cells);
  const pts = values
    .map((v, i) => (typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ""))
    .join("");
  return `<c:numRef>${formula(ctx, range)}<c:numCache><c:formatCode>${xmlText(formatCode)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache></c:numRef>`;
}

/** A string reference with its cache (texts and numbers the spec knows, as text; none beyond MAX_CACHED_POINTS). */
function strRef(ctx: Ctx, range: string): string {
  if (pointCount(range) > MAX_CACHED_POINTS) return `<c:strRef>${formula(ctx, range)}</c:strRef>`;
  const values = rangeValues(range, ctx.cells);
  const pts = values.map((v, i) => (known(v) ? `<c:pt idx="${i}"><c:v>${xmlText(String(v))}</c:v></c:pt>` : "")).join("");
  return `<c:strRef>${formula(ctx, range)}<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache></c:strRef>`;
}

function known(v: CellValue | undefined): v is string | number | boolean {
  return v !== undefined && v !== null && v !== "";
}

function numLit(values: number[]): string {
  return `<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join("")}</c:numLit>`;
}

function seriesHead(ctx: Ctx, s: ChartSeriesSpec, k: number): string {
  return `<c:idx val="${k}"/><c:order val="${k}"/><c:tx><c:v>${xmlText(s.name)}</c:v></c:tx>`;
}

const NO_LINE = "<a:ln><a:noFill/></a:ln>";

function solid(color: string): string {
  return `<a:solidFill><a:srgbClr val="${rgb(color)}"/></a:solidFill>`;
}

function lineProps(s: ChartSeriesSpec, width = 22225): string {
  const fill = s.color ? solid(s.color) : "";
  const dash = s.dashed ? '<a:prstDash val="dash"/>' : "";
  return `<a:ln w="${width}" cap="rnd">${fill}${dash}<a:round/></a:ln>`;
}

/** Per-point rich-text labels from the label cells (at most MAX_POINT_LABELS), placed `pos` of the point. */
function pointLabels(ctx: Ctx, s: ChartSeriesSpec, pos: string): string {
  if (!s.labels) return "";
  const texts = rangeValues(s.labels, ctx.cells);
  if (texts.length > MAX_POINT_LABELS) return "";
  const flags = (val: boolean): string =>
    `<c:showLegendKey val="0"/><c:showVal val="${val ? 1 : 0}"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>`;
  const one = texts
    .map((t, i) =>
      known(t)
        ? `<c:dLbl><c:idx val="${i}"/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="800"/><a:t>${xmlText(String(t))}</a:t></a:r></a:p></c:rich></c:tx>` +
          `<c:dLblPos val="${pos}"/>${flags(true)}</c:dLbl>`
        : "",
    )
    .join("");
  return `<c:dLbls>${one}${flags(false)}</c:dLbls>`;
}

// ---- category charts: columns, stacked bars, lines; secondary axis ------------------------------------

const AX = { cat: 101, val: 102, cat2: 103, val2: 104 } as const;

function categoryGroups(ctx: Ctx): string[] {
  const out: string[] = [];
  const indexed = ctx.spec.series.map((s, k) => ({ s, k }));
  const on = (secondary: boolean): typeof indexed => indexed.filter(({ s }) => !!s.secondaryAxis === secondary);
  for (const secondary of [false, true]) {
    const axes = secondary ? `<c:axId val="${AX.cat2}"/><c:axId val="${AX.val2}"/>` : `<c:axId val="${AX.cat}"/><c:axId val="${AX.val}"/>`;
    const columns = on(secondary).filter(({ s }) => s.type === "column");
    const bars = on(secondary).filter(({ s }) => s.type === "barStacked");
    const lines = on(secondary).filter(({ s }) => s.type === "line");
    if (columns.length > 0) {
      const gap = pointCount(columns[0].s.values) > 50 ? 0 : 60;
      out.push(
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
          columns.map(({ s, k }) => barSeries(ctx, s, k)).join("") +
          `<c:gapWidth val="${gap}"/>${axes}</c:barChart>`,
      );
    }
    if (bars.length > 0) {
      out.push(
        '<c:barChart><c:barDir val="bar"/><c:grouping val="stacked"/><c:varyColors val="0"/>' +
          bars.map(({ s, k }) => barSeries(ctx, s, k)).join("") +
          `<c:gapWidth val="60"/><c:overlap val="100"/>${axes}</c:barChart>`,
      );
    }
    if (lines.length > 0) {
      out.push(
        '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
          lines.map(({ s, k }) => lineSeries(ctx, s, k)).join("") +
          `<c:marker val="1"/>${axes}</c:lineChart>`,
      );
    }
  }
  return out;
}

function categories(ctx: Ctx, s: ChartSeriesSpec): string {
  if (!s.categories) return "";
  let numeric = ctx.numericCategories.get(s.categories);
  if (numeric === undefined) {
    numeric = everyInRange(s.categories, ctx.cells, (v) => v === undefined || typeof v === "number");
    ctx.numericCategories.set(s.categories, numeric);
  }
  return `<c:cat>${numeric ? numRef(ctx, s.categories) : strRef(ctx, s.categories)}</c:cat>`;
}

function barSeries(ctx: Ctx, s: ChartSeriesSpec, k: number): string {
  const sp = s.color ? `<c:spPr>${solid(s.color)}</c:spPr>` : "";
  return `<c:ser>${seriesHead(ctx, s, k)}${sp}<c:invertIfNegative val="0"/>${pointLabels(ctx, s, "ctr")}${categories(ctx, s)}<c:val>${numRef(ctx, s.values)}</c:val></c:ser>`;
}

function lineSeries(ctx: Ctx, s: ChartSeriesSpec, k: number): string {
  return (
    `<c:ser>${seriesHead(ctx, s, k)}<c:spPr>${lineProps(s)}</c:spPr><c:marker><c:symbol val="none"/></c:marker>` +
    `${pointLabels(ctx, s, "t")}${categories(ctx, s)}<c:val>${numRef(ctx, s.values)}</c:val><c:smooth val="0"/></c:ser>`
  );
}

function categoryAxes(ctx: Ctx): string {
  const { spec } = ctx;
  const horizontal = spec.series.some((s) => s.type === "barStacked");
  const secondary = spec.series.some((s) => s.secondaryAxis);
  const x = spec.xAxis ?? {};
  const y = spec.yAxis ?? {};
  const labels = x.labels !== false;
  let out =
    `<c:catAx><c:axId val="${AX.cat}"/><c:scaling><c:orientation val="${horizontal ? "maxMin" : "minMax"}"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${horizontal ? "l" : "b"}"/>${axisTitle(x)}<c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="${labels ? "out" : "none"}"/><c:minorTickMark val="none"/><c:tickLblPos val="${labels ? "low" : "none"}"/>` +
    `<c:crossAx val="${AX.val}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    // Categories run top to bottom on horizontal bars; the value axis then crosses at the last one (the bottom).
    valAx(AX.val, AX.cat, horizontal ? "b" : "l", y, true, horizontal ? "max" : "autoZero");
  if (secondary) {
    const percent: ChartAxisSpec = spec.secondaryAxisPercent ? { min: 0, max: 1, numberFormat: "0%" } : {};
    out +=
      `<c:catAx><c:axId val="${AX.cat2}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="1"/><c:axPos val="b"/>` +
      `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${AX.val2}"/><c:crosses val="autoZero"/>` +
      '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
      valAx(AX.val2, AX.cat2, "r", percent, false, "max");
  }
  return out;
}

function axisTitle(a: ChartAxisSpec): string {
  return a.title ? title(a.title, 1000).replace(/ b="1"/g, "") : "";
}

/** A value axis (`crosses`: where the other axis crosses it). */
function valAx(id: number, cross: number, pos: string, a: ChartAxisSpec, gridlines: boolean, crosses: "autoZero" | "max" | "min"): string {
  const max = a.max !== undefined ? `<c:max val="${a.max}"/>` : "";
  const min = a.min !== undefined ? `<c:min val="${a.min}"/>` : "";
  const fmt = a.numberFormat ? `<c:numFmt formatCode="${xmlText(a.numberFormat)}" sourceLinked="0"/>` : '<c:numFmt formatCode="General" sourceLinked="1"/>';
  return (
    `<c:valAx><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/>${max}${min}</c:scaling><c:delete val="0"/><c:axPos val="${pos}"/>` +
    (gridlines ? '<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>' : "") +
    `${axisTitle(a)}${fmt}<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${cross}"/><c:crosses val="${crosses}"/><c:crossBetween val="between"/></c:valAx>`
  );
}

// ---- scatter and bubble charts -------------------------------------------------------------------------

function valueAxes(ctx: Ctx): string {
  return (
    valAx(AX.cat, AX.val, "b", ctx.spec.xAxis ?? {}, false, "autoZero").replace('<c:crossBetween val="between"/>', '<c:crossBetween val="midCat"/>') +
    valAx(AX.val, AX.cat, "l", ctx.spec.yAxis ?? {}, true, "autoZero").replace('<c:crossBetween val="between"/>', '<c:crossBetween val="midCat"/>')
  );
}

function xyValues(ctx: Ctx, s: ChartSeriesSpec): string {
  const x = s.categories ? `<c:xVal>${numRef(ctx, s.categories)}</c:xVal>` : "";
  return `${x}<c:yVal>${numRef(ctx, s.values)}</c:yVal>`;
}

function scatterGroup(ctx: Ctx): string {
  const series = ctx.spec.series.map((s, k) => {
    const markers = s.markers !== false;
    const marker = markers
      ? `<c:marker><c:symbol val="circle"/><c:size val="6"/>${s.color ? `<c:spPr>${solid(s.color)}${NO_LINE}</c:spPr>` : ""}</c:marker>`
      : '<c:marker><c:symbol val="none"/></c:marker>';
    const sp = s.lines ? lineProps(s) : NO_LINE;
    return `<c:ser>${seriesHead(ctx, s, k)}<c:spPr>${sp}</c:spPr>${marker}${pointLabels(ctx, s, "r")}${xyValues(ctx, s)}<c:smooth val="0"/></c:ser>`;
  });
  return `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${series.join("")}<c:axId val="${AX.cat}"/><c:axId val="${AX.val}"/></c:scatterChart>`;
}

function bubbleGroup(ctx: Ctx): string {
  const series = ctx.spec.series.map((s, k) => {
    const visible = s.type === "bubble" || (s.markers !== false && !s.lines);
    const sp = visible
      ? `<c:spPr>${s.color ? solid(s.color) : ""}<a:ln w="9525"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr>`
      : `<c:spPr><a:noFill/>${NO_LINE}</c:spPr>`;
    // A series without sizes (lines, labels) takes its x cells as sizes: LibreOffice drops a bubble series
    // whose sizes are literals, and its invisible bubbles are tiny next to revenue-sized ones.
    const sizeRange = s.sizes ?? s.categories;
    const sizes = `<c:bubbleSize>${sizeRange ? numRef(ctx, sizeRange) : numLit(new Array<number>(pointCount(s.values)).fill(1))}</c:bubbleSize>`;
    const pos = s.type === "bubble" ? "r" : "ctr";
    return (
      `<c:ser>${seriesHead(ctx, s, k)}${sp}<c:invertIfNegative val="0"/>${pointLabels(ctx, s, pos)}${s.lines ? errorBarLine(ctx, s) : ""}` +
      `${xyValues(ctx, s)}${sizes}<c:bubble3D val="0"/></c:ser>`
    );
  });
  return (
    `<c:bubbleChart><c:varyColors val="0"/>${series.join("")}<c:bubbleScale val="35"/><c:showNegBubbles val="0"/><c:sizeRepresents val="area"/>` +
    `<c:axId val="${AX.cat}"/><c:axId val="${AX.val}"/></c:bubbleChart>`
  );
}

/**
 * A two-point line inside a bubble chart, as error bars: along y when the spec knows both y values as
 * numbers (a vertical line from y₀ to y₁), else along x when it knows both x values; from the first point
 * only (the second gets 0). Nothing when neither is known.
 */
function errorBarLine(ctx: Ctx, s: ChartSeriesSpec): string {
  const nums = (range: string | undefined): number[] | undefined => {
    if (!range) return undefined;
    const v = rangeValues(range, ctx.cells);
    return v.length === 2 && v.every((x) => typeof x === "number") ? (v as number[]) : undefined;
  };
  const ys = nums(s.values);
  const xs = nums(s.categories);
  const along = ys && ys[0] !== ys[1] ? { dir: "y", v: ys } : xs && xs[0] !== xs[1] ? { dir: "x", v: xs } : undefined;
  if (!along) return "";
  const [a, b] = along.v;
  const line = `<c:spPr>${lineProps({ ...s, color: s.color ?? "#7F7F7F" }, 15875)}</c:spPr>`;
  const head = `<c:errBars><c:errDir val="${along.dir}"/>`;
  if (Math.min(a, b) === 0 && Math.max(a, b) > 0) {
    // From 0 to v: "minus 100 %" of each point's own value draws it from the far point (the other adds
    // nothing); LibreOffice draws percentage error bars but not custom ones.
    return `${head}<c:errBarType val="minus"/><c:errValType val="percentage"/><c:noEndCap val="1"/><c:val val="100"/>${line}</c:errBars>`;
  }
  return (
    `${head}<c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="1"/>` +
    `<c:plus>${numLit([Math.max(b - a, 0), 0])}</c:plus><c:minus>${numLit([Math.max(a - b, 0), 0])}</c:minus>${line}</c:errBars>`
  );
}
