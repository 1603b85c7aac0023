/**
 * manifest.xml: readable by office-addin-manifest, and consistent in the ways Office checks only when
 * the add-in is sideloaded (resids, shared runtime, namespace, nb-NO overrides, icons).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DOMParser } from "@xmldom/xmldom";
import type { ManifestInfo } from "office-addin-manifest";

const ROOT = path.resolve(__dirname, "../..");
const MANIFEST = path.join(ROOT, "manifest.xml");
const BT = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
const APP = "http://schemas.microsoft.com/office/appforoffice/1.1";
const OV = "http://schemas.microsoft.com/office/taskpaneappversionoverrides";
const BASE = "https://localhost:3000/";

interface El {
  localName: string;
  namespaceURI: string | null;
  prefix: string | null;
  parentNode: El | null;
  childNodes: ArrayLike<El & { nodeType: number }>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  textContent: string | null;
}

/**
 * `OfficeAddinManifest.readManifestFile` run in a child Node process: office-addin-manifest loads an ES
 * module (through @microsoft/app-manifest) that Node requires natively but Jest's module loader cannot.
 */
function readManifestFile(file: string): ManifestInfo {
  const script =
    'require("office-addin-manifest").OfficeAddinManifest.readManifestFile(process.argv[1])' +
    ".then((m) => process.stdout.write(JSON.stringify(m)), (e) => { console.error(e); process.exit(1); });";
  return JSON.parse(execFileSync(process.execPath, ["-e", script, file], { cwd: ROOT, encoding: "utf8" }));
}

const doc = new DOMParser().parseFromString(fs.readFileSync(MANIFEST, "utf8"), "text/xml");
const root = doc.documentElement as unknown as El;

/** All elements under `el`, document order. */
function all(el: El = root): El[] {
  const out: El[] = [el];
  for (const child of Array.from(el.childNodes)) if (child.nodeType === 1) out.push(...all(child));
  return out;
}
const elements = all();
const named = (localName: string, ns?: string) =>
  elements.filter((e) => e.localName === localName && (ns === undefined || e.namespaceURI === ns));
const children = (el: El, localName: string) =>
  Array.from(el.childNodes).filter((c) => c.nodeType === 1 && c.localName === localName) as El[];
const child = (el: El, localName: string) => {
  const found = children(el, localName);
  if (found.length !== 1) throw new Error(`expected one <${localName}> in <${el.localName}>, found ${found.length}`);
  return found[0];
};
const ancestors = (el: El): El[] => (el.parentNode && el.parentNode.localName ? [el.parentNode, ...ancestors(el.parentNode)] : []);

const resources = named("Resources", OV)[0];
const resourceElements = all(resources).filter((e) => e.namespaceURI === BT && e.hasAttribute("id"));
/** Resource id → { kind: Image | Url | String in ShortStrings/LongStrings, value, overrides }. */
const resource = new Map(
  resourceElements.map((e) => [
    e.getAttribute("id") as string,
    {
      kind: e.localName === "String" ? (e.parentNode as El).localName : e.localName,
      value: e.getAttribute("DefaultValue") as string,
      overrides: new Map(children(e, "Override").map((o) => [o.getAttribute("Locale"), o.getAttribute("Value")])),
    },
  ]),
);
const valueOf = (resid: string | null) => {
  const r = resid === null ? undefined : resource.get(resid);
  if (!r) throw new Error(`resid ${resid} is not defined in <Resources>`);
  return r.value;
};

