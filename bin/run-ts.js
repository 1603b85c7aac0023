#!/usr/bin/env node
// Runs a TypeScript entry point through tsx, so scripts need no separate compile step.
require("tsx/cjs");
require(require("path").resolve(process.argv[2]));
