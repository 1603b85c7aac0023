/** fingerprint.ts: formula skeletons, and the stored text of the fingerprints. */
import fc from "fast-check";
import { contentText, decodeFingerprints, encodeFingerprints, formulaSkeleton } from "../../src/sheets/fingerprint";

describe("formulaSkeleton", () => {
  it("drops references, with or without a sheet prefix, and keeps functions and text", () => {
    expect(formulaSkeleton("=SUM(C2:C9)/'My sheet'!$B$3")).toBe("SUM(#)/#");
    expect(formulaSkeleton("=Scoring!I12")).toBe(formulaSkeleton("='Scoring 2024'!I13"));
    expect(formulaSkeleton('=IF(A1="B2 stays","x",LOG10(D4))')).toBe('IF(#="B2 stays","x",LOG10(#))');
    expect(formulaSkeleton("=sum( c2:c9 )")).toBe("SUM(#)");
    // The #REF! a spreadsheet leaves of a deleted sheet or column is a reference too.
    expect(formulaSkeleton("=IF(#REF!=\"\",\"\",#REF!)")).toBe(formulaSkeleton("=IF('Plan Beta'!$B$13=\"\",\"\",'Plan Beta'!$B$13)"));
    expect(formulaSkeleton("=COUNTA(#REF!)")).toBe(formulaSkeleton("=COUNTA(Scoring!#REF!)"));
  });

  it("reads TRUE() and FALSE(), as LibreOffice saves the constants, as TRUE and FALSE", () => {
    expect(formulaSkeleton('=IF(FALSE(),"",IF(A1,TRUE(),1))')).toBe(formulaSkeleton('=IF(FALSE,"",IF(B2,TRUE,1))'));
    expect(formulaSkeleton('=MYFALSE()+"FALSE()"')).toBe('MYFALSE()+"FALSE()"');
  });

  it("tells constants of different types apart", () => {
    expect(contentText(1)).not.toBe(contentText("1"));
    // What Excel and LibreOffice store: 15 significant digits.
    expect(contentText(0.28901734104046245)).toBe(contentText(0.289017341040462));
    expect(contentText(0.2890173410404)).not.toBe(contentText(0.289017341040462));
    expect(contentText({ formula: "=A1" })).toBe(contentText({ formula: "B7" }));
  });
});

describe("stored fingerprints", () => {
  it("read back what was written, in cells of at most 32,000 characters", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { maxLength: 9000 }), (hashes) => {
        const chunks = encodeFingerprints(hashes);
        expect(chunks.every((c) => c.length <= 32_000)).toBe(true);
        expect(decodeFingerprints(chunks)).toEqual(new Set(hashes));
      }),
      { numRuns: 30 },
    );
  });

  it("refuses text that is not theirs (the sheet is then refreshed without them)", () => {
    expect(decodeFingerprints(["ABC"])).toBeUndefined();
    expect(decodeFingerprints(["AAAA AAA"])).toBeUndefined();
  });
});
