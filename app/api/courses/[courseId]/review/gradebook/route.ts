import { z } from "zod";
import { getDb } from "@/db/client";
import { csvResponse } from "@/lib/gradebook/csv";
import { gradebookCsv } from "@/lib/gradebook/export";
import { apiError, withCourseAccess } from "@/lib/http/api";

const querySchema = z.object({
  assessment: z.string().uuid("validation.assessmentUuid").optional(),
  dialect: z.enum(["comma", "semicolon"], "validation.csvDialect").default("comma"),
});

/** The gradebook as CSV: the whole course, or one assessment with ?assessment=<id>; ?dialect=semicolon for Excel in pt-BR. */
export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/review/gradebook">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "grades:export", async () => {
    const url = new URL(request.url);
    const query = querySchema.safeParse({ assessment: url.searchParams.get("assessment") ?? undefined, dialect: url.searchParams.get("dialect") ?? undefined });
    if (!query.success) return apiError(400, query.error.issues[0]!.message);
    const file = await gradebookCsv(await getDb(), courseId, { assessmentId: query.data.assessment, dialect: query.data.dialect });
    if (!file) return apiError(404, "api.assessmentNotFound");
    return csvResponse(file.csv, file.fileName);
  });
}
