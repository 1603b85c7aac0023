/**
 * The buying center as an org chart (issue 14 item 3): from the contacts of a plan's buying-center table
 * and their "Reports to", a forest of reporting lines and a layered layout of boxes and lines that fits a
 * given width. Pure: no host types; the plan (src/sheets/accountPlan/orgChart.ts) turns it into shapes.
 */

/** One contact as the org chart needs it (the buying-center table's columns; text as typed). */
export interface OrgContact {
  name: string;
  title?: string;
  role?: string;
  attitude?: string;
  /** The name of the contact's manager, as typed; matched case-insensitively after trimming. */
  reportsTo?: string;
}

/** One box: the contact at `index` in the input (rows without a name are left out). Points. */
export interface OrgBox {
  index: number;
  /** Level in the tree: 0 for a root. */
  depth: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A reporting line from a manager's box (`from`, index into `boxes`) to a report's (`to`). */
export interface OrgLine {
  from: number;
  to: number;
}

export interface OrgChartLayout {
  boxes: OrgBox[];
  lines: OrgLine[];
  /** Input indexes of the contacts whose "Reports to" closed a cycle; drawn as roots. */
  cycles: number[];
  /** Width and height the layout uses, in points (at most the width asked for). */
  width: number;
  height: number;
}

export interface OrgChartOptions {
  /** Width available, in points (> 0). */
  width: number;
  /** Height available, in points; levels are squeezed to fit it (default: unlimited). */
  height?: number;
  /** Widest and tallest box, in points (defaults 120 × 42). */
  boxWidth?: number;
  boxHeight?: number;
}

const key = (s: string | undefined): string => (s ?? "").trim().toLowerCase();

/**
 * The parent (input index) of each contact, or -1 for a root. "Reports to" names a contact of the table
 * (trimmed, case-insensitive; the first row of that name when names repeat); blank, unknown and a
 * contact's own name make it a root. A cycle (A reports to B, B to A) is broken at its first member in
 * input order, which becomes a root and is listed in `cycles`. Rows without a name get -1 and no box.
 */
export function orgParents(contacts: readonly OrgContact[]): { parents: number[]; cycles: number[] } {
  const byName = new Map<string, number>();
  contacts.forEach((c, i) => {
    const k = key(c.name);
    if (k !== "" && !byName.has(k)) byName.set(k, i);
  });
  const parents = contacts.map((c, i) => {
    if (key(c.name) === "") return -1;
    const p = byName.get(key(c.reportsTo));
    return p === undefined || p === i ? -1 : p;
  });
  const cycles: number[] = [];
  for (let i = 0; i < parents.length; i++) {
    const seen = new Set<number>();
    for (let p = parents[i]; p !== -1 && !seen.has(p); p = parents[p]) {
      if (p === i) {
        parents[i] = -1;
        cycles.push(i);
        break;
      }
      seen.add(p);
    }
  }
  return { parents, cycles };
}

/**
 * Lays out the org chart of `contacts` in a box of `options.width` points: a layered tree layout (a
 * simplified Reingold–Tilford: each leaf takes the next slot from left to right, in input order; a manager
 * stands centred over its first and last report), the trees of several roots side by side in input order.
 * Level d is at y = d × (box height + gap); slots share the width equally, a box is at most
 * `boxWidth` wide and narrower when there are many leaves. Lines run from a manager to each report.
 * @returns boxes in depth-first order (root first); empty when no contact has a name.
 * @throws RangeError when `options.width` is not a positive number.
 */
export function layoutOrgChart(contacts: readonly OrgContact[], options: OrgChartOptions): OrgChartLayout {
  if (!(options.width > 0)) throw new RangeError(`An org chart needs a positive width, not ${options.width}.`);
  const { parents, cycles } = orgParents(contacts);
  const children = contacts.map(() => [] as number[]);
  const roots: number[] = [];
  contacts.forEach((c, i) => {
    if (key(c.name) === "") return;
    if (parents[i] === -1) roots.push(i);
    else children[parents[i]].push(i);
  });
  // Slot (leaf column, possibly fractional for managers) and depth per contact.
  const slot = new Map<number, number>();
  const depth = new Map<number, number>();
  const order: number[] = [];
  let leaves = 0;
  const place = (i: number, d: number): void => {
    order.push(i);
    depth.set(i, d);
    if (children[i].length === 0) slot.set(i, leaves++);
    else {
      for (const c of children[i]) place(c, d + 1);
      slot.set(i, (slot.get(children[i][0])! + slot.get(children[i][children[i].length - 1])!) / 2);
    }
  };
  for (const r of roots) place(r, 0);
  if (order.length === 0) return { boxes: [], lines: [], cycles, width: 0, height: 0 };
  const levels = Math.max(...order.map((i) => depth.get(i)!)) + 1;
  const slotW = options.width / leaves;
  const boxW = Math.min(options.boxWidth ?? 120, slotW * 0.9);
  let boxH = options.boxHeight ?? 42;
  let levelH = boxH * 1.6;
  if (options.height !== undefined && levels * levelH - (levelH - boxH) > options.height) {
    levelH = options.height / (levels - 1 + 1 / 1.6);
    boxH = levelH / 1.6;
  }
  const boxes: OrgBox[] = order.map((i) => ({
    index: i,
    depth: depth.get(i)!,
    x: slot.get(i)! * slotW + (slotW - boxW) / 2,
    y: depth.get(i)! * levelH,
    w: boxW,
    h: boxH,
  }));
  const at = new Map(order.map((i, k) => [i, k]));
  const lines: OrgLine[] = order.filter((i) => parents[i] !== -1).map((i) => ({ from: at.get(parents[i])!, to: at.get(i)! }));
  return { boxes, lines, cycles, width: Math.min(options.width, leaves * slotW), height: (levels - 1) * levelH + boxH };
}
