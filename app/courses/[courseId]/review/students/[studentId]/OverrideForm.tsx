"use client";

import { useTranslations } from "next-intl";
import { useActionState, useId } from "react";
import { saveOverrideAction, type OverrideFormState } from "./actions";

/** Sets (or removes) this student's score on one item; the reason is required and shown to the student. */
export function OverrideForm(props: { courseId: string; studentId: string; itemId: string; position: number; maxPoints: number; hasOverride: boolean }) {
  const t = useTranslations("studentRecord");
  const tm = useTranslations();
  const [state, action, saving] = useActionState<OverrideFormState, FormData>(saveOverrideAction, { status: "idle" });
  const id = useId();
  return (
    <form action={action} className="mt-3 space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm" aria-label={`${t("overrideTitle")} · ${t("item", { n: props.position, points: props.maxPoints })}`}>
      <input type="hidden" name="courseId" value={props.courseId} />
      <input type="hidden" name="studentId" value={props.studentId} />
      <input type="hidden" name="itemId" value={props.itemId} />
      <p className="font-semibold">{t("overrideTitle")}</p>
      <div className="flex flex-wrap items-end gap-3">
        <label className="block" htmlFor={`${id}-points`}>
          <span className="block text-xs text-slate-600">{t("overridePoints", { max: props.maxPoints })}</span>
          <input id={`${id}-points`} name="points" inputMode="decimal" className="mt-1 w-28 rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="block flex-1" htmlFor={`${id}-reason`}>
          <span className="block text-xs text-slate-600">{t("overrideReason")}</span>
          <input id={`${id}-reason`} name="reason" required minLength={3} maxLength={500} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" />
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" name="intent" value="set" disabled={saving} className="rounded-lg bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
          {t("overrideSave")}
        </button>
        {props.hasOverride && (
          <button type="submit" name="intent" value="clear" disabled={saving} className="rounded-lg border border-slate-300 px-3 py-1.5 font-medium hover:bg-white disabled:opacity-60">
            {t("overrideClear")}
          </button>
        )}
        <span role="status">
          {state.status === "saved" && <span className="text-emerald-700">{t("overrideSaved")}</span>}
          {state.status === "error" && <span className="text-red-700">{tm(state.message)}</span>}
        </span>
      </div>
    </form>
  );
}
