"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import type { InputProps } from "./types";

export function OpenInput({ value, onChange, disabled }: InputProps) {
  const t = useTranslations("answer");
  const id = useId();
  return (
    <div>
      <label htmlFor={`${id}-answer`} className="block text-sm font-medium text-slate-700">{t("openLabel")}</label>
      <textarea
        id={`${id}-answer`}
        rows={8}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2"
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{t("openHint")}</p>
    </div>
  );
}
