import { getFormatter, getTranslations } from "next-intl/server";
import type { DeadJob } from "@/grader/jobs/dead-letter";
import { RetryGradingButton } from "./RetryGradingButton";

/** Code submissions whose grading failed for a platform reason after every retry (the dead-letter state). */
export async function FailedGradings({ courseId, jobs }: { courseId: string; jobs: DeadJob[] }) {
  if (jobs.length === 0) return null;
  const t = await getTranslations("failedGradings");
  const format = await getFormatter();
  return (
    <section aria-labelledby="failed-gradings" className="rounded-xl border border-red-200 bg-red-50/60 p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="failed-gradings" className="text-lg font-semibold text-red-900">{t("title", { count: jobs.length })}</h2>
          <p className="mt-1 text-sm text-red-900">{t("intro")}</p>
        </div>
        <RetryGradingButton courseId={courseId} submissionIds={jobs.map((job) => job.submissionId)} all />
      </div>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-red-900">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">{t("assessment")}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t("student")}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t("submitted")}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t("attempts")}</th>
              <th scope="col" className="py-2 pr-4 font-medium">{t("detail")}</th>
              <th scope="col" className="py-2 pr-4 font-medium"><span className="sr-only">{t("actions")}</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-red-100">
            {jobs.map((job) => (
              <tr key={job.submissionId}>
                <td className="py-2 pr-4">{job.assessmentTitle}</td>
                <td className="py-2 pr-4">{job.studentEmail}</td>
                <td className="py-2 pr-4">{format.dateTime(job.submittedAt, { dateStyle: "short", timeStyle: "short" })}</td>
                <td className="py-2 pr-4">{job.attempts}</td>
                <td className="max-w-md truncate py-2 pr-4 font-mono text-xs" title={job.detail}>{job.detail}</td>
                <td className="py-2 pr-4"><RetryGradingButton courseId={courseId} submissionIds={[job.submissionId]} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
