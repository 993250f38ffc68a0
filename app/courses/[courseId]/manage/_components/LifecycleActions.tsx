"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { smallButton } from "./inputs";

type Action = "duplicate" | "archive" | "restore" | "delete";

/** Duplicate, archive or restore, and delete an assessment; each asks once more and says why when refused. */
export function LifecycleActions(props: { courseId: string; assessmentId: string; archived: boolean }) {
  const t = useTranslations("management.lifecycle");
  const router = useRouter();
  const [asking, setAsking] = useState<Action | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const actions: Action[] = ["duplicate", props.archived ? "restore" : "archive", "delete"];
  const manage = `/courses/${props.courseId}/manage`;

  async function run(action: Action) {
    setPending(true);
    setError(null);
    const response = await fetch(`/api/courses/${props.courseId}/manage/assessments/${props.assessmentId}/lifecycle`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action, confirm: true }),
    });
    const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
    setPending(false);
    setAsking(null);
    if (!response.ok) {
      setError(body.error ?? t("failed"));
      return;
    }
    if (action === "duplicate") router.push(`${manage}/assessments/${body.id}`);
    else if (action === "delete") router.push(manage);
    else router.refresh();
  }

  return (
    <div className="space-y-2" data-testid="lifecycle-actions">
      <div className="flex flex-wrap gap-2" role="group" aria-label={t("title")}>
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            disabled={pending}
            onClick={() => {
              setError(null);
              setAsking(action);
            }}
            className={action === "delete" ? `${smallButton} border-red-300 text-red-800 hover:bg-red-50` : smallButton}
          >
            {t(action)}
          </button>
        ))}
      </div>
      {asking && (
        <div role="alertdialog" aria-labelledby="lifecycle-title" aria-describedby="lifecycle-text" className="max-w-md space-y-3 rounded-xl border border-slate-300 bg-white p-4 shadow">
          <p id="lifecycle-title" className="font-semibold">{t(`confirm.${asking}`)}</p>
          <p id="lifecycle-text" className="text-sm text-slate-700">{t(`explain.${asking}`)}</p>
          <div className="flex gap-2">
            <button
              type="button"
              disabled={pending}
              onClick={() => void run(asking)}
              className={`rounded-lg px-4 py-2 text-sm font-medium text-white ${asking === "delete" ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}
            >
              {t(`yes.${asking}`)}
            </button>
            <button type="button" onClick={() => setAsking(null)} className={smallButton}>{t("cancel")}</button>
          </div>
        </div>
      )}
      {error && <p role="alert" className="max-w-md text-sm text-red-700" data-testid="lifecycle-error">{error}</p>}
    </div>
  );
}
