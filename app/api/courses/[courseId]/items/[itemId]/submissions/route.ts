import { getDb } from "@/db/client";
import { wakeInProcessWorker } from "@/grader/jobs/in-process";
import { MAX_ANSWER_BYTES, submissionInputSchema, submitAnswer } from "@/lib/assessments/submit";
import { refusalMessage } from "@/lib/assessments/messages";
import { apiError, parseJsonBody, withCourseAccess } from "@/lib/http/api";

const bodySchema = submissionInputSchema.omit({ itemId: true });

export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/items/[itemId]/submissions">) {
  const { courseId, itemId } = await params;
  return withCourseAccess(courseId, "assessment:take", async ({ user }) => {
    const body = await parseJsonBody(request, bodySchema, MAX_ANSWER_BYTES * 2);
    if (!body.ok) return body.response;
    const input = submissionInputSchema.safeParse({ ...body.data, itemId });
    if (!input.success) return apiError(404, "Questão não encontrada.");
    const outcome = await submitAnswer(await getDb(), { userId: user.id, courseId }, input.data);
    if (outcome.kind === "refused") {
      const status = outcome.reason === "not-found" ? 404 : outcome.reason === "invalid-answer" ? 422 : 409;
      return apiError(status, outcome.message ?? refusalMessage(outcome.reason), { reason: outcome.reason });
    }
    if (outcome.submission.status === "queued") wakeInProcessWorker();
    return Response.json(outcome.submission, { status: outcome.duplicate ? 200 : 201 });
  });
}
