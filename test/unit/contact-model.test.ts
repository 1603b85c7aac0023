// Issue 14: buying — the derived contact model (src/core/contactModel.ts).
import { deriveContactModel } from "../../src/core/contactModel";

/** A matrix from strings: one string per contact, "x" = a link to our member at that position. */
const m = (...rows: string[]): string[][] => rows.map((r) => Array.from(r).map((ch) => (ch === "x" ? "x" : "")));

describe("deriveContactModel", () => {
  it("the four patterns of KAM-DOMAIN §11", () => {
    expect(deriveContactModel(m("x..", "...", "..."))).toBe("bowTie");
    expect(deriveContactModel(m("xx.", "...", "..."))).toBe("duet");
    expect(deriveContactModel(m("x..", "x..", "x.."))).toBe("oneOnMany");
    expect(deriveContactModel(m("x..", ".x.", "..x"))).toBe("diamond");
  });

  it("edge cases: no link, two of ours with many of theirs, three of ours with one person, units", () => {
    expect(deriveContactModel(m("...", "..."))).toBeNull();
    expect(deriveContactModel([])).toBeNull();
    expect(deriveContactModel(m("x.", ".x", "x."))).toBe("duet");
    expect(deriveContactModel(m("xxx", "...", "..."))).toBe("bowTie");
    expect(deriveContactModel(m("x..", ".xx"), ["Finance", "Logistics"])).toBe("diamond");
    expect(deriveContactModel(m("x..", ".xx"), ["Finance", "finance "])).toBeNull();
    // Relationship levels count as links as well as "x"; blanks and whitespace do not.
    expect(deriveContactModel([["Trusted", " "], [null, "Known"]])).toBe("duet");
  });
});
