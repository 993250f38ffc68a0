import type { Locale } from "@/domain/i18n/config";
import { withLocale } from "@/lib/i18n/request-locale";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { assessmentTitled } from "@/app/_components/page-title";
import { getDb } from "@/db/client";
import { assessmentAnalytics } from "@/lib/analytics/service";
import { requireCourseAccess } from "@/lib/auth/session";
import { DownloadLinks } from "../../_components/DownloadLinks";
import { discriminationTone, facilityTone, reviewFormat } from "../../_components/format";
import { ScoreHistogram } from "../../_components/ScoreHistogram";
import { SortableTable } from "../../_components/SortableTable";
import { StatCard } from "../../_components/StatCard";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const generateMetadata = assessmentTitled("analytics");

export default async function AssessmentAnalyticsPage({ params }: PageProps<"/courses/[courseId]/review/assessments/[assessmentId]">) {
  const { courseId, assessmentId } = await params;
  await requireCourseAccess(courseId, "analytics:view");
  if (!uuid.test(assessmentId)) notFound();
  const found = await withLocale((await getLocale()) as Locale, async () => assessmentAnalytics(await getDb(), courseId, assessmentId));
  if (!found) notFound();
  const { assessment, analytics } = found;
  const t = await getTranslations("review");
  const format = await getFormatter();
  const f = reviewFormat(format);
  const base = `/courses/${courseId}/review/assessments/${assessmentId}`;
  const api = `/api/courses/${courseId}/review`;

  return (
    <section className="space-y-8">
      <nav aria-label={t("breadcrumb")} className="text-sm">
        <Link href={`/courses/${courseId}/review`} className="text-brand-700 hover:underline">
          ← {t("backToReview")}
        </Link>
      </nav>
      <header className="space-y-2">
        <p className="text-sm font-medium text-slate-500">
          {t(`kinds.${assessment.kind}`)} · {format.dateTime(assessment.opensAt, { dateStyle: "medium" })} – {format.dateTime(assessment.closesAt, { dateStyle: "medium" })}
          {!assessment.published && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t("draft")}</span>}
        </p>
        <h1 className="text-2xl font-semibold">{assessment.title}</h1>
        <DownloadLinks
          title={t("downloads.title")}
          links={[
            { href: `${api}/gradebook?assessment=${assessmentId}`, label: t("downloads.grades"), testId: "download-assessment-grades" },
            { href: `${api}/assessments/${assessmentId}/analytics?table=questions`, label: t("downloads.questions") },
            { href: `${api}/assessments/${assessmentId}/analytics?table=students`, label: t("downloads.students") },
            { href: `${api}/assessments/${assessmentId}/analytics?table=wrong-answers`, label: t("downloads.wrongAnswers") },
            { href: `${api}/assessments/${assessmentId}/analytics?table=misconceptions`, label: t("downloads.misconceptions") },
            { href: `${api}/assessments/${assessmentId}/analytics?table=distribution`, label: t("downloads.distribution") },
          ]}
        />
      </header>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <StatCard testId="stat-participants" label={t("analytics.participants")} value={String(analytics.participants)} hint={t("analytics.ofEnrolled", { n: analytics.enrolled })} />
        <StatCard testId="stat-submissions" label={t("analytics.submissions")} value={String(analytics.submissions)} />
        <StatCard label={t("analytics.mean")} value={f.percent(analytics.mean)} hint={t("analytics.ofMaxPoints", { points: f.decimal(analytics.maxPoints) })} />
        <StatCard label={t("analytics.median")} value={f.percent(analytics.median)} />
        <StatCard testId="stat-pending" label={t("analytics.pending")} value={String(analytics.pendingManual)} hint={t("analytics.pendingHint")} />
      </div>

      <section className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("analytics.distribution")}</h2>
        <p className="mb-3 text-sm text-slate-600">{t("analytics.distributionHint")}</p>
        <ScoreHistogram title={t("analytics.distribution")} countLabel={t("analytics.students")} bars={f.bars(analytics.distribution)} />
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("analytics.questions")}</h2>
        <SortableTable
          testId="questions-table"
          caption={t("analytics.questions")}
          sortHint={t("sortHint")}
          columns={[
            { key: "q", label: t("columns.question") },
            { key: "title", label: t("columns.title"), wrap: true },
            { key: "type", label: t("columns.type") },
            { key: "attempted", label: t("columns.attempted"), numeric: true },
            { key: "facility", label: t("columns.facility"), numeric: true },
            { key: "discrimination", label: t("columns.discrimination"), numeric: true },
            { key: "attempts", label: t("columns.attemptsToCorrect"), numeric: true },
            { key: "time", label: t("columns.timeSpan"), numeric: true },
            { key: "pending", label: t("columns.pending"), numeric: true },
          ]}
          rows={analytics.items.map((item) => ({
            id: item.itemId,
            cells: [
              { text: t("questionN", { n: item.position }), sort: item.position, href: `${base}/items/${item.itemId}` },
              { text: item.title, sort: item.title },
              { text: t.has(`types.${item.type}`) ? t(`types.${item.type}`) : item.type, sort: item.type },
              { text: String(item.attempted), sort: item.attempted },
              { text: f.percent(item.facility), sort: item.facility, tone: facilityTone(item.facility) },
              { text: f.signed(item.discrimination), sort: item.discrimination, tone: discriminationTone(item.discrimination) },
              { text: f.decimal(item.attemptsToFirstCorrect.median, 1), sort: item.attemptsToFirstCorrect.median },
              { text: f.duration(item.timeSpan.medianMs), sort: item.timeSpan.medianMs },
              item.pendingManual > 0 || item.gradedManually > 0 || item.type === "open"
                ? { text: String(item.pendingManual), sort: item.pendingManual, href: `${base}/items/${item.itemId}/grading`, tone: item.pendingManual > 0 ? "warn" : undefined }
                : { text: "—", sort: null, tone: "muted" },
            ],
          }))}
        />
        <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-600">
          <summary className="cursor-pointer font-medium text-slate-700">{t("definitions.title")}</summary>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            <li>{t("definitions.population")}</li>
            <li>{t("definitions.facility")}</li>
            <li>{t("definitions.discrimination")}</li>
            <li>{t("definitions.attempts")}</li>
            <li>{t("definitions.time")}</li>
          </ul>
        </details>
      </section>

      <section className="space-y-3">
        <h2 className="text-lg font-semibold">{t("analytics.studentsTable")}</h2>
        <SortableTable
          testId="students-table"
          caption={t("analytics.studentsTable")}
          sortHint={t("sortHint")}
          columns={[
            { key: "name", label: t("columns.student") },
            ...analytics.items.map((item) => ({ key: item.itemId, label: t("questionShort", { n: item.position }), numeric: true })),
            { key: "points", label: t("columns.points"), numeric: true },
            { key: "percent", label: t("columns.percent"), numeric: true },
          ]}
          rows={analytics.students.map((s) => ({
            id: s.studentId,
            cells: [
              { text: s.name, sort: s.name },
              ...s.items.map((c) =>
                c.pending && c.best === null
                  ? { text: t("pendingMark"), sort: null, tone: "warn" as const }
                  : c.attempts === 0
                    ? { text: "·", sort: null, tone: "muted" as const }
                    : { text: f.percent(c.best ?? 0), sort: c.best ?? 0 },
              ),
              { text: `${f.decimal(s.earned)} / ${f.decimal(analytics.maxPoints)}`, sort: s.earned },
              { text: s.participated ? f.percent(s.fraction) : "—", sort: s.participated ? s.fraction : null, tone: s.participated ? undefined : ("muted" as const) },
            ],
          }))}
        />
        <p className="text-xs text-slate-500">{t("analytics.studentsLegend")}</p>
      </section>
    </section>
  );
}
