import type { Locale } from "@/domain/i18n/config";
import { withLocale } from "@/lib/i18n/request-locale";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { MisconceptionName } from "@/app/_components/AnswerView";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { assessmentAnalytics } from "@/lib/analytics/service";
import { neighboursOf } from "@/lib/assessments/navigation";
import { QuestionPager } from "@/app/_components/QuestionPager";
import { requireCourseAccess } from "@/lib/auth/session";
import { discriminationTone, reviewFormat } from "../../../../_components/format";
import { ScoreHistogram } from "../../../../_components/ScoreHistogram";
import { StatCard } from "../../../../_components/StatCard";
import { assessmentTitled } from "@/app/_components/page-title";

export const generateMetadata = assessmentTitled("itemAnalytics");

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ItemAnalyticsPage({ params }: PageProps<"/courses/[courseId]/review/assessments/[assessmentId]/items/[itemId]">) {
  const { courseId, assessmentId, itemId } = await params;
  await requireCourseAccess(courseId, "analytics:view");
  if (!uuid.test(assessmentId) || !uuid.test(itemId)) notFound();
  const found = await withLocale((await getLocale()) as Locale, async () => assessmentAnalytics(await getDb(), courseId, assessmentId));
  const item = found?.analytics.items.find((i) => i.itemId === itemId);
  if (!found || !item) notFound();
  const t = await getTranslations("review");
  const f = reviewFormat(await getFormatter());
  const base = `/courses/${courseId}/review/assessments/${assessmentId}`;
  const gradable = item.type === "open" || item.pendingManual > 0 || item.gradedManually > 0;
  const discriminationHint = item.discrimination === null ? undefined : t(`item.discriminationTone.${discriminationTone(item.discrimination)}`);

  return (
    <article className="space-y-8">
      <nav aria-label={t("breadcrumb")} className="text-sm">
        <Link href={base} className="text-brand-700 hover:underline">
          ← {found.assessment.title}
        </Link>
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm font-medium text-slate-500">
            {t("questionN", { n: item.position })} · {t.has(`types.${item.type}`) ? t(`types.${item.type}`) : item.type} · {t("pointsN", { points: item.points })}
          </p>
          <h1 className="text-2xl font-semibold">{item.title}</h1>
        </div>
        {gradable && (
          <Link href={`${base}/items/${itemId}/grading`} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
            {t("item.grade", { pending: item.pendingManual })}
          </Link>
        )}
      </header>

      <QuestionPager neighbours={neighboursOf(found.analytics.items.map((i) => ({ id: i.itemId, position: i.position })), itemId)} hrefFor={(id) => `${base}/items/${id}`} />

      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <StatCard testId="item-attempted" label={t("columns.attempted")} value={String(item.attempted)} hint={t("item.submissions", { n: item.submissions })} />
        <StatCard label={t("columns.facility")} value={f.percent(item.facility)} hint={t("item.median", { value: f.percent(item.median) })} />
        <StatCard label={t("columns.discrimination")} value={f.signed(item.discrimination)} hint={discriminationHint} />
        <StatCard
          label={t("columns.attemptsToCorrect")}
          value={f.decimal(item.attemptsToFirstCorrect.median, 1)}
          hint={t("item.reached", { reached: item.attemptsToFirstCorrect.reached, never: item.attemptsToFirstCorrect.never })}
        />
        <StatCard label={t("columns.timeSpan")} value={f.duration(item.timeSpan.medianMs)} hint={t("item.timeHint", { n: item.timeSpan.students })} />
      </div>

      <section className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("item.distribution")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("item.distributionHint")}</p>
        <ScoreHistogram title={t("item.distribution")} countLabel={t("analytics.students")} bars={f.bars(item.distribution)} />
      </section>

      <section className="space-y-3" data-testid="wrong-answers">
        <h2 className="text-lg font-semibold">{t("item.wrongAnswers")}</h2>
        <p className="text-sm text-slate-600">{t("item.wrongAnswersHint")}</p>
        {item.wrongAnswers.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{t(item.type === "open" ? "item.noWrongAnswersOpen" : "item.noWrongAnswers")}</p>
        ) : (
          <ol className="space-y-2">
            {item.wrongAnswers.map((group) => (
              <li key={`${group.questionId}:${group.kind}:${group.label}`} className="rounded-xl border border-slate-200 bg-white p-4" data-testid="wrong-answer-group">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <code className="break-all rounded bg-slate-100 px-2 py-0.5 font-mono text-sm">{group.label}</code>
                  <span className="text-sm text-slate-600">{t("item.groupCount", { count: group.count, students: group.students })}</span>
                </div>
                <p className="mt-1 text-xs text-slate-500">{t(`item.groupKind.${group.kind}`)}</p>
                {group.misconceptions.length > 0 && (
                  <ul className="mt-2 flex flex-wrap gap-1.5">
                    {group.misconceptions.map((m) => (
                      <li key={m.label} className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">
                        <MisconceptionName label={m.label} name={m.name} /> × {m.count}
                      </li>
                    ))}
                  </ul>
                )}
                {group.examples.length > (group.kind === "ratio" ? 0 : 1) && <p className="mt-2 text-xs text-slate-500">{t("item.examples", { examples: group.examples.join(" · ") })}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("item.misconceptions")}</h2>
        {item.misconceptions.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-600">{t("item.noMisconceptions")}</p>
        ) : (
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left text-sm" data-testid="misconceptions-table">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("columns.misconception")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("columns.submissions")}</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium">{t("columns.students")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {item.misconceptions.map((m) => (
                  <tr key={m.label}>
                    <td className="px-3 py-2">
                      <MisconceptionName label={m.label} name={m.name} />
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{m.count}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{m.students}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}
