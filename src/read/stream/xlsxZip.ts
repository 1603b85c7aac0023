/**
 * Just enough of the ZIP format (APPNOTE.TXT 6.3, the container of every .xlsx, ECMA-376 Part 2 §8) to
 * read one entry at a time: the central directory at the end of the file names every entry with its
 * place, so a part can be read in any order, and a worksheet can be inflated as a stream (Node's zlib)
 * instead of whole. ZIP64 sizes and offsets are read; encrypted or multi-disk archives are refused.
 */
import { open, type FileHandle } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { createInflateRaw, inflateRawSync } from "node:zlib";

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated (the only two an .xlsx uses). */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

/** Not a ZIP archive this reader can read (the caller says "not a readable .xlsx workbook"). */
export class NotZip extends Error {}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** An open ZIP file. Call `close()` when done. */
export class ZipFile {
  private constructor(
    private readonly path: string,
    private readonly fh: FileHandle,
    /** Entries by name. */
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  /**
   * Opens a ZIP file and reads its central directory.
   * @throws the file system's error for a file that cannot be opened; NotZip for anything not a ZIP.
   */
  static async open(path: string): Promise<ZipFile> {
    const fh = await open(path, "r");
    try {
      return new ZipFile(path, fh, await readDirectory(fh));
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** A small entry's bytes (workbook, styles, relationships, tables, shared strings). */
  async bytes(entry: ZipEntry): Promise<Buffer> {
    const start = await this.dataStart(entry);
    const raw = Buffer.alloc(entry.compressedSize);
    await this.fh.read(raw, 0, raw.length, start);
    if (entry.method === 0) return raw;
    try {
      return inflateRawSync(raw);
    } catch {
      throw new NotZip("bad deflate data");
    }
  }

  /** An entry's bytes as a stream of pieces, inflated as they are read. */
  async *stream(entry: ZipEntry, highWaterMark = 1 << 20): AsyncGenerator<Buffer> {
    const start = await this.dataStart(entry);
    if (entry.compressedSize === 0) return;
    const raw = createReadStream(this.path, { start, end: start + entry.compressedSize - 1, highWaterMark });
    if (entry.method === 0) {
      yield* raw as AsyncIterable<Buffer>;
      return;
    }
    const inflate = createInflateRaw({ chunkSize: 1 << 20 });
    raw.on("error", (e) => inflate.destroy(e));
    raw.pipe(inflate);
    try {
      for await (const piece of inflate as AsyncIterable<Buffer>) yield piece;
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith("Z_")) throw new NotZip("bad deflate data");
      throw e;
    } finally {
      raw.destroy();
      inflate.destroy();
    }
  }

  /** Offset of an entry's data: after its local header, whose name and extra field lengths may differ from the directory's. */
  private async dataStart(entry: ZipEntry): Promise<number> {
    if (entry.method !== 0 && entry.method !== 8) throw new NotZip(`compression method ${entry.method}`);
    const head = Buffer.alloc(30);
    await this.fh.read(head, 0, 30, entry.localOffset);
    if (head.readUInt32LE(0) !== LOCAL) throw new NotZip("no local header");
    return entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  }
}

async function readDirectory(fh: FileHandle): Promise<Map<string, ZipEntry>> {
  const { size } = await fh.stat();
  // The end record is in the last 22 bytes plus a comment of at most 65,535 bytes.
  const tailLength = Math.min(size, 22 + 0xffff + 20);
  const tail = Buffer.alloc(tailLength);
  await fh.read(tail, 0, tailLength, size - tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new NotZip("no end of central directory");
  let count = tail.readUInt16LE(at + 10);
  let dirSize = tail.readUInt32LE(at + 12);
  let dirOffset = tail.readUInt32LE(at + 16);
  if (at >= 20 && tail.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
    // ZIP64: the real sizes are in the ZIP64 end record the locator points to.
    const rec = Buffer.alloc(56);
    await fh.read(rec, 0, 56, Number(tail.readBigUInt64LE(at - 20 + 8)));
    if (rec.readUInt32LE(0) !== EOCD64) throw new NotZip("bad zip64 end record");
    count = Number(rec.readBigUInt64LE(32));
    dirSize = Number(rec.readBigUInt64LE(40));
    dirOffset = Number(rec.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > size) throw new NotZip("directory outside the file");
  const dir = Buffer.alloc(dirSize);
  await fh.read(dir, 0, dirSize, dirOffset);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new NotZip("bad central directory");
    const flags = dir.readUInt16LE(p + 8);
    if (flags & 1) throw new NotZip("encrypted");
    const method = dir.readUInt16LE(p + 10);
    let compressedSize = dir.readUInt32LE(p + 20);
    let entrySize = dir.readUInt32LE(p + 24);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    let localOffset = dir.readUInt32LE(p + 42);
    const name = dir.toString("utf8", p + 46, p + 46 + nameLength);
    // ZIP64 extra field (0x0001): the 64-bit values of the fields that read 0xFFFFFFFF, in this order.
    let x = p + 46 + nameLength;
    const extraEnd = x + extraLength;
    while (x + 4 <= extraEnd) {
      const id = dir.readUInt16LE(x);
      const len = dir.readUInt16LE(x + 2);
      if (id === 1) {
        let q = x + 4;
        if (entrySize === 0xffffffff) {
          entrySize = Number(dir.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(dir.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(dir.readBigUInt64LE(q));
      }
      x += 4 + len;
    }
    entries.set(name, { name, method, compressedSize, size: entrySize, localOffset });
    p = extraEnd + commentLength;
  }
  return entries;
}
