"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { InputProps } from "./types";

interface Ask {
  layer?: string;
  total?: string;
  fields?: string[];
}

type Answer = Record<string, Record<string, string>>;

/** One row per asked layer, one input per asked field (output shape and/or parameters). */
export function ArchitectureInput({ value, onChange, publicView, disabled }: InputProps) {
  const t = useTranslations("answer");
  const asks = (publicView.ask as Ask[] | undefined) ?? [];
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
  const fieldLabel = (field: string) => (field === "output_shape" ? t("outputShape") : t("params"));
  return (
    <div className="overflow-x-auto">
      <table className="text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="py-2 pr-4 font-medium">{t("layer")}</th>
            <th scope="col" className="py-2 pr-4 font-medium">{t("outputShape")}</th>
            <th scope="col" className="py-2 pr-4 font-medium">{t("params")}</th>
          </tr>
        </thead>
        <tbody>
          {asks.map((ask) => {
            const key = ask.layer ?? "total";
            const fields = ask.layer ? (ask.fields ?? []) : [ask.total ?? "params"];
            const label = ask.layer ?? t("total");
            return (
              <tr key={key}>
                <th scope="row" className="py-1 pr-4 text-left font-mono font-medium">{label}</th>
                {["output_shape", "params"].map((field) => (
                  <td key={field} className="py-1 pr-4">
                    {fields.includes(field) ? (
                      <input
                        aria-label={`${label}: ${fieldLabel(field)}`}
                        autoComplete="off"
                        value={answer[key]?.[field] ?? ""}
                        disabled={disabled}
                        placeholder={field === "output_shape" ? "26x26x32" : "320"}
                        onChange={(e) => set(key, field, e.target.value)}
                        className="w-40 rounded border border-slate-300 px-2 py-1 font-mono"
                      />
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
