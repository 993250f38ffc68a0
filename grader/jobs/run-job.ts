import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prepared } from "@/db/prepared";
import { isDatabaseUnavailable, retryWhileUnavailable } from "@/db/outage";
import { questionVersions, submissions, variants } from "@/db/schema";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
import { config } from "@/platform/config";
import type { LoadedQuestion } from "@/question-bank/load";
import { jobFailedById, jobTakenById } from "./record";
import { gradingFailed, resultOf, storeResult, storeResultAgain, takeSubmission, type StoredResult, type SubmissionRow } from "./result";

/** How long one grading job waits for a database that went away before giving the job back to its queue's retries. */
const JOB_OUTAGE_BUDGET_MS = 60_000;

/** The grading job of a queued submission, as every queue carries it. */
export interface GradeJobData {
  submissionId: string;
  /** the x-request-id of the HTTP request that stored the submission, for the logs */
  requestId?: string;
}

/** How long an answer's regrade job is leased to the process grading it (the batch cleans up after a lost one). */
export const REGRADE_LEASE_SECONDS = 300;

/** One answer of a regrade batch: its `regrade` job, graded by the target version (`question`) on its own variant. */
export interface RegradeJobData {
  jobId: string;
  question: LoadedQuestion;
  seed: number;
  source: string;
}

export type JobOutcome =
  | { kind: "graded"; status: StoredResult["status"]; score: number | null }
  | { kind: "duplicate" }
  /** a platform failure: `dead` when it was the last try (the dead letter), else the job went back to the queue */
  | { kind: "failed"; dead: boolean; error: string };

export interface RunOptions {
  /** the embedded queue's claim leased the job row already */
  jobLeased?: boolean;
  /** whether this try is the last one (default: the submission's tries reached GRADER_MAX_ATTEMPTS) */
  lastAttempt?: (submission: SubmissionRow) => boolean;
}

/** The question and variant seed a submission answered. */
export async function jobQuestion(db: Db, job: SubmissionRow): Promise<{ question: LoadedQuestion; seed: number }> {
  const [row] = await prepared(db, "forja_job_question", (d) =>
    d
      .select({ content: questionVersions.content, seed: variants.seed })
      .from(variants)
      .innerJoin(questionVersions, eq(questionVersions.id, variants.questionVersionId))
      .where(eq(variants.id, sql.placeholder("variantId")))
      .prepare("forja_job_question"),
  ).execute({ variantId: job.variantId });
  if (!row) throw new Error(`submission ${job.id} has no variant`);
  return { question: row.content as LoadedQuestion, seed: row.seed };
}

/**
 * One try of a grading job, for every queue (embedded and pg-boss): take the submission and its job, grade it with its
 * question type, and store the result once (storeResult); or, for a platform failure, the one failure path
 * (gradingFailed: back to the queue, or the dead letter on the last try). A student's wrong, broken or unreadable
 * answer is a graded result, never a retry. A database error that outlasts the outage budget is thrown: the job's
 * lease (embedded) or pg-boss's expiry brings it back.
 */
export function runGradingJob(db: Db, data: GradeJobData, owner: string, leaseSeconds: number, options?: RunOptions): Promise<JobOutcome>;
/**
 * One answer of a regrade batch, the same steps for a stored answer: take its job, grade it (with the target version),
 * and hand the outcome to the batch, whose transaction is the result writer (the score if it changed, the audit, the
 * grade notices and the job's result together). A failure fails the job and is thrown: the batch is redone.
 */
export function runGradingJob(db: Db, data: RegradeJobData, owner: string, leaseSeconds?: number): Promise<GradeOutcome>;
export function runGradingJob(db: Db, data: GradeJobData | RegradeJobData, owner: string, leaseSeconds = REGRADE_LEASE_SECONDS, options: RunOptions = {}): Promise<JobOutcome | GradeOutcome> {
  return "jobId" in data ? runRegradeAnswer(db, data, owner, leaseSeconds) : runGradeJob(db, data, owner, leaseSeconds, options);
}

async function runRegradeAnswer(db: Db, job: RegradeJobData, owner: string, leaseSeconds: number): Promise<GradeOutcome> {
  await jobTakenById(db, job.jobId, owner, leaseSeconds);
  try {
    return await gradeAnswer(job.question, makeVariant(job.question, job.seed), job.source);
  } catch (error) {
    await jobFailedById(db, job.jobId, (error as Error).message).catch(() => undefined);
    throw error;
  }
}

async function runGradeJob(db: Db, data: GradeJobData, owner: string, leaseSeconds: number, options: RunOptions): Promise<JobOutcome> {
  // a database restart while grading is waited out (capped back-off) instead of spending one of the job's tries
  const riding = { source: "grading job", budgetMs: JOB_OUTAGE_BUDGET_MS };
  const submission = await retryWhileUnavailable(async (retry) => {
    // the take may have been applied although its answer was lost: then the lease is ours already (not a second try)
    const ours = retry
      ? (await db.select().from(submissions).where(and(eq(submissions.id, data.submissionId), eq(submissions.status, "running"), eq(submissions.leaseOwner, owner))))[0]
      : undefined;
    return ours ?? takeSubmission(db, data.submissionId, owner, leaseSeconds, options.jobLeased);
  }, riding);
  if (!submission) return { kind: "duplicate" };
  let result: StoredResult | null;
  let error = "internal";
  try {
    const { question, seed } = await retryWhileUnavailable(() => jobQuestion(db, submission), riding);
    const outcome = await gradeAnswer(question, makeVariant(question, seed), submission.answer);
    result = resultOf(outcome);
    if (!result && outcome.status === "error") error = outcome.detail ?? outcome.feedback;
  } catch (thrown) {
    // a database still away after the budget is not the job's failure: the lease or pg-boss's expiry brings it back
    if (isDatabaseUnavailable(thrown)) throw thrown;
    result = null;
    error = (thrown as Error).message;
  }
  if (!result) {
    const dead = (options.lastAttempt ?? ((s) => s.jobAttempts >= config().grader.maxAttempts))(submission);
    await retryWhileUnavailable(() => gradingFailed(db, submission.id, owner, error, dead), riding);
    return { kind: "failed", dead, error };
  }
  const stored = await retryWhileUnavailable((retry) => (retry ? storeResultAgain : storeResult)(db, submission.id, result), riding);
  return stored ? { kind: "graded", status: result.status, score: result.score } : { kind: "duplicate" };
}
