"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { smallButton } from "../_components/inputs";

/** "Send again" for failed LMS grades, or "Sync roster from the LMS". */
export function LtiActions({ courseId, action, scoreId }: { courseId: string; action: "resend" | "roster"; scoreId?: string }) {
  const t = useTranslations("lti.scores");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  async function run() {
    setPending(true);
    setMessage(null);
    const url = action === "resend" ? `/api/courses/${courseId}/manage/lti/scores/resend` : `/api/courses/${courseId}/manage/lti/roster-sync`;
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(scoreId ? { scoreId } : {}) });
    const body = (await response.json().catch(() => ({}))) as { error?: string; requeued?: number; enrolled?: number; removed?: number; members?: number };
    setPending(false);
    if (!response.ok) return setMessage(body.error ?? t("failed"));
    setMessage(action === "resend" ? t("requeued", { count: body.requeued ?? 0 }) : t("synced", { members: body.members ?? 0, enrolled: body.enrolled ?? 0, removed: body.removed ?? 0 }));
    router.refresh();
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending} onClick={() => void run()} className={smallButton}>
        {action === "resend" ? t("resend") : t("syncRoster")}
      </button>
      {message && <span role="status" className="text-sm">{message}</span>}
    </span>
  );
}
