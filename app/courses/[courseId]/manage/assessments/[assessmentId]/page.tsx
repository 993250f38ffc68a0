import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { courseStudents } from "@/lib/assessments/manage/extensions";
import { assessmentForEditing } from "@/lib/assessments/manage/for-editing";
import { requireCourseAccess } from "@/lib/auth/session";
import { AssessmentForm } from "../../_components/AssessmentForm";
import { ExtensionsPanel } from "../../_components/ExtensionsPanel";
import { LifecycleActions } from "../../_components/LifecycleActions";
import { PublishToggle } from "../../_components/PublishToggle";
import { questionOptions } from "../../_components/question-options";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("editAssessment");

export default async function EditAssessmentPage({ params }: PageProps<"/courses/[courseId]/manage/assessments/[assessmentId]">) {
  const { courseId, assessmentId } = await params;
  await requireCourseAccess(courseId, "assessment:manage");
  const db = await getDb();
  const editing = await assessmentForEditing(db, courseId, assessmentId);
  if (!editing) notFound();
  const t = await getTranslations("manage");
  const tl = await getTranslations("management.lifecycle");
  const base = `/courses/${courseId}/manage/assessments/${assessmentId}`;
  return (
    <section className="space-y-6">
      <nav className="text-sm"><Link href={`/courses/${courseId}/manage`} className="text-brand-700 hover:underline">← {t("home.back")}</Link></nav>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{editing.input.title}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("builder.submissionCount", { count: editing.submissionCount })}</p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Link href={`${base}/preview`} className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">{t("builder.preview")}</Link>
          <PublishToggle courseId={courseId} assessmentId={assessmentId} published={editing.published} />
        </div>
      </header>
      <LifecycleActions courseId={courseId} assessmentId={assessmentId} archived={editing.archived} />
      {editing.archived && <p role="status" data-testid="archived-notice" className="rounded-lg border border-slate-300 bg-slate-100 p-3 text-sm">{tl("archivedNotice")}</p>}
      <AssessmentForm
        courseId={courseId}
        assessmentId={assessmentId}
        initial={editing.input}
        timeZone={editing.timeZone}
        questions={await questionOptions(db, courseId)}
        startedItemIds={editing.startedItemIds}
      />
      <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("extensions.title")}</h2>
        <ExtensionsPanel courseId={courseId} assessmentId={assessmentId} students={await courseStudents(db, courseId)} extensions={editing.extensions} timeZone={editing.timeZone} />
      </section>
    </section>
  );
}
