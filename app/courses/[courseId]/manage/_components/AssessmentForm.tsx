"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { AssessmentInput } from "@/lib/assessments/manage/input";
import { parseNumberList } from "@/lib/authoring/forms/text-lists";
import { inputClass, labelClass, NumberInput, primaryButton, smallButton } from "./inputs";

export interface QuestionOption {
  id: string;
  title: string;
  type: string;
  own: boolean;
}

type Item = AssessmentInput["items"][number];

/** Settings, dates (course time zone), rules and the list of items (a question or a pool "one of these"), in order. */
export function AssessmentForm(props: {
  courseId: string;
  assessmentId: string | null;
  initial: AssessmentInput;
  timeZone: string;
  questions: QuestionOption[];
  startedItemIds: string[];
}) {
  const t = useTranslations("manage.builder");
  const tTypes = useTranslations("manage.editor.types");
  const router = useRouter();
  const [input, setInput] = useState<AssessmentInput>(props.initial);
  const [scheduleText, setScheduleText] = useState(props.initial.penaltySchedule.join(", "));
  const [filter, setFilter] = useState("");
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const set = (patch: Partial<AssessmentInput>) => setInput({ ...input, ...patch });
  const setItem = (index: number, patch: Partial<Item>) => set({ items: input.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) });
  const move = (index: number, by: number) => {
    const items = [...input.items];
    const [item] = items.splice(index, 1);
    items.splice(index + by, 0, item!);
    set({ items });
  };
  const titleOf = new Map(props.questions.map((q) => [q.id, q]));
  const matching = props.questions.filter((q) => `${q.title} ${q.id}`.toLowerCase().includes(filter.toLowerCase())).slice(0, 50);
  const schedule = parseNumberList(scheduleText);

  async function save() {
    setSaving(true);
    setMessage(null);
    try {
      const body = { ...input, penaltySchedule: schedule ?? input.penaltySchedule };
      const url = props.assessmentId ? `/api/courses/${props.courseId}/manage/assessments/${props.assessmentId}` : `/api/courses/${props.courseId}/manage/assessments`;
      const response = await fetch(url, { method: props.assessmentId ? "PUT" : "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const result = (await response.json()) as { id?: string; error?: string };
      if (!response.ok) setMessage({ ok: false, text: result.error ?? t("failed") });
      else if (!props.assessmentId) router.push(`/courses/${props.courseId}/manage/assessments/${result.id}`);
      else {
        setMessage({ ok: true, text: t("saved") });
        router.refresh();
      }
    } catch {
      setMessage({ ok: false, text: t("failed") });
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="space-y-6" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("settings")}</h2>
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
          <div>
            <label className={labelClass} htmlFor="a-title">{t("title")}</label>
            <input id="a-title" required value={input.title} onChange={(e) => set({ title: e.target.value })} className={inputClass} />
          </div>
          <div>
            <label className={labelClass} htmlFor="a-kind">{t("kind")}</label>
            <select id="a-kind" value={input.kind} onChange={(e) => set({ kind: e.target.value as AssessmentInput["kind"] })} className={inputClass}>
              <option value="homework">{t("homework")}</option>
              <option value="exam">{t("exam")}</option>
            </select>
          </div>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label className={labelClass} htmlFor="a-opens">{t("opensAt")}</label>
            <input id="a-opens" type="datetime-local" required value={input.opensAt} onChange={(e) => set({ opensAt: e.target.value })} className={inputClass} />
          </div>
          <div>
            <label className={labelClass} htmlFor="a-closes">{t("closesAt")}</label>
            <input id="a-closes" type="datetime-local" required value={input.closesAt} onChange={(e) => set({ closesAt: e.target.value })} className={inputClass} />
          </div>
        </div>
        <p className="text-xs text-slate-500">{t("timeZone", { zone: props.timeZone })}</p>
        <div className="grid gap-4 sm:grid-cols-3">
          <div>
            <label className={labelClass} htmlFor="a-limit">{t("timeLimit")}</label>
            <input
              id="a-limit"
              type="number"
              min={1}
              value={input.timeLimitMinutes ?? ""}
              placeholder={t("noLimit")}
              onChange={(e) => set({ timeLimitMinutes: e.target.value === "" ? null : Math.max(1, Math.round(Number(e.target.value))) })}
              className={inputClass}
            />
          </div>
          <div>
            <label className={labelClass} htmlFor="a-attempts">{t("attempts")}</label>
            <input id="a-attempts" type="number" min={1} max={100} required value={input.attemptsAllowed} onChange={(e) => set({ attemptsAllowed: Math.max(1, Math.round(Number(e.target.value) || 1)) })} className={inputClass} />
          </div>
          <div>
            <label className={labelClass} htmlFor="a-schedule">{t("penaltySchedule")}</label>
            <input id="a-schedule" value={scheduleText} onChange={(e) => setScheduleText(e.target.value)} aria-invalid={schedule === null || schedule.some((x) => x < 0 || x > 1)} className={`${inputClass} font-mono`} />
            <p className="text-xs text-slate-500">{t("penaltyHint")}</p>
          </div>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <div>
            <label className={labelClass} htmlFor="a-late">{t("latePolicy")}</label>
            <select id="a-late" value={input.latePolicy} onChange={(e) => set({ latePolicy: e.target.value as AssessmentInput["latePolicy"] })} className={inputClass}>
              <option value="refuse">{t("lateRefuse")}</option>
              <option value="penalty">{t("latePenalty")}</option>
            </select>
          </div>
          {input.latePolicy === "penalty" && (
            <div>
              <label className={labelClass} htmlFor="a-late-per-day">{t("latePerDay")}</label>
              <NumberInput id="a-late-per-day" label={t("latePerDay")} value={input.latePenaltyPerDay} onChange={(n) => set({ latePenaltyPerDay: n })} />
            </div>
          )}
          {input.kind === "exam" && (
            <div>
              <label className={labelClass} htmlFor="a-release">{t("resultsRelease")}</label>
              <input id="a-release" type="datetime-local" value={input.resultsReleasedAt ?? ""} onChange={(e) => set({ resultsReleasedAt: e.target.value || null })} className={inputClass} />
              <p className="text-xs text-slate-500">{t("resultsReleaseHint")}</p>
            </div>
          )}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={input.allowNewVariant} onChange={(e) => set({ allowNewVariant: e.target.checked })} /> {t("allowNewVariant")}
        </label>
      </section>

      <AccessRulesFields input={input} set={set} />

      <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("items")}</h2>
        <p className="text-sm text-slate-600">{t("itemsHint")}</p>
        {input.items.length === 0 && <p className="rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600">{t("noItems")}</p>}
        <ol className="space-y-3">
          {input.items.map((item, index) => {
            const started = item.id !== undefined && props.startedItemIds.includes(item.id);
            return (
              <li key={item.id ?? `new-${index}`} className="rounded-lg border border-slate-200 p-3" data-testid={`item-${index + 1}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">{t("item", { n: index + 1 })}</span>
                  {item.questionIds.length > 1 && <span className="rounded-full bg-sky-100 px-2 py-0.5 text-xs text-sky-800">{t("pool", { count: item.questionIds.length })}</span>}
                  <label className="ml-auto flex items-center gap-1 text-sm">
                    {t("points")}
                    <NumberInput id={`item-points-${index}`} label={t("pointsOf", { n: index + 1 })} value={item.points} onChange={(n) => setItem(index, { points: n })} className="w-20" />
                  </label>
                  <button type="button" className={smallButton} disabled={index === 0} onClick={() => move(index, -1)} aria-label={t("moveUp")}>↑</button>
                  <button type="button" className={smallButton} disabled={index === input.items.length - 1} onClick={() => move(index, 1)} aria-label={t("moveDown")}>↓</button>
                  <button type="button" className={smallButton} disabled={started} onClick={() => set({ items: input.items.filter((_, i) => i !== index) })}>{t("remove")}</button>
                </div>
                <ul className="mt-2 space-y-1 text-sm">
                  {item.questionIds.map((id) => (
                    <li key={id} className="flex items-center justify-between gap-2 rounded bg-slate-50 px-2 py-1">
                      <span><span className="font-medium">{titleOf.get(id)?.title ?? id}</span> <span className="font-mono text-xs text-slate-500">{id}</span></span>
                      {!started && item.questionIds.length > 1 && (
                        <button type="button" className="text-xs text-red-700 hover:underline" onClick={() => setItem(index, { questionIds: item.questionIds.filter((q) => q !== id) })}>{t("removeFromPool")}</button>
                      )}
                    </li>
                  ))}
                </ul>
                {started && <p className="mt-1 text-xs text-slate-500">{t("started")}</p>}
                {!started && (
                  <select
                    aria-label={t("addToPool", { n: index + 1 })}
                    value=""
                    onChange={(e) => e.target.value && setItem(index, { questionIds: [...item.questionIds, e.target.value] })}
                    className={`${inputClass} mt-2`}
                  >
                    <option value="">{t("addToPool", { n: index + 1 })}</option>
                    {props.questions.filter((q) => !item.questionIds.includes(q.id)).map((q) => <option key={q.id} value={q.id}>{q.title} ({q.id})</option>)}
                  </select>
                )}
              </li>
            );
          })}
        </ol>
        <div className="rounded-lg border border-slate-200 p-3">
          <label className={labelClass} htmlFor="question-filter">{t("addQuestion")}</label>
          <input id="question-filter" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t("search")} className={`${inputClass} mt-1`} />
          <ul className="mt-2 max-h-64 divide-y divide-slate-100 overflow-y-auto text-sm">
            {matching.map((q) => (
              <li key={q.id} className="flex items-center justify-between gap-2 py-1.5">
                <span className="min-w-0">
                  <span className="font-medium">{q.title}</span>{" "}
                  <span className="text-xs text-slate-500">{tTypes(q.type)}{q.own ? ` · ${t("own")}` : ""}</span>
                </span>
                <button type="button" className={smallButton} onClick={() => set({ items: [...input.items, { questionIds: [q.id], points: 1 }] })} aria-label={t("addNamed", { title: q.title })}>
                  {t("add")}
                </button>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryButton} disabled={saving || schedule === null}>{saving ? t("saving") : props.assessmentId ? t("save") : t("create")}</button>
        {message && <span role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>{message.text}</span>}
      </div>
    </form>
  );
}

const lines = (text: string) => text.split(/[\n,]/).map((l) => l.trim()).filter(Boolean);

/** Optional access rules: a code, allowed networks (CIDR), Safe Exam Browser keys (lib/assessments/access.ts). */
function AccessRulesFields({ input, set }: { input: AssessmentInput; set: (patch: Partial<AssessmentInput>) => void }) {
  const t = useTranslations("manage.builder");
  const [networks, setNetworks] = useState(input.allowedNetworks.join("\n"));
  const [configKeys, setConfigKeys] = useState(input.sebConfigKeys.join("\n"));
  const [examKeys, setExamKeys] = useState(input.sebBrowserExamKeys.join("\n"));
  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="access-rules">
      <h2 id="access-rules" className="text-lg font-semibold">{t("accessRules")}</h2>
      <p className="text-sm text-slate-600">{t("accessRulesHint")}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className={labelClass} htmlFor="a-code">{t("accessCode")}</label>
          <input id="a-code" value={input.accessCode ?? ""} onChange={(e) => set({ accessCode: e.target.value || null })} autoComplete="off" className={inputClass} />
        </div>
        <div>
          <label className={labelClass} htmlFor="a-networks">{t("allowedNetworks")}</label>
          <textarea
            id="a-networks"
            rows={3}
            value={networks}
            placeholder="200.17.0.0/16"
            onChange={(e) => {
              setNetworks(e.target.value);
              set({ allowedNetworks: lines(e.target.value) });
            }}
            className={inputClass}
          />
        </div>
        <div>
          <label className={labelClass} htmlFor="a-seb-config">{t("sebConfigKeys")}</label>
          <textarea id="a-seb-config" rows={2} value={configKeys} onChange={(e) => { setConfigKeys(e.target.value); set({ sebConfigKeys: lines(e.target.value) }); }} className={`${inputClass} font-mono text-xs`} />
        </div>
        <div>
          <label className={labelClass} htmlFor="a-seb-exam">{t("sebBrowserExamKeys")}</label>
          <textarea id="a-seb-exam" rows={2} value={examKeys} onChange={(e) => { setExamKeys(e.target.value); set({ sebBrowserExamKeys: lines(e.target.value) }); }} className={`${inputClass} font-mono text-xs`} />
        </div>
      </div>
      <p className="text-xs text-slate-500">{t("sebHint")}</p>
    </section>
  );
}
