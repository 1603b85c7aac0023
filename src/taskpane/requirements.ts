/**
 * The Office requirement sets the task pane needs, checked once at start-up.
 *
 * The manifest is the primary guard: its base <Requirements> declares the same sets, so Office does not
 * offer or start the add-in on a build that lacks them (Microsoft 365 admin center deployment, the
 * Add-ins dialog and sideloading all honour it). This check is the second guard, for hosts that start the
 * pane anyway (a manifest cached from an older version of the add-in, a preview build that under-reports):
 * instead of failing on the first API call, the pane says which set the user's Excel lacks and how to get
 * it. test/unit/requirement-sets.test.ts derives the sets from the code (the `[Api set: …]` annotations of
 * every Office API member used) and checks that the manifest and this list agree.
 */
import { Lang } from "../i18n";

export interface RequiredSet {
  name: string;
  version: string;
}

/**
 * ExcelApi 1.12 for `Worksheet.customProperties` (how generated sheets are recognised); the shared runtime
 * because the pane and the custom functions run in one. CustomFunctionsRuntime is the functions' own
 * requirement and does not concern the pane.
 */
export const REQUIRED_SETS: readonly RequiredSet[] = [
  { name: "ExcelApi", version: "1.12" },
  { name: "SharedRuntime", version: "1.1" },
];

const MESSAGE: Record<Lang, (missing: string) => string> = {
  en: (missing) =>
    `This version of Excel does not support ${missing}, which KAM for Excel needs. ` +
    "Update Excel (File > Account > Update Options > Update Now), or use Excel on the web. " +
    "Your IT department can tell you which version your organisation uses.",
  nb: (missing) =>
    `Denne versjonen av Excel støtter ikke ${missing}, som KAM for Excel trenger. ` +
    "Oppdater Excel (Fil > Konto > Oppdateringsalternativer > Oppdater nå), eller bruk Excel på nettet. " +
    "IT-avdelingen kan si hvilken versjon organisasjonen bruker.",
};

/**
 * The required sets `isSetSupported` says are missing. When the host has no requirements API at all (a
 * browser preview, the test page's fake Office), nothing can be known and nothing is reported missing.
 */
export function missingSets(isSetSupported: ((name: string, version: string) => boolean) | undefined): RequiredSet[] {
  if (typeof isSetSupported !== "function") return [];
  return REQUIRED_SETS.filter((s) => !isSetSupported(s.name, s.version));
}

/** The message for missing sets, in `lang`: "… does not support ExcelApi 1.12, which …". */
export function missingSetsMessage(missing: readonly RequiredSet[], lang: Lang): string {
  return MESSAGE[lang](missing.map((s) => `${s.name} ${s.version}`).join(", "));
}

/**
 * True when the host supports every required set. Otherwise writes the message into `container` (as plain
 * text, with role="alert") and returns false, so the caller does not start the pane.
 */
export function requirementsMet(container: HTMLElement | null, lang: Lang): boolean {
  let check: ((name: string, version: string) => boolean) | undefined;
  try {
    const requirements = typeof Office !== "undefined" ? Office.context?.requirements : undefined;
    check = requirements ? (name, version) => requirements.isSetSupported(name, version) : undefined;
  } catch {
    check = undefined;
  }
  const missing = missingSets(check);
  if (missing.length === 0) return true;
  if (container) {
    const p = container.ownerDocument.createElement("p");
    p.setAttribute("role", "alert");
    p.style.cssText = "margin:16px;font:14px 'Segoe UI',sans-serif";
    p.textContent = missingSetsMessage(missing, lang);
    container.replaceChildren(p);
  }
  return false;
}
