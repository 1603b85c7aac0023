/** Column-mapping suggestions from English and Norwegian header names (src/core/headers.ts). */
import fc from "fast-check";
import { MAPPING_FIELDS, normaliseHeader, suggestMapping } from "../../src/core/headers";

describe("normaliseHeader", () => {
  it.each([
    ["Customer Name", "customer name"],
    ["  KUNDENR. ", "kundenr"],
    ["Beløp", "belop"],
    ["Dekningsbidrag (NOK)", "dekningsbidrag"],
    ["Omsetning [kr]", "omsetning"],
    ["Kunde-ID", "kunde id"],
    ["Ærlig Åse", "aerlig ase"],
    ["Café Crème", "cafe creme"],
    ["DB %", "db"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });
});

describe("suggestMapping", () => {
  it("Superstore headers: Customer ID (the key), Sales, Profit, Segment; no owner", () => {
    const headers = [
      "Row ID",
      "Order ID",
      "Order Date",
      "Ship Date",
      "Ship Mode",
      "Customer ID",
      "Customer Name",
      "Segment",
      "Country",
      "City",
      "State",
      "Postal Code",
      "Region",
      "Product ID",
      "Category",
      "Sub-Category",
      "Product Name",
      "Sales",
      "Quantity",
      "Discount",
      "Profit",
    ];
    // Customer Name is shown beside the ID (issue 11).
    expect(suggestMapping(headers)).toEqual({ customer: 5, name: 6, value: 17, profit: 20, segment: 7 });
  });

  it("Norwegian headers of the bundled sample", () => {
    expect(
      suggestMapping(["Dato", "Kundenr", "Kundenavn", "Bransje", "Kundeansvarlig", "Omsetning", "Dekningsbidrag"]),
    ).toEqual({
      customer: 1,
      name: 2,
      value: 5,
      profit: 6,
      segment: 3,
      owner: 4,
    });
  });

  it.each([
    // [headers, expected]
    [["Customer", "Revenue"], { customer: 0, value: 1 }],
    [["Customer Name", "Turnover", "Margin"], { customer: 0, value: 1, profit: 2 }],
    [["Account", "Sales", "Account manager"], { customer: 0, value: 1, owner: 2 }],
    [["Kunde", "Salg", "DB", "Selger"], { customer: 0, value: 1, profit: 2, owner: 3 }],
    [["KUNDENAVN", "INNTEKT", "FORTJENESTE"], { customer: 0, value: 1, profit: 2 }],
    [["kunde", "omsetning (NOK)", "dekningsbidrag %"], { customer: 0, value: 1, profit: 2 }],
    [["Client", "Contribution margin", "Net sales"], { customer: 0, value: 2, profit: 1 }],
    [["Customer", "CM", "Sales 2024"], { customer: 0, value: 2, profit: 1 }],
    [["KAM", "Kundenavn", "Totalomsetning"], { owner: 0, customer: 1, value: 2 }],
    [["Kunde-ID", "Beløp"], { customer: 0, value: 1 }],
    [["Owner", "Segment", "Customer", "Revenue"], { owner: 0, segment: 1, customer: 2, value: 3 }],
  ] as [string[], object][])("%j", (headers, expected) => {
    expect(suggestMapping(headers)).toEqual(expected);
  });

  it("prefers the ID column as the customer key over the name column, in either order", () => {
    expect(suggestMapping(["Customer Name", "Customer ID", "Sales"]).customer).toBe(1);
    expect(suggestMapping(["Kundenavn", "Kundenr", "Salg"]).customer).toBe(1);
  });

  it("gives a column to one field only: 'Sales rep' is the owner, not the value", () => {
    expect(suggestMapping(["Customer", "Sales rep", "Sales"])).toEqual({ customer: 0, owner: 1, value: 2 });
    expect(suggestMapping(["Customer", "Sales rep"])).toEqual({ customer: 0, owner: 1 });
  });

  it("a 'Customer segment' column is a segment, not the customer", () => {
    expect(suggestMapping(["Customer segment", "Customer", "Revenue"])).toEqual({ segment: 0, customer: 1, value: 2 });
  });

  it("no false friends: Salesperson, Discount, Feedback, Order ID, Skam", () => {
    expect(suggestMapping(["Salesperson"])).toEqual({ owner: 0 });
    expect(suggestMapping(["Discount", "Feedback", "Order ID", "Skam", "Row ID"])).toEqual({});
  });

  it("unknown, blank and empty headers give no suggestion", () => {
    expect(suggestMapping([])).toEqual({});
    expect(suggestMapping(["", "  ", "A", "B"])).toEqual({});
  });

  it("property: every suggested index is a distinct, valid column", () => {
    const words = [
      "Customer",
      "Kunde",
      "Sales",
      "Salg",
      "DB",
      "Profit",
      "Segment",
      "KAM",
      "Owner",
      "Date",
      "ID",
      "Name",
      "Q1",
      "2024",
      "x",
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }).map((w) => w.join(" ")),
          { maxLength: 12 },
        ),
        (headers) => {
          const m = suggestMapping(headers);
          const cols = Object.values(m);
          expect(new Set(cols).size).toBe(cols.length);
          for (const [field, col] of Object.entries(m)) {
            expect(MAPPING_FIELDS).toContain(field);
            expect(col).toBeGreaterThanOrEqual(0);
            expect(col).toBeLessThan(headers.length);
          }
        },
      ),
    );
  });
});
