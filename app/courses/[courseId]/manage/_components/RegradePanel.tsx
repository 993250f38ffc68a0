"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { inputClass, labelClass, primaryButton } from "./inputs";

interface Run {
  id: string;
  status: "running" | "done" | "failed";
  total: number;
  processed: number;
  changed: number;
  unreadable: number;
  error: string | null;
  moveSubmissions: boolean;
}

/** "Regrade on demand": pick the version whose submissions are regraded and the version that grades them, then follow the progress. */
export function RegradePanel(props: { courseId: string; questionId: string; versions: { version: number; submissions: number }[]; initialRun: Run | null }) {
  const t = useTranslations("manage.regrade");
  const router = useRouter();
  const latest = props.versions[0]?.version ?? 1;
  const withSubmissions = props.versions.filter((v) => v.submissions > 0);
  const [from, setFrom] = useState(withSubmissions.at(-1)?.version ?? latest);
  const [to, setTo] = useState(latest);
  const [move, setMove] = useState(false);
  const [run, setRun] = useState<Run | null>(props.initialRun);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!run || run.status !== "running") return;
    const timer = setTimeout(async () => {
      const response = await fetch(`/api/courses/${props.courseId}/manage/regrades/${run.id}`);
      if (response.ok) {
        const next = (await response.json()) as Run;
        setRun(next);
        if (next.status !== "running") router.refresh();
      }
    }, 700);
    return () => clearTimeout(timer);
  }, [run, props.courseId, router]);

  async function start() {
    setError(null);
    const response = await fetch(`/api/courses/${props.courseId}/manage/questions/${props.questionId}/regrades`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ fromVersion: from, toVersion: to, moveSubmissions: move }),
    });
    const body = (await response.json()) as Run & { error?: string };
    if (!response.ok) setError(body.error ?? t("failed"));
    else setRun(body);
  }

  const percent = run && run.total > 0 ? Math.round((run.processed / run.total) * 100) : 100;
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label className={labelClass} htmlFor="regrade-from">{t("from")}</label>
          <select id="regrade-from" value={from} onChange={(e) => setFrom(Number(e.target.value))} className={inputClass}>
            {props.versions.map((v) => <option key={v.version} value={v.version}>{t("versionOption", { version: v.version, count: v.submissions })}</option>)}
          </select>
        </div>
        <div>
          <label className={labelClass} htmlFor="regrade-to">{t("to")}</label>
          <select id="regrade-to" value={to} onChange={(e) => setTo(Number(e.target.value))} className={inputClass}>
            {props.versions.filter((v) => v.version >= from).map((v) => <option key={v.version} value={v.version}>{t("version", { version: v.version })}</option>)}
          </select>
        </div>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={move} disabled={to === from} onChange={(e) => setMove(e.target.checked)} />
        <span>{t("move")}</span>
      </label>
      <button type="button" className={primaryButton} disabled={run?.status === "running" || to < from} onClick={() => void start()}>{t("start")}</button>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {run && (
        <div role="status" className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm" data-testid="regrade-status">
          <div className="h-2 overflow-hidden rounded-full bg-slate-100" aria-hidden>
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
          </div>
          <p>
            {run.status === "running" ? t("running", { processed: run.processed, total: run.total }) : run.status === "done" ? t("done", { total: run.total, changed: run.changed }) : t("failedWith", { error: run.error ?? "" })}
          </p>
          {run.unreadable > 0 && <p className="text-amber-800">{t("unreadable", { count: run.unreadable })}</p>}
        </div>
      )}
    </div>
  );
}
