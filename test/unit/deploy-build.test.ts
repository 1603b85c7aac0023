/**
 * The production build for the address where IT hosts the add-in (issue 10 part 6):
 * `KAM_ADDIN_URL=https://addins.example.com/kam npm run build`, run here as `webpack --mode production`
 * into a temporary folder (`--output-path`), so the development dist/ stays as it is. About a minute.
 *
 * Checks: no "localhost" in any file written; every URL of the manifest starts with the address and names
 * a file the build wrote; SupportUrl is the help page, not the task pane; every function's help link (both
 * languages) is the address's help/functions.html with an anchor the page has; functions.js carries the
 * address (HELP_BASE_URL); `office-addin-manifest validate` passes — when its online service can be
 * reached (it cannot offline; then the offline reader must still accept the manifest).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const BASE = "https://addins.example.com/kam";
let out: string;

interface Metadata {
  functions: { id: string; helpUrl?: string }[];
  allowCustomDataForDataTypeAny?: boolean;
}

/** Every file under `dir`, relative paths. */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p).map((f) => path.join(e.name, f)) : [e.name];
  });
}

beforeAll(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), "kam-deploy-"));
  execFileSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", "--output-path", out], {
    cwd: ROOT,
    env: { ...process.env, KAM_ADDIN_URL: `${BASE}/` }, // a trailing slash, as people type it
    stdio: "pipe",
    timeout: 600_000,
  });
}, 600_000);

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe(`KAM_ADDIN_URL=${BASE} npm run build`, () => {
  it("writes no localhost anywhere", () => {
    const written = files(out);
    expect(written).toEqual(expect.arrayContaining(["manifest.xml", "functions.js", "functions.json", "taskpane.html", path.join("help", "functions.html")]));
    const withLocalhost = written.filter((f) => /localhost/i.test(fs.readFileSync(path.join(out, f)).toString("latin1")));
    expect(withLocalhost).toEqual([]);
  });

  it("gives the manifest URLs that all start with the address and name files the build wrote", () => {
    const xml = fs.readFileSync(path.join(out, "manifest.xml"), "utf8");
    // Every address the manifest gives (DefaultValue / Value attributes); namespace URIs are names, not addresses.
    const urls = [...xml.matchAll(/\b(?:DefaultValue|Value)="(https?:\/\/[^"]+)"/g)].map((m) => m[1]);
    console.log(`dist manifest: ${urls.length} URLs, all under ${BASE}/:\n  ${[...new Set(urls)].sort().join("\n  ")}`);
    expect(urls.length).toBeGreaterThan(10);
    for (const url of urls) {
      expect(url.startsWith(`${BASE}/`)).toBe(true);
      expect(fs.existsSync(path.join(out, url.slice(BASE.length + 1)))).toBe(true);
    }
    expect(xml).toContain(`<SupportUrl DefaultValue="${BASE}/help/index.html"/>`);
    expect(xml).toContain(`<SourceLocation DefaultValue="${BASE}/taskpane.html"/>`);
    expect(xml).toContain(`<IconUrl DefaultValue="${BASE}/assets/icon-32.png"/>`);
  });

  it("ships the help pages, and every function's help link lands on its section there", () => {
    const page = fs.readFileSync(path.join(out, "help", "functions.html"), "utf8");
    const support = fs.readFileSync(path.join(out, "help", "index.html"), "utf8");
    expect(support).toMatch(/KAM for Excel — help/);
    for (const file of ["functions.json", "functions.nb-NO.json"]) {
      const metadata = JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as Metadata;
      expect(metadata.allowCustomDataForDataTypeAny).toBeUndefined();
      expect(metadata.functions.length).toBe(14);
      for (const f of metadata.functions) {
        const anchor = `kam${f.id.toLowerCase()}`;
        expect(f.helpUrl).toBe(`${BASE}/help/functions.html#${anchor}`);
        // The minimiser may drop the quotes around attribute values.
        expect(page).toMatch(new RegExp(`id="?${anchor}"?[ >]`));
      }
    }
  });

  it("builds the address into functions.js (ADDIN_URL, from which HELP_BASE_URL follows)", () => {
    // DefinePlugin replaces process.env.KAM_ADDIN_URL with the address as a string literal.
    const bundle = fs.readFileSync(path.join(out, "functions.js"), "utf8");
    expect(bundle).toContain(JSON.stringify(BASE));
    expect(bundle).not.toContain("process.env");
  });

  it("passes office-addin-manifest validate (its online service), or at least its offline reader", () => {
    const manifest = path.join(out, "manifest.xml");
    const run = spawnSync(process.execPath, [require.resolve("office-addin-manifest/cli.js"), "validate", manifest], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    const said = `${run.stdout}\n${run.stderr}`;
    if (/Unable to contact the manifest validation service/.test(said)) {
      console.warn("office-addin-manifest validate needs https://validationgateway.omex.office.net, which is not reachable here: checked offline only.");
      const script =
        'require("office-addin-manifest").OfficeAddinManifest.readManifestFile(process.argv[1])' +
        ".then((m) => process.stdout.write(JSON.stringify(m)), (e) => { console.error(e); process.exit(1); });";
      const info = JSON.parse(execFileSync(process.execPath, ["-e", script, manifest], { cwd: ROOT, encoding: "utf8" }));
      expect(info.defaultSettings.sourceLocation).toBe(`${BASE}/taskpane.html`);
      expect(info.iconUrl).toBe(`${BASE}/assets/icon-32.png`);
      expect(info.supportUrl ?? `${BASE}/help/index.html`).toBe(`${BASE}/help/index.html`);
    } else {
      expect(said).toMatch(/The manifest is valid/);
    }
  });
});
