/**
 * Proxy objects of the fake Excel JavaScript API. Like the real ones they hold no data: setting a
 * property or calling a method queues an operation; `load("a,b")` queues a read; `context.sync()` runs
 * the queue in order against the model (`model.ts`) and only then makes loaded values readable.
 *
 * Strict where Excel is strict: reading a property that was neither loaded nor set throws
 * PropertyNotLoaded; `getItem` of a missing object fails at sync with ItemNotFound; `*OrNullObject`
 * proxies expose `isNullObject` after the next sync; a sync whose queued arguments exceed 5 MB fails with
 * RequestPayloadSizeLimitExceeded, and one whose loaded values exceed 5 MB with
 * ResponsePayloadSizeLimitExceeded (Excel on the web's limits); every sync is recorded in
 * `FakeWorkbook.syncs`.
 *
 * Only the part of the API the add-in uses is implemented; anything else is simply absent, so code that
 * strays outside it fails loudly in tests.
 */
import {
  MAX_COLS,
  MAX_ROWS,
  Rect,
  checkBounds,
  cols,
  contains,
  formatRect,
  intersects,
  parseAddress,
  quoteSheet,
  rect,
  rows,
} from "./address";
import {
  ChartAxisGroup,
  ChartAxisType,
  ChartType,
  ConditionalFormatType,
  DataValidationOperator,
  enumValues,
} from "./enums";
import { applyEdit, editOf } from "./edit";
import { FakeOfficeError, fail } from "./errors";
import { checkFormula } from "./formula";
import {
  AxisModel,
  ChartModel,
  ShapeModel,
  ConditionalFormatModel,
  CustomPropertyModel,
  FakeSheet,
  FakeWorkbook,
  NamedItemModel,
  HeaderFooterKey,
  PageLayoutModel,
  RangeRef,
  SeriesModel,
  SyncRecord,
  TableModel,
  ValidationModel,
} from "./model";

// ------------------------------------------------------------------------------------------------
// Request context and the operation queue
// ------------------------------------------------------------------------------------------------

interface Commit {
  bytes: number;
  apply: () => void;
}

interface Op {
  label: string;
  bytes: number;
  run: (commits: Commit[]) => void;
}

/** UTF-8 length of a string, without allocating (works in browsers and Node). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Payload of an operation: the JSON of its arguments (proxies count as their path). */
export function payloadBytes(args: readonly unknown[]): number {
  const plain = args.map((a) => (a instanceof ProxyBase ? a._path : a));
  return utf8Length(JSON.stringify(plain) ?? "");
}

export class FakeRequestContext {
  readonly workbook: WorkbookProxy;
  readonly application: ApplicationProxy;
  /** Accepted and ignored: the fake keeps every proxy valid for the context's lifetime. */
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  private pending: Op[] = [];
  private closed = false;
  calculationSuspended = false;
  screenUpdatingSuspended = false;

  constructor(readonly fake: FakeWorkbook) {
    this.workbook = new WorkbookProxy(this, "workbook", () => fake);
    this.application = this.workbook.application;
  }

  _queue(op: Op): void {
    if (this.closed)
      fail(
        "InvalidRequestContext",
        "This request context has ended (Excel.run has finished).",
        op.label,
      );
    this.pending.push(op);
  }

  /** Number of operations waiting for the next sync. */
  get pendingOps(): number {
    return this.pending.length;
  }

  _close(): void {
    this.closed = true;
  }

  /**
   * Run every queued operation in order. Changes made before a failing operation stay (as in Excel);
   * the rest of the queue is dropped and loaded values of this sync are not delivered.
   */
  async sync(): Promise<void> {
    if (this.closed)
      throw new FakeOfficeError(
        "InvalidRequestContext",
        "This request context has ended.",
      );
    const ops = this.pending;
    this.pending = [];
    const record: SyncRecord = {
      requestBytes: ops.reduce((n, op) => n + op.bytes, 0),
      responseBytes: 0,
      ops: ops.length,
      calculationSuspended: this.calculationSuspended,
      screenUpdatingSuspended: this.screenUpdatingSuspended,
    };
    this.calculationSuspended = false;
    this.screenUpdatingSuspended = false;
    this.fake.syncs.push(record);
    await Promise.resolve();
    try {
      this.process(ops, record);
    } catch (e) {
      record.error = (e as { code?: string }).code ?? "GeneralException";
      throw e;
    }
  }

  private process(ops: Op[], record: SyncRecord): void {
    if (record.requestBytes > this.fake.limits.maxRequestBytes) {
      throw new FakeOfficeError(
        "RequestPayloadSizeLimitExceeded",
        `The request payload size (${record.requestBytes} bytes) has exceeded the limit of ${this.fake.limits.maxRequestBytes} bytes.`,
      );
    }
    const commits: Commit[] = [];
    for (const op of ops) {
      try {
        op.run(commits);
      } catch (e) {
        if (e instanceof FakeOfficeError && !e.debugInfo.errorLocation)
          (e.debugInfo as { errorLocation?: string }).errorLocation = op.label;
        throw e;
      }
    }
    record.responseBytes = commits.reduce((n, c) => n + c.bytes, 0);
    if (record.responseBytes > this.fake.limits.maxResponseBytes) {
      throw new FakeOfficeError(
        "ResponsePayloadSizeLimitExceeded",
        `The response payload size (${record.responseBytes} bytes) has exceeded the limit of ${this.fake.limits.maxResponseBytes} bytes.`,
      );
    }
    for (const c of commits) c.apply();
  }
}

// ------------------------------------------------------------------------------------------------
// Proxy base: properties, loads, null objects
// ------------------------------------------------------------------------------------------------

/** Getter/setter of one property against the model; `never` parameters accept any concrete model type. */
interface PropDef {
  get: (m: never) => unknown;
  set?: (m: never, v: unknown) => void;
}

const NOT_LOADED = (name: string, path: string) =>
  new FakeOfficeError(
    "PropertyNotLoaded",
    `The property '${name}' is not available. Before reading the property's value, call the load method on the ` +
      `containing object and call "context.sync()" on the associated request context. (${path})`,
  );

function jsonBytes(v: unknown): number {
  return utf8Length(JSON.stringify(v) ?? "null");
}

function isGone(m: unknown): boolean {
  if (m === null || m === undefined) return true;
  const o = m as {
    deleted?: boolean;
    sheet?: { deleted?: boolean };
    table?: { deleted?: boolean };
    chart?: { deleted?: boolean };
    shape?: { deleted?: boolean };
  };
  return !!(
    o.deleted ||
    o.sheet?.deleted ||
    o.table?.deleted ||
    o.chart?.deleted ||
    o.shape?.deleted
  );
}

type LoadSpec =
  string | string[] | { select?: string; expand?: string } | undefined;

function loadPaths(spec: LoadSpec): string[][] {
  let list: string[] = [];
  if (spec === undefined) return [[]];
  if (typeof spec === "string") list = spec.split(",");
  else if (Array.isArray(spec)) list = spec.flatMap((s) => s.split(","));
  else
    list = [
      ...(spec.select ?? "").split(","),
      ...(spec.expand ?? "").split(","),
    ];
  const paths = list
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => s.split("/").map((x) => x.trim()));
  return paths.length ? paths : [[]];
}

export abstract class ProxyBase {
  /** Property values known on the client: set locally, or delivered by a load at sync. */
  protected _values = new Map<string, unknown>();
  /** true/false once a sync has told whether the object exists; undefined before. */
  protected _nullState: boolean | undefined;
  private _cache: unknown;
  private _resolved = false;
  private _kids = new Map<string, ProxyBase>();
  /** Set by *OrNullObject methods. */
  _nullable = false;

  constructor(
    readonly context: FakeRequestContext,
    readonly _path: string,
    private readonly _resolver: () => unknown,
  ) {}

  protected get _defs(): Record<string, PropDef> {
    return (
      (Object.getPrototypeOf(this) as { _propDefs?: Record<string, PropDef> })
        ._propDefs ?? {}
    );
  }

  protected get _navs(): readonly string[] {
    return (
      (Object.getPrototypeOf(this) as { _navNames?: string[] })._navNames ?? []
    );
  }

  /** The model object behind the proxy; ItemNotFound when it does not (or no longer) exist. */
  _model<T>(): T {
    const m = this._peek();
    if (isGone(m))
      fail(
        "ItemNotFound",
        `The requested resource doesn't exist (${this._path}).`,
        this._path,
      );
    return m as T;
  }

  /** Resolve without failing on a null object (for loads on *OrNullObject proxies). */
  _peek(): unknown {
    if (!this._resolved) {
      const m = this._resolver();
      this._cache = m;
      this._resolved = true;
    }
    return this._cache;
  }

  _setModel(m: unknown): void {
    this._cache = m;
    this._resolved = true;
  }

  _get(name: string): unknown {
    if (this._nullState === true) return undefined; // Office.js: properties of a null object read as undefined
    if (this._values.has(name)) return this._values.get(name);
    throw NOT_LOADED(name, this._path);
  }

  _set(name: string, value: unknown): void {
    const def = this._defs[name];
    this._values.set(name, value);
    this.context._queue({
      label: `${this._path}.${name}`,
      bytes: payloadBytes([value]),
      run: () => def.set!(this._model<never>(), value),
    });
  }

  /** Queue a method call. Proxies passed as arguments must belong to the same context. */
  _call(method: string, args: unknown[], run: (m: never) => void): void {
    for (const a of args) {
      if (a instanceof ProxyBase && a.context !== this.context) {
        fail(
          "InvalidRequestContext",
          "Cannot use an object across different request contexts.",
          `${this._path}.${method}`,
        );
      }
    }
    this.context._queue({
      label: `${this._path}.${method}(…)`,
      bytes: payloadBytes([method, ...args]),
      run: () => run(this._model<never>()),
    });
  }

  /** A navigation property: always the same child proxy, so loads on it are visible through it. */
  protected _kid<T extends ProxyBase>(key: string, make: () => T): T {
    let k = this._kids.get(key) as T | undefined;
    if (!k) this._kids.set(key, (k = make()));
    return k;
  }

  /** Mark a proxy created by an *OrNullObject method: its existence is reported at the next sync. */
  _markNullable(): this {
    this._nullable = true;
    this.context._queue({
      label: `${this._path}`,
      bytes: payloadBytes([this._path]),
      run: (commits) => {
        const gone = isGone(this._peek());
        commits.push({ bytes: 5, apply: () => (this._nullState = gone) });
      },
    });
    return this;
  }

  get isNullObject(): boolean {
    if (this._nullState === undefined)
      throw NOT_LOADED("isNullObject", this._path);
    return this._nullState;
  }

  load(spec?: LoadSpec): this {
    const paths = loadPaths(spec);
    this.context._queue({
      label: `${this._path}.load(${JSON.stringify(spec ?? "")})`,
      bytes: payloadBytes([spec ?? null]),
      run: (commits) => {
        for (const p of paths) this._loadPath(p, commits);
      },
    });
    return this;
  }

  _loadPath(segs: string[], commits: Commit[]): void {
    if (this._nullable && isGone(this._peek())) {
      commits.push({ bytes: 5, apply: () => (this._nullState = true) });
      return;
    }
    const m = this._model<unknown>();
    commits.push({ bytes: 0, apply: () => (this._nullState = false) });
    const defs = this._defs;
    if (segs.length === 0) {
      for (const name of Object.keys(defs))
        this._loadProp(name, defs[name], m, commits);
      return;
    }
    const [head, ...rest] = segs;
    if (defs[head] && rest.length === 0)
      return this._loadProp(head, defs[head], m, commits);
    if (this._navs.includes(head))
      return (this as unknown as Record<string, ProxyBase>)[head]._loadPath(
        rest,
        commits,
      );
    fail(
      "InvalidArgument",
      `Cannot load "${segs.join("/")}" on ${this.constructor.name}.`,
      this._path,
    );
  }

  private _loadProp(
    name: string,
    def: PropDef,
    m: unknown,
    commits: Commit[],
  ): void {
    const v = def.get(m as never);
    commits.push({
      bytes: jsonBytes(v) + name.length + 4,
      apply: () => this._values.set(name, v),
    });
  }

  /** Plain object of the loaded properties, like the real `toJSON()`. */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._values);
  }
}

/**
 * Define scalar properties on a proxy class. Read-only ones get no setter, so assigning them throws a
 * TypeError in strict code — as with the real API's getter-only properties.
 */
function props(
  cls: { prototype: object },
  defs: Record<string, PropDef>,
  navs: string[] = [],
): void {
  const proto = cls.prototype as {
    _propDefs?: Record<string, PropDef>;
    _navNames?: string[];
  };
  proto._propDefs = defs;
  proto._navNames = navs;
  for (const [name, def] of Object.entries(defs)) {
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: ProxyBase) {
        return this._get(name);
      },
      ...(def.set
        ? {
            set(this: ProxyBase, v: unknown) {
              this._set(name, v);
            },
          }
        : {}),
    });
  }
}

