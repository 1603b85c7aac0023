/**
 * The page setup every generated sheet shares (src/sheets/kit/print.ts) and the number formats of
 * amounts with a currency (src/sheets/kit/formats.ts).
 */
import { KamError } from "../../src/core/errors";
import { AMOUNT, amountFormat, currencyFromFormat, parseCurrency, resolveCurrency } from "../../src/sheets/kit/formats";
import { headerFooterCodes, printSetup } from "../../src/sheets/kit/print";

describe("printSetup", () => {
  it("is A4, one page wide, the area from A1, the header rows repeated, title and page numbers in the sheet language", () => {
    expect(printSetup({ language: "nb", title: "Lønnsomhet", orientation: "landscape", lastRow: 99, lastCol: 12, repeatRows: [8, 8] })).toEqual({
      paper: "A4",
      orientation: "landscape",
      fitToWidth: true,
      area: "A1:M100",
      repeatRows: [8, 8],
      title: "Lønnsomhet",
      pageNumbers: "Side {page} av {pages}",
    });
  });

  it("writes Excel's header and footer codes, escaping & in the title; without a title the tab name", () => {
    const p = printSetup({ language: "en", title: "R&D accounts", orientation: "portrait", lastRow: 5, lastCol: 2 });
    expect(headerFooterCodes(p)).toEqual({ header: "&BR&&D accounts", footer: "Page &P of &N" });
    const plan = printSetup({ language: "en", orientation: "landscape", lastRow: 5, lastCol: 2 });
    expect(headerFooterCodes(plan).header).toBe("&B&A");
    const long = headerFooterCodes({ title: "&".repeat(300) });
    expect(long.header!.length).toBeLessThanOrEqual(255);
  });
});

describe("currency formats", () => {
  it("validates ISO 4217 codes and normalises case", () => {
    expect(parseCurrency(" nok ")).toBe("NOK");
    expect(parseCurrency(undefined)).toBeUndefined();
    expect(parseCurrency("")).toBeUndefined();
    for (const bad of ["kr", "dollars", "US$", "12A"]) expect(() => parseCurrency(bad)).toThrow(KamError);
  });

  it("formats amounts with the code as a literal prefix, or plain without one", () => {
    expect(amountFormat()).toBe(AMOUNT);
    expect(amountFormat("NOK")).toBe("[$NOK] #,##0.00");
  });

  it.each([
    ["[$kr-414] #,##0.00", "NOK"],
    ["#,##0.00 [$kr-41D]", "SEK"],
    ["[$kr-406] #,##0.00", "DKK"],
    ["[$EUR] #,##0.00", "EUR"],
    ["[$€-2] #,##0.00", "EUR"],
    ["$#,##0.00", "USD"],
    ['#,##0.00 "kr"', "NOK"],
    ["[$-414]#,##0.00", undefined],
    ["#,##0.00", undefined],
    ["0.0%", undefined],
    ["General", undefined],
  ])("reads the currency of the number format %s", (format, code) => {
    expect(currencyFromFormat(format)).toBe(code);
  });

  it("resolves the pane's choice: auto from the format, none as null, a code as it is", () => {
    expect(resolveCurrency("auto", "[$kr-414] #,##0.00")).toBe("NOK");
    expect(resolveCurrency(undefined, "General")).toBeUndefined();
    expect(resolveCurrency("none", "[$kr-414] #,##0.00")).toBeNull();
    expect(resolveCurrency("EUR", "$#,##0.00")).toBe("EUR");
  });
});
