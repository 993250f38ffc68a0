import { getDb } from "@/db/client";
import { lifecycleBodySchema, runLifecycleAction } from "@/lib/assessments/lifecycle";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { managementRefusal } from "@/lib/http/management-refusal";
import { currentLocale } from "@/lib/i18n/request-locale";
import { translate } from "@/domain/i18n/translate";

/** Duplicate, archive, restore or delete an assessment (instructors; the page asks for confirmation first). */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/assessments/[assessmentId]/lifecycle">) {
  const { courseId, assessmentId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async ({ user }) => {
    const body = await parseJsonBody(request, lifecycleBodySchema, 1_000);
    if (!body.ok) return body.response;
    const locale = currentLocale();
    const outcome = await runLifecycleAction(await getDb(), {
      courseId,
      assessmentId,
      actorId: user.id,
      action: body.data.action,
      copyTitle: (title) => translate(locale, "management.lifecycle.copyTitle", { title }),
    });
    return outcome.ok ? Response.json(outcome) : managementRefusal(outcome);
  });
}
