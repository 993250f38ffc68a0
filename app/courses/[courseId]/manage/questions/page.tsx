import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listCourseQuestions } from "@/lib/authoring/store";
import { REVIEW_TAG } from "@/lib/interop/imported";
import { requireCourseAccess } from "@/lib/auth/session";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("manage.questions.title");

export default async function QuestionsPage({ params }: PageProps<"/courses/[courseId]/manage/questions">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "question:edit");
  const t = await getTranslations("manage");
  const list = await listCourseQuestions(await getDb(), courseId);
  const base = `/courses/${courseId}/manage`;
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("questions.title")}</h1>
          <p className="mt-1 text-slate-600">{t("questions.intro")}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href={`${base}/import`} className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">{t("home.import")}</Link>
          <Link href={`${base}/questions/new`} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">{t("home.newQuestion")}</Link>
        </div>
      </div>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.question")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.type")}</th>
              <th scope="col" className="hidden px-4 py-3 font-medium sm:table-cell">{t("questions.topic")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.origin")}</th>
              <th scope="col" className="px-4 py-3 font-medium">{t("questions.version")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {list.map((q) => (
              <tr key={q.id}>
                <td className="px-4 py-3">
                  <Link href={`${base}/questions/${q.id}`} className="font-medium text-brand-700 hover:underline">{q.title}</Link>
                  <div className="font-mono text-xs text-slate-500">{q.id}</div>
                  {q.tags.includes(REVIEW_TAG) && <span className="mt-1 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t("questions.review")}</span>}
                </td>
                <td className="px-4 py-3">{t(`editor.types.${q.type}`)}</td>
                <td className="hidden px-4 py-3 font-mono text-xs sm:table-cell">{q.topic}</td>
                <td className="px-4 py-3">
                  <span className={`rounded-full px-2 py-0.5 text-xs ${q.own ? "bg-brand-50 text-brand-800" : "bg-slate-100 text-slate-700"}`}>{q.own ? t("questions.own") : t("questions.bank")}</span>
                </td>
                <td className="px-4 py-3">v{q.latestVersion}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
