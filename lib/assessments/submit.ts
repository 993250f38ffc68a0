import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { prepared } from "@/db/prepared";
import type { Message } from "@/domain/i18n/translate";
import { z } from "zod";
import type { Db } from "@/db/client";
import { gradingJobs, submissions } from "@/db/schema";
import { gradeAnswer, unreadableAnswer } from "@/grader/grade";
import { variantOf } from "./variants";
import { decideSubmission, resultsVisible, type Refusal } from "./rules";
import type { AccessRefusal, ClientFacts } from "./access";
import { openItemForAnswer, rulesOf, type ItemContext } from "./context";
import { refusedRateLimit, type RateLimit } from "@/lib/http/rate-limit";
import { viewOf, type SubmissionView } from "./student-feedback";

export { viewOf, type SubmissionView } from "./student-feedback";

export const MAX_ANSWER_BYTES = 100_000;

export const submissionInputSchema = z.object({
  itemId: z.string().uuid(),
  answer: z.string().max(MAX_ANSWER_BYTES, "validation.answerTooLarge"),
  idempotencyKey: z.string().min(8).max(100),
  /** sent by the exam countdown at zero: what was saved arrives a moment after the time limit */
  autoSubmit: z.boolean().optional(),
});
export type SubmissionInput = z.infer<typeof submissionInputSchema>;

export type SubmissionRow = typeof submissions.$inferSelect;

export type SubmitOutcome =
  | { kind: "accepted"; submission: SubmissionView; duplicate: boolean }
  | { kind: "refused"; reason: Refusal | AccessRefusal | "not-found" | "invalid-answer" | "conflict"; message?: string; messageKeys?: Message[] };


/** A key names one answer to one item: the same key on another item is another answer, never the first one's result. */
async function byIdempotencyKey(db: Db, userId: string, itemId: string, key: string) {
  const [row] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.userId, userId), eq(submissions.itemId, itemId), eq(submissions.idempotencyKey, key)))
    .limit(1);
  return row;
}

export type AnswerOutcome = SubmitOutcome | { kind: "rate-limited"; retryAfterSeconds: number };

const NO_LIMIT = { key: "", rule: { limit: 0, windowMs: 60_000 } };

/**
 * A student answers one item. Server-side rules: enrolment, publication, dates, time limit, attempts; one grading
 * per idempotency key (a double click or a retry returns the first result, whatever the rate limit says); at most
 * `rate.rule` new answers per `rate.key` (none given: no limit). Instant types are graded here; code answers are
 * stored as queued for the grading workers.
 *
 * Two round trips for an instant answer (issue #17): one statement reads the item for the student, the submission
 * already stored under the key and takes the rate limit; then the insert.
 */
export async function answerItem(
  db: Db,
  who: { userId: string; courseId: string; client?: ClientFacts },
  input: SubmissionInput,
  now = new Date(),
  rate: { key: string; rule: RateLimit } = NO_LIMIT,
): Promise<AnswerOutcome> {
  const { access, prior, taken } = await openItemForAnswer(db, { courseId: who.courseId, itemId: input.itemId, userId: who.userId, idempotencyKey: input.idempotencyKey }, rate, now, who.client);
  if (prior && access.ok) return { kind: "accepted", submission: viewOf(prior, !resultsVisible(rulesOf(access.context.assessment), now)), duplicate: true };
  if (!taken) return { kind: "rate-limited", retryAfterSeconds: (await refusedRateLimit(db, rate.key, rate.rule, now)).retryAfterSeconds };
  if (!access.ok) return { kind: "refused", reason: access.reason };
  return answerWithAccess(db, who.userId, input, now, access.context);
}

/** answerItem without a rate limit (scripts, tests, the demo). */
export async function submitAnswer(
  db: Db,
  who: { userId: string; courseId: string; client?: ClientFacts },
  input: SubmissionInput,
  now = new Date(),
): Promise<SubmitOutcome> {
  return (await answerItem(db, who, input, now)) as SubmitOutcome;
}

/**
 * The new answer once its item is open to the student. Two requests with the same new key can still race here: the
 * unique key makes the second one get the first one's submission.
 */
