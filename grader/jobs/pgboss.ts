import PgBoss from "pg-boss";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { databaseHealth, retryWhileUnavailable } from "@/db/outage";
import { submissions } from "@/db/schema";
import { config } from "@/platform/config";
import { createQuickQueue } from "./quick-jobs";

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
    await tryAgainOnRace(() => createQuickQueue(boss));
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
