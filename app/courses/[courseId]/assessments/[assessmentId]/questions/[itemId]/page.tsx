import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AnswerView } from "@/app/_components/AnswerView";
import { RubricList } from "@/app/_components/RubricList";
import { QuestionFigure } from "@/app/_components/QuestionFigure";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { itemNeighbours } from "@/lib/assessments/navigation";
import { itemView } from "@/lib/assessments/student-view";
import { QuestionPager } from "@/app/_components/QuestionPager";
import { requireCourseAccess } from "@/lib/auth/session";
import { currentTime } from "@/lib/clock";
import type { Locale } from "@/domain/i18n/config";
import { requestClientFacts } from "@/lib/http/client-facts";
import { ExamCountdown } from "../../ExamCountdown";
import { FinishExamButton } from "../../FinishExamButton";
import { Markdown } from "@/app/_components/Markdown";
import { AnswerForm } from "./AnswerForm";
import { NewVariantButton } from "./NewVariantButton";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("question");

export default async function QuestionPage({ params }: PageProps<"/courses/[courseId]/assessments/[assessmentId]/questions/[itemId]">) {
  const { courseId, assessmentId, itemId } = await params;
  const { user } = await requireCourseAccess(courseId, "assessment:take");
  if (!/^[0-9a-f-]{36}$/i.test(itemId)) notFound();
  const db = await getDb();
  const result = await itemView(db, courseId, itemId, user.id, currentTime(), await requestClientFacts(), (await getLocale()) as Locale);
  // before the start (or while an access rule refuses) nothing of the question is rendered: back to the
  // assessment's page, which says why and shows "Iniciar prova" or the access code form
  if (!result.ok && result.reason !== "not-found") redirect(`/courses/${courseId}/assessments/${assessmentId}`);
  if (!result.ok) notFound();
  const { view } = result;
  const neighbours = await itemNeighbours(db, assessmentId, itemId);
  const pager = <QuestionPager neighbours={neighbours} hrefFor={(id) => `/courses/${courseId}/assessments/${assessmentId}/questions/${id}`} />;
  const [t, te, tg] = await Promise.all([getTranslations("question"), getTranslations("exam"), getTranslations("gradeChanges.override")]);

  const format = await getFormatter();
  const starter = typeof view.publicView.starter === "string" ? view.publicView.starter : "";
  return (
    <article className="space-y-6" data-question-id={view.questionId} data-variant-seed={view.seed}>
      <nav aria-label={t("breadcrumb")} className="text-sm">
        <Link href={`/courses/${courseId}/assessments/${assessmentId}`} className="text-brand-700 hover:underline">← {t("back")}</Link>
      </nav>
      {view.examState === "running" && view.remainingMs !== null && <ExamCountdown remainingMs={view.remainingMs} courseId={courseId} assessmentId={assessmentId} />}
      {view.locked && <p role="status" className="rounded-lg border border-slate-300 bg-slate-100 p-4" data-testid="exam-locked">{te("lockedAnswer")}</p>}
      <header>
        <p className="text-sm font-medium text-slate-500">{t("heading", { position: view.position, points: view.points })}</p>
        <h1 className="text-2xl font-semibold">{view.title}</h1>
      </header>
      <section className="rounded-xl border border-slate-200 bg-white p-6">
        <Markdown>{view.prompt}</Markdown>
        {view.figure && <QuestionFigure figure={view.figure} />}
      </section>
      <section className="rounded-xl border border-slate-200 bg-white p-6">
        <h2 className="mb-4 text-lg font-semibold">{t("yourAnswer")}</h2>
        <AnswerForm
          courseId={courseId}
          assessmentId={assessmentId}
          itemId={itemId}
          type={view.type}
          publicView={view.publicView}
          attemptsLeft={view.attemptsAllowed - view.attemptsUsed}
          locked={view.locked}
          keepDraft={view.examState === "running"}
          initialAnswer={view.history[0]?.answer ?? starter}
        />
        {view.canRequestNewVariant && <NewVariantButton courseId={courseId} assessmentId={assessmentId} itemId={itemId} />}
      </section>
      {pager}
      {view.examState === "running" && <FinishExamButton courseId={courseId} assessmentId={assessmentId} />}
      {view.solution && (
        <section className="rounded-xl border border-emerald-200 bg-emerald-50/50 p-6">
          <h2 className="mb-3 text-lg font-semibold">{t("solution")}</h2>
          <Markdown>{view.solution}</Markdown>
        </section>
      )}
      {view.override && (
        <section role="status" className="rounded-xl border border-brand-200 bg-brand-50 p-4" data-testid="score-override">
          <h2 className="font-semibold">{tg("studentTitle")}</h2>
          <p className="mt-1 text-sm">{tg("studentText", { percent: Math.round(view.override.score * 1000) / 10 })}</p>
          <p className="mt-1 text-sm">{tg("reason", { reason: view.override.reason })}</p>
        </section>
      )}
      {view.history.length > 0 && (
        <section>
          <h2 className="mb-3 text-lg font-semibold">{t("history")}</h2>
          <ol className="space-y-2">
            {view.history.map((h) => (
              <li key={h.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
                <div className="flex flex-wrap justify-between gap-2">
                  <span className="font-medium">{t("attempt", { n: h.attemptNumber })}</span>
                  <span className="text-slate-500">{format.dateTime(h.submittedAt, { dateStyle: "short", timeStyle: "medium" })}</span>
                  <span>{h.feedback?.invalidAnswer ? t("unreadable") : h.score === null ? t(`status.${h.status}`) : t("scoreValue", { percent: Math.round(h.score * 1000) / 10 })}</span>
                </div>
                {h.feedback?.invalidAnswer && (
                  <div className="mt-2 rounded border-l-4 border-red-400 bg-red-50 px-3 py-2" data-testid="history-unreadable">
                    <Markdown>{h.feedback.feedback}</Markdown>
                    <p className="mt-1 font-medium">{t("notAnAttempt")}</p>
                  </div>
                )}
                <AnswerView type={view.type} answer={h.answer} />
                {h.rubricBreakdown && (
                  <div className="mt-2">
                    <RubricList rubric={h.rubricBreakdown} />
                  </div>
                )}
                {h.manualComment && (
                  <p className="mt-2 rounded border-l-4 border-amber-400 bg-amber-50 px-3 py-2 text-sm">
                    <span className="font-medium">{t("taComment")}: </span>
                    {h.manualComment}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
