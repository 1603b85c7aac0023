/**
 * The task pane: ABC analysis in four steps — choose the data, map the columns, choose the method and
 * thresholds, run — then the results (counts and value share per class, rows skipped and why, where the
 * sheet was written); then "Select key accounts" (SelectStep.tsx, work in selectRun.ts), which uses the
 * same data, mapping and thresholds; then "Plans" (PlansStep.tsx, work in plansRun.ts): key account plans
 * and the review list. The work itself is in abcRun.ts (no React); this file holds state
 * and layout.
 *
 * Decisions:
 * - One `Excel.run` per user action: opening the pane (tables + preview), reading the data again,
 *   choosing a table, running.
 * - "The list around the selected cell" is remembered as an anchor cell when it is previewed: after a
 *   run Excel shows the ABC sheet, and a second run must read the same data, not the ABC table.
 * - Everything is a form: Enter in a text field or on a radio/switch runs the analysis when the form is
 *   valid (the submit button is disabled otherwise, which also blocks implicit submission).
 * - Errors and results are kept as data and worded at render time, so the language switch re-words them.
 */
import { KeptNotice } from "./KeptNotice";
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Caption1,
  Dropdown,
  Field,
  FluentProvider,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  ProgressBar,
  Radio,
  RadioGroup,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { DEFAULT_COUNT_THRESHOLDS, DEFAULT_VALUE_THRESHOLDS } from "../core/abc";
import { MAPPING_FIELDS, MappingField, suggestMapping } from "../core/headers";
import type { NumberLocale } from "../core/numbers";
import { COMMON_CURRENCIES, CurrencyChoice } from "../sheets/kit/formats";
import { Lang, MessageKey, t } from "../i18n";
import type { TableInfo } from "../read/office";
import {
  DataSource,
  PaneMethod,
  Preview,
  RunAbcResult,
  RunProgress,
  anchorOf,
  loadTables,
  previewSource,
  runAbc,
} from "./abcRun";
import { PlansStep } from "./PlansStep";
import { SelectStep } from "./SelectStep";
import { errorMessage, fmt, formatCount, formatPercent, parsePercent, rowList } from "./text";
import { ErrorBar, RunProgressField } from "./RunStatus";

const useStyles = makeStyles({
  provider: { minHeight: "100vh" },
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    maxWidth: "640px",
    boxSizing: "border-box",
  },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  flat: { margin: 0 },
  section: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    margin: 0,
    padding: 0,
    border: "none",
    minWidth: 0,
  },
  row: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "flex-start", flexWrap: "wrap" },
  half: { flex: "1 1 120px", minWidth: "120px" },
  scroll: {
    overflowX: "auto",
    maxWidth: "100%",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  cell: { whiteSpace: "nowrap", maxWidth: "180px", overflow: "hidden", textOverflow: "ellipsis" },
  number: { textAlign: "right", "& .fui-TableHeaderCell__button": { justifyContent: "flex-end", textAlign: "right" } },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
  },
  fnItem: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  dropdown: { minWidth: "0", width: "100%" },
  // Fluent's Input sizes itself from <input size=20>; in a 320 px pane two side by side must shrink.
  input: { minWidth: "0", width: "100%", "& input": { minWidth: "0", width: "100%" } },
});

export interface AppProps {
  initialLanguage: Lang;
  dark?: boolean;
  /** False when opened outside Excel (no Office host): a note says so and nothing is read. */
  inOffice?: boolean;
}

type Mapping = Partial<Record<MappingField, number>>;

const FIELD_LABEL: Record<MappingField, MessageKey> = {
  customer: "map.customer",
  name: "map.name",
  value: "map.value",
  profit: "map.profit",
  segment: "map.segment",
  owner: "map.owner",
};
const REQUIRED: readonly MappingField[] = ["customer", "value"];

const defaults = (m: PaneMethod): [string, string] => {
  const d = m === "count" ? DEFAULT_COUNT_THRESHOLDS : DEFAULT_VALUE_THRESHOLDS;
  return [String(Math.round(d[0] * 100)), String(Math.round(d[1] * 100))];
};

/** The pane's error and result, kept as data so a language switch re-words them. */
interface Failure {
  error: unknown;
  locale: NumberLocale;
}

