import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prepared } from "@/db/prepared";
import { gradingJobs, submissions } from "@/db/schema";
import type { GradeOutcome } from "@/grader/grade";
import { jobFailed, jobResultSchema, jobsReleased, jobTaken, lease } from "./record";

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
 * that is a retry after a worker died or gave the job back. One prepared statement: the job's lease is a CTE of it.
 */
export async function takeSubmission(db: Db, submissionId: string, owner: string, leaseSeconds: number, jobLeased = false): Promise<SubmissionRow | null> {
  const values = { id: submissionId, owner, leaseSeconds };
  if (jobLeased) {
    const [row] = await takeStatement(db).execute(values);
    return row ?? null;
  }
  const [taken] = await takeWithJobStatement(db).execute(values);
  if (!taken) return null;
  const { jobTaken: leased, ...row } = taken;
  // a submission queued without a job (stored by an older version, or a crash between storing and recording)
  if (!leased) await jobTaken(db, row.id, owner, leaseSeconds);
  return row;
}

function takenSubmission(d: Db) {
  return d
    .update(submissions)
    .set({
      status: "running",
      leaseOwner: sql`${sql.placeholder("owner")}`,
      leaseExpiresAt: sql`now() + (${sql.placeholder("leaseSeconds")} * interval '1 second')`,
      jobAttempts: sql`${submissions.jobAttempts} + 1`,
    })
    .where(and(eq(submissions.id, sql.placeholder("id")), inArray(submissions.status, ["queued", "running"])));
}

const takeStatement = (db: Db) => prepared(db, "forja_take_submission", (d) => takenSubmission(d).returning().prepare("forja_take_submission"));

const takeWithJobStatement = (db: Db) =>
  prepared(db, "forja_take_submission_and_job", (d) => {
    const taken = d.$with("taken").as(takenSubmission(d).returning());
    const leased = d.$with("leased").as(
      d
        .update(gradingJobs)
        .set(lease(sql.placeholder("owner"), sql.placeholder("leaseSeconds")))
        .where(and(eq(gradingJobs.id, sql`(select ${taken.currentJobId} from ${taken})`), inArray(gradingJobs.status, ["queued", "running"])))
        .returning({ id: gradingJobs.id }),
    );
    const columns = Object.fromEntries(Object.keys(getTableColumns(submissions)).map((key) => [key, taken[key as keyof typeof taken]])) as unknown as typeof taken._.selectedFields;
    return d
      .with(taken, leased)
      .select({ ...columns, jobTaken: sql<boolean>`exists (select 1 from ${leased})`.mapWith(Boolean) })
      .from(taken)
      .prepare("forja_take_submission_and_job");
  });

/**
 * The one result writer: the result of a submission and of its current job, in one statement (the job's update is a
 * CTE of it); only a queued or running submission receives it: false if it already had one. One statement and no
 * transaction: a grader rides out database restarts, and a pooled client held by a transaction that loses its
 * connection ends the process. The result is checked (ZodError for a malformed one) before anything is written.
 */
export async function storeResult(db: Db, submissionId: string, result: StoredResult): Promise<boolean> {
  const checked = jobResultSchema.parse(result);
  const updated = await storeStatement(db).execute({
    id: submissionId,
    status: result.status,
    score: result.score,
    // no feedback is an empty column (SQL NULL), as drizzle's jsonb column wrote it, not the JSON value null
    feedback: result.feedback == null ? null : JSON.stringify(result.feedback),
    result: JSON.stringify(checked),
    at: new Date().toISOString(),
  });
  return updated.length === 1;
}

const storeStatement = (db: Db) =>
  prepared(db, "forja_store_result", (d) => {
    const stored = d.$with("stored").as(
      d
        .update(submissions)
        .set({
          status: sql`${sql.placeholder("status")}`,
          score: sql`${sql.placeholder("score")}`,
          feedback: sql`${sql.placeholder("feedback")}::jsonb`,
          gradedAt: sql`${sql.placeholder("at")}::timestamptz`,
          leaseOwner: null,
          leaseExpiresAt: null,
        })
        .where(and(eq(submissions.id, sql.placeholder("id")), inArray(submissions.status, ["queued", "running"])))
        .returning({ id: submissions.id, jobId: submissions.currentJobId }),
    );
    const finished = d.$with("finished").as(
      d
        .update(gradingJobs)
        .set({ status: "done", result: sql`${sql.placeholder("result")}::jsonb`, leaseOwner: null, leaseExpiresAt: null, finishedAt: sql`${sql.placeholder("at")}::timestamptz` })
        .where(and(eq(gradingJobs.id, sql`(select ${stored.jobId} from ${stored})`), inArray(gradingJobs.status, ["queued", "running"])))
        .returning({ id: gradingJobs.id }),
    );
    return d.with(stored, finished).select({ id: stored.id }).from(stored).prepare("forja_store_result");
  });

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
