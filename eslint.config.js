/**
 * ESLint flat config: typescript-eslint's recommended rules, React (JSX runtime) for the task pane, and
 * the Office add-in rules of eslint-plugin-office-addins (load before read, sync after load, no sync in
 * loops, isNullObject checks …).
 *
 * We take the office-addins *rules* from the plugin's recommended config rather than spreading that
 * config: it registers its own nested copy of the @typescript-eslint plugin (a flat config may define a
 * plugin name only once) and turns on prettier/prettier, while this codebase formats at 120 columns.
 * The office-addins rules recognise Office.js by shape (`load`, `sync`, proxies), so they apply only to
 * the modules that talk to Office.js (OFFICE_JS_FILES); on ExcelJS code (src/render/xlsx.ts, the CLI)
 * they report false positives. Add a file to OFFICE_JS_FILES when it uses Office.js under another name.
 */
const js = require("@eslint/js");
const globals = require("globals");
const tseslint = require("typescript-eslint");
const react = require("eslint-plugin-react");
const officeAddins = require("eslint-plugin-office-addins");

/** "office-addins/*" rule settings exactly as the plugin recommends them. */
const officeAddinsRules = Object.fromEntries(
  officeAddins.configs.recommended
    .flatMap((config) => Object.entries(config.rules || {}))
    .filter(([name]) => name.startsWith("office-addins/")),
);

/** Modules that call the Office.js / Excel JavaScript API. */
const OFFICE_JS_FILES = [
  "src/taskpane/**/*.{ts,tsx}",
  "src/functions/**/*.ts",
  "src/render/office*.ts",
  "src/read/office*.ts",
];

module.exports = [
  { ignores: ["dist/**", "coverage/**", "out/**", "test-output/**", "node_modules/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Excel's rules are about control characters (tab, CR, U+0000–U+001F in sheet names): matching
      // them in a regular expression is the point, not a mistake.
      "no-control-regex": "off",
    },
  },
  {
    files: OFFICE_JS_FILES,
    plugins: { "office-addins": officeAddins },
    rules: officeAddinsRules,
  },
  {
    files: ["src/taskpane/**/*.tsx"],
    ...react.configs.flat.recommended,
    settings: { react: { version: "detect" } },
  },
  {
    files: ["src/taskpane/**/*.tsx"],
    ...react.configs.flat["jsx-runtime"],
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    // Node scripts and configs in CommonJS.
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
];
