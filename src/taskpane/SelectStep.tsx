/**
 * Step 4 of the pane, "Select key accounts": choose the candidates, see and edit the criteria and weights
 * of both axes (the sum of each axis checked live), then generate or refresh the Profitability, Scoring
 * and Portfolio sheets (and ABC, and the hidden settings) in one `Excel.run` (selectRun.ts holds the work).
 *
 * Decisions:
 * - The data, mapping, ABC method and thresholds are those of steps 1–3: the step is enabled when they are
 *   valid, so the ABC sheet it refreshes agrees with the ABC step.
 * - The criteria shown are the Scoring sheet's (read once when the pane opens, in its own small
 *   `Excel.run`, and again after each generation), else the defaults. Only the fields the user changes
 *   here are sent (`CriteriaEdits`), so a weight typed in the sheet meanwhile is not overwritten by a
 *   stale copy in the pane. Names and weights are editable; ratings are typed in the sheet.
 * - Sheet labels follow the pane language (the language switch at the top), as the ABC sheet's do.
 * - The step is its own form (forms cannot nest): Enter in any field generates when everything is valid.
 */
import type { CurrencyChoice } from "../sheets/kit/formats";
import { KeptNotice } from "./KeptNotice";
import {
  Body1,
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { FormEvent, useCallback, useEffect, useRef, useState } from "react";
import type { AbcMethod } from "../core/abc";
import type { NumberLocale } from "../core/numbers";
import { Lang, MessageKey, t } from "../i18n";
import { translateText } from "../plan/criteria";
import type { ColumnMapping, DataSource, RunProgress } from "./abcRun";
import {
  CriteriaEdits,
  PaneCandidates,
  PaneCriterion,
  RunSelectResult,
  candidateRule,
  defaultPaneCriteria,
  loadPlanCriteria,
  runSelect,
} from "./selectRun";
import { errorMessage, fmt, formatCount, parsePercent } from "./text";
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
  axis: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  legend: { padding: `0 ${tokens.spacingHorizontalXS}`, fontWeight: tokens.fontWeightSemibold },
  criterion: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-start" },
  name: { flex: "1 1 auto", minWidth: 0 },
  weight: { flex: "0 0 76px", width: "76px" },
  input: { minWidth: "0", width: "100%", "& input": { minWidth: "0", width: "100%" } },
  top: { maxWidth: "160px" },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
});

export interface SelectStepProps {
  lang: Lang;
  inOffice: boolean;
  /** Steps 1–3 are complete and valid. */
  ready: boolean;
  source: DataSource | null;
  /** Header names of the mapped columns, when mapped. */
  mapping: Pick<ColumnMapping, "customer" | "name" | "value" | "profit"> | null;
  abc: { method: AbcMethod; thresholds: readonly [number, number]; nonpositive: "D" | "C" } | null;
  locale: NumberLocale;
  /** Currency of the amounts (the pane's choice; "auto" from the value column's format). */
  currency?: CurrencyChoice;
  /** Another pane action is running. */
  busy: boolean;
}

type TextEdits = Record<string, { name?: string; weight?: string }>;

interface Failure {
  error: unknown;
  locale: NumberLocale;
}

