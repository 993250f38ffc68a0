import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { studentDashboard } from "@/lib/assessments/dashboard";
import { homePathFor } from "@/lib/auth/policy";
import { requireCourseAccess } from "@/lib/auth/session";
import { titled } from "@/app/_components/page-title";
import { GradeNotices } from "@/app/_components/GradeNotices";
import { currentTime } from "@/lib/clock";
import { unreadNotices } from "@/lib/grade-changes/notices";
import { StudentDashboard } from "./StudentDashboard";

export const generateMetadata = titled("student.title");

export default async function StudentHome({ params }: PageProps<"/courses/[courseId]">) {
  const { courseId } = await params;
  const { role, archived, user } = await requireCourseAccess(courseId, "course:view");
  if (role !== "student") redirect(homePathFor(courseId, role, archived));
  const t = await getTranslations("student");
  const db = await getDb();
  const [dashboard, notices] = await Promise.all([studentDashboard(db, courseId, user.id, currentTime()), unreadNotices(db, courseId, user.id, currentTime())]);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <GradeNotices courseId={courseId} notices={notices} />
      <StudentDashboard courseId={courseId} dashboard={dashboard} empty={t("empty")} />
    </section>
  );
}