export function App({ initialLanguage, dark = false, inOffice = true }: AppProps) {
  const styles = useStyles();
  const [lang, setLang] = useState<Lang>(initialLanguage);
  const s = useCallback((key: MessageKey) => t(lang, key), [lang]);

  // Step 1: the data.
  const [kind, setKind] = useState<"selection" | "table">("selection");
  const [tables, setTables] = useState<TableInfo[]>([]);
  const [tableName, setTableName] = useState<string | undefined>();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [source, setSource] = useState<DataSource | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  // Step 2: the mapping (column indexes into preview.headers).
  const [mapping, setMapping] = useState<Mapping>({});
  // Step 3: method and thresholds.
  const [method, setMethod] = useState<PaneMethod>("value");
  const [limitA, setLimitA] = useState(defaults("value")[0]);
  const [limitB, setLimitB] = useState(defaults("value")[1]);
  const [nonpositiveC, setNonpositiveC] = useState(false);
  const [locale, setLocale] = useState<NumberLocale>(initialLanguage === "nb" ? "nb-NO" : "en-US");
  // "auto": the value column's number format decides (e.g. [$kr-414] → NOK), else what the workbook stored.
  const [currency, setCurrency] = useState<CurrencyChoice>("auto");
  // Step 4: the run.
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [result, setResult] = useState<RunAbcResult | null>(null);
  const [mappedProfit, setMappedProfit] = useState(false);
  const [runFailure, setRunFailure] = useState<Failure | null>(null);
  const busy = useRef(false);

  /** Reads a source's preview and pre-fills the mapping from its headers. */
  const applyPreview = useCallback((p: Preview, from: DataSource) => {
    setPreview(p);
    setSource(p.address ? (from.kind === "table" ? from : anchorOf(p.address)) : null);
    const suggested = suggestMapping(p.headers);
    setMapping(suggested);
  }, []);

  const read = useCallback(
    async (what: DataSource, withTables: boolean) => {
      if (!inOffice || typeof Excel === "undefined") return;
      setLoading(true);
      setLoadFailure(null);
      try {
        const out = await Excel.run(async (context) => {
          const list = withTables ? await loadTables(context) : undefined;
          const p = await previewSource(context, what);
          return { list, p };
        });
        if (out.list) setTables(out.list);
        applyPreview(out.p, what);
      } catch (error) {
        setPreview(null);
        setSource(null);
        setLoadFailure({ error, locale });
      } finally {
        setLoading(false);
      }
    },
    [inOffice, applyPreview, locale],
  );

  // Screen readers read the page in the pane's language.
  useEffect(() => {
    if (typeof document !== "undefined") document.documentElement.lang = lang === "nb" ? "nb-NO" : "en";
  }, [lang]);

  // Opening the pane: the tables, and the list around the selected cell.
  useEffect(() => {
    void read({ kind: "selection" }, true);
  }, []); // once, when the pane opens

  const chooseKind = (k: "selection" | "table") => {
    setKind(k);
    setResult(null);
    setRunFailure(null);
    if (k === "selection") void read({ kind: "selection" }, false);
    else if (tableName) void read({ kind: "table", name: tableName }, false);
    else {
      setPreview(null);
      setSource(null);
      if (tables.length === 1) chooseTable(tables[0].name);
    }
  };
  const chooseTable = (name: string) => {
    setTableName(name);
    void read({ kind: "table", name }, false);
  };
  const reread = () => {
    setResult(null);
    setRunFailure(null);
    void read(kind === "table" && tableName ? { kind: "table", name: tableName } : { kind: "selection" }, true);
  };

  const chooseMethod = (m: PaneMethod) => {
    setMethod(m);
    const [a, b] = defaults(m);
    setLimitA(a);
    setLimitB(b);
  };

  // Validation, live.
  const headers = preview?.headers ?? [];
  const mappingError = (f: MappingField): string | undefined => {
    const col = mapping[f];
    if (col === undefined) return REQUIRED.includes(f) && preview?.address ? s("map.required") : undefined;
    const clash = MAPPING_FIELDS.some(
      (g) => g !== f && mapping[g] === col && MAPPING_FIELDS.indexOf(g) < MAPPING_FIELDS.indexOf(f),
    );
    return clash ? s("map.same") : undefined;
  };
  const a = parsePercent(limitA);
  const b = parsePercent(limitB);
  const errA = a === null ? s("threshold.error.number") : a <= 0 || a > 100 ? s("threshold.error.range") : undefined;
  const errB =
    b === null
      ? s("threshold.error.number")
      : b <= 0 || b > 100
        ? s("threshold.error.range")
        : a !== null && !errA && b <= a
          ? s("threshold.error.order")
          : undefined;
  const mappingOk =
    !!preview?.address &&
    MAPPING_FIELDS.every((f) => !mappingError(f)) &&
    REQUIRED.every((f) => mapping[f] !== undefined);
  const valid = !!source && mappingOk && !errA && !errB;
  const columnName = (f: MappingField): string | undefined =>
    mapping[f] === undefined ? undefined : headers[mapping[f]!];

  const run = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!valid || busy.current || !source || a === null || b === null) return;
    busy.current = true;
    setRunning(true);
    setResult(null);
    setRunFailure(null);
    setProgress({ phase: "read" });
    const name = (f: MappingField): string | undefined => (mapping[f] === undefined ? undefined : headers[mapping[f]!]);
    try {
      const r = await Excel.run((context) =>
        runAbc(context, {
          source,
          mapping: {
            customer: name("customer")!,
            value: name("value")!,
            profit: name("profit"),
            segment: name("segment"),
            owner: name("owner"),
          },
          method,
          thresholds: [a, b],
          nonpositive: nonpositiveC ? "C" : "D",
          language: lang,
          locale,
          currency,
          onProgress: setProgress,
        }),
      );
      setMappedProfit(mapping.profit !== undefined);
      setResult(r);
    } catch (error) {
      setRunFailure({ error, locale });
    } finally {
      busy.current = false;
      setRunning(false);
      setProgress(null);
    }
  };


  // The preview shows the mapped columns (or the first three when nothing is mapped yet).
  const previewCols = useMemo(() => {
    const mapped = MAPPING_FIELDS.map((f) => mapping[f]).filter((c): c is number => c !== undefined);
    const unique = [...new Set(mapped)];
    return unique.length ? unique : headers.slice(0, 3).map((_, i) => i);
  }, [mapping, headers]);

  const theme = dark ? webDarkTheme : webLightTheme;
  const thresholdHint = fmt(lang, method === "count" ? "threshold.hint.count" : "threshold.hint.value", {
    a: limitA.trim() || "…",
    b: limitB.trim() || "…",
  });

  return (
    <FluentProvider theme={theme} lang={lang === "nb" ? "nb-NO" : "en"} className={styles.provider}>
      <main className={styles.root}>
        <header className={styles.header}>
          <Title2 as="h1" className={styles.flat}>
            {s("app.title")}
          </Title2>
          <Body1 as="p" className={styles.flat}>
            {s("pane.subtitle")}
          </Body1>
          <RadioGroup
            layout="horizontal"
            aria-label={s("app.language.label")}
            value={lang}
            onChange={(_, data) => setLang(data.value === "nb" ? "nb" : "en")}
          >
            <Radio value="en" label={s("app.language.en")} lang="en" />
            <Radio value="nb" label={s("app.language.nb")} lang="nb-NO" />
          </RadioGroup>
          {!inOffice && <Caption1 as="p">{s("app.host.none")}</Caption1>}
        </header>

        <form onSubmit={run} className={styles.section} noValidate>
          {/* Step 1 */}
          <section aria-labelledby="kam-step-data" className={styles.section}>
            <Subtitle2 as="h2" id="kam-step-data" className={styles.flat}>
              {s("step.data")}
            </Subtitle2>
            <Field label={s("data.kind.label")}>
              <RadioGroup value={kind} onChange={(_, d) => chooseKind(d.value === "table" ? "table" : "selection")}>
                <Radio value="selection" label={s("data.kind.selection")} />
                <Radio value="table" label={s("data.kind.table")} disabled={tables.length === 0} />
              </RadioGroup>
            </Field>
            {tables.length === 0 && (
              <Caption1 as="p" className={styles.flat}>
                {s("data.table.none")}
              </Caption1>
            )}
            {kind === "table" && tables.length > 0 && (
              <Field label={s("data.table.label")} required>
                <Dropdown
                  className={styles.dropdown}
                  placeholder={s("data.table.placeholder")}
                  value={
                    tableName
                      ? tableLabel(
                          lang,
                          tables.find((x) => x.name === tableName),
                        )
                      : ""
                  }
                  selectedOptions={tableName ? [tableName] : []}
                  onOptionSelect={(_, d) => d.optionValue && chooseTable(d.optionValue)}
                >
                  {tables.map((x) => (
                    <Option key={x.name} value={x.name} text={tableLabel(lang, x)}>
                      {tableLabel(lang, x)}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
            )}
            <div className={styles.row}>
              <Button type="button" onClick={reread} disabled={loading || running || !inOffice}>
                {kind === "table" ? s("data.reload.table") : s("data.reload")}
              </Button>
            </div>
            {loading && <ProgressBar aria-label={s("data.loading")} />}
            {loadFailure && (
              <MessageBar intent="error">
                <MessageBarBody>{errorMessage(loadFailure.error, lang, loadFailure.locale)}</MessageBarBody>
              </MessageBar>
            )}
            {!loading && preview && !preview.address && kind === "selection" && (
              <MessageBar intent="info">
                <MessageBarBody>{s("data.empty")}</MessageBarBody>
              </MessageBar>
            )}
            {preview?.address && (
              <>
                <Caption1 as="p" className={styles.flat}>
                  {fmt(lang, "data.summary", {
                    address: preview.address,
                    rows: preview.rowCount,
                    cols: preview.headers.length,
                  })}
                  {!preview.hasHeaders && ` ${s("data.noHeaders")}`}
                </Caption1>
                <div className={styles.scroll} role="region" aria-label={s("data.preview.label")} tabIndex={0}>
                  <Table size="extra-small" aria-label={s("data.preview.label")}>
                    <TableHeader>
                      <TableRow>
                        {previewCols.map((c) => (
                          <TableHeaderCell key={c} className={styles.cell}>
                            {preview.headers[c]}
                          </TableHeaderCell>
                        ))}
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {preview.rows.map((line, i) => (
                        <TableRow key={i}>
                          {previewCols.map((c) => (
                            <TableCell key={c} className={styles.cell}>
                              {line[c]}
                            </TableCell>
                          ))}
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </div>
              </>
            )}
          </section>

          {/* Step 2 */}
          <section aria-labelledby="kam-step-map" className={styles.section}>
            <Subtitle2 as="h2" id="kam-step-map" className={styles.flat}>
              {s("step.map")}
            </Subtitle2>
            {preview?.address && (
              <Caption1 as="p" className={styles.flat}>
                {s("map.hint")}
              </Caption1>
            )}
            {MAPPING_FIELDS.map((f) => {
              const required = REQUIRED.includes(f);
              const col = mapping[f];
              const err = mappingError(f);
              const hint = f === "customer" ? s("map.customer.hint") : f === "value" ? s("map.value.hint") : undefined;
              return (
                <Field
                  key={f}
                  label={s(FIELD_LABEL[f])}
                  required={required}
                  hint={hint}
                  validationMessage={err}
                  validationState={err ? "error" : "none"}
                >
                  <Dropdown
                    className={styles.dropdown}
                    disabled={!preview?.address}
                    placeholder={s("map.choose")}
                    value={col === undefined ? (required ? "" : s("map.none")) : headers[col]}
                    selectedOptions={[col === undefined ? "" : String(col)]}
                    onOptionSelect={(_, d) =>
                      setMapping((m) => ({
                        ...m,
                        [f]: d.optionValue === undefined || d.optionValue === "" ? undefined : Number(d.optionValue),
                      }))
                    }
                  >
                    {!required && (
                      <Option value="" text={s("map.none")}>
                        {s("map.none")}
                      </Option>
                    )}
                    {headers.map((h, i) => (
                      <Option key={i} value={String(i)} text={h}>
                        {h}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
              );
            })}
          </section>

          {/* Step 3 */}
          <section aria-labelledby="kam-step-method" className={styles.section}>
            <Subtitle2 as="h2" id="kam-step-method" className={styles.flat}>
              {s("step.method")}
            </Subtitle2>
            <Field label={s("method.label")}>
              <RadioGroup value={method} onChange={(_, d) => chooseMethod(d.value === "count" ? "count" : "value")}>
                <Radio value="value" label={s("method.value")} />
                <Radio value="count" label={s("method.count")} />
              </RadioGroup>
            </Field>
            <div className={styles.row}>
              <Field
                className={styles.half}
                label={s("threshold.a")}
                validationMessage={errA}
                validationState={errA ? "error" : "none"}
              >
                <Input
                  className={styles.input}
                  value={limitA}
                  inputMode="decimal"
                  onChange={(_, d) => setLimitA(d.value)}
                />
              </Field>
              <Field
                className={styles.half}
                label={s("threshold.b")}
                validationMessage={errB}
                validationState={errB ? "error" : "none"}
              >
                <Input
                  className={styles.input}
                  value={limitB}
                  inputMode="decimal"
                  onChange={(_, d) => setLimitB(d.value)}
                />
              </Field>
            </div>
            {!errA && !errB && (
              <Caption1 as="p" className={styles.flat}>
                {thresholdHint}
              </Caption1>
            )}
            <Switch
              checked={nonpositiveC}
              onChange={(_, d) => setNonpositiveC(d.checked)}
              label={s("nonpositive.switch")}
            />
            <Field label={s("locale.label")}>
              <Dropdown
                className={styles.dropdown}
                value={s(locale === "nb-NO" ? "locale.nb" : "locale.en")}
                selectedOptions={[locale]}
                onOptionSelect={(_, d) => setLocale(d.optionValue === "nb-NO" ? "nb-NO" : "en-US")}
              >
                <Option value="en-US" text={s("locale.en")}>
                  {s("locale.en")}
                </Option>
                <Option value="nb-NO" text={s("locale.nb")}>
                  {s("locale.nb")}
                </Option>
              </Dropdown>
            </Field>
            <Field label={s("currency.label")}>
              <Dropdown
                className={styles.dropdown}
                value={currency === "auto" ? s("currency.auto") : currency === "none" ? s("currency.none") : currency}
                selectedOptions={[currency]}
                onOptionSelect={(_, d) => setCurrency((d.optionValue as CurrencyChoice | undefined) ?? "auto")}
              >
                <Option value="auto" text={s("currency.auto")}>
                  {s("currency.auto")}
                </Option>
                <Option value="none" text={s("currency.none")}>
                  {s("currency.none")}
                </Option>
                {COMMON_CURRENCIES.map((c) => (
                  <Option key={c} value={c} text={c}>
                    {c}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          </section>

          {/* Step 4 */}
          <section className={styles.section} aria-label={s("run.button")}>
            <Button appearance="primary" type="submit" disabled={!valid || running}>
              {s("run.button")}
            </Button>
            {!valid && !running && inOffice && (
              <Caption1 as="p" className={styles.flat}>
                {s("run.invalid")}
              </Caption1>
            )}
            {running && (
              <RunProgressField label={s("run.progress")} progress={progress} lang={lang} keys={{ read: "run.reading", analyse: "run.analysing", write: "run.writing" }} />
            )}
          </section>
        </form>

        <section aria-labelledby="kam-results" aria-live="polite" className={styles.section}>
          {(result || runFailure) && (
            <Subtitle2 as="h2" id="kam-results" className={styles.flat}>
              {s("result.heading")}
            </Subtitle2>
          )}
          {runFailure && (
            <ErrorBar title={s("error.title")}>{errorMessage(runFailure.error, lang, runFailure.locale)}</ErrorBar>
          )}
          {result && <Results lang={lang} result={result} profit={mappedProfit} />}
        </section>

        <SelectStep
          lang={lang}
          inOffice={inOffice}
          ready={valid}
          source={source}
          mapping={
            valid
              ? { customer: columnName("customer")!, name: columnName("name"), value: columnName("value")!, profit: columnName("profit") }
              : null
          }
          abc={valid && a !== null && b !== null ? { method, thresholds: [a, b], nonpositive: nonpositiveC ? "C" : "D" } : null}
          locale={locale}
          currency={currency}
          busy={running}
        />

        <PlansStep
          lang={lang}
          inOffice={inOffice}
          ready={valid}
          source={source}
          mapping={
            valid
              ? { customer: columnName("customer")!, name: columnName("name"), value: columnName("value")!, profit: columnName("profit") }
              : null
          }
          abc={valid && a !== null && b !== null ? { method, thresholds: [a, b], nonpositive: nonpositiveC ? "C" : "D" } : null}
          locale={locale}
          currency={currency}
          busy={running}
        />

        <Accordion collapsible>
          <AccordionItem value="functions">
            <AccordionHeader as="h2">{s("pane.functions.summary")}</AccordionHeader>
            <AccordionPanel>
              <ul className={styles.list}>
                {(["abc", "score"] as const).map((f) => (
                  <li key={f} className={styles.fnItem}>
                    <Text font="monospace" weight="semibold">
                      {s(`fn.${f}.syntax`)}
                    </Text>
                    <Body1>{s(`fn.${f}.summary`)}</Body1>
                  </li>
                ))}
              </ul>
              <Caption1 as="p">{s("app.functions.note")}</Caption1>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      </main>
    </FluentProvider>
  );
}

function tableLabel(lang: Lang, x: TableInfo | undefined): string {
  return x ? fmt(lang, "data.table.option", { name: x.name, sheet: x.sheet, rows: x.rows }) : "";
}

function Results({ lang, result: r, profit }: { lang: Lang; result: RunAbcResult; profit: boolean }) {
  const styles = useStyles();
  const s = (key: MessageKey) => t(lang, key);
  const shown = r.classes.filter((c) => c.cls !== "D" || c.count > 0);
  const profitShare = (x: number | undefined): string =>
    x === undefined || r.profitTotal === undefined || !(r.profitTotal > 0)
      ? "–"
      : formatPercent(lang, x / r.profitTotal);
  const sheetLine =
    r.action === "renamed"
      ? null
      : r.action === "updated"
        ? "result.updated"
        : r.action === "overwritten"
          ? "result.overwritten"
          : r.action === "skipped"
            ? "result.skipped"
            : "result.created";
  return (
    <>
      {r.action === "renamed" ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{fmt(lang, "result.renamed.title", { wanted: r.wanted })}</MessageBarTitle>
            {fmt(lang, "result.renamed", { wanted: r.wanted, sheet: r.sheet })}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{fmt(lang, sheetLine as MessageKey, { sheet: r.sheet, table: r.table })}</MessageBarBody>
        </MessageBar>
      )}
      <Body1 as="p" className={styles.flat}>
        {fmt(lang, "result.summary", { customers: r.customers, rows: r.rowsRead, address: r.address })}
      </Body1>
      <Table size="small" aria-label={s("result.table.label")}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{s("result.col.class")}</TableHeaderCell>
            <TableHeaderCell className={styles.number}>{s("result.col.customers")}</TableHeaderCell>
            <TableHeaderCell className={styles.number}>{s("result.col.valueShare")}</TableHeaderCell>
            {profit && <TableHeaderCell className={styles.number}>{s("result.col.profitShare")}</TableHeaderCell>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((c) => (
            <TableRow key={c.cls} data-class={c.cls}>
              <TableCell>{c.cls === "D" ? s("result.class.D") : c.cls}</TableCell>
              <TableCell className={styles.number}>{formatCount(lang, c.count)}</TableCell>
              <TableCell className={styles.number}>{c.cls === "D" ? "–" : formatPercent(lang, c.share)}</TableCell>
              {profit && <TableCell className={styles.number}>{profitShare(c.profit)}</TableCell>}
            </TableRow>
          ))}
          <TableRow data-class="total">
            <TableCell>{s("result.total")}</TableCell>
            <TableCell className={styles.number}>{formatCount(lang, r.customers)}</TableCell>
            <TableCell className={styles.number}>{formatPercent(lang, r.total > 0 ? 1 : 0)}</TableCell>
            {profit && <TableCell className={styles.number}>{profitShare(r.profitTotal)}</TableCell>}
          </TableRow>
        </TableBody>
      </Table>
      <ul className={styles.list} data-testid="problems">
        <KeptNotice lang={lang} kept={r.kept} />
        {r.problems.length === 0 && <li>{s("result.problems.none")}</li>}
        {r.problems.map((p) => (
          <li key={`${p.kind} ${p.text ?? ""}`}>
            {fmt(lang, `result.problem.${p.kind}`, {
              count: p.count,
              column: p.column,
              text: p.text ?? "",
              rows: rowList(lang, p.rows, p.count),
            })}
          </li>
        ))}
        {r.aBySegment && r.aBySegment.length > 0 && (
          <li>
            {fmt(lang, "result.segments", {
              list: r.aBySegment
                .slice(0, 5)
                .map((x) => `${x.segment || s("result.segment.blank")} ${formatCount(lang, x.count)}`)
                .join(", "),
            })}
          </li>
        )}
        {r.aWithoutOwner && (
          <li>
            {r.aWithoutOwner.count === 0
              ? s("result.owner.ok")
              : fmt(lang, "result.owner.missing", {
                  count: r.aWithoutOwner.count,
                  names:
                    r.aWithoutOwner.names.join(", ") +
                    (r.aWithoutOwner.count > r.aWithoutOwner.names.length ? " …" : ""),
                })}
          </li>
        )}
      </ul>
    </>
  );
}
