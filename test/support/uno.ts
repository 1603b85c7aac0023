/**
 * People's edits made in LibreOffice Calc itself (python3-uno, test/support/uno/edit.py), and the check
 * that a refresh kept every value they typed (issue 9: "nothing typed is ever lost").
 *
 * `editWithLibreOffice` / `editAllWithLibreOffice` run the edit script: one headless soffice per call
 * (private profile and pipe) applies the edits to each workbook and stores it as .xlsx; the result says
 * where LibreOffice has each typed token after all edits (its own row/column shifting, sorting, renames).
 * `checkTokens` then reads a refreshed workbook with ExcelJS and sorts the tokens into lost, moved and
 * listed on the refresh's "Kept on refresh" sheet.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ExcelJS from "exceljs";

const EDIT_SCRIPT = resolve(__dirname, "uno/edit.py");
const PYTHON = process.env.UNO_PYTHON ?? "/usr/bin/python3";

/** A cell: the sheet's name and its A1 address (no sheet prefix, no $). */
export interface CellRef {
  sheet: string;
  address: string;
}

/** Where a location inside a sheet is: an A1 cell, or the nth cell whose constant text is `text`, moved. */
export type At = { cell: string } | { find: { text: string; nth?: number; dr?: number; dc?: number } };

/**
 * One edit a person makes, applied in order; addresses mean the sheet as it is at that edit (rows and
 * columns 1-based, whole rows/columns). See test/support/uno/edit.py for the exact behaviour.
 * - insert/delete rows or columns: at a row number / column letter, or at the row / column of a cell.
 * - type: a value typed in a cell (over a formula too); a string is a tracked token unless track is false.
 * - sort: the current region around the cell (what Data > Sort selects), first row as header, by a header
 *   text of the region or a sheet column letter.
 * - addSheet: a new last sheet with typed values (strings are tokens).
 * - addChart: a column chart of `range`, placed at the cell.
 */
export type UnoEdit =
  | ({ op: "type"; sheet: string; value: string | number; track?: boolean } & At)
  | ({ op: "insertRows" | "deleteRows"; sheet: string; count?: number } & ({ row: number } | At))
  | ({ op: "insertColumns" | "deleteColumns"; sheet: string; count?: number } & ({ column: string } | At))
  | ({ op: "sort"; sheet: string; by: string; descending?: boolean } & At)
  | { op: "renameSheet"; sheet: string; to: string }
  | { op: "addSheet"; name: string; cells: Record<string, string | number> }
  | ({ op: "addChart"; sheet: string; name: string; range: string; title?: string } & At);

/** A typed token and where LibreOffice had it after all edits. */
export interface TypedToken extends CellRef {
  token: string;
}

export interface EditResult {
  /** Every tracked token still in a cell after the edits, in the order typed. */
  tokens: TypedToken[];
  /** Tokens that later edits removed again (a deleted row or column, typed over). */
  removed: string[];
}

export interface EditJob {
  in: string;
  out: string;
  edits: UnoEdit[];
}

/**
 * Applies `edits` to the workbook `inFile` in LibreOffice and stores it as `outFile` (.xlsx).
 * @throws when LibreOffice cannot open the file, an edit fails (the message names it) or after `timeoutMs`
 *   (default 180 s; soffice is killed).
 */
export async function editWithLibreOffice(
  inFile: string,
  outFile: string,
  edits: UnoEdit[],
  timeoutMs = 180_000,
): Promise<EditResult> {
  const [result] = await editAllWithLibreOffice([{ in: inFile, out: outFile, edits }], timeoutMs);
  return result;
}

/**
 * Several edit jobs in one soffice start (its cold start costs seconds). Results in the order of `jobs`.
 * @throws like editWithLibreOffice; nothing is returned when one job fails.
 */
