/**
 * `kam analyze … --json | head`: when the reader closes the pipe early, writing to stdout fails with
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
