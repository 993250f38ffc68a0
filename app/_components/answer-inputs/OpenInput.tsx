"use client";

import { useTranslations } from "next-intl";
import type { InputProps } from "./types";

export function OpenInput({ value, onChange, disabled }: InputProps) {
  const t = useTranslations("answer");
  return (
    <div>
      <label htmlFor="open-answer" className="block text-sm font-medium text-slate-700">{t("openLabel")}</label>
      <textarea
        id="open-answer"
        rows={8}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2"
        aria-describedby="open-hint"
      />
      <p id="open-hint" className="mt-1 text-xs text-slate-500">{t("openHint")}</p>
    </div>
  );
}