export async function editAllWithLibreOffice(jobs: EditJob[], timeoutMs = 180_000): Promise<EditResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "kam-uno-"));
  try {
    const request = join(dir, "request.json");
    const result = join(dir, "result.json");
    const absolute = jobs.map((j) => ({ in: resolve(j.in), out: resolve(j.out), edits: j.edits }));
    await writeFile(request, JSON.stringify({ jobs: absolute }));
    await runScript([EDIT_SCRIPT, request, result], `${result}.pgid`, timeoutMs);
    const parsed = JSON.parse(readFileSync(result, "utf8")) as { jobs: EditResult[] };
    return parsed.jobs.map(({ tokens, removed }) => ({ tokens, removed }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the edit script in its own process group. On timeout: SIGTERM (the script then ends soffice
 * itself), and 15 s later SIGKILL to the script's group and to soffice's group (its id is in `pgidFile`).
 */
function runScript(args: string[], pgidFile: string, timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const kill = (signal: NodeJS.Signals, pgid: number | undefined): void => {
      try {
        if (pgid) process.kill(-pgid, signal);
      } catch {
        /* already gone */
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      // Read now: the caller deletes the folder of pgidFile as soon as this promise rejects.
      let soffice: number | undefined;
      try {
        soffice = Number(readFileSync(pgidFile, "utf8"));
      } catch {
        /* soffice was not started yet */
      }
      kill("SIGTERM", child.pid);
      killTimer = setTimeout(() => {
        kill("SIGKILL", child.pid);
        kill("SIGKILL", soffice);
      }, 15_000);
      reject(new Error(`LibreOffice edit timed out after ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (code === 0) resolvePromise();
      else reject(new Error(`LibreOffice edit script exited with ${code}\n${output}`));
    });
  });
}

/** Names of the refresh's list of kept values, in English and Norwegian (columns Date | Sheet | Old address | Value | Why). */
export const KEPT_SHEET_NAMES = ["Kept on refresh", "Beholdt ved oppdatering"];

export interface TokenCheck {
  /** Tokens checked. */
  checked: number;
  /** In no cell of the workbook (the Kept list included). */
  lost: TypedToken[];
  /** Not at their reported cell: where they are now (on the Kept list or elsewhere). */
  moved: { token: TypedToken; now: CellRef }[];
  /** Of `moved`: the ones found only on the Kept list. */
  listed: TypedToken[];
}

/**
 * Where each token is in a (refreshed) workbook, read with ExcelJS: a token counts where a cell holds it
 * as a constant, exactly (a formula showing it does not count). Found at its reported sheet and address →
 * in place; elsewhere → moved (preferring a sheet other than the Kept list); in no cell → lost.
 */
export async function checkTokens(file: string, tokens: readonly TypedToken[]): Promise<TokenCheck> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells = new Map<string, CellRef[]>();
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const text = constantText(cell);
        if (text === null) return;
        const refs = cells.get(text) ?? [];
        refs.push({ sheet: ws.name, address: cell.address });
        cells.set(text, refs);
      }),
    );
  }
  const isKept = (r: CellRef): boolean => KEPT_SHEET_NAMES.includes(r.sheet);
  const check: TokenCheck = { checked: tokens.length, lost: [], moved: [], listed: [] };
  for (const t of tokens) {
    const refs = cells.get(t.token) ?? [];
    if (refs.length === 0) check.lost.push(t);
    else if (refs.some((r) => r.sheet === t.sheet && r.address === t.address)) continue;
    else {
      const now = refs.find((r) => !isKept(r)) ?? refs[0];
      check.moved.push({ token: t, now });
      if (isKept(now)) check.listed.push(t);
    }
  }
  return check;
}

/** The tokens that are in no cell of `file`, neither in place, moved, nor on the Kept list. */
export async function lostTokens(file: string, tokens: readonly TypedToken[]): Promise<TypedToken[]> {
  return (await checkTokens(file, tokens)).lost;
}

/** A cell's constant text (rich text and hyperlinks as their text, trimmed); null for formulas, numbers and blanks. */
function constantText(cell: ExcelJS.Cell): string | null {
  if (cell.type === ExcelJS.ValueType.Formula || cell.type === ExcelJS.ValueType.Merge) return null;
  const v = cell.value as unknown;
  if (typeof v === "string") return v.trim();
  if (v && typeof v === "object") {
    if ("richText" in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("").trim();
    if ("hyperlink" in v) return String((v as ExcelJS.CellHyperlinkValue).text ?? "").trim();
  }
  return null;
}
