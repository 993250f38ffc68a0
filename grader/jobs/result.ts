import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { gradingJobs, submissions } from "@/db/schema";
import type { GradeOutcome } from "@/grader/grade";
import { jobFailed, jobResultSchema, jobsReleased, jobTaken } from "./record";

export type SubmissionRow = typeof submissions.$inferSelect;

/**
 * What a grading job writes on its submission and its `grading_jobs` row, whichever queue ran it: the one mapping
 * from a grade to a stored result, the one result writer and the one failure path (retry or dead letter).
 */
export interface StoredResult {
  status: "graded" | "pending_manual" | "error";
  score: number | null;
  feedback: unknown;
}

/**
 * The stored result of a grade; null for a platform failure (to be retried, then dead-lettered). An unreadable answer
 * (e.g. a syntax error) is no attempt, as an unreadable instant answer is refused: status `error` (not counted, outside
 * the attempt index), no score, the grader's message with its keys (said in the reader's language) and `invalidAnswer`.
 */
export function resultOf(outcome: GradeOutcome): StoredResult | null {
  if (outcome.status === "error") {
    if (outcome.reason === "internal") return null;
    return { status: "error", score: null, feedback: { feedback: outcome.feedback, ...(outcome.message ? { message: outcome.message } : {}), invalidAnswer: true } };
  }
  const { status: _status, score, ...feedback } = outcome;
  return outcome.pending ? { status: "pending_manual", score: null, feedback } : { status: "graded", score, feedback };
}

export const DEAD_LETTER_MESSAGE = "A correção falhou por um problema da plataforma, não da sua resposta; a equipe foi avisada e vai recorrigir.";

/** The feedback of a submission whose grading failed for good (its job is `dead`, listed for instructors by `listDeadJobs`). */
export function deadLetterFeedback(detail: string) {
  return { feedback: DEAD_LETTER_MESSAGE, detail, deadLetter: true };
}

/**
 * Marks the submission as being graded by `owner`, and its current job (unless the embedded queue's claim leased it
 * already). Null when it already has its result (a duplicate delivery). A `running` submission is taken over too:
 * that is a retry after a worker died or gave the job back.
 */
export async function takeSubmission(db: Db, submissionId: string, owner: string, leaseSeconds: number, jobLeased = false): Promise<SubmissionRow | null> {
  const [row] = await db
    .update(submissions)
    .set({
      status: "running",
      leaseOwner: owner,
      leaseExpiresAt: sql`now() + (${leaseSeconds} * interval '1 second')`,
      jobAttempts: sql`${submissions.jobAttempts} + 1`,
    })
    .where(and(eq(submissions.id, submissionId), inArray(submissions.status, ["queued", "running"])))
    .returning();
  if (row && !jobLeased) await jobTaken(db, row.id, owner, leaseSeconds);
  return row ?? null;
}

/**
 * The one result writer: the result of a submission and of its current job, in one statement (the job's update is a
 * CTE of it); only a queued or running submission receives it: false if it already had one. One statement and no
 * transaction: a grader rides out database restarts, and a pooled client held by a transaction that loses its
 * connection ends the process. The result is checked (ZodError for a malformed one) before anything is written.
 */
export async function storeResult(db: Db, submissionId: string, result: StoredResult): Promise<boolean> {
  const checked = jobResultSchema.parse(result);
  const stored = db.$with("stored").as(
    db
      .update(submissions)
      .set({ status: result.status, score: result.score, feedback: result.feedback, gradedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(submissions.id, submissionId), inArray(submissions.status, ["queued", "running"])))
      .returning({ id: submissions.id, jobId: submissions.currentJobId }),
  );
  const finished = db.$with("finished").as(
    db
      .update(gradingJobs)
      .set({ status: "done", result: checked, leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
      .where(and(eq(gradingJobs.id, sql`(select ${stored.jobId} from ${stored})`), inArray(gradingJobs.status, ["queued", "running"])))
      .returning({ id: gradingJobs.id }),
  );
  const updated = await db.with(stored, finished).select({ id: stored.id }).from(stored);
  return updated.length === 1;
}

/**
 * storeResult again after a failure whose answer was lost (the database went away around the commit): when the
 * submission already holds exactly this result, it was this write that stored it.
 */
export async function storeResultAgain(db: Db, submissionId: string, result: StoredResult): Promise<boolean> {
  if (await storeResult(db, submissionId, result)) return true;
  // the write went through before the answer was lost (the submission's and its job's: one statement)
  return storedAlready(db, submissionId, result);
}

async function storedAlready(db: Db, submissionId: string, result: StoredResult): Promise<boolean> {
  const [row] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(
      and(
        eq(submissions.id, submissionId),
        eq(submissions.status, result.status),
        result.score === null ? sql`${submissions.score} is null` : eq(submissions.score, result.score),
        sql`${submissions.feedback} = ${JSON.stringify(result.feedback ?? null)}::jsonb`,
      ),
    );
  return Boolean(row);
}

/**
 * The one failure path of a grading job (a platform failure, never the student's error): back to the queue, or
 * `dead` (its tries spent) to the dead letter: the submission in `error` with a clear message for staff and student,
 * its job `dead` with the reason. `owner`: only while that worker still holds the submission; null: whoever held it,
 * once its lease expired (pg-boss's dead letter of a job whose worker died on its last try: a submission sent back to
 * grading meanwhile, queued or freshly taken, is left alone). False when nothing was changed.
 */
export async function gradingFailed(db: Db, submissionId: string, owner: string | null, detail: string, dead: boolean): Promise<boolean> {
  const held = owner === null ? sql`${submissions.leaseExpiresAt} < now()` : eq(submissions.leaseOwner, owner);
  const failed = await db
    .update(submissions)
    .set(dead ? { status: "error", feedback: deadLetterFeedback(detail), leaseOwner: null, leaseExpiresAt: null } : { status: "queued", leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(submissions.id, submissionId), eq(submissions.status, "running"), held))
    .returning({ id: submissions.id });
  if (failed.length !== 1) return false;
  await jobFailed(db, submissionId, detail, !dead);
  return true;
}

/** A graceful shutdown gives `owner`'s running submissions and jobs back, so another worker takes them at once (the try is not counted). */
export async function leasesReleased(db: Db, owner: string): Promise<void> {
  await db
    .update(submissions)
    .set({ status: "queued", leaseOwner: null, leaseExpiresAt: null, jobAttempts: sql`greatest(${submissions.jobAttempts} - 1, 0)` })
    .where(and(eq(submissions.status, "running"), eq(submissions.leaseOwner, owner)));
  await jobsReleased(db, owner);
}
