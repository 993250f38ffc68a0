import type PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Db } from "@/db/client";
import { PgBossQueue, type QueueSettings } from "@/grader/jobs/pgboss";
import type { ConsumerStats } from "@/grader/jobs/queue";
import { registerAuthoringChecker } from "@/grader/jobs/quick-jobs";
import { checkDraftHere } from "@/lib/authoring/validate";

export type { ConsumerStats } from "@/grader/jobs/queue";

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

/** A grader process consumes the pg-boss grading queue; it also checks the question editor's drafts (a service). */
export async function startConsumer(boss: PgBoss, db: Db, options: ConsumerOptions): Promise<ConsumerStats> {
  registerAuthoringChecker(checkDraftHere);
  return new PgBossQueue(boss, options.settings).consume(db, options);
}
