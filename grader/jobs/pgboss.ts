import { createHash } from "node:crypto";
import { hostname } from "node:os";
import PgBoss from "pg-boss";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { databaseHealth, retryWhileUnavailable } from "@/db/outage";
import { submissions } from "@/db/schema";
import { setExpectedStore } from "@/grader/types/code/python/expected-store";
import { config } from "@/platform/config";
import { createLogger, getLogger } from "@/platform/observability/logger";
import { databaseExpectedStore } from "./expected-store-db";
import type { ConsumeOptions, ConsumerStats, GradingQueue, RunOptions } from "./queue";
import { handleQuickJob, QuickJobTimeoutError, type QuickJob, type QuickResult } from "./quick-jobs";
import { quickJobsLost } from "./record";
import { gradingFailed } from "./result";
import { runGradingJob, type GradeJobData } from "./run-job";

/**
 * The pg-boss implementation of the grading queue (production mode: PostgreSQL and `npm run grader` processes on any
 * number of machines). A grade job's pg-boss id is its submission's id (a second send of the same submission is a
 * no-op); delivery is at least once and runGradingJob writes the result once. Quick runs go on lanes of their own.
 */
export const GRADE_QUEUE = "grade-submission";
export const DEAD_LETTER_QUEUE = "grade-submission-dead";
export const SWEEP_QUEUE = "grade-submission-sweep";
/** quick runs a request waits for (public tests, the editor's checks) */
export const QUICK_QUEUE = "quick-run";
/** answers of regrade batches: the same handler on a lane of their own, so a regrade never delays a student */
export const BATCH_QUEUE = "batch-run";

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

type QueryConfig = { name?: string; text: string; values?: unknown[] };
type BossDb = {
  opened?: boolean;
  pool?: { query(config: QueryConfig): Promise<{ rows: unknown[] }> };
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
};

/** How many of pg-boss's statement texts get a name; its hot ones (fetch, send, complete) are far fewer. */
const NAMED_BOSS_STATEMENTS = 64;

/**
 * A name for each parameterized statement text of pg-boss (node-postgres then parses it once per connection instead
 * of on every call: fetch, send and complete were about a fifth of PostgreSQL's statements in the exam rush), up to
 * NAMED_BOSS_STATEMENTS texts; others, and texts without parameters (which may hold several statements), stay
 * unnamed.
 */
export function bossStatementNamer(limit = NAMED_BOSS_STATEMENTS): (text: string, values: unknown[] | undefined) => string | undefined {
  const names = new Map<string, string>();
  return (text, values) => {
    if (!values?.length) return undefined;
    let name = names.get(text);
    if (!name && names.size < limit) names.set(text, (name = `pgboss_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`));
    return name;
  };
}

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
  const nameOf = bossStatementNamer();
  const run = (text: string, values: unknown[]) => {
    const name = nameOf(text, values);
    return name && bossDb.opened && bossDb.pool ? bossDb.pool.query({ name, text, values }) : execute(text, values);
  };
  bossDb.executeSql = (text, values) => retryWhileUnavailable(() => run(text, values), { source: "job queue", budgetMs });
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
    // a quick run is worth nothing later: no retries, gone once its waiter would have given up
    for (const name of [QUICK_QUEUE, BATCH_QUEUE]) {
      await tryAgainOnRace(() => boss.createQueue(name, { name, retryLimit: 0, expireInSeconds: 300 })).catch((error: unknown) => {
        if (!/already exists/i.test(String((error as Error).message))) throw error;
      });
    }
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

