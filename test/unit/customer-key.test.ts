import fc from "fast-check";
import { customerKey, placeholderKind, placeholderOfKey, countPlaceholder, PLACEHOLDER_KINDS } from "../../src/core/customerKey";

describe("customer key rule", () => {
  it("removes surrounding whitespace, including non-breaking spaces and a byte-order mark", () => {
    expect(customerKey("  ACME\t")).toBe("ACME");
    expect(customerKey("\u00a0ACME\u00a0")).toBe("ACME");
    expect(customerKey("\ufeffACME")).toBe("ACME");
  });
  it("turns every inner run of whitespace into one space", () => {
    expect(customerKey("ACME \u00a0\t AS")).toBe("ACME AS");
  });
  it("keeps case", () => {
    expect(customerKey("Acme")).not.toBe(customerKey("ACME"));
  });
  it("recognises every placeholder kind, in any case and with whitespace", () => {
    expect(placeholderKind(null)).toBe("empty");
    expect(placeholderKind("   ")).toBe("empty");
    expect(placeholderKind(" na ")).toBe("NA");
    expect(placeholderKind("n/a")).toBe("N/A");
    expect(placeholderKind("#N/A")).toBe("#N/A");
    expect(placeholderKind("null")).toBe("NULL");
    expect(placeholderKind("(Blank)")).toBe("(blank)");
    expect(placeholderKind("-")).toBe("-");
    expect(placeholderKind("NAV")).toBeUndefined();
    expect(placeholderKind("--")).toBeUndefined();
  });
  it("counts by kind", () => {
    const counts = {};
    for (const k of ["NA", "NA", "-"] as const) countPlaceholder(counts, k);
    expect(counts).toEqual({ NA: 2, "-": 1 });
    expect(PLACEHOLDER_KINDS).toContain("(blank)");
  });
});

describe("placeholderOfKey (keys already under the whitespace rule)", () => {
  it("is placeholderKind for every non-empty key without whitespace, placeholders in any case included", () => {
    const cased = fc.constantFrom("NA", "N/A", "#N/A", "NULL", "(blank)", "-").chain((p) =>
      fc.array(fc.boolean(), { minLength: p.length, maxLength: p.length }).map((up) => [...p].map((ch, i) => (up[i] ? ch.toUpperCase() : ch.toLowerCase())).join("")),
    );
    const key = fc.oneof(cased, fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom("N", "n", "NAN", "ĸ", "ı", "-1", "#", "(")).filter((k) => k !== "" && customerKey(k) === k && !/\s/.test(k));
    fc.assert(fc.property(key, (k) => expect(placeholderOfKey(k)).toBe(placeholderKind(k))), { numRuns: 2000 });
  });
});