export function SelectStep({ lang, inOffice, ready, source, mapping, abc, locale, currency, busy }: SelectStepProps) {
  const styles = useStyles();
  const s = useCallback((key: MessageKey) => t(lang, key), [lang]);
  const [candidates, setCandidates] = useState<"A" | "AB" | "top">("A");
  const [topN, setTopN] = useState("25");
  const [loaded, setLoaded] = useState<PaneCriterion[] | null>(null);
  const [edits, setEdits] = useState<TextEdits>({});
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [result, setResult] = useState<RunSelectResult | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const guard = useRef(false);

  // The Scoring sheet's criteria, once, when the pane opens.
  useEffect(() => {
    if (!inOffice || typeof Excel === "undefined") return;
    Excel.run((context) => loadPlanCriteria(context, lang))
      .then((c) => c && setLoaded(c))
      .catch(() => undefined); // the defaults stay; a real problem shows when generating
  }, []); // once

  // What is shown: the sheet's criteria (untouched library names in the pane language) or the defaults.
  const base: PaneCriterion[] = (loaded ?? defaultPaneCriteria(lang)).map((c) => ({
    ...c,
    name: String(translateText(c.id, "name", c.name, lang) ?? ""),
  }));
  const shown = base.map((c) => ({
    ...c,
    name: edits[c.id]?.name ?? c.name,
    weight: edits[c.id]?.weight ?? c.weight,
  }));
  const edit = (id: string, field: "name" | "weight", value: string) =>
    setEdits((e) => ({ ...e, [id]: { ...e[id], [field]: value } }));

  // Validation, live.
  const isFormula = (text: string) => text.trim().startsWith("=");
  const nameError = (c: PaneCriterion) => (c.name.trim() === "" ? s("select.name.error") : undefined);
  const weightError = (c: PaneCriterion) => {
    if (isFormula(c.weight) && edits[c.id]?.weight === undefined) return undefined;
    const w = parsePercent(c.weight);
    return w === null || w > 100 ? s("select.weight.error") : undefined;
  };
  const axes = (["attractiveness", "strength"] as const).map((axis) => {
    const list = shown.filter((c) => c.axis === axis);
    const formula = list.some((c) => isFormula(c.weight) && edits[c.id]?.weight === undefined);
    const sum = list.reduce((n, c) => n + (parsePercent(c.weight) ?? 0), 0);
    const sumOk = formula || Math.abs(sum - 100) < 1e-6;
    return { axis, list, formula, sum, sumOk };
  });
  const n = Number(topN.trim());
  const topError = candidates === "top" && !(/^\d+$/.test(topN.trim()) && n >= 1) ? s("select.top.error") : undefined;
  const criteriaOk = shown.every((c) => !nameError(c) && !weightError(c)) && axes.every((a) => a.sumOk);
  const valid = ready && !!source && !!mapping && !!abc && criteriaOk && !topError;

  const generate = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid || guard.current || busy || !source || !mapping || !abc) return;
    guard.current = true;
    setRunning(true);
    setResult(null);
    setFailure(null);
    setProgress({ phase: "read" });
    // Only what the user changed here, compared with what the sheet (or the defaults) hold.
    const changes: CriteriaEdits = {};
    for (const c of shown) {
      const b = base.find((x) => x.id === c.id)!;
      const e: CriteriaEdits[string] = {};
      if (c.name.trim() !== b.name.trim()) e.name = c.name.trim();
      if (c.weight.trim() !== b.weight.trim() && !isFormula(c.weight)) e.weight = parsePercent(c.weight)!;
      if (e.name !== undefined || e.weight !== undefined) changes[c.id] = e;
    }
    const rule: PaneCandidates = candidates === "top" ? { kind: "top", n } : { kind: candidates };
    try {
      const r = await Excel.run((context) =>
        runSelect(context, {
          source,
          mapping,
          abc,
          candidates: candidateRule(rule),
          language: lang,
          locale,
          currency,
          edits: changes,
          onProgress: setProgress,
        }),
      );
      setLoaded(r.criteria);
      setEdits({});
      setResult(r);
    } catch (error) {
      setFailure({ error, locale });
    } finally {
      guard.current = false;
      setRunning(false);
      setProgress(null);
    }
  };

  const sumText = (x: number) => formatCount(lang, Math.round(x * 100) / 100);

  return (
    <form onSubmit={generate} className={styles.section} noValidate aria-labelledby="kam-step-select">
      <Subtitle2 as="h2" id="kam-step-select" className={styles.flat}>
        {s("select.heading")}
      </Subtitle2>
      <Body1 as="p" className={styles.flat}>
        {s("select.intro")}
      </Body1>
      <Field label={s("select.candidates.label")}>
        <RadioGroup value={candidates} onChange={(_, d) => setCandidates(d.value as "A" | "AB" | "top")}>
          <Radio value="A" label={s("select.candidates.A")} />
          <Radio value="AB" label={s("select.candidates.AB")} />
          <Radio value="top" label={s("select.candidates.top")} />
        </RadioGroup>
      </Field>
      {candidates === "top" && (
        <Field
          className={styles.top}
          label={s("select.top.label")}
          validationMessage={topError}
          validationState={topError ? "error" : "none"}
        >
          <Input className={styles.input} value={topN} inputMode="numeric" onChange={(_, d) => setTopN(d.value)} />
        </Field>
      )}

      <Caption1 as="p" className={styles.flat}>
        {s(loaded ? "select.criteria.fromSheet" : "select.criteria.defaults")} {s("select.criteria.hint")}
      </Caption1>
      {axes.map(({ axis, list, formula, sum, sumOk }) => (
        <fieldset key={axis} className={styles.axis}>
          <legend className={styles.legend}>
            {s(axis === "attractiveness" ? "select.axis.attractiveness" : "select.axis.strength")}
          </legend>
          {list.map((c) => {
            const ne = nameError(c);
            const we = weightError(c);
            return (
              <div key={c.id} className={styles.criterion} data-criterion={c.id}>
                <Field className={styles.name} validationMessage={ne} validationState={ne ? "error" : "none"}>
                  <Input
                    className={styles.input}
                    aria-label={fmt(lang, "select.criterion.name", { id: c.id })}
                    title={c.name}
                    value={c.name}
                    onChange={(_, d) => edit(c.id, "name", d.value)}
                  />
                </Field>
                <Field className={styles.weight} validationMessage={we} validationState={we ? "error" : "none"}>
                  <Input
                    className={styles.input}
                    aria-label={fmt(lang, "select.criterion.weight", { id: c.id })}
                    value={c.weight}
                    inputMode="decimal"
                    readOnly={isFormula(c.weight) && edits[c.id]?.weight === undefined}
                    onChange={(_, d) => edit(c.id, "weight", d.value)}
                  />
                </Field>
              </div>
            );
          })}
          <Text
            as="p"
            size={200}
            className={`${styles.flat} ${sumOk ? styles.ok : styles.bad}`}
            aria-live="polite"
            data-sum={axis}
          >
            {formula
              ? s("select.sum.formula")
              : fmt(lang, sumOk ? "select.sum" : "select.sum.bad", { sum: sumText(sum) })}
          </Text>
        </fieldset>
      ))}
      <Caption1 as="p" className={styles.flat}>
        {fmt(lang, "select.language", { language: s(lang === "nb" ? "app.language.nb" : "app.language.en") })}
      </Caption1>

      <Button appearance="primary" type="submit" disabled={!valid || running || busy}>
        {s("select.button")}
      </Button>
      {!valid && !running && inOffice && (
        <Caption1 as="p" className={styles.flat}>
          {s("select.invalid")}
        </Caption1>
      )}
      {running && (
        <RunProgressField label={s("select.progress")} progress={progress} lang={lang} keys={{ read: "select.reading", analyse: "select.analysing", write: "select.writing" }} />
      )}
      <div aria-live="polite" className={styles.section}>
        {failure && (
          <ErrorBar title={s("select.error.title")}>{errorMessage(failure.error, lang, failure.locale)}</ErrorBar>
        )}
        {result && <SelectResult lang={lang} result={result} />}
      </div>
    </form>
  );
}

