"use client";

import { useTranslations } from "next-intl";
import { paramKind, withParamKind, type ParamKind, type ParamSpecData } from "@/lib/authoring/forms/param-kinds";
import { issuesUnder } from "@/lib/authoring/forms/question-fields";
import { freeName, renameKey } from "@/lib/authoring/forms/record-edits";
import { toleranceKind, toleranceOf, type ToleranceKind } from "@/lib/authoring/forms/tolerance-kinds";
import type { DraftIssue } from "@/lib/authoring/validate";
import { FieldIssues, inputClass, labelClass, monoClass, NameInput, NumberInput, NumberListInput, smallButton } from "./inputs";

type Own = Record<string, unknown>;

/** The numeric type's form: parameters and how they are drawn, derived values, constraints, answer formula, tolerance. */
export function NumericFields({ own, onChange, issues }: { own: Own; onChange: (own: Own) => void; issues: DraftIssue[] }) {
  const t = useTranslations("manage.numeric");
  const params = (own.params ?? {}) as Record<string, ParamSpecData>;
  const derived = (own.derived ?? {}) as Record<string, string>;
  const constraints = (own.constraints ?? []) as string[];
  const misconceptions = (own.misconceptions ?? []) as { id: string; answer: string; feedback: string }[];
  const tolerance = (own.tolerance ?? {}) as { abs?: number; rel?: number };
  const tolKind = toleranceKind(own.tolerance);
  const set = (patch: Own) => onChange({ ...own, ...patch });
  const setParam = (name: string, spec: ParamSpecData) => set({ params: { ...params, [name]: spec } });
  const names = [...Object.keys(params), ...Object.keys(derived)];

  return (
    <div className="space-y-6">
      <fieldset>
        <legend className="text-base font-semibold">{t("params")}</legend>
        <p className="mb-2 text-sm text-slate-600">{t("paramsHint")}</p>
        <div className="space-y-3">
          {Object.entries(params).map(([name, spec], index) => {
            const kind = paramKind(spec);
            return (
              <div key={index} className="rounded-lg border border-slate-200 p-3" data-testid={`param-${name}`}>
                <div className="flex flex-wrap items-end gap-2">
                  <div>
                    <label className="text-xs text-slate-500" htmlFor={`param-name-${index}`}>{t("name")}</label>
                    <NameInput id={`param-name-${index}`} label={t("name")} value={name} taken={names} onRename={(to) => set({ params: renameKey(params, name, to) })} />
                  </div>
                  <div>
                    <label className="text-xs text-slate-500" htmlFor={`param-kind-${index}`}>{t("drawn")}</label>
                    <select id={`param-kind-${index}`} value={kind} disabled={kind === "matrix"} onChange={(e) => setParam(name, withParamKind(spec, e.target.value as ParamKind))} className={inputClass}>
                      {(["fixed", "choices", "range-step", "range-decimals"] as const).map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
                      {kind === "matrix" && <option value="matrix">{t("kind.matrix")}</option>}
                    </select>
                  </div>
                  {kind !== "matrix" && (
                    <div className="w-24">
                      <label className="text-xs text-slate-500" htmlFor={`param-default-${index}`}>{t("default")}</label>
                      <NumberInput id={`param-default-${index}`} label={`${name}: ${t("default")}`} value={spec.default as number} onChange={(n) => setParam(name, { ...spec, default: n })} />
                    </div>
                  )}
                  {kind === "choices" && (
                    <div className="min-w-40 flex-1">
                      <label className="text-xs text-slate-500" htmlFor={`param-choices-${index}`}>{t("choices")}</label>
                      <NumberListInput id={`param-choices-${index}`} label={`${name}: ${t("choices")}`} value={spec.choices ?? []} onChange={(list) => setParam(name, { ...spec, choices: list })} />
                    </div>
                  )}
                  {(kind === "range-step" || kind === "range-decimals") && (
                    <>
                      {(["min", "max"] as const).map((bound, b) => (
                        <div key={bound} className="w-20">
                          <label className="text-xs text-slate-500" htmlFor={`param-${bound}-${index}`}>{t(bound)}</label>
                          <NumberInput
                            id={`param-${bound}-${index}`}
                            label={`${name}: ${t(bound)}`}
                            value={spec.range?.[b]}
                            onChange={(n) => setParam(name, { ...spec, range: (b === 0 ? [n, spec.range?.[1] ?? n] : [spec.range?.[0] ?? n, n]) as [number, number] })}
                          />
                        </div>
                      ))}
                      <div className="w-20">
                        <label className="text-xs text-slate-500" htmlFor={`param-step-${index}`}>{kind === "range-step" ? t("step") : t("decimals")}</label>
                        <NumberInput
                          id={`param-step-${index}`}
                          label={`${name}: ${kind === "range-step" ? t("step") : t("decimals")}`}
                          value={kind === "range-step" ? spec.step : spec.decimals}
                          onChange={(n) => setParam(name, kind === "range-step" ? { ...spec, step: n } : { ...spec, decimals: n })}
                        />
                      </div>
                    </>
                  )}
                  <button type="button" className={`${smallButton} ml-auto`} onClick={() => set({ params: Object.fromEntries(Object.entries(params).filter(([k]) => k !== name)) })}>
                    {t("remove")}
                  </button>
                </div>
                <FieldIssues issues={issuesUnder(issues, `params.${name}`)} />
              </div>
            );
          })}
        </div>
        <button type="button" className={`${smallButton} mt-2`} onClick={() => set({ params: { ...params, [freeName({ ...params, ...derived }, "a")]: { default: 1, choices: [1, 2, 3] } } })}>
          + {t("addParam")}
        </button>
        <FieldIssues issues={issues.filter((i) => i.field === "params")} />
      </fieldset>

      <fieldset>
        <legend className="text-base font-semibold">{t("derived")}</legend>
        <p className="mb-2 text-sm text-slate-600">{t("derivedHint")}</p>
        <div className="space-y-2">
          {Object.entries(derived).map(([name, expression], index) => (
            <div key={index}>
              <div className="flex items-center gap-2">
                <NameInput id={`derived-name-${index}`} label={t("name")} value={name} taken={names} onRename={(to) => set({ derived: renameKey(derived, name, to) })} />
                <span aria-hidden>=</span>
                <input aria-label={`${name} =`} value={expression} onChange={(e) => set({ derived: { ...derived, [name]: e.target.value } })} className={monoClass} aria-invalid={issuesUnder(issues, `derived.${name}`).length > 0} />
                <button type="button" className={smallButton} onClick={() => set({ derived: Object.fromEntries(Object.entries(derived).filter(([k]) => k !== name)) })}>{t("remove")}</button>
              </div>
              <FieldIssues issues={issuesUnder(issues, `derived.${name}`)} />
            </div>
          ))}
        </div>
        <button type="button" className={`${smallButton} mt-2`} onClick={() => set({ derived: { ...derived, [freeName({ ...params, ...derived }, "p")]: "1" } })}>+ {t("addDerived")}</button>
      </fieldset>

      <div>
        <label className={labelClass} htmlFor="numeric-constraints">{t("constraints")}</label>
        <textarea
          id="numeric-constraints"
          rows={Math.max(2, constraints.length + 1)}
          value={constraints.join("\n")}
          onChange={(e) => set({ constraints: e.target.value.split("\n").filter((line, i, all) => line.trim() !== "" || i === all.length - 1) })}
          onBlur={() => set({ constraints: constraints.filter((c) => c.trim() !== "") })}
          className={monoClass}
          placeholder="mod(n + 2*p - f, s) == 0"
          aria-invalid={issuesUnder(issues, "constraints").length > 0}
        />
        <p className="text-xs text-slate-500">{t("constraintsHint")}</p>
        <FieldIssues issues={issuesUnder(issues, "constraints")} />
      </div>

      <div>
        <label className={labelClass} htmlFor="numeric-answer-formula">{t("answer")}</label>
        <input id="numeric-answer-formula" value={String(own.answer ?? "")} onChange={(e) => set({ answer: e.target.value })} className={monoClass} aria-invalid={issuesUnder(issues, "answer").length > 0} />
        <p className="text-xs text-slate-500">{t("answerHint")}</p>
        <FieldIssues issues={issuesUnder(issues, "answer")} />
      </div>

      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label className={labelClass} htmlFor="numeric-tolerance">{t("tolerance")}</label>
          <select
            id="numeric-tolerance"
            value={tolKind}
            onChange={(e) => set({ tolerance: toleranceOf(e.target.value as ToleranceKind, tolerance.abs ?? 0.01, tolerance.rel ?? 0.001) })}
            className={inputClass}
          >
            {(["integer", "abs", "rel", "abs-rel"] as const).map((k) => <option key={k} value={k}>{t(`tol.${k}`)}</option>)}
          </select>
        </div>
        {(tolKind === "abs" || tolKind === "abs-rel") && (
          <div className="w-28">
            <label className={labelClass} htmlFor="numeric-abs">{t("abs")}</label>
            <NumberInput id="numeric-abs" label={t("abs")} value={tolerance.abs} onChange={(n) => set({ tolerance: toleranceOf(tolKind, n, tolerance.rel ?? 0) })} />
          </div>
        )}
        {(tolKind === "rel" || tolKind === "abs-rel") && (
          <div className="w-28">
            <label className={labelClass} htmlFor="numeric-rel">{t("rel")}</label>
            <NumberInput id="numeric-rel" label={t("rel")} value={tolerance.rel} onChange={(n) => set({ tolerance: toleranceOf(tolKind, tolerance.abs ?? 0, n) })} />
          </div>
        )}
        <div className="w-40">
          <label className={labelClass} htmlFor="numeric-unit">{t("unit")}</label>
          <input id="numeric-unit" value={String(own.unit ?? "")} onChange={(e) => set({ unit: e.target.value || undefined })} className={inputClass} />
        </div>
      </div>
      <FieldIssues issues={[...issuesUnder(issues, "tolerance"), ...issuesUnder(issues, "unit")]} />

      <fieldset>
        <legend className="text-base font-semibold">{t("misconceptions")}</legend>
        <p className="mb-2 text-sm text-slate-600">{t("misconceptionsHint")}</p>
        {misconceptions.map((m, index) => (
          <div key={index} className="mb-2 grid gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[8rem_1fr]">
            <input aria-label={t("misconceptionId")} placeholder="sem-bias" value={m.id} onChange={(e) => set({ misconceptions: misconceptions.map((x, i) => (i === index ? { ...x, id: e.target.value } : x)) })} className={monoClass} />
            <input aria-label={t("misconceptionAnswer")} placeholder="p1 + p2" value={m.answer} onChange={(e) => set({ misconceptions: misconceptions.map((x, i) => (i === index ? { ...x, answer: e.target.value } : x)) })} className={monoClass} />
            <input aria-label={t("misconceptionFeedback")} placeholder={t("misconceptionFeedback")} value={m.feedback} onChange={(e) => set({ misconceptions: misconceptions.map((x, i) => (i === index ? { ...x, feedback: e.target.value } : x)) })} className={`${inputClass} sm:col-span-2`} />
            <button type="button" className={`${smallButton} justify-self-start`} onClick={() => set({ misconceptions: misconceptions.filter((_, i) => i !== index) })}>{t("remove")}</button>
          </div>
        ))}
        <button type="button" className={smallButton} onClick={() => set({ misconceptions: [...misconceptions, { id: "", answer: "", feedback: "" }] })}>+ {t("addMisconception")}</button>
        <FieldIssues issues={issuesUnder(issues, "misconceptions")} />
      </fieldset>
    </div>
  );
}
