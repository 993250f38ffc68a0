import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { filterQueue, gradingQueue, queueFilterSchema, queueFilters, queueItem, type QueueEntry } from "@/lib/manual-grading/worklist";
import { submissionForGrading } from "@/lib/manual-grading/submission";
import { Markdown } from "@/app/_components/Markdown";
import { RenderedAnswer } from "../../../../../_components/RenderedAnswer";
import { AuditList } from "../../../../../_components/AuditList";
import { GradingForm } from "./GradingForm";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("grading");

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const before = (a: { submittedAt: Date; submissionId: string }, b: { submittedAt: Date; submissionId: string }) =>
  a.submittedAt.getTime() < b.submittedAt.getTime() || (a.submittedAt.getTime() === b.submittedAt.getTime() && a.submissionId < b.submissionId);

export default async function GradingPage({ params, searchParams }: PageProps<"/courses/[courseId]/review/assessments/[assessmentId]/items/[itemId]/grading">) {
  const { courseId, assessmentId, itemId } = await params;
  await requireCourseAccess(courseId, "submission:grade-manually");
  if (!uuid.test(itemId)) notFound();
  const query = await searchParams;
  const filter = queueFilterSchema.parse(query.filter);
  const showNames = query.names === "1";
  const requested = typeof query.s === "string" && uuid.test(query.s) ? query.s : null;
  const db = await getDb();
  const item = await queueItem(db, courseId, itemId);
  if (!item || item.assessmentId !== assessmentId) notFound();
  const t = await getTranslations("review");
  const tg = await getTranslations("answerGroups");
  const format = await getFormatter();

  const queue = await gradingQueue(db, courseId, itemId);
  const entries = filterQueue(queue, filter);
  const counts = queueFilters.map((f) => [f, filterQueue(queue, f).length] as const);
  const currentId = requested ?? entries[0]?.submissionId ?? null;
  const current = currentId ? await submissionForGrading(db, courseId, itemId, currentId) : null;
  if (requested && !current) notFound();

  const base = `/courses/${courseId}/review/assessments/${assessmentId}/items/${itemId}`;
  const href = (changes: { filter?: string; s?: string | null; names?: boolean }) => {
    const search = new URLSearchParams();
    search.set("filter", changes.filter ?? filter);
    const s = changes.s === undefined ? current?.submissionId : changes.s;
    if (s) search.set("s", s);
    if (changes.names ?? showNames) search.set("names", "1");
    return `${base}/grading?${search}`;
  };
  const position = current ? entries.findIndex((e) => e.submissionId === current.submissionId) : -1;
  const previous: QueueEntry | undefined = current ? entries.filter((e) => before(e, current)).at(-1) : undefined;
  const next: QueueEntry | undefined = current ? entries.find((e) => before(current, e)) : undefined;
  const anonymousNumber = current ? entries.findIndex((e) => e.submissionId === current.submissionId) + 1 : 0;

  return (
    <article className="space-y-6">
      <nav aria-label={t("breadcrumb")} className="text-sm">
        <Link href={base} className="text-brand-700 hover:underline">
          ← {t("grading.backToItem", { n: item.position })}
        </Link>
      </nav>
      <header className="space-y-1">
        <p className="text-sm font-medium text-slate-500">
          {item.assessmentTitle} · {t("questionN", { n: item.position })} · {t("pointsN", { points: item.points })}
        </p>
        <h1 className="text-2xl font-semibold">{t("grading.title", { title: item.questionTitle })}</h1>
      </header>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label={t("grading.filters")} className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 text-sm">
          {counts.map(([f, n]) => (
            <Link
              key={f}
              href={href({ filter: f, s: null })}
              aria-current={f === filter ? "page" : undefined}
              className={`rounded-md px-3 py-1 font-medium ${f === filter ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
            >
              {t(`grading.filter.${f}`, { n })}
            </Link>
          ))}
        </nav>
        <Link href={`${base}/groups`} className="rounded-lg border border-brand-600 px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50">
          {tg("link")}
        </Link>
        <p className="text-xs text-slate-500" data-testid="shortcut-hint">
          {t.rich("grading.shortcuts", { kbd: (chunks) => <kbd className="rounded border border-slate-300 bg-white px-1 font-mono">{chunks}</kbd> })}
        </p>
      </div>

      {!current ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{t(filter === "pending" ? "grading.emptyPending" : "grading.empty")}</p>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-slate-200 bg-white px-4 py-3">
            <div className="flex items-center gap-2">
              <Link
                href={previous ? href({ s: previous.submissionId }) : "#"}
                aria-disabled={!previous}
                className={`rounded-lg border px-3 py-1.5 text-sm font-medium ${previous ? "border-slate-300 hover:bg-slate-50" : "pointer-events-none border-slate-200 text-slate-300"}`}
              >
                ← {t("grading.previous")} <kbd className="ml-1 text-xs text-slate-500">k</kbd>
              </Link>
              <Link
                href={next ? href({ s: next.submissionId }) : "#"}
                aria-disabled={!next}
                className={`rounded-lg border px-3 py-1.5 text-sm font-medium ${next ? "border-slate-300 hover:bg-slate-50" : "pointer-events-none border-slate-200 text-slate-300"}`}
              >
                {t("grading.next")} → <kbd className="ml-1 text-xs text-slate-500">j</kbd>
              </Link>
            </div>
            <p className="text-sm text-slate-600" data-testid="queue-position">
              {position >= 0 ? t("grading.position", { n: position + 1, total: entries.length }) : t("grading.outsideFilter")}
            </p>
          </div>

          <div className="grid gap-6 lg:grid-cols-5">
            <div className="space-y-4 lg:col-span-3">
              <section className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
                <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                  <h2 className="text-lg font-semibold" data-testid="student-identity">
                    {showNames ? `${current.studentName} · ${current.studentEmail}` : t("grading.anonymous", { n: anonymousNumber > 0 ? anonymousNumber : "?" })}
                  </h2>
                  <Link href={href({ names: !showNames })} className="text-sm font-medium text-brand-700 hover:underline">
                    {showNames ? t("grading.hideName") : t("grading.showName")}
                  </Link>
                </div>
                <p className="mb-3 text-xs text-slate-500">
                  {t("grading.attemptInfo", { n: current.attemptNumber })} · {format.dateTime(current.submittedAt, { dateStyle: "medium", timeStyle: "short" })}
                  {current.penaltyFactor < 1 && ` · ${t("grading.penalty", { percent: Math.round(current.penaltyFactor * 100) })}`}
                </p>
                <RenderedAnswer type={current.questionType} answer={current.answer} />
              </section>
              <section className="rounded-xl border border-emerald-200 bg-emerald-50/50 p-4 sm:p-6">
                <h2 className="mb-2 text-lg font-semibold">{t("grading.answerKey")}</h2>
                <Markdown>{current.solution}</Markdown>
              </section>
              <details className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
                <summary className="cursor-pointer text-lg font-semibold">{t("grading.prompt")}</summary>
                <div className="mt-3">
                  <Markdown>{current.prompt}</Markdown>
                </div>
              </details>
            </div>

            <div className="space-y-4 lg:col-span-2">
              <section className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
                <h2 className="mb-3 text-lg font-semibold">{t("grading.gradeTitle")}</h2>
                {current.manual && (
                  <p className="mb-3 rounded-lg bg-slate-50 p-2 text-sm text-slate-700" data-testid="current-grade">
                    {t("grading.current", {
                      percent: Math.round(current.manual.score * 1000) / 10,
                      grader: current.manual.graderName,
                      when: format.dateTime(current.manual.updatedAt, { dateStyle: "short", timeStyle: "short" }),
                    })}
                  </p>
                )}
                {current.rubric.length === 0 ? (
                  <p className="text-sm text-red-700">{t("grading.noRubric")}</p>
                ) : (
                  <GradingForm
                    key={current.submissionId}
                    courseId={courseId}
                    submissionId={current.submissionId}
                    rubric={current.rubric}
                    initialAwarded={current.manual?.rubric.map((r) => r.id) ?? []}
                    initialComment={current.manual?.comment ?? ""}
                    alreadyGraded={current.manual !== null}
                    previousHref={previous ? href({ s: previous.submissionId }) : null}
                    nextHref={next ? href({ s: next.submissionId }) : null}
                  />
                )}
              </section>
              {current.audit.length > 0 && (
                <section className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
                  <h2 className="mb-2 text-sm font-semibold">{t("grading.audit")}</h2>
                  <AuditList testId="audit-trail" className="space-y-1 text-xs text-slate-600" entries={current.audit} />
                </section>
              )}
            </div>
          </div>
        </>
      )}
    </article>
  );
}
