"use client";

import { useTranslations } from "next-intl";
import { ClientMarkdown } from "@/app/_components/ClientMarkdown";
import type { InputProps } from "./types";

export function McqInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  const multiple = publicView.multiple === true;
  const options = (publicView.options as { id: string; text: string }[] | undefined) ?? [];
  const chosen = new Set(value.split(",").filter(Boolean));
  const toggle = (id: string) => {
    if (!multiple) return onChange(id);
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange([...next].sort().join(","));
  };
  return (
    <fieldset className="space-y-2" disabled={disabled}>
      <legend className="mb-2 text-sm text-slate-600">{multiple ? t("mcqMultiple") : t("mcqSingle")}</legend>
      {options.map((option, index) => (
        <label key={option.id} className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
          <input
            type={multiple ? "checkbox" : "radio"}
            name="mcq"
            value={option.id}
            checked={chosen.has(option.id)}
            onChange={() => toggle(option.id)}
            className="mt-1"
          />
          <span className="font-semibold text-slate-500">{String.fromCharCode(97 + index)})</span>
          <span className="min-w-0 flex-1"><ClientMarkdown>{option.text}</ClientMarkdown></span>
        </label>
      ))}
    </fieldset>
  );
}
