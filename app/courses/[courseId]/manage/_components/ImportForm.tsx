"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import type { ImportReport } from "@/lib/interop/import";
import { inputClass, labelClass, primaryButton, smallButton } from "./inputs";

export function ImportForm({ courseId }: { courseId: string }) {
  const t = useTranslations("manage.import");
  const types = useTranslations("manage.editor.types");
  const [format, setFormat] = useState<"moodle-xml" | "gift">("moodle-xml");
  const [content, setContent] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<(ImportReport & { dryRun: boolean }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function readFile(file: File | undefined) {
    if (!file) return;
    setFileName(file.name);
    setContent(await file.text());
    if (/\.(gift|txt)$/i.test(file.name)) setFormat("gift");
    else if (/\.xml$/i.test(file.name)) setFormat("moodle-xml");
  }

  async function run(dryRun: boolean) {
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/api/courses/${courseId}/manage/interop/import`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ format, content, dryRun }),
      });
      const body = (await response.json()) as ImportReport & { error?: string };
      if (!response.ok) setError(body.error ?? t("failed"));
      else setReport({ ...body, dryRun });
    } catch {
      setError(t("failed"));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label className={labelClass} htmlFor="import-format">{t("format")}</label>
          <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as typeof format)} className={inputClass}>
            <option value="moodle-xml">Moodle XML</option>
            <option value="gift">GIFT</option>
          </select>
        </div>
        <div>
          <label className={labelClass} htmlFor="import-file">{t("file")}</label>
          <input id="import-file" type="file" accept=".xml,.gift,.txt" onChange={(e) => void readFile(e.target.files?.[0])} className="mt-1 block w-full text-sm" />
          {fileName && <p className="text-xs text-slate-500">{fileName}</p>}
        </div>
      </div>
      <div>
        <label className={labelClass} htmlFor="import-content">{t("content")}</label>
        <textarea id="import-content" rows={10} value={content} onChange={(e) => setContent(e.target.value)} className={`${inputClass} font-mono text-xs`} spellCheck={false} />
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="button" className={smallButton} disabled={pending || !content.trim()} onClick={() => void run(true)}>{t("check")}</button>
        <button type="button" className={primaryButton} disabled={pending || !content.trim()} onClick={() => void run(false)}>{t("import")}</button>
      </div>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {report && (
        <div className="space-y-2" data-testid="import-report">
          <p className="font-medium" role="status">{report.dryRun ? t("summaryDry", { ok: report.imported, rejected: report.rejected }) : t("summary", { ok: report.imported, rejected: report.rejected })}</p>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
            {report.entries.map((entry, i) => (
              <li key={i} className="space-y-1 px-3 py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${entry.status === "rejected" ? "bg-red-100 text-red-800" : "bg-emerald-100 text-emerald-800"}`}>{t(`status.${entry.status}`)}</span>
                  <span className="font-medium">{entry.name}</span>
                  {entry.type && types.has(entry.type) && <span className="text-xs text-slate-500">{types(entry.type)}</span>}
                  {entry.id && entry.status === "imported" ? (
                    <Link href={`/courses/${courseId}/manage/questions/${entry.id}`} className="font-mono text-xs text-brand-700 hover:underline">{entry.id}</Link>
                  ) : entry.id ? <span className="font-mono text-xs text-slate-500">{entry.id}</span> : null}
                </div>
                {entry.reasons.map((r, j) => <p key={j} className="text-red-700">{r}</p>)}
                {entry.review.length > 0 && (
                  <ul className="list-disc pl-5 text-amber-800">
                    {entry.review.map((r, j) => <li key={j}>{t("review")}: {r}</li>)}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
