import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { studentDashboard } from "@/lib/assessments/dashboard";
import { homePathFor } from "@/lib/auth/policy";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { StudentDashboard } from "./StudentDashboard";

export default async function StudentHome({ params }: PageProps<"/courses/[courseId]">) {
  const { courseId } = await params;
  const { role, archived, user } = await requireCourseAccess(courseId, "course:view");
  if (role !== "student") redirect(homePathFor(courseId, role, archived));
  const t = await getTranslations("student");
  const dashboard = await studentDashboard(await getDb(), courseId, user.id, currentTime());
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <StudentDashboard courseId={courseId} dashboard={dashboard} empty={t("empty")} />
    </section>
  );
}
