#!/usr/bin/env node
// Runs a TypeScript module's exported `main(args)` through tsx, so scripts need no compile step.
require("tsx/cjs");
const mod = require(require("path").resolve(process.argv[2]));
if (typeof mod.main === "function") {
  Promise.resolve(mod.main(process.argv.slice(3))).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
