/**
 * Step 5 of the pane, "Plans": the key accounts chosen on the Portfolio (read from the workbook, with a
 * count), "Create or refresh plans" (one `Excel.run`, plansRun.ts), "Open plan" per account, and the review
 * view: overdue actions, goals without actions and contacts not reached in 90 days across all plan sheets,
 * each a button that selects its cell in Excel.
 *
 * Decisions:
 * - The workbook is read once when the pane opens, after each run, and on "Read the workbook again" (the
 *   key accounts are chosen in Excel, so the pane cannot know when they change).
 * - The data, mapping and ABC options are those of steps 1–3 (as in step 4); the candidate rule is the one
 *   step 4 recorded in the workbook.
 * - Every item is a native button (Fluent Link as="button"): Tab reaches it, Enter and Space activate it.
 */
import type { CurrencyChoice } from "../sheets/kit/formats";
import { KeptNotice } from "./KeptNotice";
import {
  Body1,
  Button,
  Caption1,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle2,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AbcMethod } from "../core/abc";
import { isKamError } from "../core/errors";
import type { NumberLocale } from "../core/numbers";
import { Lang, MessageKey, t } from "../i18n";
import { DEFAULT_CANDIDATES } from "../plan/planWorkbook";
import { parseOfferings, resolveOfferings } from "../sheets/whitespace/build";
import type { ColumnMapping, DataSource, RunProgress } from "./abcRun";
import { PlanState, RunPlansResult, loadPlanState, openPlan, runPlans, selectCell } from "./plansRun";
import { ReviewItem, ReviewKind } from "./reviewItems";
import { errorMessage, fmt, formatCount } from "./text";
import { ErrorBar, RunProgressField } from "./RunStatus";

