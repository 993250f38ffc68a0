import { getDb } from "@/db/client";
import { importInputSchema, importLimitProblem, importQuestions, MAX_IMPORT_BYTES } from "@/lib/interop/import";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";

/** Imports a Moodle XML or GIFT file; the answer is the per-question report (imported / rejected with reasons). */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/interop/import">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const body = await parseJsonBody(request, importInputSchema, MAX_IMPORT_BYTES * 2);
    if (!body.ok) return body.response;
    const problem = importLimitProblem(body.data);
    if (problem) return apiError(problem.status, problem.message, {}, problem.values);
    return Response.json(await importQuestions(await getDb(), courseId, body.data));
  });
}
