/**
 * Checks on an output workbook path, shared by the commands that write one (`kam analyze --out`,
 * `kam plan`): the output must be an .xlsx file and must not be the input file under another name.
 */
import { closeSync, openSync, realpathSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { z } from "zod";
import { KamError } from "../core/errors";

/** True when a path names an .xlsx file (extension compared case-insensitively, non-empty name). */
export function isXlsxPath(path: string): boolean {
  return /.\.xlsx$/i.test(basename(path));
}

/** Why a non-.xlsx output is refused; one phrase, lower case (the CLI prints it after `--out "…": `). */
export const OUT_NOT_XLSX = "the output is a workbook: give a file name ending in .xlsx";

/**
 * Zod schema of an output path option: non-empty and ending in .xlsx. Option parsers use it so a wrong
 * name is a usage error (exit 2) before anything is read.
 */
export const XlsxOutSchema = z.string().min(1).refine(isXlsxPath, { message: OUT_NOT_XLSX });

/**
 * Refuses an output path that would overwrite the input: the same path, or the same file reached
 * through a symbolic or hard link (real paths and device/inode compared when the output exists).
 * Also refuses a name not ending in .xlsx, for callers that did not go through `XlsxOutSchema`.
 * @param input the file the command reads.
 * @param out   the workbook the command will write.
 * @throws KamError("argument") for a non-.xlsx name; KamError("file") when `out` is the input file.
 */
export function checkOutputPath(input: string, out: string): void {
  const source = basename(input);
  if (!isXlsxPath(out)) {
    throw new KamError("argument", "out.notXlsx", { name: basename(out) }, { source, column: "out" });
  }
  // The output holds only generated sheets; writing it over the input would destroy the user's data.
  const name = basename(out);
  if (resolve(out) === resolve(input)) throw new KamError("file", "out.isInput", { name }, { source });
  const outStat = statOrNull(out);
  const inStat = statOrNull(input);
  // A missing output cannot be the input, and a missing input is reported by the reader.
  if (!outStat || !inStat) return;
  const sameFile =
    (outStat.ino !== 0n && outStat.dev === inStat.dev && outStat.ino === inStat.ino) || realOrNull(out) === realOrNull(input);
  if (sameFile) throw new KamError("file", "out.isInputLink", { name, source }, { source });
}

function statOrNull(path: string): { dev: bigint; ino: bigint } | null {
  try {
    // Follows symbolic links. bigint: 64-bit file ids (NTFS) do not fit a double exactly.
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/**
 * Refuses an output path the command could not write, before any work, in the user's words and without
 * internals (no errno codes, no temporary names): the folder does not exist, a part of the path is a file,
 * the output is a folder, or the folder is not writable. Writability is tried, not guessed from mode bits:
 * an empty probe file is created and removed (root passes mode checks, yet cannot create files in /proc).
 * @throws KamError("file") naming `--out` and the folder as the user gave them.
 */
export function checkOutputFolder(out: string): void {
  const folder = dirname(out);
  const here = folder === ".";
  const place = { source: basename(out), column: "out" };
  const target = statKind(out);
  if (target === "folder") throw new KamError("file", "out.isFolder", { out }, place);
  const parent = statKind(dirname(resolve(out)));
  if (target === "notDir" || parent === "file" || parent === "notDir") {
    throw new KamError("file", "out.partIsFile", { out, part: notDirPart(out) }, place);
  }
  if (parent === "missing") {
    throw here ? new KamError("file", "out.currentFolderMissing", { out }, place) : new KamError("file", "out.folderMissing", { out, folder }, place);
  }
  const probe = join(dirname(resolve(out)), `.kam-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, "wx"));
    unlinkSync(probe);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return;
    throw here ? new KamError("file", "out.currentNotWritable", { out }, place) : new KamError("file", "out.notWritable", { out, folder }, place);
  }
}

type PathKind = "file" | "folder" | "missing" | "notDir";

function statKind(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOTDIR" ? "notDir" : "missing";
  }
}

/** The first existing ancestor of `out`'s folder that is a file (as the user wrote the path). */
function notDirPart(out: string): string {
  let part = dirname(out);
  const chain: string[] = [];
  while (part !== dirname(part)) {
    chain.unshift(part);
    part = dirname(part);
  }
  return chain.find((p) => statKind(p) === "file") ?? dirname(out);
}
