"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { saveGradeAction, type GradeFormState } from "./actions";

interface Props {
  courseId: string;
  submissionId: string;
  rubric: { id: string; text: string; points: number }[];
  initialAwarded: string[];
  initialComment: string;
  alreadyGraded: boolean;
  previousHref: string | null;
  nextHref: string | null;
}

/** Shortcuts stay off while the grader types (a focused checkbox or button does not count as typing). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit"].includes(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Rubric checkboxes with a live total, a comment, and keyboard navigation (j/k, 1–9 toggles rubric items). */
export function GradingForm(props: Props) {
  const t = useTranslations("review.grading");
  const router = useRouter();
  const [awarded, setAwarded] = useState<string[]>(props.initialAwarded);
  const [state, action, saving] = useActionState<GradeFormState, FormData>(saveGradeAction, { status: "idle" });
  const goNext = useRef(false);
  const total = props.rubric.reduce((s, r) => s + r.points, 0);
  const points = props.rubric.filter((r) => awarded.includes(r.id)).reduce((s, r) => s + r.points, 0);
  const toggle = (id: string) => setAwarded((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  useEffect(() => {
    if (state.status !== "saved") return;
    if (goNext.current && props.nextHref) router.push(props.nextHref);
    else router.refresh();
  }, [state, props.nextHref, router]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (event.key === "j" && props.nextHref) router.push(props.nextHref);
      else if (event.key === "k" && props.previousHref) router.push(props.previousHref);
      else if (/^[1-9]$/.test(event.key)) {
        const item = props.rubric[Number(event.key) - 1];
        if (item) setAwarded((current) => (current.includes(item.id) ? current.filter((x) => x !== item.id) : [...current, item.id]));
      } else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [props.nextHref, props.previousHref, props.rubric, router]);

  return (
    <form action={action} className="space-y-4" onSubmit={(event) => (goNext.current = (event.nativeEvent as SubmitEvent).submitter?.getAttribute("value") === "next")}>
      <input type="hidden" name="courseId" value={props.courseId} />
      <input type="hidden" name="submissionId" value={props.submissionId} />
      <fieldset className="space-y-2">
        <legend className="mb-2 text-sm font-semibold">{t("rubric")}</legend>
        {props.rubric.map((item, index) => (
          <label
            key={item.id}
            className={`flex cursor-pointer gap-3 rounded-lg border p-3 text-sm ${awarded.includes(item.id) ? "border-emerald-300 bg-emerald-50" : "border-slate-200 bg-white hover:border-slate-300"}`}
          >
            <input type="checkbox" name="rubric" value={item.id} checked={awarded.includes(item.id)} onChange={() => toggle(item.id)} className="mt-0.5 size-4 accent-emerald-700" />
            <span className="flex-1">{item.text}</span>
            <span className="whitespace-nowrap font-medium tabular-nums text-slate-600">
              {t("points", { points: item.points })}
              {index < 9 && <kbd className="ml-2 rounded border border-slate-300 bg-slate-50 px-1 text-xs text-slate-500">{index + 1}</kbd>}
            </span>
          </label>
        ))}
      </fieldset>
      <p className="text-sm font-semibold" data-testid="rubric-total" aria-live="polite">
        {t("total", { points, total, percent: total > 0 ? Math.round((points / total) * 1000) / 10 : 0 })}
      </p>
      <label className="block text-sm">
        <span className="font-semibold">{t("comment")}</span>
        <span className="block text-xs text-slate-500">{t("commentHint")}</span>
        <textarea name="comment" defaultValue={props.initialComment} rows={4} maxLength={5000} className="mt-1 w-full rounded-lg border border-slate-300 p-2 text-sm focus:border-brand-600" />
      </label>
      {props.alreadyGraded && (
        <label className="block text-sm">
          <span className="font-semibold">{t("reason")}</span>
          <input name="reason" maxLength={500} className="mt-1 w-full rounded-lg border border-slate-300 p-2 text-sm" placeholder={t("reasonPlaceholder")} />
        </label>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" name="intent" value="save" disabled={saving} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
          {t("save")}
        </button>
        {props.nextHref && (
          <button type="submit" name="intent" value="next" disabled={saving} className="rounded-lg border border-brand-600 px-4 py-2 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60">
            {t("saveAndNext")}
          </button>
        )}
        <span role="status" className="text-sm">
          {state.status === "saved" && <span className="text-emerald-700">{t("saved", { percent: Math.round(state.score * 1000) / 10 })}</span>}
          {state.status === "error" && <span className="text-red-700">{state.message}</span>}
        </span>
      </div>
    </form>
  );
}
