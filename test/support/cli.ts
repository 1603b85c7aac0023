/** Runs the `kam` command line in-process, as the tests do, capturing what it writes. */
import { main } from "../../src/cli/main";

export interface KamRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `kam <argv…>`: the exit code and everything written to stdout and stderr. */
export async function runKam(...argv: string[]): Promise<KamRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}
