import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { assessmentOverview } from "@/lib/assessments/student-view";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import { requestClientFacts } from "@/lib/http/client-facts";
import { GradeNotices } from "@/app/_components/GradeNotices";
import { unreadNotices } from "@/lib/grade-changes/notices";
import { AccessCodeForm } from "./AccessCodeForm";
import { ExamCountdown } from "./ExamCountdown";
import { FinishExamButton } from "./FinishExamButton";
import { StartExamButton } from "./StartExamButton";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("assessment");

export default async function AssessmentPage({ params, searchParams }: PageProps<"/courses/[courseId]/assessments/[assessmentId]">) {
  const { courseId, assessmentId } = await params;
  const wrongCode = (await searchParams).codigo === "errado";
  const { user } = await requireCourseAccess(courseId, "assessment:take");
  if (!/^[0-9a-f-]{36}$/i.test(assessmentId)) notFound();
  const now = currentTime();
  const db = await getDb();
  const overview = await assessmentOverview(db, courseId, assessmentId, user.id, now, await requestClientFacts());
  if (!overview) notFound();
  const notices = await unreadNotices(db, courseId, user.id, now, assessmentId);
  const [t, te, tg] = await Promise.all([getTranslations("assessment"), getTranslations("exam"), getTranslations("gradeChanges.override")]);
  const format = await getFormatter();
  const { assessment, items } = overview;
  const when = (d: Date) => format.dateTime(d, { dateStyle: "full", timeStyle: "short" });
  const timed = assessment.timeLimitMinutes !== null;
  const closed = now > overview.effectiveClose && assessment.latePolicy === "refuse";
  const answered = items.filter((i) => i.attemptsUsed > 0).length;
  const earned = items.reduce((sum, i) => sum + (i.best ?? 0) * i.points, 0);
  const total = items.reduce((sum, i) => sum + i.points, 0);
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm font-medium uppercase tracking-wide text-brand-700">{t(`kind.${assessment.kind}`)}</p>
        <h1 className="text-2xl font-semibold">{assessment.title}</h1>
        <dl className="grid gap-x-6 gap-y-1 text-sm text-slate-700 sm:grid-cols-2">
          <div><dt className="inline font-medium">{t("closes")}: </dt><dd className="inline">{when(overview.effectiveClose)}</dd></div>
          <div><dt className="inline font-medium">{t("attempts")}: </dt><dd className="inline">{t("attemptsRule", { n: assessment.attemptsAllowed, schedule: assessment.penaltySchedule.map((f) => `${Math.round(f * 100)}%`).join(", ") })}</dd></div>
          {timed && <div><dt className="inline font-medium">{t("timeLimit")}: </dt><dd className="inline">{t("minutes", { n: assessment.timeLimitMinutes! })}</dd></div>}
          <div><dt className="inline font-medium">{t("late")}: </dt><dd className="inline">{assessment.latePolicy === "refuse" ? t("lateRefuse") : t("latePenalty", { percent: Math.round(assessment.latePenaltyPerDay * 100) })}</dd></div>
        </dl>
      </header>
      <GradeNotices courseId={courseId} notices={notices} />
      {closed && <p role="status" className="rounded-lg border border-slate-300 bg-slate-100 p-4">{t("closedNotice")}</p>}
      {overview.accessRefusal === "access-code" && <AccessCodeForm courseId={courseId} assessmentId={assessmentId} wrong={wrongCode} />}
      {(overview.accessRefusal === "network" || overview.accessRefusal === "safe-exam-browser") && (
        <section role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-950" data-testid="access-refused">
          <h2 className="font-semibold">{te("refusedTitle")}</h2>
          <p className="mt-1">{te(overview.accessRefusal === "network" ? "refusedNetwork" : "refusedSeb")}</p>
        </section>
      )}
      {overview.accessRefusal === null && overview.examState === "not-started" && now >= assessment.opensAt && (
        <StartExamButton courseId={courseId} assessmentId={assessmentId} minutes={assessment.timeLimitMinutes!} />
      )}
      {overview.examState === "running" && overview.remainingMs !== null && (
        <>
          <ExamCountdown remainingMs={overview.remainingMs} courseId={courseId} assessmentId={assessmentId} />
          {overview.timeLimitEnd && <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 p-4">{t("endsAt", { time: when(overview.timeLimitEnd) })}</p>}
        </>
      )}
      {overview.examState === "finished" && overview.started && (
        <p role="status" className="rounded-lg border border-slate-300 bg-slate-100 p-4" data-testid="exam-finished">{te("finishedNotice")}</p>
      )}
      <section aria-labelledby="progress" className="rounded-xl border border-slate-200 bg-white p-4">
        <h2 id="progress" className="text-sm font-medium text-slate-600">{t("progress")}</h2>
        <p className="mt-1 text-lg font-semibold">
          {t("answered", { answered, total: items.length })}
          {!overview.resultsHidden && <span className="ml-3 text-slate-700">{t("points", { earned: Math.round(earned * 100) / 100, total })}</span>}
        </p>
        <div className="mt-2 h-2 rounded-full bg-slate-100" aria-hidden>
          <div className="h-2 rounded-full bg-brand-600" style={{ width: `${items.length ? (100 * answered) / items.length : 0}%` }} />
        </div>
      </section>
      <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white">
        {items.map((item) => (
          <li key={item.position} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
            {item.id !== null ? (
              <Link href={`/courses/${courseId}/assessments/${assessmentId}/questions/${item.id}`} className="font-medium text-brand-700 hover:underline">
                {t("question", { n: item.position })}
              </Link>
            ) : (
              <span className="font-medium">{t("question", { n: item.position })}</span>
            )}
            <span className="text-sm text-slate-600">
              {t("itemStatus", { used: item.attemptsUsed, allowed: assessment.attemptsAllowed, points: item.points })}
              {item.pendingManual && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">{t("pendingManual")}</span>}
              {item.best !== null && <span className="ml-2 font-semibold text-slate-900">{Math.round(item.best * 1000) / 10}%</span>}
              {item.adjusted && <span className="ml-2 rounded bg-brand-100 px-1.5 py-0.5 text-xs text-brand-900">{tg("adjusted")}</span>}
            </span>
          </li>
        ))}
      </ol>
      {overview.examState === "running" && <FinishExamButton courseId={courseId} assessmentId={assessmentId} />}
    </article>
  );
}
