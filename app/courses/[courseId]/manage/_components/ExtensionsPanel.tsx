"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ExtensionView } from "@/lib/assessments/manage/extensions";
import { inputClass, labelClass, primaryButton, smallButton } from "./inputs";

export function ExtensionsPanel(props: { courseId: string; assessmentId: string; students: { id: string; name: string; email: string }[]; extensions: ExtensionView[]; timeZone: string }) {
  const t = useTranslations("manage.extensions");
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const [closesAt, setClosesAt] = useState("");
  const [extraMinutes, setExtraMinutes] = useState(0);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const url = `/api/courses/${props.courseId}/manage/assessments/${props.assessmentId}/extensions`;

  async function grant(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId, closesAt: closesAt || null, extraMinutes, reason }),
    });
    if (!response.ok) setError(((await response.json()) as { error?: string }).error ?? t("failed"));
    else {
      setUserId("");
      setClosesAt("");
      setExtraMinutes(0);
      setReason("");
      router.refresh();
    }
  }

  async function revoke(id: string) {
    await fetch(`${url}?userId=${id}`, { method: "DELETE" });
    router.refresh();
  }

  return (
    <div className="space-y-4">
      {props.extensions.length > 0 ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
          {props.extensions.map((e) => (
            <li key={e.userId} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2">
              <span className="font-medium">{e.name}</span>
              <span className="text-slate-600">{e.closesAt ? t("until", { date: e.closesAt.replace("T", " ") }) : ""}{e.extraMinutes > 0 ? ` ${t("plusMinutes", { n: e.extraMinutes })}` : ""}</span>
              {e.reason && <span className="text-slate-500">“{e.reason}”</span>}
              <button type="button" className={`${smallButton} ml-auto`} onClick={() => void revoke(e.userId)}>{t("revoke")}</button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{t("none")}</p>
      )}
      <form onSubmit={grant} className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className={labelClass} htmlFor="ext-student">{t("student")}</label>
          <select id="ext-student" required value={userId} onChange={(e) => setUserId(e.target.value)} className={inputClass}>
            <option value="">{t("choose")}</option>
            {props.students.map((s) => <option key={s.id} value={s.id}>{s.name} ({s.email})</option>)}
          </select>
        </div>
        <div>
          <label className={labelClass} htmlFor="ext-closes">{t("newClose")}</label>
          <input id="ext-closes" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} className={inputClass} />
          <p className="text-xs text-slate-500">{props.timeZone}</p>
        </div>
        <div>
          <label className={labelClass} htmlFor="ext-minutes">{t("extraMinutes")}</label>
          <input id="ext-minutes" type="number" min={0} value={extraMinutes} onChange={(e) => setExtraMinutes(Math.max(0, Math.round(Number(e.target.value) || 0)))} className={inputClass} />
        </div>
        <div>
          <label className={labelClass} htmlFor="ext-reason">{t("reason")}</label>
          <input id="ext-reason" value={reason} onChange={(e) => setReason(e.target.value)} className={inputClass} />
        </div>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
          <button type="submit" className={primaryButton}>{t("grant")}</button>
          {error && <span role="alert" className="text-sm text-red-700">{error}</span>}
        </div>
      </form>
    </div>
  );
}
