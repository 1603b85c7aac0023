/**
 * The manifest requires every Office requirement set the code needs (issue 10 part 3). The sets are
 * derived from the code, not listed by hand: test/support/requirementSets.ts walks src/** with the
 * TypeScript compiler and reads the `[Api set: …]` annotation of every Office API member it uses from
 * @types/office-js (and the runtime typings). The manifest's base <Requirements> must cover the highest
 * version of each set; a use inside an `isSetSupported` check is guarded and listed instead.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { DOMParser } from "@xmldom/xmldom";
import {
  MemberUse,
  RequirementReport,
  compareVersions,
  highestNeeded,
  projectOptions,
  requirementReport,
  sourceFiles,
} from "../support/requirementSets";
import { REQUIRED_SETS, missingSets, missingSetsMessage, requirementsMet } from "../../src/taskpane/requirements";

const ROOT = path.resolve(__dirname, "../..");
const APP = "http://schemas.microsoft.com/office/appforoffice/1.1";

/** Sets the manifest's base <Requirements> (the one directly under <OfficeApp>) declares: name → MinVersion. */
function manifestSets(xml: string): Map<string, string> {
  const doc = new DOMParser().parseFromString(xml, "text/xml");
  const out = new Map<string, string>();
  const root = doc.documentElement;
  if (!root) throw new Error("manifest.xml has no root element");
  const requirements = Array.from(root.childNodes).filter(
    (n) => n.nodeType === 1 && (n as Element).localName === "Requirements" && (n as Element).namespaceURI === APP,
  ) as Element[];
  for (const req of requirements) {
    for (const sets of Array.from(req.getElementsByTagNameNS(APP, "Sets"))) {
      const fallback = sets.getAttribute("DefaultMinVersion") || "1.1";
      for (const set of Array.from(sets.getElementsByTagNameNS(APP, "Set"))) {
        out.set(set.getAttribute("Name") as string, set.getAttribute("MinVersion") || fallback);
      }
    }
  }
  return out;
}

/** What the manifest lacks: "ExcelApi 1.12 (manifest: 1.1)" per set it does not cover. */
function uncovered(needed: Map<string, string>, declared: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [name, version] of needed) {
    const have = declared.get(name);
    if (have === undefined) out.push(`${name} ${version} (not in the manifest)`);
    else if (compareVersions(have, version) < 0) out.push(`${name} ${version} (manifest: ${have})`);
  }
  return out;
}

const options = projectOptions(ROOT);

/** A compiler host that also serves in-memory files (for the analyser's own cases). */
function hostWith(files: Record<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name in files ? ts.createSourceFile(name, files[name], version, true) : getSourceFile(name, version, ...rest);
  host.fileExists = (name) => name in files || fileExists(name);
  host.readFile = (name) => (name in files ? files[name] : readFile(name));
  return host;
}

