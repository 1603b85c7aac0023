/**
 * The two status pieces every step shows while and after it runs: a labelled progress bar and an
 * error message bar. One place, so the steps look and read alike (and axe sees the same markup).
 */
import { Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Lang } from "../i18n";
import type { RunProgress } from "./abcRun";
import { ProgressKeys, progressView } from "./progress";

/** Progress of a read → analyse → write run; nothing when `progress` is null. */
export function RunProgressField(props: { label: string; progress: RunProgress | null | undefined; lang: Lang; keys: ProgressKeys }) {
  if (!props.progress) return null;
  const { text, value } = progressView(props.progress, props.lang, props.keys);
  return (
    <Field label={props.label} hint={text}>
      <ProgressBar value={value} max={1} />
    </Field>
  );
}

/** A failed run, in plain words. */
export function ErrorBar(props: { title: string; children: ReactNode }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.children}
      </MessageBarBody>
    </MessageBar>
  );
}
