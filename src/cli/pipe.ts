/**
 * What kam writes to stdout. `kam analyze … --json | head`: when the reader closes the pipe early, writing to stdout fails with
 * EPIPE. That is the reader saying "enough", not a failure of kam: the command ends quietly, as `cat`
 * and `grep` do, instead of printing a stack trace.
 */

/** Streams that emit "error" (process.stdout / process.stderr). */
interface ErrorEmitter {
  on(event: "error", listener: (e: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Ends the process quietly (exit code 0) when `stream` reports a closed pipe; other errors are rethrown.
 * @param exit how to end (tests pass their own).
 */
export function endQuietlyOnClosedPipe(stream: ErrorEmitter, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") exit(0);
    else throw e;
  });
}

/** Rows per piece of `writeJson`. */
const JSON_PIECE = 8192;

/**
 * Writes `JSON.stringify(value)` and a line break, the array `value[arrayKey]` 8,192 elements at a time:
 * the same text, without one string of the whole output (52 MB for 388,000 customers' rows, which then
 * had to be encoded to bytes whole as well).
 */
export function writeJson<T extends object>(out: { write(text: string): unknown }, value: T, arrayKey: keyof T & string): void {
  const rows = value[arrayKey];
  if (!Array.isArray(rows)) {
    out.write(JSON.stringify(value) + "\n");
    return;
  }
  // A marker string in place of the array: `"key":"…"` with its quotes cannot occur inside another JSON
  // string, where quotes are escaped.
  const marker = `${JSON.stringify(arrayKey)}:${JSON.stringify("\u0000kam-rows\u0000")}`;
  const text = JSON.stringify({ ...value, [arrayKey]: "\u0000kam-rows\u0000" });
  const at = text.indexOf(marker);
  out.write(text.slice(0, at) + JSON.stringify(arrayKey) + ":[");
  for (let i = 0; i < rows.length; i += JSON_PIECE) {
    const piece = JSON.stringify(rows.slice(i, i + JSON_PIECE));
    out.write((i > 0 ? "," : "") + piece.slice(1, -1));
  }
  out.write("]" + text.slice(at + marker.length) + "\n");
}
