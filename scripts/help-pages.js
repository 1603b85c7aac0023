/**
 * The add-in's help pages, rendered from docs/ at build time so they ship inside dist/ and work wherever
 * the add-in is hosted (issue 10 part 6):
 *
 *   docs/help.md       → help/index.html      the manifest's SupportUrl and Get Started "Learn more"
 *   docs/functions.md  → help/functions.html  every function's helpUrl (…/help/functions.html#kamabc)
 *
 * A small Markdown renderer of our own: no Markdown package is installed, and the docs use a small,
 * fixed subset — ATX headings, paragraphs, "- " and "1. " lists (continuation lines indented), pipe
 * tables, fenced code, and inline `code`, **bold**, *italic* and [links](…). Anything else is shown as
 * text, escaped. Headings get GitHub's anchors ("## KAM.PARETO" → id="kampareto"), so the same links work
 * on GitHub and in dist/. Links to another docs page (`functions.md#kamabc`) point at its .html page.
 *
 * CommonJS, no dependencies: webpack.config.js requires it, and so do the tests.
 */
"use strict";

const fs = require("fs");
const path = require("path");

/** Source → output of every help page, relative to docs/ and dist/. */
const HELP_PAGES = [
  { source: "help.md", output: "help/index.html" },
  { source: "functions.md", output: "help/functions.html" },
];

const escapeHtml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** GitHub's heading anchor: lower case, punctuation dropped, spaces as hyphens ("KAM.PARETO" → "kampareto"). */
function headingAnchor(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** A docs link as it works in dist/help/: "functions.md#x" → "functions.html#x", "help.md" → "index.html". */
function helpHref(href) {
  const m = /^([\w-]+)\.md(#.*)?$/.exec(href);
  if (!m) return href;
  const page = HELP_PAGES.find((p) => p.source === `${m[1]}.md`);
  return page ? path.posix.basename(page.output) + (m[2] || "") : href;
}

/** Inline Markdown → HTML: code spans first (their content is literal), then links, bold, italic. */
function inline(text) {
  const parts = text.split(/(`[^`]*`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      return escapeHtml(part)
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => `<a href="${helpHref(href)}">${label}</a>`)
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>");
    })
    .join("");
}

/** The cells of a table row "| a | `b|c` |": pipes inside code spans do not split. */
function tableCells(line) {
  const cells = [];
  let cell = "";
  let inCode = false;
  const body = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  for (const ch of body) {
    if (ch === "`") inCode = !inCode;
    if (ch === "|" && !inCode) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

const isTableSeparator = (line) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
const listItem = (line) => /^(\s{0,3})([-*]|\d+\.)\s+(.*)$/.exec(line);

/**
 * Markdown (the subset above) → HTML body.
 * @returns { html, title }: title is the text of the first level-1 heading ("" when there is none).
 */
function markdownToHtml(markdown) {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out = [];
  let title = "";
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const code = [];
      for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) code.push(lines[i]);
      i++;
      out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      const text = heading[2];
      if (level === 1 && !title) title = text.replace(/`/g, "");
      out.push(`<h${level} id="${headingAnchor(text)}">${inline(text)}</h${level}>`);
      i++;
      continue;
    }
    if (line.trim().startsWith("|") && i + 1 < lines.length && isTableSeparator(lines[i + 1])) {
      const head = tableCells(line);
      const rows = [];
      for (i += 2; i < lines.length && lines[i].trim().startsWith("|"); i++) rows.push(tableCells(lines[i]));
      out.push(
        "<table>",
        `<thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join("")}</tr></thead>`,
        "<tbody>",
        ...rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`),
        "</tbody>",
        "</table>",
      );
      continue;
    }
    const first = listItem(line);
    if (first) {
      const ordered = /\d/.test(first[2]);
      const items = [];
      while (i < lines.length) {
        const item = listItem(lines[i]);
        if (item && /\d/.test(item[2]) === ordered && item[1].length <= first[1].length) {
          items.push(item[3]);
          i++;
        } else if (items.length && lines[i].trim() !== "" && /^\s+/.test(lines[i])) {
          items[items.length - 1] += " " + lines[i].trim();
          i++;
        } else break;
      }
      const tag = ordered ? "ol" : "ul";
      out.push(`<${tag}>`, ...items.map((it) => `<li>${inline(it)}</li>`), `</${tag}>`);
      continue;
    }
    const paragraph = [];
    while (
      i < lines.length &&
      lines[i].trim() !== "" &&
      !/^(#{1,6}\s|```)/.test(lines[i]) &&
      !(paragraph.length && listItem(lines[i])) &&
      !(lines[i].trim().startsWith("|") && i + 1 < lines.length && isTableSeparator(lines[i + 1]))
    ) {
      paragraph.push(lines[i].trim());
      i++;
    }
    out.push(`<p>${inline(paragraph.join(" "))}</p>`);
  }
  return { html: out.join("\n"), title };
}

const STYLE = `
body { font: 15px/1.5 "Segoe UI", system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1, h2, h3 { line-height: 1.25; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
code { font-family: Consolas, "Cascadia Mono", monospace; background: #f3f3f3; padding: 0 .2em; border-radius: 3px; }
pre { background: #f3f3f3; padding: .8rem; overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } a { color: #0f6cbd; }
@media (prefers-color-scheme: dark) { body { color: #eee; background: #1f1f1f; } code, pre, th { background: #2b2b2b; } a { color: #62abf5; } }
`;

/** A complete, self-contained HTML page (no scripts, no external files) for a Markdown text. */
function helpPage(markdown) {
  const { html, title } = markdownToHtml(markdown);
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title || "KAM for Excel")}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    html,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** Every help page, rendered: { "help/index.html": html, … } from the Markdown files in `docsDir`. */
function renderHelpPages(docsDir) {
  const out = {};
  for (const page of HELP_PAGES) out[page.output] = helpPage(fs.readFileSync(path.join(docsDir, page.source), "utf8"));
  return out;
}

module.exports = { HELP_PAGES, headingAnchor, markdownToHtml, helpPage, renderHelpPages };
