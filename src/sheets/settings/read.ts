/**
 * Reading the hidden settings sheet back (src/sheets/settings/build.ts writes it): the settings,
 * validated with their zod schema, and the fingerprints of the generated sheets (src/sheets/fingerprint.ts).
 */
import { z } from "zod";
import { UserCell, isFormulaCell } from "../../plan/userCell";
import { isLabel } from "../kit/labels";
import { DEFAULTS_KEY, FINGERPRINT_KEY, JSON_KEYS, PlanSettings, PlanSettingsSchema } from "./build";

export type SettingsReading = { ok: true; settings: PlanSettings } | { ok: false; problem: string };

/**
 * Whether a sheet named like the settings sheet is ours: its header row (Key | Value, either language) or
 * an `appVersion` key is where the add-in writes them. A sheet of the user's that only has the name is not,
 * so a workbook we did not make is never taken for a plan and replaced (DESIGN §2 rule 8).
 */
export function isSettingsSheet(grid: readonly (readonly UserCell[] | undefined)[]): boolean {
  if (isLabel(grid[1]?.[0], "settings.col.key") && isLabel(grid[1]?.[1], "settings.col.value")) return true;
  return grid.some((row) => row?.[0] === "appVersion");
}

/**
 * Reads the settings back from the sheet's cells.
 * @param grid the settings sheet's cells (row 0 = sheet row 1); keys in column A from row 3 on.
 * @returns the validated settings, or the first problem (unknown format, missing key, wrong type).
 */
export function readSettings(grid: readonly (readonly UserCell[] | undefined)[]): SettingsReading {
  const root: Record<string, unknown> = {};
  for (let r = 2; r < grid.length; r++) {
    const key = grid[r]?.[0];
    if (typeof key !== "string" || key.trim() === "" || key === FINGERPRINT_KEY || key === DEFAULTS_KEY) continue;
    const raw = grid[r]?.[1];
    let value: unknown = isFormulaCell(raw) ? undefined : raw;
    if (JSON_KEYS.has(key) && typeof value === "string") {
      try {
        value = JSON.parse(value);
      } catch {
        return { ok: false, problem: `${key}: not valid JSON` };
      }
    }
    if (value === null || value === undefined || value === "") continue;
    const path = key.split(".");
    let at = root;
    for (const p of path.slice(0, -1)) {
      if (typeof at[p] !== "object" || at[p] === null) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[path[path.length - 1]] = value;
  }
  const parsed = PlanSettingsSchema.safeParse(root);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue.path.join(".") || "settings"}: ${issue.message}` };
}

const FingerprintRow = z.tuple([z.string(), z.string().min(1), z.string().regex(/^[A-Za-z0-9+/]*$/)]);

/**
 * The stored fingerprints by sheet id (chunks in order), validated; rows that do not fit are skipped,
 * so their sheet is refreshed without a stored set (src/sheets/merge.ts says what that means).
 */
export function readFingerprintChunks(
  grid: readonly (readonly UserCell[] | undefined)[],
  key: typeof FINGERPRINT_KEY | typeof DEFAULTS_KEY = FINGERPRINT_KEY,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of grid) {
    if (row?.[0] !== key) continue;
    const parsed = FingerprintRow.safeParse([row?.[0], row?.[1], row?.[2] ?? ""]);
    if (!parsed.success) continue;
    const [, id, chunk] = parsed.data;
    out.set(id, [...(out.get(id) ?? []), chunk]);
  }
  return out;
}