/** The web app's producer (DATABASE_URL): it only sends; pg-boss errors other than an outage are logged. */
export async function openProducerQueue(): Promise<PgBossQueue> {
  const url = config().database.url;
  if (!url) throw new Error("DATABASE_URL is not set");
  return new PgBossQueue(await openJobQueue(url, { role: "producer", onError: (error) => getLogger().error({ err: error }, "job queue error") }));
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

const POLL_MS = 40;

/** Sends a quick job and waits for its result; QuickJobTimeoutError after `timeoutMs`, an Error when the job failed. */
export async function runQuickJob(boss: PgBoss, job: QuickJob, timeoutMs: number, now: () => number = Date.now, queue = QUICK_QUEUE): Promise<QuickResult> {
  const id = await boss.send(queue, job, { retryLimit: 0, expireInSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)) });
  if (!id) throw new Error("quick job not sent");
  const deadline = now() + timeoutMs;
  for (;;) {
    const found = await boss.getJobById<QuickJob>(queue, id);
    if (found?.state === "completed") return found.output as QuickResult;
    if (found && (found.state === "failed" || found.state === "cancelled")) throw new Error(`quick job ${found.state}`);
    if (now() >= deadline) {
      await boss.cancel(queue, id).catch(() => undefined);
      throw new QuickJobTimeoutError(timeoutMs, job.kind);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** How long a quick run waits for a grader when its caller gives no timeout (a regrade answer: the run can be resumed). */
const DEFAULT_QUICK_TIMEOUT_MS = 120_000;

export class PgBossQueue implements GradingQueue {
  readonly mode = "pg-boss" as const;

  constructor(
    readonly boss: PgBoss,
    private readonly settings: QueueSettings = defaultQueueSettings(),
  ) {}

  send(job: GradeJobData): Promise<boolean> {
    return enqueueGrading(this.boss, job);
  }

  /** A dead job is retried by pg-boss (its failed job), or sent anew if it was archived. */
  async sendAgain(submissionIds: string[]): Promise<void> {
    if (submissionIds.length === 0) return;
    await this.boss.retry(GRADE_QUEUE, submissionIds);
    for (const id of submissionIds) await enqueueGrading(this.boss, { submissionId: id });
  }

  run(job: QuickJob, options: RunOptions = {}): Promise<QuickResult> {
    return runQuickJob(this.boss, job, options.timeoutMs ?? DEFAULT_QUICK_TIMEOUT_MS, Date.now, options.lane === "batch" ? BATCH_QUEUE : QUICK_QUEUE);
  }

  /** A grader process's handlers: grade jobs, the quick lanes, the dead letter, and the sweep of stranded submissions. */
  async consume(db: Db, options: ConsumeOptions = {}): Promise<ConsumerStats> {
    // the reference outputs of Python-declared checkers, prepared once per (question version, seed) for all graders
    setExpectedStore(databaseExpectedStore(db));
    const { boss, settings } = this;
    const concurrency = options.concurrency ?? config().grader.concurrency;
    const stats: ConsumerStats = { owner: `grader-${hostname()}-${process.pid}`, concurrency, active: 0, graded: 0, duplicates: 0, failures: 0, deadLettered: 0 };
    const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 };
    const log = options.log ?? createLogger("grader");

    const grade = async ([job]: PgBoss.JobWithMetadata<GradeJobData>[]) => {
      if (!job) return;
      const jobLog = jobLogger(log, job);
      const started = Date.now();
      stats.active++;
      try {
        jobLog.info({ attempt: job.retryCount + 1 }, "grading started");
        const outcome = await runGradingJob(db, job.data, stats.owner, settings.expireInSeconds, { lastAttempt: () => job.retryCount >= job.retryLimit });
        if (outcome.kind === "failed") {
          stats.failures++;
          if (outcome.dead) stats.deadLettered++;
          jobLog.warn({ err: outcome.error, attempt: job.retryCount + 1, willRetry: !outcome.dead, durationMs: Date.now() - started }, "grading failed");
          // pg-boss's own retry with back-off (the record says queued), or its failed state on the last try
          throw new GradingFailure(outcome.error);
        }
        if (outcome.kind === "duplicate") stats.duplicates++;
        else stats.graded++;
        jobLog.info({ outcome: outcome.kind, status: outcome.kind === "graded" ? outcome.status : undefined, durationMs: Date.now() - started }, "grading finished");
        return outcome;
      } catch (error) {
        // a database away beyond the job's budget: pg-boss retries it (the record was not reached)
        if (!(error instanceof GradingFailure)) {
          stats.failures++;
          jobLog.warn({ err: error, attempt: job.retryCount + 1, durationMs: Date.now() - started }, "grading interrupted");
        }
        throw error;
      } finally {
        stats.active--;
      }
    };
    for (let i = 0; i < concurrency; i++) {
      let workerId = "";
      workerId = await boss.work<GradeJobData>(GRADE_QUEUE, { ...polling, batchSize: 1, includeMetadata: true }, async (jobs) => {
        try {
          return await grade(jobs);
        } finally {
          // pg-boss waits a polling interval after every fetch; after a job there may be more: fetch again at once
          if (workerId) boss.notifyWorker(workerId);
        }
      });
    }

    // quick runs on their own lanes, never behind grading jobs; regrade answers on a lane of one worker per process,
    // so a regrade never takes every sandbox
    const lanes = [...Array.from({ length: concurrency }, () => QUICK_QUEUE), BATCH_QUEUE];
    for (const queue of lanes) {
      let laneId = "";
      laneId = await boss.work<QuickJob>(queue, { ...polling, batchSize: 1 }, async ([job]) => {
        try {
          return job ? await handleQuickJob(job.data, { db, owner: stats.owner }) : undefined;
        } finally {
          if (laneId) boss.notifyWorker(laneId);
        }
      });
    }

    // a job whose last try never reported (its worker died) ends here: the same failure path, as dead
    await boss.work<GradeJobData>(DEAD_LETTER_QUEUE, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
      if (!job) return;
      const detail = errorMessage(job.output) ?? "falha de infraestrutura";
      const marked = await gradingFailed(db, job.data.submissionId, null, detail, true);
      if (marked) stats.deadLettered++;
      jobLogger(log, job).error({ detail, marked }, "grading job dead-lettered");
    });

    const sweep = async () => {
      const sent = await requeueStranded(db, boss, options.strandedAfterSeconds ?? 60);
      if (sent) log.warn({ sent }, "stranded queued submissions sent to the queue");
      const lost = await quickJobsLost(db);
      if (lost) log.warn({ lost }, "quick runs of an ended process marked failed");
    };
    await boss.schedule(SWEEP_QUEUE, "* * * * *");
    await boss.work(SWEEP_QUEUE, polling, sweep);
    // the first sweep at start; a database away now is swept at the next minute
    await sweep().catch((error: unknown) => {
      if (!databaseHealth().failed(error, "sweep")) throw error;
    });
    return stats;
  }

  stop(graceMs = 0): Promise<void> {
    return this.boss.stop(graceMs > 0 ? { graceful: true, wait: true, timeout: graceMs } : { graceful: false, wait: true });
  }
}

/** A try that failed and was recorded as such (retry or dead letter): thrown for pg-boss's own state. */
class GradingFailure extends Error {}

function errorMessage(output: unknown): string | undefined {
  if (output && typeof output === "object") {
    const value = "value" in output ? (output as { value: unknown }).value : output;
    if (value && typeof value === "object" && "message" in value) return String((value as { message: unknown }).message);
  }
  return undefined;
}
