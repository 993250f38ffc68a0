"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState, type ReactNode } from "react";
import { gradeGroupAction, type GroupGradeState } from "./actions";

interface Member {
  submissionId: string;
  similarity: number;
  outlier: boolean;
  /** the answer, rendered by the server */
  body: ReactNode;
  gradeAloneHref: string;
}

/** One group: its answers (outliers left out by default), one rubric choice and a comment for all of them. */
export function GroupGradeForm(props: { courseId: string; assessmentId: string; itemId: string; label: string; rubric: { id: string; text: string; points: number }[]; members: Member[] }) {
  const t = useTranslations("answerGroups");
  const tm = useTranslations();
  const [kept, setKept] = useState<string[]>(props.members.filter((m) => !m.outlier).map((m) => m.submissionId));
  const [state, action, saving] = useActionState<GroupGradeState, FormData>(gradeGroupAction, { status: "idle" });
  const toggle = (id: string) => setKept((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));
  return (
    <form action={action} className="space-y-3" aria-label={props.label}>
      <input type="hidden" name="courseId" value={props.courseId} />
      <input type="hidden" name="assessmentId" value={props.assessmentId} />
      <input type="hidden" name="itemId" value={props.itemId} />
      <ul className="space-y-2">
        {props.members.map((m) => (
          <li key={m.submissionId} className={`rounded-lg border p-3 ${m.outlier ? "border-amber-300 bg-amber-50/60" : "border-slate-200"}`} data-testid="group-member">
            <div className="mb-1 flex flex-wrap items-center gap-3 text-xs text-slate-600">
              <label className="flex items-center gap-2 font-medium text-slate-900">
                <input type="checkbox" name="member" value={m.submissionId} checked={kept.includes(m.submissionId)} onChange={() => toggle(m.submissionId)} className="size-4 accent-brand-600" />
                {t("include")}
              </label>
              <span>{t("similarity", { value: m.similarity.toFixed(2) })}</span>
              {m.outlier && <span className="rounded bg-amber-200 px-1.5 text-amber-900" data-testid="outlier-mark">{t("outlier")}</span>}
              <a href={m.gradeAloneHref} className="text-brand-700 hover:underline">{t("gradeAlone")}</a>
            </div>
            {m.body}
          </li>
        ))}
      </ul>
      <fieldset className="space-y-1">
        <legend className="text-sm font-semibold">{t("rubric")}</legend>
        {props.rubric.map((r) => (
          <label key={r.id} className="flex gap-2 text-sm">
            <input type="checkbox" name="rubric" value={r.id} className="mt-0.5 size-4 accent-emerald-700" />
            <span className="flex-1">{r.text}</span>
            <span className="tabular-nums text-slate-600">{r.points}</span>
          </label>
        ))}
      </fieldset>
      <label className="block text-sm">
        <span className="font-semibold">{t("comment")}</span>
        <textarea name="comment" rows={2} maxLength={5000} className="mt-1 w-full rounded-lg border border-slate-300 p-2 text-sm" />
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={saving || kept.length === 0} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
          {t("gradeGroup", { n: kept.length })}
        </button>
        <span role="status" className="text-sm">
          {state.status === "error" && <span className="text-red-700">{state.key ? tm(state.message) : state.message}</span>}
        </span>
      </div>
    </form>
  );
}
