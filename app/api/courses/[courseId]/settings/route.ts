import { z } from "zod";
import { getDb } from "@/db/client";
import { updateCourseSettings } from "@/lib/courses/courses";
import { parseBody, peopleRefusal, withCourseRoute } from "@/lib/http/people";

const bodySchema = z.object({ title: z.string().max(300), term: z.string().max(100), timeZone: z.string().max(100), language: z.string().max(10) });

export async function PUT(request: Request, { params }: RouteContext<"/api/courses/[courseId]/settings">) {
  const { courseId } = await params;
  return withCourseRoute(request, courseId, "course:edit", async () => {
    const body = await parseBody(request, bodySchema, 2_000);
    if (!body.ok) return body.response;
    const updated = await updateCourseSettings(await getDb(), courseId, { ...body.data, language: body.data.language as "pt-BR" });
    return updated.ok ? Response.json(updated) : peopleRefusal(request, updated.reason, updated.field);
  });
}
