import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { Dashboard } from "@/lib/assessments/dashboard";

const tone: Record<string, string> = {
  upcoming: "bg-slate-100 text-slate-700",
  "not-started": "bg-amber-100 text-amber-900",
  "in-progress": "bg-sky-100 text-sky-900",
  complete: "bg-emerald-100 text-emerald-900",
  closed: "bg-slate-200 text-slate-700",
};

/** The student's assessments: status, score, their own due date, and what is due next. */
export async function StudentDashboard({ courseId, dashboard, empty }: { courseId: string; dashboard: Dashboard; empty: string }) {
  const t = await getTranslations("management.dashboard");
  const tKind = await getTranslations("assessment.kind");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const href = (id: string) => `/courses/${courseId}/assessments/${id}`;
  if (dashboard.rows.length === 0) return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{empty}</p>;
  const next = dashboard.nextDue;
  return (
    <div className="space-y-4">
      <p role="status" data-testid="next-due" className="rounded-xl border border-brand-200 bg-brand-50 p-4 text-sm">
        {next ? (
          <>
            {t("nextDue", { title: next.title, date: when(next.dueAt) })}
            {next.extended && <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900">{t("extended")}</span>}
          </>
        ) : (
          t("nothingDue")
        )}
      </p>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="student-dashboard">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">{t("assessment")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("status")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("score")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("due")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {dashboard.rows.map((r) => (
              <tr key={r.assessmentId} data-testid="dashboard-row" className={r === next ? "bg-brand-50/50" : undefined}>
                <td className="px-4 py-3">
                  <Link href={href(r.assessmentId)} className="font-medium text-brand-700 hover:underline">{r.title}</Link>
                  <div className="text-xs text-slate-500">{tKind(r.kind)} · {t("answered", { answered: r.answered, count: r.itemCount })}</div>
                </td>
                <td className="px-4 py-3">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[r.status]}`}>{t(`states.${r.status}`)}</span>
                </td>
                <td className="px-4 py-3">
                  {r.earned === null ? t("hidden") : t("points", { earned: Math.round(r.earned * 100) / 100, total: r.total })}
                  {r.pendingManual && <div className="text-xs text-amber-800">{t("pendingManual")}</div>}
                </td>
                <td className="px-4 py-3" data-testid="dashboard-due">
                  {when(r.dueAt)}
                  {r.extended && (
                    <div className="text-xs">
                      <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-emerald-900">{t("extended")}</span>{" "}
                      <span className="text-slate-500">{t("originalDue", { date: when(r.closesAt) })}</span>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
