/**
 * Issue 14: buying — the relationship matrix in a plan's Relationship section: rows = the buying-center
 * contacts (formulas showing the table's names, one row per table row), columns = up to six of our team
 * members (formulas showing the Resources table's names), cells = "x" where that person of ours meets
 * that contact (user input, list "x"). Below it the contact model derived by native formulas, agreeing
 * with `deriveContactModel` (src/core/contactModel.ts, without units), beside the KAM's chosen model.
 *
 * Round trip: matrix cells are read back by contact name × team member name (the names the row and column
 * formulas point at, read from those formulas' references, which Excel and LibreOffice move when rows are
 * inserted), so they follow their contact and member when either table grows or rows are inserted;
 * an axis (contact or member) without a name is matched by its position in the matrix instead.
 */
import type { SheetLabelKey } from "../../i18n/sheets";
import { abs, absRange, range, str } from "../../plan/formula";
import type { Block, CellValue, ValidationSpec } from "../../plan/spec";
import { UserCell, blockEntry, isBlankCell, isFormulaCell } from "../../plan/userCell";
import { SheetCells, cellAt } from "../kit/grid";
import { isLabel } from "../kit/labels";

/** Team members the matrix shows (columns B..G). */
export const MATRIX_MEMBERS = 6;
/** The one value a matrix cell takes. */
export const MATRIX_MARK = "x";
/** Labels in column A: the matrix's header row and its derived-model row. */
export const MATRIX_LABELS = ["aplan.matrix.title", "aplan.matrix.derived"] as const satisfies readonly SheetLabelKey[];

/** One typed matrix cell, as read back. */
export interface MatrixEntry {
  /** The contact's and team member's names ("" when the row's/column's name was blank). */
  contact: string;
  member: string;
  /** Position in the matrix (0-based contact row, member column). */
  row: number;
  col: number;
  value: UserCell;
  /** Earlier matrix rows / columns with the same contact / member name (two contacts both named "Anna"). */
  contactNth?: number;
  memberNth?: number;
}

/** Per name, how many earlier entries of `names` have it (any case): [0, 0, 1] for Anna, Bo, anna. */
function occurrences(names: readonly string[]): number[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = n.trim().toLowerCase();
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    return i;
  });
}

/** Rows of the matrix: header, first and last contact row, derived-model row (0-based). */
export interface MatrixLayout {
  head: number;
  first: number;
  last: number;
  derived: number;
}

/**
 * A cell's key: each axis by its name and how many earlier rows / columns have that name, or by its
 * position when the name is blank.
 */
const key = (contact: string, row: number, member: string, col: number, contactNth = 0, memberNth = 0): string =>
  `${contact.trim() ? `n:${contact.trim().toLowerCase()}#${contactNth}` : "p:" + row}\u0000` +
  `${member.trim() ? `n:${member.trim().toLowerCase()}#${memberNth}` : "p:" + col}`;
const nameOf = (v: UserCell | undefined): string => (v === null || v === undefined || isFormulaCell(v) ? "" : String(v).trim());

/**
 * Writes the matrix. `contacts`/`members`: the names in the buying-center/team rows as preserved (row i
 * of the matrix shows buying-center row i; column k team row k). `kept`: what was read back.
 * @returns the number of typed cells written back.
 */
