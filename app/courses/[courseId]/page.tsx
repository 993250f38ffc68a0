import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { listAssessments } from "@/lib/assessments/list";
import { homePathFor } from "@/lib/auth/policy";
import { requireCourseAccess } from "@/lib/auth/session";
import { AssessmentTable } from "@/app/_components/AssessmentTable";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("student.title");
import { GradeNotices } from "@/app/_components/GradeNotices";
import { currentTime } from "@/lib/clock";
import { unreadNotices } from "@/lib/grade-changes/notices";

export default async function StudentHome({ params }: PageProps<"/courses/[courseId]">) {
  const { courseId } = await params;
  const { role, archived, user } = await requireCourseAccess(courseId, "course:view");
  if (role !== "student") redirect(homePathFor(courseId, role, archived));
  const t = await getTranslations("student");
  const db = await getDb();
  const [assessments, notices] = await Promise.all([listAssessments(db, courseId, { publishedOnly: true }), unreadNotices(db, courseId, user.id, currentTime())]);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <GradeNotices courseId={courseId} notices={notices} />
      <AssessmentTable assessments={assessments} empty={t("empty")} hrefFor={(a) => `/courses/${courseId}/assessments/${a.id}`} />
    </section>
  );
}
