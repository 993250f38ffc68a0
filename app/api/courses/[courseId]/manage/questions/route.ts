import { getDb } from "@/db/client";
import { draftSchema, MAX_DRAFT_BYTES, saveResponse } from "@/lib/authoring/http";
import { listCourseQuestions, saveCourseQuestion } from "@/lib/authoring/store";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { currentLocale } from "@/lib/i18n/request-locale";

export async function GET(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async () => Response.json(await listCourseQuestions(await getDb(), courseId)));
}

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const body = await parseJsonBody(request, draftSchema, MAX_DRAFT_BYTES);
    if (!body.ok) return body.response;
    return saveResponse(await saveCourseQuestion(await getDb(), courseId, null, body.data, currentLocale()));
  });
}
