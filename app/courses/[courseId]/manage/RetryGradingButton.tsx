"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton, smallButton } from "./_components/inputs";

/** Sends dead-letter submissions back to grading (one row, or all of them). */
export function RetryGradingButton(props: { courseId: string; submissionIds: string[]; all?: boolean }) {
  const t = useTranslations("failedGradings");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function retry() {
    setPending(true);
    setMessage(null);
    const response = await fetch(`/api/courses/${props.courseId}/manage/failed-gradings/retry`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ submissionIds: props.submissionIds }),
    });
    const body = (await response.json().catch(() => ({}))) as { requeued?: number; error?: string };
    setPending(false);
    if (!response.ok) return setMessage(body.error ?? t("retryFailed"));
    setMessage(t("requeued", { count: body.requeued ?? 0 }));
    router.refresh();
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending} onClick={() => void retry()} className={props.all ? primaryButton : smallButton}>
        {props.all ? t("retryAll") : t("retry")}
      </button>
      {message && <span role="status" className="text-sm text-red-900">{message}</span>}
    </span>
  );
}
