import { getDb } from "@/db/client";
import { currentTime } from "@/lib/clock";
import { apiError, withCourseAccess } from "@/lib/http/api";
import { LtiError } from "@/lib/lti/errors";
import { syncRosterFromLms } from "@/lib/lti/nrps";
import { getLogger } from "@/platform/observability/logger";

/** Names and Role Provisioning: the instructor pulls the roster from the LMS. */
export async function POST(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/lti/roster-sync">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "roster:manage", async ({ user }) => {
    try {
      const report = await syncRosterFromLms(await getDb(), courseId, currentTime());
      getLogger().info({ courseId, userId: user.id, ...report }, "roster synced from the LMS");
      return Response.json(report);
    } catch (error) {
      if (error instanceof LtiError) return apiError(409, "api.ltiNotLinked");
      getLogger().warn({ err: error, courseId }, "roster sync from the LMS failed");
      return apiError(502, "api.ltiRosterFailed");
    }
  });
}
