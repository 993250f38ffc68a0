"use client";

import { useTranslations } from "next-intl";
import { issuesUnder } from "@/lib/authoring/forms/question-fields";
import { nextOptionId } from "@/lib/authoring/forms/record-edits";
import type { DraftIssue } from "@/lib/authoring/validate";
import { FieldIssues, inputClass, sized, smallButton } from "./inputs";

type Own = Record<string, unknown>;
type Option = { id: string; text: string; correct: boolean; feedback?: string };

export function McqFields({ own, onChange, issues }: { own: Own; onChange: (own: Own) => void; issues: DraftIssue[] }) {
  const t = useTranslations("manage.mcq");
  const options = (own.options ?? []) as Option[];
  const multiple = own.multiple === true;
  const set = (patch: Own) => onChange({ ...own, ...patch });
  const setOption = (index: number, patch: Partial<Option>) => set({ options: options.map((o, i) => (i === index ? { ...o, ...patch } : o)) });
  const markCorrect = (index: number, correct: boolean) =>
    set({ options: options.map((o, i) => (i === index ? { ...o, correct } : multiple || !correct ? o : { ...o, correct: false })) });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-6 text-sm">
        <label className="flex items-center gap-2"><input type="checkbox" checked={multiple} onChange={(e) => set({ multiple: e.target.checked })} /> {t("multiple")}</label>
        <label className="flex items-center gap-2"><input type="checkbox" checked={own.shuffle !== false} onChange={(e) => set({ shuffle: e.target.checked })} /> {t("shuffle")}</label>
      </div>
      <fieldset>
        <legend className="mb-2 text-base font-semibold">{t("options")}</legend>
        <ol className="space-y-3">
          {options.map((option, index) => (
            <li key={index} className="rounded-lg border border-slate-200 p-3" data-testid={`option-${option.id}`}>
              <div className="flex flex-wrap items-center gap-3">
                <input aria-label={t("optionId")} value={option.id} onChange={(e) => setOption(index, { id: e.target.value })} className={sized("w-14")} />
                <label className="flex items-center gap-2 text-sm">
                  <input type={multiple ? "checkbox" : "radio"} name="mcq-correct" checked={option.correct} onChange={(e) => markCorrect(index, e.target.checked)} />
                  {t("correct")}
                </label>
                <button type="button" className={`${smallButton} ml-auto`} disabled={options.length <= 2} onClick={() => set({ options: options.filter((_, i) => i !== index) })}>{t("remove")}</button>
              </div>
              <textarea aria-label={t("optionText", { id: option.id })} rows={2} value={option.text} onChange={(e) => setOption(index, { text: e.target.value })} className={`${inputClass} mt-2`} placeholder={t("optionTextPlaceholder")} />
              <input aria-label={t("feedback", { id: option.id })} value={option.feedback ?? ""} onChange={(e) => setOption(index, { feedback: e.target.value || undefined })} className={`${inputClass} mt-2`} placeholder={t("feedbackPlaceholder")} />
              <FieldIssues issues={issuesUnder(issues, `options.${index}`)} />
            </li>
          ))}
        </ol>
        <button type="button" className={`${smallButton} mt-2`} onClick={() => set({ options: [...options, { id: nextOptionId(options), text: "", correct: false }] })}>+ {t("addOption")}</button>
        <FieldIssues issues={issues.filter((i) => i.field === "options" || i.field === "multiple" || i.field === "shuffle")} />
      </fieldset>
    </div>
  );
}
