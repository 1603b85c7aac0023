/**
 * Which Office requirement sets the add-in's code needs, derived from the code itself with the TypeScript
 * compiler API (issue 10 part 3).
 *
 * For every use of an Office API member in the given sources — a property access or call
 * (`sheet.customProperties`, `Excel.run(…)`), a property of an object literal typed by an Office interface
 * (`range.set({ format: … })`), and the property names in `load("a, b")` strings — the member's declaration
 * is looked up in `@types/office-js`, `@types/office-runtime` or `@types/custom-functions-runtime`, and the
 * `[Api set: ExcelApi 1.12]` annotation of its JSDoc is read (for a call, the annotation of the overload the
 * call resolves to). Members without an annotation (the common `Office.*` API, `OfficeExtension` base
 * classes such as `load` and `sync`) are counted but need no set.
 *
 * A use inside the true branch of a check `isSetSupported("ExcelApi", "1.12")` (an `if`, a `&&` or a
 * `? :`) whose version covers the member's is "guarded": the code checks before it uses the API, so the
 * manifest need not require the set.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** One requirement set with a version, e.g. { name: "ExcelApi", version: "1.12" }. */
export interface ApiSet {
  name: string;
  version: string;
}

/** A use of an Office API member that needs a set. */
export interface MemberUse {
  /** "Excel.Worksheet.customProperties", "Excel.run". */
  member: string;
  set: ApiSet;
  /** "src/render/office.ts:123". */
  at: string;
  /** True when a matching isSetSupported check surrounds the use. */
  guarded: boolean;
}

export interface RequirementReport {
  uses: MemberUse[];
  /** Office API members used whose declaration carries no set annotation. */
  unannotated: Set<string>;
}

const OFFICE_TYPES = /[\\/]node_modules[\\/]@types[\\/](office-js|office-runtime|custom-functions-runtime)[\\/]/;
const API_SET = /\[Api set:\s*([A-Za-z][A-Za-z0-9]*)\s+(\d+(?:\.\d+)*)\s*\]/g;

/** Numeric comparison of "1.9" and "1.12" (1.12 is the newer). */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The sets named in a declaration's JSDoc (a declaration may name one set per host). */
function setsOf(decl: ts.Declaration): ApiSet[] {
  const sf = decl.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, decl.getFullStart()) ?? [];
  const text = ranges.map((r) => sf.text.slice(r.pos, r.end)).join("\n");
  return [...text.matchAll(API_SET)].map((m) => ({ name: m[1], version: m[2] }));
}

/** "Excel.Worksheet.customProperties" for a member declaration. */
function qualifiedName(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const name = checker.getFullyQualifiedName(symbol);
  return name.replace(/^"[^"]*"\./, "");
}

/** isSetSupported("X", "v") calls anywhere in an expression. */
function setChecks(expr: ts.Node): ApiSet[] {
  const found: ApiSet[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isCallExpression(n) &&
      /isSetSupported$/.test(n.expression.getText()) &&
      n.arguments.length >= 1 &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      const v = n.arguments[1];
      found.push({ name: n.arguments[0].text, version: v && ts.isStringLiteralLike(v) ? v.text : "1.1" });
    }
    ts.forEachChild(n, visit);
  };
  visit(expr);
  return found;
}

/** True when `node` sits in the true branch of an isSetSupported check that covers `set`. */
function isGuarded(node: ts.Node, set: ApiSet): boolean {
  const covers = (cond: ts.Node) =>
    setChecks(cond).some((c) => c.name === set.name && compareVersions(c.version, set.version) >= 0);
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.thenStatement === child && covers(parent.expression)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenTrue === child && covers(parent.condition)) return true;
    if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      parent.right === child &&
      covers(parent.left)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Every Office API member `files` use, with the set it needs.
 * @param files absolute paths of the sources to analyse (their imports are type-checked too).
 * @param options compiler options (the project's tsconfig).
 * @param host optional compiler host (tests add in-memory files through it).
 */
export function requirementReport(files: string[], options: ts.CompilerOptions, host?: ts.CompilerHost): RequirementReport {
  const program = ts.createProgram(files, { ...options, noEmit: true }, host);
  const checker = program.getTypeChecker();
  const uses: MemberUse[] = [];
  const unannotated = new Set<string>();
  const root = path.resolve(__dirname, "../..");

  const record = (node: ts.Node, symbol: ts.Symbol | undefined, decl: ts.Declaration | undefined) => {
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    const declarations = decl ? [decl] : (symbol?.declarations ?? []);
    const office = declarations.filter((d) => OFFICE_TYPES.test(d.getSourceFile().fileName));
    if (office.length === 0 || !symbol) return;
    const member = qualifiedName(checker, symbol);
    // Several declarations (overloads, merged interfaces): the oldest set among them is what this use needs.
    const sets = office.flatMap(setsOf);
    if (sets.length === 0) {
      unannotated.add(member);
      return;
    }
    const sf = node.getSourceFile();
    const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const at = `${path.relative(root, sf.fileName)}:${line}`;
    const byName = new Map<string, ApiSet>();
    for (const s of sets) {
      const old = byName.get(s.name);
      if (!old || compareVersions(s.version, old.version) < 0) byName.set(s.name, s);
    }
    for (const set of byName.values()) uses.push({ member, set, at, guarded: isGuarded(node, set) });
  };

  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`not in the program: ${file}`);
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAccessExpression(node)) {
        const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : undefined;
        const signature = call ? checker.getResolvedSignature(call) : undefined;
        record(node.name, checker.getSymbolAtLocation(node.name), signature?.declaration as ts.Declaration | undefined);
        // load("a, b/c"): the first property of each path, on the object load is called on.
        if (call && node.name.text === "load") {
          const receiver = checker.getTypeAtLocation(node.expression);
          for (const arg of call.arguments) {
            if (!ts.isStringLiteralLike(arg)) continue;
            for (const p of arg.text.split(",").map((s) => s.trim().split("/")[0]).filter(Boolean)) {
              const prop = receiver.getProperty(p);
              record(arg, prop, undefined);
            }
          }
        }
      } else if (ts.isNewExpression(node)) {
        const signature = checker.getResolvedSignature(node);
        const target = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
        record(node, checker.getSymbolAtLocation(target), signature?.declaration as ts.Declaration | undefined);
      } else if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        const literal = node.parent;
        const contextual = ts.isObjectLiteralExpression(literal) ? checker.getContextualType(literal) : undefined;
        const name = node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : undefined;
        if (contextual && name) record(node.name, contextual.getNonNullableType().getProperty(name), undefined);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { uses, unannotated };
}

/** Every .ts/.tsx file under `dir`, absolute paths, sorted. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The project's compiler options (tsconfig.json at `root`). */
export function projectOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, "tsconfig.json");
  const config = ts.readConfigFile(file, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

/** The highest version needed per set, over the unguarded uses. */
export function highestNeeded(uses: readonly MemberUse[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const u of uses) {
    if (u.guarded) continue;
    const old = out.get(u.set.name);
    if (!old || compareVersions(u.set.version, old) > 0) out.set(u.set.name, u.set.version);
  }
  return out;
}
