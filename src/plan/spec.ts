/**
 * WorkbookSpec: plain data describing the sheets the add-in writes. Built by `src/plan`, interpreted by
 * the renderers (`src/render/xlsx.ts` for files, `src/render/office.ts` inside Excel). No host types here.
 *
 * Coordinates are 0-based (row, col) within the sheet. Formulas are en-US syntax with a leading "=".
 */

/** One cell value. Strings are user text: renderers always write them literally (never as formulas). */
export type CellValue = string | number | boolean | null;

/** A rectangular block written at (row, col). `values[r][c]`; a `formula` entry wins over the value. */
export interface Block {
  row: number;
  col: number;
  values: CellValue[][];
  /** Same shape as `values` or omitted; "" or undefined entries mean "no formula". */
  formulas?: (string | undefined)[][];
  /** One Excel number format per column of the block (e.g. "0.0%", "#,##0.00", "@"). */
  numberFormats?: (string | undefined)[];
  /** Bold header-like text. */
  bold?: boolean;
  /** Who owns the cells: "generated" is refreshed by the add-in; "user" is never overwritten once present. */
  owner?: "generated" | "user";
  /** Background colour of every cell of the block ("#FFF2CC"), e.g. to mark input cells. */
  fill?: string;
  /** Wrap long text inside the cells (top-aligned). */
  wrap?: boolean;
  /** Italic text (notes, explanations). */
  italic?: boolean;
  /**
   * Horizontal alignment per column of the block (undefined: the application's default, text left and
   * numbers right). Headers over numbers are "right", so they line up with the figures below them.
   */
  align?: (HorizontalAlign | undefined)[];
}

/** Horizontal alignment of cell contents. */
export type HorizontalAlign = "left" | "center" | "right";

export interface TableSpec {
  /** Excel table name, unique in the workbook (e.g. "tblABC"). */
  name: string;
  row: number;
  col: number;
  headers: string[];
  /** Data rows (no header). Strings are literal text. */
  rows: CellValue[][];
  /** Optional per-column formulas (structured references allowed); undefined = plain values. */
  columnFormulas?: (string | undefined)[];
  numberFormats?: (string | undefined)[];
  style?: string;
  /** Alignment of each column's header cell (e.g. "right" over a column of numbers). */
  headerAlign?: (HorizontalAlign | undefined)[];
}

/**
 * One series of a chart. The same description goes to both renderers (issue 11 part 2): the Office.js
 * renderer (src/render/office.ts) and the DrawingML writer of files (src/render/drawingml/).
 *
 * Series types and what each renderer draws:
 * - "column": clustered columns (category chart).
 * - "line": a line over the categories; on `secondaryAxis` it uses the secondary value axis.
 * - "barStacked": horizontal bars, stacked with the chart's other "barStacked" series (e.g. open / overdue /
 *   done actions per account).
 * - "scatter": x/y points (`categories` are the x values); `markers` and `lines` choose dots, a line or both.
 * - "bubble": x/y points sized by `sizes`. Office.js cannot create bubble charts (ChartType "Bubble" is refused
 *   for a chart built from a range of one column and its series cannot be given sizes), so the Office.js
 *   renderer draws a bubble series as a plain scatter ("XYScatter", all points the same size); the file renders a
 *   real bubble chart. In a file's bubble chart every other series of the chart is a bubble series too (Excel
 *   combines bubble charts with no other type): a scatter series with `lines` is drawn as its points joined by
 *   error bars, one with `markers: false` has no visible bubbles (only its labels show).
 */
export interface ChartSeriesSpec {
  name: string;
  /** Sheet-local A1 range of the values (y values of scatter and bubble series), e.g. "C2:C794". */
  values: string;
  /** Chart type of this series; series of several types in one chart make a combo chart. */
  type: "column" | "line" | "scatter" | "bubble" | "barStacked";
  secondaryAxis?: boolean;
  /** A1 range of x values (scatter, bubble) or categories. */
  categories?: string;
  /** Bubble series: A1 range of the bubble sizes (e.g. revenue), same length as `values`. */
  sizes?: string;
  /** A1 range with one label per point (e.g. the customer names of a scatter series). */
  labels?: string;
  /** Scatter series: draw markers at the points (default true). */
  markers?: boolean;
  /** Scatter series: join the points with a line (default false), e.g. a quadrant line. */
  lines?: boolean;
  /** Fill or line colour, "#RRGGBB"; the application's palette when omitted. */
  color?: string;
  /** Line series: dashed (limit lines). */
  dashed?: boolean;
}

export interface ChartAxisSpec {
  title?: string;
  min?: number;
  max?: number;
  /** Excel number format of the tick labels, e.g. "0%". */
  numberFormat?: string;
  /**
   * Category axis: false leaves out the tick labels (a Pareto over thousands of customers, whose names
   * would be an unreadable smear); the axis line stays. Default true.
   */
  labels?: boolean;
}

/**
 * A chart on a sheet. Every range is on the chart's own sheet, so the chart follows what a person edits
 * there (ratings, midpoints). The kinds in use: ABC Pareto (columns + cumulative line on a secondary 0–100 %
 * axis + two dashed limit lines), Profitability whale curve (scatter with lines), Portfolio KAISM matrix
 * (bubble; a scatter in Office.js, see ChartSeriesSpec), Overview action status (stacked bars).
 */
