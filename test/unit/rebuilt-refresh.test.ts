/**
 * Issue 14: the sheets rebuilt from what their readers carry (Whitespace, Survey, Complaints, Voice of the
 * customer) tell what the previous run generated from what a person typed by the content prints stored
 * on the settings sheet (fingerprint.ts `rebuiltPrints`): a dropped key account's name or title is not
 * listed on Kept on refresh, while a note a person typed — even one equal to a generated value — is.
 */
import { PLAN_OPTIONS } from "../support/planSpec";
import type { PlanData } from "../../src/plan/planInput";
import { SelectionOptions, buildSelectionWorkbook } from "../../src/plan/planWorkbook";
import { Book, Grid, bookOf, findAll, refresh, set } from "../support/sheetEdits";
import { a1 } from "../../src/sheets/kit/address";
import { rebuiltCount, rebuiltPrints } from "../../src/sheets/fingerprint";

const data: PlanData = {
  customers: ["C01", "C02", "C03", "C04"],
  names: { names: ["Acme", "Borealis", "Cobalt", "Delta"], several: 0 },
  revenue: [500, 400, 300, 200],
  profit: [50, 40, 30, 20],
  usedRows: 4,
  skippedRows: 0,
};
const both: SelectionOptions = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C01", "C02"] } };
const onlyC02: SelectionOptions = { ...PLAN_OPTIONS, keyAccounts: { kind: "ids", ids: ["C02"] } };

const sheet = (book: Book, name: string): Grid => {
  const g = book.get(name);
  if (!g) throw new Error(`no ${name} in ${[...book.keys()].join(", ")}`);
  return g;
};
const kept = (book: Book): Grid => book.get("Kept on refresh") ?? [];

describe("rebuiltPrints", () => {
  it("counts each generated content as often as the run wrote it, and nothing else", () => {
    const grid = [
      [{ cell: "Acme", owner: "generated" as const }, { cell: "Acme", owner: "generated" as const }],
      [{ cell: "typed", owner: "user" as const }, { cell: { formula: "=A1" }, owner: "generated" as const }, { cell: 7, owner: "generated" as const }],
    ];
    const set = new Set(rebuiltPrints(grid));
    expect(rebuiltCount(set, "Acme")).toBe(2);
    expect(rebuiltCount(set, " Acme ")).toBe(2);
    expect(rebuiltCount(set, 7)).toBe(1);
    expect(rebuiltCount(set, "typed")).toBe(0);
    expect(rebuiltCount(set, { formula: "=A1" })).toBe(0);
  });
});

describe("a key account dropped from the selection", () => {
  it("leaves nothing generated on Kept on refresh", () => {
    const book = bookOf(refresh(bookOf(buildSelectionWorkbook(data, both)), data, onlyC02));
    expect(book.has("Kept on refresh")).toBe(false);
    // The Voice of the customer sheet lists only the remaining account.
    expect(findAll(sheet(book, "Voice of the customer"), "Acme")).toHaveLength(0);
    expect(findAll(sheet(book, "Voice of the customer"), "Borealis").length).toBeGreaterThan(0);
  });

  it("lists a note typed on the Voice sheet, even one equal to the dropped account's name", () => {
    const book = bookOf(buildSelectionWorkbook(data, both));
    const voice = sheet(book, "Voice of the customer");
    expect(findAll(voice, "Acme")).toHaveLength(1);
    set(voice, a1(40, 20), "Acme");
    set(voice, a1(41, 20), "call Acme's CFO");
    const after = bookOf(refresh(book, data, onlyC02));
    const values = kept(after).flat();
    expect(values).toContain("Acme");
    expect(values).toContain("call Acme's CFO");
    expect(values.filter((v) => v === "Acme")).toHaveLength(1);
  });

  it("lists every copy typed beyond what the run wrote, and a value typed over a Whitespace title", () => {
    const book = bookOf(buildSelectionWorkbook(data, both));
    const voice = sheet(book, "Voice of the customer");
    set(voice, a1(40, 20), "Acme");
    set(voice, a1(41, 20), "Acme");
    set(sheet(book, "Whitespace"), "A1", "Our own title");
    const values = kept(bookOf(refresh(book, data, onlyC02))).flat();
    expect(values.filter((v) => v === "Acme")).toHaveLength(2);
    expect(values).toContain("Our own title");
  });
});
