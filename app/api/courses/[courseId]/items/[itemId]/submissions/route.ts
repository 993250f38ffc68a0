import { getDb } from "@/db/client";
import { dispatchGrading } from "@/grader/jobs/queue";
import { answerItem, MAX_ANSWER_BYTES, submissionInputSchema } from "@/lib/assessments/submit";
import { currentLocale } from "@/lib/i18n/request-locale";
import { localizedFeedback } from "@/domain/questions/feedback";
import { refusalMessage } from "@/lib/assessments/messages";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { rateLimitedResponse, submissionRateLimit } from "@/lib/http/rate-limit";
import { isAccessRefusal } from "@/lib/assessments/access";
import { currentTime } from "@/lib/clock";
import { routeClientFacts } from "@/lib/http/client-facts";
import { getLogger } from "@/platform/observability/logger";
import { requestIdOf, withRequestId } from "@/platform/observability/request-id";

const bodySchema = submissionInputSchema.omit({ itemId: true });

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/items/[itemId]/submissions">) {
  const requestId = requestIdOf(request.headers);
  const { courseId, itemId } = await params;
  const log = getLogger().child({ requestId, courseId, itemId });
  const response = await withCourseAccess(
    courseId,
    "assessment:take",
    async ({ user }) => {
      const db = await getDb();
      const body = await parseJsonBody(request, bodySchema, MAX_ANSWER_BYTES * 2);
      if (!body.ok) return body.response;
      const input = submissionInputSchema.safeParse({ ...body.data, itemId });
      if (!input.success) return apiError(404, "api.questionNotFound");
      const now = currentTime();
      const who = { userId: user.id, courseId, client: routeClientFacts(request) };
      // a replayed idempotency key gets its stored submission back, whatever the rate limit (new answers only) says
      const outcome = await answerItem(db, who, input.data, now, { key: `submit:${user.id}`, rule: submissionRateLimit() });
      if (outcome.kind === "rate-limited") {
        log.warn({ userId: user.id, retryAfterSeconds: outcome.retryAfterSeconds }, "submission rate limit");
        return rateLimitedResponse(outcome.retryAfterSeconds);
      }
      if (outcome.kind === "refused") {
        const status = outcome.reason === "not-found" ? 404 : outcome.reason === "invalid-answer" ? 422 : isAccessRefusal(outcome.reason) ? 403 : 409;
        const message = outcome.message && localizedFeedback({ feedback: outcome.message, message: outcome.messageKeys }, currentLocale());
        return apiError(status, message ?? refusalMessage(outcome.reason), { reason: outcome.reason });
      }
      const { submission } = outcome;
      log.info({ userId: user.id, submissionId: submission.id, status: submission.status, duplicate: outcome.duplicate }, "submission stored");
      if (submission.status === "queued") await dispatchGrading({ submissionId: submission.id, requestId }, log);
      return Response.json(submission, { status: outcome.duplicate ? 200 : 201 });
    },
    { requestId },
  );
  return withRequestId(response, requestId);
}
