import { hostname } from "node:os";
import { BATCH_QUEUE, handleQuickJob, QUICK_QUEUE, type QuickJob } from "@/grader/jobs/quick-jobs";
import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { databaseHealth } from "@/db/outage";
import { DEAD_LETTER_QUEUE, GRADE_QUEUE, SWEEP_QUEUE, jobLogger, requeueStranded, type GradeJobData, type QueueSettings } from "@/grader/jobs/pgboss";
import { markDeadLetter } from "@/grader/jobs/dead-letter";
import { runGradeJob } from "@/grader/jobs/run-job";
import { checkDraftHere } from "@/lib/authoring/validate";

export interface ConsumerOptions {
  /** jobs graded at once by this process */
  concurrency: number;
  settings: QueueSettings;
  log: Logger;
  /** pg-boss polling interval when the queue is empty */
  pollingIntervalSeconds?: number;
  /** queued submissions older than this without a job get one (the sweep runs every minute on one worker) */
  strandedAfterSeconds?: number;
}

export interface ConsumerStats {
  owner: string;
  concurrency: number;
  active: number;
  graded: number;
  duplicates: number;
  failures: number;
  deadLettered: number;
}

/** Registers this process's handlers: grading jobs, the dead letter, and the sweep of stranded submissions. */
export async function startConsumer(boss: PgBoss, db: Db, options: ConsumerOptions): Promise<ConsumerStats> {
  const stats: ConsumerStats = { owner: `grader-${hostname()}-${process.pid}`, concurrency: options.concurrency, active: 0, graded: 0, duplicates: 0, failures: 0, deadLettered: 0 };
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 };

  const grade = async ([job]: PgBoss.JobWithMetadata<GradeJobData>[]) => {
    if (!job) return;
    const log = jobLogger(options.log, job);
    const started = Date.now();
    stats.active++;
    try {
      log.info({ attempt: job.retryCount + 1 }, "grading started");
      const outcome = await runGradeJob(db, job.data, stats.owner, options.settings.expireInSeconds);
      if (outcome.kind === "duplicate") stats.duplicates++;
      else stats.graded++;
      log.info({ outcome: outcome.kind, status: outcome.kind === "graded" ? outcome.status : undefined, durationMs: Date.now() - started }, "grading finished");
      return outcome;
    } catch (error) {
      stats.failures++;
      const last = job.retryCount >= job.retryLimit;
      log.warn({ err: error, attempt: job.retryCount + 1, willRetry: !last, durationMs: Date.now() - started }, "grading failed");
      throw error;
    } finally {
      stats.active--;
    }
  };
  for (let i = 0; i < options.concurrency; i++) {
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

  // quick runs (syntax checks, public tests, the question editor's checks) that a web request waits for: their own lane, never behind grading jobs
  // and regrade batches on a lane of one worker per process, so a regrade never takes every sandbox
  const lanes = [...Array.from({ length: options.concurrency }, () => QUICK_QUEUE), BATCH_QUEUE];
  for (const queue of lanes) {
    let laneId = "";
    laneId = await boss.work<QuickJob>(queue, { ...polling, batchSize: 1 }, async ([job]) => {
      try {
        return job ? await handleQuickJob(job.data, checkDraftHere) : undefined;
      } finally {
        if (laneId) boss.notifyWorker(laneId);
      }
    });
  }

  await boss.work<GradeJobData>(DEAD_LETTER_QUEUE, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    const detail = errorMessage(job.output) ?? "falha de infraestrutura";
    const marked = await markDeadLetter(db, job.data, detail);
    if (marked) stats.deadLettered++;
    jobLogger(options.log, job).error({ detail, marked }, "grading job dead-lettered");
  });

  const sweep = async () => {
    const sent = await requeueStranded(db, boss, options.strandedAfterSeconds ?? 60);
    if (sent) options.log.warn({ sent }, "stranded queued submissions sent to the queue");
  };
  await boss.schedule(SWEEP_QUEUE, "* * * * *");
  await boss.work(SWEEP_QUEUE, polling, sweep);
  // the first sweep at start; a database away now is swept at the next minute
  await sweep().catch((error: unknown) => {
    if (!databaseHealth().failed(error, "sweep")) throw error;
  });
  return stats;
}

function errorMessage(output: unknown): string | undefined {
  if (output && typeof output === "object") {
    const value = "value" in output ? (output as { value: unknown }).value : output;
    if (value && typeof value === "object" && "message" in value) return String((value as { message: unknown }).message);
  }
  return undefined;
}
