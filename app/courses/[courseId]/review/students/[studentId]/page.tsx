import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/policy";
import { requireCourseAccess } from "@/lib/auth/session";
import type { Locale } from "@/domain/i18n/config";
import { courseAssessmentsForRecord, studentRecord, type RecordItem } from "@/lib/staff-review/student-record";
import { Markdown } from "@/app/_components/Markdown";
import { RenderedAnswer } from "../../_components/RenderedAnswer";
import { RubricList } from "@/app/_components/RubricList";
import { AuditList } from "../../_components/AuditList";
import { OverrideForm } from "./OverrideForm";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const percent = (x: number) => Math.round(x * 1000) / 10;

export async function generateMetadata() {
  const t = await getTranslations("studentRecord");
  return { title: t("open") };
}

/** One student's submissions across one assessment (staff): answers, feedback, timing, overrides and the audit log. */
export default async function StudentRecordPage({ params, searchParams }: PageProps<"/courses/[courseId]/review/students/[studentId]">) {
  const { courseId, studentId } = await params;
  const access = await requireCourseAccess(courseId, "analytics:view");
  if (!uuid.test(studentId)) notFound();
  const db = await getDb();
  const list = await courseAssessmentsForRecord(db, courseId);
  const requested = (await searchParams).assessment;
  const assessmentId = typeof requested === "string" && list.some((a) => a.id === requested) ? requested : list[0]?.id;
  const t = await getTranslations("studentRecord");
  if (!assessmentId) notFound();
  const record = await studentRecord(db, courseId, assessmentId, studentId, (await getLocale()) as Locale);
  if (!record) notFound();
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  const mayOverride = can(access.role, "grade:override", { archived: access.archived });
  const { timing } = record;
  const base = `/courses/${courseId}/review/students/${studentId}`;
  return (
    <article className="space-y-6">
      <nav aria-label={t("assessments")} className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 text-sm">
        {list.map((a) => (
          <Link
            key={a.id}
            href={`${base}?assessment=${a.id}`}
            aria-current={a.id === assessmentId ? "page" : undefined}
            className={`rounded-md px-3 py-1 font-medium ${a.id === assessmentId ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
          >
            {a.title}
          </Link>
        ))}
      </nav>
      <header className="space-y-1">
        <h1 className="text-2xl font-semibold">{t("title", { name: record.student.name, assessment: record.assessment.title })}</h1>
        <p className="text-sm text-slate-600">
          {record.student.email}
          {record.student.studentNumber && ` · ${t("studentNumber", { n: record.student.studentNumber })}`}
          {record.student.removed && ` · ${t("removed")}`}
        </p>
        <p className="text-lg font-semibold" data-testid="record-total">
          {t("total", { earned: format.number(record.earned, { maximumFractionDigits: 2 }), total: format.number(record.total, { maximumFractionDigits: 2 }) })}
        </p>
      </header>
      <section className="rounded-xl border border-slate-200 bg-white p-4" data-testid="record-timing">
        <h2 className="mb-2 text-sm font-semibold">{t("timing.title")}</h2>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          <div><dt className="inline font-medium">{t("timing.opens")}: </dt><dd className="inline">{when(record.assessment.opensAt)}</dd></div>
          <div><dt className="inline font-medium">{t("timing.closes")}: </dt><dd className="inline">{when(record.assessment.closesAt)}</dd></div>
          <div><dt className="inline font-medium">{t("timing.effectiveClose")}: </dt><dd className="inline">{when(timing.effectiveClose)}</dd></div>
          <div>
            <dt className="inline font-medium">{t("timing.extension")}: </dt>
            <dd className="inline">
              {timing.extension
                ? `${t("timing.extensionValue", { closes: timing.extension.closesAt ? when(timing.extension.closesAt) : "", minutes: timing.extension.extraMinutes })}${timing.extension.reason ? ` (${timing.extension.reason})` : ""}`
                : t("timing.none")}
            </dd>
          </div>
          {record.assessment.timeLimitMinutes !== null && (
            <>
              <div><dt className="inline font-medium">{t("timing.started")}: </dt><dd className="inline">{timing.startedAt ? when(timing.startedAt) : t("timing.notStarted")}</dd></div>
              <div><dt className="inline font-medium">{t("timing.finished")}: </dt><dd className="inline">{timing.finishedAt ? when(timing.finishedAt) : t("timing.none")}</dd></div>
            </>
          )}
        </dl>
      </section>
      {record.items.map((item) => (
        <ItemSection key={item.itemId} item={item} courseId={courseId} assessmentId={assessmentId} studentId={studentId} mayOverride={mayOverride} />
      ))}
    </article>
  );
}

async function ItemSection({ item, courseId, assessmentId, studentId, mayOverride }: { item: RecordItem; courseId: string; assessmentId: string; studentId: string; mayOverride: boolean }) {
  const t = await getTranslations("studentRecord");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6" data-testid="record-item" aria-labelledby={`item-${item.itemId}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`item-${item.itemId}`} className="text-lg font-semibold">
          {t("item", { n: item.position, points: item.points })}
          {item.questionTitle && <span className="ml-2 font-normal text-slate-600">{item.questionTitle}</span>}
        </h2>
        <p className="font-semibold" data-testid="item-score">
          {item.best === null ? t("noScore") : t("score", { percent: percent(item.best) })}
          {item.pending && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">{t("pending")}</span>}
        </p>
      </div>
      {item.override && (
        <p className="rounded-lg border-l-4 border-brand-600 bg-brand-50 px-3 py-2 text-sm" data-testid="item-override">
          {t("overrideCurrent", { percent: percent(item.override.score), actor: item.override.actorName ?? "—", when: when(item.override.updatedAt), reason: item.override.reason })}
        </p>
      )}
      {item.submissions.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noSubmissions")}</p>
      ) : (
        <ol className="space-y-3">
          {item.submissions.map((s) => (
            <li key={s.id} className="rounded-lg border border-slate-200 p-3" data-testid="record-submission">
              <p className="mb-2 flex flex-wrap gap-x-3 text-xs text-slate-600">
                <span className="font-semibold text-slate-900">{t("attempt", { n: s.attemptNumber })}</span>
                <span>{t("submittedAt", { when: when(s.submittedAt) })}</span>
                {s.gradedAt && <span>{t("gradedAt", { when: when(s.gradedAt) })}</span>}
                <span>{t(`status.${s.status as "graded"}`)}</span>
                {s.late && <span className="rounded bg-red-100 px-1.5 text-red-800">{s.withinExtension ? t("withinExtension") : t("late")}</span>}
                {s.score !== null && <span>{t("automatic", { percent: percent(s.score) })}</span>}
                {s.penaltyFactor < 1 && <span>{t("penalty", { percent: percent(s.penaltyFactor) })}</span>}
                {s.status === "pending_manual" && !s.manual && (
                  <Link href={`/courses/${courseId}/review/assessments/${assessmentId}/items/${item.itemId}/grading?s=${s.id}`} className="font-medium text-brand-700 hover:underline">
                    {t("gradeLink")}
                  </Link>
                )}
              </p>
              <RenderedAnswer type={item.questionType} answer={s.answer} />
              {s.feedback?.feedback && (
                <div className="mt-2 text-sm">
                  <p className="text-xs font-semibold text-slate-600">{t("feedback")}</p>
                  <Markdown>{s.feedback.feedback}</Markdown>
                </div>
              )}
              {s.manual && (
                <div className="mt-2 space-y-1 text-sm">
                  <p className="font-medium">{t("manual", { percent: percent(s.manual.score), grader: s.manual.graderName })}</p>
                  {s.manual.rubric && <RubricList rubric={s.manual.rubric} />}
                  {s.manual.comment && <p className="rounded border-l-4 border-amber-400 bg-amber-50 px-3 py-2">{t("comment")}: {s.manual.comment}</p>}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {mayOverride && <OverrideForm courseId={courseId} studentId={studentId} itemId={item.itemId} position={item.position} maxPoints={item.points} hasOverride={item.override !== null} />}
      {item.audit.length > 0 && (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer font-semibold">{t("audit")}</summary>
          <AuditList
            testId="record-audit"
            className="mt-1 space-y-1"
            entries={item.audit.map((a) => ({ ...a, label: a.submissionId === null ? t("auditOverride") : t("auditAttempt", { n: a.attemptNumber ?? 0 }) }))}
          />
        </details>
      )}
    </section>
  );
}
