#!/usr/bin/env node
/**
 * Builds the `kam` command line as compiled JavaScript: src/cli/main.ts and the modules it imports,
 * bundled by esbuild into lib/kam.js (npm packages stay outside the bundle and load from node_modules).
 * bin/kam.js runs lib/kam.js, so a start costs no TypeScript compile (`kam --help` in well under 0.3 s;
 * through tsx it was 0.5 s with node and 2 s through npx).
 *
 * Runs on `npm ci`/`npm install` (the `prepare` script), in `npm run build`, and before the tests
 * (test/support/buildCli.js, jest's globalSetup), so the tests always spawn the current sources.
 * Usage: node scripts/build-cli.js
 */
const { buildSync } = require("esbuild");
const { join } = require("node:path");

/** Builds lib/kam.js; returns its path. */
function buildCli() {
  const root = join(__dirname, "..");
  const outfile = join(root, "lib", "kam.js");
  buildSync({
    entryPoints: [join(root, "src", "cli", "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // npm packages load from node_modules at run time, and only when a command needs them (the
    // commands are imported lazily by main.ts), so `kam --help` does not load ExcelJS.
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
  return outfile;
}

module.exports = { buildCli };
if (require.main === module) buildCli();