/** A collection: `items` after `load("items/…")` (or the shorthand `load("name")`). */
abstract class CollectionProxy<TItem extends ProxyBase> extends ProxyBase {
  protected abstract _itemModels(m: never): unknown[];
  protected abstract _item(model: unknown, index: number): TItem;
  private _itemsSync: Commit[] | undefined;
  private _syncItems: TItem[] = [];

  get items(): TItem[] {
    return this._get("items") as TItem[];
  }

  _loadPath(segs: string[], commits: Commit[]): void {
    if (segs.length === 1 && this._defs[segs[0]])
      return super._loadPath(segs, commits);
    const rest = segs[0] === "items" ? segs.slice(1) : segs;
    // One set of item proxies per sync, shared by every path loaded on this collection in that sync.
    if (this._itemsSync !== commits) {
      const models = this._itemModels(this._model<never>());
      const items = models.map((m, i) => this._item(m, i));
      this._itemsSync = commits;
      this._syncItems = items;
      commits.push({ bytes: 2, apply: () => this._values.set("items", items) });
    }
    for (const item of this._syncItems) item._loadPath(rest, commits);
  }
}

const fixed =
  <T>(m: T) =>
  () =>
    m;

// ------------------------------------------------------------------------------------------------
// Workbook, application
// ------------------------------------------------------------------------------------------------

export class ApplicationProxy extends ProxyBase {
  declare readonly calculationMode: string;
  /** Excel skips recalculation until the next sync: big writes don't trigger thousands of recalcs. */
  suspendApiCalculationUntilNextSync(): void {
    this._call("suspendApiCalculationUntilNextSync", [], () => undefined);
    this.context.calculationSuspended = true;
  }
  /** Excel doesn't repaint until the next sync. */
  suspendScreenUpdatingUntilNextSync(): void {
    this._call("suspendScreenUpdatingUntilNextSync", [], () => undefined);
    this.context.screenUpdatingSuspended = true;
  }
}
props(ApplicationProxy, { calculationMode: { get: () => "Automatic" } });

export class WorkbookProxy extends ProxyBase {
  get worksheets(): WorksheetCollectionProxy {
    return this._kid(
      "worksheets",
      () =>
        new WorksheetCollectionProxy(this.context, "worksheets", () =>
          this._model(),
        ),
    );
  }
  get tables(): TableCollectionProxy {
    return this._kid(
      "tables",
      () =>
        new TableCollectionProxy(this.context, "tables", () => ({
          fake: this._model<FakeWorkbook>(),
        })),
    );
  }
  get names(): NamedItemCollectionProxy {
    return this._kid(
      "names",
      () =>
        new NamedItemCollectionProxy(this.context, "names", () =>
          this._model(),
        ),
    );
  }
  get application(): ApplicationProxy {
    return this._kid(
      "application",
      () =>
        new ApplicationProxy(this.context, "application", () => this._model()),
    );
  }
  getSelectedRange(): RangeProxy {
    return new RangeProxy(this.context, "workbook.getSelectedRange()", () => {
      const sel = this._model<FakeWorkbook>().selection;
      if (!sel)
        fail("ItemNotFound", "Nothing is selected.", "getSelectedRange");
      return { ...sel };
    });
  }
  getActiveCell(): RangeProxy {
    return new RangeProxy(this.context, "workbook.getActiveCell()", () => {
      const sel = this._model<FakeWorkbook>().selection;
      if (!sel) fail("ItemNotFound", "Nothing is selected.", "getActiveCell");
      return { sheet: sel.sheet, rect: rect(sel.rect.r0, sel.rect.c0) };
    });
  }
}
props(WorkbookProxy, {}, ["worksheets", "tables", "names", "application"]);

// ------------------------------------------------------------------------------------------------
// Worksheets
// ------------------------------------------------------------------------------------------------

export class WorksheetCollectionProxy extends CollectionProxy<WorksheetProxy> {
  declare readonly count: number;
  protected _itemModels(m: FakeWorkbook): unknown[] {
    return m.liveSheets();
  }
  protected _item(model: unknown): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      `worksheets[${(model as FakeSheet).name}]`,
      fixed(model),
    );
  }
  add(name?: string): WorksheetProxy {
    const px = new WorksheetProxy(
      this.context,
      `worksheets.add(${JSON.stringify(name ?? "")})`,
      () =>
        fail(
          "InvalidOperation",
          "The sheet was used before it was added.",
          "worksheets.add",
        ),
    );
    this._call("add", [name ?? null], (fake: FakeWorkbook) =>
      px._setModel(fake.addSheet(name)),
    );
    return px;
  }
  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      `worksheets.getItem(${JSON.stringify(key)})`,
      () => {
        const s = this._model<FakeWorkbook>().findSheet(key);
        if (!s)
          fail(
            "ItemNotFound",
            `The requested resource doesn't exist (worksheet "${key}").`,
            "worksheets.getItem",
          );
        return s;
      },
    );
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      `worksheets.getItemOrNullObject(${JSON.stringify(key)})`,
      () => this._model<FakeWorkbook>().findSheet(key) ?? null,
    )._markNullable();
  }
  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(
      this.context,
      "worksheets.getActiveWorksheet()",
      () => {
        const s = this._model<FakeWorkbook>().activeSheet;
        if (!s)
          fail("ItemNotFound", "No active worksheet.", "getActiveWorksheet");
        return s;
      },
    );
  }
}
props(WorksheetCollectionProxy, {
  count: { get: (m: FakeWorkbook) => m.liveSheets().length },
});

export class WorksheetProxy extends ProxyBase {
  declare name: string;
  declare visibility: "Visible" | "Hidden" | "VeryHidden";
  declare readonly id: string;
  declare readonly position: number;

  get tables(): TableCollectionProxy {
    return this._kid(
      "tables",
      () =>
        new TableCollectionProxy(this.context, `${this._path}.tables`, () => {
          const s = this._model<FakeSheet>();
          return { fake: s.workbook, sheet: s };
        }),
    );
  }
  get charts(): ChartCollectionProxy {
    return this._kid(
      "charts",
      () =>
        new ChartCollectionProxy(this.context, `${this._path}.charts`, () =>
          this._model(),
        ),
    );
  }
  // Issue 14: orgchart
  get shapes(): ShapeCollectionProxy {
    return this._kid(
      "shapes",
      () =>
        new ShapeCollectionProxy(this.context, `${this._path}.shapes`, () =>
          this._model(),
        ),
    );
  }
  get freezePanes(): FreezePanesProxy {
    return this._kid(
      "freezePanes",
      () =>
        new FreezePanesProxy(this.context, `${this._path}.freezePanes`, () =>
          this._model(),
        ),
    );
  }
  get customProperties(): CustomPropertyCollectionProxy {
    return this._kid(
      "customProperties",
      () =>
        new CustomPropertyCollectionProxy(
          this.context,
          `${this._path}.customProperties`,
          () => this._model(),
        ),
    );
  }
  get pageLayout(): PageLayoutProxy {
    return this._kid(
      "pageLayout",
      () =>
        new PageLayoutProxy(this.context, `${this._path}.pageLayout`, () =>
          this._model(),
        ),
    );
  }
  /** Manual horizontal page breaks (ExcelApi 1.9). */
  get horizontalPageBreaks(): PageBreakCollectionProxy {
    return this._kid(
      "horizontalPageBreaks",
      () =>
        new PageBreakCollectionProxy(
          this.context,
          `${this._path}.horizontalPageBreaks`,
          () => this._model(),
        ),
    );
  }
  activate(): void {
    this._call("activate", [], (s: FakeSheet) => s.workbook.activate(s));
  }
  delete(): void {
    this._call("delete", [], (s: FakeSheet) => s.workbook.deleteSheet(s));
  }
  /** getRange(): the whole sheet; getRange("B2:C3"): a local address (another sheet's name is an error). */
  getRange(address?: string): RangeProxy {
    return new RangeProxy(
      this.context,
      `${this._path}.getRange(${JSON.stringify(address ?? "")})`,
      () => {
        const s = this._model<FakeSheet>();
        if (address === undefined || address === "")
          return {
            sheet: s,
            rect: { r0: 0, c0: 0, r1: MAX_ROWS - 1, c1: MAX_COLS - 1 },
          };
        const p = parseAddress(address, "worksheet.getRange");
        if (
          p.sheet !== undefined &&
          p.sheet.toLocaleUpperCase() !== s.name.toLocaleUpperCase()
        ) {
          fail(
            "InvalidArgument",
            `The address "${address}" is on another sheet.`,
            "worksheet.getRange",
          );
        }
        return { sheet: s, rect: p.rect };
      },
    );
  }
  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): RangeProxy {
    return new RangeProxy(
      this.context,
      `${this._path}.getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`,
      () => ({
        sheet: this._model<FakeSheet>(),
        rect: checkBounds(
          rect(startRow, startColumn, rowCount, columnCount),
          "getRangeByIndexes",
        ),
      }),
    );
  }
  getCell(row: number, column: number): RangeProxy {
    return this.getRangeByIndexes(row, column, 1, 1);
  }
  /** The used range; A1 when the sheet is empty (Excel's behaviour). */
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(this.context, `${this._path}.getUsedRange()`, () => {
      const s = this._model<FakeSheet>();
      return { sheet: s, rect: s.usedRect(!!valuesOnly) ?? rect(0, 0) };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return new RangeProxy(
      this.context,
      `${this._path}.getUsedRangeOrNullObject()`,
      () => {
        const s = this._model<FakeSheet>();
        const u = s.usedRect(!!valuesOnly);
        return u ? { sheet: s, rect: u } : null;
      },
    )._markNullable();
  }
}
props(
  WorksheetProxy,
  {
    name: {
      get: (s: FakeSheet) => s.name,
      set: (s: FakeSheet, v) => (s.name = s.workbook.checkSheetName(v, s)),
    },
    id: { get: (s: FakeSheet) => s.id },
    position: { get: (s: FakeSheet) => s.position },
    visibility: {
      get: (s: FakeSheet) => s.visibility,
      set: (s: FakeSheet, v) => s.workbook.setVisibility(s, v),
    },
  },
  [
    "tables",
    "charts",
    "shapes",
    "freezePanes",
    "customProperties",
    "pageLayout",
    "horizontalPageBreaks",
  ],
);

/** Worksheet.horizontalPageBreaks: `add` puts a break above the range's first row; `removePageBreaks` clears them. */
export class PageBreakCollectionProxy extends ProxyBase {
  add(pageBreakRange: RangeProxy | string): void {
    this._call("add", [pageBreakRange], (s: FakeSheet) => {
      const r =
        typeof pageBreakRange === "string"
          ? parseAddress(pageBreakRange, "pageBreaks.add").rect
          : pageBreakRange._model<RangeRef>().rect;
      if (r.r0 === 0)
        fail(
          "InvalidArgument",
          "A page break cannot be added above the first row.",
          "pageBreaks.add",
        );
      if (!s.rowBreaks.includes(r.r0)) s.rowBreaks.push(r.r0);
    });
  }
  removePageBreaks(): void {
    this._call("removePageBreaks", [], (s: FakeSheet) => s.rowBreaks.splice(0));
  }
}
props(PageBreakCollectionProxy, {}, []);

const PAPER_SIZES = ["Letter", "Legal", "A3", "A4", "A5", "B4", "B5"];

/** Worksheet.pageLayout: orientation, paper size, zoom (set as a whole object), print area and title rows. */
export class PageLayoutProxy extends ProxyBase {
  declare orientation: string;
  declare paperSize: string;
  declare zoom: PageLayoutModel["zoom"];
  setPrintArea(printArea: RangeProxy | string): void {
    this._call("setPrintArea", [printArea], (s: FakeSheet) => {
      const r =
        typeof printArea === "string"
          ? parseAddress(printArea, "setPrintArea").rect
          : printArea._model<RangeRef>().rect;
      s.pageLayout.printArea = formatRect(r);
    });
  }
  setPrintTitleRows(printTitleRows: RangeProxy | string): void {
    this._call("setPrintTitleRows", [printTitleRows], (s: FakeSheet) => {
      if (typeof printTitleRows !== "string") {
        const r = printTitleRows._model<RangeRef>().rect;
        s.pageLayout.printTitleRows = `$${r.r0 + 1}:$${r.r1 + 1}`;
        return;
      }
      const m = /^\$?(\d+):\$?(\d+)$/.exec(printTitleRows.trim());
      if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1]))
        fail(
          "InvalidArgument",
          `Invalid title rows "${printTitleRows}".`,
          "setPrintTitleRows",
        );
      s.pageLayout.printTitleRows = `$${m[1]}:$${m[2]}`;
    });
  }
  /** headersFooters (ExcelApi 1.9): only `defaultForAllPages` is modelled. */
  get headersFooters(): HeaderFooterGroupProxy {
    return this._kid(
      "headersFooters",
      () =>
        new HeaderFooterGroupProxy(
          this.context,
          `${this._path}.headersFooters`,
          () => this._model(),
        ),
    );
  }
}

