import { after } from "next/server";
import { getDb } from "@/db/client";
import { isStale, regradeRun, runRegrade } from "@/lib/assessments/regrade";
import { apiError, withCourseAccess } from "@/lib/http/api";

/** Progress of a regrade; a run whose process stopped (restart) is resumed from where it was. */
export async function GET(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/regrades/[runId]">) {
  const { courseId, runId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const db = await getDb();
    const run = await regradeRun(db, courseId, runId);
    if (!run) return apiError(404, "api.regradeNotFound");
    if (isStale(run)) after(() => runRegrade(db, run.id));
    return Response.json(run);
  });
}
