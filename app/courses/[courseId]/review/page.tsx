import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listAssessments, submissionCounts } from "@/lib/assessments/list";
import { requireCourseAccess } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { pendingItems } from "@/lib/manual-grading/worklist";
import { AssessmentTable } from "@/app/_components/AssessmentTable";
import { DownloadLinks } from "./_components/DownloadLinks";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("ta.title");

export default async function ReviewHome({ params }: PageProps<"/courses/[courseId]/review">) {
  const { courseId } = await params;
  const { role } = await requireCourseAccess(courseId, "analytics:view");
  const t = await getTranslations();
  const db = await getDb();
  const [assessments, counts, pending] = await Promise.all([
    listAssessments(db, courseId, { publishedOnly: false }),
    submissionCounts(db, courseId),
    pendingItems(db, courseId),
  ]);
  const api = `/api/courses/${courseId}/review/gradebook`;
  // submissionCounts counts every pending_manual submission; the queue leaves out those already graded by hand
  const waiting = new Map<string, number>();
  for (const p of pending) waiting.set(p.assessmentId, (waiting.get(p.assessmentId) ?? 0) + p.pending);
  return (
    <section className="space-y-8">
      <div className="space-y-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("ta.title")}</h1>
          <p className="mt-1 text-slate-600">{t("ta.intro")}</p>
        </div>
        {can(role, "grades:export") && (
          <DownloadLinks
            title={t("review.downloads.gradebook")}
            links={[
              { href: api, label: t("review.downloads.csv"), testId: "download-gradebook" },
              { href: `${api}?dialect=semicolon`, label: t("review.downloads.excel") },
            ]}
          />
        )}
      </div>

      {can(role, "submission:grade-manually") && (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">{t("review.home.queueTitle")}</h2>
          {pending.length === 0 ? (
            <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{t("review.home.queueEmpty")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white" data-testid="pending-queue">
              {pending.map((p) => (
                <li key={p.itemId} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                  <span>
                    <span className="font-medium">{p.assessmentTitle}</span> · {t("review.questionN", { n: p.position })}
                  </span>
                  <Link
                    href={`/courses/${courseId}/review/assessments/${p.assessmentId}/items/${p.itemId}/grading`}
                    className="rounded-lg bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700"
                  >
                    {t("review.home.gradeN", { n: p.pending })}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("review.home.assessmentsTitle")}</h2>
        <AssessmentTable
          assessments={assessments}
          empty={t("student.empty")}
          hrefFor={(a) => `/courses/${courseId}/review/assessments/${a.id}`}
          extra={{
            header: t("assessments.submissions"),
            cell: (a) => {
              return t("assessments.submissionCount", { total: counts.get(a.id)?.total ?? 0, pending: waiting.get(a.id) ?? 0 });
            },
          }}
        />
      </section>
    </section>
  );
}
