/**
 * Issue 14: buying — coverage rules for a buying center (seed 2.6.9, KAM-DOMAIN §11).
 *
 * Pure rules; the rows under the plan's buying-center table (src/sheets/accountPlan/coverage.ts) compute
 * the same with native formulas.
 */

/** Buying-center roles (keys of `aplan.role.*`). */
export type RoleKey = "initiator" | "user" | "influencer" | "decider" | "approver" | "buyer" | "gatekeeper";
export const ROLE_KEYS: readonly RoleKey[] = ["initiator", "user", "influencer", "decider", "approver", "buyer", "gatekeeper"];
/** Relationship levels, weakest first (keys of `aplan.rel.*`). */
export type RelLevel = "none" | "known" | "trusted" | "advocate";
export const REL_LEVEL_KEYS: readonly RelLevel[] = ["none", "known", "trusted", "advocate"];
/** Days since the last contact beyond which a contact is not reached (as the plan's contact check). */
export const REACH_DAYS = 90;

/** One named buying-center contact. */
export interface CoverageContact {
  /** Roles from both role columns (duplicates allowed). */
  roles: readonly RoleKey[];
  level: RelLevel | null;
  /** Last contact as an Excel date serial, or null. */
  lastContact: number | null;
  /** Our owner of the contact ("" for none). */
  owner: string;
}

export interface Coverage {
  /** Roles no contact holds, in ROLE_KEYS order. */
  rolesMissing: RoleKey[];
  /** Deciders and approvers not reached: level below "known", or no contact within REACH_DAYS. */
  decidersNotReached: number;
  /** Risk: access only through a buyer or gatekeeper (some contact holds one, none holds another role). */
  accessRisk: boolean;
  /** One contact carries the account (exactly one contact). */
  oneContact: boolean;
  /** Two or more contacts but one of ours owns them all (owners compared case-insensitively). */
  oneOfOurs: boolean;
}

/** Whether a contact is reached: level known or more and a contact within REACH_DAYS of `today` (serial). */
export function reached(c: CoverageContact, today: number): boolean {
  const level = c.level === null ? 0 : REL_LEVEL_KEYS.indexOf(c.level);
  return level >= 1 && c.lastContact !== null && today - c.lastContact <= REACH_DAYS;
}

/**
 * The coverage rules over the named contacts of a buying center.
 * @param contacts the contacts with a name; @param today an Excel date serial (the sheet's TODAY()).
 */
export function coverage(contacts: readonly CoverageContact[], today: number): Coverage {
  const has = (k: RoleKey): boolean => contacts.some((c) => c.roles.includes(k));
  const gate = (k: RoleKey): boolean => k === "buyer" || k === "gatekeeper";
  const owners = new Set(contacts.map((c) => c.owner.trim().toLowerCase()).filter((o) => o !== ""));
  return {
    rolesMissing: ROLE_KEYS.filter((k) => !has(k)),
    decidersNotReached: contacts.filter((c) => (c.roles.includes("decider") || c.roles.includes("approver")) && !reached(c, today)).length,
    accessRisk: contacts.some((c) => c.roles.some(gate)) && !contacts.some((c) => c.roles.some((k) => !gate(k))),
    oneContact: contacts.length === 1,
    oneOfOurs: contacts.length >= 2 && owners.size === 1,
  };
}
