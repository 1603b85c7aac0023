/**
 * Builds the add-in into dist/:
 *   taskpane.html + taskpane.js  React task pane; taskpane.html also loads functions.js, because with the
 *                                shared runtime (manifest <Runtime resid="Taskpane.Url">) the custom
 *                                functions are registered from the task pane page.
 *   functions.js                 the custom functions alone (no DOM: it must also load where there is only
 *                                a `CustomFunctions` global); CustomFunctionsMetadataPlugin appends the
 *                                CustomFunctions.associate() calls and emits functions.json.
 *                                The generated functions.json is then rewritten (scripts/addin-url.js):
 *                                help links moved to the build address, allowCustomDataForDataTypeAny
 *                                removed (false: data-type cells arrive as plain values).
 *   functions.nb-NO.json         functions.json with Norwegian descriptions (src/i18n/functions.nb.ts),
 *                                served to Excel in nb-NO through the manifest's bt:Override.
 *   help/index.html, help/functions.html  docs/help.md and docs/functions.md as HTML (scripts/help-pages.js):
 *                                the manifest's SupportUrl and the functions' help links.
 *   manifest.xml                 every https://localhost:3000 replaced by the build address.
 *   assets/icon-*.png            copied as they are.
 *
 * The build address: `KAM_ADDIN_URL=https://addins.example.com/kam npm run build` builds for the server
 * where IT hosts dist/ (README "Deploy for your organisation"); without it, https://localhost:3000, the
 * development server, and manifest.xml is copied unchanged.
 *
 * `npm run build` needs no network and no certificates; only `webpack serve` asks office-addin-dev-certs
 * for the localhost HTTPS certificate.
 */
