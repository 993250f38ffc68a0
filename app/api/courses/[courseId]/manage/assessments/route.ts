import { getDb } from "@/db/client";
import { refusalResponse } from "@/lib/authoring/http";
import { assessmentInputSchema } from "@/lib/assessments/manage/input";
import { createAssessment } from "@/lib/assessments/manage/save";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async () => {
    const body = await parseJsonBody(request, assessmentInputSchema, 200_000);
    if (!body.ok) return body.response;
    const outcome = await createAssessment(await getDb(), courseId, body.data);
    return outcome.ok ? Response.json(outcome, { status: 201 }) : refusalResponse(outcome);
  });
}