/** PageLayout.headersFooters: the group; the add-in uses the headers and footers of all pages. */
export class HeaderFooterGroupProxy extends ProxyBase {
  get defaultForAllPages(): HeaderFooterProxy {
    return this._kid(
      "defaultForAllPages",
      () =>
        new HeaderFooterProxy(
          this.context,
          `${this._path}.defaultForAllPages`,
          () => this._model(),
        ),
    );
  }
}
props(HeaderFooterGroupProxy, {}, ["defaultForAllPages"]);

/**
 * Excel.HeaderFooter: six texts in Excel's header/footer codes. Excel refuses a text over 255 characters
 * (the file format's limit for each of them, ECMA-376 §18.3.1.36); so does the fake.
 */
export class HeaderFooterProxy extends ProxyBase {}
const HEADER_FOOTER_KEYS: HeaderFooterKey[] = [
  "leftHeader",
  "centerHeader",
  "rightHeader",
  "leftFooter",
  "centerFooter",
  "rightFooter",
];
props(
  HeaderFooterProxy,
  Object.fromEntries(
    HEADER_FOOTER_KEYS.map((k) => [
      k,
      {
        get: (s: FakeSheet) => s.pageLayout.headerFooter[k] ?? "",
        set: (s: FakeSheet, v: unknown) => {
          if (typeof v !== "string" || v.length > 255)
            fail(
              "InvalidArgument",
              `Invalid ${k}: a text of at most 255 characters.`,
              `headerFooter.${k}`,
            );
          s.pageLayout.headerFooter[k] = v;
        },
      },
    ]),
  ),
);
props(
  PageLayoutProxy,
  {
    orientation: {
      get: (s: FakeSheet) => s.pageLayout.orientation,
      set: (s: FakeSheet, v) => {
        if (v !== "Portrait" && v !== "Landscape")
          fail(
            "InvalidArgument",
            `Invalid orientation "${String(v)}".`,
            "pageLayout.orientation",
          );
        s.pageLayout.orientation = v;
      },
    },
    paperSize: {
      get: (s: FakeSheet) => s.pageLayout.paperSize,
      set: (s: FakeSheet, v) => {
        if (typeof v !== "string" || !PAPER_SIZES.includes(v))
          fail(
            "InvalidArgument",
            `Invalid paper size "${String(v)}".`,
            "pageLayout.paperSize",
          );
        s.pageLayout.paperSize = v;
      },
    },
    zoom: {
      get: (s: FakeSheet) => ({ ...s.pageLayout.zoom }),
      set: (s: FakeSheet, v) => {
        const z = v as PageLayoutModel["zoom"];
        const ok = (n: unknown): boolean =>
          n === undefined ||
          (typeof n === "number" && Number.isInteger(n) && n >= 0);
        if (
          !z ||
          typeof z !== "object" ||
          !ok(z.horizontalFitToPages) ||
          !ok(z.verticalFitToPages)
        ) {
          fail("InvalidArgument", "Invalid zoom.", "pageLayout.zoom");
        }
        if (
          z.scale !== undefined &&
          (typeof z.scale !== "number" || z.scale < 10 || z.scale > 400)
        )
          fail(
            "InvalidArgument",
            "The zoom scale must be 10–400.",
            "pageLayout.zoom",
          );
        s.pageLayout.zoom = { ...z };
      },
    },
  },
  ["headersFooters"],
);

export class FreezePanesProxy extends ProxyBase {
  freezeRows(count = 1): void {
    this._call(
      "freezeRows",
      [count],
      (s: FakeSheet) =>
        (s.freeze = { rows: checkCount(count, MAX_ROWS), cols: 0 }),
    );
  }
  freezeColumns(count = 1): void {
    this._call(
      "freezeColumns",
      [count],
      (s: FakeSheet) =>
        (s.freeze = { rows: 0, cols: checkCount(count, MAX_COLS) }),
    );
  }
  /** The given range is the top-left frozen pane: rows 1…last row of the range, columns A…its last column. */
  freezeAt(frozenRange: RangeProxy | string): void {
    this._call("freezeAt", [frozenRange], (s: FakeSheet) => {
      const r =
        typeof frozenRange === "string"
          ? parseAddress(frozenRange, "freezeAt").rect
          : frozenRange._model<RangeRef>().rect;
      s.freeze = { rows: r.r1 + 1, cols: r.c1 + 1 };
    });
  }
  unfreeze(): void {
    this._call("unfreeze", [], (s: FakeSheet) => (s.freeze = null));
  }
  getLocationOrNullObject(): RangeProxy {
    return new RangeProxy(
      this.context,
      `${this._path}.getLocationOrNullObject()`,
      () => {
        const s = this._model<FakeSheet>();
        if (!s.freeze) return null;
        return {
          sheet: s,
          rect: {
            r0: 0,
            c0: 0,
            r1: Math.max(s.freeze.rows, 1) - 1,
            c1: Math.max(s.freeze.cols, 1) - 1,
          },
        };
      },
    )._markNullable();
  }
}
props(FreezePanesProxy, {});

function checkCount(n: unknown, max: number): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n >= max)
    fail("InvalidArgument", `Invalid count ${String(n)}.`, "freezePanes");
  return n;
}

export class CustomPropertyCollectionProxy extends CollectionProxy<CustomPropertyProxy> {
  declare readonly count: number;
  protected _itemModels(s: FakeSheet): unknown[] {
    return [...s.customProperties.values()].filter((p) => !p.deleted);
  }
  protected _item(model: unknown): CustomPropertyProxy {
    return new CustomPropertyProxy(
      this.context,
      `${this._path}[${(model as CustomPropertyModel).key}]`,
      fixed(model),
    );
  }
  /** Adds or overwrites (keys are case-insensitive, ≤ 255 characters). */
  add(key: string, value: string): CustomPropertyProxy {
    const px = new CustomPropertyProxy(
      this.context,
      `${this._path}.add(${JSON.stringify(key)})`,
      () => null,
    );
    this._call("add", [key, value], (s: FakeSheet) => {
      if (typeof key !== "string" || key === "" || key.length > 255)
        fail(
          "InvalidArgument",
          "A custom property key must have 1–255 characters.",
          "customProperties.add",
        );
      if (typeof value !== "string")
        fail(
          "InvalidArgument",
          "A worksheet custom property value must be a string.",
          "customProperties.add",
        );
      const existing = s.customProperties.get(key.toLowerCase());
      const m: CustomPropertyModel =
        existing && !existing.deleted ? existing : { key, value };
      m.value = value;
      s.customProperties.set(key.toLowerCase(), m);
      px._setModel(m);
    });
    return px;
  }
  getItem(key: string): CustomPropertyProxy {
    return new CustomPropertyProxy(
      this.context,
      `${this._path}.getItem(${JSON.stringify(key)})`,
      () => {
        const m = this._model<FakeSheet>().customProperties.get(
          key.toLowerCase(),
        );
        if (!m || m.deleted)
          fail(
            "ItemNotFound",
            `No custom property "${key}".`,
            "customProperties.getItem",
          );
        return m;
      },
    );
  }
  getItemOrNullObject(key: string): CustomPropertyProxy {
    return new CustomPropertyProxy(
      this.context,
      `${this._path}.getItemOrNullObject(${JSON.stringify(key)})`,
      () => liveProperty(this._model<FakeSheet>(), key),
    )._markNullable();
  }
}
props(CustomPropertyCollectionProxy, {
  count: {
    get: (s: FakeSheet) =>
      [...s.customProperties.values()].filter((p) => !p.deleted).length,
  },
});

function liveProperty(s: FakeSheet, key: string): CustomPropertyModel | null {
  const m = s.customProperties.get(key.toLowerCase());
  return m && !m.deleted ? m : null;
}

export class CustomPropertyProxy extends ProxyBase {
  declare readonly key: string;
  declare value: string;
  delete(): void {
    this._call("delete", [], (m: CustomPropertyModel) => (m.deleted = true));
  }
}
props(CustomPropertyProxy, {
  key: { get: (m: CustomPropertyModel) => m.key },
  value: {
    get: (m: CustomPropertyModel) => m.value,
    set: (m: CustomPropertyModel, v) => {
      if (typeof v !== "string")
        fail(
          "InvalidArgument",
          "A worksheet custom property value must be a string.",
          "customProperty.value",
        );
      m.value = v;
    },
  },
});

// ------------------------------------------------------------------------------------------------
// Ranges
// ------------------------------------------------------------------------------------------------

function sub(ref: RangeRef, r: Rect, where: string): RangeRef {
  return { sheet: ref.sheet, rect: checkBounds(r, where) };
}

export class RangeProxy extends ProxyBase {
  declare readonly address: string;
  declare readonly addressLocal: string;
  declare readonly rowCount: number;
  declare readonly columnCount: number;
  declare readonly rowIndex: number;
  declare readonly columnIndex: number;
  declare readonly cellCount: number;
  declare values: unknown[][];
  declare formulas: unknown[][];
  declare numberFormat: unknown[][];
  declare readonly text: string[][];
  declare readonly valueTypes: string[][];

  private derive(
    label: string,
    f: (m: RangeRef) => RangeRef | null,
  ): RangeProxy {
    return new RangeProxy(this.context, `${this._path}.${label}`, () =>
      f(this._model<RangeRef>()),
    );
  }

  get format(): RangeFormatProxy {
    return this._kid(
      "format",
      () =>
        new RangeFormatProxy(this.context, `${this._path}.format`, () =>
          this._model(),
        ),
    );
  }
  get dataValidation(): DataValidationProxy {
    return this._kid(
      "dataValidation",
      () =>
        new DataValidationProxy(
          this.context,
          `${this._path}.dataValidation`,
          () => this._model(),
        ),
    );
  }
  get conditionalFormats(): ConditionalFormatCollectionProxy {
    return this._kid(
      "conditionalFormats",
      () =>
        new ConditionalFormatCollectionProxy(
          this.context,
          `${this._path}.conditionalFormats`,
          () => this._model(),
        ),
    );
  }
  get worksheet(): WorksheetProxy {
    return this._kid(
      "worksheet",
      () =>
        new WorksheetProxy(
          this.context,
          `${this._path}.worksheet`,
          () => this._model<RangeRef>().sheet,
        ),
    );
  }

