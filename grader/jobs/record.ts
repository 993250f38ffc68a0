import { and, eq, inArray, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { gradingJobs, submissions } from "@/db/schema";

/**
 * The `grading_jobs` record of every job of the grading pipeline, whichever queue runs it (embedded or pg-boss): a
 * submission's grade, each regrade of it, and the quick runs a request waits for (public tests, the
 * editor's check; no submission). A submission points to its current job; a job keeps its tries, lease, validated
 * result or failure. The embedded queue leases these rows themselves (claimNextGradeJob).
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

/**
 * A new job for a submission, which now points to it (a regrade is a new job; the earlier ones stay as they were).
 * One statement: the insert is a CTE of the submission's update (a code answer's request makes one round trip for it).
 */
export async function openJob(db: Db, submissionId: string, kind: GradingJobKind, extra: { regradeRunId?: string } = {}): Promise<string> {
  const job = db.$with("job").as(
    db.insert(gradingJobs).values({ kind, submissionId, regradeRunId: extra.regradeRunId ?? null }).returning({ id: gradingJobs.id }),
  );
  const [row] = await db
    .with(job)
    .update(submissions)
    .set({ currentJobId: sql`(select ${job.id} from ${job})` })
    .where(eq(submissions.id, submissionId))
    .returning({ jobId: submissions.currentJobId });
  if (!row?.jobId) throw new Error(`openJob: no submission ${submissionId}`);
  return row.jobId;
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
      .set(lease(owner, leaseSeconds))
      .where(and(eq(gradingJobs.id, currentJobOf(submissionId)), inArray(gradingJobs.status, ["queued", "running"])))
      .returning({ id: gradingJobs.id });
  if ((await take()).length > 0) return;
  await openJob(db, submissionId, "grade");
  await take();
}

/** A job's lease to `owner` for `leaseSeconds`: values, or placeholders of a prepared statement. */
export const lease = (owner: string | Placeholder, leaseSeconds: number | Placeholder) => ({
  status: "running" as const,
  attempts: sql`${gradingJobs.attempts} + 1`,
  leaseOwner: sql`${owner}`,
  leaseExpiresAt: sql`now() + (${leaseSeconds} * interval '1 second')`,
  startedAt: sql`coalesce(${gradingJobs.startedAt}, now())`,
});

/**
 * The embedded queue's take: the oldest queued grade job, or a running one whose lease expired (its worker died),
 * leased to `owner`. SKIP LOCKED lets any number of workers take jobs at once without taking the same one.
 */
export async function claimNextGradeJob(db: Db, owner: string, leaseSeconds: number): Promise<string | null> {
  const next = sql`(select ${gradingJobs.id} from ${gradingJobs}
     where ${gradingJobs.kind} = 'grade' and ${gradingJobs.submissionId} is not null
       and (${gradingJobs.status} = 'queued' or (${gradingJobs.status} = 'running' and ${gradingJobs.leaseExpiresAt} < now()))
     order by ${gradingJobs.createdAt} for update skip locked limit 1)`;
  const [job] = await db.update(gradingJobs).set(lease(owner, leaseSeconds)).where(eq(gradingJobs.id, next)).returning({ submissionId: gradingJobs.submissionId });
  return job?.submissionId ?? null;
}

/** A job known by its id (a regrade batch's) taken by `owner`, the grader that runs it. */
export async function jobTakenById(db: Db, jobId: string, owner: string, leaseSeconds: number): Promise<void> {
  await db
    .update(gradingJobs)
    .set(lease(owner, leaseSeconds))
    .where(and(eq(gradingJobs.id, jobId), inArray(gradingJobs.status, ["queued", "running"])));
}

/** The one result of a job known by its id (a regrade batch's), checked before it is written (ZodError for a malformed one). */
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
  const cut = error.slice(0, 2000);
  await db
    .update(gradingJobs)
    .set(retry ? { status: "queued", error: cut, leaseOwner: null, leaseExpiresAt: null } : { status: "dead", error: cut, leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(eq(gradingJobs.id, currentJobOf(submissionId)), inArray(gradingJobs.status, ["queued", "running"])));
}

/** What a quick run records as its result: small, whatever the run returned (its full answer goes to the waiting request). */
export const quickSummarySchema = z.object({ status: z.string().max(40), score: z.number().min(0).max(1).nullable().optional() });
export type QuickSummary = z.infer<typeof quickSummarySchema>;

/** How long a quick run's job is leased: one still running after this lost its process (quickJobsLost). */
const QUICK_LEASE_SECONDS = 300;

/** A quick run starts: its job, running on `owner` (no submission; one insert, then quickJobEnded's one update). */
export async function openQuickJob(db: Db, kind: "public-test" | "authoring-check", owner: string): Promise<string> {
  const [job] = await db
    .insert(gradingJobs)
    .values({ kind, status: "running", attempts: 1, leaseOwner: owner, startedAt: new Date(), leaseExpiresAt: sql`now() + (${QUICK_LEASE_SECONDS} * interval '1 second')` })
    .returning({ id: gradingJobs.id });
  return job!.id;
}

/** Quick runs whose process ended while they ran (their lease expired): failed, so none stays `running`. Returns how many. */
export async function quickJobsLost(db: Db): Promise<number> {
  const lost = await db
    .update(gradingJobs)
    .set({ status: "failed", error: "lost: the process running it ended", leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    // "syntax-check": no longer run, but an older version's run may still be held
    .where(and(inArray(gradingJobs.kind, ["public-test", "authoring-check", "syntax-check"]), eq(gradingJobs.status, "running"), lt(gradingJobs.leaseExpiresAt, sql`now()`)))
    .returning({ id: gradingJobs.id });
  return lost.length;
}

/** A quick run ended: done with its checked summary, or failed with the reason (a refused run: busy; a crash). */
export async function quickJobEnded(db: Db, jobId: string, end: { result: QuickSummary } | { error: string }): Promise<void> {
  const finished = { leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() };
  await db
    .update(gradingJobs)
    .set("result" in end ? { status: "done", result: quickSummarySchema.parse(end.result), ...finished } : { status: "failed", error: end.error.slice(0, 2000), ...finished })
    .where(and(eq(gradingJobs.id, jobId), eq(gradingJobs.status, "running")));
}

/** A job known by its id whose run failed (a regrade batch's answer): failed, with the reason; the batch decides what next. */
export async function jobFailedById(db: Db, jobId: string, error: string): Promise<void> {
  await db
    .update(gradingJobs)
    .set({ status: "failed", error: error.slice(0, 2000), leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(eq(gradingJobs.id, jobId), inArray(gradingJobs.status, ["queued", "running"])));
}

/**
 * The jobs of a regrade run left running by a try of its batch that did not finish (a failure, or a database outage
 * that also lost this clean-up's first chance): failed, with the reason. Called before each try of a batch and when
 * the run ends, so no job of the run stays `queued` or `running` once it is over.
 */
export async function runJobsAbandoned(db: Db, regradeRunId: string, error: string): Promise<void> {
  await db
    .update(gradingJobs)
    .set({ status: "failed", error: error.slice(0, 2000), leaseOwner: null, leaseExpiresAt: null, finishedAt: new Date() })
    .where(and(eq(gradingJobs.regradeRunId, regradeRunId), inArray(gradingJobs.status, ["queued", "running"])));
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

/**
 * Queued submissions older than `olderThanSeconds` whose current job is missing or over (stored by an older version,
 * or a crash between storing the submission and its job) get a new grade job. Returns how many.
 */
export async function openStrandedJobs(db: Db, olderThanSeconds: number, limit = 100): Promise<number> {
  const stranded = await db
    .select({ id: submissions.id })
    .from(submissions)
    .leftJoin(gradingJobs, eq(gradingJobs.id, submissions.currentJobId))
    .where(
      and(
        eq(submissions.status, "queued"),
        sql`${submissions.submittedAt} < now() - (${olderThanSeconds} * interval '1 second')`,
        sql`(${gradingJobs.id} is null or ${gradingJobs.status} not in ('queued', 'running'))`,
      ),
    )
    .limit(limit);
  for (const { id } of stranded) await openJob(db, id, "grade");
  return stranded.length;
}
