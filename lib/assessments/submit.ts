import { and, eq } from "drizzle-orm";
import type { Message } from "@/domain/i18n/translate";
import { z } from "zod";
import type { Db } from "@/db/client";
import { submissions } from "@/db/schema";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import type { Said } from "@/domain/questions/feedback";
import { gradingQueue } from "@/grader/jobs/queue";
import { openJob } from "@/grader/jobs/record";
import type { LoadedQuestion } from "@/question-bank/load";
import { decideSubmission, resultsVisible, type Refusal } from "./rules";
import type { AccessRefusal, ClientFacts } from "./access";
import { loadItemContext, openItem, rulesOf } from "./context";
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

/**
 * A request sent again with its idempotency key (a double click, or the form's retry after a 503 whose submission was
 * stored before the failure): the stored submission, as the first answer gave it. Null when the key is new. Answered
 * before the rate limit, which counts new submissions only.
 */
export async function replayedSubmission(
  db: Db,
  who: { userId: string; courseId: string; client?: ClientFacts },
  input: SubmissionInput,
  now = new Date(),
): Promise<Extract<SubmitOutcome, { kind: "accepted" }> | null> {
  const previous = await byIdempotencyKey(db, who.userId, input.itemId, input.idempotencyKey);
  if (!previous) return null;
  const context = await loadItemContext(db, who.courseId, input.itemId, who.userId, now, who.client);
  if (!context) return null;
  return { kind: "accepted", submission: viewOf(previous, !resultsVisible(rulesOf(context.assessment), now)), duplicate: true };
}

/**
 * A student answers one item. Server-side rules: enrolment, publication, dates, time limit, attempts; one grading
 * per idempotency key (a double click or a retry returns the first result). Instant types are graded here;
 * code answers are stored as queued for the grading workers.
 */
export async function submitAnswer(
  db: Db,
  who: { userId: string; courseId: string; client?: ClientFacts },
  input: SubmissionInput,
  now = new Date(),
): Promise<SubmitOutcome> {
  return (await replayedSubmission(db, who, input, now)) ?? submitNewAnswer(db, who, input, now);
}

/**
 * submitAnswer for a caller that has just looked the key up itself (the route, before its rate limit). Two requests
 * with the same new key can still race here: the unique key makes the second one get the first one's submission.
 */
export async function submitNewAnswer(
  db: Db,
  who: { userId: string; courseId: string; client?: ClientFacts },
  input: SubmissionInput,
  now = new Date(),
): Promise<SubmitOutcome> {
  const { userId } = who;
  const access = await openItem(db, who.courseId, input.itemId, userId, now, who.client);
  if (!access.ok) return { kind: "refused", reason: access.reason };
  const { context } = access;
  const rules = rulesOf(context.assessment);
  const hidden = !resultsVisible(rules, now);

  const decision = decideSubmission(rules, context.situation, context.attemptsUsed, now, { autoSubmit: input.autoSubmit });
  if (!decision.ok) return { kind: "refused", reason: decision.reason };

  const variant = makeVariant(context.question, context.variant.seed);

  const base = {
    variantId: context.variant.id,
    userId,
    itemId: input.itemId,
    questionVersionId: context.variant.questionVersionId,
    attemptNumber: context.attemptsUsed + 1,
    answer: input.answer,
    penaltyFactor: decision.penaltyFactor,
    idempotencyKey: input.idempotencyKey,
    submittedAt: now,
  };

  let values: typeof submissions.$inferInsert;
  if (context.question.type === "code") {
    // a syntax error is refused like an unreadable number: it costs no attempt
    const unreadable = await syntaxProblem(db, context.question, input.answer);
    if (unreadable) return { kind: "refused", reason: "invalid-answer", message: unreadable.feedback, messageKeys: unreadable.message };
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

  const inserted = await db.insert(submissions).values(values).onConflictDoNothing().returning();
  // a code answer's grade job (a crash before this line: the worker that takes the submission records it)
  if (inserted[0]?.status === "queued") await openJob(db, inserted[0].id, "grade");
  if (inserted[0]) return { kind: "accepted", submission: viewOf(inserted[0], hidden), duplicate: false };
  // Lost a race: the same key (double click) returns the first result; another attempt at the same moment is a conflict.
  const winner = await byIdempotencyKey(db, userId, input.itemId, input.idempotencyKey);
  if (winner) return { kind: "accepted", submission: viewOf(winner, hidden), duplicate: true };
  return { kind: "refused", reason: "conflict" };
}

/** How long a submission waits for a grader's syntax check in production mode; then it is stored unchecked. */
const SYNTAX_CHECK_TIMEOUT_MS = 5_000;

/**
 * Why a code answer cannot be read (a syntax error), or null: a quick job of the grading queue (in production mode a
 * grader process compiles it: the web process runs no Python). When none answers in time the answer is stored and
 * its grading reports the problem, as when the local sandbox cannot answer.
 */
async function syntaxProblem(db: Db, question: LoadedQuestion, answer: string): Promise<Said | null> {
  try {
    const result = await (await gradingQueue()).run({ kind: "syntax-check", question, source: answer }, { timeoutMs: SYNTAX_CHECK_TIMEOUT_MS, record: db });
    return result.kind === "syntax-check" ? result.error : null;
  } catch {
    return null;
  }
}
