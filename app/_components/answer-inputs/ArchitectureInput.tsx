"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { InputProps } from "./types";

/** One asked value: a layer's output shape or parameter count, or a total. */
interface AskedField {
  key: string;
  field: string;
  /** pt-BR ("conv1: parâmetros"); the form shows the field's name in the reader's locale instead */
  label: string;
}

type Answer = Record<string, Record<string, string>>;

/** One row per asked layer (and the totals), one input per asked field. */
export function ArchitectureInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  const fieldName = useTranslations("answerView.fields");
  const fields = (publicView.fields as AskedField[] | undefined) ?? [];
  const keys = [...new Set(fields.map((f) => f.key))];
  const [answer, setAnswer] = useState<Answer>(() => {
    try {
      return JSON.parse(value) as Answer;
    } catch {
      return {};
    }
  });
  const set = (key: string, field: string, text: string) => {
    const next = { ...answer, [key]: { ...answer[key], [field]: text } };
    setAnswer(next);
    onChange(JSON.stringify(next));
  };
  return (
    <div className="overflow-x-auto">
      <table className="text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="py-2 pr-4 font-medium">{t("layer")}</th>
            <th scope="col" className="py-2 pr-4 font-medium">{t("askedValues")}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key} className="align-top">
              <th scope="row" className="py-2 pr-4 text-left font-mono font-medium">{key === "total" ? t("total") : key}</th>
              <td className="flex flex-wrap gap-3 py-1 pr-4">
                {fields
                  .filter((f) => f.key === key)
                  .map((f) => (
                    <label key={f.field} className="flex flex-col text-xs text-slate-600">
                      {fieldName(f.field as never)}
                      <input
                        // the visible label names the field; the layer's name makes it unique among the rows
                        aria-label={t("architectureField", { layer: key === "total" ? t("total") : key, field: f.label })}
                        name={`${key}.${f.field}`}
                        autoComplete="off"
                        value={answer[key]?.[f.field] ?? ""}
                        disabled={disabled}
                        placeholder={f.field === "output_shape" ? "26x26x32" : "320"}
                        onChange={(e) => set(key, f.field, e.target.value)}
                        className="mt-1 w-44 rounded border border-slate-300 px-2 py-1 font-mono text-sm text-slate-900"
                      />
                    </label>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">{t("architectureHint")}</p>
    </div>
  );
}
