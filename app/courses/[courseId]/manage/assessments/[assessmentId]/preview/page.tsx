import Link from "next/link";
import { isFigure, QuestionFigure } from "@/app/_components/QuestionFigure";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { neighboursOf } from "@/lib/assessments/navigation";
import { MAX_PREVIEW_SEED, previewWithKey } from "@/lib/assessments/student-preview";
import { requireCourseAccess } from "@/lib/auth/session";
import { Markdown } from "@/app/_components/Markdown";
import { QuestionPager } from "@/app/_components/QuestionPager";
import { PreviewAnswer } from "./PreviewAnswer";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("previewAssessment");

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * "View as student": one question at a time (`?item=` position, `?q=` a question of a pool) on the variant of
 * `?seed=`, with the answer field graded for real but never stored, and the key beside it.
 */
export default async function PreviewPage({ params, searchParams }: PageProps<"/courses/[courseId]/manage/assessments/[assessmentId]/preview">) {
  const { courseId, assessmentId } = await params;
  await requireCourseAccess(courseId, "assessment:manage");
  const query = await searchParams;
  const seed = Math.min(MAX_PREVIEW_SEED, Math.max(1, Math.round(Number(first(query.seed) ?? 1)) || 1));
  const preview = await previewWithKey(await getDb(), courseId, assessmentId, seed);
  if (!preview) notFound();
  const t = await getTranslations("manage.studentPreview");
  const tp = await getTranslations("management.preview");
  const tKind = await getTranslations("assessment.kind");
  const base = `/courses/${courseId}/manage/assessments/${assessmentId}`;
  const href = (position: number, extra: Record<string, string> = {}) => `${base}/preview?${new URLSearchParams({ seed: String(seed), item: String(position), ...extra })}`;
  const item = preview.items.find((i) => i.position === Number(first(query.item))) ?? preview.items[0];
  const q = item?.pool.find((p) => p.questionId === first(query.q)) ?? item?.pool[0];
  const neighbours = item ? neighboursOf(preview.items.map((i) => ({ id: String(i.position), position: i.position })), String(item.position)) : null;
  return (
    <article className="space-y-6">
      <nav className="text-sm"><Link href={base} className="text-brand-700 hover:underline">← {t("back")}</Link></nav>
      <div role="note" className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-sky-200 bg-sky-50 p-4 text-sm text-sky-900">
        <span>{t("notice", { seed })}</span>
        <Link href={`${base}/preview?seed=${seed + 1}${item ? `&item=${item.position}` : ""}`} className="rounded-lg border border-sky-300 bg-white px-3 py-1.5 font-medium hover:bg-sky-100">{t("another")}</Link>
      </div>
      <header>
        <p className="text-sm font-medium text-slate-500">{tKind(preview.kind)}</p>
        <h1 className="text-2xl font-semibold">{preview.title}</h1>
      </header>
      {!item && <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{t("empty")}</p>}
      {item && (
        <nav aria-label={tp("jump")} className="flex flex-wrap gap-2 text-sm">
          {preview.items.map((i) => (
            <Link key={i.position} href={href(i.position)} aria-current={i === item ? "page" : undefined} className={`rounded-lg border px-3 py-1 ${i === item ? "border-brand-600 bg-brand-50 font-semibold" : "border-slate-300 bg-white hover:bg-slate-50"}`}>
              {tp("jumpTo", { n: i.position })}
            </Link>
          ))}
        </nav>
      )}
      {item && q && (
        <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" data-testid={`preview-item-${item.position}`}>
          <h2 className="text-lg font-semibold">{t("heading", { position: item.position, points: item.points })}</h2>
          {item.pool.length > 1 && (
            <div className="space-y-2 text-sm text-sky-800">
              <p>{t("pool", { count: item.pool.length })}</p>
              <ul className="flex flex-wrap gap-2">
                {item.pool.map((p) => (
                  <li key={p.questionId}>
                    <Link href={href(item.position, { q: p.questionId })} aria-current={p === q ? "true" : undefined} className={p === q ? "font-semibold underline" : "text-brand-700 hover:underline"}>{p.title}</Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p className="text-sm font-medium">{q.title} <span className="font-mono text-xs text-slate-500">{q.questionId} · v{q.version}</span></p>
          {q.error ? (
            <p role="alert" className="text-sm text-red-700">{t("error", { message: q.error })}</p>
          ) : (
            <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              <div className="space-y-4">
                <Markdown>{q.prompt}</Markdown>
                {isFigure(q.publicView.figure) && <QuestionFigure figure={q.publicView.figure} />}
                {typeof q.publicView.unit === "string" && <p className="text-sm text-slate-600">{t("unit", { unit: q.publicView.unit })}</p>}
                <PreviewAnswer
                  key={`${q.questionId}:${seed}`}
                  courseId={courseId}
                  assessmentId={assessmentId}
                  questionId={q.questionId}
                  seed={seed}
                  type={q.type}
                  publicView={q.publicView}
                  referenceAnswer={q.key?.referenceAnswer ?? null}
                  starter={typeof q.publicView.starter === "string" ? q.publicView.starter : ""}
                />
              </div>
              <aside aria-label={tp("key")} className="space-y-3 rounded-lg border border-emerald-200 bg-emerald-50/50 p-4 text-sm" data-testid="preview-key">
                <h3 className="font-semibold">{tp("key")}</h3>
                {q.key ? (
                  <>
                    <p className="font-medium">{tp("reference")}</p>
                    <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-xs" data-testid="preview-key-reference">{q.key.referenceAnswer}</pre>
                    <p className="font-medium">{tp("solution")}</p>
                    <Markdown>{q.key.solution}</Markdown>
                  </>
                ) : (
                  <p>{tp("noKey")}</p>
                )}
              </aside>
            </div>
          )}
          <QuestionPager neighbours={neighbours} hrefFor={(position) => href(Number(position))} />
        </section>
      )}
    </article>
  );
}
