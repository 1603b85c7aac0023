/**
 * The built custom functions, as Excel's custom-functions runtime sees them: dist/functions.js loaded in
 * a bare V8 context whose only global is a fake `CustomFunctions` (no window, document or Office), and
 * the metadata files next to it. Builds with `npm run build` first when dist/ is missing or older than
 * its sources (about 15 s).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist");
const BUNDLE = path.join(DIST, "functions.js");

/** Newest modification time among the files the build reads. */
function newestSource(): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ["src", "assets", "manifest.xml", "webpack.config.js", "package.json", "tsconfig.json"]) {
    if (fs.existsSync(path.join(ROOT, p))) visit(path.join(ROOT, p));
  }
  return newest;
}

function ensureBuilt(): void {
  const outputs = ["functions.js", "functions.json", "functions.nb-NO.json", "taskpane.html", "manifest.xml"].map((f) =>
    path.join(DIST, f),
  );
  const oldest = Math.min(...outputs.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0)));
  if (oldest > newestSource()) return;
  execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: ROOT, stdio: "pipe", timeout: 300_000 });
}

class FakeError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

interface Metadata {
  functions: {
    id: string;
    name: string;
    description: string;
    parameters: { name: string; description: string; type?: string; dimensionality?: string; optional?: boolean }[];
    result: { type?: string; dimensionality?: string };
  }[];
}

const registered = new Map<string, (...args: unknown[]) => unknown>();
let contextGlobals: string[] = [];
let metadata: Metadata;
let metadataNb: Metadata;

beforeAll(() => {
  ensureBuilt();
  const fakeCustomFunctions = {
    associate(id: string, fn: (...args: unknown[]) => unknown) {
      if (registered.has(id)) throw new Error(`${id} associated twice`);
      registered.set(id, fn);
    },
    Error: FakeError,
    ErrorCode: { invalidValue: "#VALUE!" },
  };
  const context = vm.createContext({ CustomFunctions: fakeCustomFunctions });
  vm.runInContext(fs.readFileSync(BUNDLE, "utf8"), context, { filename: "functions.js" });
  contextGlobals = Object.keys(context);
  metadata = JSON.parse(fs.readFileSync(path.join(DIST, "functions.json"), "utf8"));
  metadataNb = JSON.parse(fs.readFileSync(path.join(DIST, "functions.nb-NO.json"), "utf8"));
}, 300_000);

const call = (id: string, ...args: unknown[]) => {
  const fn = registered.get(id);
  if (!fn) throw new Error(`${id} was not associated by the bundle`);
  return fn(...args);
};

describe("dist/functions.js in a runtime with only CustomFunctions", () => {
  it("registers exactly the functions in functions.json, without touching other globals", () => {
    expect([...registered.keys()].sort()).toEqual(["ABC", "SCORE"]);
    expect(metadata.functions.map((f) => f.id).sort()).toEqual([...registered.keys()].sort());
    expect(contextGlobals).toEqual(["CustomFunctions"]);
  });

  it("does nothing (and throws nothing) where there is no CustomFunctions, e.g. a browser preview", () => {
    const bare = vm.createContext({});
    expect(() => vm.runInContext(fs.readFileSync(BUNDLE, "utf8"), bare)).not.toThrow();
    expect(Object.keys(bare)).toEqual([]);
  });

  it("KAM.ABC classifies, with keys and blanks", () => {
    expect(call("ABC", [[50], [30], [10], [5], [3], [2]], null, null, null, null)).toEqual([["A"], ["A"], ["B"], ["B"], ["C"], ["C"]]);
    // x = 70, y = 10, z = 20 (T = 100; the blank value and the blank key are left out): x A, z A (70 % before), y B
    expect(call("ABC", [[70], [10], [null], [40], [20]], [["x"], ["y"], ["x"], [""], ["z"]])).toEqual([["A"], ["B"], [""], [""], ["A"]]);
    expect(call("ABC", [[10], [9], [8], [7], [6], [5], [4], [3], [2], [1]], null, [[20, 80]], "count")).toEqual(
      ["A", "A", "B", "B", "B", "B", "B", "B", "C", "C"].map((c) => [c]),
    );
  });

  it("KAM.SCORE scores rows and leaves unrated rows blank", () => {
    const result = call("SCORE", [[8, 6], [4, 10], [null, 5]], [[60, 40]], null) as unknown[][];
    expect(result).toHaveLength(3);
    expect(result[0][0] as number).toBeCloseTo(7.2, 12);
    expect(result[1][0] as number).toBeCloseTo(6.4, 12);
    expect(result[2]).toEqual([""]);
  });

  it("errors reach Excel as CustomFunctions.Error #VALUE! with a message", () => {
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
      throw new Error("expected an error");
    };
    const e1 = thrown(() => call("ABC", [[1], ["abc"]])) as FakeError;
    expect(e1).toBeInstanceOf(FakeError);
    expect(e1.code).toBe("#VALUE!");
    expect(e1.message).toMatch(/values, row 2: "abc" is not a number/);
    const e2 = thrown(() => call("SCORE", [[8, 6]], [[0, 0]])) as FakeError;
    expect(e2).toBeInstanceOf(FakeError);
    expect(e2.message).toMatch(/All weights are zero/);
  });
});