const useStyles = makeStyles({
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    margin: 0,
    padding: 0,
    border: "none",
    minWidth: 0,
  },
  flat: { margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  accounts: { margin: 0, padding: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  account: {
    display: "flex",
    alignItems: "center",
    justifyContent: "space-between",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  name: { display: "flex", flexDirection: "column", minWidth: 0, overflowWrap: "anywhere" },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  group: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  items: { margin: 0, padding: 0, listStyleType: "none", display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  item: { textAlign: "start", overflowWrap: "anywhere" },
});

export interface PlansStepProps {
  lang: Lang;
  inOffice: boolean;
  /** Steps 1–3 are complete and valid. */
  ready: boolean;
  source: DataSource | null;
  mapping: Pick<ColumnMapping, "customer" | "name" | "value" | "profit"> | null;
  abc: { method: AbcMethod; thresholds: readonly [number, number]; nonpositive: "D" | "C" } | null;
  locale: NumberLocale;
  /** Currency of the amounts (the pane's choice; "auto" from the value column's format). */
  currency?: CurrencyChoice;
  /** Another pane action is running. */
  busy: boolean;
}

interface Failure {
  error: unknown;
  locale: NumberLocale;
  title: MessageKey;
}

const KINDS: readonly { kind: ReviewKind; heading: MessageKey }[] = [
  { kind: "review", heading: "review.due" },
  { kind: "incomplete", heading: "review.incomplete" },
  { kind: "overdue", heading: "review.overdue" },
  { kind: "goal", heading: "review.goal" },
  { kind: "contact", heading: "review.contact" },
  // Issue 14: oppneg
  { kind: "nextStep", heading: "review.nextStep" },
];

export function PlansStep({ lang, inOffice, ready, source, mapping, abc, locale, currency, busy }: PlansStepProps) {
  const styles = useStyles();
  const s = useCallback((key: MessageKey) => t(lang, key), [lang]);
  const [state, setState] = useState<PlanState | null>(null);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [result, setResult] = useState<RunPlansResult | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const guard = useRef(false);
  // The offerings as edited here; null: as the workbook holds them (follows each read of the workbook).
  const [offeringsText, setOfferingsText] = useState<string | null>(null);

  const reload = useCallback(async () => {
    if (!inOffice || typeof Excel === "undefined" || guard.current) return;
    guard.current = true;
    try {
      setState(await Excel.run((context) => loadPlanState(context)));
      setFailure(null);
    } catch (error) {
      setFailure({ error, locale, title: "plans.error.title" });
    } finally {
      guard.current = false;
    }
  }, [inOffice, locale]);

  // The workbook's key accounts and plans, once, when the pane opens.
  useEffect(() => {
    void reload();
  }, []); // once

  const keyAccounts = state?.keyAccounts ?? [];
  const plans = state?.plans ?? [];
  const planOf = new Map(plans.map((p) => [p.customer, p]));
  const inactive = plans.filter((p) => !p.active);
  const shownOfferings = offeringsText ?? resolveOfferings(state?.offerings, lang).join("\n");
  let offerings: string[] | undefined;
  let offeringsError: string | undefined;
  try {
    offerings = parseOfferings(shownOfferings);
  } catch (error) {
    offeringsError = errorMessage(error, lang, locale);
  }
  const valid =
    ready && !!source && !!mapping && !!abc && !!state && state.hasPortfolio && (keyAccounts.length > 0 || plans.length > 0) && !offeringsError;

  const generate = async () => {
    if (!valid || guard.current || busy || !source || !mapping || !abc) return;
    guard.current = true;
    setRunning(true);
    setResult(null);
    setFailure(null);
    setProgress({ phase: "read" });
    try {
      const r = await Excel.run((context) =>
        runPlans(context, {
          source,
          mapping,
          abc,
          candidates: DEFAULT_CANDIDATES,
          language: lang,
          locale,
          currency,
          offerings: offeringsText === null ? undefined : offerings,
          onProgress: setProgress,
        }),
      );
      setResult(r);
      setState(r.state);
      setOfferingsText(null);
    } catch (error) {
      setFailure({ error, locale, title: "plans.error.title" });
    } finally {
      guard.current = false;
      setRunning(false);
      setProgress(null);
    }
  };

  const go = async (sheet: string, address?: string) => {
    try {
      await Excel.run((context) => (address ? selectCell(context, sheet, address) : openPlan(context, sheet)));
    } catch (error) {
      setFailure({ error, locale, title: "plans.error.open" });
    }
  };

  const failureText = (f: Failure): string => {
    if (isKamError(f.error) && f.error.place.column === "plans.noPortfolio") return s("plans.noPortfolio");
    if (isKamError(f.error) && f.error.place.column === "plans.noKeyAccounts") return s("plans.none");
    return errorMessage(f.error, lang, f.locale);
  };


  // "May 13, 2026" / "13. mai 2026", never split over lines.
  const date = (serial: number): string =>
    new Intl.DateTimeFormat(lang === "nb" ? "nb-NO" : "en-US", { dateStyle: "medium", timeZone: "UTC" })
      .format(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000))
      .replace(/ /g, "\u00a0");
  const itemText = (x: ReviewItem): string => {
    if (x.kind === "review") {
      return x.date === undefined
        ? fmt(lang, "review.item.dueNever", { customer: x.customer })
        : fmt(lang, "review.item.due", { customer: x.customer, date: date(x.date), days: String(x.days ?? "") });
    }
    if (x.kind === "incomplete") {
      const percent = new Intl.NumberFormat(lang === "nb" ? "nb-NO" : "en-US", { style: "percent" }).format(x.completeness ?? 0);
      const parts = (x.missing ?? []).map((p) => s(`review.part.${p}`)).join(", ");
      return fmt(lang, "review.item.incomplete", { customer: x.customer, percent, parts });
    }
    if (x.kind === "overdue") return fmt(lang, "review.item.overdue", { customer: x.customer, text: x.text, date: date(x.date!) });
    // Issue 14: oppneg
    if (x.kind === "nextStep") {
      return fmt(lang, "review.item.nextStep", { customer: x.customer, text: x.text, step: x.step ?? "", date: date(x.date!) });
    }
    if (x.kind === "goal") return fmt(lang, "review.item.goal", { customer: x.customer, text: x.text, id: x.id ?? "" });
    return x.date === undefined
      ? fmt(lang, "review.item.contactNever", { customer: x.customer, text: x.text })
      : fmt(lang, "review.item.contact", { customer: x.customer, text: x.text, date: date(x.date) });
  };

  return (
    <section aria-labelledby="kam-step-plans" className={styles.section} data-step="plans">
      <Subtitle2 as="h2" id="kam-step-plans" className={styles.flat}>
        {s("plans.heading")}
      </Subtitle2>
      <Body1 as="p" className={styles.flat}>
        {s("plans.intro")}
      </Body1>
      <Caption1 as="p" className={styles.flat}>
        {s("plans.formNote")}
      </Caption1>

      {!state ? (
        <Caption1 as="p" className={styles.flat}>
          {s("plans.notRead")}
        </Caption1>
      ) : !state.hasPortfolio ? (
        <Caption1 as="p" className={styles.flat}>
          {s("plans.noPortfolio")}
        </Caption1>
      ) : (
        <div className={styles.group}>
          <Text as="h3" weight="semibold" className={styles.flat} id="kam-plans-accounts">
            {fmt(lang, "plans.keyAccounts", { count: formatCount(lang, keyAccounts.length) })}
          </Text>
          {keyAccounts.length === 0 ? (
            <Caption1 as="p" className={styles.flat}>
              {s("plans.none")}
            </Caption1>
          ) : (
            <ul className={styles.accounts} aria-labelledby="kam-plans-accounts">
              {keyAccounts.map((c) => {
                const plan = planOf.get(c);
                return (
                  <li key={c} className={styles.account}>
                    <span className={styles.name}>
                      <Text weight="semibold">{c}</Text>
                      <Caption1>{plan ? fmt(lang, "plans.hasPlan", { sheet: plan.sheet }) : s("plans.noPlan")}</Caption1>
                    </span>
                    {plan && (
                      <Button size="small" aria-label={fmt(lang, "plans.openFor", { customer: c })} onClick={() => void go(plan.sheet)}>
                        {s("plans.open")}
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
          {inactive.length > 0 && (
            <Caption1 as="p" className={styles.flat}>
              {fmt(lang, "plans.inactive", { list: inactive.map((p) => p.sheet).join(", ") })}
            </Caption1>
          )}
        </div>
      )}

      {state?.hasPortfolio && (
        <Field
          label={s("plans.offerings.label")}
          hint={s("plans.offerings.hint")}
          validationState={offeringsError ? "error" : "none"}
          validationMessage={offeringsError}
        >
          <Textarea value={shownOfferings} rows={5} resize="vertical" onChange={(_, d) => setOfferingsText(d.value)} />
        </Field>
      )}

      <div className={styles.row}>
        <Button appearance="primary" disabled={!valid || running || busy} onClick={() => void generate()}>
          {s("plans.button")}
        </Button>
        <Button disabled={running || busy || !inOffice} onClick={() => void reload()}>
          {s("plans.reload")}
        </Button>
      </div>
      {!ready && inOffice && (
        <Caption1 as="p" className={styles.flat}>
          {s("plans.invalid")}
        </Caption1>
      )}
      {running && (
        <RunProgressField label={s("plans.progress")} progress={progress} lang={lang} keys={{ read: "plans.reading", analyse: "plans.analysing", write: "plans.writing" }} />
      )}
      <div aria-live="polite" className={styles.section}>
        {failure && (
          <ErrorBar title={s(failure.title)}>{failureText(failure)}</ErrorBar>
        )}
        {result && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{s("plans.result.heading")}</MessageBarTitle>
              <ul className={styles.list}>
                <li>
                  {fmt(lang, "plans.result.counts", {
                    active: formatCount(lang, result.plans.active),
                    created: formatCount(lang, result.plans.created),
                    inactive: formatCount(lang, result.plans.inactive),
                  })}
                </li>
                {result.plans.created < result.plans.active + result.plans.inactive && (
                  <li>{fmt(lang, "plans.result.kept", { kept: formatCount(lang, result.keptCells) })}</li>
                )}
                {result.history && (
                  <li>
                    {fmt(lang, "plans.result.history", {
                      period: result.history.period,
                      rows: formatCount(lang, result.history.rows),
                      sheet: result.history.sheet,
                    })}
                  </li>
                )}
                <KeptNotice lang={lang} kept={result.kept} onError={(error) => setFailure({ error, locale, title: "plans.error.open" })} />
              </ul>
            </MessageBarBody>
          </MessageBar>
        )}
      </div>

      <section aria-labelledby="kam-review" className={styles.section} data-step="review">
        <Text as="h3" weight="semibold" size={400} id="kam-review" className={styles.flat}>
          {s("review.heading")}
        </Text>
        <Caption1 as="p" className={styles.flat}>
          {s("review.intro")}
        </Caption1>
        {plans.length === 0 ? (
          <Caption1 as="p" className={styles.flat}>
            {s("review.noPlans")}
          </Caption1>
        ) : (
          KINDS.map(({ kind, heading }) => {
            const items = state!.review.filter((x) => x.kind === kind);
            const id = `kam-review-${kind}`;
            return (
              <div key={kind} className={styles.group}>
                <Text as="h4" weight="semibold" className={styles.flat} id={id}>
                  {fmt(lang, heading, { count: formatCount(lang, items.length) })}
                </Text>
                {items.length === 0 ? (
                  <Caption1 as="p" className={styles.flat}>
                    {s("review.none")}
                  </Caption1>
                ) : (
                  <ul className={styles.items} aria-labelledby={id}>
                    {items.map((x) => (
                      <li key={`${x.sheet}!${x.address}`}>
                        <Link
                          as="button"
                          className={styles.item}
                          data-cell={`${x.sheet}!${x.address}`}
                          onClick={() => void go(x.sheet, x.address)}
                        >
                          {itemText(x)}
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })
        )}
        {plans.length > 0 && (
          <div className={styles.row}>
            <Button size="small" disabled={running || busy} onClick={() => void reload()}>
              {s("review.refresh")}
            </Button>
          </div>
        )}
      </section>
    </section>
  );
}
