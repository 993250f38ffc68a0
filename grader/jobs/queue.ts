import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { questionVersions, submissions, variants } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";
import { jobFailed, jobFinished, jobsReleased, jobTaken } from "./record";
import { deadLetterFeedback, type StoredResult } from "./result";

export type SubmissionRow = typeof submissions.$inferSelect;

/**
 * Takes the oldest queued code submission, or one whose worker's lease expired (the worker died mid-job),
 * and leases it to `owner`. SKIP LOCKED lets any number of workers claim concurrently without taking the same job.
 */
export async function claimJob(db: Db, owner: string, leaseMs: number): Promise<SubmissionRow | null> {
  const result = await db.execute(sql`
    update ${submissions}
       set status = 'running', lease_owner = ${owner},
           lease_expires_at = now() + (${leaseMs} * interval '1 millisecond'),
           job_attempts = job_attempts + 1
     where id = (
       select id from ${submissions}
        where status = 'queued' or (status = 'running' and lease_expires_at < now())
        order by submitted_at
        for update skip locked
        limit 1)
    returning id`);
  const id = rowsOf<{ id: string }>(result)[0]?.id;
  if (!id) return null;
  await jobTaken(db, id, owner, leaseMs / 1000);
  const [row] = await db.select().from(submissions).where(eq(submissions.id, id));
  return row ?? null;
}

/** The question and variant seed a submission answered. */
export async function jobQuestion(db: Db, job: SubmissionRow): Promise<{ question: LoadedQuestion; seed: number }> {
  const [row] = await db
    .select({ content: questionVersions.content, seed: variants.seed })
    .from(variants)
    .innerJoin(questionVersions, eq(questionVersions.id, variants.questionVersionId))
    .where(eq(variants.id, job.variantId));
  if (!row) throw new Error(`submission ${job.id} has no variant`);
  return { question: row.content as LoadedQuestion, seed: row.seed };
}

export type JobResult = StoredResult;

/** Stores the result once, on the submission and its current job: only the current lease holder of a running job can write it. */
export async function completeJob(db: Db, job: SubmissionRow, owner: string, result: JobResult): Promise<boolean> {
  const updated = await db
    .update(submissions)
    .set({ status: result.status, score: result.score, feedback: result.feedback, gradedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(submissions.id, job.id), eq(submissions.status, "running"), eq(submissions.leaseOwner, owner)))
    .returning({ id: submissions.id });
  if (updated.length !== 1) return false;
  await jobFinished(db, job.id, result);
  return true;
}

/**
 * An infrastructure failure (not the student's error): queue the job again, or after `maxAttempts` leave it in
 * the dead-letter state (status error, feedback says so) for instructors to see and regrade.
 */
export async function failJob(db: Db, job: SubmissionRow, owner: string, message: string, maxAttempts: number): Promise<void> {
  const dead = job.jobAttempts >= maxAttempts;
  const failed = await db
    .update(submissions)
    .set(
      dead
        ? {
            status: "error",
            feedback: deadLetterFeedback(message), // the same dead letter as pg-boss's (listDeadJobs lists both)
            leaseOwner: null,
            leaseExpiresAt: null,
          }
        : { status: "queued", leaseOwner: null, leaseExpiresAt: null },
    )
    .where(and(eq(submissions.id, job.id), eq(submissions.status, "running"), eq(submissions.leaseOwner, owner)))
    .returning({ id: submissions.id });
  if (failed.length === 1) await jobFailed(db, job.id, message, !dead);
}

/** Gives back running jobs on a graceful shutdown, so another worker takes them at once. */
export async function releaseJobs(db: Db, owner: string): Promise<void> {
  await db
    .update(submissions)
    .set({ status: "queued", leaseOwner: null, leaseExpiresAt: null, jobAttempts: sql`greatest(${submissions.jobAttempts} - 1, 0)` })
    .where(and(eq(submissions.status, "running"), eq(submissions.leaseOwner, owner)));
  await jobsReleased(db, owner);
}