describe("requirement sets the code needs", () => {
  let report: RequirementReport;
  let needed: Map<string, string>;

  beforeAll(() => {
    report = requirementReport(sourceFiles(path.join(ROOT, "src")), options);
    needed = highestNeeded(report.uses);
  }, 180_000);

  it("finds the sets of the Office API members used in src/ and prints them", () => {
    const bySet = new Map<string, Set<string>>();
    for (const u of report.uses) {
      const key = `${u.set.name} ${u.set.version}`;
      if (!bySet.has(key)) bySet.set(key, new Set());
      bySet.get(key)!.add(u.member);
    }
    const lines = [...bySet.entries()]
      .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
      .map(([set, members]) => `  ${set}: ${members.size} member(s)`);
    const top = [...needed].map(([name, version]) => {
      const members = [...new Set(report.uses.filter((u) => !u.guarded && u.set.name === name && u.set.version === version).map((u) => `${u.member} (${u.at})`))];
      return `  ${name} ${version} is needed by:\n    ${members.join("\n    ")}`;
    });
    const guarded = report.uses.filter((u) => u.guarded).map((u) => `  ${u.member} needs ${u.set.name} ${u.set.version}, checked at ${u.at}`);
    console.log(
      [
        `Office API members used in src/: ${new Set(report.uses.map((u) => u.member)).size} with a set annotation, ${report.unannotated.size} without (common API, base classes)`,
        "Sets found:",
        ...lines,
        "Highest version needed per set:",
        ...top,
        guarded.length ? "Guarded by isSetSupported:" : "Guarded by isSetSupported: none",
        ...guarded,
      ].join("\n"),
    );
    // The analysis must see the calls we know are there, or it sees nothing at all.
    const members = new Set(report.uses.map((u) => u.member));
    expect(report.unannotated).toContain("Excel.run");
    expect(members).toContain("Excel.Worksheet.customProperties");
    expect(needed.get("ExcelApi")).toBeDefined();
  });

  it("manifest.xml requires the highest version of every set the code uses without a check", () => {
    const declared = manifestSets(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
    expect(uncovered(needed, declared)).toEqual([]);
  });

  it("the task pane's start-up check names the same sets as the manifest", () => {
    const declared = manifestSets(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
    for (const set of REQUIRED_SETS) expect(declared.get(set.name)).toBe(set.version);
    // Every API set the pane itself depends on (ExcelApi) is checked at start-up.
    expect(REQUIRED_SETS.map((s) => s.name)).toContain("ExcelApi");
    expect(REQUIRED_SETS.find((s) => s.name === "ExcelApi")?.version).toBe(needed.get("ExcelApi"));
  });
});

describe("the requirement-set analysis itself", () => {
  const dir = path.join(ROOT, "test", "virtual-requirement-sets");
  const files: Record<string, string> = {
    [path.join(dir, "unguarded.ts")]: `
      export async function f() {
        await Excel.run(async (context) => {
          const sheet = context.workbook.worksheets.getActiveWorksheet();
          sheet.customProperties.add("k", "v");
          const range = sheet.getRange("A1");
          range.load("values, numberFormat");
          sheet.freezePanes.freezeRows(1);
          await context.sync();
        });
      }`,
    [path.join(dir, "guarded.ts")]: `
      export async function g() {
        await Excel.run(async (context) => {
          const sheet = context.workbook.worksheets.getActiveWorksheet();
          if (Office.context.requirements.isSetSupported("ExcelApi", "1.12")) sheet.customProperties.add("k", "v");
          if (Office.context.requirements.isSetSupported("ExcelApi", "1.7")) sheet.customProperties.add("k", "v");
        });
      }`,
  };
  let uses: MemberUse[];

  beforeAll(() => {
    uses = requirementReport(Object.keys(files), options, hostWith(files)).uses;
  }, 180_000);

  const use = (file: string, member: string) => uses.filter((u) => u.at.includes(`/${file}:`) && u.member === member);

  it("reads each member's set from its JSDoc: customProperties 1.12, freezePanes 1.7, load'ed values 1.1", () => {
    expect(use("unguarded.ts", "Excel.Worksheet.customProperties").map((u) => u.set)).toEqual([{ name: "ExcelApi", version: "1.12" }]);
    expect(use("unguarded.ts", "Excel.Worksheet.freezePanes").map((u) => u.set.version)).toEqual(["1.7"]);
    expect(use("unguarded.ts", "Excel.Range.numberFormat").map((u) => u.set.version)).toEqual(["1.1"]);
    expect(highestNeeded(uses.filter((u) => u.at.includes("/unguarded.ts"))).get("ExcelApi")).toBe("1.12");
  });

  it("treats a use inside isSetSupported(set, version ≥ needed) as guarded, and a lower check as not", () => {
    const cp = use("guarded.ts", "Excel.Worksheet.customProperties");
    expect(cp.map((u) => u.guarded)).toEqual([true, false]);
  });

  it("fails a manifest that declares less than the code needs", () => {
    const needs = highestNeeded(uses);
    const old = manifestSets(
      `<OfficeApp xmlns="${APP}"><Requirements><Sets DefaultMinVersion="1.1"><Set Name="ExcelApi"/></Sets></Requirements></OfficeApp>`,
    );
    expect(uncovered(needs, old)).toEqual(["ExcelApi 1.12 (manifest: 1.1)"]);
  });
});

describe("the task pane's start-up check (src/taskpane/requirements.ts)", () => {
  const only = (have: Record<string, string>) => (name: string, version: string) =>
    have[name] !== undefined && compareVersions(have[name], version) >= 0;

  it("names the sets an older Excel lacks, in English and Norwegian", () => {
    // Windows Version 2007: shared runtime, ExcelApi 1.11.
    const missing = missingSets(only({ ExcelApi: "1.11", SharedRuntime: "1.1" }));
    expect(missing).toEqual([{ name: "ExcelApi", version: "1.12" }]);
    expect(missingSetsMessage(missing, "en")).toMatch(/^This version of Excel does not support ExcelApi 1\.12, which KAM for Excel needs\. Update Excel/);
    expect(missingSetsMessage(missing, "nb")).toMatch(/^Denne versjonen av Excel støtter ikke ExcelApi 1\.12, som KAM for Excel trenger\. Oppdater Excel/);
    expect(missingSets(only({ ExcelApi: "1.20", SharedRuntime: "1.1" }))).toEqual([]);
    // No requirements API (browser preview, the e2e test page): nothing is known, nothing is refused.
    expect(missingSets(undefined)).toEqual([]);
  });

  it("shows the message instead of the pane when Office reports a missing set", () => {
    const written: { role?: string; text?: string }[] = [];
    const p = { setAttribute: (_: string, v: string) => (written[0].role = v), style: { cssText: "" }, textContent: "" };
    const container = {
      ownerDocument: { createElement: () => (written.push({}), p) },
      replaceChildren: (el: typeof p) => (written[0].text = el.textContent),
    } as unknown as HTMLElement;
    const g = globalThis as { Office?: unknown };
    g.Office = { context: { requirements: { isSetSupported: only({ ExcelApi: "1.9", SharedRuntime: "1.1" }) } } };
    try {
      expect(requirementsMet(container, "en")).toBe(false);
      expect(written).toEqual([{ role: "alert", text: expect.stringContaining("does not support ExcelApi 1.12") }]);
      g.Office = { context: { requirements: { isSetSupported: only({ ExcelApi: "1.12", SharedRuntime: "1.1" }) } } };
      expect(requirementsMet(container, "en")).toBe(true);
    } finally {
      delete g.Office;
    }
  });
});
