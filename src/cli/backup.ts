/**
 * The backup a command writes before it replaces or updates a workbook the user already has (`kam plan`
 * on an existing plan, `kam analyze --out … --force` over someone else's file; DESIGN §2 rule 8).
 */
import { constants } from "node:fs";
import { copyFile, readdir, rm } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { KamError } from "../core/errors";
import { fileProblem } from "../read/csv";

/** How many backups of one workbook are kept beside it; older ones are removed after a new one is written. */
export const BACKUPS_KEPT = 3;

/**
 * Copies `path` to NAME.backup-YYYYMMDD-HHMMSS.xlsx beside it (local time of `now`), taking a free name
 * (-2, -3 … appended) so an earlier backup is never overwritten, then removes all but the newest
 * `BACKUPS_KEPT` backups of that workbook (by their time stamp and number; other files are never touched).
 * @returns the backup's path.
 * @throws KamError("file") when the copy cannot be written.
 */
export async function writeBackup(path: string, now: Date): Promise<string> {
  const p2 = (n: number): string => String(n).padStart(2, "0");
  const date = `${now.getFullYear()}${p2(now.getMonth() + 1)}${p2(now.getDate())}`;
  const stamp = `${date}-${p2(now.getHours())}${p2(now.getMinutes())}${p2(now.getSeconds())}`;
  const base = join(dirname(path), `${basename(path, extname(path))}.backup-${stamp}`);
  for (let i = 1; ; i++) {
    const target = `${base}${i === 1 ? "" : `-${i}`}.xlsx`;
    try {
      await copyFile(path, target, constants.COPYFILE_EXCL);
      await pruneBackups(path);
      return target;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new KamError("file", "out.backupFailed", { name: basename(target), reason: fileProblem(e) }, { source: basename(path) });
    }
  }
}

/**
 * Removes backups of `path` beyond the newest `BACKUPS_KEPT`. Only names this module writes
 * (NAME.backup-YYYYMMDD-HHMMSS[-N].xlsx) count; a backup that cannot be removed is left (never an error:
 * the new backup and the new workbook matter more).
 */
export async function pruneBackups(path: string): Promise<string[]> {
  const folder = dirname(path);
  const prefix = `${basename(path, extname(path))}.backup-`;
  const pattern = /^(\d{8}-\d{6})(?:-(\d+))?\.xlsx$/;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const backups = names
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ n, m: pattern.exec(n.slice(prefix.length)) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .map(({ n, m }) => ({ n, stamp: m[1], k: Number(m[2] ?? 1) }))
    // Newest first: later stamp, then higher number within one second.
    .sort((a, b) => (a.stamp === b.stamp ? b.k - a.k : a.stamp < b.stamp ? 1 : -1));
  const removed: string[] = [];
  for (const old of backups.slice(BACKUPS_KEPT)) {
    const p = join(folder, old.n);
    await rm(p).then(
      () => removed.push(p),
      () => undefined,
    );
  }
  return removed;
}
