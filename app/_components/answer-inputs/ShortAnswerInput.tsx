"use client";

import { useTranslations } from "next-intl";
import type { InputProps } from "./types";

export function ShortAnswerInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  return (
    <div>
      <label htmlFor="shortanswer-answer" className="block text-sm font-medium text-slate-700">{t("shortanswerLabel")}</label>
      <input
        id="shortanswer-answer"
        autoComplete="off"
        value={value}
        maxLength={500}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        className="mt-1 w-full max-w-md rounded-lg border border-slate-300 px-3 py-2"
        {...(publicView.caseSensitive === true ? { "aria-describedby": "shortanswer-hint" } : {})}
      />
      {publicView.caseSensitive === true && <p id="shortanswer-hint" className="mt-1 text-xs text-slate-500">{t("shortanswerCase")}</p>}
    </div>
  );
}
