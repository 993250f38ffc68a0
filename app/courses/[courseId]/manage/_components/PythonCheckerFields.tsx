"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { splitPythonSpec } from "@/lib/authoring/forms/python-declaration";
import { issuesUnder } from "@/lib/authoring/forms/question-fields";
import type { DraftIssue } from "@/lib/authoring/validate";
import { FieldIssues, inputClass, labelClass, monoClass, NumberInput, smallButton } from "./inputs";
import { PythonField } from "./PythonField";

type Misconception = { id: string; label: string; message: string; credit?: number; code: string };

/**
 * The declaration of a checker written in Python: calls, inputs, cases, gradients, statistics and tolerance as YAML,
 * and each known wrong implementation in its own fields with a code editor.
 */
export function PythonCheckerFields({ spec, onChange, issues }: { spec: unknown; onChange: (spec: Record<string, unknown>) => void; issues: DraftIssue[] }) {
  const t = useTranslations("manage.code");
  const { rest, misconceptions } = splitPythonSpec(spec);
  const [text, setText] = useState(() => stringifyYaml(rest));
  const [error, setError] = useState<string | null>(null);
  const list = misconceptions as Misconception[];
  const setList = (next: Misconception[]) => onChange({ ...rest, misconceptions: next });
  const setOne = (index: number, patch: Partial<Misconception>) => setList(list.map((m, i) => (i === index ? { ...m, ...patch } : m)));

  function changeText(value: string) {
    setText(value);
    try {
      const parsed: unknown = parseYaml(value) ?? {};
      if (typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(t("pythonSpecError", { message: "não é um mapa" }));
      setError(null);
      onChange({ ...(parsed as Record<string, unknown>), misconceptions: list });
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="space-y-5">
      <div>
        <label className={labelClass} htmlFor="code-python-spec">{t("pythonSpec")}</label>
        <textarea id="code-python-spec" rows={18} spellCheck={false} value={text} onChange={(e) => changeText(e.target.value)} className={`${monoClass} text-xs`} aria-invalid={error !== null} />
        <p className="text-xs text-slate-500">{t("pythonSpecHint")}</p>
        {error && <p className="mt-1 text-sm text-red-700">{t("pythonSpecError", { message: error })}</p>}
        <FieldIssues issues={issuesUnder(issues, "python").filter((i) => !i.field.startsWith("python.misconceptions"))} />
      </div>
      <fieldset>
        <legend className="mb-2 text-base font-semibold">{t("misconceptions")}</legend>
        <p className="mb-2 text-xs text-slate-500">{t("misconceptionsHint")}</p>
        <ol className="space-y-3">
          {list.map((m, index) => (
            <li key={index} className="space-y-2 rounded-lg border border-slate-200 p-3" data-testid={`misconception-${index}`}>
              <div className="grid gap-2 sm:grid-cols-3">
                <input aria-label={t("misconceptionId")} value={m.id} onChange={(e) => setOne(index, { id: e.target.value })} className={monoClass} placeholder="db-wrong-axis" />
                <input aria-label={t("misconceptionLabel")} value={m.label} onChange={(e) => setOne(index, { label: e.target.value })} className={inputClass} placeholder={t("misconceptionLabel")} />
                <NumberInput id={`misconception-credit-${index}`} label={t("misconceptionCredit")} value={m.credit ?? 0} onChange={(credit) => setOne(index, { credit })} className="w-24" />
              </div>
              <textarea aria-label={t("misconceptionMessage")} rows={2} value={m.message} onChange={(e) => setOne(index, { message: e.target.value })} className={inputClass} placeholder={t("misconceptionMessage")} />
              <PythonField id={`misconception-code-${index}`} label={t("misconceptionCode", { index: index + 1 })} hint="" value={m.code} onChange={(code) => setOne(index, { code })} issues={[]} height="9rem" />
              <button type="button" className={smallButton} onClick={() => setList(list.filter((_, i) => i !== index))}>{t("remove")}</button>
              <FieldIssues issues={issuesUnder(issues, `python.misconceptions.${index}`)} />
            </li>
          ))}
        </ol>
        <button type="button" className={`${smallButton} mt-2`} onClick={() => setList([...list, { id: `erro-${list.length + 1}`, label: "", message: "", credit: 0, code: "" }])}>
          + {t("addMisconception")}
        </button>
      </fieldset>
    </div>
  );
}
