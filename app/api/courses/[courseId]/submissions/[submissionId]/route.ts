import { getDb } from "@/db/client";
import { ownSubmission } from "@/lib/assessments/own-submission";
import { localizedView } from "@/lib/assessments/submit";
import { apiError, withCourseAccess } from "@/lib/http/api";
import { currentLocale } from "@/lib/i18n/request-locale";

/** Live status of a student's own submission (queued → running → graded). */
export async function GET(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/submissions/[submissionId]">) {
  const { courseId, submissionId } = await params;
  return withCourseAccess(courseId, "assessment:take", async ({ user }) => {
    const view = await ownSubmission(await getDb(), courseId, submissionId, user.id);
    return view ? Response.json(localizedView(view, currentLocale())) : apiError(404, "api.submissionNotFound");
  });
}
