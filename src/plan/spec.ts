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

export interface ChartSeriesSpec {
  name: string;
  /** Sheet-local A1 range of the values, e.g. "C2:C794". */
  values: string;
  /** "column" | "line" | "scatter"; per-series type for combo charts. */
  type: "column" | "line" | "scatter";
  secondaryAxis?: boolean;
  /** A1 range of x values (scatter) or categories. */
  categories?: string;
  /** A1 range with one label per point (e.g. the customer names of a scatter series). */
  labels?: string;
  /** Scatter series: draw markers at the points (default true). */
  markers?: boolean;
  /** Scatter series: join the points with a line (default false), e.g. a quadrant line. */
  lines?: boolean;
}

export interface ChartAxisSpec {
  title?: string;
  min?: number;
  max?: number;
  /** Excel number format of the tick labels, e.g. "0%". */
  numberFormat?: string;
}

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
  /** Horizontal (category or x) axis. */
  xAxis?: ChartAxisSpec;
  /** Vertical (primary value or y) axis. */
  yAxis?: ChartAxisSpec;
}

export interface ValidationSpec {
  /** A1 range within the sheet. */
  range: string;
  kind: "list" | "wholeNumber" | "decimal";
  list?: string[];
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
}

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
