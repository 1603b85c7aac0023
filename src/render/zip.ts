/**
 * A small zip writer for the .xlsx packages kam writes itself (src/render/xlsxBulk.ts): each entry is
 * compressed with Node's zlib (native, on the thread pool, so compressing one chunk overlaps producing the
 * next) instead of JSZip's pure-JavaScript deflate, which took most of the time on a sheet of 388,000 rows.
 *
 * The format is the plain one every zip reader and Excel accept (APPNOTE 6.3): per entry a local header
 * with the sizes and CRC-32 known (the entry is compressed in memory before its header is written, so no
 * data descriptors), then the central directory and its end record. No zip64: an entry or the whole file
 * over 4 GiB is refused (an .xlsx sheet stops at 1,048,576 rows long before that).
 */
import { open, type FileHandle } from "node:fs/promises";
import { constants, crc32, createDeflateRaw } from "node:zlib";

/** One part's content: a buffer, or chunks produced while the entry is being compressed. */
export type ZipData = Uint8Array | string | Iterable<Uint8Array | string>;

interface Written {
  name: Buffer;
  crc: number;
  size: number;
  compressed: number;
  offset: number;
}

/** zlib's level unless an entry asks for another: 6, the level JSZip was given, so files stay as small as before. */
const LEVEL = 6;
const MAX32 = 0xffffffff;

/**
 * Writes a zip file entry by entry. Usage: `const z = await ZipWriter.create(path); await z.add(…); await z.close();`.
 * The file is created exclusively (`wx`): callers write to a temporary name and rename it.
 */
export class ZipWriter {
  private readonly entries: Written[] = [];
  private offset = 0;
  private readonly stamp = dosTime(new Date());

  private constructor(private readonly file: FileHandle) {}

  /** Opens `path` for writing; fails if it exists. */
  static async create(path: string): Promise<ZipWriter> {
    return new ZipWriter(await open(path, "wx"));
  }

  /**
   * Compresses `data` (deflate, zlib `level` 0–9) as the part `name` and appends it.
   * @throws Error when the part or the file would pass 4 GiB (no zip64).
   */
  async add(name: string, data: ZipData, level = LEVEL): Promise<void> {
    const chunks: Iterable<Uint8Array | string> = typeof data === "string" || data instanceof Uint8Array ? [data] : data;
    const deflate = createDeflateRaw({ level, memLevel: constants.Z_DEFAULT_MEMLEVEL });
    const out: Buffer[] = [];
    deflate.on("data", (b: Buffer) => out.push(b));
    const done = new Promise<void>((resolve, reject) => {
      deflate.once("end", resolve);
      deflate.once("error", reject);
    });
    let crc = 0;
    let size = 0;
    for (const chunk of chunks) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      if (bytes.length === 0) continue;
      crc = crc32(bytes, crc);
      size += bytes.length;
      // Wait while zlib is behind, so at most a few chunks are held uncompressed.
      if (!deflate.write(bytes)) await new Promise<void>((resolve) => deflate.once("drain", resolve));
    }
    deflate.end();
    await done;
    const compressed = out.reduce((n, b) => n + b.length, 0);
    if (size > MAX32 || compressed > MAX32 || this.offset > MAX32) throw new Error(`Zip part ${name} is too large for a zip without zip64.`);
    const nameBytes = Buffer.from(name, "utf8");
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0800, 6); // names are UTF-8
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.stamp.time, 10);
    header.writeUInt16LE(this.stamp.date, 12);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(compressed, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    this.entries.push({ name: nameBytes, crc: crc >>> 0, size, compressed, offset: this.offset });
    await this.write([header, nameBytes, ...out]);
  }

  /** Writes the central directory and closes the file. */
  async close(): Promise<void> {
    try {
      const start = this.offset;
      const parts: Buffer[] = [];
      for (const e of this.entries) {
        const h = Buffer.alloc(46);
        h.writeUInt32LE(0x02014b50, 0);
        h.writeUInt16LE(20, 4); // made by: 2.0
        h.writeUInt16LE(20, 6);
        h.writeUInt16LE(0x0800, 8);
        h.writeUInt16LE(8, 10);
        h.writeUInt16LE(this.stamp.time, 12);
        h.writeUInt16LE(this.stamp.date, 14);
        h.writeUInt32LE(e.crc, 16);
        h.writeUInt32LE(e.compressed, 20);
        h.writeUInt32LE(e.size, 24);
        h.writeUInt16LE(e.name.length, 28);
        // extra length, comment length, disk, internal and external attributes: 0
        h.writeUInt32LE(e.offset, 42);
        parts.push(h, e.name);
      }
      const size = parts.reduce((n, b) => n + b.length, 0);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(this.entries.length, 8);
      end.writeUInt16LE(this.entries.length, 10);
      end.writeUInt32LE(size, 12);
      end.writeUInt32LE(start, 16);
      await this.write([...parts, end]);
    } finally {
      await this.file.close();
    }
  }

  /** Closes the file without finishing it (after a failure; the caller removes it). */
  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }

  private async write(buffers: Buffer[]): Promise<void> {
    for (const b of buffers) {
      let done = 0;
      while (done < b.length) done += (await this.file.write(b, done, b.length - done)).bytesWritten;
      this.offset += b.length;
    }
  }
}

/** MS-DOS date and time of `d` (local time, two-second steps), as zip headers store them. */
function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
