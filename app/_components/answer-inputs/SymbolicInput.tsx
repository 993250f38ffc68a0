"use client";

import katex from "katex";
import { parse } from "mathjs";
import { useTranslations } from "next-intl";
import { useId, useMemo } from "react";
import type { InputProps } from "./types";

/** Expression input with a live KaTeX preview of what was typed. */
export function SymbolicInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  const id = useId();
  const variables = (publicView.variables as string[] | undefined) ?? [];
  const preview = useMemo(() => {
    if (!value.trim()) return null;
    try {
      return katex.renderToString(parse(value).toTex({ parenthesis: "auto" }), { throwOnError: false });
    } catch {
      return null;
    }
  }, [value]);
  return (
    <div>
      <label htmlFor={`${id}-answer`} className="block text-sm font-medium text-slate-700">{t("symbolicLabel")}</label>
      <input
        id={`${id}-answer`}
        autoComplete="off"
        spellCheck={false}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 block w-full max-w-xl rounded-lg border border-slate-300 px-3 py-2 font-mono"
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
        {t("symbolicHint", { variables: variables.join(", ") || "—" })}
      </p>
      <div aria-live="polite" className="mt-2 min-h-12 rounded-lg bg-slate-50 px-3 py-2 text-xl" data-testid="symbolic-preview">
        {preview ? <span dangerouslySetInnerHTML={{ __html: preview }} /> : value.trim() ? <span className="text-sm text-amber-700">{t("symbolicUnreadable")}</span> : null}
      </div>
    </div>
  );
}
