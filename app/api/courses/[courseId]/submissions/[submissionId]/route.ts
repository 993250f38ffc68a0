import { getDb } from "@/db/client";
import { ownSubmission } from "@/lib/assessments/own-submission";
import { apiError, withCourseAccess } from "@/lib/http/api";

/** Live status of a student's own submission (queued → running → graded). */
export async function GET(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/submissions/[submissionId]">) {
  const { courseId, submissionId } = await params;
  return withCourseAccess(courseId, "assessment:take", async ({ user }) => {
    const view = await ownSubmission(await getDb(), courseId, submissionId, user.id);
    return view ? Response.json(view) : apiError(404, "api.submissionNotFound");
  });
}
