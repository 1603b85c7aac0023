/**
 * Issue 14: orgchart. The task pane's Plans step draws the buying center's org chart with the shapes API
 * (strict Excel fake): Superstore, two key accounts; contacts typed into one plan's buying center; a run
 * draws one box per contact and one line per reporting line (counted from the typed data here); a second
 * run replaces the add-in's shapes (same count, no duplicates) and keeps a shape a person drew.
 */
import { resolve } from "node:path";
import {
  BC,
  DEFAULT_SIZES,
  planLayout,
} from "../../src/sheets/accountPlan/build";
import {
  PORTFOLIO_COLS,
  PORTFOLIO_ROWS,
} from "../../src/sheets/portfolio/build";
import { a1 } from "../../src/plan/formula";
import { readCsvFile } from "../../src/read/csv";
import { RunPlansOptions, runPlans } from "../../src/taskpane/plansRun";
import { runSelect } from "../../src/taskpane/selectRun";
import {
  FakeWorkbook,
  installFakeExcel,
  uninstallFakeExcel,
} from "../support/fake-excel";

const SUPERSTORE = resolve(
  __dirname,
  "../../../shared/data/superstore_sample.csv",
);
const options: RunPlansOptions = {
  source: { kind: "region", sheet: "Orders", cell: "A1" },
  mapping: { customer: "Customer ID", value: "Sales", profit: "Profit" },
  abc: { method: "value", thresholds: [80, 95], nonpositive: "D" },
  candidates: { kind: "classes", classes: ["A"] },
  language: "en",
  locale: "en-US",
  now: new Date(2024, 4, 1, 12, 0, 0),
};
const lay = planLayout(DEFAULT_SIZES);
/** name, title, reports to, role, attitude */
const CONTACTS = [
  ["Ann Berg", "CEO", "", "Decider", "Supporter"],
  ["Bob Dahl", "CFO", "ann berg", "Buyer", "Opponent"],
  ["Cy Holm", "CIO", "Ann Berg ", "Influencer", "Neutral"],
  ["Dag Lie", "Controller", "Bob Dahl", "User", ""],
];
const FILL: Record<string, string> = {
  Supporter: "#C6EFCE",
  Neutral: "#E7E6E6",
  Opponent: "#FFC7CE",
  "": "#FFFFFF",
};

afterAll(() => uninstallFakeExcel());

test("the pane draws the org chart, and a second run replaces its shapes and keeps a person's", async () => {
  const wb: FakeWorkbook = installFakeExcel({ sheets: ["Orders"] });
  wb.seed("Orders", "A1", readCsvFile(SUPERSTORE));
  await Excel.run((ctx) =>
    runSelect(ctx, { ...options, candidates: { kind: "top", n: 40 } }),
  );
  const first = PORTFOLIO_ROWS.firstData;
  const customers = wb
    .values("Portfolio", `A${first + 1}:A${first + 2}`)
    .map((r) => String(r[0]));
  wb.seed(
    "Portfolio",
    a1(first, PORTFOLIO_COLS.keyAccount),
    customers.map(() => ["Yes"]),
  );
  await Excel.run((ctx) => runPlans(ctx, options));
  const sheet = `Plan ${customers[0]}`;
  expect(wb.sheet(sheet).shapes).toEqual([]);

  const bc = lay.tables.buyingCenter.first;
  CONTACTS.forEach((c, i) => {
    wb.seed(sheet, a1(bc + i, 0), [[c[0], c[1], null, c[2], c[3]]]);
    if (c[4]) wb.seed(sheet, a1(bc + i, BC.attitude), [[c[4]]]);
  });
  await Excel.run((ctx) => runPlans(ctx, options));
  const ours = () =>
    wb.sheet(sheet).shapes.filter((s) => s.name.startsWith("kam.org."));
  const expectedLines = CONTACTS.filter((c) => c[2].trim() !== "").length;
  const drawn = ours();
  expect(drawn.filter((s) => s.type === "GeometricShape")).toHaveLength(
    CONTACTS.length,
  );
  expect(drawn.filter((s) => s.type === "Line")).toHaveLength(expectedLines);
  for (const c of CONTACTS) {
    const box = drawn.find((s) => s.text.split("\n")[0] === c[0])!;
    expect(box.text).toBe(`${c[0]}\n${c[1]} · ${c[3]}`);
    expect(box.fill).toBe(FILL[c[4]]);
  }
  // Each line is glued from the bottom of the manager's box (site 2) to the top of the report's (site 0).
  const glued = drawn
    .filter((s) => s.type === "Line")
    .map((l) => [
      l.beginConnected?.shape.text.split("\n")[0],
      l.beginConnected?.site,
      l.endConnected?.shape.text.split("\n")[0],
      l.endConnected?.site,
    ]);
  expect(glued.sort()).toEqual(
    [
      ["Ann Berg", 2, "Bob Dahl", 0],
      ["Ann Berg", 2, "Cy Holm", 0],
      ["Bob Dahl", 2, "Dag Lie", 0],
    ].sort(),
  );
  // Below the caption row of the block (every row above at 15 pt or the spec's height: at least 15 pt each).
  expect(Math.min(...drawn.map((s) => s.top))).toBeGreaterThanOrEqual(
    (lay.orgChart + 1) * 15,
  );
  expect(wb.values(sheet, a1(lay.orgChart, 0))[0][0]).toBe(
    "Org chart (from Reports to)",
  );
  // A person's shape, then a second run.
  wb.sheet(sheet).shapes.push({
    ...drawn[0],
    id: "{mine}",
    name: "My note",
    text: "keep me",
  });
  await Excel.run((ctx) => runPlans(ctx, options));
  const again = ours();
  expect(again).toHaveLength(drawn.length);
  expect(new Set(again.map((s) => s.name)).size).toBe(again.length);
  expect(
    wb
      .sheet(sheet)
      .shapes.filter((s) => s.name === "My note")
      .map((s) => s.text),
  ).toEqual(["keep me"]);
  // Typed values kept.
  expect(
    wb.values(sheet, `A${bc + 1}:A${bc + CONTACTS.length}`).map((r) => r[0]),
  ).toEqual(CONTACTS.map((c) => c[0]));
  expect(
    wb
      .values(sheet, `D${bc + 1}:D${bc + CONTACTS.length}`)
      .map((r) => r[0] ?? ""),
  ).toEqual(CONTACTS.map((c) => c[2]));
  // The other plan has no contacts and no shapes.
  expect(wb.sheet(`Plan ${customers[1]}`).shapes).toEqual([]);
}, 120_000);
