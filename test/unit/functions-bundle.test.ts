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
import { HELP_BASE_URL } from "../../src/functions/functions";

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
  for (const p of ["src", "assets", "docs", "scripts", "manifest.xml", "webpack.config.js", "package.json", "tsconfig.json"]) {
    if (fs.existsSync(path.join(ROOT, p))) visit(path.join(ROOT, p));
  }
  return newest;
}

function ensureBuilt(): void {
  const outputs = ["functions.js", "functions.json", "functions.nb-NO.json", "taskpane.html", "manifest.xml", "help/functions.html"].map((f) =>
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
    helpUrl?: string;
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

/** Every custom function of the add-in (issue 4: the analyses on top of ABC and SCORE). */
const ALL_IDS = [
  "ABC",
  "CLV",
  "CMLADDER",
  "CSAT",
  "CTS",
  "KAISM",
  "KANO",
  "LOYALTY",
  "NPS",
  "PARETO",
  "RELSTRENGTH",
  "SCORE",
  "SHAPIRO",
  "WHALE",
];

const call = (id: string, ...args: unknown[]) => {
  const fn = registered.get(id);
  if (!fn) throw new Error(`${id} was not associated by the bundle`);
  return fn(...args);
};

describe("dist/functions.js in a runtime with only CustomFunctions", () => {
  it("registers exactly the functions in functions.json, without touching other globals", () => {
    expect([...registered.keys()].sort()).toEqual(ALL_IDS);
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

  it('KAM.ABC method "computed" on the 2,896 Swiss communes: A = 642 (Ultsch & Lötsch, CalculatedABC.jl)', () => {
    const swiss = fs
      .readFileSync(path.resolve(__dirname, "../../../shared/data/oracles/swiss_inhabitants_1900.txt"), "utf8")
      .split(/\s+/)
      .filter((x) => x !== "")
      .map((x) => [Number(x)]);
    const classes = (call("ABC", swiss, null, null, "computed", null) as string[][]).map((r) => r[0]);
    const count = (k: string) => classes.filter((c) => c === k).length;
    // 642/434/1820 by rank; the two communes of 710 at the B|C limit share class B (ties grouped).
    expect([count("A"), count("B"), count("C")]).toEqual([642, 435, 1819]);
  });

  it("KAM.PARETO ranks customers with shares and classes", () => {
    expect(call("PARETO", [[120], [300], [80]], [["N"], ["F"], ["B"]])).toEqual([
      ["F", 300, 0.6, 0.6, "A"],
      ["N", 120, 0.24, 0.84, "A"], // 60 % before it: A
      ["B", 80, 0.16, 1, "B"], // 84 % before it: B
    ]);
    expect(call("PARETO", [[5], [null]], null)).toEqual([[1, 5, 1, 1, "A"]]);
  });

  it("KAM.KAISM: (8, 8) Strategic, (8, 2) Star, (2, 8) Status, (2, 2) Streamline", () => {
    expect(call("KAISM", [[8], [8], [2], [2]], [[8], [2], [8], [2]], null, null, null, null)).toEqual([
      ["Strategic"],
      ["Star"],
      ["Status"],
      ["Streamline"],
    ]);
    expect(call("KAISM", [[8]], [[8]], null, null, "classic", "nb")).toEqual([["Nøkkelkunde"]]);
  });

  it("KAM.RELSTRENGTH divides by the best competitor", () => {
    expect(call("RELSTRENGTH", [[8, 6]], [[4, 3], [6, 8]], [[1, 1]])).toBe(1);
  });

  it("KAM.CTS and KAM.CMLADDER", () => {
    expect(call("CTS", [[12, 40, 3], [null, 1, 1]], [[250, 35, 900]])).toEqual([[7100], [""]]);
    expect(call("CMLADDER", [[1000]], [[50]], [[600]], [[80]], [[45]], [[30]])).toEqual([[950, 350, 270, 225, 195]]);
  });

  it("KAM.WHALE peaks above 100 % and ends at exactly 100 %", () => {
    const w = call("WHALE", [[500], [-150], [300], [50], [-100], [200]], null) as unknown[][];
    expect(w.map((r) => r[2])).toEqual([0.625, 1, 1.25, 1.3125, 1.1875, 1]);
    expect(w.map((r) => r[0])).toEqual([1, 3, 6, 4, 5, 2]);
  });

  it("KAM.SHAPIRO and KAM.LOYALTY (medians by default)", () => {
    expect(call("SHAPIRO", [[32], [18], [35], [15]], [[12], [9], [20], [22]], null, null)).toEqual([
      ["Passive"],
      ["Bargain basement"],
      ["Carriage trade"],
      ["Aggressive"],
    ]);
    expect(call("LOYALTY", [[6], [6], [2], [2]], [[0.7], [0.2], [0.8], [0.1]], 4, 0.5)).toEqual([["True"], ["Latent"], ["Spurious"], ["None"]]);
  });

  it("KAM.NPS of [10, 9, 8, 7, 6, 0] is 0; KAM.CSAT is the top-box share", () => {
    expect(call("NPS", [[10], [9], [8], [7], [6], [0]])).toBe(0);
    expect(call("CSAT", [[5], [4], [3], [4], [2], [5], [1], [4]], null, null)).toBe(0.625);
  });

  it("KAM.KANO: (like, dislike) O, (like, neutral) A, (must-be, dislike) M, (like, like) Q", () => {
    expect(call("KANO", [["like"], ["like"], ["must-be"], ["like"]], [["dislike"], ["neutral"], ["dislike"], ["like"]])).toEqual([
      ["O"],
      ["A"],
      ["M"],
      ["Q"],
    ]);
  });

  it("KAM.CLV(100, 0.8, 0.1) = 266.67", () => {
    const [[v]] = call("CLV", [[100]], [[0.8]], [[0.1]], null, null) as number[][];
    expect(Math.abs(v - 266.67)).toBeLessThanOrEqual(0.01);
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

  it("declares the analysis functions with the names and argument order of issue 4", () => {
    // [name, dimensionality, optional]; "matrix" = a range (or a single value), "scalar" = one value.
    const R = "matrix";
    const S = "scalar";
    const expected: Record<string, [string, string, boolean][]> = {
      PARETO: [["values", R, false], ["keys", R, true]],
      KAISM: [
        ["attractiveness", R, false],
        ["strength", R, false],
        ["attractiveness_mid", S, true],
        ["strength_mid", S, true],
        ["naming", S, true],
        ["language", S, true],
      ],
      RELSTRENGTH: [["our_scores", R, false], ["competitor_scores", R, false], ["weights", R, false]],
      CTS: [["activity_counts", R, false], ["activity_rates", R, false]],
      CMLADDER: ["gross_sales", "discounts", "cogs", "sales_cost", "cost_to_serve", "overhead"].map((n) => [n, R, false]),
      WHALE: [["profits", R, false], ["keys", R, true]],
      SHAPIRO: [["net_price", R, false], ["cost_to_serve", R, false], ["price_mid", S, true], ["cost_mid", S, true]],
      NPS: [["scores", R, false]],
      CSAT: [["scores", R, false], ["top_box", S, true], ["scale_max", S, true]],
      LOYALTY: [["attitude", R, false], ["repeat", R, false], ["attitude_mid", S, true], ["repeat_mid", S, true]],
      KANO: [["functional", R, false], ["dysfunctional", R, false]],
      CLV: [["margin", R, false], ["retention", R, false], ["discount_rate", R, false], ["acquisition_cost", R, true], ["periods", R, true]],
    };
    const byId = new Map(metadata.functions.map((f) => [f.id, f]));
    for (const [id, params] of Object.entries(expected)) {
      const f = byId.get(id);
      expect(f?.name).toBe(id);
      expect(f?.parameters.map((p) => [p.name, p.dimensionality ?? "scalar", p.optional ?? false])).toEqual(params);
    }
    // Single results (one number) are scalars; per-row results and tables are matrices.
    for (const id of ["RELSTRENGTH", "NPS", "CSAT"]) expect(byId.get(id)?.result.dimensionality ?? "scalar").toBe("scalar");
    for (const id of ["PARETO", "KAISM", "CTS", "CMLADDER", "WHALE", "SHAPIRO", "LOYALTY", "KANO", "CLV"]) {
      expect(byId.get(id)?.result.dimensionality).toBe("matrix");
    }
  });

  it("every function has a helpUrl to its section of docs/functions.md, the same in both languages", () => {
    const headings = new Set(
      fs
        .readFileSync(path.join(ROOT, "docs", "functions.md"), "utf8")
        .split("\n")
        .filter((line) => /^#{1,6} /.test(line))
        // GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens ("KAM.PARETO" → "kampareto").
        .map((line) => line.replace(/^#+ /, "").trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-")),
    );
    expect(metadata.functions.map((f) => f.id).sort()).toEqual(ALL_IDS);
    metadata.functions.forEach((f, i) => {
      expect(f.helpUrl).toBe(`${HELP_BASE_URL}#kam${f.id.toLowerCase()}`);
      expect(headings).toContain(`kam${f.id.toLowerCase()}`);
      expect(metadataNb.functions[i].helpUrl).toBe(f.helpUrl);
    });
  });

  it("functions.json and functions.nb-NO.json declare the same ids and parameters", () => {
    const shape = (m: Metadata) =>
      m.functions.map((f) => ({
        id: f.id,
        name: f.name,
        result: f.result,
        parameters: f.parameters.map((p) => [p.name, p.type, p.dimensionality ?? "scalar", p.optional ?? false]),
      }));
    expect(shape(metadataNb)).toEqual(shape(metadata));
    expect(metadata.functions.map((f) => f.id).sort()).toEqual(ALL_IDS);
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

  it("leaves allowCustomDataForDataTypeAny out of the metadata: data-type cells arrive as plain values", () => {
    const raw = fs.readFileSync(path.join(DIST, "functions.json"), "utf8");
    expect(raw).not.toContain("allowCustomDataForDataTypeAny");
    expect(fs.readFileSync(path.join(DIST, "functions.nb-NO.json"), "utf8")).not.toContain("allowCustomDataForDataTypeAny");
  });

  it("ships the help pages that the manifest's SupportUrl and the help links name", () => {
    expect(fs.readFileSync(path.join(DIST, "help", "index.html"), "utf8")).toMatch(/<title>KAM for Excel — help<\/title>/);
    expect(fs.readFileSync(path.join(DIST, "help", "functions.html"), "utf8")).toMatch(/id="?kamcmladder"?[ >]/);
    expect(HELP_BASE_URL).toBe("https://localhost:3000/help/functions.html");
  });

  it("ships the manifest and the icons", () => {
    expect(fs.readFileSync(path.join(DIST, "manifest.xml"), "utf8")).toBe(fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8"));
    for (const size of [16, 32, 64, 80]) expect(fs.existsSync(path.join(DIST, "assets", `icon-${size}.png`))).toBe(true);
  });
});
