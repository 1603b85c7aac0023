/** Issue 14: orgchart. The buying center's org chart layout (src/core/orgChart.ts). */
import {
  layoutOrgChart,
  orgParents,
  OrgContact,
} from "../../src/core/orgChart";

const c = (name: string, reportsTo = ""): OrgContact => ({ name, reportsTo });

/** Parent name of each boxed contact, from the lines (independent of the layout's own parent list). */
function parentOf(
  contacts: OrgContact[],
  width = 600,
): Map<string, string | undefined> {
  const lay = layoutOrgChart(contacts, { width });
  const out = new Map<string, string | undefined>(
    lay.boxes.map((b) => [contacts[b.index].name, undefined]),
  );
  for (const l of lay.lines)
    out.set(
      contacts[lay.boxes[l.to].index].name,
      contacts[lay.boxes[l.from].index].name,
    );
  return out;
}

describe("org chart forest", () => {
  it("matches Reports to case-insensitively after trimming; blank, unknown and self are roots", () => {
    const contacts = [
      c("Ann"),
      c("Bob", "  ann "),
      c("Cy", "BOB"),
      c("Di", "Nobody"),
      c("Ed", "ed"),
      c("", "Ann"),
      c("Flo", ""),
    ];
    const p = parentOf(contacts);
    expect(Object.fromEntries(p)).toEqual({
      Ann: undefined,
      Bob: "Ann",
      Cy: "Bob",
      Di: undefined,
      Ed: undefined,
      Flo: undefined,
    });
  });

  it("breaks a cycle at its first member and reports it", () => {
    const contacts = [c("A", "C"), c("B", "A"), c("C", "B"), c("D", "A")];
    const { parents, cycles } = orgParents(contacts);
    expect(cycles).toEqual([0]);
    expect(parents).toEqual([-1, 0, 1, 0]);
    const lay = layoutOrgChart(contacts, { width: 400 });
    expect(lay.boxes).toHaveLength(4);
    expect(lay.lines).toHaveLength(3);
  });

  it("two cycles are both broken; nothing loops", () => {
    const { parents, cycles } = orgParents([
      c("A", "B"),
      c("B", "A"),
      c("X", "Y"),
      c("Y", "X"),
      c("Z", "Z"),
    ]);
    expect(cycles).toEqual([0, 2]);
    expect(parents).toEqual([-1, 0, -1, 2, -1]);
  });
});

describe("org chart layout", () => {
  it("puts a manager centred over its reports, one level per depth, roots side by side", () => {
    const contacts = [c("Boss"), c("R1", "Boss"), c("R2", "Boss"), c("Other")];
    const lay = layoutOrgChart(contacts, {
      width: 300,
      boxWidth: 60,
      boxHeight: 20,
    });
    const box = (n: string) =>
      lay.boxes.find((b) => contacts[b.index].name === n)!;
    const mid = (n: string) => box(n).x + box(n).w / 2;
    expect(mid("Boss")).toBeCloseTo((mid("R1") + mid("R2")) / 2, 6);
    expect(box("R1").y).toBeGreaterThan(box("Boss").y + box("Boss").h);
    expect(box("Other").y).toBe(box("Boss").y);
    expect(mid("Other")).toBeGreaterThan(mid("R2"));
    expect(box("R1").depth).toBe(1);
  });

  it("30 contacts fit the width and height without overlapping boxes", () => {
    const contacts = [c("CEO")];
    for (let i = 1; i < 30; i++)
      contacts.push(c(`P${i}`, i < 5 ? "CEO" : `P${1 + ((i - 5) % 4)}`));
    const width = 1100;
    const height = 220;
    const lay = layoutOrgChart(contacts, { width, height });
    expect(lay.boxes).toHaveLength(30);
    expect(lay.lines).toHaveLength(29);
    for (const b of lay.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(width + 1e-9);
      expect(b.y + b.h).toBeLessThanOrEqual(height + 1e-9);
    }
    for (const a of lay.boxes)
      for (const b of lay.boxes) {
        if (a === b) continue;
        const apart =
          a.x + a.w <= b.x + 1e-9 ||
          b.x + b.w <= a.x + 1e-9 ||
          a.y + a.h <= b.y + 1e-9 ||
          b.y + b.h <= a.y + 1e-9;
        expect(apart).toBe(true);
      }
  });

  it("is empty without names and refuses a width that is not positive", () => {
    expect(layoutOrgChart([c(""), c(" ")], { width: 100 }).boxes).toEqual([]);
    expect(() => layoutOrgChart([c("A")], { width: 0 })).toThrow(RangeError);
  });
});

describe("org chart columns", () => {
  it("reads the buying center's name, title, reports-to, role and attitude columns where the plan has them", async () => {
    const { BC, TABLES } = await import("../../src/sheets/accountPlan/build");
    const { ORG_COLS } = await import("../../src/sheets/accountPlan/orgChart");
    expect(ORG_COLS).toMatchObject({
      name: BC.name,
      title: BC.title,
      role: BC.role,
      attitude: BC.attitude,
    });
    expect(TABLES.buyingCenter.columns[ORG_COLS.reportsTo].label).toBe(
      "aplan.bc.reportsTo",
    );
  });
});

describe("org chart in the file", () => {
  it("glues each DrawingML connector from the bottom of the manager's box to the top of the report's", async () => {
    const { orgChartShapes } =
      await import("../../src/sheets/accountPlan/orgChart");
    const { shapeAnchorsXml } =
      await import("../../src/render/drawingml/shapes");
    const { ORG_COLS } = await import("../../src/sheets/accountPlan/orgChart");
    const row = (name: string, reportsTo: string): (string | null)[] => {
      const r: (string | null)[] = Array(12).fill(null);
      r[ORG_COLS.name] = name;
      r[ORG_COLS.reportsTo] = reportsTo;
      return r;
    };
    const { shapes } = orgChartShapes(
      [row("Ann", ""), row("Bob", "Ann"), row("Cy", "Bob")],
      40,
      600,
    );
    const xml = shapeAnchorsXml(shapes, {}, 5);
    // Drawing-object id of each box, by the name shown on its first line.
    const ids = new Map(
      [
        ...xml.matchAll(
          /<xdr:sp [^]*?cNvPr id="(\d+)"[^]*?<a:t>([^<]*)<\/a:t>/g,
        ),
      ].map((m) => [m[2], m[1]]),
    );
    const glue = [
      ...xml.matchAll(
        /<a:stCxn id="(\d+)" idx="(\d)"\/><a:endCxn id="(\d+)" idx="(\d)"\/>/g,
      ),
    ].map((m) => m.slice(1).join(" "));
    expect(glue.sort()).toEqual(
      [
        `${ids.get("Ann")} 2 ${ids.get("Bob")} 0`,
        `${ids.get("Bob")} 2 ${ids.get("Cy")} 0`,
      ].sort(),
    );
    expect(new Set(ids.values()).size).toBe(3);
  });
});
