import { z } from "zod";
import { getDb } from "@/db/client";
import { analyticsCsv } from "@/lib/analytics/export";
import { analyticsTables } from "@/lib/analytics/tables";
import { csvResponse } from "@/lib/gradebook/csv";
import { apiError, withCourseAccess } from "@/lib/http/api";

const querySchema = z.object({
  table: z.enum(analyticsTables, "validation.analyticsTable"),
  dialect: z.enum(["comma", "semicolon"], "validation.csvDialect").default("comma"),
});

/** One table of an assessment's analytics as CSV (?table=questions|students|wrong-answers|misconceptions|distribution). */
export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/review/assessments/[assessmentId]/analytics">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "analytics:view", async () => {
    const url = new URL(request.url);
    const query = querySchema.safeParse({ table: url.searchParams.get("table") ?? undefined, dialect: url.searchParams.get("dialect") ?? undefined });
    if (!query.success) return apiError(400, query.error.issues[0]!.message);
    if (!z.string().uuid().safeParse(assessmentId).success) return apiError(404, "api.assessmentNotFound");
    const file = await analyticsCsv(await getDb(), courseId, assessmentId, query.data.table, query.data.dialect);
    if (!file) return apiError(404, "api.assessmentNotFound");
    return csvResponse(file.csv, file.fileName);
  });
}
