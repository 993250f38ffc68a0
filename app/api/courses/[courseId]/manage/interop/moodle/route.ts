import { getDb } from "@/db/client";
import { exportCourseToMoodle } from "@/lib/interop/export";
import { apiError, withCourseAccess } from "@/lib/http/api";

/** Moodle XML of the course's own questions (or `?ids=a,b` among those it may use). */
export async function GET(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/interop/moodle">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => {
    const idsText = new URL(request.url).searchParams.get("ids");
    const ids = idsText ? idsText.split(",").map((s) => s.trim()).filter(Boolean).slice(0, 500) : null;
    const result = await exportCourseToMoodle(await getDb(), courseId, ids);
    if (result.count === 0) return apiError(404, "api.nothingToExport");
    return new Response(result.xml, {
      headers: {
        "content-type": "application/xml; charset=utf-8",
        "content-disposition": `attachment; filename="forja-questoes.xml"`,
        "x-forja-export-notes": encodeURIComponent(JSON.stringify(result.notes)).slice(0, 4000),
      },
    });
  });
}