const path = require("path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { addinUrl, rewriteManifest, rewriteMetadata } = require("./scripts/addin-url");
const { HELP_PAGES, renderHelpPages } = require("./scripts/help-pages");

const DEV_PORT = 3000;
const FUNCTIONS_SOURCE = "./src/functions/functions.ts";
const NORWEGIAN_TABLE = "./src/i18n/functions.nb.ts";

/**
 * Rewrites the generated functions.json for the build address (`rewriteMetadata`), then emits
 * functions.nb-NO.json: that functions.json with every function and parameter description replaced by
 * its Norwegian text. Ids, names, types and dimensionality stay identical.
 * Fails the build when the table misses a function or parameter, has an empty text, or names one
 * that functions.json does not have (a stale entry would hide a missing translation after a rename).
 */
class NorwegianMetadataPlugin {
  constructor(options) {
    this.options = options;
  }

  apply(compiler) {
    const { input, output, table, base } = this.options;
    compiler.hooks.thisCompilation.tap("NorwegianMetadataPlugin", (compilation) => {
      compilation.fileDependencies.add(path.resolve(table));
      compilation.hooks.processAssets.tap(
        { name: "NorwegianMetadataPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          const asset = compilation.getAsset(input);
          if (!asset) {
            // CustomFunctionsMetadataPlugin reports its own errors and then emits no functions.json.
            if (compilation.errors.length === 0) {
              compilation.errors.push(new webpack.WebpackError(`NorwegianMetadataPlugin: ${input} was not emitted.`));
            }
            return;
          }
          let nb;
          try {
            nb = loadTable(table);
          } catch (e) {
            compilation.errors.push(new webpack.WebpackError(`NorwegianMetadataPlugin: cannot load ${table}: ${e.message}`));
            return;
          }
          const metadata = rewriteMetadata(JSON.parse(asset.source.source().toString()), base);
          compilation.updateAsset(input, new webpack.sources.RawSource(JSON.stringify(metadata, null, 4)));
          const { translated, problems } = translateMetadata(metadata, nb);
          for (const p of problems) compilation.errors.push(new webpack.WebpackError(`${table}: ${p}`));
          if (problems.length === 0) {
            compilation.emitAsset(output, new webpack.sources.RawSource(JSON.stringify(translated, null, 2)));
          }
        },
      );
    });
  }
}

/** Emits the help pages (scripts/help-pages.js) from docs/, read fresh on every compilation. */
class HelpPagesPlugin {
  apply(compiler) {
    const docs = path.resolve(__dirname, "docs");
    compiler.hooks.thisCompilation.tap("HelpPagesPlugin", (compilation) => {
      for (const page of HELP_PAGES) compilation.fileDependencies.add(path.join(docs, page.source));
      compilation.hooks.processAssets.tap({ name: "HelpPagesPlugin", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        let pages;
        try {
          pages = renderHelpPages(docs);
        } catch (e) {
          compilation.errors.push(new webpack.WebpackError(`HelpPagesPlugin: ${e.message}`));
          return;
        }
        for (const [file, html] of Object.entries(pages)) compilation.emitAsset(file, new webpack.sources.RawSource(html));
      });
    });
  }
}

/** The Norwegian table, read fresh on every compilation (watch mode) through tsx. */
function loadTable(file) {
  const tsx = require("tsx/cjs/api");
  const resolved = path.resolve(__dirname, file);
  const loaded = tsx.require(resolved, __filename);
  if (!loaded.functionsNb) throw new Error("it does not export functionsNb");
  return loaded.functionsNb;
}

/** functions.json → Norwegian copy, plus a list of what is missing or stale in the table. */
function translateMetadata(metadata, nb) {
  const problems = [];
  const isText = (s) => typeof s === "string" && s.trim() !== "";
  const ids = new Set();
  const functions = metadata.functions.map((fn) => {
    ids.add(fn.id);
    const entry = nb[fn.id];
    if (!entry) {
      problems.push(`no Norwegian text for function ${fn.id}.`);
      return fn;
    }
    if (!isText(entry.description)) problems.push(`function ${fn.id}: empty description.`);
    const names = new Set((fn.parameters || []).map((p) => p.name));
    for (const name of Object.keys(entry.parameters || {})) {
      if (!names.has(name)) problems.push(`function ${fn.id}: parameter "${name}" does not exist (stale entry).`);
    }
    const parameters = (fn.parameters || []).map((p) => {
      const text = entry.parameters ? entry.parameters[p.name] : undefined;
      if (!isText(text)) problems.push(`function ${fn.id}: no Norwegian text for parameter "${p.name}".`);
      return { ...p, description: text };
    });
    return { ...fn, description: entry.description, parameters };
  });
  for (const id of Object.keys(nb)) {
    if (!ids.has(id)) problems.push(`function ${id} does not exist in functions.json (stale entry).`);
  }
  return { translated: { ...metadata, functions }, problems };
}

module.exports = async (env, options) => {
  const mode = options.mode === "development" ? "development" : "production";
  const dev = mode === "development";
  // Certificates only for the dev server: `webpack serve` sets WEBPACK_SERVE.
  const serving = Boolean(env && env.WEBPACK_SERVE);
  const https = serving ? await require("office-addin-dev-certs").getHttpsServerOptions() : undefined;
  // Where dist/ will be served; throws (and so fails the build) for anything but an https:// address.
  const base = addinUrl(process.env.KAM_ADDIN_URL);

  return {
    mode,
    devtool: dev ? "source-map" : false,
    // ES2020 (BigInt in src/core/exact.ts): WebView2/Edge and Safari, the browsers of the shared runtime.
    target: ["web", "es2020"],
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      functions: FUNCTIONS_SOURCE,
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
      // Always write, so a file's mtime says when it was last built (test/unit/functions-bundle.test.ts
      // rebuilds when dist/ is older than its sources).
      compareBeforeEmit: false,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".jsx", ".json"],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              // Type checking is `npm run typecheck`; the build only transpiles.
              transpileOnly: true,
              compilerOptions: { noEmit: false, module: "esnext", sourceMap: dev },
            },
          },
        },
      ],
    },
    performance: {
      // Fluent UI makes the task pane bundle large; it is loaded once per session from localhost/CDN.
      hints: false,
    },
    optimization: {
      // Each entry stays self-contained: functions.js must load on its own.
      splitChunks: false,
      runtimeChunk: false,
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ input: FUNCTIONS_SOURCE, output: "functions.json" }),
      new NorwegianMetadataPlugin({ input: "functions.json", output: "functions.nb-NO.json", table: NORWEGIAN_TABLE, base }),
      new HelpPagesPlugin(),
      // HELP_BASE_URL in src/functions/functions.ts follows the build address.
      new webpack.DefinePlugin({ "process.env.KAM_ADDIN_URL": JSON.stringify(base) }),
      // functions.js runs only where a custom-functions runtime exists. Outside Excel (taskpane.html
      // previewed in a browser, browser tests without a fake) there is no `CustomFunctions`, and the
      // associate() calls appended by CustomFunctionsMetadataPlugin would throw a ReferenceError.
      new webpack.BannerPlugin({
        banner: 'if (typeof CustomFunctions !== "undefined") {',
        raw: true,
        entryOnly: true,
        include: /^functions\.js$/,
      }),
      new webpack.BannerPlugin({ banner: "}", raw: true, footer: true, entryOnly: true, include: /^functions\.js$/ }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane", "functions"],
        chunksSortMode: "manual",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "manifest.xml", to: "manifest.xml", transform: (content) => rewriteManifest(content.toString(), base) },
          { from: "assets/icon-*.png", to: "assets/[name][ext]" },
        ],
      }),
    ],
    devServer: {
      port: DEV_PORT,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: serving ? { type: "https", options: https } : undefined,
      static: { directory: path.resolve(__dirname, "dist") },
    },
  };
};

module.exports.translateMetadata = translateMetadata;