async function answerWithAccess(db: Db, userId: string, input: SubmissionInput, now: Date, context: ItemContext): Promise<SubmitOutcome> {
  const rules = rulesOf(context.assessment);
  const hidden = !resultsVisible(rules, now);

  const decision = decideSubmission(rules, context.situation, context.attemptsUsed, now, { autoSubmit: input.autoSubmit });
  if (!decision.ok) return { kind: "refused", reason: decision.reason };

  const variant = variantOf(context.question, context.variant);

  const base = {
    variantId: context.variant.id,
    userId,
    itemId: input.itemId,
    questionVersionId: context.variant.questionVersionId,
    attemptNumber: context.nextAttemptNumber,
    answer: input.answer,
    penaltyFactor: decision.penaltyFactor,
    idempotencyKey: input.idempotencyKey,
    submittedAt: now,
  };

  let values: typeof submissions.$inferInsert;
  if (context.question.type === "code") {
    // no Python in the request (issue #17): only the type's cheap check (an empty answer); a syntax error is found
    // by the grading job, which stores it as an unreadable answer that did not count as an attempt
    const unreadable = unreadableAnswer(context.question, input.answer);
    if (unreadable) return { kind: "refused", reason: "invalid-answer", message: unreadable.feedback, ...(unreadable.message ? { messageKeys: unreadable.message } : {}) };
    values = { ...base, status: "queued" };
  } else {
    const outcome = await gradeAnswer(context.question, variant, input.answer);
    if (outcome.status === "error" && outcome.reason === "invalid-answer") {
      return { kind: "refused", reason: "invalid-answer", message: outcome.feedback, ...(outcome.message ? { messageKeys: outcome.message } : {}) };
    }
    const { status, score, ...feedback } = outcome;
    const pending = outcome.status === "graded" && outcome.pending === true;
    values = {
      ...base,
      status: status === "error" ? "error" : pending ? "pending_manual" : "graded",
      score: status === "error" || pending ? null : score,
      feedback,
      gradedAt: now,
    };
  }

  const inserted = values.status === "queued" ? await insertQueuedStatement(db).execute({ ...values, jobId: randomUUID() }) : await insertGradedStatement(db).execute(values);
  if (inserted[0]) return { kind: "accepted", submission: viewOf(inserted[0], hidden), duplicate: false };
  // Lost a race: the same key (double click) returns the first result; another attempt at the same moment is a conflict.
  const winner = await byIdempotencyKey(db, userId, input.itemId, input.idempotencyKey);
  if (winner) return { kind: "accepted", submission: viewOf(winner, hidden), duplicate: true };
  return { kind: "refused", reason: "conflict" };
}

const QUEUED_COLUMNS = ["variantId", "userId", "itemId", "questionVersionId", "attemptNumber", "answer", "penaltyFactor", "idempotencyKey", "submittedAt", "status"] as const;
const GRADED_COLUMNS = [...QUEUED_COLUMNS, "score", "feedback", "gradedAt"] as const;

const placeholders = (columns: readonly string[]) => Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as unknown as typeof submissions.$inferInsert;

/** The insert of an answer graded here, as a prepared statement. */
function insertGradedStatement(db: Db) {
  return prepared(db, "forja_insert_graded_submission", (d) => d.insert(submissions).values(placeholders(GRADED_COLUMNS)).onConflictDoNothing().returning().prepare("forja_insert_graded_submission"));
}

/**
 * A code answer left to a grader and its grade job, in one prepared statement: the job's insert is a CTE of the
 * answer's (both rows name each other; the foreign keys are checked at the end of the statement). Nothing is written
 * for a replayed key or a lost race.
 */
function insertQueuedStatement(db: Db) {
  const name = "forja_insert_queued_submission_and_job";
  return prepared(db, name, (d) => {
    const jobId = sql.placeholder("jobId");
    const answer = d.$with("answer").as(d.insert(submissions).values({ ...placeholders(QUEUED_COLUMNS), currentJobId: jobId }).onConflictDoNothing().returning());
    const job = d
      .$with("job", { id: sql<string>`id` })
      .as(sql`insert into ${gradingJobs} (id, kind, submission_id) select ${jobId}::uuid, 'grade', ${answer.id} from ${answer} returning id`);
    return d.with(answer, job).select().from(answer).prepare(name);
  });
}
