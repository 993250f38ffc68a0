import { z } from "zod";
import { getDb } from "@/db/client";
import { runPublicTests } from "@/lib/assessments/practice";
import { MAX_ANSWER_BYTES } from "@/lib/assessments/submit";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";
import { rateLimitedResponse, submissionRateLimiter } from "@/lib/http/rate-limit";

const bodySchema = z.object({ answer: z.string().max(MAX_ANSWER_BYTES, "O código é grande demais.") });

/** Runs code against the public test cases; nothing is stored and no attempt is used. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/items/[itemId]/public-tests">) {
  const { courseId, itemId } = await params;
  return withCourseAccess(courseId, "assessment:take", async ({ user }) => {
    // Runs use the sandbox like submissions do: same per-student limit, counted separately.
    const allowed = submissionRateLimiter().take(`public-tests:${user.id}`);
    if (!allowed.ok) return rateLimitedResponse(allowed.retryAfterSeconds);
    const body = await parseJsonBody(request, bodySchema, MAX_ANSWER_BYTES * 2);
    if (!body.ok) return body.response;
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) return apiError(404, "Questão não encontrada.");
    const outcome = await runPublicTests(await getDb(), courseId, itemId, user.id, body.data.answer);
    if (!outcome) return apiError(404, "Questão de código não encontrada.");
    const { status, score, ...feedback } = outcome;
    return Response.json({ status, score, feedback });
  });
}
