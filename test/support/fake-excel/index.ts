/**
 * Strict in-memory Excel for tests (DESIGN §3 item 2).
 *
 *   const wb = installFakeExcel();              // globalThis.Excel (+ OfficeExtension) now point at the fake
 *   await Excel.run(async (context) => { … });  // code under test, unchanged
 *   wb.values("ABC", "A1:C3"); wb.syncCount;    // inspect
 *
 * Works in jest and in a browser page (no Node imports; the ExcelJS export lives in `./exceljs`).
 */
import { excelEnums, ErrorCodes } from "./enums";
import { FakeOfficeError } from "./errors";
import { FakeWorkbook, FakeWorkbookOptions } from "./model";
import { FakeRequestContext } from "./proxies";

export { FakeWorkbook, FakeSheet } from "./model";
export type { FakeWorkbookOptions, SyncRecord, WriteRecord, TableModel, ChartModel, PageLayoutModel } from "./model";
export { FakeRequestContext, utf8Length, payloadBytes } from "./proxies";
export { FakeOfficeError } from "./errors";
export { parseAddress, formatRect } from "./address";
export { tokenize, checkFormula } from "./formula";
export type { Token, FormulaSite } from "./formula";
export { shiftFormula, shiftRect } from "./shift";
export type { SheetEdit } from "./shift";

type Batch<T> = (context: FakeRequestContext) => Promise<T>;

/** The fake `Excel` global: `run`, `RequestContext` and the enums. */
export interface FakeExcelGlobal {
  run<T>(batch: Batch<T>): Promise<T>;
  run<T>(options: unknown, batch: Batch<T>): Promise<T>;
  RequestContext: new () => FakeRequestContext;
  [enumName: string]: unknown;
}

/**
 * Like the real `Excel.run`: a fresh request context, the batch function must return a promise
 * (RunMustReturnPromise otherwise), and one final `sync()` flushes what the batch left queued.
 */
export function makeExcelGlobal(workbook: FakeWorkbook): FakeExcelGlobal {
  async function run<T>(a: unknown, b?: Batch<T>): Promise<T> {
    const batch = (typeof a === "function" ? a : b) as Batch<T> | undefined;
    if (typeof batch !== "function") throw new FakeOfficeError("InvalidArgument", "Excel.run needs a batch function.");
    const context = new FakeRequestContext(workbook);
    const pending = batch(context) as unknown;
    if (!pending || typeof (pending as Promise<T>).then !== "function") {
      throw new FakeOfficeError("RunMustReturnPromise", "The batch function passed to Excel.run must return a promise.");
    }
    try {
      const result = await (pending as Promise<T>);
      await context.sync();
      return result;
    } finally {
      context._close();
    }
  }
  class RequestContext extends FakeRequestContext {
    constructor() {
      super(workbook);
    }
  }
  return { ...excelEnums, run: run as FakeExcelGlobal["run"], RequestContext };
}

/**
 * Install the fake as `globalThis.Excel` (and a minimal `OfficeExtension` for `instanceof` checks and
 * error codes) and return the workbook for inspection. Pass a workbook to share one between installs.
 */
export function installFakeExcel(workbook: FakeWorkbook | FakeWorkbookOptions = {}): FakeWorkbook {
  const wb = workbook instanceof FakeWorkbook ? workbook : new FakeWorkbook(workbook);
  const g = globalThis as Record<string, unknown>;
  g.Excel = makeExcelGlobal(wb);
  g.OfficeExtension = {
    Error: FakeOfficeError,
    ErrorCodes: {
      ...Object.fromEntries(Object.entries(ErrorCodes)),
      propertyNotLoaded: "PropertyNotLoaded",
      invalidRequestContext: "InvalidRequestContext",
      runMustReturnPromise: "RunMustReturnPromise",
    },
  };
  return wb;
}

/** Remove the globals installed by `installFakeExcel`. */
export function uninstallFakeExcel(): void {
  const g = globalThis as Record<string, unknown>;
  delete g.Excel;
  delete g.OfficeExtension;
}
