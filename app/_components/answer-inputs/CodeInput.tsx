"use client";

import { python } from "@codemirror/lang-python";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import type { InputProps } from "./types";

export function CodeInput({ value, onChange, disabled }: InputProps) {
  const t = useTranslations("answer");
  const hintId = useId();
  // the editable element itself carries the name and the hints (the wrapper's attributes do not reach it)
  const extensions = useMemo(
    () => [python(), EditorView.contentAttributes.of({ "aria-label": t("codeLabel"), "aria-describedby": hintId })],
    [t, hintId],
  );
  return (
    <div>
      <p id={hintId} className="mb-2 text-sm text-slate-600">
        {t("codeHint")} <span className="text-slate-500">{t("codeKeyboard")}</span>
      </p>
      <div className="overflow-hidden rounded-lg border border-slate-300">
        <CodeMirror value={value} height="22rem" extensions={extensions} editable={!disabled} onChange={onChange} basicSetup={{ tabSize: 4 }} />
      </div>
    </div>
  );
}
