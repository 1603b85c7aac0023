/**
 * What a progress bar shows for a run that reads, analyses and then writes in batches; shared by every
 * step of the pane so the phases weigh the same everywhere.
 */
import type { Lang, MessageKey } from "../i18n";
import { t } from "../i18n";
import type { RunProgress } from "./abcRun";
import { fmt } from "./text";

/** The step's own texts for the three phases ("…writing" takes {done} and {total}). */
export interface ProgressKeys {
  read: MessageKey;
  analyse: MessageKey;
  write: MessageKey;
}

/** Text and a 0–1 value: reading counts as 10 %, analysing 30 %, the write batches share the rest. */
export function progressView(progress: RunProgress | null | undefined, lang: Lang, keys: ProgressKeys): { text: string; value: number } {
  if (!progress) return { text: "", value: 0 };
  if (progress.phase === "read") return { text: t(lang, keys.read), value: 0.1 };
  if (progress.phase === "analyse") return { text: t(lang, keys.analyse), value: 0.3 };
  const total = Math.max(progress.total, 1);
  return { text: fmt(lang, keys.write, { done: progress.done, total }), value: 0.3 + (0.7 * progress.done) / total };
}
