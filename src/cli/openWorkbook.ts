/**
 * Is a workbook open in a spreadsheet app? A command that replaces or updates a workbook refuses one that
 * is open: the app would later save its own copy over the new file (or the new file would overwrite what
 * the person typed since opening it). Apps announce an open file with a lock file beside it:
 * - LibreOffice: `.~lock.NAME#` (its content: `,user name,host,date,profile;`);
 * - Excel: the owner file `~$NAME`.
 * A lock file left behind by a crash looks the same; the message says how to clear it.
 */
import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { KamError } from "../core/errors";

/**
 * Throws when a lock file says `path` is open.
 * @throws KamError("file"): "PLAN.xlsx is open in LibreOffice (lock file .~lock.PLAN.xlsx#); close it first …".
 */
export async function refuseOpenWorkbook(path: string): Promise<void> {
  const name = basename(path);
  const locks: { file: string; app: string }[] = [
    { file: `.~lock.${name}#`, app: "LibreOffice" },
    { file: `~$${name}`, app: "Excel" },
  ];
  for (const lock of locks) {
    const lockPath = join(dirname(path), lock.file);
    try {
      if (!(await stat(lockPath)).isFile()) continue;
    } catch {
      continue;
    }
    const user = lock.app === "LibreOffice" ? lockUser(await readFile(lockPath, "utf8").catch(() => "")) : undefined;
    const by = user ? { key: "file.openBy" as const, values: { user } } : "";
    throw new KamError("file", "file.openIn", { name, app: lock.app, by, lock: lock.file }, { source: name });
  }
}

/** The user name in a LibreOffice lock file (second comma-separated field), if any. */
function lockUser(content: string): string | undefined {
  const user = content.split(",")[1]?.trim();
  return user ? user : undefined;
}
