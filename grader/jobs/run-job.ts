import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { retryWhileUnavailable } from "@/db/outage";
import { submissions } from "@/db/schema";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import type { GradeJobData } from "./pgboss";
import { jobQuestion } from "./queue";
import { resultOf, storeResult, storeResultAgain, takeSubmission, type StoredResult } from "./result";

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
  const result = resultOf(outcome);
  if (!result) throw new GradingInfrastructureError(outcome.status === "error" ? (outcome.detail ?? outcome.feedback) : "internal");
  const stored = await retryWhileUnavailable((retry) => (retry ? storeResultAgain : storeResult)(db, submission.id, result), riding);
  return stored ? { kind: "graded", status: result.status, score: result.score } : { kind: "duplicate" };
}

