import { z } from "zod";
import { getDb } from "@/db/client";
import { courseRoles } from "@/lib/auth/policy";
import { changeRole, removePerson } from "@/lib/courses/roster";
import { parseBody, peopleRefusal, withCourseRoute } from "@/lib/http/people";

const bodySchema = z.object({ role: z.enum(courseRoles) });
const isUuid = (id: string) => z.string().uuid().safeParse(id).success;

export async function PATCH(request: Request, { params }: RouteContext<"/api/courses/[courseId]/roster/[userId]">) {
  const { courseId, userId } = await params;
  return withCourseRoute(request, courseId, "roster:manage", async () => {
    if (!isUuid(userId)) return peopleRefusal(request, "not_found");
    const body = await parseBody(request, bodySchema, 500);
    if (!body.ok) return body.response;
    const done = await changeRole(await getDb(), courseId, userId, body.data.role);
    return done.ok ? Response.json({ role: body.data.role }) : peopleRefusal(request, done.reason);
  });
}

/** Removal from the course (kept as removed: submissions stay). */
export async function DELETE(request: Request, { params }: RouteContext<"/api/courses/[courseId]/roster/[userId]">) {
  const { courseId, userId } = await params;
  return withCourseRoute(request, courseId, "roster:manage", async () => {
    if (!isUuid(userId)) return peopleRefusal(request, "not_found");
    const done = await removePerson(await getDb(), courseId, userId);
    return done.ok ? Response.json({ removed: true }) : peopleRefusal(request, done.reason);
  });
}