  getCell(row: number, column: number): RangeProxy {
    return this.derive(`getCell(${row},${column})`, (m) =>
      sub(m, rect(m.rect.r0 + row, m.rect.c0 + column), "getCell"),
    );
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this.derive(`getResizedRange(${deltaRows},${deltaColumns})`, (m) =>
      sub(
        m,
        { ...m.rect, r1: m.rect.r1 + deltaRows, c1: m.rect.c1 + deltaColumns },
        "getResizedRange",
      ),
    );
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this.derive(`getOffsetRange(${rowOffset},${columnOffset})`, (m) =>
      sub(
        m,
        {
          r0: m.rect.r0 + rowOffset,
          r1: m.rect.r1 + rowOffset,
          c0: m.rect.c0 + columnOffset,
          c1: m.rect.c1 + columnOffset,
        },
        "getOffsetRange",
      ),
    );
  }
  getRow(row: number): RangeProxy {
    return this.derive(`getRow(${row})`, (m) =>
      sub(m, { ...m.rect, r0: m.rect.r0 + row, r1: m.rect.r0 + row }, "getRow"),
    );
  }
  getColumn(column: number): RangeProxy {
    return this.derive(`getColumn(${column})`, (m) =>
      sub(
        m,
        { ...m.rect, c0: m.rect.c0 + column, c1: m.rect.c0 + column },
        "getColumn",
      ),
    );
  }
  getEntireColumn(): RangeProxy {
    return this.derive("getEntireColumn()", (m) => ({
      sheet: m.sheet,
      rect: { ...m.rect, r0: 0, r1: MAX_ROWS - 1 },
    }));
  }
  getEntireRow(): RangeProxy {
    return this.derive("getEntireRow()", (m) => ({
      sheet: m.sheet,
      rect: { ...m.rect, c0: 0, c1: MAX_COLS - 1 },
    }));
  }
  /** The current region (Ctrl+*) around the top-left cell. */
  getSurroundingRegion(): RangeProxy {
    return this.derive("getSurroundingRegion()", (m) => ({
      sheet: m.sheet,
      rect: m.sheet.surroundingRegion(m.rect),
    }));
  }
  /** Bounding box of the used cells inside this range; ItemNotFound when there are none. */
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return this.derive("getUsedRange()", (m) => {
      const u = m.sheet.usedRect(!!valuesOnly, m.rect);
      if (!u)
        fail(
          "ItemNotFound",
          "The range has no used cells.",
          "range.getUsedRange",
        );
      return { sheet: m.sheet, rect: u };
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    return this.derive("getUsedRangeOrNullObject()", (m) => {
      const u = m.sheet.usedRect(!!valuesOnly, m.rect);
      return u ? { sheet: m.sheet, rect: u } : null;
    })._markNullable();
  }
  clear(applyTo: "All" | "Formats" | "Contents" = "All"): void {
    this._call("clear", [applyTo], (m: RangeRef) =>
      m.sheet.clear(m.rect, applyTo),
    );
  }
  /** Merge the range into one cell (across: one merge per row). A partial overlap with a merge fails. */
  merge(across = false): void {
    this._call("merge", [across], (m: RangeRef) => {
      const areas = across
        ? Array.from({ length: rows(m.rect) }, (_, i) => ({
            ...m.rect,
            r0: m.rect.r0 + i,
            r1: m.rect.r0 + i,
          }))
        : [m.rect];
      for (const a of areas) {
        if (rows(a) * cols(a) < 2) continue;
        const hit = m.sheet.merges.filter((x) => intersects(x, a));
        if (hit.some((x) => !contains(a, x)))
          fail(
            "InvalidOperation",
            "Cannot merge a range that partly overlaps a merged range.",
            "range.merge",
          );
        m.sheet.merges = [
          ...m.sheet.merges.filter((x) => !intersects(x, a)),
          a,
        ];
      }
    });
  }
  /** Unmerge every merged area that intersects the range. */
  unmerge(): void {
    this._call(
      "unmerge",
      [],
      (m: RangeRef) =>
        (m.sheet.merges = m.sheet.merges.filter((x) => !intersects(x, m.rect))),
    );
  }
  /**
   * Insert cells (shift "Down" or "Right") at this range and return the range of the new cells. Cells,
   * formulas, validations, conditional formats, tables and merges move as in Excel (`edit.ts`).
   */
  insert(shift: "Down" | "Right"): RangeProxy {
    this._call("insert", [shift], (m: RangeRef) =>
      applyEdit(
        m.sheet,
        editOf(m.sheet, m.rect, "insert", shift, "range.insert"),
        "range.insert",
      ),
    );
    return this.derive(`insert(${JSON.stringify(shift)})`, (m) => m);
  }
  /** Delete the cells of this range, shifting the rest "Up" or "Left"; references to them become #REF!. */
  delete(shift: "Up" | "Left"): void {
    this._call("delete", [shift], (m: RangeRef) =>
      applyEdit(
        m.sheet,
        editOf(m.sheet, m.rect, "delete", shift, "range.delete"),
        "range.delete",
      ),
    );
  }
  select(): void {
    this._call("select", [], (m: RangeRef) => {
      m.sheet.workbook.activate(m.sheet);
      m.sheet.workbook.selection = { sheet: m.sheet, rect: m.rect };
    });
  }
}
props(
  RangeProxy,
  {
    address: { get: (m: RangeRef) => m.sheet.address(m.rect) },
    addressLocal: { get: (m: RangeRef) => m.sheet.address(m.rect) },
    rowCount: { get: (m: RangeRef) => rows(m.rect) },
    columnCount: { get: (m: RangeRef) => cols(m.rect) },
    rowIndex: { get: (m: RangeRef) => m.rect.r0 },
    columnIndex: { get: (m: RangeRef) => m.rect.c0 },
    cellCount: { get: (m: RangeRef) => rows(m.rect) * cols(m.rect) },
    values: {
      get: (m: RangeRef) => m.sheet.values(m.rect),
      set: (m: RangeRef, v) => {
        m.sheet.writeEntries(m.rect, v, "range.values");
        m.sheet.workbook.noteWrite(m.sheet, m.rect, "values");
      },
    },
    formulas: {
      get: (m: RangeRef) => m.sheet.formulas(m.rect),
      set: (m: RangeRef, v) => {
        m.sheet.writeEntries(m.rect, v, "range.formulas");
        m.sheet.workbook.noteWrite(m.sheet, m.rect, "formulas");
      },
    },
    numberFormat: {
      get: (m: RangeRef) => m.sheet.numberFormats(m.rect),
      set: (m: RangeRef, v) => {
        m.sheet.writeNumberFormats(m.rect, v, "range.numberFormat");
        m.sheet.workbook.noteWrite(m.sheet, m.rect, "numberFormat");
      },
    },
    text: { get: (m: RangeRef) => m.sheet.texts(m.rect) },
    valueTypes: { get: (m: RangeRef) => m.sheet.valueTypes(m.rect) },
  },
  ["format", "dataValidation", "conditionalFormats", "worksheet"],
);

/** Default Excel column width: 8.43 characters = 64 px = 48 points. */
export const DEFAULT_COLUMN_WIDTH_POINTS = 48;

export class RangeFormatProxy extends ProxyBase {
  /** Points (Office.js unit), not characters. */
  declare columnWidth: number;
  /** Points; setting it sets the height of every row of the range. */
  declare rowHeight: number;
  declare wrapText: boolean;
  declare verticalAlignment: string;
  declare horizontalAlignment: string;
  get font(): RangeFontProxy {
    return this._kid(
      "font",
      () =>
        new RangeFontProxy(this.context, `${this._path}.font`, () =>
          this._model(),
        ),
    );
  }
  get fill(): RangeFillProxy {
    return this._kid(
      "fill",
      () =>
        new RangeFillProxy(this.context, `${this._path}.fill`, () =>
          this._model(),
        ),
    );
  }
  /** Width from the longest displayed text, about 7 px per character plus padding. */
  autofitColumns(): void {
    this._call("autofitColumns", [], (m: RangeRef) => {
      const used = m.sheet.usedRect(true, m.rect);
      if (!used) return;
      const texts = m.sheet.texts(used);
      for (let c = used.c0; c <= used.c1; c++) {
        const longest = Math.max(
          0,
          ...texts.map((line) => line[c - used.c0].length),
        );
        m.sheet.columnWidths.set(
          c,
          Math.max(DEFAULT_COLUMN_WIDTH_POINTS / 2, (longest * 7 + 5) * 0.75),
        );
      }
    });
  }
}
props(
  RangeFormatProxy,
  {
    columnWidth: {
      get: (m: RangeRef) => {
        const w = new Set<number>();
        for (
          let c = m.rect.c0;
          c <= Math.min(m.rect.c1, m.rect.c0 + 16_383);
          c++
        )
          w.add(m.sheet.columnWidths.get(c) ?? DEFAULT_COLUMN_WIDTH_POINTS);
        return w.size === 1 ? [...w][0] : null;
      },
      set: (m: RangeRef, v) => {
        if (
          typeof v !== "number" ||
          !Number.isFinite(v) ||
          v < 0 ||
          v > 255 * 7.5
        )
          fail(
            "InvalidArgument",
            `Invalid column width ${String(v)}.`,
            "format.columnWidth",
          );
        for (let c = m.rect.c0; c <= m.rect.c1; c++)
          m.sheet.columnWidths.set(c, v);
      },
    },
    rowHeight: {
      get: (m: RangeRef) => {
        const h = new Set<number>();
        for (
          let r = m.rect.r0;
          r <= Math.min(m.rect.r1, m.rect.r0 + 16_383);
          r++
        )
          h.add(m.sheet.rowHeights.get(r) ?? DEFAULT_ROW_HEIGHT_POINTS);
        return h.size === 1 ? [...h][0] : null;
      },
      set: (m: RangeRef, v) => {
        // Excel's limit: 0–409 points.
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 409)
          fail(
            "InvalidArgument",
            `Invalid row height ${String(v)}.`,
            "format.rowHeight",
          );
        if (rows(m.rect) > 100_000)
          fail(
            "InvalidArgument",
            "The fake sets row heights on at most 100,000 rows at once.",
            "format.rowHeight",
          );
        for (let r = m.rect.r0; r <= m.rect.r1; r++)
          m.sheet.rowHeights.set(r, v);
      },
    },
    wrapText: {
      get: (m: RangeRef) => m.sheet.getFormat(m.rect, "wrap", false),
      set: (m: RangeRef, v) => {
        if (typeof v !== "boolean")
          fail(
            "InvalidArgument",
            "wrapText must be a boolean.",
            "format.wrapText",
          );
        m.sheet.setFormat(m.rect, "wrap", v);
      },
    },
    verticalAlignment: {
      get: (m: RangeRef) => m.sheet.getFormat(m.rect, "vAlign", "Bottom"),
      set: (m: RangeRef, v) => {
        if (
          !["Center", "Bottom", "Top", "Justify", "Distributed"].includes(
            v as string,
          )
        ) {
          fail(
            "InvalidArgument",
            `Invalid vertical alignment ${String(v)}.`,
            "format.verticalAlignment",
          );
        }
        m.sheet.setFormat(m.rect, "vAlign", v as string);
      },
    },
    horizontalAlignment: {
      get: (m: RangeRef) => m.sheet.getFormat(m.rect, "hAlign", "General"),
      set: (m: RangeRef, v) => {
        // Excel.HorizontalAlignment's values.
        if (
          ![
            "General",
            "Left",
            "Center",
            "Right",
            "Fill",
            "Justify",
            "CenterAcrossSelection",
            "Distributed",
          ].includes(v as string)
        ) {
          fail(
            "InvalidArgument",
            `Invalid horizontal alignment ${String(v)}.`,
            "format.horizontalAlignment",
          );
        }
        m.sheet.setFormat(m.rect, "hAlign", v as string);
      },
    },
  },
  ["font", "fill"],
);

/** Default Excel row height (Calibri 11): 15 points. */
export const DEFAULT_ROW_HEIGHT_POINTS = 15;

