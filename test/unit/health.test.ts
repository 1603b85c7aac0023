import {
  DEFAULT_HEALTH_SETTINGS,
  HealthSettings,
  PlanFacts,
  accountHealth,
  checkHealthSettings,
  kpiRag,
  profitScore,
} from "../../src/core/health";
import { KamError } from "../../src/core/errors";

const TODAY = 46000; // an Excel serial day

/** A plan with every part present, everything on time. */
function fullPlan(): PlanFacts {
  return {
    quadrant: "high-high",
    revenue: 1000,
    profit: 100,
    analysisFields: 2,
    contacts: [
      { decider: true, lastContact: TODAY - 10 },
      { decider: false, lastContact: TODAY - 20 },
    ],
    goals: [{ id: "G1", metric: true, baseline: true, target: true, due: true, owner: true }],
    actions: [
      { goalId: "g1", status: "open", due: TODAY + 5 },
      { goalId: "G1", status: "done", due: TODAY - 5 },
    ],
    kpis: [{ name: true, target: 10, actual: 12, higherIsBetter: true }],
    reviewed: TODAY - 10,
    satisfaction: 5,
  };
}

const empty: PlanFacts = {
  quadrant: null,
  revenue: null,
  profit: null,
  analysisFields: 0,
  contacts: [],
  goals: [],
  actions: [],
  kpis: [],
  reviewed: null,
  satisfaction: null,
};

