import { z } from "zod";
import { getDb } from "@/db/client";
import { deliverLinks } from "@/lib/accounts/deliver";
import { issueToken } from "@/lib/accounts/tokens";
import { getCourse } from "@/lib/courses/courses";
import { listRoster } from "@/lib/courses/roster";
import { peopleRefusal, withCourseRoute } from "@/lib/http/people";

/** A new invitation link for someone on the roster (the previous one stops working); e-mailed, or shown to copy. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/roster/[userId]/invite">) {
  const { courseId, userId } = await params;
  return withCourseRoute(request, courseId, "roster:manage", async () => {
    if (!z.string().uuid().safeParse(userId).success) return peopleRefusal(request, "not_found");
    const db = await getDb();
    const person = (await listRoster(db, courseId)).find((p) => p.userId === userId);
    if (!person) return peopleRefusal(request, "not_found");
    const token = await issueToken(db, userId, "invite");
    const course = await getCourse(db, courseId);
    const [link] = await deliverLinks([{ email: person.email, name: person.name, token }], { purpose: "invite", locale: course?.language, courseTitle: course?.title });
    return Response.json(link);
  });
}
