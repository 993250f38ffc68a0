import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listAssessments, submissionCounts } from "@/lib/assessments/list";
import { requireCourseAccess } from "@/lib/auth/session";
import { AssessmentTable } from "@/app/_components/AssessmentTable";

export default async function ReviewHome({ params }: PageProps<"/courses/[courseId]/review">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "analytics:view");
  const t = await getTranslations();
  const db = await getDb();
  const [assessments, counts] = await Promise.all([listAssessments(db, courseId, { publishedOnly: false }), submissionCounts(db, courseId)]);
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("ta.title")}</h1>
        <p className="mt-1 text-slate-600">{t("ta.intro")}</p>
      </div>
      <AssessmentTable
        assessments={assessments}
        empty={t("student.empty")}
        extra={{
          header: t("assessments.submissions"),
          cell: (a) => {
            const c = counts.get(a.id);
            return t("assessments.submissionCount", { total: c?.total ?? 0, pending: c?.pendingManual ?? 0 });
          },
        }}
      />
    </section>
  );
}