describe("dist metadata", () => {
  it("functions.json declares ABC and SCORE with matrix results and range parameters", () => {
    const byId = new Map(metadata.functions.map((f) => [f.id, f]));
    const abc = byId.get("ABC");
    const score = byId.get("SCORE");
    expect(abc?.result.dimensionality).toBe("matrix");
    expect(score?.result.dimensionality).toBe("matrix");
    expect(abc?.parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false])).toEqual([
      ["values", "matrix", false],
      ["keys", "matrix", true],
      ["thresholds", "matrix", true],
      ["method", "scalar", true],
      ["nonpositive", "scalar", true],
    ]);
    expect(score?.parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false])).toEqual([
      ["ratings", "matrix", false],
      ["weights", "matrix", false],
      ["scale_max", "scalar", true],
    ]);
    for (const f of metadata.functions) {
      expect(f.description.length).toBeGreaterThan(20);
      for (const p of f.parameters) expect(p.description.length).toBeGreaterThan(10);
    }
  });

  it("functions.nb-NO.json has the same functions and parameters with Norwegian descriptions", () => {
    expect(metadataNb.functions.map((f) => f.id)).toEqual(metadata.functions.map((f) => f.id));
    metadata.functions.forEach((en, i) => {
      const nb = metadataNb.functions[i];
      expect(nb.name).toBe(en.name);
      expect(nb.result).toEqual(en.result);
      expect(nb.description).not.toBe(en.description);
      expect(nb.description.trim()).not.toBe("");
      expect(nb.parameters.map(({ description: _d, ...rest }) => rest)).toEqual(en.parameters.map(({ description: _d, ...rest }) => rest));
      nb.parameters.forEach((p, j) => {
        expect(p.description.trim()).not.toBe("");
        expect(p.description).not.toBe(en.parameters[j].description);
      });
    });
  });

  it("the Norwegian step rejects a missing or stale translation", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { translateMetadata } = require("../../webpack.config.js") as {
      translateMetadata: (m: Metadata, nb: unknown) => { problems: string[] };
    };
    const nbTable = {
      ABC: { description: "ABC-klasse", parameters: { values: "Verdier", keys: "Nøkler", extra: "foreldet" } },
      GONE: { description: "borte", parameters: {} },
    };
    const { problems } = translateMetadata(metadata, nbTable);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ABC: parameter "extra" does not exist/),
        expect.stringMatching(/ABC: no Norwegian text for parameter "thresholds"/),
        expect.stringMatching(/no Norwegian text for function SCORE/),
        expect.stringMatching(/function GONE does not exist/),
      ]),
    );
  });

  it("taskpane.html loads office.js from Microsoft's CDN before the task pane and the functions", () => {
    const html = fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8");
    const office = html.indexOf("https://appsforoffice.microsoft.com/lib/1/hosted/office.js");
    const taskpane = html.search(/src="?taskpane\.js/);
    const functions = html.search(/src="?functions\.js/);
    expect(office).toBeGreaterThan(-1);
    expect(taskpane).toBeGreaterThan(office);
    expect(functions).toBeGreaterThan(office);
  });

  it("ships the manifest and the icons", () => {
    expect(fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8")).toBe(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
    for (const size of [16, 32, 64, 80]) expect(fs.existsSync(path.join(DIST, "assets", `icon-${size}.png`))).toBe(true);
  });
});
