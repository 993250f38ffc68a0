import { z } from "zod";
import { getDb } from "@/db/client";
import { setArchived } from "@/lib/courses/courses";
import { parseBody, peopleRefusal, withCourseRoute } from "@/lib/http/people";

const bodySchema = z.object({ archived: z.boolean() });

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/archive">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "course:edit", async () => {
    const body = await parseBody(request, bodySchema, 500);
    if (!body.ok) return body.response;
    const done = await setArchived(await getDb(), courseId, body.data.archived);
    return done.ok ? Response.json({ archived: body.data.archived }) : peopleRefusal(request, done.reason);
  });
}
