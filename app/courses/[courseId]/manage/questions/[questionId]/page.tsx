import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { recentRegrades } from "@/lib/assessments/regrade";
import { draftFromContent, toFileForm } from "@/lib/authoring/file-form";
import { bankSeedFolders, questionDetail } from "@/lib/authoring/store";
import { staffTags } from "@/lib/authoring/bank-search";
import { requireCourseAccess } from "@/lib/auth/session";
import { checkerSummaries } from "@/grader/types/code/checkers";
import { ExportBlocks } from "../../_components/ExportBlocks";
import { QuestionEditor } from "../../_components/QuestionEditor";
import { RegradePanel } from "../../_components/RegradePanel";
import { seedOptions } from "../../_components/seeds";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("pageTitle.editQuestion");
import { TagEditor } from "../../_components/TagEditor";

export default async function QuestionPage({ params }: PageProps<"/courses/[courseId]/manage/questions/[questionId]">) {
  const { courseId, questionId } = await params;
  await requireCourseAccess(courseId, "question:edit");
  const db = await getDb();
  const detail = await questionDetail(db, courseId, decodeURIComponent(questionId));
  if (!detail) notFound();
  const t = await getTranslations("manage");
  const format = await getFormatter();
  const content = detail.latest.content as unknown as Record<string, unknown>;
  const [lastRun] = await recentRegrades(db, courseId, detail.id);
  const regradable = detail.type !== "open";
  const ownTags = (await staffTags(db, courseId, [detail.id])).get(detail.id) ?? [];
  return (
    <section className="space-y-8" data-question-id={detail.id}>
      <nav className="text-sm"><Link href={`/courses/${courseId}/manage/questions`} className="text-brand-700 hover:underline">← {t("questions.title")}</Link></nav>
      <header>
        <p className="font-mono text-sm text-slate-500">{detail.id} · v{detail.latest.version}</p>
        <h1 className="text-2xl font-semibold">{detail.latest.content.title}</h1>
        {!detail.own && <p className="mt-2 rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700">{t("question.bankNotice")}</p>}
      </header>

      <TagEditor courseId={courseId} questionId={detail.id} fileTags={(detail.latest.content.tags ?? []).map((tag) => tag.toLowerCase())} staffTags={ownTags} />

      {detail.own ? (
        <QuestionEditor courseId={courseId} questionId={detail.id} initial={draftFromContent(content)} seeds={seedOptions(t("editor.webSource"))} checkers={checkerSummaries()} />
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="min-w-0 space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
          <h2 className="text-lg font-semibold">{t("question.versions")}</h2>
          <ul className="divide-y divide-slate-100 text-sm">
            {detail.versions.map((v) => (
              <li key={v.id} className="flex flex-wrap justify-between gap-2 py-2">
                <span className="font-medium">v{v.version}</span>
                <span className="text-slate-500">{format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short" })}</span>
                <span>{t("question.submissions", { count: v.submissions })}</span>
              </li>
            ))}
          </ul>
          <h2 className="pt-2 text-lg font-semibold">{t("regrade.title")}</h2>
          {regradable ? (
            <>
              <p className="text-sm text-slate-600">{t("regrade.intro")}</p>
              <RegradePanel
                courseId={courseId}
                questionId={detail.id}
                versions={detail.versions.map((v) => ({ version: v.version, submissions: v.submissions }))}
                initialRun={lastRun ? { ...lastRun } : null}
              />
            </>
          ) : (
            <p className="text-sm text-slate-600">{t("regrade.notForType")}</p>
          )}
        </section>
        <section className="min-w-0 space-y-4 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
          <h2 className="text-lg font-semibold">{t("export.title")}</h2>
          <p className="text-sm text-slate-600">{t("export.intro")}</p>
          <ExportBlocks form={toFileForm(content, bankSeedFolders())} />
          <a href={`/api/courses/${courseId}/manage/questions/${detail.id}/export`} className="text-sm text-brand-700 hover:underline">{t("export.json")}</a>
        </section>
      </div>
    </section>
  );
}
