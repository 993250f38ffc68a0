import { z } from "zod";
import { getDb } from "@/db/client";
import { createCourse } from "@/lib/courses/courses";
import { parseBody, peopleRefusal, withPlatformAccess } from "@/lib/http/people";

const bodySchema = z.object({
  slug: z.string().max(100),
  title: z.string().max(300),
  term: z.string().max(100).optional(),
  timeZone: z.string().max(100).optional(),
  language: z.string().max(10).optional(),
  instructorEmail: z.string().max(300),
});

export async function POST(request: Request) {
  return withPlatformAccess(request, "course:create", async () => {
    const body = await parseBody(request, bodySchema, 5_000);
    if (!body.ok) return body.response;
    const created = await createCourse(await getDb(), { ...body.data, language: body.data.language as "pt-BR" | undefined });
    return created.ok ? Response.json(created, { status: 201 }) : peopleRefusal(request, created.reason, created.field);
  });
}
