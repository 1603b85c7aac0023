/** The pane's wording helpers (src/taskpane/text.ts): templates, numbers, thresholds, row lists. */
import { fmt, formatCount, formatPercent, parsePercent, rowList } from "../../src/taskpane/text";

test("fmt fills placeholders and formats numbers for the language", () => {
  expect(fmt("en", "result.summary", { customers: 9994, rows: 12000, address: "Data!A1:B12001" })).toBe(
    "9,994 customers from 12,000 rows of Data!A1:B12001.",
  );
  expect(fmt("nb", "result.summary", { customers: 9994, rows: 12000, address: "Data!A1:B12001" })).toBe(
    "9\u00a0994 kunder fra 12\u00a0000 rader i Data!A1:B12001.",
  );
  expect(fmt("en", "run.writing", { done: 1 })).toBe("Writing the sheet (1 of {total})…"); // a missing value stays visible
});

test("numbers and percentages in English and Norwegian", () => {
  expect(formatCount("en", 1234.5)).toBe("1,234.5");
  expect(formatCount("nb", 1234.5)).toBe("1\u00a0234,5");
  expect(formatPercent("en", 0.80057)).toBe("80.1\u00a0%");
  expect(formatPercent("nb", 0.05)).toBe("5,0\u00a0%");
});

test.each([
  ["80", 80],
  [" 95 ", 95],
  ["80,5", 80.5],
  ["80.5", 80.5],
  ["80 %", 80],
  ["0", 0],
  ["", null],
  ["abc", null],
  ["-5", null],
  ["1,000.5", null],
  ["80%", 80],
  ["8 0", null],
])("parsePercent(%j) = %p", (text, expected) => {
  expect(parsePercent(text)).toBe(expected);
});

test("row lists name the first rows and count the rest", () => {
  expect(rowList("en", [5, 9, 12], 3)).toBe("5, 9, 12");
  expect(rowList("en", [5, 9], 30)).toBe("5, 9 and 28 more");
  expect(rowList("nb", [5, 9], 30)).toBe("5, 9 og 28 til");
});
