import { z } from "zod";
import { getDb } from "@/db/client";
import { runPublicTests } from "@/lib/assessments/practice";
import { studentFeedback } from "@/lib/assessments/student-feedback";
import { MAX_ANSWER_BYTES } from "@/lib/assessments/submit";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { routeClientFacts } from "@/lib/http/client-facts";
import { codeRunnerTimeoutResponse, rateLimitedResponse, sandboxBusyResponse, submissionRateLimit, takeRateLimited } from "@/lib/http/rate-limit";
import { QuickJobTimeoutError } from "@/grader/jobs/quick-jobs";
import { SandboxBusyError } from "@/grader/sandbox/pool";

const bodySchema = z.object({ answer: z.string().max(MAX_ANSWER_BYTES, "validation.codeTooLarge") });

/** Runs code against the public test cases; nothing is stored and no attempt is used. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/items/[itemId]/public-tests">) {
  const { courseId, itemId } = await params;
  return withCourseAccess(courseId, "assessment:take", async ({ user }) => {
    // Runs use the sandbox like submissions do: same per-student limit, counted separately.
    const db = await getDb();
    const allowed = await takeRateLimited(db, `public-tests:${user.id}`, submissionRateLimit());
    if (!allowed.ok) return rateLimitedResponse(allowed.retryAfterSeconds);
    const body = await parseJsonBody(request, bodySchema, MAX_ANSWER_BYTES * 2);
    if (!body.ok) return body.response;
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) return apiError(404, "api.questionNotFound");
    const outcome = await runPublicTests(db, courseId, itemId, user.id, body.data.answer, routeClientFacts(request)).catch((error: unknown) => {
      if (error instanceof SandboxBusyError || error instanceof QuickJobTimeoutError) return error;
      throw error;
    });
    if (outcome instanceof SandboxBusyError) return sandboxBusyResponse(outcome.scope, outcome.retryAfterSeconds);
    if (outcome instanceof QuickJobTimeoutError) return codeRunnerTimeoutResponse(outcome.timeoutMs);
    if (!outcome) return apiError(404, "api.codeQuestionNotFound");
    const { status, score, ...feedback } = outcome;
    return Response.json({ status, score, feedback: studentFeedback(feedback) });
  });
}
