import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { listAssessments } from "@/lib/assessments/list";
import { requireCourseAccess } from "@/lib/auth/session";
import { ImportForm } from "../_components/ImportForm";
import { titled } from "@/app/_components/page-title";
import { inputClass, labelClass } from "../_components/inputs";

export const generateMetadata = titled("manage.import.title");

export default async function ImportPage({ params }: PageProps<"/courses/[courseId]/manage/import">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "question:edit");
  const t = await getTranslations("manage");
  const assessments = await listAssessments(await getDb(), courseId, { publishedOnly: false });
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
      <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 sm:p-6">
        <h2 className="text-lg font-semibold">{t("import.exportTitle")}</h2>
        <p className="text-sm text-slate-600">{t("import.exportIntro")}</p>
        {/* a plain GET form: the browser downloads the file (content-disposition), no script needed */}
        <form action={`/api/courses/${courseId}/manage/interop/export`} method="get" className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <div>
            <label className={labelClass} htmlFor="export-scope">{t("import.exportScope")}</label>
            <select id="export-scope" name="assessment" defaultValue="" className={inputClass}>
              <option value="">{t("import.exportAll")}</option>
              {assessments.map((a) => <option key={a.id} value={a.id}>{a.title}</option>)}
            </select>
          </div>
          <div>
            <label className={labelClass} htmlFor="export-format">{t("import.exportFormat")}</label>
            <select id="export-format" name="format" defaultValue="moodle-xml" className={inputClass}>
              <option value="moodle-xml">Moodle XML</option>
              <option value="gift">GIFT</option>
            </select>
          </div>
          <button type="submit" className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">{t("import.exportButton")}</button>
        </form>
      </section>
    </section>
  );
}
