import { getDb } from "@/db/client";
import { gradePreviewAnswer, previewAnswerSchema } from "@/lib/assessments/student-preview";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { managementRefusal } from "@/lib/http/management-refusal";
import { sandboxBusyResponse } from "@/lib/http/rate-limit";
import { SandboxBusyError } from "@/grader/sandbox/pool";
import { currentLocale } from "@/lib/i18n/request-locale";

/** "View as student": grades an answer on the preview variant; nothing is stored. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments/[assessmentId]/preview">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async ({ user }) => {
    const body = await parseJsonBody(request, previewAnswerSchema, 200_000);
    if (!body.ok) return body.response;
    const grade = await gradePreviewAnswer(await getDb(), { courseId, assessmentId, userId: user.id, locale: currentLocale(), ...body.data }).catch((error: unknown) => {
      if (error instanceof SandboxBusyError) return error;
      throw error;
    });
    if (grade instanceof SandboxBusyError) return sandboxBusyResponse(grade.scope, grade.retryAfterSeconds);
    return grade.ok ? Response.json(grade) : managementRefusal(grade);
  });
}
