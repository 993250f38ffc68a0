import { z } from "zod";
import { getDb } from "@/db/client";
import { draftSchema, MAX_DRAFT_BYTES } from "@/lib/authoring/http";
import { validateDraft } from "@/lib/authoring/validate";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { currentLocale } from "@/lib/i18n/request-locale";

const bodySchema = z.object({
  draft: draftSchema,
  seed: z.number().int().min(0).max(2 ** 31 - 1).nullable().default(null),
  testAnswer: z.string().max(100_000).optional(),
});

/** The editor's live check and preview: same validation as the file bank, one variant rendered, a test answer graded. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/validate">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const body = await parseJsonBody(request, bodySchema, MAX_DRAFT_BYTES);
    if (!body.ok) return body.response;
    const result = await validateDraft(body.data.draft, { seed: body.data.seed, testAnswer: body.data.testAnswer, locale: currentLocale(), db: await getDb() });
    return Response.json(result.ok ? { ok: true, parameterized: result.parameterized, preview: result.preview } : result);
  });
}
