/**
 * Starts the task pane: waits for Office.js when it is present (inside Excel, or the browser test page
 * that installs a fake `Office`), and renders anyway when it is not, so the pane can be opened in a plain
 * browser. `index.tsx` calls it in production; test/e2e/page/index.tsx calls it after installing the fakes.
 */
import { createRoot } from "react-dom/client";
import { languageFromOffice } from "../i18n";
import { App } from "./App";
import { requirementsMet } from "./requirements";

/** Office's display language, or undefined outside Office (Office.context is null before onReady). */
function officeDisplayLanguage(): string | undefined {
  try {
    return typeof Office !== "undefined" ? (Office.context?.displayLanguage ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

/** Dark when Office's theme background is dark; outside Office, the browser's colour-scheme preference. */
function prefersDark(): boolean {
  try {
    const bg = typeof Office !== "undefined" ? Office.context?.officeTheme?.bodyBackgroundColor : undefined;
    if (bg && /^#?[0-9a-f]{6}$/i.test(bg)) {
      const hex = bg.replace("#", "");
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
    }
  } catch {
    // Office.context.officeTheme is missing on some hosts; fall through to the browser setting.
  }
  return typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-color-scheme: dark)").matches
    : false;
}

/** Dark when Office's theme background is dark (exported for tests). */
export { prefersDark };

function render(inOffice: boolean): void {
  const container = document.getElementById("root");
  if (!container) return;
  if (inOffice && !requirementsMet(container, languageFromOffice(officeDisplayLanguage()))) return;
  createRoot(container).render(
    <App initialLanguage={languageFromOffice(officeDisplayLanguage())} dark={prefersDark()} inOffice={inOffice} />,
  );
}

export function startTaskpane(): void {
  if (typeof Office !== "undefined" && typeof Office.onReady === "function") {
    Office.onReady().then(
      (info) => render(Boolean(info && info.host)),
      () => render(false),
    );
  } else {
    render(false);
  }
}