function colorArg(v: unknown, where: string): string | null {
  if (v === null) return null;
  if (
    typeof v !== "string" ||
    !(/^#[0-9A-Fa-f]{6}$/.test(v) || /^[A-Za-z]+$/.test(v))
  )
    fail("InvalidArgument", `Invalid color ${String(v)}.`, where);
  return v;
}

export class RangeFontProxy extends ProxyBase {
  declare bold: boolean;
  declare italic: boolean;
  declare color: string;
}
props(RangeFontProxy, {
  italic: {
    get: (m: RangeRef) => m.sheet.getFormat(m.rect, "italic", false),
    set: (m: RangeRef, v) => {
      if (typeof v !== "boolean")
        fail("InvalidArgument", "italic must be a boolean.", "font.italic");
      m.sheet.setFormat(m.rect, "italic", v);
    },
  },
  bold: {
    get: (m: RangeRef) => m.sheet.getFormat(m.rect, "bold", false),
    set: (m: RangeRef, v) => {
      if (typeof v !== "boolean")
        fail("InvalidArgument", "bold must be a boolean.", "font.bold");
      m.sheet.setFormat(m.rect, "bold", v);
    },
  },
  color: {
    get: (m: RangeRef) => m.sheet.getFormat(m.rect, "color", "#000000"),
    set: (m: RangeRef, v) =>
      m.sheet.setFormat(m.rect, "color", colorArg(v, "font.color")),
  },
});

export class RangeFillProxy extends ProxyBase {
  declare color: string;
  clear(): void {
    this._call("clear", [], (m: RangeRef) =>
      m.sheet.setFormat(m.rect, "fill", null),
    );
  }
}
props(RangeFillProxy, {
  color: {
    get: (m: RangeRef) => m.sheet.getFormat(m.rect, "fill", "#FFFFFF"),
    set: (m: RangeRef, v) =>
      m.sheet.setFormat(m.rect, "fill", colorArg(v, "fill.color")),
  },
});

// ---- data validation ---------------------------------------------------------------------------

const OPERATORS = enumValues(DataValidationOperator);
const RULE_KINDS = [
  "wholeNumber",
  "decimal",
  "textLength",
  "list",
  "date",
  "time",
  "custom",
] as const;

/** Check a DataValidationRule as Excel does and store Range operands as "=Sheet!$A$1:$A$9" formulas. */
function checkRule(
  rule: unknown,
  at: RangeRef,
  where: string,
): Excel.DataValidationRule {
  // Formulas in a rule are entered like any formula, relative to the range's top-left cell.
  const formula = (f: string): string => {
    checkFormula(
      f.startsWith("=") ? f : `=${f}`,
      {
        sheet: at.sheet,
        place: "validation",
        row: at.rect.r0,
        col: at.rect.c0,
      },
      where,
    );
    return f;
  };
  if (typeof rule !== "object" || rule === null)
    fail("InvalidArgument", "The rule must be an object.", where);
  const entries = Object.entries(rule as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && v !== null,
  );
  if (entries.length !== 1)
    fail(
      "InvalidArgument",
      "A data validation rule holds exactly one kind of criteria.",
      where,
    );
  const [kind, crit] = entries[0] as [string, Record<string, unknown>];
  if (!(RULE_KINDS as readonly string[]).includes(kind))
    fail("InvalidArgument", `Unknown validation kind "${kind}".`, where);
  const operand = (x: unknown): string | number => {
    if (x instanceof RangeProxy) {
      const r = x._model<RangeRef>();
      return `=${quoteSheet(r.sheet.name)}!${absolute(r.rect)}`;
    }
    if (typeof x === "number" && Number.isFinite(x)) return x;
    if (typeof x === "string" && x !== "")
      return x.startsWith("=") ? formula(x) : x;
    fail("InvalidArgument", `Invalid validation operand ${String(x)}.`, where);
  };
  if (kind === "list") {
    const source = crit.source;
    if (typeof source === "string") {
      if (source === "" || source.length > 255)
        fail(
          "InvalidArgument",
          "A list source must have 1–255 characters.",
          where,
        );
    } else if (!(source instanceof RangeProxy))
      fail("InvalidArgument", "A list source is a string or a Range.", where);
    return {
      list: {
        inCellDropDown: crit.inCellDropDown !== false,
        source: operand(source) as string,
      },
    };
  }
  if (kind === "custom") {
    if (typeof crit.formula !== "string" || crit.formula === "")
      fail("InvalidArgument", "A custom validation needs a formula.", where);
    return { custom: { formula: formula(crit.formula) } };
  }
  if (!OPERATORS.has(crit.operator as string))
    fail(
      "InvalidArgument",
      `Invalid operator ${String(crit.operator)}.`,
      where,
    );
  const between = crit.operator === "Between" || crit.operator === "NotBetween";
  if (crit.formula1 === undefined || (between && crit.formula2 === undefined))
    fail("InvalidArgument", "Missing formula1/formula2.", where);
  const f1 = operand(crit.formula1);
  const f2 = between ? operand(crit.formula2) : undefined;
  if (
    kind === "wholeNumber" &&
    [f1, f2].some((f) => typeof f === "number" && !Number.isInteger(f))
  ) {
    fail(
      "InvalidArgument",
      "A whole-number validation needs whole-number bounds.",
      where,
    );
  }
  const basic: Excel.BasicDataValidation = {
    operator: crit.operator as Excel.BasicDataValidation["operator"],
    formula1: f1,
  };
  if (f2 !== undefined) basic.formula2 = f2;
  return { [kind]: basic } as Excel.DataValidationRule;
}

function absolute(r: Rect): string {
  return formatRect(r).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
}

function validationType(m: RangeRef): string {
  const hits = m.sheet.validations.filter((v) => intersects(v.rect, m.rect));
  if (hits.length === 0) return "None";
  const v = hits[0];
  if (hits.length > 1 || !contains(v.rect, m.rect)) return "Inconsistent";
  const kind = Object.keys(v.rule)[0];
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

export class DataValidationProxy extends ProxyBase {
  declare rule: Excel.DataValidationRule;
  declare errorAlert: Excel.DataValidationErrorAlert;
  declare prompt: Excel.DataValidationPrompt;
  declare ignoreBlanks: boolean;
  declare readonly type: string;
  clear(): void {
    this._call("clear", [], (m: RangeRef) => removeValidations(m));
  }
}

function removeValidations(m: RangeRef): void {
  const list = m.sheet.validations;
  for (let i = list.length - 1; i >= 0; i--)
    if (intersects(list[i].rect, m.rect)) list.splice(i, 1);
}

props(DataValidationProxy, {
  rule: {
    get: (m: RangeRef) =>
      m.sheet.validations.find((v) => contains(v.rect, m.rect))?.rule ?? {},
    set: (m: RangeRef, v) => {
      const rule = checkRule(v, m, "dataValidation.rule");
      // The fake replaces every validation the range touches (Excel merges/splits them cell by cell).
      removeValidations(m);
      m.sheet.validations.push({
        rect: { ...m.rect },
        rule,
        ignoreBlanks: true,
      } as ValidationModel);
    },
  },
  ignoreBlanks: {
    get: (m: RangeRef) =>
      m.sheet.validations.find((v) => contains(v.rect, m.rect))?.ignoreBlanks ??
      true,
    set: (m: RangeRef, v) => {
      for (const x of m.sheet.validations)
        if (intersects(x.rect, m.rect)) x.ignoreBlanks = !!v;
    },
  },
  type: { get: validationType },
  errorAlert: {
    get: (m: RangeRef) =>
      m.sheet.validations.find((v) => contains(v.rect, m.rect))?.errorAlert ?? {
        message: "",
        showAlert: true,
        style: "Stop",
        title: "",
      },
    set: (m: RangeRef, v) => {
      const a = v as Partial<Excel.DataValidationErrorAlert>;
      messageArg(a?.message, 225, "errorAlert.message");
      messageArg(a?.title, 32, "errorAlert.title");
      if (
        a.style !== undefined &&
        !["Stop", "Warning", "Information"].includes(a.style)
      )
        fail(
          "InvalidArgument",
          `Invalid alert style ${String(a.style)}.`,
          "errorAlert.style",
        );
      const hits = m.sheet.validations.filter((x) =>
        intersects(x.rect, m.rect),
      );
      if (hits.length === 0)
        fail(
          "InvalidOperation",
          "Set a validation rule before its error alert.",
          "errorAlert",
        );
      for (const x of hits)
        x.errorAlert = {
          message: a.message ?? "",
          showAlert: a.showAlert ?? true,
          style: a.style ?? "Stop",
          title: a.title ?? "",
        };
    },
  },
  prompt: {
    get: (m: RangeRef) =>
      m.sheet.validations.find((v) => contains(v.rect, m.rect))?.prompt ?? {
        message: "",
        showPrompt: false,
        title: "",
      },
    set: (m: RangeRef, v) => {
      const p = v as Partial<Excel.DataValidationPrompt>;
      messageArg(p?.message, 255, "prompt.message");
      messageArg(p?.title, 32, "prompt.title");
      const hits = m.sheet.validations.filter((x) =>
        intersects(x.rect, m.rect),
      );
      if (hits.length === 0)
        fail(
          "InvalidOperation",
          "Set a validation rule before its prompt.",
          "prompt",
        );
      for (const x of hits)
        x.prompt = {
          message: p.message ?? "",
          showPrompt: p.showPrompt ?? false,
          title: p.title ?? "",
        };
    },
  },
});

/** Excel's limits on validation texts: the prompt message 255 characters, the error message 225, titles 32. */
function messageArg(v: unknown, max: number, where: string): void {
  if (v === undefined) return;
  if (typeof v !== "string" || v.length > max)
    fail(
      "InvalidArgument",
      `${where} must be text of at most ${max} characters.`,
      where,
    );
}

// ---- conditional formats -----------------------------------------------------------------------

const CF_TYPES = enumValues(ConditionalFormatType);

export class ConditionalFormatCollectionProxy extends CollectionProxy<ConditionalFormatProxy> {
  declare readonly count: number;
  protected _itemModels(m: RangeRef): unknown[] {
    return m.sheet.conditionalFormats
      .filter((cf) => intersects(cf.rect, m.rect))
      .map((cf) => ({ cf, sheet: m.sheet }));
  }
  protected _item(model: unknown, i: number): ConditionalFormatProxy {
    return new ConditionalFormatProxy(
      this.context,
      `${this._path}[${i}]`,
      fixed(model),
    );
  }
  /** Only "Custom" (formula-based) formats are implemented; others fail with NotImplemented. */
  add(type: string): ConditionalFormatProxy {
    const px = new ConditionalFormatProxy(
      this.context,
      `${this._path}.add(${JSON.stringify(type)})`,
      () => null,
    );
    this._call("add", [type], (m: RangeRef) => {
      if (!CF_TYPES.has(type))
        fail(
          "InvalidArgument",
          `Invalid conditional format type ${String(type)}.`,
          "conditionalFormats.add",
        );
      if (type !== "Custom")
        fail(
          "NotImplemented",
          `The fake implements custom conditional formats only, not ${type}.`,
          "conditionalFormats.add",
        );
      const cf: ConditionalFormatModel = {
        id: m.sheet.workbook.nextConditionalFormatId(),
        rect: { ...m.rect },
        type: "Custom",
      };
      m.sheet.conditionalFormats.push(cf);
      px._setModel({ cf, sheet: m.sheet });
    });
    return px;
  }
  /** Removes every conditional format that touches the range (the fake does not split formats). */
  clearAll(): void {
    this._call("clearAll", [], (m: RangeRef) => {
      const list = m.sheet.conditionalFormats;
      for (let i = list.length - 1; i >= 0; i--)
        if (intersects(list[i].rect, m.rect)) list.splice(i, 1);
    });
  }
}
props(ConditionalFormatCollectionProxy, {
  count: {
    get: (m: RangeRef) =>
      m.sheet.conditionalFormats.filter((cf) => intersects(cf.rect, m.rect))
        .length,
  },
});

interface CfRef {
  cf: ConditionalFormatModel;
  sheet: FakeSheet;
}

export class ConditionalFormatProxy extends ProxyBase {
  declare readonly type: string;
  get custom(): CustomConditionalFormatProxy {
    return this._kid(
      "custom",
      () =>
        new CustomConditionalFormatProxy(
          this.context,
          `${this._path}.custom`,
          () => this._model(),
        ),
    );
  }
}
props(ConditionalFormatProxy, { type: { get: (m: CfRef) => m.cf.type } }, [
  "custom",
]);

export class CustomConditionalFormatProxy extends ProxyBase {
  get rule(): ConditionalFormatRuleProxy {
    return this._kid(
      "rule",
      () =>
        new ConditionalFormatRuleProxy(this.context, `${this._path}.rule`, () =>
          this._model(),
        ),
    );
  }
  get format(): ConditionalRangeFormatProxy {
    return this._kid(
      "format",
      () =>
        new ConditionalRangeFormatProxy(
          this.context,
          `${this._path}.format`,
          () => this._model(),
        ),
    );
  }
}
props(CustomConditionalFormatProxy, {}, ["rule", "format"]);

export class ConditionalFormatRuleProxy extends ProxyBase {
  declare formula: string;
}
props(ConditionalFormatRuleProxy, {
  formula: {
    get: (m: CfRef) => m.cf.formula ?? "",
    set: (m: CfRef, v) => {
      if (typeof v !== "string" || !v.startsWith("=") || v.length < 2)
        fail(
          "InvalidArgument",
          `A conditional format formula starts with "=" (got ${JSON.stringify(v)}).`,
          "rule.formula",
        );
      checkFormula(
        v,
        {
          sheet: m.sheet,
          place: "conditionalFormat",
          row: m.cf.rect.r0,
          col: m.cf.rect.c0,
        },
        "rule.formula",
      );
      m.cf.formula = v;
    },
  },
});

export class ConditionalRangeFormatProxy extends ProxyBase {
  get fill(): CfColorProxy {
    return this._kid(
      "fill",
      () =>
        new CfColorProxy(this.context, `${this._path}.fill`, () => ({
          ...this._model<CfRef>(),
          key: "fill",
        })),
    );
  }
  get font(): CfColorProxy {
    return this._kid(
      "font",
      () =>
        new CfColorProxy(this.context, `${this._path}.font`, () => ({
          ...this._model<CfRef>(),
          key: "fontColor",
        })),
    );
  }
}
props(ConditionalRangeFormatProxy, {}, ["fill", "font"]);

export class CfColorProxy extends ProxyBase {
  declare color: string;
}
props(CfColorProxy, {
  color: {
    get: (m: CfRef & { key: "fill" | "fontColor" }) => m.cf[m.key] ?? null,
    set: (m: CfRef & { key: "fill" | "fontColor" }, v) => {
      m.cf[m.key] = colorArg(v, "conditional format color") ?? undefined;
    },
  },
});

// ------------------------------------------------------------------------------------------------
// Tables
// ------------------------------------------------------------------------------------------------

interface TableScope {
  fake: FakeWorkbook;
  sheet?: FakeSheet;
}

export class TableCollectionProxy extends CollectionProxy<TableProxy> {
  declare readonly count: number;
  protected _itemModels(m: TableScope): unknown[] {
    return m.sheet ? m.sheet.tables() : m.fake.liveTables();
  }
  protected _item(model: unknown): TableProxy {
    return new TableProxy(
      this.context,
      `tables[${(model as TableModel).name}]`,
      fixed(model),
    );
  }
  /**
   * add(range | address, true). A string address without a sheet means this worksheet for
   * `worksheet.tables`, and the active sheet for `workbook.tables` (as documented for Excel).
   */
  add(address: RangeProxy | string, hasHeaders: boolean): TableProxy {
    const px = new TableProxy(this.context, `${this._path}.add(…)`, () => null);
    this._call("add", [address, hasHeaders], (scope: TableScope) => {
      let ref: RangeRef;
      if (address instanceof RangeProxy) ref = address._model<RangeRef>();
      else {
        const p = parseAddress(address, "tables.add");
        const sheet =
          p.sheet !== undefined
            ? scope.fake.findSheet(p.sheet)
            : (scope.sheet ?? scope.fake.activeSheet);
        if (!sheet)
          fail("ItemNotFound", `No sheet for "${address}".`, "tables.add");
        ref = { sheet, rect: p.rect };
      }
      if (scope.sheet && ref.sheet !== scope.sheet)
        fail(
          "InvalidArgument",
          "The range is on another worksheet.",
          "tables.add",
        );
      px._setModel(scope.fake.addTable(ref, hasHeaders));
    });
    return px;
  }
  getItem(key: string): TableProxy {
    return new TableProxy(
      this.context,
      `tables.getItem(${JSON.stringify(key)})`,
      () => {
        const t = this.find(key);
        if (!t) fail("ItemNotFound", `No table "${key}".`, "tables.getItem");
        return t;
      },
    );
  }
  getItemOrNullObject(key: string): TableProxy {
    return new TableProxy(
      this.context,
      `tables.getItemOrNullObject(${JSON.stringify(key)})`,
      () => this.find(key) ?? null,
    )._markNullable();
  }
  private find(key: string): TableModel | undefined {
    const scope = this._model<TableScope>();
    const t = scope.fake.findTable(key);
    return t && (!scope.sheet || t.sheet === scope.sheet) ? t : undefined;
  }
}
props(TableCollectionProxy, {
  count: {
    get: (m: TableScope) =>
      (m.sheet ? m.sheet.tables() : m.fake.liveTables()).length,
  },
});

function headerRect(t: TableModel): Rect {
  return { ...t.rect, r1: t.rect.r0 };
}
function bodyRect(t: TableModel): Rect {
  return { ...t.rect, r0: t.rect.r0 + 1 };
}

export class TableProxy extends ProxyBase {
  declare name: string;
  declare readonly id: string;
  declare style: string;
  declare readonly showHeaders: boolean;
  get columns(): TableColumnCollectionProxy {
    return this._kid(
      "columns",
      () =>
        new TableColumnCollectionProxy(
          this.context,
          `${this._path}.columns`,
          () => this._model(),
        ),
    );
  }
  get rows(): TableRowCollectionProxy {
    return this._kid(
      "rows",
      () =>
        new TableRowCollectionProxy(this.context, `${this._path}.rows`, () =>
          this._model(),
        ),
    );
  }
  get worksheet(): WorksheetProxy {
    return this._kid(
      "worksheet",
      () =>
        new WorksheetProxy(
          this.context,
          `${this._path}.worksheet`,
          () => this._model<TableModel>().sheet,
        ),
    );
  }
  private range(label: string, f: (t: TableModel) => Rect): RangeProxy {
    return new RangeProxy(this.context, `${this._path}.${label}`, () => {
      const t = this._model<TableModel>();
      return { sheet: t.sheet, rect: f(t) };
    });
  }
  getRange(): RangeProxy {
    return this.range("getRange()", (t) => t.rect);
  }
  getHeaderRowRange(): RangeProxy {
    return this.range("getHeaderRowRange()", headerRect);
  }
  getDataBodyRange(): RangeProxy {
    return this.range("getDataBodyRange()", bodyRect);
  }
  /** Deletes the table and its cells' contents and formats. */
  delete(): void {
    this._call("delete", [], (t: TableModel) =>
      t.sheet.workbook.deleteTable(t),
    );
  }
}
props(
  TableProxy,
  {
    name: {
      get: (t: TableModel) => t.name,
      set: (t: TableModel, v) => t.sheet.workbook.renameTable(t, v),
    },
    id: { get: (t: TableModel) => t.id },
    style: {
      get: (t: TableModel) => t.style,
      set: (t: TableModel, v) => {
        if (typeof v !== "string" || v === "")
          fail("InvalidArgument", "Invalid table style.", "table.style");
        t.style = v;
      },
    },
    showHeaders: { get: () => true },
  },
  ["columns", "rows", "worksheet"],
);

interface ColumnRef {
  table: TableModel;
  index: number;
}

export class TableColumnCollectionProxy extends CollectionProxy<TableColumnProxy> {
  declare readonly count: number;
  protected _itemModels(t: TableModel): unknown[] {
    return Array.from({ length: cols(t.rect) }, (_, index) => ({
      table: t,
      index,
    }));
  }
  protected _item(model: unknown, i: number): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      `${this._path}[${i}]`,
      fixed(model),
    );
  }
  getItemAt(index: number): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      `${this._path}.getItemAt(${index})`,
      () => {
        const t = this._model<TableModel>();
        if (!Number.isInteger(index) || index < 0 || index >= cols(t.rect))
          fail("InvalidArgument", `No column ${index}.`, "columns.getItemAt");
        return { table: t, index };
      },
    );
  }
  getItem(key: string | number): TableColumnProxy {
    return new TableColumnProxy(
      this.context,
      `${this._path}.getItem(${JSON.stringify(key)})`,
      () => {
        const t = this._model<TableModel>();
        const headers = t.sheet.workbook.tableHeaders(t);
        const index =
          typeof key === "number"
            ? key - 1
            : headers.findIndex(
                (h) => h.toUpperCase() === String(key).toUpperCase(),
              );
        if (index < 0 || index >= headers.length)
          fail("ItemNotFound", `No column "${key}".`, "columns.getItem");
        return { table: t, index };
      },
    );
  }
}
props(TableColumnCollectionProxy, {
  count: { get: (t: TableModel) => cols(t.rect) },
});

