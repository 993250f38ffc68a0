import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { databaseHealth, retryWhileUnavailable } from "@/db/outage";
import { assessmentItems, assessments, submissions, users } from "@/db/schema";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { wakeInProcessWorker } from "./in-process";
import { jobQuestion, type SubmissionRow } from "./queue";
import { config } from "@/lib/config";

/**
 * Production grading queue: pg-boss on PostgreSQL. The web app stores a code submission as `queued` and sends a job
 * whose id is the submission id (a second send of the same submission is a no-op); `npm run grader` processes take
 * jobs on any number of machines. Delivery is at least once; the result is written once by a conditional update.
 */
export const GRADE_QUEUE = "grade-submission";
export const DEAD_LETTER_QUEUE = "grade-submission-dead";
export const SWEEP_QUEUE = "grade-submission-sweep";

export interface GradeJobData {
  submissionId: string;
  /** the x-request-id of the HTTP request that stored the submission, for the logs */
  requestId?: string;
}

export interface QueueSettings {
  /** tries in all for an infrastructure failure before the dead letter (a student's error is never retried) */
  maxAttempts: number;
  /** first retry delay; doubles with jitter (pg-boss backoff) */
  retryDelaySeconds: number;
  /** a job still active after this is considered lost (worker died) and retried */
  expireInSeconds: number;
}

export const defaultQueueSettings = (): QueueSettings => {
  const { maxAttempts, retryDelaySeconds, jobTimeoutSeconds } = config().grader;
  return { maxAttempts, retryDelaySeconds, expireInSeconds: jobTimeoutSeconds };
};

/** Production mode: PostgreSQL and separate grader processes (`npm run grader`) instead of the in-process worker. */
export function productionQueueEnabled(): boolean {
  return config().queue === "pg-boss";
}

export interface OpenQueueOptions {
  /** "producer" (web app) only sends; "worker" also runs pg-boss maintenance (expiry of lost jobs, archiving) and the sweep schedule */
  role: "producer" | "worker";
  settings?: QueueSettings;
  /** connections of pg-boss's own pool */
  poolSize?: number;
  /** how often expired jobs are looked for (worker role) */
  maintenanceIntervalSeconds?: number;
  /** how long a statement of pg-boss is retried while the database is away (default: worker 120 s, producer 5 s) */
  outageBudgetMs?: number;
  /** pg-boss errors other than the database being away (those only change the outage state, logged once) */
  onError?: (error: Error) => void;
}

type BossDb = { executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };

/**
 * pg-boss completes or fails a job without awaiting the statement (Manager's onFetch), so while the database is
 * away that promise rejects with nobody to catch it and the process ends (seen in the exam bench: Manager.fail,
 * 57P03). Every statement of pg-boss goes through its Db's executeSql: there it is retried with a capped back-off
 * while the database is away, so a job graded during a restart is completed once the server is back, not lost.
 * Retrying is safe: completing or failing a job that is no longer active is a no-op, a send carries the job's id,
 * and a fetch whose answer was lost leaves its jobs active until their expiry brings them back.
 */
function retryStatementsWhileUnavailable(boss: PgBoss, budgetMs: number): void {
  const bossDb = boss.getDb() as unknown as BossDb;
  const execute = bossDb.executeSql.bind(bossDb);
  bossDb.executeSql = (text, values) => retryWhileUnavailable(() => execute(text, values), { source: "job queue", budgetMs });
}

