import { z } from "zod";
import { getDb } from "@/db/client";
import { retryDeadJobs } from "@/grader/jobs/dead-letter";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { getLogger } from "@/platform/observability/logger";

const bodySchema = z.object({ submissionIds: z.array(z.uuid("validation.submissionIdInvalid")).min(1).max(1_000) });

/** Sends dead-letter code submissions back to grading once the platform problem is fixed. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/failed-gradings/retry">) {
  const { courseId } = await params;
  return withCourseAccess(courseId, "assessment:manage", async ({ user }) => {
    const body = await parseJsonBody(request, bodySchema, 64_000);
    if (!body.ok) return body.response;
    const log = getLogger().child({ courseId, userId: user.id });
    const requeued = await retryDeadJobs(await getDb(), courseId, body.data.submissionIds);
    log.info({ requeued, asked: body.data.submissionIds.length }, "failed gradings sent back to grading");
    return Response.json({ requeued });
  });
}
