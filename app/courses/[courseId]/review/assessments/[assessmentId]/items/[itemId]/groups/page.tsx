import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { answerGroupsOf } from "@/lib/answer-groups/load";
import { requireCourseAccess } from "@/lib/auth/session";
import { queueItem } from "@/lib/manual-grading/worklist";
import { RenderedAnswer } from "../../../../../_components/RenderedAnswer";
import { GroupGradeForm } from "./GroupGradeForm";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function generateMetadata() {
  const t = await getTranslations("answerGroups");
  return { title: t("link") };
}

/** The item's pending open answers in groups of similar answers, each graded with one rubric choice. */
const countSchema = z.coerce.number().int().min(0).max(100_000);

export default async function AnswerGroupsPage({ params, searchParams }: PageProps<"/courses/[courseId]/review/assessments/[assessmentId]/items/[itemId]/groups">) {
  const { courseId, assessmentId, itemId } = await params;
  const query = await searchParams;
  const graded = countSchema.safeParse(query.graded);
  const skipped = countSchema.safeParse(query.skipped);
  await requireCourseAccess(courseId, "submission:grade-manually");
  if (!uuid.test(itemId)) notFound();
  const db = await getDb();
  const item = await queueItem(db, courseId, itemId);
  if (!item || item.assessmentId !== assessmentId) notFound();
  const t = await getTranslations("answerGroups");
  const questions = await answerGroupsOf(db, courseId, itemId);
  const base = `/courses/${courseId}/review/assessments/${assessmentId}/items/${itemId}`;
  const alone = (submissionId: string) => `${base}/grading?filter=all&s=${submissionId}`;
  return (
    <article className="space-y-6">
      <nav className="text-sm">
        <Link href={`${base}/grading`} className="text-brand-700 hover:underline">{t("back")}</Link>
      </nav>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">{t("title", { title: item.questionTitle })}</h1>
        <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
        {graded.success && (
          <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="groups-graded">
            {t("graded", { graded: graded.data, skipped: skipped.success ? skipped.data : 0 })}
          </p>
        )}
        <p className="text-sm font-medium" data-testid="groups-pending">{t("pending", { n: questions.reduce((s, q) => s + q.pending, 0) })}</p>
      </header>
      {questions.map((q) => (
        <div key={q.questionId} className="space-y-4">
          {q.groups.map((group, index) => (
            <section key={group.key} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" data-testid="answer-group">
              <div>
                <h2 className="text-lg font-semibold">{t("group", { n: index + 1, size: group.members.length })}</h2>
                <p className="text-sm text-slate-600" data-testid="group-explanation">
                  {t("topTerms", { terms: group.topTerms.join(", ") })} · {t("cohesion", { value: group.cohesion.toFixed(2) })}
                </p>
              </div>
              <GroupGradeForm
                courseId={courseId}
                assessmentId={assessmentId}
                itemId={itemId}
                label={t("group", { n: index + 1, size: group.members.length })}
                rubric={q.rubric}
                members={group.members.map((m) => ({
                  submissionId: m.submissionId,
                  similarity: m.similarity,
                  outlier: m.outlier,
                  gradeAloneHref: alone(m.submissionId),
                  body: <RenderedAnswer type="open" answer={m.answer} />,
                }))}
              />
            </section>
          ))}
          {q.singles.length > 0 && (
            <section className="space-y-2 rounded-xl border border-dashed border-slate-300 bg-white p-4" data-testid="answer-singles">
              <h2 className="text-lg font-semibold">{t("singles", { n: q.singles.length })}</h2>
              <ul className="space-y-2">
                {q.singles.map((s) => (
                  <li key={s.submissionId} className="rounded-lg border border-slate-200 p-3">
                    <RenderedAnswer type="open" answer={s.answer} />
                    <Link href={alone(s.submissionId)} className="mt-1 inline-block text-sm text-brand-700 hover:underline">{t("gradeAlone")}</Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      ))}
    </article>
  );
}
