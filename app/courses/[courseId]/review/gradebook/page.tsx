import type { Locale } from "@/domain/i18n/config";
import { withLocale } from "@/lib/i18n/request-locale";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { courseGradebook } from "@/lib/gradebook/export";
import { countsInTotal, type GradebookColumn } from "@/lib/gradebook/gradebook";
import { DownloadLinks } from "../_components/DownloadLinks";
import { SortableTable } from "../_components/SortableTable";

export async function generateMetadata() {
  const t = await getTranslations("review");
  return { title: t("gradebook.title") };
}

/** The course gradebook on screen: the same table as the CSV export. */
export default async function GradebookPage({ params }: PageProps<"/courses/[courseId]/review/gradebook">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "grades:export");
  const t = await getTranslations("review");
  const tm = await getTranslations("management.gradebook");
  const format = await getFormatter();
  const gradebook = (await withLocale((await getLocale()) as Locale, async () => courseGradebook(await getDb(), courseId)))!;
  const api = `/api/courses/${courseId}/review/gradebook`;
  const points = (x: number) => format.number(x, { maximumFractionDigits: 2 });
  const label = (c: GradebookColumn) =>
    `${c.kind === "item" ? t("questionShort", { n: c.position }) : c.kind === "assessment-total" ? t("gradebook.total") : t("gradebook.grandTotal")} (${t("gradebook.points", { points: c.points })})`;
  // header groups: the assessment title over its columns, the course total alone
  const groups: { label: string; span: number }[] = [{ label: "", span: 1 }];
  for (const c of gradebook.columns) {
    const a = c.kind === "total" ? undefined : gradebook.assessments.find((x) => x.id === c.assessmentId);
    // work students do not see is marked, and left out of the course total
    const title = !a ? "" : countsInTotal(a) ? a.title : `${a.title} (${a.archived ? tm("archived") : tm("draft")})`;
    const last = groups.at(-1)!;
    if (groups.length > 1 && last.label === title) last.span++;
    else groups.push({ label: title, span: 1 });
  }
  return (
    <section className="space-y-6">
      <div className="space-y-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("gradebook.title")}</h1>
          <p className="mt-1 text-slate-600">{t("gradebook.intro")}</p>
        </div>
        <DownloadLinks
          title={t("downloads.gradebook")}
          links={[
            { href: api, label: t("downloads.csv") },
            { href: `${api}?dialect=semicolon`, label: t("downloads.excel") },
          ]}
        />
      </div>
      {gradebook.rows.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-slate-600">{t("gradebook.empty")}</p>
      ) : (
        <SortableTable
          testId="gradebook-table"
          caption={t("gradebook.title")}
          sortHint={t("sortHint")}
          groups={groups}
          columns={[
            { key: "name", label: t("columns.student") },
            ...gradebook.columns.map((c, i) => ({ key: String(i), label: label(c), numeric: true })),
          ]}
          rows={gradebook.rows.map((r) => ({
            id: r.studentId,
            cells: [
              { text: r.name, sort: r.name, href: `/courses/${courseId}/review/students/${r.studentId}` },
              ...r.cells.map((value) => (value === null ? { text: t("pendingMark"), sort: null, tone: "warn" as const } : { text: points(value), sort: value })),
            ],
          }))}
        />
      )}
      <p className="text-xs text-slate-500">{t("gradebook.legend")}</p>
      {gradebook.assessments.some((a) => !countsInTotal(a)) && <p className="text-xs text-slate-500" data-testid="gradebook-drafts-note">{tm("note")}</p>}
    </section>
  );
}
