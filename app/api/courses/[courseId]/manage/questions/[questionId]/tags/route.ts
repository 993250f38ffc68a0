import { getDb } from "@/db/client";
import { changeQuestionTag, tagChangeSchema } from "@/lib/authoring/bank-search";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { managementRefusal } from "@/lib/http/management-refusal";

/** Adds or removes one of this course's tags on a question. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/[questionId]/tags">) {
  const { courseId, questionId } = await params;
  return withCourseAccess(courseId, "question:edit", async ({ user }) => {
    const body = await parseJsonBody(request, tagChangeSchema, 1_000);
    if (!body.ok) return body.response;
    const outcome = await changeQuestionTag(await getDb(), { courseId, questionId, actorId: user.id, ...body.data });
    return outcome.ok ? Response.json(outcome) : managementRefusal(outcome);
  });
}
