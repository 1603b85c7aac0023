/** The hidden settings sheet: key/value rows written, read back with zod validation. */
import { PlanSettings, buildSettingsSheet, settingsRows } from "../../src/sheets/settings/build";
import { readSettings } from "../../src/sheets/settings/read";
import type { UserCell } from "../../src/plan/userCell";
import { specCells } from "../support/planSpec";

const settings: PlanSettings = {
  format: 1,
  appVersion: "0.1.0",
  generatedAt: "2025-03-01T10:00:00.000Z",
  language: "nb",
  source: "sales.csv",
  mapping: { customer: "Customer ID", value: "=Sales", profit: "Profit [NOK]" },
  abc: { method: "value", thresholds: [0.8, 0.95], nonpositive: "D" },
  candidates: "25",
  mids: { attractiveness: 5, strength: 5.5 },
  criteria: { attractiveness: ["ATT1", "ATT2"], strength: ["STR1"] },
  weights: { ATT1: 60, ATT2: 40, STR1: 100 },
  sheets: { "kam.scoring": "Scoring" },
};

describe("settings sheet", () => {
  const sheet = buildSettingsSheet(settings, "nb");

  it("is hidden, with readable key/value rows", () => {
    expect([sheet.name, sheet.id, sheet.hidden]).toEqual(["KAM Settings", "kam.settings", true]);
    expect(settingsRows(settings).slice(0, 8)).toEqual([
      ["format", 1],
      ["appVersion", "0.1.0"],
      ["generatedAt", "2025-03-01T10:00:00.000Z"],
      ["language", "nb"],
      ["source", "sales.csv"],
      ["mapping.customer", "Customer ID"],
      ["mapping.value", "=Sales"],
      ["mapping.profit", "Profit [NOK]"],
    ]);
    expect(settingsRows(settings)).toContainEqual(["abc.thresholds", "[0.8,0.95]"]);
    expect(settingsRows(settings)).toContainEqual(["criteria.attractiveness", '["ATT1","ATT2"]']);
  });

  it("reads back what it wrote", () => {
    expect(readSettings(specCells(sheet))).toEqual({ ok: true, settings });
  });

  it("reports a settings sheet that is not valid instead of guessing", () => {
    const cells = specCells(sheet);
    const edit = (key: string, value: UserCell): UserCell[][] =>
      cells.map((row) => (row?.[0] === key ? [key, value] : row));
    expect(readSettings(edit("format", 2))).toEqual({ ok: false, problem: expect.stringMatching(/^format:/) });
    expect(readSettings(edit("language", "de"))).toEqual({ ok: false, problem: expect.stringMatching(/^language:/) });
    expect(readSettings(edit("weights", "{oops"))).toEqual({ ok: false, problem: "weights: not valid JSON" });
    expect(readSettings(cells.filter((row) => row?.[0] !== "mapping.customer"))).toEqual({
      ok: false,
      problem: expect.stringMatching(/^mapping\.customer:/),
    });
    expect(readSettings([])).toEqual({ ok: false, problem: expect.any(String) });
  });
});
