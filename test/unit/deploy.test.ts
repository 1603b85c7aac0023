/**
 * The pieces of the deployable build, without running webpack (test/unit/deploy-build.test.ts runs it):
 * the build address (scripts/addin-url.js) and the help pages rendered from docs/ (scripts/help-pages.js).
 */
import * as fs from "fs";
import * as path from "path";

/* eslint-disable @typescript-eslint/no-require-imports */
const { DEV_ADDIN_URL, addinUrl, rewriteManifest, rewriteMetadata } = require("../../scripts/addin-url.js") as {
  DEV_ADDIN_URL: string;
  addinUrl: (value: string | undefined) => string;
  rewriteManifest: (xml: string, base: string) => string;
  rewriteMetadata: (m: Record<string, unknown>, base: string) => { functions: { id: string; helpUrl?: string }[] } & Record<string, unknown>;
};
const { headingAnchor, markdownToHtml, renderHelpPages } = require("../../scripts/help-pages.js") as {
  headingAnchor: (text: string) => string;
  markdownToHtml: (md: string) => { html: string; title: string };
  renderHelpPages: (docs: string) => Record<string, string>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.resolve(__dirname, "../..");
const BASE = "https://addins.example.com/kam";
const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

describe("the build address (KAM_ADDIN_URL)", () => {
  it("defaults to the development server and drops a trailing slash", () => {
    expect(addinUrl(undefined)).toBe("https://localhost:3000");
    expect(addinUrl("")).toBe(DEV_ADDIN_URL);
    expect(addinUrl(" https://addins.example.com/kam/ ")).toBe(BASE);
  });

  it("refuses what Office cannot load: http, a query or fragment, no URL at all", () => {
    expect(() => addinUrl("http://addins.example.com/kam")).toThrow(/must start with https:\/\//);
    expect(() => addinUrl("https://addins.example.com/kam?x=1")).toThrow(/query or fragment/);
    expect(() => addinUrl("https://addins.example.com/kam#top")).toThrow(/query or fragment/);
    expect(() => addinUrl("addins.example.com")).toThrow(/not a URL/);
  });

  it("HELP_BASE_URL in src/functions/functions.ts follows KAM_ADDIN_URL", () => {
    const before = process.env.KAM_ADDIN_URL;
    try {
      process.env.KAM_ADDIN_URL = `${BASE}/`;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const F = require("../../src/functions/functions") as { HELP_BASE_URL: string; ADDIN_URL: string };
        expect(F.ADDIN_URL).toBe(BASE);
        expect(F.HELP_BASE_URL).toBe(`${BASE}/help/functions.html`);
      });
    } finally {
      if (before === undefined) delete process.env.KAM_ADDIN_URL;
      else process.env.KAM_ADDIN_URL = before;
    }
  });

  it("rewrites every URL of manifest.xml to the address and leaves no localhost", () => {
    const out = rewriteManifest(manifest, BASE);
    expect(out).not.toMatch(/localhost/i);
    const before = manifest.match(/https:\/\/localhost:3000\//g) ?? [];
    const after = out.match(/https:\/\/[^"\s<]+/g) ?? [];
    expect(before.length).toBeGreaterThan(10);
    expect(after).toHaveLength(before.length);
    for (const url of after) expect(url.startsWith(`${BASE}/`)).toBe(true);
    // The development build keeps the manifest byte for byte (the dev server and sideloading use it).
    expect(rewriteManifest(manifest, DEV_ADDIN_URL)).toBe(manifest);
  });

  it("rewrites the functions' help links and drops allowCustomDataForDataTypeAny", () => {
    const generated = {
      allowCustomDataForDataTypeAny: true,
      functions: [
        { id: "ABC", helpUrl: "https://localhost:3000/help/functions.html#kamabc" },
        { id: "X", helpUrl: "https://elsewhere.example.org/x" },
      ],
    };
    const out = rewriteMetadata(generated, BASE);
    expect("allowCustomDataForDataTypeAny" in out).toBe(false);
    expect(out.functions.map((f) => f.helpUrl)).toEqual([`${BASE}/help/functions.html#kamabc`, "https://elsewhere.example.org/x"]);
    expect("allowCustomDataForDataTypeAny" in rewriteMetadata(generated, DEV_ADDIN_URL)).toBe(false);
  });
});

describe("help pages rendered from docs/", () => {
  const pages = renderHelpPages(path.join(ROOT, "docs"));
  const functionsMd = fs.readFileSync(path.join(ROOT, "docs", "functions.md"), "utf8");

  it("renders help/index.html and help/functions.html as complete pages", () => {
    expect(Object.keys(pages).sort()).toEqual(["help/functions.html", "help/index.html"]);
    for (const html of Object.values(pages)) {
      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(html).toMatch(/<\/main>\n<\/body>\n<\/html>\n$/);
      expect(html).not.toMatch(/<script/i);
    }
    expect(pages["help/functions.html"]).toContain("<title>KAM custom functions — reference</title>");
    // The support page links to the function reference as it lies beside it in dist/help/.
    expect(pages["help/index.html"]).toContain('<a href="functions.html">function reference</a>');
  });

  it("gives every heading of docs/functions.md its GitHub anchor, so each helpUrl lands on its section", () => {
    const headings = functionsMd.split("\n").filter((l) => /^#{1,6} /.test(l));
    expect(headings.length).toBeGreaterThan(14);
    for (const h of headings) {
      const id = headingAnchor(h.replace(/^#+ /, ""));
      expect(pages["help/functions.html"]).toContain(` id="${id}"`);
    }
    expect(headingAnchor("KAM.PARETO")).toBe("kampareto");
    expect(headingAnchor("Conventions that hold for every function")).toBe("conventions-that-hold-for-every-function");
  });

  it("renders tables, lists, code and emphasis, and escapes text", () => {
    const { html, title } = markdownToHtml(
      [
        "# Title `x`",
        "",
        "Text with `a < b`, **bold**, *italic*, 5 < 6 & [a link](functions.md#kamabc).",
        "continued.",
        "",
        "- one",
        "  still one",
        "- two",
        "",
        "| a | b |",
        "| --- | --- |",
        "| `x|y` | <b>not html</b> |",
        "",
        "```",
        "=KAM.ABC(<A2:A9>)",
        "```",
      ].join("\n"),
    );
    expect(title).toBe("Title x");
    expect(html).toBe(
      [
        '<h1 id="title-x">Title <code>x</code></h1>',
        "<p>Text with <code>a &lt; b</code>, <strong>bold</strong>, <em>italic</em>, 5 &lt; 6 &amp; " +
          '<a href="functions.html#kamabc">a link</a>. continued.</p>',
        "<ul>",
        "<li>one still one</li>",
        "<li>two</li>",
        "</ul>",
        "<table>",
        "<thead><tr><th>a</th><th>b</th></tr></thead>",
        "<tbody>",
        "<tr><td><code>x|y</code></td><td>&lt;b&gt;not html&lt;/b&gt;</td></tr>",
        "</tbody>",
        "</table>",
        "<pre><code>=KAM.ABC(&lt;A2:A9&gt;)</code></pre>",
      ].join("\n"),
    );
  });

  it("leaves no Markdown syntax in the function reference: every table and list is recognised", () => {
    const text = pages["help/functions.html"].replace(/<code>[\s\S]*?<\/code>/g, "");
    expect(text).not.toMatch(/\n\|/); // a table row left as a paragraph
    expect(text).not.toMatch(/<p>- /); // a list left as a paragraph
    expect(text).not.toMatch(/\*\*|^#/m);
    expect((text.match(/<table>/g) ?? []).length).toBe((functionsMd.match(/^\| ?-{3}/gm) ?? []).length);
  });
});
