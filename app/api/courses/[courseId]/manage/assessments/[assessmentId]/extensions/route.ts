import { z } from "zod";
import { getDb } from "@/db/client";
import { refusalResponse } from "@/lib/authoring/http";
import { extensionInputSchema, grantExtension, revokeExtension } from "@/lib/assessments/manage/extensions";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments/[assessmentId]/extensions">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "extension:grant", async ({ user }) => {
    const body = await parseJsonBody(request, extensionInputSchema, 5_000);
    if (!body.ok) return body.response;
    const outcome = await grantExtension(await getDb(), courseId, assessmentId, user.id, body.data);
    return outcome.ok ? Response.json(outcome) : refusalResponse(outcome);
  });
}

export async function DELETE(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments/[assessmentId]/extensions">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "extension:grant", async () => {
    const userId = z.string().uuid().safeParse(new URL(request.url).searchParams.get("userId"));
    if (!userId.success) return apiError(400, "api.extensionUserId");
    const outcome = await revokeExtension(await getDb(), courseId, assessmentId, userId.data);
    return outcome.ok ? Response.json(outcome) : refusalResponse(outcome);
  });
}