/** Starts pg-boss on `url` (creating its schema on first use) and makes sure the queues exist. */
export async function openJobQueue(url: string, options: OpenQueueOptions): Promise<PgBoss> {
  const settings = options.settings ?? defaultQueueSettings();
  const worker = options.role === "worker";
  const boss = new PgBoss({
    connectionString: url,
    application_name: `forja-${options.role}`,
    max: options.poolSize ?? (worker ? 4 : 3),
    supervise: worker,
    schedule: worker,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? config().grader.maintenanceSeconds,
  });
  retryStatementsWhileUnavailable(boss, options.outageBudgetMs ?? (worker ? 120_000 : 5_000));
  boss.on("error", (error) => {
    if (!databaseHealth().failed(error, "job queue")) options.onError?.(error);
  });
  await boss.start();
  const gradeQueue = {
    name: GRADE_QUEUE,
    retryLimit: Math.max(0, settings.maxAttempts - 1),
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: settings.expireInSeconds,
    deadLetter: DEAD_LETTER_QUEUE,
  };
  try {
    await tryAgainOnRace(() => boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 5, retryDelay: 5, retryBackoff: true }));
    await tryAgainOnRace(() => boss.createQueue(GRADE_QUEUE, gradeQueue));
    // the workers' settings win when they changed since the queue was created
    if (worker) await tryAgainOnRace(() => boss.updateQueue(GRADE_QUEUE, gradeQueue));
    if (worker) await tryAgainOnRace(() => boss.createQueue(SWEEP_QUEUE, { name: SWEEP_QUEUE, policy: "singleton", retryLimit: 0 }));
  } catch (error) {
    await boss.stop({ graceful: false, wait: true });
    throw error;
  }
  return boss;
}

/** PostgreSQL errors that mean "another process did the same thing at the same moment": deadlock, serialization, duplicate. */
const raceErrorCodes = new Set(["40P01", "40001", "23505", "42P07"]);

/**
 * Processes starting together on a new database create pg-boss's queues (each a table partition) at the same moment,
 * and PostgreSQL aborts all but one with a deadlock; the others try again after a short random pause.
 */
async function tryAgainOnRace<T>(run: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !raceErrorCodes.has((error as { code?: string }).code ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 200));
    }
  }
}

/** Sends the grading job of a queued submission; false when it was already sent. */
export async function enqueueGrading(boss: PgBoss, data: GradeJobData): Promise<boolean> {
  const id = await boss.send(GRADE_QUEUE, data, { id: data.submissionId });
  return id !== null;
}

const producerHolder = globalThis as unknown as { forjaJobQueue?: Promise<PgBoss> };

/** The web app's process-wide producer (DATABASE_URL). */
export function getProducerQueue(onError?: (error: Error) => void): Promise<PgBoss> {
  const url = config().database.url;
  if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
  producerHolder.forjaJobQueue ??= openJobQueue(url, { role: "producer", onError }).catch((error: unknown) => {
    producerHolder.forjaJobQueue = undefined;
    throw error;
  });
  return producerHolder.forjaJobQueue;
}

/**
 * The web app, after storing a queued submission: in production mode send its job (a failed send is logged and left
 * to the workers' sweep, the submission is stored already); otherwise wake the in-process worker. `log` carries the
 * request id.
 */
export async function dispatchGrading(data: GradeJobData, log: Logger): Promise<void> {
  try {
    const boss = await currentJobQueue(log);
    if (!boss) return wakeInProcessWorker();
    const sent = await enqueueGrading(boss, data);
    log.info({ submissionId: data.submissionId, sent }, "grading job sent");
  } catch (error) {
    log.error({ err: error, submissionId: data.submissionId }, "grading job not sent; the sweep will send it");
  }
}

/**
 * Marks the submission as being graded by `owner`. Null when it already has its result (a duplicate delivery).
 * A `running` submission is taken over too: that is a retry after a worker died or gave the job back.
 */
export async function takeSubmission(db: Db, submissionId: string, owner: string, leaseSeconds: number): Promise<SubmissionRow | null> {
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
  return row ?? null;
}

export interface StoredResult {
  status: "graded" | "pending_manual" | "error";
  score: number | null;
  feedback: unknown;
}

