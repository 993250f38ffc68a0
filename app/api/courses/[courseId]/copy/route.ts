import { z } from "zod";
import { getDb } from "@/db/client";
import { copyCourse } from "@/lib/courses/courses";
import { parseBody, peopleRefusal, withCourseRoute } from "@/lib/http/people";

const bodySchema = z.object({ slug: z.string().max(100), title: z.string().max(300), term: z.string().max(100).optional(), shiftDays: z.number().int().default(0) });

/** A copy for a new term; the copying instructor is its first instructor. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/copy">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "course:edit", async ({ user }) => {
    const body = await parseBody(request, bodySchema, 2_000);
    if (!body.ok) return body.response;
    const copied = await copyCourse(await getDb(), { fromCourseId: courseId, ...body.data, instructorId: user.id });
    return copied.ok ? Response.json(copied, { status: 201 }) : peopleRefusal(request, copied.reason, copied.field);
  });
}
