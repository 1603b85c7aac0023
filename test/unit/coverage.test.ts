// Issue 14: buying — coverage rules over a buying center (src/core/coverage.ts).
import { CoverageContact, coverage, reached } from "../../src/core/coverage";

const TODAY = 46000;
const c = (roles: CoverageContact["roles"], level: CoverageContact["level"], daysAgo: number | null, owner = ""): CoverageContact => ({
  roles,
  level,
  lastContact: daysAgo === null ? null : TODAY - daysAgo,
  owner,
});

describe("coverage rules", () => {
  it("reached needs level known or more and a contact within 90 days", () => {
    expect(reached(c(["decider"], "known", 90), TODAY)).toBe(true);
    expect(reached(c(["decider"], "known", 91), TODAY)).toBe(false);
    expect(reached(c(["decider"], "none", 10), TODAY)).toBe(false);
    expect(reached(c(["decider"], null, 10), TODAY)).toBe(false);
    expect(reached(c(["decider"], "advocate", null), TODAY)).toBe(false);
  });

  it("counts deciders and approvers not reached, a role in either column", () => {
    const bc = [c(["user", "decider"], "trusted", 5), c(["approver"], "none", 5), c(["influencer"], null, null), c(["buyer", "approver"], "known", 200)];
    const got = coverage(bc, TODAY);
    expect(got.decidersNotReached).toBe(2);
    expect(got.rolesMissing).toEqual(["initiator", "gatekeeper"]);
    expect(got.accessRisk).toBe(false);
  });

  it("access only through buyer or gatekeeper is a risk; one other role removes it", () => {
    expect(coverage([c(["buyer"], "known", 1)], TODAY).accessRisk).toBe(true);
    expect(coverage([c(["buyer"], "known", 1), c(["gatekeeper", "buyer"], null, null)], TODAY).accessRisk).toBe(true);
    expect(coverage([c(["buyer"], "known", 1), c(["gatekeeper", "user"], null, null)], TODAY).accessRisk).toBe(false);
    expect(coverage([c([], null, null)], TODAY).accessRisk).toBe(false);
    expect(coverage([], TODAY).accessRisk).toBe(false);
  });

  it("single-threaded: one contact, or one of ours owning every contact", () => {
    expect(coverage([c(["decider"], "known", 1, "Kari")], TODAY)).toMatchObject({ oneContact: true, oneOfOurs: false });
    expect(coverage([c(["decider"], null, 1, "Kari"), c(["user"], null, 1, "kari")], TODAY)).toMatchObject({ oneContact: false, oneOfOurs: true });
    expect(coverage([c(["decider"], null, 1, "Kari"), c(["user"], null, 1, "")], TODAY).oneOfOurs).toBe(true);
    expect(coverage([c(["decider"], null, 1, "Kari"), c(["user"], null, 1, "Ola")], TODAY).oneOfOurs).toBe(false);
    expect(coverage([c(["decider"], null, 1), c(["user"], null, 1)], TODAY).oneOfOurs).toBe(false);
  });
});