export function matrixBlock(o: {
  L: Record<SheetLabelKey, string>;
  lay: MatrixLayout;
  bc: { first: number; nameCol: number };
  team: { first: number; last: number; nameCol: number };
  contacts: readonly string[];
  members: readonly string[];
  kept: readonly MatrixEntry[] | undefined;
  chosen: string;
  gen: (row: number, col: number, values: CellValue[][], extra?: Partial<Block>) => void;
  blocks: Block[];
  validations: ValidationSpec[];
  merges: string[];
  lastCol: number;
  fill: string;
}): number {
  const { L, lay } = o;
  const n = lay.last - lay.first + 1;
  const width = Math.min(MATRIX_MEMBERS, o.team.last - o.team.first + 1);
  o.gen(lay.head, 0, [[L["aplan.matrix.title"]]], { bold: true, wrap: true });
  o.gen(lay.head, 1, [new Array<CellValue>(width).fill(null)], {
    formulas: [Array.from({ length: width }, (_, k) => `=IF(${abs(o.team.first + k, o.team.nameCol)}="","",${abs(o.team.first + k, o.team.nameCol)})`)],
    bold: true,
    wrap: true,
  });
  o.gen(lay.head, width + 1, [[L["aplan.matrix.links"]]], { bold: true, wrap: true });
  o.gen(lay.first, 0, Array.from({ length: n }, () => [null]), {
    formulas: Array.from({ length: n }, (_, i) => [`=IF(${abs(o.bc.first + i, o.bc.nameCol)}="","",${abs(o.bc.first + i, o.bc.nameCol)})`]),
    italic: true,
  });
  // Typed cells: by contact × member name; an axis whose name is blank by its position.
  const byKey = new Map<string, UserCell>();
  for (const e of o.kept ?? []) byKey.set(key(e.contact, e.row, e.member, e.col, e.contactNth, e.memberNth), e.value);
  const contactNth = occurrences(Array.from({ length: n }, (_, i) => o.contacts[i] ?? ""));
  const memberNth = occurrences(Array.from({ length: width }, (_, k) => o.members[k] ?? ""));
  let kept = 0;
  const cells = Array.from({ length: n }, (_, i) =>
    Array.from({ length: width }, (_, k) => {
      const c = o.contacts[i] ?? "";
      const m = o.members[k] ?? "";
      const v = byKey.get(key(c, i, m, k, contactNth[i], memberNth[k]));
      if (v === undefined || isBlankCell(v)) return [null, undefined] as const;
      kept++;
      return blockEntry(v);
    }),
  );
  o.blocks.push({
    row: lay.first,
    col: 1,
    values: cells.map((r) => r.map((x) => x[0])),
    formulas: cells.some((r) => r.some((x) => x[1])) ? cells.map((r) => r.map((x) => x[1])) : undefined,
    owner: "user",
    fill: o.fill,
  });
  o.validations.push({ range: range(lay.first, 1, lay.last, width), kind: "list", list: [MATRIX_MARK], message: L["aplan.matrix.validation"] });
  // Links per contact (the row's marks).
  o.gen(lay.first, width + 1, Array.from({ length: n }, () => [null]), {
    formulas: Array.from({ length: n }, (_, i) => [`=SUMPRODUCT(--(TRIM(${absRange(lay.first + i, 1, lay.first + i, width)})<>""))`]),
    italic: true,
  });
  // Derived model: ours = members with a link, theirs = contacts with a link (src/core/contactModel.ts).
  const ours = Array.from({ length: width }, (_, k) => `(SUMPRODUCT(--(TRIM(${absRange(lay.first, 1 + k, lay.last, 1 + k)})<>""))>0)`).join("+");
  const theirs = `COUNTIF(${absRange(lay.first, width + 1, lay.last, width + 1)},">0")`;
  const model = (k: SheetLabelKey): string => str(L[k]);
  const derived = abs(lay.derived, 1);
  o.gen(lay.derived, 0, [[L["aplan.matrix.derived"]]], { bold: true, wrap: true });
  o.gen(lay.derived, 1, [[null]], {
    formulas: [
      [
        `=IF((${ours})=0,"",IF((${ours})=1,IF(${theirs}=1,${model("aplan.model.bowTie")},${model("aplan.model.oneOnMany")}),` +
          `IF((${ours})=2,${model("aplan.model.duet")},IF(${theirs}=1,${model("aplan.model.bowTie")},${model("aplan.model.diamond")}))))`,
      ],
    ],
    bold: true,
  });
  o.merges.push(range(lay.derived, 1, lay.derived, 2));
  o.gen(lay.derived, 3, [[null]], {
    formulas: [
      [
        `=IF(OR(${derived}="",${o.chosen}=""),"",IF(${derived}=${o.chosen},${str(L["aplan.matrix.match"])},` +
          `${str(L["aplan.matrix.derivedWord"] + ": ")}&${derived}&${str(" — " + L["aplan.matrix.chosenWord"] + ": ")}&${o.chosen}))`,
      ],
    ],
    italic: true,
  });
  o.merges.push(range(lay.derived, 3, lay.derived, o.lastCol));
  return kept;
}

/**
 * Reads the typed matrix cells of a plan grid (seen from its key column): the rows between the matrix's
 * header label and its derived-model label; each row's contact is the buying-center name its column-A
 * formula points at, each column's member the team name its header formula points at.
 */
export function readMatrix(grid: SheetCells): MatrixEntry[] | undefined {
  const find = (k: SheetLabelKey, from = 0): number => {
    for (let r = from; r < grid.length; r++) if (isLabel(cellAt(grid, r, 0), k)) return r;
    return -1;
  };
  const head = find("aplan.matrix.title");
  if (head < 0) return undefined;
  const end = find("aplan.matrix.derived", head + 1);
  if (end < 0) return undefined;
  // The referenced row's name cell (the name column is the formula's column; 1-based row in the reference).
  const pointed = (v: UserCell | undefined, fallbackCol: number): string => {
    if (!v || !isFormulaCell(v)) return "";
    const m = /\$?([A-Z]{1,3})\$?([0-9]+)/.exec(v.formula);
    if (!m) return "";
    return nameOf(cellAt(grid, Number(m[2]) - 1, fallbackCol));
  };
  const members = Array.from({ length: MATRIX_MEMBERS }, (_, k) => pointed(grid[head]?.[1 + k], 1));
  const memberNth = occurrences(members);
  const contacts = Array.from({ length: Math.max(0, end - head - 1) }, (_, i) => pointed(grid[head + 1 + i]?.[0], 0));
  const contactNth = occurrences(contacts);
  const out: MatrixEntry[] = [];
  for (let r = head + 1; r < end; r++) {
    const i = r - head - 1;
    for (let k = 0; k < MATRIX_MEMBERS; k++) {
      const v = grid[r]?.[1 + k];
      if (v === undefined || isBlankCell(v) || isFormulaCell(v)) continue;
      out.push({ contact: contacts[i], member: members[k], row: i, col: k, value: v, contactNth: contactNth[i], memberNth: memberNth[k] });
    }
  }
  return out;
}

/**
 * The rows of the relationship matrix's marks in a plan sheet's cells (sheet coordinates, labels in
 * `keyCol`): from below its header label to above its derived-model label; undefined without a matrix.
 * For the merge (src/sheets/merge.ts): the reader places these marks by name, not by position.
 */
export function matrixMarkRows(cells: SheetCells, keyCol: number): { first: number; last: number } | undefined {
  let head = -1;
  for (let r = 0; r < cells.length; r++) {
    const v = cellAt(cells, r, keyCol);
    if (head < 0 && isLabel(v, "aplan.matrix.title")) head = r;
    else if (head >= 0 && isLabel(v, "aplan.matrix.derived")) return { first: head + 1, last: r - 1 };
  }
  return undefined;
}
