import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getDb } from "@/db/client";
import { studentGrades } from "@/lib/assessments/grades";
import { currentTime } from "@/lib/clock";
import { requireCourseAccess } from "@/lib/auth/session";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("grades.title");

export default async function GradesPage({ params }: PageProps<"/courses/[courseId]/grades">) {
  const { courseId } = await params;
  const { user } = await requireCourseAccess(courseId, "grades:view-own");
  const t = await getTranslations("grades");
  const f = await getFormatter();
  const percent = (x: number) => f.number(x, { style: "percent", maximumFractionDigits: 1 });
  const rows = await studentGrades(await getDb(), courseId, user.id, currentTime());
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {rows.length === 0 && <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{t("empty")}</p>}
      {rows.map((row) => (
        <div key={row.assessmentId} className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="px-4 pt-4 text-left">
              <Link href={`/courses/${courseId}/assessments/${row.assessmentId}`} className="text-lg font-semibold text-brand-700 hover:underline">{row.title}</Link>
            </caption>
            <thead className="text-slate-600">
              <tr>
                {row.items.map((i) => (
                  <th key={i.position} scope="col" className="px-3 py-2 text-center font-medium">{t("question", { n: i.position })}</th>
                ))}
                <th scope="col" className="px-3 py-2 text-right font-medium">{t("score")}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {row.items.map((i) => {
                  const cell = row.hidden ? "—" : i.pending ? "⏳" : i.best === null ? "·" : percent(i.best);
                  return (
                    <td key={i.position} className="px-3 py-2 text-center">
                      {i.itemId === null ? cell : <Link href={`/courses/${courseId}/assessments/${row.assessmentId}/questions/${i.itemId}`} className="hover:underline">{cell}</Link>}
                    </td>
                  );
                })}
                <td className="px-3 py-2 text-right font-semibold">{row.hidden ? "—" : `${f.number(row.earned, { maximumFractionDigits: 2 })} / ${f.number(row.total)}`}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