export interface ChartSpec {
  title: string;
  /** Anchor cell (top-left) and size in cells. */
  row: number;
  col: number;
  widthCols: number;
  heightRows: number;
  series: ChartSeriesSpec[];
  /** Secondary axis from 0 to 1 shown as percent (Pareto line). */
  secondaryAxisPercent?: boolean;
  /** Horizontal (category or x) axis; for horizontal bars the axis of the categories (drawn vertically). */
  xAxis?: ChartAxisSpec;
  /** Vertical (primary value or y) axis; for horizontal bars the value axis (drawn horizontally). */
  yAxis?: ChartAxisSpec;
}

export interface ValidationSpec {
  /** A1 range within the sheet. */
  range: string;
  kind: "list" | "wholeNumber" | "decimal";
  list?: string[];
  /**
   * A list whose values are the cells a formula names, instead of `list`: en-US, absolute, e.g.
   * "='Voice of the customer'!$A$9:$A$13" (a list longer than 255 characters, or one that follows a sheet).
   */
  listFormula?: string;
  /** What Excel does with a value outside the rule: "stop" refuses it (default); "warning" asks to keep it. */
  alert?: "stop" | "warning";
  min?: number;
  max?: number;
  /** Message shown when a value is refused (and as the input prompt). */
  message?: string;
}

export interface ConditionalFormatSpec {
  range: string;
  /** Formula relative to the top-left cell of `range`, en-US. */
  formula: string;
  fill: string;
  fontColor?: string;
}

export interface SheetSpec {
  /** Desired name; renderers sanitise it through `src/sheets/kit/address.ts`. */
  name: string;
  /** Stable id the add-in uses to recognise its own sheets on refresh (e.g. "kam.abc"). */
  id: string;
  blocks: Block[];
  tables: TableSpec[];
  charts: ChartSpec[];
  validations: ValidationSpec[];
  conditionalFormats: ConditionalFormatSpec[];
  /** Column widths in characters, by 0-based column index. */
  columnWidths?: Record<number, number>;
  /** Row heights in points, by 0-based row index (e.g. a header row of wrapped text). */
  rowHeights?: Record<number, number>;
  freeze?: { rows: number; cols: number };
  hidden?: boolean;
  /** Merged cell ranges (A1, e.g. "B12:M12"); the value lives in the top-left cell. Optional. */
  merges?: string[];
  /** Page setup for printing. Optional; renderers that cannot apply it skip it. */
  print?: PrintSpec;
  // Issue 14: orgchart
  /** Drawn shapes (the plan's org chart): boxes and lines, each named with SHAPE_PREFIX. Optional. */
  shapes?: ShapeSpec[];
}

// Issue 14: orgchart
/** Every shape the add-in draws is named with this prefix; a refresh replaces those and no other shape. */
export const SHAPE_PREFIX = "kam.org.";

/**
 * A shape drawn on a sheet, placed relative to the top-left corner of its anchor cell (row, col), in
 * points (1/72 inch): `x`, `y` offset right and down from that corner, `w`, `h` its size. Both renderers
 * draw the same: the file as DrawingML (src/render/drawingml/shapes.ts), Excel through Office.js.
 * - "box": a rounded rectangle with `text` (one line per entry, the first bold), `fill` and `line` colours.
 * - "line": a straight line from (x, y) to (x + w, y + h); `w` may be negative (leftwards), `h` is >= 0.
 *   With `from`/`to` it is a connector glued to those boxes (the bottom centre of `from`, the top centre of
 *   `to`), so it follows them when a person moves a box in Excel.
 */
export interface ShapeSpec {
  /** Unique on the sheet, starting with SHAPE_PREFIX (e.g. "kam.org.3"). */
  name: string;
  kind: "box" | "line";
  row: number;
  col: number;
  x: number;
  y: number;
  w: number;
  h: number;
  text?: string[];
  /** "#RRGGBB" fill of a box. */
  fill?: string;
  /** "#RRGGBB" outline of a box or colour of a line. */
  line?: string;
  /** A line's boxes, by name: it starts at the bottom centre of `from` and ends at the top centre of `to`. */
  from?: string;
  to?: string;
}

/**
 * Connection sites of a rectangle or rounded rectangle, 0-based, counter-clockwise from the top: the order
 * of the preset geometry's `cxnLst` (DrawingML `idx`) and of Office.js `Line.connectBeginShape`.
 */
export const BOX_SITE = { top: 0, left: 1, bottom: 2, right: 3 } as const;

/** How a sheet prints: paper, orientation, scaling, print area and rows repeated on every page. */
export interface PrintSpec {
  paper?: "A4";
  orientation?: "portrait" | "landscape";
  /** Scale the print area to one page wide (any number of pages tall). */
  fitToWidth?: boolean;
  /** A1 range of the print area, e.g. "A1:M140". */
  area?: string;
  /** 0-based first and last row repeated at the top of every printed page. */
  repeatRows?: [number, number];
  /** 0-based rows that start a new printed page (manual page breaks), e.g. below a one-page summary. */
  rowBreaks?: number[];
  /** Plain text printed centred in the page header, e.g. the sheet's title (renderers escape "&"). */
  title?: string;
  /**
   * Page numbers centred in the footer, in the sheet's language: "{page}" and "{pages}" stand for the
   * page number and the page count ("Page {page} of {pages}"). Built by `printSetup` (src/sheets/kit/print.ts).
   */
  pageNumbers?: string;
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
}
