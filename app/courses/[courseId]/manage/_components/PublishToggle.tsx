"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton, smallButton } from "./inputs";

export function PublishToggle(props: { courseId: string; assessmentId: string; published: boolean }) {
  const t = useTranslations("manage.builder");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    setPending(true);
    setError(null);
    const response = await fetch(`/api/courses/${props.courseId}/manage/assessments/${props.assessmentId}/publish`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ published: !props.published }),
    });
    if (!response.ok) setError(((await response.json()) as { error?: string }).error ?? t("failed"));
    setPending(false);
    router.refresh();
  }
  return (
    <div className="flex flex-wrap items-center gap-3">
      <span className={`rounded-full px-3 py-1 text-sm font-medium ${props.published ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-800"}`} data-testid="publish-state">
        {props.published ? t("published") : t("draft")}
      </span>
      <button type="button" disabled={pending} onClick={() => void toggle()} className={props.published ? smallButton : primaryButton}>
        {props.published ? t("unpublish") : t("publish")}
      </button>
      {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
    </div>
  );
}
