"use client";

import { python } from "@codemirror/lang-python";
import CodeMirror from "@uiw/react-codemirror";
import { useTranslations } from "next-intl";
import type { InputProps } from "./types";

export function CodeInput({ value, onChange, disabled }: InputProps) {
  const t = useTranslations("answer");
  return (
    <div>
      <p id="code-hint" className="mb-2 text-sm text-slate-600">{t("codeHint")}</p>
      <div className="overflow-hidden rounded-lg border border-slate-300" aria-describedby="code-hint">
        <CodeMirror
          value={value}
          height="22rem"
          extensions={[python()]}
          editable={!disabled}
          onChange={onChange}
          basicSetup={{ tabSize: 4 }}
          aria-label={t("codeLabel")}
        />
      </div>
    </div>
  );
}
