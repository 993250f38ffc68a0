import { z } from "zod";
import { getDb } from "@/db/client";
import { ownSubmission, ownSubmissionChange } from "@/lib/assessments/own-submission";
import { apiError, withCourseAccess } from "@/lib/http/api";

/** ?after=queued|running: a long poll, answered when the status is no longer that one (or after 20 s, unchanged). */
const waitSchema = z.enum(["queued", "running"]).optional();

/** Live status of a student's own submission (queued → running → graded). */
export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/submissions/[submissionId]">) {
  const { courseId, submissionId } = await params;
  const after = waitSchema.safeParse(new URL(request.url).searchParams.get("after") ?? undefined);
  return withCourseAccess(courseId, "assessment:take", async ({ user }) => {
    const db = await getDb();
    const view =
      after.success && after.data
        ? await ownSubmissionChange(db, courseId, submissionId, user.id, after.data, { signal: request.signal })
        : await ownSubmission(db, courseId, submissionId, user.id);
    return view ? Response.json(view) : apiError(404, "api.submissionNotFound");
  });
}
