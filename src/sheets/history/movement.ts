/**
 * Movement of a key account since its previous period on the History sheet (issue 13 part 1), as the
 * Overview shows it: "B → A" for a class or quadrant that changed, "unchanged" (sheet language) for one
 * that did not; revenue and profit change as current − previous, and in % of the previous figure's size
 * (|previous|: a loss that shrinks from −100 to −50 is +50 %), blank when the previous figure is 0 or blank.
 */
import { SHEET_LABELS, SheetLanguage } from "../../i18n/sheets";
import type { OverviewMovement } from "../overview/build";
import type { HistoryPrevious } from "./build";
import type { HistoryEntry } from "./fields";

/** "–" stands for a blank class or quadrant on one side of a change. */
const NONE = "–";

/** The movement of `now` since `before`; undefined without an earlier period. */
export function movementOf(now: HistoryEntry, before: HistoryPrevious | undefined, language: SheetLanguage): OverviewMovement | undefined {
  if (!before) return undefined;
  const same = SHEET_LABELS[language]["overview.movement.same"];
  const change = (a: string, b: string): string => (a === b ? same : `${a || NONE} → ${b || NONE}`);
  const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : b - a);
  const pct = (a: number | null, b: number | null): number | null => (a === null || b === null || a === 0 ? null : (b - a) / Math.abs(a));
  return {
    previousPeriod: before.period,
    classChange: change(before.abcClass, now.abcClass),
    quadrantChange: change(before.quadrant, now.quadrant),
    revenueChange: diff(before.revenue, now.revenue),
    revenueChangePct: pct(before.revenue, now.revenue),
    profitChange: diff(before.profit, now.profit),
    profitChangePct: pct(before.profit, now.profit),
  };
}
