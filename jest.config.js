/** Jest: TypeScript through ts-jest (no type check here; `npm run typecheck` does that). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 120000,
  // Tests that spawn `kam` run bin/kam.js → lib/kam.js: build it from the current sources first.
  globalSetup: "<rootDir>/test/support/buildCli.js",
};
