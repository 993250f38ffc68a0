import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, submissions } from "@/db/schema";
import { rulesOf } from "./context";
import { resultsVisible } from "./rules";
import { viewOf, type SubmissionView } from "./submit";

export async function ownSubmission(db: Db, courseId: string, submissionId: string, userId: string, now = new Date()): Promise<SubmissionView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(submissionId)) return null;
  const [row] = await db
    .select({ submission: submissions, assessment: assessments })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(eq(submissions.id, submissionId), eq(submissions.userId, userId), eq(assessments.courseId, courseId)));
  if (!row) return null;
  return viewOf(row.submission, !resultsVisible(rulesOf(row.assessment), now));
}

/** Back-off of the server-side look while a long poll waits: quick first (instant grading ends in milliseconds), then once a second. */
export const LONG_POLL_STEPS_MS = [100, 200, 400, 800, 1_000] as const;
/** How long one long poll is held before it answers with the unchanged status (the browser then asks again). */
export const LONG_POLL_HOLD_MS = 20_000;

/**
 * A long poll for the question page (issue #17): the student's submission as soon as its status is no longer
 * `seen` (queued or running), or as it is after `holdMs`. One indexed read per look, backing off, instead of a
 * request with its session check every 400 ms from the browser. `sleep` is injected by tests.
 */
export async function ownSubmissionChange(
  db: Db,
  courseId: string,
  submissionId: string,
  userId: string,
  seen: string,
  { holdMs = LONG_POLL_HOLD_MS, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)), signal }: { holdMs?: number; sleep?: (ms: number) => Promise<void>; signal?: AbortSignal } = {},
): Promise<SubmissionView | null> {
  let waited = 0;
  for (let look = 0; ; look++) {
    const view = await ownSubmission(db, courseId, submissionId, userId);
    if (!view || view.status !== seen || waited >= holdMs || signal?.aborted) return view;
    const step = Math.min(LONG_POLL_STEPS_MS[Math.min(look, LONG_POLL_STEPS_MS.length - 1)]!, holdMs - waited);
    await sleep(step);
    waited += step;
  }
}
