/**
 * OOXML schema validation of an .xlsx package, for tests (issue 10 part 5).
 *
 * Every XML part is read as Excel reads it, through Markup Compatibility (ECMA-376 part 3): elements and
 * attributes in the namespaces a part lists in `mc:Ignorable` are dropped, each `mc:AlternateContent` is
 * replaced by the children of its `mc:Fallback`, and the `mc:` attributes themselves go. The result is
 * validated with `xmllint --noout --schema` against the transitional ECMA-376 schemas in
 * `../shared/ooxml-xsd` (the part → schema map is that folder's SOURCES.md). Parts no schema covers
 * (VML drawings, printer settings, media) are reported as skipped, never silently passed.
 *
 * What still fails after Markup Compatibility is what Excel may refuse or "repair" on open.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import JSZip from "jszip";

const run = promisify(execFile);

/** The schema folder: `../shared/ooxml-xsd` beside the repository. */
export const XSD_DIR = resolve(__dirname, "../../../shared/ooxml-xsd");

const MC = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/**
 * The entry schema of docProps/core.xml: opc-coreProperties.xsd unchanged, with local copies of the
 * Dublin Core and XML-namespace schemas it imports from the network (see that folder).
 */
const CORE_PROPERTIES = resolve(__dirname, "dublin-core/core-properties.xsd");

/** Part path (inside the package) → schema file (relative to XSD_DIR, or absolute); SOURCES.md's table. */
const SCHEMAS: [RegExp, string][] = [
  [/^\[Content_Types\]\.xml$/, "opc-xsd/opc-contentTypes.xsd"],
  [/\.rels$/, "opc-xsd/opc-relationships.xsd"],
  [/^docProps\/core\.xml$/, CORE_PROPERTIES],
  [/^docProps\/app\.xml$/, "shared-documentPropertiesExtended.xsd"],
  [/^docProps\/custom\.xml$/, "shared-documentPropertiesCustom.xsd"],
  [
    /^xl\/(workbook|styles|sharedStrings|calcChain|worksheets\/[^/]+|tables\/[^/]+|comments[^/]*|pivotTables\/[^/]+|pivotCache\/pivotCache(Definition|Records)[^/]*|externalLinks\/[^/]+)\.xml$/,
    "sml.xsd",
  ],
  [/^xl\/charts\/chart[^/]*\.xml$/, "dml-chart.xsd"],
  [/^xl\/drawings\/drawing[^/]*\.xml$/, "dml-spreadsheetDrawing.xsd"],
  [/^xl\/theme\/[^/]+\.xml$/, "dml-main.xsd"],
];

export interface PartFailure {
  part: string;
  schema: string;
  /** xmllint's messages for this part, one per line, the temporary path removed. */
  errors: string[];
}

export interface PackageReport {
  /** XML parts validated against a schema (passing or failing). */
  validated: string[];
  failing: PartFailure[];
  /** Parts with no schema in SOURCES.md (e.g. VML, binary media), not validated. */
  skipped: string[];
}

/** Which schema validates `part`, or undefined when SOURCES.md names none. */
export function schemaFor(part: string): string | undefined {
  return SCHEMAS.find(([re]) => re.test(part))?.[1];
}

/**
 * Applies Markup Compatibility to one XML part (text in, text out): drops elements and attributes in the
 * namespaces listed in `mc:Ignorable` (in scope where listed), replaces `mc:AlternateContent` by its
 * `mc:Fallback` children (dropped when it has none) and removes the `mc:` attributes.
 */
export function applyMarkupCompatibility(xml: string): string {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  processElement(doc.documentElement as unknown as Element, new Set());
  return new XMLSerializer().serializeToString(doc);
}

function processElement(el: Element, inherited: Set<string>): void {
  const ignorable = new Set(inherited);
  const listed = el.getAttributeNS(MC, "Ignorable");
  for (const prefix of (listed ?? "").split(/\s+/).filter(Boolean)) {
    const uri = el.lookupNamespaceURI(prefix);
    if (uri) ignorable.add(uri);
  }
  for (const attr of Array.from(el.attributes)) {
    const ns = attr.namespaceURI;
    if (ns === MC || (ns && ignorable.has(ns))) el.removeAttributeNode(attr);
  }
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType !== 1) continue;
    const c = child as Element;
    if (c.namespaceURI === MC && c.localName === "AlternateContent") {
      const fallback = Array.from(c.childNodes).find(
        (n) => n.nodeType === 1 && (n as Element).namespaceURI === MC && (n as Element).localName === "Fallback",
      );
      const replacement = fallback ? Array.from(fallback.childNodes) : [];
      for (const n of replacement) {
        el.insertBefore(n, c);
        if (n.nodeType === 1) processElement(n as Element, ignorable);
      }
      el.removeChild(c);
    } else if (c.namespaceURI && ignorable.has(c.namespaceURI)) {
      el.removeChild(c);
    } else {
      processElement(c, ignorable);
    }
  }
}

/**
 * Validates every XML part of an .xlsx package (bytes) after Markup Compatibility.
 * @returns the parts validated, those failing with xmllint's messages, and those skipped.
 */
export async function validatePackage(bytes: Uint8Array | Buffer): Promise<PackageReport> {
  const zip = await JSZip.loadAsync(bytes);
  const work = mkdtempSync(join(tmpdir(), "kam-ooxml-"));
  const bySchema = new Map<string, string[]>();
  const report: PackageReport = { validated: [], failing: [], skipped: [] };
  try {
    for (const part of Object.keys(zip.files).sort()) {
      if (zip.files[part].dir) continue;
      const schema = schemaFor(part);
      if (!schema) {
        report.skipped.push(part);
        continue;
      }
      const file = join(work, part);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, applyMarkupCompatibility(await zip.files[part].async("string")));
      bySchema.set(schema, [...(bySchema.get(schema) ?? []), part]);
    }
    for (const [schema, parts] of bySchema) {
      const failing = await xmllint(resolve(XSD_DIR, schema), work, parts);
      report.validated.push(...parts);
      for (const [part, errors] of failing) report.failing.push({ part, schema, errors });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}

/** Runs xmllint on `parts` (relative to `work`) with one schema; returns the failing parts and their messages. */
async function xmllint(schema: string, work: string, parts: string[]): Promise<Map<string, string[]>> {
  let stderr: string;
  try {
    ({ stderr } = await run("xmllint", ["--noout", "--nonet", "--schema", schema, ...parts], {
      cwd: work,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (e) {
    const err = e as { stderr?: string; code?: number | string };
    if (err.code === "ENOENT") throw new Error("xmllint is not installed (Debian package libxml2-utils).");
    stderr = err.stderr ?? String(e);
  }
  const failing = new Map<string, string[]>();
  const lines = stderr.split("\n").filter(Boolean);
  for (const part of parts) {
    if (lines.some((l) => l === `${part} validates`)) continue;
    const messages = lines.filter((l) => l.startsWith(`${part}:`) || l === `${part} fails to validate`);
    failing.set(part, messages.length > 0 ? messages : lines.filter((l) => !/ validates$/.test(l)).slice(0, 20));
  }
  return failing;
}
