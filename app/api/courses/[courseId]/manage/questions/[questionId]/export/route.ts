import { getDb } from "@/db/client";
import { exportQuestion } from "@/lib/authoring/store";
import { apiError, withCourseAccess } from "@/lib/http/api";

/** The question's file form (question.yaml, prompt.md, solution.md) to commit into question-bank/. */
export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/[questionId]/export">) {
  const { courseId, questionId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const versionText = new URL(request.url).searchParams.get("version");
    const version = versionText === null ? undefined : Number(versionText);
    if (version !== undefined && !(Number.isInteger(version) && version >= 1)) return apiError(400, "api.invalidVersion");
    const form = await exportQuestion(await getDb(), courseId, questionId, version);
    if (!form) return apiError(404, "api.questionOrVersionNotFound");
    return Response.json(form);
  });
}
