import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { gradingJobs, submissions } from "@/db/schema";

/**
 * The `grading_jobs` record of every grading job, whichever queue runs it (embedded lease queue, pg-boss, a regrade
 * batch): the submission points to its current job; the job keeps its tries, lease, validated result or failure.
 */
export type GradingJobKind = (typeof gradingJobs.$inferSelect)["kind"];
export type GradingJob = typeof gradingJobs.$inferSelect;

/** A stored result as a job records it (the same as the submission's status, score and feedback). */
export const jobResultSchema = z.object({
  status: z.enum(["graded", "pending_manual", "error"]),
  score: z.number().min(0).max(1).nullable(),
  feedback: z.unknown(),
});
export type JobResult = z.infer<typeof jobResultSchema>;

/** A new job for a submission, which now points to it (a regrade is a new job; the earlier ones stay as they were). */
export async function openJob(db: Db, submissionId: string, kind: GradingJobKind, extra: { regradeRunId?: string; owner?: string } = {}): Promise<string> {
  const running = extra.owner !== undefined;
  const [job] = await db
    .insert(gradingJobs)
    .values({
      kind,
      submissionId,
      regradeRunId: extra.regradeRunId ?? null,
      ...(running ? { status: "running" as const, attempts: 1, leaseOwner: extra.owner, startedAt: new Date() } : {}),
    })
    .returning({ id: gradingJobs.id });
  await db.update(submissions).set({ currentJobId: job!.id }).where(eq(submissions.id, submissionId));
  return job!.id;
}

const currentJobOf = (submissionId: string) => sql`(select ${submissions.currentJobId} from ${submissions} where ${submissions.id} = ${submissionId})`;

/**
 * A worker took the submission's job (`leaseSeconds`: until when it holds it). A submission queued without a job (stored
 * by an older version, or a crash between storing and recording) gets its grade job now.
 */
export async function jobTaken(db: Db, submissionId: string, owner: string, leaseSeconds: number): Promise<void> {
  const take = () =>
    db
      .update(gradingJobs)
      .set({
        status: "running",
        attempts: sql`${gradingJobs.attempts} + 1`,
        leaseOwner: owner,
        leaseExpiresAt: sql`now() + (${leaseSeconds} * interval '1 second')`,
        startedAt: sql`coalesce(${gradingJobs.startedAt}, now())`,
      })
      .where(and(eq(gradingJobs.id, currentJobOf(submissionId)), inArray(gradingJobs.status, ["queued", "running"])))
      .returning({ id: gradingJobs.id });
  if ((await take()).length > 0) return;
  await openJob(db, submissionId, "grade");
  await take();
}

/** The one result of the submission's current job, checked before it is written (ZodError for a malformed one). */
export function jobFinished(db: Db, submissionId: string, result: JobResult): Promise<void> {
  return finish(db, currentJobOf(submissionId), result);
}

/** The same, for a job known by its id (a regrade batch's). */
export function jobFinishedById(db: Db, jobId: string, result: JobResult): Promise<void> {
  return finish(db, sql`${jobId}::uuid`, result);
}

async function finish(db: Db, jobId: SQL, result: JobResult): Promise<void> {
  const checked = jobResultSchema.parse(result);
  await db
    .update(gradingJobs)
    .set({ status: "done", result: checked, leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(eq(gradingJobs.id, jobId), inArray(gradingJobs.status, ["queued", "running"])));
}

/** A platform failure: `retry` puts the job back in the queue, otherwise it is dead (the one dead-letter record). */
export async function jobFailed(db: Db, submissionId: string, error: string, retry: boolean): Promise<void> {
  await db
    .update(gradingJobs)
    .set(retry ? { status: "queued", error, leaseOwner: null, leaseExpiresAt: null } : { status: "dead", error, leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(eq(gradingJobs.id, currentJobOf(submissionId)), inArray(gradingJobs.status, ["queued", "running"])));
}

/**
 * The jobs of a regrade run left running by a try of its batch that did not finish (a failure, or a database outage
 * that also lost this clean-up's first chance): failed, with the reason. Called before each try of a batch and when
 * the run ends, so no job of the run stays `running` once it is over.
 */
export async function runJobsAbandoned(db: Db, regradeRunId: string, error: string): Promise<void> {
  await db
    .update(gradingJobs)
    .set({ status: "failed", error: error.slice(0, 2000), leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(eq(gradingJobs.regradeRunId, regradeRunId), eq(gradingJobs.status, "running")));
}

/** A graceful shutdown gives `owner`'s running jobs back (the try is not counted). */
export async function jobsReleased(db: Db, owner: string): Promise<void> {
  await db
    .update(gradingJobs)
    .set({ status: "queued", leaseOwner: null, leaseExpiresAt: null, attempts: sql`greatest(${gradingJobs.attempts} - 1, 0)` })
    .where(and(eq(gradingJobs.status, "running"), eq(gradingJobs.leaseOwner, owner)));
}

/** The jobs of a submission, oldest first. */
export async function jobsOf(db: Db, submissionId: string): Promise<GradingJob[]> {
  return db.select().from(gradingJobs).where(eq(gradingJobs.submissionId, submissionId)).orderBy(gradingJobs.createdAt, gradingJobs.id);
}