export class TableColumnProxy extends ProxyBase {
  declare name: string;
  declare readonly index: number;
  private range(
    label: string,
    f: (t: TableModel, c: number) => Rect,
  ): RangeProxy {
    return new RangeProxy(this.context, `${this._path}.${label}`, () => {
      const m = this._model<ColumnRef>();
      return {
        sheet: m.table.sheet,
        rect: f(m.table, m.table.rect.c0 + m.index),
      };
    });
  }
  getDataBodyRange(): RangeProxy {
    return this.range("getDataBodyRange()", (t, c) => ({
      ...bodyRect(t),
      c0: c,
      c1: c,
    }));
  }
  getHeaderRowRange(): RangeProxy {
    return this.range("getHeaderRowRange()", (t, c) => ({
      ...headerRect(t),
      c0: c,
      c1: c,
    }));
  }
  getRange(): RangeProxy {
    return this.range("getRange()", (t, c) => ({ ...t.rect, c0: c, c1: c }));
  }
}
props(TableColumnProxy, {
  name: {
    get: (m: ColumnRef) =>
      m.table.sheet.workbook.tableHeaders(m.table)[m.index],
    set: (m: ColumnRef, v) => {
      if (typeof v !== "string")
        fail("InvalidArgument", "A column name is text.", "column.name");
      m.table.sheet.setText(m.table.rect.r0, m.table.rect.c0 + m.index, v);
      m.table.sheet.workbook.normalizeTableHeaders(
        m.table.sheet,
        headerRect(m.table),
      );
    },
  },
  index: { get: (m: ColumnRef) => m.index },
});

export class TableRowCollectionProxy extends ProxyBase {
  declare readonly count: number;
}
props(TableRowCollectionProxy, {
  count: { get: (t: TableModel) => rows(t.rect) - 1 },
});

// ------------------------------------------------------------------------------------------------
// Charts
// ------------------------------------------------------------------------------------------------

const CHART_TYPES = enumValues(ChartType);
const AXIS_TYPES = enumValues(ChartAxisType);
const AXIS_GROUPS = enumValues(ChartAxisGroup);

function chartTypeArg(v: unknown, where: string): string {
  if (typeof v !== "string" || !CHART_TYPES.has(v) || v === "Invalid")
    fail("InvalidArgument", `Invalid chart type ${String(v)}.`, where);
  return v;
}

export class ChartCollectionProxy extends CollectionProxy<ChartProxy> {
  declare readonly count: number;
  protected _itemModels(s: FakeSheet): unknown[] {
    return s.charts.filter((c) => !c.deleted);
  }
  protected _item(model: unknown): ChartProxy {
    return new ChartProxy(
      this.context,
      `${this._path}[${(model as ChartModel).name}]`,
      fixed(model),
    );
  }
  /** One series per column of the source (per row with "Rows"). */
  add(
    type: string,
    sourceData: RangeProxy,
    seriesBy: string = "Auto",
  ): ChartProxy {
    const px = new ChartProxy(
      this.context,
      `${this._path}.add(${JSON.stringify(type)})`,
      () => null,
    );
    this._call("add", [type, sourceData, seriesBy], (s: FakeSheet) => {
      const t = chartTypeArg(type, "charts.add");
      if (!(sourceData instanceof RangeProxy))
        fail(
          "InvalidArgument",
          "charts.add needs a Range as source data.",
          "charts.add",
        );
      if (!["Auto", "Columns", "Rows"].includes(seriesBy))
        fail("InvalidArgument", `Invalid seriesBy ${seriesBy}.`, "charts.add");
      px._setModel(
        s.workbook.addChart(s, t, sourceData._model<RangeRef>(), seriesBy),
      );
    });
    return px;
  }
  getItem(name: string): ChartProxy {
    return new ChartProxy(
      this.context,
      `${this._path}.getItem(${JSON.stringify(name)})`,
      () => {
        const c = this._model<FakeSheet>().charts.find(
          (x) => !x.deleted && x.name === name,
        );
        if (!c) fail("ItemNotFound", `No chart "${name}".`, "charts.getItem");
        return c;
      },
    );
  }
  getItemOrNullObject(name: string): ChartProxy {
    return new ChartProxy(
      this.context,
      `${this._path}.getItemOrNullObject(${JSON.stringify(name)})`,
      () =>
        this._model<FakeSheet>().charts.find(
          (x) => !x.deleted && x.name === name,
        ) ?? null,
    )._markNullable();
  }
}
props(ChartCollectionProxy, {
  count: { get: (s: FakeSheet) => s.charts.filter((c) => !c.deleted).length },
});

export class ChartProxy extends ProxyBase {
  declare name: string;
  declare chartType: string;
  declare readonly id: string;
  get title(): ChartTitleProxy {
    return this._kid(
      "title",
      () =>
        new ChartTitleProxy(this.context, `${this._path}.title`, () =>
          this._model(),
        ),
    );
  }
  get series(): ChartSeriesCollectionProxy {
    return this._kid(
      "series",
      () =>
        new ChartSeriesCollectionProxy(
          this.context,
          `${this._path}.series`,
          () => this._model(),
        ),
    );
  }
  get axes(): ChartAxesProxy {
    return this._kid(
      "axes",
      () =>
        new ChartAxesProxy(this.context, `${this._path}.axes`, () =>
          this._model(),
        ),
    );
  }
  get worksheet(): WorksheetProxy {
    return this._kid(
      "worksheet",
      () =>
        new WorksheetProxy(
          this.context,
          `${this._path}.worksheet`,
          () => this._model<ChartModel>().sheet,
        ),
    );
  }
  /** Anchor between two cells of the chart's sheet (Range objects or local addresses). */
  setPosition(
    startCell: RangeProxy | string,
    endCell?: RangeProxy | string,
  ): void {
    this._call("setPosition", [startCell, endCell ?? null], (c: ChartModel) => {
      const at = (x: RangeProxy | string): Rect => {
        if (typeof x === "string")
          return parseAddress(x, "chart.setPosition").rect;
        const r = x._model<RangeRef>();
        if (r.sheet !== c.sheet)
          fail(
            "InvalidArgument",
            "The position must be on the chart's sheet.",
            "chart.setPosition",
          );
        return r.rect;
      };
      c.from = at(startCell);
      c.to = endCell === undefined ? undefined : at(endCell);
    });
  }
  delete(): void {
    this._call("delete", [], (c: ChartModel) => {
      c.deleted = true;
      c.sheet.charts.splice(c.sheet.charts.indexOf(c), 1);
    });
  }
}
props(
  ChartProxy,
  {
    name: {
      get: (c: ChartModel) => c.name,
      set: (c: ChartModel, v) => {
        if (typeof v !== "string" || v === "" || v.length > 255)
          fail("InvalidArgument", "Invalid chart name.", "chart.name");
        c.name = v;
      },
    },
    chartType: {
      get: (c: ChartModel) => c.chartType,
      set: (c: ChartModel, v) =>
        (c.chartType = chartTypeArg(v, "chart.chartType")),
    },
    id: { get: (c: ChartModel) => c.id },
  },
  ["title", "series", "axes", "worksheet"],
);

export class ChartTitleProxy extends ProxyBase {
  declare text: string;
}
props(ChartTitleProxy, {
  text: {
    get: (c: ChartModel) => c.title ?? "",
    set: (c: ChartModel, v) => {
      if (typeof v !== "string" || v.length > 255)
        fail(
          "InvalidArgument",
          "A chart title is text of at most 255 characters.",
          "chart.title.text",
        );
      c.title = v;
    },
  },
});

interface SeriesRef {
  chart: ChartModel;
  series: SeriesModel;
}

export class ChartSeriesCollectionProxy extends CollectionProxy<ChartSeriesProxy> {
  declare readonly count: number;
  protected _itemModels(c: ChartModel): unknown[] {
    return c.series.map((series) => ({ chart: c, series }));
  }
  protected _item(model: unknown, i: number): ChartSeriesProxy {
    return new ChartSeriesProxy(
      this.context,
      `${this._path}[${i}]`,
      fixed(model),
    );
  }
  getItemAt(index: number): ChartSeriesProxy {
    return new ChartSeriesProxy(
      this.context,
      `${this._path}.getItemAt(${index})`,
      () => {
        const c = this._model<ChartModel>();
        const series = c.series[index];
        if (!series)
          fail(
            "InvalidArgument",
            `The chart has no series ${index}.`,
            "series.getItemAt",
          );
        return { chart: c, series };
      },
    );
  }
  /** A new, empty series: give it values (setValues) before changing its type or axis. */
  add(name?: string, index?: number): ChartSeriesProxy {
    const px = new ChartSeriesProxy(
      this.context,
      `${this._path}.add(${JSON.stringify(name ?? "")})`,
      () => null,
    );
    this._call("add", [name ?? null, index ?? null], (c: ChartModel) => {
      const series: SeriesModel = {
        name: name ?? `Series${c.series.length + 1}`,
        axisGroup: "Primary",
      };
      if (index === undefined) c.series.push(series);
      else c.series.splice(index, 0, series);
      px._setModel({ chart: c, series });
    });
    return px;
  }
}
props(ChartSeriesCollectionProxy, {
  count: { get: (c: ChartModel) => c.series.length },
});