describe("manifest.xml", () => {
  it("is read by office-addin-manifest as an Excel task pane add-in", () => {
    const info = readManifestFile(MANIFEST);
    expect(info.manifestType).toBe("xml");
    expect(info.officeAppType).toBe("TaskPaneApp");
    expect(info.hosts).toEqual(["Workbook"]);
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(info.displayName).toBe("KAM for Excel");
    expect(info.defaultSettings?.sourceLocation).toBe(`${BASE}taskpane.html`);
    expect(info.iconUrl).toBe(`${BASE}assets/icon-32.png`);
    expect(info.highResolutionIconUrl).toBe(`${BASE}assets/icon-64.png`);
  });

  it("parses as XML with OfficeApp at the root", () => {
    expect(root.localName).toBe("OfficeApp");
    expect(root.namespaceURI).toBe(APP);
    expect(resources).toBeDefined();
  });

  it("defines every resid it uses, with the right kind of resource, in at most 32 characters", () => {
    const users = elements.filter((e) => e.hasAttribute("resid"));
    expect(users.length).toBeGreaterThan(15);
    const expectedKind: Record<string, string> = {
      SourceLocation: "Url",
      Runtime: "Url",
      FunctionFile: "Url",
      LearnMoreUrl: "Url",
      Image: "Image",
      Label: "ShortStrings",
      Title: "ShortStrings",
      Namespace: "ShortStrings",
      Description: "LongStrings",
    };
    const problems: string[] = [];
    for (const e of users) {
      const id = e.getAttribute("resid") as string;
      if (id.length > 32) problems.push(`${id}: longer than 32 characters`);
      const r = resource.get(id);
      if (!r) problems.push(`${id}: not defined in <Resources>`);
      else if (expectedKind[e.localName] && r.kind !== expectedKind[e.localName]) {
        problems.push(`${id}: <${e.localName}> needs a ${expectedKind[e.localName]} resource, found ${r.kind}`);
      }
    }
    for (const id of resource.keys()) if (id.length > 32) problems.push(`resource ${id}: longer than 32 characters`);
    expect(problems).toEqual([]);
    expect(resource.size).toBe(resourceElements.length); // ids are unique
  });

  it("uses bt:Override inside <Resources> and plain <Override> outside", () => {
    const overrides = named("Override");
    expect(overrides.length).toBeGreaterThan(3);
    for (const o of overrides) {
      const inResources = ancestors(o).some((a) => a.localName === "Resources");
      if (inResources) {
        expect(`${o.prefix}:${o.namespaceURI}`).toBe(`bt:${BT}`);
      } else {
        expect(`${o.prefix}:${o.namespaceURI}`).toBe(`null:${APP}`);
      }
      expect(o.getAttribute("Locale")).toBe("nb-NO");
      expect((o.getAttribute("Value") ?? "").trim()).not.toBe("");
    }
  });

  it("runs in one shared runtime: Runtime, custom-function Page, FunctionFile and ShowTaskpane share one resid", () => {
    const runtimes = named("Runtime", OV);
    expect(runtimes).toHaveLength(1);
    const runtime = runtimes[0];
    expect(runtime.getAttribute("lifetime")).toBe("long");
    const resid = runtime.getAttribute("resid");
    expect(resid).toBe("Taskpane.Url");

    const customFunctions = named("ExtensionPoint", OV).find((e) => e.getAttribute("xsi:type") === "CustomFunctions") as El;
    expect(customFunctions).toBeDefined();
    expect(child(child(customFunctions, "Page"), "SourceLocation").getAttribute("resid")).toBe(resid);
    expect(named("FunctionFile", OV).map((e) => e.getAttribute("resid"))).toEqual([resid]);
    const actions = named("Action", OV).filter((e) => e.getAttribute("xsi:type") === "ShowTaskpane");
    expect(actions).toHaveLength(1);
    expect(child(actions[0], "SourceLocation").getAttribute("resid")).toBe(resid);
    expect(child(actions[0], "TaskpaneId").textContent).toBe("KAM.Taskpane");
    // The runtime page is the task pane page the add-in opens with.
    expect(valueOf(resid)).toBe(`${BASE}taskpane.html`);

    // <Script> names the functions bundle (Microsoft's shared-runtime setup keeps it; taskpane.html loads it too).
    expect(valueOf(child(child(customFunctions, "Script"), "SourceLocation").getAttribute("resid"))).toBe(`${BASE}functions.js`);
    expect(valueOf(child(child(customFunctions, "Metadata"), "SourceLocation").getAttribute("resid"))).toBe(
      `${BASE}functions.json`,
    );
  });

  it("requires the shared runtime, the custom functions runtime and ExcelApi (see requirement-sets.test.ts)", () => {
    const sets = new Map(named("Set", APP).map((s) => [s.getAttribute("Name"), s.getAttribute("MinVersion")]));
    expect(sets.get("SharedRuntime")).toBe("1.1");
    expect(sets.get("CustomFunctionsRuntime")).toBe("1.3");
    expect(sets.get("ExcelApi")).toBe("1.12");
  });

  it("declares the KAM namespace for the custom functions", () => {
    const ns = named("Namespace", OV);
    expect(ns).toHaveLength(1);
    expect(ns[0].getAttribute("resid")).toBe("Functions.Namespace");
    expect(valueOf("Functions.Namespace")).toBe("KAM");
    // Function names must not change with the UI language.
    expect(resource.get("Functions.Namespace")?.overrides.size).toBe(0);
  });

  it("has nb-NO overrides for DisplayName, Description and the function metadata URL", () => {
    for (const name of ["DisplayName", "Description"]) {
      const el = named(name, APP).find((e) => e.parentNode === root) as El;
      expect(el).toBeDefined();
      const nb = children(el, "Override").find((o) => o.namespaceURI === APP && o.getAttribute("Locale") === "nb-NO");
      expect(nb?.getAttribute("Value") ?? "").toMatch(/\S/);
      expect(nb?.getAttribute("Value")).not.toBe(el.getAttribute("DefaultValue"));
    }
    expect(resource.get("Functions.Metadata.Url")?.overrides.get("nb-NO")).toBe(`${BASE}functions.nb-NO.json`);
  });

  it("translates every ribbon and Get Started string to nb-NO", () => {
    const strings = [...resource.entries()].filter(([id, r]) => r.kind.endsWith("Strings") && id !== "Functions.Namespace");
    expect(strings.length).toBeGreaterThanOrEqual(5);
    const missing = strings.filter(([, r]) => !r.overrides.get("nb-NO")).map(([id]) => id);
    expect(missing).toEqual([]);
  });

  it("keeps strings within Office's limits (short 125, long 250 characters), overrides included", () => {
    const tooLong: string[] = [];
    for (const [id, r] of resource) {
      const limit = r.kind === "ShortStrings" ? 125 : r.kind === "LongStrings" ? 250 : 2048;
      for (const text of [r.value, ...r.overrides.values()]) if ((text ?? "").length > limit) tooLong.push(id);
    }
    for (const [name, limit] of [
      ["DisplayName", 125],
      ["Description", 250],
    ] as const) {
      const el = named(name, APP).find((e) => e.parentNode === root) as El;
      for (const text of [el.getAttribute("DefaultValue"), ...children(el, "Override").map((o) => o.getAttribute("Value"))]) {
        if ((text ?? "").length > limit) tooLong.push(name);
      }
    }
    expect(tooLong).toEqual([]);
  });

  it("gives a help page, not the task pane, as SupportUrl and Get Started link", () => {
    expect(named("SupportUrl", APP)[0].getAttribute("DefaultValue")).toBe(`${BASE}help/index.html`);
    expect(valueOf("GetStarted.LearnMoreUrl")).toBe(`${BASE}help/index.html`);
  });

  it("puts a button on the Home tab that opens the task pane", () => {
    const tab = named("OfficeTab", OV);
    expect(tab.map((t) => t.getAttribute("id"))).toEqual(["TabHome"]);
    const button = all(tab[0]).find((e) => e.localName === "Control") as El;
    expect(button.getAttribute("xsi:type")).toBe("Button");
    expect(child(child(button, "Action"), "SourceLocation").getAttribute("resid")).toBe("Taskpane.Url");
  });

  it("serves everything from https://localhost:3000 and names only files the build emits", () => {
    const emitted = new Set(["taskpane.html", "functions.js", "functions.json", "functions.nb-NO.json", "help/index.html"]);
    const urls = [
      ...[...resource.values()].filter((r) => r.kind === "Url" || r.kind === "Image").flatMap((r) => [r.value, ...r.overrides.values()]),
      ...elements.filter((e) => e.hasAttribute("DefaultValue") && /^https?:/.test(e.getAttribute("DefaultValue") ?? "")).map(
        (e) => e.getAttribute("DefaultValue") as string,
      ),
    ] as string[];
    expect(urls.length).toBeGreaterThan(8);
    for (const url of urls) {
      expect(url.startsWith(BASE)).toBe(true);
      const file = url.slice(BASE.length);
      if (file.startsWith("assets/")) expect(fs.existsSync(path.join(ROOT, file))).toBe(true);
      else expect([...emitted]).toContain(file);
    }
  });

  it("uses icons of the sizes it declares (PNG width and height)", () => {
    const images = named("Image", BT).filter((e) => e.hasAttribute("size"));
    expect(images.length).toBeGreaterThanOrEqual(6);
    const pngSize = (file: string) => {
      const buf = fs.readFileSync(path.join(ROOT, file));
      expect(buf.subarray(1, 4).toString("ascii")).toBe("PNG");
      return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
    };
    for (const img of images) {
      const size = Number(img.getAttribute("size"));
      const file = valueOf(img.getAttribute("resid")).slice(BASE.length);
      expect(pngSize(file)).toEqual([size, size]);
    }
    expect(pngSize("assets/icon-32.png")).toEqual([32, 32]);
    expect(pngSize("assets/icon-64.png")).toEqual([64, 64]);
  });
});
