import { getDb } from "@/db/client";
import { draftFromContent } from "@/lib/authoring/file-form";
import { draftSchema, MAX_DRAFT_BYTES, saveResponse } from "@/lib/authoring/http";
import { questionDetail, saveCourseQuestion } from "@/lib/authoring/store";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { currentLocale } from "@/lib/i18n/request-locale";

export async function GET(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/[questionId]">) {
  const { courseId, questionId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const detail = await questionDetail(await getDb(), courseId, questionId);
    if (!detail) return apiError(404, "api.questionNotFound");
    return Response.json({ ...detail, draft: draftFromContent(detail.latest.content as unknown as Record<string, unknown>) });
  });
}

/** Saves an edit: a new content becomes a new version; older submissions keep theirs. */
export async function PUT(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/[questionId]">) {
  const { courseId, questionId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const body = await parseJsonBody(request, draftSchema, MAX_DRAFT_BYTES);
    if (!body.ok) return body.response;
    return saveResponse(await saveCourseQuestion(await getDb(), courseId, questionId, body.data, currentLocale()));
  });
}
