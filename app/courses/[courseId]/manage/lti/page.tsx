import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireCourseAccess } from "@/lib/auth/session";
import { courseScores } from "@/lib/lti/ags";
import { LtiActions } from "./LtiActions";
import { titled } from "@/app/_components/page-title";

export const generateMetadata = titled("lti.scores.title");

/** The grade passback of the course (what is pending, sent or failed) and the roster sync from the LMS. */
export default async function LtiCoursePage({ params }: PageProps<"/courses/[courseId]/manage/lti">) {
  const { courseId } = await params;
  await requireCourseAccess(courseId, "assessment:manage");
  const t = await getTranslations("lti.scores");
  const format = await getFormatter();
  const scores = await courseScores(await getDb(), courseId);
  const failed = scores.filter((s) => s.status === "failed").length;
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <div className="flex gap-2">
          <LtiActions courseId={courseId} action="roster" />
          {failed > 0 && <LtiActions courseId={courseId} action="resend" />}
        </div>
      </div>
      {scores.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead>
            <tr>
              <th scope="col" className="py-2 pr-4">{t("student")}</th>
              <th scope="col" className="py-2 pr-4">{t("assessment")}</th>
              <th scope="col" className="py-2 pr-4">{t("score")}</th>
              <th scope="col" className="py-2 pr-4">{t("status")}</th>
              <th scope="col" className="py-2 pr-4"><span className="sr-only">{t("resend")}</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {scores.map((s) => (
              <tr key={s.id}>
                <td className="py-2 pr-4">{s.name}<br /><span className="text-xs text-slate-500">{s.email}</span></td>
                <td className="py-2 pr-4">{s.assessment}</td>
                <td className="py-2 pr-4">{format.number(s.scoreGiven)} / {format.number(s.scoreMaximum)}</td>
                <td className="py-2 pr-4">
                  {t(s.status)}
                  {s.sentAt && s.status === "sent" && <span className="text-xs text-slate-500"> · {format.dateTime(s.sentAt, { dateStyle: "short", timeStyle: "short" })}</span>}
                  {s.lastError && <span className="block max-w-sm truncate font-mono text-xs text-red-800" title={s.lastError}>{s.lastError} ({s.attempts})</span>}
                </td>
                <td className="py-2 pr-4">{s.status !== "pending" && <LtiActions courseId={courseId} action="resend" scoreId={s.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
