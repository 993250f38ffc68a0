import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { databaseHealth, retryWhileUnavailable } from "@/db/outage";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { claimJob, completeJob, failJob, jobQuestion, releaseJobs, type SubmissionRow } from "./queue";
import { resultOf } from "./result";
import { config } from "@/platform/config";

export interface WorkerOptions {
  concurrency: number;
  /** how long a job is leased; a worker that dies mid-job loses it after this */
  leaseMs: number;
  maxAttempts: number;
  /** how often to look for jobs when nobody wakes the worker (also picks up expired leases) */
  idleMs: number;
}

export const defaultWorkerOptions = (): WorkerOptions => {
  const { concurrency, leaseMs, maxAttempts, idleMs } = config().grader;
  return { concurrency, leaseMs, maxAttempts, idleMs };
};

/** One loop: take a job, run it, report. Runs up to `concurrency` jobs at once. */
export class GradingWorker {
  readonly owner = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private running = new Set<Promise<void>>();
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly options: WorkerOptions = defaultWorkerOptions(),
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Call after queuing a job so it starts now instead of at the next idle tick. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Graceful shutdown: waits for running jobs up to `graceMs`, then gives the rest back to the queue. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.race([Promise.all(this.running), new Promise((r) => setTimeout(r, graceMs))]);
    await this.loop;
    await releaseJobs(this.db, this.owner);
  }

  /** consecutive claims that failed because the database was away: the next look waits longer (capped) */
  private outageTicks = 0;

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = false;
      while (!this.stopped && this.running.size < this.options.concurrency) {
        const job = await claimJob(this.db, this.owner, this.options.leaseMs).then(
          (row) => {
            this.outageTicks = 0;
            databaseHealth().succeeded("grading worker");
            return row;
          },
          (error: unknown) => {
            if (databaseHealth().failed(error, "grading worker")) this.outageTicks++;
            return null;
          },
        );
        if (!job) break;
        claimed = true;
        const task = this.execute(job).finally(() => {
          this.running.delete(task);
          this.wake();
        });
        this.running.add(task);
      }
      if (!claimed || this.running.size >= this.options.concurrency) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, this.options.idleMs * Math.min(2 ** this.outageTicks, 10));
      this.wakeUp = done;
    });
  }

  private async execute(job: SubmissionRow): Promise<void> {
    try {
      const { question, seed } = await jobQuestion(this.db, job);
      const outcome = await gradeAnswer(question, makeVariant(question, seed), job.answer);
      // the same mapping as pg-boss's workers ("run against public tests" catches unreadable answers without an attempt)
      const result = resultOf(outcome);
      if (!result) throw new Error(outcome.status === "error" ? (outcome.detail ?? outcome.feedback) : "internal");
      // a result graded while the database restarts is written once it is back (the lease still holds it)
      await retryWhileUnavailable(() => completeJob(this.db, job, this.owner, result), { source: "grading worker", budgetMs: this.options.leaseMs / 2 });
    } catch (error) {
      await failJob(this.db, job, this.owner, (error as Error).message, this.options.maxAttempts).catch(() => undefined);
    }
  }
}
