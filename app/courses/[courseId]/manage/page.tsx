import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listAssessments } from "@/lib/assessments/list";
import { requireCourseAccess } from "@/lib/auth/session";
import { listMembers } from "@/lib/courses/members";
import { AssessmentTable } from "@/app/_components/AssessmentTable";
import { listDeadJobs } from "@/grader/jobs/dead-letter";
import { FailedGradings } from "./FailedGradings";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("instructor.title");

export default async function InstructorHome({ params }: PageProps<"/courses/[courseId]/manage">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "assessment:manage");
  const t = await getTranslations();
  const db = await getDb();
  const [assessments, members, deadJobs] = await Promise.all([
    listAssessments(db, courseId, { publishedOnly: false }),
    listMembers(db, courseId),
    listDeadJobs(db, courseId),
  ]);
  const base = `/courses/${courseId}/manage`;
  const action = "rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50";
  return (
    <section className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("instructor.title")}</h1>
          <p className="mt-1 text-slate-600">{t("instructor.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`${base}/questions`} className={action}>{t("manage.home.questions")}</Link>
          <Link href={`${base}/questions/new`} className={action}>{t("manage.home.newQuestion")}</Link>
          <Link href={`${base}/lti`} className={action}>{t("lti.manageLink")}</Link>
          <Link href={`${base}/assessments/new`} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">{t("manage.home.newAssessment")}</Link>
        </div>
      </div>
      <FailedGradings courseId={courseId} jobs={deadJobs} />
      <div>
        <h2 className="mb-3 text-lg font-semibold">{t("manage.home.assessments")}</h2>
        <AssessmentTable assessments={assessments} empty={t("manage.home.noAssessments")} hrefFor={(a) => `${base}/assessments/${a.id}`} />
      </div>
      <div>
        <h2 className="mb-3 text-lg font-semibold">{t("instructor.members")}</h2>
        <ul className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
              <span className="font-medium">{m.name}</span>
              <span className="text-slate-500">{m.email}</span>
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t(`roles.${m.role}`)}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
