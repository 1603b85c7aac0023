/**
 * Minimal task pane: the add-in's name, what it does, and its worksheet functions, in English or
 * Norwegian Bokmål with a language switch. The analysis workflow comes later.
 */
import {
  Body1,
  Caption1,
  FluentProvider,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  Title2,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from "@fluentui/react-components";
import { useState } from "react";
import { Lang, MessageKey, t } from "../i18n";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    minHeight: "100vh",
    boxSizing: "border-box",
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  item: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  paragraph: { margin: 0 },
});

/** The worksheet functions listed in the pane: syntax and summary keys. */
const FUNCTIONS: readonly { syntax: MessageKey; summary: MessageKey }[] = [
  { syntax: "fn.abc.syntax", summary: "fn.abc.summary" },
  { syntax: "fn.score.syntax", summary: "fn.score.summary" },
];

export interface AppProps {
  initialLanguage: Lang;
  dark?: boolean;
  /** False when opened outside Excel (no Office host): a note says so. */
  inOffice?: boolean;
}

export function App({ initialLanguage, dark = false, inOffice = true }: AppProps) {
  const [lang, setLang] = useState<Lang>(initialLanguage);
  const styles = useStyles();
  const s = (key: MessageKey) => t(lang, key);
  return (
    <FluentProvider theme={dark ? webDarkTheme : webLightTheme} lang={lang === "nb" ? "nb-NO" : "en"}>
      <main className={styles.root}>
        <header className={styles.header}>
          <Title2 as="h1" className={styles.paragraph}>
            {s("app.title")}
          </Title2>
          <Body1 as="p" className={styles.paragraph}>
            {s("app.tagline")}
          </Body1>
        </header>
        <Body1 as="p" className={styles.paragraph}>
          {s("app.intro")}
        </Body1>
        <section aria-labelledby="kam-functions">
          <Subtitle2 as="h2" id="kam-functions">
            {s("app.functions.heading")}
          </Subtitle2>
          <ul className={styles.list}>
            {FUNCTIONS.map((f) => (
              <li key={f.syntax} className={styles.item}>
                <Text as="span" font="monospace" weight="semibold">
                  {s(f.syntax)}
                </Text>
                <Body1>{s(f.summary)}</Body1>
              </li>
            ))}
          </ul>
          <Caption1 as="p">{s("app.functions.note")}</Caption1>
        </section>
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
      </main>
    </FluentProvider>
  );
}
