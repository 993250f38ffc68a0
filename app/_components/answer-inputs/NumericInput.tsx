"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import type { InputProps } from "./types";

export function NumericInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  const id = useId();
  const unit = typeof publicView.unit === "string" ? publicView.unit : null;
  return (
    <div>
      <label htmlFor={`${id}-answer`} className="block text-sm font-medium text-slate-700">{t("numericLabel")}</label>
      <div className="mt-1 flex items-center gap-2">
        <input
          id={`${id}-answer`}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          className="w-56 rounded-lg border border-slate-300 px-3 py-2 font-mono"
          aria-describedby={`${id}-hint`}
        />
        {unit && <span className="text-slate-600">{unit}</span>}
      </div>
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{t("numericHint")}</p>
    </div>
  );
}