function nonEmpty(m: SeriesRef, where: string): SeriesModel {
  if (!m.series.values)
    fail(
      "EmptyChartSeries",
      "The attempted operation failed because of an empty chart series.",
      where,
    );
  return m.series;
}

function rangeArg(x: unknown, where: string): RangeRef {
  if (!(x instanceof RangeProxy))
    fail("InvalidArgument", "A Range is required.", where);
  const r = x._model<RangeRef>();
  if (rows(r.rect) !== 1 && cols(r.rect) !== 1)
    fail(
      "InvalidArgument",
      "Series data must be one row or one column.",
      where,
    );
  return r;
}

export class ChartSeriesProxy extends ProxyBase {
  declare name: string;
  declare chartType: string;
  declare axisGroup: "Primary" | "Secondary";
  declare hasDataLabels: boolean;
  declare markerStyle: string;
  get points(): ChartPointsCollectionProxy {
    return this._kid(
      "points",
      () =>
        new ChartPointsCollectionProxy(
          this.context,
          `${this._path}.points`,
          () => this._model(),
        ),
    );
  }
  setValues(sourceData: RangeProxy): void {
    this._call(
      "setValues",
      [sourceData],
      (m: SeriesRef) =>
        (m.series.values = rangeArg(sourceData, "series.setValues")),
    );
  }
  setXAxisValues(sourceData: RangeProxy): void {
    this._call(
      "setXAxisValues",
      [sourceData],
      (m: SeriesRef) =>
        (m.series.xValues = rangeArg(sourceData, "series.setXAxisValues")),
    );
  }
  delete(): void {
    this._call("delete", [], (m: SeriesRef) =>
      m.chart.series.splice(m.chart.series.indexOf(m.series), 1),
    );
  }
}
props(
  ChartSeriesProxy,
  {
    name: {
      get: (m: SeriesRef) => m.series.name,
      set: (m: SeriesRef, v) => {
        if (typeof v !== "string" || v.length > 255)
          fail(
            "InvalidArgument",
            "A series name is text of at most 255 characters.",
            "series.name",
          );
        m.series.name = v;
      },
    },
    chartType: {
      get: (m: SeriesRef) => m.series.chartType ?? m.chart.chartType,
      set: (m: SeriesRef, v) =>
        (nonEmpty(m, "series.chartType").chartType = chartTypeArg(
          v,
          "series.chartType",
        )),
    },
    axisGroup: {
      get: (m: SeriesRef) => m.series.axisGroup,
      set: (m: SeriesRef, v) => {
        if (!AXIS_GROUPS.has(v as string))
          fail(
            "InvalidArgument",
            `Invalid axis group ${String(v)}.`,
            "series.axisGroup",
          );
        nonEmpty(m, "series.axisGroup").axisGroup = v as
          "Primary" | "Secondary";
      },
    },
    hasDataLabels: {
      get: (m: SeriesRef) => !!m.series.hasDataLabels,
      set: (m: SeriesRef, v) => {
        if (typeof v !== "boolean")
          fail(
            "InvalidArgument",
            "hasDataLabels must be a boolean.",
            "series.hasDataLabels",
          );
        m.series.hasDataLabels = v;
      },
    },
    markerStyle: {
      get: (m: SeriesRef) => m.series.markerStyle ?? "Automatic",
      set: (m: SeriesRef, v) => {
        const styles = [
          "Automatic",
          "None",
          "Square",
          "Diamond",
          "Triangle",
          "X",
          "Star",
          "Dot",
          "Dash",
          "Circle",
          "Plus",
        ];
        if (!styles.includes(v as string))
          fail(
            "InvalidArgument",
            `Invalid marker style ${String(v)}.`,
            "series.markerStyle",
          );
        m.series.markerStyle = v as string;
      },
    },
  },
  ["points"],
);

/** Number of points of a series: the cells of its values range. */
function pointCount(s: SeriesModel): number {
  return s.values ? rows(s.values.rect) * cols(s.values.rect) : 0;
}

interface PointRef {
  series: SeriesModel;
  index: number;
}

export class ChartPointsCollectionProxy extends ProxyBase {
  declare readonly count: number;
  getItemAt(index: number): ChartPointProxy {
    return new ChartPointProxy(
      this.context,
      `${this._path}.getItemAt(${index})`,
      () => {
        const m = this._model<SeriesRef>();
        if (
          !Number.isInteger(index) ||
          index < 0 ||
          index >= pointCount(m.series)
        )
          fail(
            "InvalidArgument",
            `The series has no point ${index}.`,
            "points.getItemAt",
          );
        return { series: m.series, index };
      },
    );
  }
}
props(ChartPointsCollectionProxy, {
  count: { get: (m: SeriesRef) => pointCount(m.series) },
});

export class ChartPointProxy extends ProxyBase {
  declare hasDataLabel: boolean;
  get dataLabel(): ChartDataLabelProxy {
    return this._kid(
      "dataLabel",
      () =>
        new ChartDataLabelProxy(this.context, `${this._path}.dataLabel`, () =>
          this._model(),
        ),
    );
  }
}
props(
  ChartPointProxy,
  {
    hasDataLabel: {
      get: (m: PointRef) => m.series.pointLabels?.has(m.index) ?? false,
      set: (m: PointRef, v) => {
        if (typeof v !== "boolean")
          fail(
            "InvalidArgument",
            "hasDataLabel must be a boolean.",
            "point.hasDataLabel",
          );
        m.series.pointLabels ??= new Map();
        if (v)
          m.series.pointLabels.set(
            m.index,
            m.series.pointLabels.get(m.index) ?? "",
          );
        else m.series.pointLabels.delete(m.index);
      },
    },
  },
  ["dataLabel"],
);

export class ChartDataLabelProxy extends ProxyBase {
  declare formula: string;
}
props(ChartDataLabelProxy, {
  formula: {
    get: (m: PointRef) => m.series.pointLabels?.get(m.index) ?? "",
    set: (m: PointRef, v) => {
      // A label linked to a cell: "=Sheet!$A$1", one cell of an existing sheet.
      const at = typeof v === "string" && /^=(.+)!\$?[A-Z]+\$?[0-9]+$/.exec(v);
      if (!at)
        fail(
          "InvalidArgument",
          `A data label formula is a reference to one cell, not ${JSON.stringify(v)}.`,
          "dataLabel.formula",
        );
      if (!m.series.pointLabels?.has(m.index))
        fail(
          "InvalidOperation",
          "The point has no data label (set hasDataLabel first).",
          "dataLabel.formula",
        );
      m.series.pointLabels.set(m.index, v as string);
    },
  },
});

interface AxisRef {
  chart: ChartModel;
  key: string;
  axis: AxisModel;
}

export class ChartAxesProxy extends ProxyBase {
  get valueAxis(): ChartAxisProxy {
    return this._kid("valueAxis", () => this.getItem("Value", "Primary"));
  }
  get categoryAxis(): ChartAxisProxy {
    return this._kid("categoryAxis", () => this.getItem("Category", "Primary"));
  }
  /** The secondary axes exist only once a series is plotted on them (else ItemNotFound when used). */
  getItem(type: string, group: string = "Primary"): ChartAxisProxy {
    return new ChartAxisProxy(
      this.context,
      `${this._path}.getItem(${type},${group})`,
      () => {
        const chart = this._model<ChartModel>();
        if (
          !AXIS_TYPES.has(type) ||
          type === "Invalid" ||
          !AXIS_GROUPS.has(group)
        )
          fail(
            "InvalidArgument",
            `Invalid axis ${type}/${group}.`,
            "axes.getItem",
          );
        if (
          group === "Secondary" &&
          !chart.series.some((s) => s.axisGroup === "Secondary")
        ) {
          fail(
            "ItemNotFound",
            "The chart has no secondary axis (no series is plotted on it).",
            "axes.getItem",
          );
        }
        const key = `${type}/${group}`;
        let axis = chart.axes.get(key);
        if (!axis) chart.axes.set(key, (axis = {}));
        return { chart, key, axis };
      },
    );
  }
}
props(ChartAxesProxy, {}, ["valueAxis", "categoryAxis"]);

function axisNumber(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    fail("InvalidArgument", `Invalid axis bound ${String(v)}.`, where);
  return v;
}

export class ChartAxisProxy extends ProxyBase {
  get title(): ChartAxisTitleProxy {
    return this._kid(
      "title",
      () =>
        new ChartAxisTitleProxy(this.context, `${this._path}.title`, () =>
          this._model(),
        ),
    );
  }
  declare minimum: number;
  declare maximum: number;
  declare numberFormat: string;
  declare readonly type: string;
  declare readonly axisGroup: string;
}
props(
  ChartAxisProxy,
  {
    minimum: {
      get: (m: AxisRef) => m.axis.minimum ?? null,
      set: (m: AxisRef, v) => (m.axis.minimum = axisNumber(v, "axis.minimum")),
    },
    maximum: {
      get: (m: AxisRef) => m.axis.maximum ?? null,
      set: (m: AxisRef, v) => (m.axis.maximum = axisNumber(v, "axis.maximum")),
    },
    numberFormat: {
      get: (m: AxisRef) => m.axis.numberFormat ?? "General",
      set: (m: AxisRef, v) => {
        if (typeof v !== "string")
          fail(
            "InvalidArgument",
            "A number format is text.",
            "axis.numberFormat",
          );
        m.axis.numberFormat = v;
      },
    },
    type: { get: (m: AxisRef) => m.key.split("/")[0] },
    axisGroup: { get: (m: AxisRef) => m.key.split("/")[1] },
  },
  ["title"],
);

export class ChartAxisTitleProxy extends ProxyBase {
  declare text: string;
}
props(ChartAxisTitleProxy, {
  text: {
    get: (m: AxisRef) => m.axis.title ?? "",
    set: (m: AxisRef, v) => {
      if (typeof v !== "string" || v.length > 255)
        fail(
          "InvalidArgument",
          "An axis title is text of at most 255 characters.",
          "axis.title.text",
        );
      m.axis.title = v;
    },
  },
});

// ------------------------------------------------------------------------------------------------
// Named items
// ------------------------------------------------------------------------------------------------

export class NamedItemCollectionProxy extends CollectionProxy<NamedItemProxy> {
  declare readonly count: number;
  protected _itemModels(fake: FakeWorkbook): unknown[] {
    return fake.names.filter((n) => !n.deleted);
  }
  protected _item(model: unknown): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      `names[${(model as NamedItemModel).name}]`,
      fixed(model),
    );
  }
  add(
    name: string,
    reference: RangeProxy | string,
    comment?: string,
  ): NamedItemProxy {
    const px = new NamedItemProxy(
      this.context,
      `names.add(${JSON.stringify(name)})`,
      () => null,
    );
    this._call(
      "add",
      [name, reference, comment ?? null],
      (fake: FakeWorkbook) => {
        const checked = fake.checkNewName(name);
        let formula: string;
        if (reference instanceof RangeProxy) {
          const r = reference._model<RangeRef>();
          formula = `=${quoteSheet(r.sheet.name)}!${absolute(r.rect)}`;
        } else if (typeof reference === "string" && reference !== "")
          formula = reference.startsWith("=") ? reference : `=${reference}`;
        else fail("InvalidArgument", "A name needs a reference.", "names.add");
        const anySheet = fake.activeSheet ?? fake.liveSheets()[0];
        if (anySheet)
          checkFormula(
            formula,
            { sheet: anySheet, place: "name", row: 0, col: 0 },
            "names.add",
          );
        const m: NamedItemModel = {
          name: checked,
          formula,
          comment: comment ?? "",
        };
        fake.names.push(m);
        px._setModel(m);
      },
    );
    return px;
  }
  getItem(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      `names.getItem(${JSON.stringify(name)})`,
      () => {
        const m = this.find(name);
        if (!m) fail("ItemNotFound", `No name "${name}".`, "names.getItem");
        return m;
      },
    );
  }
  getItemOrNullObject(name: string): NamedItemProxy {
    return new NamedItemProxy(
      this.context,
      `names.getItemOrNullObject(${JSON.stringify(name)})`,
      () => this.find(name) ?? null,
    )._markNullable();
  }
  private find(name: string): NamedItemModel | undefined {
    return this._model<FakeWorkbook>().names.find(
      (n) => !n.deleted && n.name.toUpperCase() === name.toUpperCase(),
    );
  }
}
props(NamedItemCollectionProxy, {
  count: {
    get: (fake: FakeWorkbook) => fake.names.filter((n) => !n.deleted).length,
  },
});

