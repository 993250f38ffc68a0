"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { CourseRole } from "@/lib/auth/policy";
import { buttonClass, secondaryButton, sendJson } from "@/app/_components/api-client";
import { InvitationLinks, type ShownLink } from "./InvitationLinks";

interface ImportReport {
  dryRun: boolean;
  added: number;
  updated: number;
  unchanged: number;
  errors: { line: number; message: string }[];
  lines: { line: number; email: string; name: string; role: CourseRole; studentId: string | null; action: "add" | "update" | "unchanged" }[];
  invitations: ShownLink[];
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** CSV import: a preview (dry run) first, then the import itself, each with the per-line report. */
export function RosterImport({ courseId }: { courseId: string }) {
  const t = useTranslations();
  const router = useRouter();
  const [file, setFile] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function send(dryRun: boolean) {
    if (!file) return;
    setPending(true);
    setError(null);
    const result = await sendJson<ImportReport>(`/api/courses/${courseId}/roster/import`, "POST", { file, dryRun });
    setPending(false);
    if (!result.ok) return setError(result.error);
    setReport(result.data);
    if (!dryRun) router.refresh();
  }

  return (
    <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5">
      <h2 className="font-semibold">{t("people.import.title")}</h2>
      <p className="text-xs text-slate-500">{t("people.import.hint")}</p>
      <label htmlFor="roster-file" className="block text-sm font-medium text-slate-700">{t("people.import.file")}</label>
      <input
        id="roster-file"
        type="file"
        accept=".csv,text/csv"
        className="block text-sm"
        onChange={async (e) => {
          const chosen = e.target.files?.[0];
          setReport(null);
          setFile(chosen ? toBase64(new Uint8Array(await chosen.arrayBuffer())) : null);
        }}
      />
      <div className="flex gap-2">
        <button type="button" disabled={!file || pending} className={secondaryButton} onClick={() => void send(true)}>{t("people.import.preview")}</button>
        {report?.dryRun && <button type="button" disabled={pending} className={buttonClass} onClick={() => void send(false)}>{t("people.import.confirm")}</button>}
      </div>
      {error && <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      {report && (
        <div className="space-y-2 text-sm" data-testid="import-report">
          <p className="font-medium" role="status">
            {t(report.dryRun ? "people.import.previewSummary" : "people.import.doneSummary", { added: report.added, updated: report.updated, unchanged: report.unchanged, errors: report.errors.length })}
          </p>
          {report.errors.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-red-800">
              {report.errors.map((e) => <li key={e.line}>{t("people.import.lineError", { line: e.line, message: e.message })}</li>)}
            </ul>
          )}
          {report.dryRun && (
            <table className="w-full text-left text-xs">
              <thead><tr><th>{t("people.import.line")}</th><th>{t("people.roster.email")}</th><th>{t("people.roster.role")}</th><th>{t("people.import.action")}</th></tr></thead>
              <tbody>
                {report.lines.map((l) => (
                  <tr key={l.line}><td>{l.line}</td><td>{l.email}</td><td>{t(`roles.${l.role}`)}</td><td>{t(`people.import.actions.${l.action}`)}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <InvitationLinks links={report.invitations} />
        </div>
      )}
    </div>
  );
}
