import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireCourseAccess } from "@/lib/auth/session";
import { ImportForm } from "../_components/ImportForm";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("manage.import.title");

export default async function ImportPage({ params }: PageProps<"/courses/[courseId]/manage/import">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "question:edit");
  const t = await getTranslations("manage");
  return (
    <section className="space-y-6">
      <nav className="text-sm"><Link href={`/courses/${courseId}/manage/questions`} className="text-brand-700 hover:underline">← {t("questions.title")}</Link></nav>
      <div>
        <h1 className="text-2xl font-semibold">{t("import.title")}</h1>
        <p className="mt-1 text-slate-600">{t("import.intro")}</p>
      </div>
      <section className="rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <ImportForm courseId={courseId} />
      </section>
      <section className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("import.exportTitle")}</h2>
        <p className="text-sm text-slate-600">{t("import.exportIntro")}</p>
        <a href={`/api/courses/${courseId}/manage/interop/moodle`} className="inline-block rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">{t("import.exportButton")}</a>
      </section>
    </section>
  );
}