function SelectResult({ lang, result: r }: { lang: Lang; result: RunSelectResult }) {
  const styles = useStyles();
  const s = (key: MessageKey) => t(lang, key);
  const list = r.sheets
    .filter((x) => x.action !== "skipped")
    .map((x) =>
      fmt(
        lang,
        x.action === "renamed" ? "select.result.renamed" : x.action === "updated" ? "select.result.updated" : "select.result.created",
        { sheet: x.name, wanted: x.wanted },
      ),
    )
    .join(", ");
  return (
    <MessageBar intent="success" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{s("select.result.heading")}</MessageBarTitle>
        <ul className={styles.list}>
          <li>{fmt(lang, "select.result.sheets", { list })}</li>
          <li>
            {fmt(lang, "select.result.counts", {
              candidates: formatCount(lang, r.candidates),
              customers: formatCount(lang, r.customers),
            })}
            {r.refreshed && ` ${fmt(lang, "select.result.new", { fresh: formatCount(lang, r.newCandidates) })}`}
          </li>
          {r.refreshed && (
            <li>
              {fmt(lang, "select.result.kept", {
                ratings: formatCount(lang, r.ratingsKept),
                choices: formatCount(lang, r.choicesKept),
              })}
            </li>
          )}
          <KeptNotice lang={lang} kept={r.kept} />
          <li>{s("select.result.hint")}</li>
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