/** Writes the one result of a submission: only a queued or running submission receives it; false if it already had one. */
export async function storeResult(db: Db, submissionId: string, result: StoredResult): Promise<boolean> {
  const updated = await db
    .update(submissions)
    .set({ status: result.status, score: result.score, feedback: result.feedback, gradedAt: new Date(), leaseOwner: null, leaseExpiresAt: null })
    .where(and(eq(submissions.id, submissionId), inArray(submissions.status, ["queued", "running"])))
    .returning({ id: submissions.id });
  return updated.length === 1;
}

/**
 * storeResult again after a failure whose answer was lost (the database went away around the commit): when the
 * submission already holds exactly this result, it was this write that stored it.
 */
async function storeResultAgain(db: Db, submissionId: string, result: StoredResult): Promise<boolean> {
  if (await storeResult(db, submissionId, result)) return true;
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

/** How long one grading job waits for a database that went away before giving the job back to pg-boss's retries. */
const JOB_OUTAGE_BUDGET_MS = 60_000;

/** An infrastructure failure: the job is retried (pg-boss), and its last failure goes to the dead letter. */
export class GradingInfrastructureError extends Error {}

export type JobOutcome = { kind: "graded"; status: StoredResult["status"]; score: number | null } | { kind: "duplicate" };

/**
 * One delivery of a grading job: take the submission, grade it with its question type, store the result once.
 * Throws GradingInfrastructureError (or any database error) for pg-boss to retry; a student's wrong, broken or
 * unreadable answer is a graded result, never a retry.
 */
export async function runGradeJob(db: Db, data: GradeJobData, owner: string, leaseSeconds: number): Promise<JobOutcome> {
  // a database restart while grading is waited out (capped back-off) instead of spending one of the job's tries
  const riding = { source: "grading job", budgetMs: JOB_OUTAGE_BUDGET_MS };
  const submission = await retryWhileUnavailable(async (retry) => {
    // the take may have been applied although its answer was lost: then the lease is ours already (not a second try)
    const ours = retry
      ? (await db.select().from(submissions).where(and(eq(submissions.id, data.submissionId), eq(submissions.status, "running"), eq(submissions.leaseOwner, owner))))[0]
      : undefined;
    return ours ?? takeSubmission(db, data.submissionId, owner, leaseSeconds);
  }, riding);
  if (!submission) return { kind: "duplicate" };
  const { question, seed } = await retryWhileUnavailable(() => jobQuestion(db, submission), riding);
  const outcome = await gradeAnswer(question, makeVariant(question, seed), submission.answer);
  if (outcome.status === "error" && outcome.reason === "internal") throw new GradingInfrastructureError(outcome.detail ?? outcome.feedback);
  let result: StoredResult;
  if (outcome.status === "error") {
    // unreadable answer: after the attempt was counted it is a 0 that says what to fix
    result = { status: "graded", score: 0, feedback: { feedback: outcome.feedback, invalidAnswer: true } };
  } else {
    const { status: _status, score, ...feedback } = outcome;
    result = outcome.pending ? { status: "pending_manual", score: null, feedback } : { status: "graded", score, feedback };
  }
  const stored = await retryWhileUnavailable((retry) => (retry ? storeResultAgain : storeResult)(db, submission.id, result), riding);
  return stored ? { kind: "graded", status: result.status, score: result.score } : { kind: "duplicate" };
}

export const DEAD_LETTER_MESSAGE = "A correção falhou por um problema da plataforma, não da sua resposta; a equipe foi avisada e vai recorrigir.";

/** The dead letter: after its last retry a job leaves the submission in `error` with a clear message for staff and student. */
export async function markDeadLetter(db: Db, data: GradeJobData, detail: string): Promise<boolean> {
  return storeResult(db, data.submissionId, { status: "error", score: null, feedback: { feedback: DEAD_LETTER_MESSAGE, detail, deadLetter: true } });
}

export interface DeadJob {
  submissionId: string;
  assessmentId: string;
  assessmentTitle: string;
  itemId: string;
  studentEmail: string;
  submittedAt: Date;
  attempts: number;
  detail: string;
}

/** A submission of the course (joined through its item's assessment) whose grading job ended in the dead letter. */
const deadLetterOfCourse = (courseId: string) =>
  and(eq(assessments.courseId, courseId), eq(submissions.status, "error"), sql`${submissions.feedback}->>'deadLetter' = 'true'`);

/** The submissions of a course whose grading job ended in the dead letter, newest first (for instructors). */
export async function listDeadJobs(db: Db, courseId: string): Promise<DeadJob[]> {
  const rows = await db
    .select({
      submissionId: submissions.id,
      assessmentId: assessments.id,
      assessmentTitle: assessments.title,
      itemId: submissions.itemId,
      studentEmail: users.email,
      submittedAt: submissions.submittedAt,
      attempts: submissions.jobAttempts,
      detail: sql<string>`coalesce(${submissions.feedback}->>'detail', '')`,
    })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(deadLetterOfCourse(courseId))
    .orderBy(desc(submissions.submittedAt));
  return rows;
}

/**
 * After the platform problem was fixed: dead-letter submissions go back to `queued` with a fresh count of tries and
 * are graded again, by pg-boss (`boss`: the failed job is retried, or sent anew if it was archived) or by the
 * embedded worker. Returns how many went back.
 */
export async function retryDeadJobs(db: Db, courseId: string, submissionIds: string[], boss?: PgBoss): Promise<number> {
  if (submissionIds.length === 0) return 0;
  // only the course's dead letters among the ids: a stale or foreign id is ignored
  const ofCourse = db
    .select({ id: submissions.id })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(deadLetterOfCourse(courseId), inArray(submissions.id, submissionIds)));
  const dead = await db.select({ id: submissions.id }).from(submissions).where(and(inArray(submissions.id, ofCourse), eq(submissions.status, "error")));
  const ids: string[] = [];
  for (const { id } of dead) {
    // A failed grading was not an attempt, so the student may have answered again with its number: the answer
    // graded again takes the next free one (one at a time: two of the same student and item must not share it).
    const next = sql`(select coalesce(max(s2.attempt_number), 0) + 1 from ${submissions} s2
      where s2.item_id = ${submissions.itemId} and s2.user_id = ${submissions.userId} and s2.status <> 'error')`;
    const [row] = await db
      .update(submissions)
      .set({ status: "queued", attemptNumber: next, score: null, feedback: null, gradedAt: null, jobAttempts: 0, leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(submissions.id, id), eq(submissions.status, "error")))
      .returning({ id: submissions.id });
    if (row) ids.push(row.id);
  }
  if (ids.length === 0) return 0;
  if (boss) {
    await boss.retry(GRADE_QUEUE, ids);
    for (const id of ids) await enqueueGrading(boss, { submissionId: id });
  } else {
    wakeInProcessWorker();
  }
  return ids.length;
}

/** The web app's queue in production mode; undefined with the embedded worker. */
export async function currentJobQueue(log: Logger): Promise<PgBoss | undefined> {
  if (!productionQueueEnabled()) return undefined;
  return getProducerQueue((error) => log.error({ err: error }, "job queue error"));
}

/**
 * Sends a job for queued submissions older than `olderThanSeconds` (the web app stored them but its send failed).
 * Submissions that already have a job are untouched: the job id is the submission id.
 */
export async function requeueStranded(db: Db, boss: PgBoss, olderThanSeconds: number, limit = 1000): Promise<number> {
  const stranded = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(and(eq(submissions.status, "queued"), lt(submissions.submittedAt, sql`now() - (${olderThanSeconds} * interval '1 second')`)))
    .limit(limit);
  let sent = 0;
  for (const { id } of stranded) if (await enqueueGrading(boss, { submissionId: id })) sent++;
  return sent;
}

/** Logs of one job carry its request and submission ids. */
export function jobLogger(log: Logger, job: { id: string; data: GradeJobData }): Logger {
  return log.child({ jobId: job.id, submissionId: job.data.submissionId, requestId: job.data.requestId });
}
