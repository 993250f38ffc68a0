import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { markGradeNoticesRead } from "@/app/_actions/grade-notices";
import type { GradeNoticeView } from "@/lib/grade-changes/notices";

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A student's unread grade changes (regrade, revised manual grade, override): old and new score, and why. */
export async function GradeNotices({ courseId, notices }: { courseId: string; notices: GradeNoticeView[] }) {
  if (notices.length === 0) return null;
  const t = await getTranslations("gradeChanges.notices");
  return (
    <section role="status" aria-labelledby="grade-notices" className="space-y-2 rounded-xl border border-brand-200 bg-brand-50 p-4" data-testid="grade-notices">
      <h2 id="grade-notices" className="font-semibold">{t("title")}</h2>
      <ul className="space-y-2 text-sm">
        {notices.map((n) => (
          <li key={n.id} data-testid="grade-notice">
            <span className="mr-2 rounded bg-white px-1.5 py-0.5 text-xs font-medium">{t(`kind.${n.kind}`)}</span>
            <Link href={`/courses/${courseId}/assessments/${n.assessmentId}/questions/${n.itemId}`} className="text-brand-800 hover:underline">
              {t("change", { assessment: n.assessmentTitle, n: n.position, old: n.oldScore === null ? t("none") : percent(n.oldScore), new: n.newScore === null ? t("none") : percent(n.newScore) })}
            </Link>
            {n.reason && <span className="block text-slate-700">{t("reason", { reason: n.reason })}</span>}
          </li>
        ))}
      </ul>
      <form action={markGradeNoticesRead}>
        <input type="hidden" name="courseId" value={courseId} />
        {notices.map((n) => (
          <input key={n.id} type="hidden" name="noticeId" value={n.id} />
        ))}
        <button type="submit" className="rounded-lg border border-brand-600 bg-white px-3 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-100">
          {t("markRead")}
        </button>
      </form>
    </section>
  );
}
