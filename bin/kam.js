#!/usr/bin/env node
// The `kam` command: runs the compiled command line (lib/kam.js, built by scripts/build-cli.js on
// `npm ci`, `npm run build` and before the tests).
let cli;
try {
  cli = require("../lib/kam.js");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND" && /lib[\\/]kam\.js/.test(err.message)) {
    process.stderr.write("kam: the command line is not built yet; run `npm run build:cli` (npm ci does it).\n");
    process.exit(1);
  }
  throw err;
}
cli.main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`kam: ${err && err.message ? err.message : err}\n`); process.exitCode = 1; }
);
