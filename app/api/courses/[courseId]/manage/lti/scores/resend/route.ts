import { z } from "zod";
import { getDb } from "@/db/client";
import { currentTime } from "@/lib/clock";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { resendScores } from "@/lib/lti/ags";

const bodySchema = z.object({ scoreId: z.uuid().optional() });

/** "Send again": the failed LMS grades of the course (or one of them) go back to the passback queue. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/lti/scores/resend">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async () => {
    const body = await parseJsonBody(request, bodySchema, 1_000);
    if (!body.ok) return body.response;
    return Response.json({ requeued: await resendScores(await getDb(), courseId, currentTime(), body.data.scoreId) });
  });
}
