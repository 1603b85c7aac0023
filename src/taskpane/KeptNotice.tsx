/**
 * What a refresh did with the values people typed in the add-in's sheets (issue 9 part 5), shown in the
 * results of every step that writes them: how many are in place, how many stay as overrides of a formula
 * or were moved, and a button that opens the Kept on refresh sheet where the latter are listed with their
 * old address. Nothing is shown for a first run (nothing was typed yet).
 */
import { Link } from "@fluentui/react-components";
import { Lang } from "../i18n";
import { openPlan } from "./plansRun";
import type { KeptReport } from "./workbookSheets";
import { fmt } from "./text";

export interface KeptNoticeProps {
  lang: Lang;
  kept: KeptReport;
  /** Called with an error when the sheet could not be opened. */
  onError?: (error: unknown) => void;
}

/** List items (`<li>`) for a result list; none when nothing typed was found. */
export function KeptNotice({ lang, kept, onError }: KeptNoticeProps) {
  if (kept.checked === 0) return null;
  const sheet = kept.sheet;
  const open = async () => {
    if (!sheet) return;
    try {
      await Excel.run((context) => openPlan(context, sheet));
    } catch (error) {
      onError?.(error);
    }
  };
  return (
    <>
      <li>{fmt(lang, "kept.summary", { inPlace: kept.inPlace, checked: kept.checked })}</li>
      {sheet && kept.overrides + kept.listed > 0 && (
        <li>
          {fmt(lang, "kept.moved", { overrides: kept.overrides, listed: kept.listed, sheet })}{" "}
          <Link as="button" inline onClick={() => void open()}>
            {fmt(lang, "kept.open", { sheet })}
          </Link>
        </li>
      )}
    </>
  );
}
