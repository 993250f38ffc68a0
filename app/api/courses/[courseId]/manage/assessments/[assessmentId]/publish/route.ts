import { z } from "zod";
import { getDb } from "@/db/client";
import { refusalResponse } from "@/lib/authoring/http";
import { setPublished } from "@/lib/assessments/manage/save";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";

const bodySchema = z.object({ published: z.boolean() });

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments/[assessmentId]/publish">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async () => {
    const body = await parseJsonBody(request, bodySchema, 1_000);
    if (!body.ok) return body.response;
    const outcome = await setPublished(await getDb(), courseId, assessmentId, body.data.published);
    return outcome.ok ? Response.json(outcome) : refusalResponse(outcome);
  });
}
