import { getDb } from "@/db/client";
import { refusalResponse } from "@/lib/authoring/http";
import { assessmentInputSchema } from "@/lib/assessments/manage/input";
import { updateAssessment } from "@/lib/assessments/manage/save";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";

export async function PUT(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments/[assessmentId]">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async () => {
    const body = await parseJsonBody(request, assessmentInputSchema, 200_000);
    if (!body.ok) return body.response;
    const outcome = await updateAssessment(await getDb(), courseId, assessmentId, body.data);
    return outcome.ok ? Response.json(outcome) : refusalResponse(outcome);
  });
}
