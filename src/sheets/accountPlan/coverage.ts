/**
 * Issue 14: buying — the coverage rule rows under a plan's buying-center table (seed 2.6.9,
 * KAM-DOMAIN §11), native formulas agreeing with src/core/coverage.ts.
 */
import type { SheetLabelKey } from "../../i18n/sheets";
import { absRange, range, str } from "../../plan/formula";
import type { Block, CellValue } from "../../plan/spec";

/** Labels in column A of the coverage rows (they end the buying-center table for the reader). */
export const COVERAGE_LABELS = ["aplan.cov.deciders", "aplan.cov.access", "aplan.cov.ours"] as const satisfies readonly SheetLabelKey[];

/** Buying-center columns the rules read (0-based, as `BC` in ./build.ts). */
export interface CoverageColumns {
  name: number;
  role: number;
  role2: number;
  relLevel: number;
  owner: number;
  flag: number;
}

/**
 * Writes the three coverage rows: deciders/approvers not reached (count), access only through a buyer
 * or gatekeeper (risk text), one of ours owns every contact (flag text). "Reached" = relationship level
 * known or more and the row's contact check blank (a contact within 90 days).
 */
export function coverageRows(o: {
  L: Record<SheetLabelKey, string>;
  rows: { first: number; last: number; deciders: number; access: number; ours: number };
  cols: CoverageColumns;
  gen: (row: number, col: number, values: CellValue[][], extra?: Partial<Block>) => void;
  merges: string[];
  lastCol: number;
}): void {
  const { L, rows: r, cols: c } = o;
  const rg = (col: number): string => absRange(r.first, col, r.last, col);
  const [N, R, R2, V, O, F] = [rg(c.name), rg(c.role), rg(c.role2), rg(c.relLevel), rg(c.owner), rg(c.flag)];
  const named = `(TRIM(${N})<>"")`;
  const is = (range: string, k: SheetLabelKey): string => `(${range}=${str(L[k])})`;
  const either = (ks: SheetLabelKey[]): string => `(${ks.flatMap((k) => [is(R, k), is(R2, k)]).join("+")}>0)`;
  const da = either(["aplan.role.decider", "aplan.role.approver"]);
  const levelOk = `(${is(V, "aplan.rel.known")}+${is(V, "aplan.rel.trusted")}+${is(V, "aplan.rel.advocate")})`;
  const gate = either(["aplan.role.buyer", "aplan.role.gatekeeper"]);
  const otherIn = (x: string): string => `(${x}<>"")*(${x}<>${str(L["aplan.role.buyer"])})*(${x}<>${str(L["aplan.role.gatekeeper"])})`;
  const other = `((${otherIn(R)}+${otherIn(R2)})>0)`;
  const count = `SUMPRODUCT(--${named})`;
  o.gen(r.deciders, 0, COVERAGE_LABELS.map((k) => [L[k]]), { bold: true, wrap: true });
  o.gen(r.deciders, 1, [[null], [null], [null]], {
    formulas: [
      [`=IF(${count}=0,"",SUMPRODUCT(${named}*${da}*(1-${levelOk}*(${F}=""))))`],
      [`=IF(AND(SUMPRODUCT(${named}*${gate})>0,SUMPRODUCT(${named}*${other})=0),${str(L["aplan.cov.accessRisk"])},"")`],
      [`=IF(AND(${count}>=2,SUMPRODUCT((${O}<>"")/COUNTIF(${O},${O}&""))=1),${str(L["aplan.cov.oursFlag"])},"")`],
    ],
    italic: true,
  });
  for (const row of [r.access, r.ours]) o.merges.push(range(row, 1, row, o.lastCol));
}
