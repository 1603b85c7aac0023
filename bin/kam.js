#!/usr/bin/env node
// The `kam` command: TypeScript sources run through tsx, so `npx kam` works right after `npm ci`.
require("tsx/cjs");
require("../src/cli/main.ts").main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`kam: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; }
);
