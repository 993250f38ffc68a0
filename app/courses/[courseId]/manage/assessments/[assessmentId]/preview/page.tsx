import Link from "next/link";
import { isFigure, QuestionFigure } from "@/app/_components/QuestionFigure";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { previewAssessment } from "@/lib/assessments/manage/preview";
import { requireCourseAccess } from "@/lib/auth/session";
import { Markdown } from "@/app/_components/Markdown";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("previewAssessment");

/** The assessment as a student sees it, one variant at a time (`?seed=`); nothing is stored or submitted. */
export default async function PreviewPage({ params, searchParams }: PageProps<"/courses/[courseId]/manage/assessments/[assessmentId]/preview">) {
  const { courseId, assessmentId } = await params;
  await requireCourseAccess(courseId, "assessment:manage");
  const seedText = (await searchParams).seed;
  const seed = Math.min(2 ** 31 - 1, Math.max(1, Math.round(Number(typeof seedText === "string" ? seedText : 1)) || 1));
  const preview = await previewAssessment(await getDb(), courseId, assessmentId, seed);
  if (!preview) notFound();
  const t = await getTranslations("manage.studentPreview");
  const tKind = await getTranslations("assessment.kind");
  const base = `/courses/${courseId}/manage/assessments/${assessmentId}`;
  return (
    <article className="space-y-6">
      <nav className="text-sm"><Link href={base} className="text-brand-700 hover:underline">← {t("back")}</Link></nav>
      <div role="note" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-sky-200 bg-sky-50 p-4 text-sm text-sky-900">
        <span>{t("notice", { seed })}</span>
        <Link href={`${base}/preview?seed=${seed + 1}`} className="rounded-lg border border-sky-300 bg-white px-3 py-1.5 font-medium hover:bg-sky-100">{t("another")}</Link>
      </div>
      <header>
        <p className="text-sm font-medium text-slate-500">{tKind(preview.kind)}</p>
        <h1 className="text-2xl font-semibold">{preview.title}</h1>
      </header>
      {preview.items.length === 0 && <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{t("empty")}</p>}
      {preview.items.map((item) => (
        <section key={item.position} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" data-testid={`preview-item-${item.position}`}>
          <h2 className="text-lg font-semibold">{t("heading", { position: item.position, points: item.points })}</h2>
          {item.pool.length > 1 && <p className="text-sm text-sky-800">{t("pool", { count: item.pool.length })}</p>}
          {item.pool.map((q) => (
            <div key={q.questionId} className={item.pool.length > 1 ? "rounded-lg border border-slate-200 p-4" : ""}>
              {item.pool.length > 1 && <p className="mb-2 text-sm font-medium">{q.title} <span className="font-mono text-xs text-slate-500">v{q.version}</span></p>}
              {q.error ? (
                <p role="alert" className="text-sm text-red-700">{t("error", { message: q.error })}</p>
              ) : (
                <>
                  <Markdown>{q.prompt}</Markdown>
                  {isFigure(q.publicView.figure) && <QuestionFigure figure={q.publicView.figure} />}
                  {Array.isArray(q.publicView.options) && (
                    <ol className="mt-3 space-y-2">
                      {(q.publicView.options as { id: string; text: string }[]).map((o, i) => (
                        <li key={o.id} className="flex gap-3 rounded-lg border border-slate-200 p-3">
                          <span className="font-semibold text-slate-500">{String.fromCharCode(97 + i)})</span>
                          <Markdown>{o.text}</Markdown>
                        </li>
                      ))}
                    </ol>
                  )}
                  {typeof q.publicView.unit === "string" && <p className="mt-2 text-sm text-slate-600">{t("unit", { unit: q.publicView.unit })}</p>}
                </>
              )}
            </div>
          ))}
        </section>
      ))}
    </article>
  );
}
