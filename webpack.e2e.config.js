/**
 * The browser test page (test/e2e): the real task pane (src/taskpane) over the strict Excel fake and a
 * fake `Office` global, built into test-output/e2e-dist/ (gitignored). test/e2e/taskpane.e2e.test.ts
 * builds it with webpack's Node API, serves it on 127.0.0.1 and drives it in headless Chromium.
 *
 * Development mode (no minification) and a filesystem cache keep the build fast; the page loads no
 * office.js (the fake stands in for it) and needs no network.
 */
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const OUT = path.resolve(__dirname, "test-output/e2e-dist");

module.exports = {
  mode: "development",
  devtool: false,
  target: ["web", "es2020"],
  context: __dirname,
  entry: { page: "./test/e2e/page/index.tsx" },
  output: { path: OUT, filename: "[name].js", clean: true },
  resolve: { extensions: [".ts", ".tsx", ".js", ".jsx", ".json"] },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: "ts-loader",
          options: { transpileOnly: true, compilerOptions: { noEmit: false, module: "esnext", sourceMap: false } },
        },
      },
    ],
  },
  cache: {
    type: "filesystem",
    cacheDirectory: path.resolve(__dirname, "test-output/e2e-cache"),
    buildDependencies: { config: [__filename] },
  },
  performance: { hints: false },
  plugins: [
    new HtmlWebpackPlugin({
      filename: "index.html",
      templateContent: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>KAM for Excel — task pane test page</title>
  </head>
  <body style="margin: 0">
    <div id="root"></div>
  </body>
</html>
`,
    }),
  ],
};
