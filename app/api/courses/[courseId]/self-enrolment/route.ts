import { getDb } from "@/db/client";
import { selfEnrolmentSchema, setSelfEnrolment } from "@/lib/courses/courses";
import { parseBody, peopleRefusal, withCourseRoute } from "@/lib/http/people";

export async function PUT(request: Request, { params }: RouteContext<"/api/courses/[courseId]/self-enrolment">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "roster:manage", async () => {
    const body = await parseBody(request, selfEnrolmentSchema, 2_000);
    if (!body.ok) return body.response;
    const done = await setSelfEnrolment(await getDb(), courseId, body.data);
    return done.ok ? Response.json(done) : peopleRefusal(request, done.reason, done.field);
  });
}