export class NamedItemProxy extends ProxyBase {
  declare readonly name: string;
  declare formula: string;
  declare comment: string;
  delete(): void {
    this._call("delete", [], (m: NamedItemModel) => (m.deleted = true));
  }
}
props(NamedItemProxy, {
  name: { get: (m: NamedItemModel) => m.name },
  formula: {
    get: (m: NamedItemModel) => m.formula,
    set: (m: NamedItemModel, v) => {
      if (typeof v !== "string" || v === "")
        fail("InvalidArgument", "Invalid formula.", "name.formula");
      m.formula = v.startsWith("=") ? v : `=${v}`;
    },
  },
  comment: {
    get: (m: NamedItemModel) => m.comment,
    set: (m: NamedItemModel, v) => (m.comment = String(v)),
  },
});

// ------------------------------------------------------------------------------------------------
// Issue 14: orgchart. Shapes (Worksheet.shapes, ExcelApi 1.9): geometric shapes and lines, with name,
// position and size (points), fill, line format and text. Rules: a geometric shape type from the API's
// list (the ones in use); a connector type "Straight" | "Elbow" | "Curve"; a name 1–255 characters;
// sizes >= 0; colours "#RRGGBB" or a name; `getItem` of a missing shape is ItemNotFound.
// ------------------------------------------------------------------------------------------------

const GEOMETRIC_SHAPES = new Set([
  "Rectangle",
  "RoundRectangle",
  "Ellipse",
  "Triangle",
  "Diamond",
  "Hexagon",
  "FlowChartProcess",
]);
let nextShapeId = 1;

function shapeColorArg(v: unknown, where: string): string {
  if (
    typeof v !== "string" ||
    !(/^#[0-9A-Fa-f]{6}$/.test(v) || /^[A-Za-z]+$/.test(v))
  )
    fail("InvalidArgument", `Invalid colour ${String(v)}.`, where);
  return String(v);
}
function sizeArg(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    fail("InvalidArgument", `Invalid size ${String(v)}.`, where);
  return v as number;
}
function coordArg(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    fail("InvalidArgument", `Invalid position ${String(v)}.`, where);
  return v as number;
}

export class ShapeCollectionProxy extends CollectionProxy<ShapeProxy> {
  declare readonly count: number;
  protected _itemModels(s: FakeSheet): unknown[] {
    return s.shapes.filter((x) => !x.deleted);
  }
  protected _item(model: unknown): ShapeProxy {
    return new ShapeProxy(
      this.context,
      `${this._path}[${(model as ShapeModel).name}]`,
      fixed(model),
    );
  }
  private _add(
    where: string,
    args: unknown[],
    make: (s: FakeSheet) => Omit<ShapeModel, "id" | "name" | "sheet" | "text">,
  ): ShapeProxy {
    const px = new ShapeProxy(
      this.context,
      `${this._path}.${where}`,
      () => null,
    );
    this._call(where, args, (s: FakeSheet) => {
      const id = nextShapeId++;
      const m: ShapeModel = {
        id: `{fake-shape-${id}}`,
        name: `Shape ${id}`,
        sheet: s,
        text: "",
        ...make(s),
      };
      s.shapes.push(m);
      px._setModel(m);
    });
    return px;
  }
  addGeometricShape(geometricShapeType: string): ShapeProxy {
    return this._add("addGeometricShape", [geometricShapeType], () => {
      if (!GEOMETRIC_SHAPES.has(geometricShapeType))
        fail(
          "InvalidArgument",
          `Invalid shape type ${geometricShapeType}.`,
          "shapes.addGeometricShape",
        );
      return {
        type: "GeometricShape",
        geometricShapeType,
        left: 0,
        top: 0,
        width: 72,
        height: 72,
      };
    });
  }
  addLine(
    startLeft: number,
    startTop: number,
    endLeft: number,
    endTop: number,
    connectorType = "Straight",
  ): ShapeProxy {
    return this._add(
      "addLine",
      [startLeft, startTop, endLeft, endTop, connectorType],
      () => {
        for (const v of [startLeft, startTop, endLeft, endTop])
          coordArg(v, "shapes.addLine");
        if (!["Straight", "Elbow", "Curve"].includes(connectorType))
          fail(
            "InvalidArgument",
            `Invalid connector type ${connectorType}.`,
            "shapes.addLine",
          );
        return {
          type: "Line",
          left: Math.min(startLeft, endLeft),
          top: Math.min(startTop, endTop),
          width: Math.abs(endLeft - startLeft),
          height: Math.abs(endTop - startTop),
        };
      },
    );
  }
  getItem(name: string): ShapeProxy {
    return new ShapeProxy(
      this.context,
      `${this._path}.getItem(${JSON.stringify(name)})`,
      () => {
        const x = this._model<FakeSheet>().shapes.find(
          (m) => !m.deleted && m.name === name,
        );
        if (!x) fail("ItemNotFound", `No shape "${name}".`, "shapes.getItem");
        return x;
      },
    );
  }
  getItemOrNullObject(name: string): ShapeProxy {
    return new ShapeProxy(
      this.context,
      `${this._path}.getItemOrNullObject(${JSON.stringify(name)})`,
      () =>
        this._model<FakeSheet>().shapes.find(
          (m) => !m.deleted && m.name === name,
        ) ?? null,
    )._markNullable();
  }
}
props(ShapeCollectionProxy, {
  count: { get: (s: FakeSheet) => s.shapes.filter((x) => !x.deleted).length },
});

export class ShapeProxy extends ProxyBase {
  declare name: string;
  declare left: number;
  declare top: number;
  declare width: number;
  declare height: number;
  declare readonly type: string;
  declare readonly id: string;
  get fill(): ShapeFillProxy {
    return this._kid(
      "fill",
      () =>
        new ShapeFillProxy(this.context, `${this._path}.fill`, () =>
          this._model(),
        ),
    );
  }
  get lineFormat(): ShapeLineFormatProxy {
    return this._kid(
      "lineFormat",
      () =>
        new ShapeLineFormatProxy(this.context, `${this._path}.lineFormat`, () =>
          this._model(),
        ),
    );
  }
  get textFrame(): TextFrameProxy {
    return this._kid(
      "textFrame",
      () =>
        new TextFrameProxy(this.context, `${this._path}.textFrame`, () =>
          this._model(),
        ),
    );
  }
  /** Excel: "An error will be thrown if the shape type is not Line." */
  get line(): LineProxy {
    return this._kid(
      "line",
      () =>
        new LineProxy(this.context, `${this._path}.line`, () => this._model()),
    );
  }
  delete(): void {
    this._call("delete", [], (m: ShapeModel) => {
      m.deleted = true;
      m.sheet.shapes.splice(m.sheet.shapes.indexOf(m), 1);
    });
  }
}
props(
  ShapeProxy,
  {
    name: {
      get: (m: ShapeModel) => m.name,
      set: (m: ShapeModel, v) => {
        if (typeof v !== "string" || v === "" || v.length > 255)
          fail("InvalidArgument", "Invalid shape name.", "shape.name");
        m.name = v as string;
      },
    },
    left: {
      get: (m: ShapeModel) => m.left,
      set: (m: ShapeModel, v) => (m.left = coordArg(v, "shape.left")),
    },
    top: {
      get: (m: ShapeModel) => m.top,
      set: (m: ShapeModel, v) => (m.top = coordArg(v, "shape.top")),
    },
    width: {
      get: (m: ShapeModel) => m.width,
      set: (m: ShapeModel, v) => (m.width = sizeArg(v, "shape.width")),
    },
    height: {
      get: (m: ShapeModel) => m.height,
      set: (m: ShapeModel, v) => (m.height = sizeArg(v, "shape.height")),
    },
    type: { get: (m: ShapeModel) => m.type },
    id: { get: (m: ShapeModel) => m.id },
  },
  ["fill", "lineFormat", "textFrame", "line"],
);

/** Connection sites of each geometric shape type the fake draws (Excel's `connectionSiteCount`). */
const CONNECTION_SITES: Record<string, number> = {
  Rectangle: 4,
  RoundRectangle: 4,
  Ellipse: 8,
  Triangle: 6,
  Diamond: 4,
  Hexagon: 6,
  FlowChartProcess: 4,
};

/**
 * `Shape.line` (ExcelApi 1.9): a line's ends glued to shapes. Excel refuses a shape that is not a line, a
 * target on another sheet or deleted, a line as target (it has no connection sites), and a site outside
 * 0 … connectionSiteCount − 1.
 */
export class LineProxy extends ProxyBase {
  private _connect(
    end: "begin" | "end",
    shape: ShapeProxy,
    site: number,
  ): void {
    const where = `line.connect${end === "begin" ? "Begin" : "End"}Shape`;
    this._call(where, [shape, site], (m: ShapeModel) => {
      if (m.type !== "Line")
        fail("InvalidOperation", "The shape is not a line.", where);
      const target = shape._model<ShapeModel>();
      if (target.sheet !== m.sheet)
        fail("InvalidArgument", "The shape is on another worksheet.", where);
      const sites =
        target.type === "GeometricShape"
          ? (CONNECTION_SITES[target.geometricShapeType ?? ""] ?? 0)
          : 0;
      if (!Number.isInteger(site) || site < 0 || site >= sites)
        fail("InvalidArgument", `Invalid connection site ${site}.`, where);
      m[end === "begin" ? "beginConnected" : "endConnected"] = {
        shape: target,
        site,
      };
    });
  }
  connectBeginShape(shape: ShapeProxy, connectionSite: number): void {
    this._connect("begin", shape, connectionSite);
  }
  connectEndShape(shape: ShapeProxy, connectionSite: number): void {
    this._connect("end", shape, connectionSite);
  }
}

export class ShapeFillProxy extends ProxyBase {
  declare foregroundColor: string;
  setSolidColor(color: string): void {
    this._call(
      "setSolidColor",
      [color],
      (m: ShapeModel) => (m.fill = shapeColorArg(color, "fill.setSolidColor")),
    );
  }
}
props(ShapeFillProxy, {
  foregroundColor: {
    get: (m: ShapeModel) => m.fill ?? "",
    set: (m: ShapeModel, v) =>
      (m.fill = shapeColorArg(v, "fill.foregroundColor")),
  },
});

export class ShapeLineFormatProxy extends ProxyBase {
  declare color: string;
  declare weight: number;
}
props(ShapeLineFormatProxy, {
  color: {
    get: (m: ShapeModel) => m.lineColor ?? "",
    set: (m: ShapeModel, v) =>
      (m.lineColor = shapeColorArg(v, "lineFormat.color")),
  },
  weight: {
    get: (m: ShapeModel) => m.lineWeight ?? 0.75,
    set: (m: ShapeModel, v) => (m.lineWeight = sizeArg(v, "lineFormat.weight")),
  },
});

export class TextFrameProxy extends ProxyBase {
  declare horizontalAlignment: string;
  declare verticalAlignment: string;
  get textRange(): TextRangeProxy {
    return this._kid(
      "textRange",
      () =>
        new TextRangeProxy(this.context, `${this._path}.textRange`, () =>
          this._model(),
        ),
    );
  }
}
function textFrameOf(m: ShapeModel, where: string): ShapeModel {
  if (m.type === "Line")
    fail("InvalidOperation", "A line has no text frame.", where);
  return m;
}
props(
  TextFrameProxy,
  {
    horizontalAlignment: {
      get: (m: ShapeModel) => m.horizontalAlignment ?? "Left",
      set: (m: ShapeModel, v) =>
        (textFrameOf(m, "textFrame.horizontalAlignment").horizontalAlignment =
          String(v)),
    },
    verticalAlignment: {
      get: (m: ShapeModel) => m.verticalAlignment ?? "Top",
      set: (m: ShapeModel, v) =>
        (textFrameOf(m, "textFrame.verticalAlignment").verticalAlignment =
          String(v)),
    },
  },
  ["textRange"],
);

export class TextRangeProxy extends ProxyBase {
  declare text: string;
  get font(): ShapeFontProxy {
    return this._kid(
      "font",
      () =>
        new ShapeFontProxy(this.context, `${this._path}.font`, () =>
          this._model(),
        ),
    );
  }
}
props(
  TextRangeProxy,
  {
    text: {
      get: (m: ShapeModel) => m.text,
      set: (m: ShapeModel, v) =>
        (textFrameOf(m, "textRange.text").text = String(v)),
    },
  },
  ["font"],
);

export class ShapeFontProxy extends ProxyBase {
  declare size: number;
  declare color: string;
}
props(ShapeFontProxy, {
  size: {
    get: (m: ShapeModel) => m.fontSize ?? 11,
    set: (m: ShapeModel, v) => (m.fontSize = sizeArg(v, "font.size")),
  },
  color: {
    get: (m: ShapeModel) => m.fontColor ?? "#000000",
    set: (m: ShapeModel, v) => (m.fontColor = shapeColorArg(v, "font.color")),
  },
});