describe("account health", () => {
  it("a complete, current, profitable plan scores 100 and is green", () => {
    const h = accountHealth(fullPlan(), DEFAULT_HEALTH_SETTINGS, TODAY);
    expect(h.completeness).toBe(1);
    expect(Object.values(h.parts).every(Boolean)).toBe(true);
    expect(h.components).toEqual({ completeness: 100, actions: 100, contacts: 100, kpis: 100, profit: 100, satisfaction: 100, complaints: 100, review: 100 });
    expect(h.score).toBe(100);
    expect(h.band).toBe("green");
    expect(h.reviewDue).toBe(false);
    expect(h.cadenceDays).toBe(30);
    expect(h.nextReview).toBe(TODAY + 20);
    expect([h.actionsOpen, h.actionsOverdue, h.actionsDone]).toEqual([1, 0, 1]);
  });

  it("an empty plan: only completeness, complaints (none: 100) and review count, blank components drop out", () => {
    const h = accountHealth(empty, DEFAULT_HEALTH_SETTINGS, TODAY);
    expect(h.components.actions).toBeNull();
    expect(h.components.satisfaction).toBeNull();
    expect(h.completeness).toBe(0);
    expect(h.reviewDue).toBe(true);
    expect(h.cadenceDays).toBe(180); // no quadrant: the longest cadence
    expect(h.components.complaints).toBe(100);
    const w = DEFAULT_HEALTH_SETTINGS.weights;
    expect(h.score).toBeCloseTo((100 * w.complaints) / (w.completeness + w.complaints + w.review), 10);
    expect(h.band).toBe("red");
  });

  it("rescales the weights of the present components", () => {
    // completeness 60 (3 of 5 parts), review 100, complaints 100 (none); everything else blank.
    const facts: PlanFacts = {
      ...empty,
      quadrant: "low-low",
      analysisFields: 1,
      contacts: [],
      kpis: [{ name: true, target: 5, actual: null, higherIsBetter: true }],
      goals: [{ id: "G1", metric: true, baseline: true, target: true, due: true, owner: true }],
      reviewed: TODAY - 180,
    };
    const h = accountHealth(facts, DEFAULT_HEALTH_SETTINGS, TODAY);
    expect(h.parts).toEqual({ analysis: true, buyingCenter: false, goals: true, actions: false, kpis: true });
    expect(h.reviewDue).toBe(false); // exactly the cadence is not older than it
    const w = DEFAULT_HEALTH_SETTINGS.weights;
    expect(h.score).toBeCloseTo((w.completeness * 60 + w.complaints * 100 + w.review * 100) / (w.completeness + w.complaints + w.review), 10);
  });

  it("overdue actions, contacts not reached, mixed KPIs and a middling satisfaction", () => {
    const f = fullPlan();
    f.actions = [
      { goalId: "G1", status: "open", due: TODAY - 1 },
      { goalId: "G1", status: "open", due: TODAY },
      { goalId: "G1", status: "open", due: null },
      { goalId: "G1", status: "open", due: TODAY - 30 },
      { goalId: "G1", status: "cancelled", due: TODAY - 30 },
    ];
    f.contacts = [
      { decider: true, lastContact: TODAY - 91 },
      { decider: false, lastContact: TODAY - 90 },
      { decider: false, lastContact: null },
    ];
    f.kpis = [
      { name: true, target: 100, actual: 95, higherIsBetter: true },
      { name: true, target: 100, actual: 80, higherIsBetter: true },
    ];
    f.satisfaction = 3;
    f.reviewed = TODAY - 31;
    const h = accountHealth(f, DEFAULT_HEALTH_SETTINGS, TODAY);
    expect(h.actionsOverdue).toBe(2);
    expect(h.components.actions).toBe(50);
    expect(h.contactsNotReached).toBe(2);
    expect(h.components.contacts).toBeCloseTo(100 / 3, 10);
    expect(h.components.kpis).toBe(25);
    expect(h.components.satisfaction).toBe(50);
    expect(h.reviewDue).toBe(true);
    expect(h.components.review).toBe(0);
  });

  it("goals without an ID or without an action leave the actions part missing", () => {
    const f = fullPlan();
    f.goals.push({ id: "", metric: true, baseline: true, target: true, due: true, owner: true });
    expect(accountHealth(f, DEFAULT_HEALTH_SETTINGS, TODAY).parts.actions).toBe(false);
    const g = fullPlan();
    g.goals[0].owner = false;
    expect(accountHealth(g, DEFAULT_HEALTH_SETTINGS, TODAY).parts.goals).toBe(false);
  });

  it("profit: a loss-making account scores low", () => {
    expect(profitScore(1000, -100)).toBe(0);
    expect(profitScore(1000, -50)).toBe(25);
    expect(profitScore(1000, 0)).toBe(50);
    expect(profitScore(1000, 50)).toBe(75);
    expect(profitScore(null, -1)).toBe(0);
    expect(profitScore(0, 5)).toBe(100);
    expect(profitScore(1000, null)).toBeNull();
  });

  it("KPI RAG follows the plan's rule, lower-is-better included", () => {
    expect(kpiRag(10, 10, true)).toBe("green");
    expect(kpiRag(10, 9, true)).toBe("amber");
    expect(kpiRag(10, 8.9, true)).toBe("red");
    expect(kpiRag(10, 11, false)).toBe("amber");
    expect(kpiRag(10, 0, false)).toBe("green");
    expect(kpiRag(0, 5, true)).toBeNull();
    expect(kpiRag(10, null, true)).toBeNull();
  });

  it("bands and weights are validated, naming the setting", () => {
    const bad = (s: Partial<HealthSettings>): (() => void) => () => checkHealthSettings({ ...DEFAULT_HEALTH_SETTINGS, ...s });
    expect(bad({ weights: { ...DEFAULT_HEALTH_SETTINGS.weights, kpis: -1 } })).toThrow(/kpis/);
    expect(bad({ weights: { completeness: 0, actions: 0, contacts: 0, kpis: 0, profit: 0, satisfaction: 0, complaints: 0, review: 0 } })).toThrow(KamError);
    expect(bad({ bands: { green: 40, amber: 70 } })).toThrow(KamError);
    expect(bad({ cadence: { ...DEFAULT_HEALTH_SETTINGS.cadence, "low-low": 0 } })).toThrow(/low-low/);
  });

  // Issue 14: voice
  it("complaints: 0 only while one is open longer than N days; resolved or younger ones do not count", () => {
    const at = (complaints: PlanFacts["complaints"], days = 30): number | null =>
      accountHealth({ ...fullPlan(), complaints }, { ...DEFAULT_HEALTH_SETTINGS, complaintDays: days }, TODAY).components.complaints;
    expect(at(undefined)).toBe(100);
    expect(at([])).toBe(100);
    expect(at([{ received: TODAY - 30, resolved: null }])).toBe(100); // exactly N days: not older
    expect(at([{ received: TODAY - 31, resolved: null }])).toBe(0);
    expect(at([{ received: TODAY - 31, resolved: TODAY - 1 }])).toBe(100);
    expect(at([{ received: null, resolved: null }])).toBe(100); // no received date: not counted
    expect(at([{ received: TODAY - 11, resolved: null }], 10)).toBe(0);
    const w = DEFAULT_HEALTH_SETTINGS.weights;
    const sum = Object.values(w).reduce((a, b) => a + b, 0);
    expect(sum).toBe(100);
    const h = accountHealth({ ...fullPlan(), complaints: [{ received: TODAY - 45, resolved: null }] }, DEFAULT_HEALTH_SETTINGS, TODAY);
    expect(h.score).toBeCloseTo((100 * (sum - w.complaints)) / sum, 10);
    expect(bad30()).toThrow(KamError);
    function bad30(): () => void {
      return () => checkHealthSettings({ ...DEFAULT_HEALTH_SETTINGS, complaintDays: 1.5 });
    }
  });

  it("amber between the limits; edited weights change the score", () => {
    const f = { ...fullPlan(), profit: -100 }; // profit 0
    const only = { ...DEFAULT_HEALTH_SETTINGS, weights: { completeness: 0, actions: 0, contacts: 0, kpis: 0, profit: 1, satisfaction: 1, complaints: 0, review: 0 } };
    const h = accountHealth(f, only, TODAY);
    expect(h.score).toBe(50);
    expect(h.band).toBe("amber");
  });
});
