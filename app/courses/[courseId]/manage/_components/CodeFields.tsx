"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { CheckerSummary } from "@/grader/types/code/checkers";
import { pythonOutputs, type PythonCallData } from "@/lib/authoring/forms/python-declaration";
import { issuesUnder } from "@/lib/authoring/forms/question-fields";
import { pythonCheckerStarter } from "@/lib/authoring/forms/starters";
import { parseNameList } from "@/lib/authoring/forms/text-lists";
import { weightsSumToOne } from "@/domain/questions/weights";
import type { DraftIssue } from "@/lib/authoring/validate";
import { FieldIssues, inputClass, labelClass, monoClass, NumberInput, sized, smallButton } from "./inputs";
import { PythonCheckerFields } from "./PythonCheckerFields";
import { PythonField } from "./PythonField";

const PYTHON = "python";

type Own = Record<string, unknown>;
type Part = { name: string; output: string; weight: number; label?: string };

/** The fields of a code question: which checker runs it, the contract, starter code, reference solution and graded parts. */
export function CodeFields({ own, onChange, issues, checkers }: { own: Own; onChange: (own: Own) => void; issues: DraftIssue[]; checkers: CheckerSummary[] }) {
  const t = useTranslations("manage.code");
  const set = (patch: Own) => onChange({ ...own, ...patch });
  const declared = own.checker === PYTHON;
  const pythonCalls = ((own.python as { calls?: PythonCallData[] } | undefined)?.calls ?? []).filter((c) => c && Array.isArray(c.args) && Array.isArray(c.returns));
  const checker: CheckerSummary | undefined = declared
    ? { id: PYTHON, calls: pythonCalls.map((c) => ({ name: c.call, args: c.args, returns: c.returns })), outputs: pythonOutputs(own.python) }
    : checkers.find((c) => c.id === own.checker);
  const parts = (own.parts ?? []) as Part[];
  const [namesText, setNamesText] = useState(((own.required_names as string[] | undefined) ?? []).join(", "));
  const setPart = (index: number, patch: Partial<Part>) => set({ parts: parts.map((p, i) => (i === index ? { ...p, ...patch } : p)) });

  function changeChecker(id: string) {
    if (id === PYTHON) {
      const starter = pythonCheckerStarter();
      setNamesText((starter.required_names as string[]).join(", "));
      onChange({ ...own, ...starter });
      return;
    }
    const next = checkers.find((c) => c.id === id);
    if (!next) return;
    const names = next.calls.map((c) => c.name);
    setNamesText(names.join(", "));
    // parts that grade an output the new checker lacks point at its first output instead
    const { python: _python, ...rest } = own;
    onChange({ ...rest, checker: id, required_names: names, parts: parts.map((p) => (next.outputs.includes(p.output) ? p : { ...p, output: next.outputs[0]! })) });
  }

  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className={labelClass} htmlFor="code-checker">{t("checker")}</label>
          <select id="code-checker" value={String(own.checker ?? "")} onChange={(e) => changeChecker(e.target.value)} className={inputClass}>
            {checker ? null : <option value={String(own.checker ?? "")}>{String(own.checker ?? "—")}</option>}
            <option value={PYTHON}>{t("pythonChecker")}</option>
            {checkers.map((c) => <option key={c.id} value={c.id}>{c.id}</option>)}
          </select>
          {checker && (
            <p className="mt-1 font-mono text-xs text-slate-500" data-testid="checker-calls">
              {checker.calls.map((c) => `${c.name}(${c.args.join(", ")}) → ${c.returns.join(", ")}`).join(" · ")}
            </p>
          )}
          <FieldIssues issues={issuesUnder(issues, "checker")} />
        </div>
        <div>
          <label className={labelClass} htmlFor="code-names">{t("requiredNames")}</label>
          <input
            id="code-names"
            value={namesText}
            onChange={(e) => {
              setNamesText(e.target.value);
              set({ required_names: parseNameList(e.target.value) });
            }}
            className={monoClass}
            aria-invalid={issuesUnder(issues, "required_names").length > 0}
          />
          <p className="text-xs text-slate-500">{t("requiredNamesHint")}</p>
          <FieldIssues issues={issuesUnder(issues, "required_names")} />
        </div>
      </div>
      <div>
        <label className={labelClass} htmlFor="code-contract">{t("contract")}</label>
        <textarea id="code-contract" rows={4} value={String(own.contract ?? "")} onChange={(e) => set({ contract: e.target.value })} className={monoClass} aria-invalid={issuesUnder(issues, "contract").length > 0} />
        <p className="text-xs text-slate-500">{t("contractHint")}</p>
        <FieldIssues issues={issuesUnder(issues, "contract")} />
      </div>
      <PythonField id="code-starter" label={t("starter")} hint={t("starterHint")} value={String(own.starter ?? "")} onChange={(starter) => set({ starter })} issues={issuesUnder(issues, "starter")} />
      <PythonField
        id="code-reference"
        label={t("reference")}
        hint={t("referenceHint")}
        value={String(own.reference_solution ?? "")}
        onChange={(reference_solution) => set({ reference_solution })}
        issues={issuesUnder(issues, "reference_solution")}
      />
      {declared && <PythonCheckerFields key={String(own.checker)} spec={own.python} onChange={(python) => set({ python })} issues={issues} />}
      <fieldset>
        <legend className="mb-2 text-base font-semibold">{t("parts")}</legend>
        <p className="mb-2 text-xs text-slate-500">{t("partsHint")}</p>
        <ol className="space-y-2">
          {parts.map((part, index) => (
            <li key={index} className="flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 p-2" data-testid={`part-${index}`}>
              <input aria-label={t("partName")} value={part.name} onChange={(e) => setPart(index, { name: e.target.value })} className={sized("w-28")} />
              <select aria-label={t("partOutput")} value={part.output} onChange={(e) => setPart(index, { output: e.target.value })} className={sized("w-28")}>
                {(checker?.outputs ?? [part.output]).map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
              <NumberInput id={`part-weight-${index}`} label={t("partWeight")} value={part.weight} onChange={(weight) => setPart(index, { weight })} className="w-20" />
              <input aria-label={t("partLabel")} value={part.label ?? ""} onChange={(e) => setPart(index, { label: e.target.value || undefined })} className={`${inputClass} min-w-40 flex-1`} placeholder={t("partLabel")} />
              <button type="button" className={smallButton} disabled={parts.length <= 1} onClick={() => set({ parts: parts.filter((_, i) => i !== index) })}>{t("remove")}</button>
              <FieldIssues issues={issuesUnder(issues, `parts.${index}`)} />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className={`${smallButton} mt-2`}
          onClick={() => set({ parts: [...parts, { name: `parte${parts.length + 1}`, output: checker?.outputs[0] ?? "out", weight: 0 }] })}
        >
          + {t("addPart")}
        </button>
        {!weightsSumToOne(parts) && <p className="mt-1 text-sm text-amber-800">{t("weightsSum")}</p>}
        <FieldIssues issues={issues.filter((i) => i.field === "parts")} />
      </fieldset>
    </div>
  );
}
