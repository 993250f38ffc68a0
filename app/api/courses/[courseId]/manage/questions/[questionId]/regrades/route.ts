import { after } from "next/server";
import { getDb } from "@/db/client";
import { refusalResponse } from "@/lib/authoring/http";
import { recentRegrades, regradeInputSchema, runRegrade, startRegrade } from "@/lib/assessments/regrade";
import { parseJsonBody, withCourseAccess } from "@/lib/http/api";

export async function GET(_request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/[questionId]/regrades">) {
  const { courseId, questionId } = await params;
  return withCourseAccess(courseId, "question:edit", async () => Response.json(await recentRegrades(await getDb(), courseId, questionId)));
}

/** Starts a regrade; the work continues after the response, and the page follows its progress. */
export async function POST(request: Request, { params }: RouteContext<"/api/courses/[courseId]/manage/questions/[questionId]/regrades">) {
  const { courseId, questionId } = await params;
  return withCourseAccess(courseId, "question:edit", async ({ user }) => {
    const body = await parseJsonBody(request, regradeInputSchema, 10_000);
    if (!body.ok) return body.response;
    const db = await getDb();
    const outcome = await startRegrade(db, courseId, questionId, user.id, body.data);
    if (!outcome.ok) return refusalResponse(outcome);
    if (!outcome.alreadyRunning) after(() => runRegrade(db, outcome.run.id));
    return Response.json(outcome.run, { status: outcome.alreadyRunning ? 200 : 202 });
  });
}
