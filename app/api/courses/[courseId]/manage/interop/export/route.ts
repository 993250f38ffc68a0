import { getDb } from "@/db/client";
import { exportQuerySchema, exportQuestions } from "@/lib/interop/export";
import { apiError, withCourseAccess } from "@/lib/http/api";

/** `?format=moodle-xml|gift` of the course's own questions, `&assessment=<id>` of one assessment's, `&ids=a,b` of some. */
export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/interop/export">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return apiError(400, "api.invalidField", {}, { field: String(query.error.issues[0]?.path[0] ?? "?"), problem: query.error.issues[0]?.message ?? "" });
    const file = await exportQuestions(await getDb(), courseId, query.data);
    if (!file) return apiError(404, "api.interop.assessmentNotFound");
    if (file.count === 0) return apiError(404, "api.interop.nothingToExport");
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "x-forja-export-notes": encodeURIComponent(JSON.stringify(file.notes)).slice(0, 4000),
      },
    });
  });
}
