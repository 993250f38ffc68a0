import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { newAssessmentDefaults } from "@/lib/assessments/manage/input";
import { courseTimeZone } from "@/lib/assessments/manage/lookups";
import { requireCourseAccess } from "@/lib/auth/session";
import { AssessmentForm } from "../../_components/AssessmentForm";
import { questionOptions } from "../../_components/question-options";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("manage.builder.newTitle");

export default async function NewAssessmentPage({ params }: PageProps<"/courses/[courseId]/manage/assessments/new">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "assessment:manage");
  const t = await getTranslations("manage");
  const db = await getDb();
  const timeZone = await courseTimeZone(db, courseId);
  const initial = newAssessmentDefaults(timeZone);
  return (
    <section className="space-y-6">
      <nav className="text-sm"><Link href={`/courses/${courseId}/manage`} className="text-brand-700 hover:underline">← {t("home.back")}</Link></nav>
      <h1 className="text-2xl font-semibold">{t("builder.newTitle")}</h1>
      <AssessmentForm courseId={courseId} assessmentId={null} initial={initial} timeZone={timeZone} questions={await questionOptions(db, courseId)} startedItemIds={[]} />
    </section>
  );
}
