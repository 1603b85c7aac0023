/**
 * The one-pass column readers behind KAM.ABC and KAM.PARETO (src/functions/args.ts): the same numbers,
 * keys, blanks and error messages as the cell-by-cell readers, and whole-function results equal to the
 * core's on the same values.
 */
import { classifyRows } from "../../src/core/abc";
import { KamError } from "../../src/core/errors";
import { paretoTable } from "../../src/core/pareto";
import { groupKeys, readKeys, readNumberColumn, readNumberVector } from "../../src/functions/args";
import { abc, pareto } from "../../src/functions/functions";

/** A column range from a list. */
const col = (...xs: unknown[]): unknown[][] => xs.map((x) => [x]);

/** The message `fn` throws (undefined when it does not throw). */
function thrown(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

describe("readNumberColumn", () => {
  const cells = [12.5, null, "", 0, -3, "  ", { type: "Double", basicValue: 7 }];

  it.each([
    ["column", col(...cells)],
    ["column", col(1, null, "", 2.5, undefined, -0.25)], // numbers and blanks only: the one-pass path
    ["row", [cells]],
  ])("reads a %s as readNumberVector does, blanks as NaN", (orientation, arg) => {
    const expected = readNumberVector(arg, "values");
    const read = readNumberColumn(arg, "values");
    expect(read.orientation).toBe(expected.orientation);
    expect(read.orientation).toBe(orientation);
    expect(Array.from(read.numbers, (x) => (Number.isNaN(x) ? null : x))).toEqual(expected.numbers);
    expect(read.blanks).toBe(expected.numbers.filter((x) => x === null).length);
  });

  it.each([
    ["text in a column", col(1, 2, "abc")],
    ["text in a row", [[1, "x", 3]]],
    ["a boolean", col(1, true)],
    ["a non-finite number", col(1, Infinity)],
    ["an entity", col({ type: "Entity", text: "Oslo" })],
    ["a block of cells", [[1, 2], [3, 4]]],
    ["a ragged range", [[1], [2, 3]]],
    ["text above a ragged row (the shape is named first)", [[1], ["abc"], [2, 3]]],
    ["a blank above text", col(null, "", 5, "abc", 6)],
  ])("refuses %s with readNumberVector's message", (_, arg) => {
    const expected = thrown(() => readNumberVector(arg, "values"));
    expect(expected).toBeDefined();
    expect(thrown(() => readNumberColumn(arg, "values"))).toBe(expected);
  });
});

describe("readKeys reads each distinct text once", () => {
  it("gives repeated texts the key each has alone", () => {
    const texts = ["ACME", " ACME ", "Acme", "NA", "n/a", "ACME  AS", "ACME AS", "-", "", "ACME"];
    const many = [...texts, ...texts, ...texts];
    const alone = many.map((x) => readKeys(col(x), "keys")[0]);
    expect(readKeys(col(...many), "keys")).toEqual(alone);
  });

  it("still names the position of an error value after repeated texts", () => {
    const arg = col("ACME", "ACME", "Beta", { error: "#DIV/0!" });
    const message = thrown(() => readKeys(arg, "keys"));
    expect(message).toBeDefined();
    // The same error at the same row after cells that are not text (read one by one, no lookup).
    expect(message).toBe(thrown(() => readKeys(col(1, 2, 3, { error: "#DIV/0!" }), "keys")));
  });
});

describe("groupKeys groups a key range in one pass as readKeys reads it", () => {
  const keys = ["ACME", " ACME ", 5, "5", "NA", null, "Beta", "ACME", 5, "", "Gamma", { type: "Entity", text: "Beta" }];
  const numbers = Float64Array.from([1, 2, 3, 4, 5, 6, NaN, 8, 9, 10, NaN, 12]);
  const noMismatch = () => new KamError("shape", "arg.empty", { name: "lengths differ" });

  it("gives each counted row the customer of its key, in order of first appearance", () => {
    const { rowCustomer, customers, labels } = groupKeys(col(...keys), "keys", numbers, noMismatch);
    const read = readKeys(col(...keys), "keys");
    const expectedCustomers: string[] = [];
    read.forEach((key, i) => {
      if (key !== null && !Number.isNaN(numbers[i]) && !expectedCustomers.includes(key)) expectedCustomers.push(key);
    });
    expect(customers).toEqual(expectedCustomers); // ACME, 5, Beta (its first counted row is the entity)
    expect(Array.from(rowCustomer)).toEqual(read.map((key, i) => (key === null || Number.isNaN(numbers[i]) ? -1 : customers.indexOf(key))));
    // A number typed as the ID labels its customer as the number it was; text labels by its key.
    expect(labels).toEqual(["ACME", 5, "Beta"]);
    expect(groupKeys([keys], "keys", numbers, noMismatch).rowCustomer).toEqual(rowCustomer);
  });

  it("names a bad cell after repeated texts as readKeys does, before a length mismatch", () => {
    const arg = col("ACME", "ACME", "Beta", { error: "#DIV/0!" });
    const message = thrown(() => readKeys(arg, "keys"));
    expect(message).toBeDefined();
    expect(thrown(() => groupKeys(arg, "keys", new Float64Array(4), noMismatch))).toBe(message);
    expect(thrown(() => groupKeys(arg, "keys", new Float64Array(9), noMismatch))).toBe(message);
    expect(thrown(() => groupKeys(col("ACME", "Beta"), "keys", new Float64Array(3), noMismatch))).toBe("lengths differ is empty.");
  });
});

describe("KAM.ABC and KAM.PARETO on columns with blanks and keys", () => {
  const values = [500, null, 120.5, 80, "", 0, 300.25, -20, 40, null, 120.5, 9.75];
  const keys = ["K1", "K2", " K3", "K1", "K5", "NA", "K3 ", "K6", "K7", "K8", "K9", "k1"];
  const used = values.map((_, i) => i).filter((i) => typeof values[i] === "number");
  const usedValues = used.map((i) => values[i] as number);

  it("KAM.ABC gives each row the core's class, blank values blank", () => {
    const unkeyed = classifyRows(usedValues, null);
    const keyed = classifyRows(
      usedValues,
      used.map((i) => readKeys(col(keys[i]), "keys")[0]),
    );
    const expectRows = (classes: string[]) => {
      const out = values.map(() => "");
      used.forEach((i, k) => (out[i] = classes[k]));
      return out;
    };
    expect(abc(col(...values)).map((r) => r[0])).toEqual(expectRows(unkeyed));
    expect(abc(col(...values), col(...keys)).map((r) => r[0])).toEqual(expectRows(keyed));
    expect(abc([values])).toEqual([expectRows(unkeyed)]);
    expect(abc([values], [keys])).toEqual([expectRows(keyed)]);
  });

  it("KAM.PARETO without keys labels customers by their row and ranks them as the core does", () => {
    const t = paretoTable(usedValues);
    const expected = Array.from(t.order, (c, r) => [used[c] + 1, t.value[r], t.share[r], t.cumulativeShare[r], t.classes[r]]);
    expect(pareto(col(...values))).toEqual(expected);
    // Without blanks every row is a customer, labelled 1…n.
    expect(pareto(usedValues.map((x) => [x]))).toEqual(expected.map((row, r) => [t.order[r] + 1, ...row.slice(1)]));
  });

  it("KAM.PARETO with keys sums rows per key as readKeys reads them", () => {
    const result = pareto(col(...values), col(...keys));
    const totals = new Map<string, number>();
    used.forEach((i) => {
      const key = readKeys(col(keys[i]), "keys")[0];
      if (key !== null) totals.set(key, (totals.get(key) ?? 0) + (values[i] as number));
    });
    expect(result).toHaveLength(totals.size);
    expect(new Map(result.map((row) => [row[0] as string, row[1] as number]))).toEqual(totals);
  });
});
