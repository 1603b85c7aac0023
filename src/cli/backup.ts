/**
 * The backup a command writes before it replaces or updates a workbook the user already has (`kam plan`
 * on an existing plan, `kam analyze --out … --force` over someone else's file; DESIGN §2 rule 8).
 */
import { constants } from "node:fs";
import { copyFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { KamError } from "../core/errors";

/**
 * Copies `path` to NAME.backup-YYYYMMDD-HHMMSS.xlsx beside it (local time of `now`), taking a free name
 * (-2, -3 … appended) so an earlier backup is never overwritten.
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
      return target;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new KamError("file", `Cannot write the backup ${basename(target)}: ${(e as Error).message}.`, {
        source: basename(path),
      });
    }
  }
}
