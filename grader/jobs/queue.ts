import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { config } from "@/platform/config";
import type { QuickJob, QuickResult } from "./quick-jobs";
import type { GradeJobData } from "./run-job";
import { openOnce, processWide, type OpenOnce } from "@/platform/process-wide";

/**
 * The one grading pipeline. Every job (a submission's grade, a regrade batch's answers, the quick runs a request
 * waits for) goes through a GradingQueue, recorded in `grading_jobs`, and every grade job's try is runGradingJob
 * (run-job.ts: take, grade, the one result writer or the one failure path). Two implementations, chosen once per
 * process from the configuration (`config().queue`):
 * - embedded (embedded.ts, the default): the web process grades itself, leasing `grading_jobs` rows (SKIP LOCKED);
 * - pg-boss (pgboss.ts, GRADER_IN_PROCESS=0 with DATABASE_URL): `npm run grader` processes consume pg-boss queues
 *   and web processes only send (they run no Python).
 */
export interface GradingQueue {
  readonly mode: "embedded" | "pg-boss";
  /** a stored queued submission's grade job (its `grading_jobs` row exists): false when it was sent already */
  send(job: GradeJobData): Promise<boolean>;
  /** dead-letter submissions sent back to grading (their new jobs are recorded) */
  sendAgain(submissionIds: string[]): Promise<void>;
  /** a quick run the caller waits for (QuickJobTimeoutError when no grader answers within `timeoutMs`) */
  run(job: QuickJob, options?: RunOptions): Promise<QuickResult>;
  /** this process takes jobs and runs them: the web process embedded, a grader process with pg-boss */
  consume(db: Db, options?: ConsumeOptions): Promise<ConsumerStats>;
  /** stops consuming; running jobs finish within `graceMs`, the rest go back to the queue */
  stop(graceMs?: number): Promise<void>;
}

export interface RunOptions {
  timeoutMs?: number;
  /** "batch": a regrade's answers, on a lane of their own */
  lane?: "quick" | "batch";
  /** the database to record the run in when it runs in this process (embedded); a grader process records with its own */
  record?: Db;
}

export interface ConsumeOptions {
  /** jobs run at once by this process (default: GRADER_CONCURRENCY) */
  concurrency?: number;
  log?: Logger;
  /** pg-boss polling interval when the queue is empty */
  pollingIntervalSeconds?: number;
  /** queued submissions older than this without a job get one */
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

/** The process's grading queue, chosen once from the configuration. */
const opened = () => processWide("grading-queue", (): OpenOnce<GradingQueue> => ({}));

export function gradingQueue(): Promise<GradingQueue> {
  return openOnce(opened(), openGradingQueue);
}

async function openGradingQueue(): Promise<GradingQueue> {
  if (config().queue === "embedded") {
    const { EmbeddedQueue } = await import("./embedded");
    return new EmbeddedQueue();
  }
  const { openProducerQueue } = await import("./pgboss");
  return openProducerQueue();
}

/** Stops the process's grading queue (tests; a process that ends); the next gradingQueue() opens it again. */
export async function closeGradingQueue(graceMs = 0): Promise<void> {
  const box = opened();
  const queue = box.value;
  box.value = undefined;
  if (queue) await (await queue.catch(() => null))?.stop(graceMs);
}

/**
 * The web app, after storing a queued submission and its job: sends it (a failed send is logged and left to the
 * sweep: the submission and its job are stored already). `log` carries the request id.
 */
export async function dispatchGrading(data: GradeJobData, log: Logger): Promise<void> {
  try {
    const sent = await (await gradingQueue()).send(data);
    log.info({ submissionId: data.submissionId, sent }, "grading job sent");
  } catch (error) {
    log.error({ err: error, submissionId: data.submissionId }, "grading job not sent; the sweep will send it");
  }
}
