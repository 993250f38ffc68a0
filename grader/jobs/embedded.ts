import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { databaseHealth } from "@/db/outage";
import { setExpectedStore } from "@/grader/types/code/python/expected-store";
import { config } from "@/platform/config";
import { databaseExpectedStore } from "./expected-store-db";
import type { ConsumeOptions, ConsumerStats, GradingQueue, RunOptions } from "./queue";
import { handleQuickJob, type QuickJob, type QuickResult } from "./quick-jobs";
import { claimNextGradeJob, openStrandedJobs, quickJobsLost } from "./record";
import { leasesReleased } from "./result";
import { runGradingJob } from "./run-job";

export interface EmbeddedOptions {
  concurrency: number;
  /** how long a job is leased; a worker that dies mid-job loses it after this */
  leaseMs: number;
  maxAttempts: number;
  /** how often to look for jobs when nobody wakes the worker (also picks up expired leases) */
  idleMs: number;
}

export const defaultEmbeddedOptions = (): EmbeddedOptions => {
  const { concurrency, leaseMs, maxAttempts, idleMs } = config().grader;
  return { concurrency, leaseMs, maxAttempts, idleMs };
};

/**
 * The embedded implementation of the grading queue: this process takes grade jobs by leasing their `grading_jobs`
 * rows (SKIP LOCKED, so several processes on one database never take the same job) and runs up to `concurrency` at
 * once; quick runs run here at once. A send only wakes the loop (the job's row is the queue).
 */
export class EmbeddedQueue implements GradingQueue {
  readonly mode = "embedded" as const;
  readonly owner = `worker-${process.pid}-${randomUUID().slice(0, 8)}`;
  private db: Db | null = null;
  private running = new Set<Promise<void>>();
  private stopped = true;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private stats: ConsumerStats;
  private strandedAfterMs = 60_000;
  private lastSweep = 0;
  /** consecutive claims that failed because the database was away: the next look waits longer (capped) */
  private outageTicks = 0;

  constructor(private readonly options: EmbeddedOptions = defaultEmbeddedOptions()) {
    this.stats = { owner: this.owner, concurrency: options.concurrency, active: 0, graded: 0, duplicates: 0, failures: 0, deadLettered: 0 };
  }

  async send(): Promise<boolean> {
    this.wake();
    return true;
  }

  async sendAgain(): Promise<void> {
    this.wake();
  }

  run(job: QuickJob, options: RunOptions = {}): Promise<QuickResult> {
    return handleQuickJob(job, options.record ? { db: options.record, owner: this.owner } : undefined);
  }

  async consume(db: Db, options: ConsumeOptions = {}): Promise<ConsumerStats> {
    if (!this.stopped) return this.stats;
    setExpectedStore(databaseExpectedStore(db));
    this.db = db;
    if (options.concurrency) this.stats.concurrency = options.concurrency;
    if (options.strandedAfterSeconds !== undefined) this.strandedAfterMs = options.strandedAfterSeconds * 1000;
    this.stopped = false;
    this.loop = this.takeJobs();
    return this.stats;
  }

  /** Call after queuing a job so it starts now instead of at the next idle tick. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Graceful shutdown: waits for running jobs up to `graceMs`, then gives the rest back to the queue. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.wake();
    await Promise.race([Promise.all(this.running), new Promise((r) => setTimeout(r, graceMs))]);
    await this.loop;
    await leasesReleased(this.db!, this.owner);
  }

  private async takeJobs(): Promise<void> {
    const db = this.db!;
    while (!this.stopped) {
      let claimed = false;
      await this.sweep(db);
      while (!this.stopped && this.running.size < this.stats.concurrency) {
        const submissionId = await claimNextGradeJob(db, this.owner, this.options.leaseMs / 1000).then(
          (id) => {
            this.outageTicks = 0;
            databaseHealth().succeeded("grading worker");
            return id;
          },
          (error: unknown) => {
            if (databaseHealth().failed(error, "grading worker")) this.outageTicks++;
            return null;
          },
        );
        if (!submissionId) break;
        claimed = true;
        const task = this.execute(db, submissionId).finally(() => {
          this.running.delete(task);
          this.wake();
        });
        this.running.add(task);
      }
      if (!claimed || this.running.size >= this.stats.concurrency) await this.idle();
    }
  }

  /**
   * Queued submissions left without a job (stored by an older version, or a crash between storing and recording) get
   * one; quick runs of a process that ended are failed.
   */
  private async sweep(db: Db): Promise<void> {
    if (Date.now() - this.lastSweep < this.strandedAfterMs) return;
    this.lastSweep = Date.now();
    await Promise.all([openStrandedJobs(db, this.strandedAfterMs / 1000), quickJobsLost(db)]).catch((error: unknown) => databaseHealth().failed(error, "grading worker"));
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

  private async execute(db: Db, submissionId: string): Promise<void> {
    this.stats.active++;
    try {
      const { maxAttempts, leaseMs } = this.options;
      const outcome = await runGradingJob(db, { submissionId }, this.owner, leaseMs / 1000, { jobLeased: true, lastAttempt: (s) => s.jobAttempts >= maxAttempts });
      if (outcome.kind === "graded") this.stats.graded++;
      else if (outcome.kind === "duplicate") this.stats.duplicates++;
      else {
        this.stats.failures++;
        if (outcome.dead) this.stats.deadLettered++;
      }
    } catch {
      // the database stayed away beyond the job's budget: the lease expires and the job is taken again
      this.stats.failures++;
    } finally {
      this.stats.active--;
    }
  }
}
