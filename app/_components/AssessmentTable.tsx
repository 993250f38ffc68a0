import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { AssessmentSummary } from "@/lib/assessments/list";

/** Assessments with their window; `extra` adds one column per staff-only figure. */
export async function AssessmentTable({
  assessments,
  empty,
  extra,
  hrefFor,
}: {
  assessments: AssessmentSummary[];
  hrefFor?: (a: AssessmentSummary) => string;
  empty: string;
  extra?: { header: string; cell: (a: AssessmentSummary) => React.ReactNode };
}) {
  const t = await getTranslations("assessments");
  const tl = await getTranslations("management.lifecycle");
  const format = await getFormatter();
  if (assessments.length === 0) return <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{empty}</p>;
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">{t("title")}</th>
            <th scope="col" className="px-4 py-3 font-medium">{t("kind")}</th>
            <th scope="col" className="px-4 py-3 font-medium">{t("opens")}</th>
            <th scope="col" className="px-4 py-3 font-medium">{t("closes")}</th>
            {extra && <th scope="col" className="px-4 py-3 font-medium">{extra.header}</th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {assessments.map((a) => (
            <tr key={a.id}>
              <td className="px-4 py-3 font-medium">{hrefFor ? <Link href={hrefFor(a)} className="text-brand-700 hover:underline">{a.title}</Link> : a.title}{!a.published && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">{t("draft")}</span>}{a.archived && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700">{tl("archived")}</span>}</td>
              <td className="px-4 py-3">{t(`kinds.${a.kind}`)}</td>
              <td className="px-4 py-3">{when(a.opensAt)}</td>
              <td className="px-4 py-3">{when(a.closesAt)}</td>
              {extra && <td className="px-4 py-3">{extra.cell(a)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
