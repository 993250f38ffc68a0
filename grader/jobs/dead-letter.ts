import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, submissions, users } from "@/db/schema";
import { wakeInProcessWorker } from "./in-process";
import { enqueueGrading, GRADE_QUEUE, type GradeJobData } from "./pgboss";
import { openJob } from "./record";
import { deadLetterFeedback, storeResult } from "./result";

/** The dead letter of pg-boss: after its last retry a job leaves the submission in `error` with a clear message for staff and student. */
export async function markDeadLetter(db: Db, data: GradeJobData, detail: string): Promise<boolean> {
  return storeResult(db, data.submissionId, { status: "error", score: null, feedback: deadLetterFeedback(detail) }, detail);
}

export interface DeadJob {
  submissionId: string;
  assessmentId: string;
  assessmentTitle: string;
  itemId: string;
  studentEmail: string;
  submittedAt: Date;
  attempts: number;
  detail: string;
}

/** A submission of the course (joined through its item's assessment) whose grading job ended in the dead letter. */
const deadLetterOfCourse = (courseId: string) =>
  and(eq(assessments.courseId, courseId), eq(submissions.status, "error"), sql`${submissions.feedback}->>'deadLetter' = 'true'`);

/** The submissions of a course whose grading job ended in the dead letter, newest first (for instructors). */
export async function listDeadJobs(db: Db, courseId: string): Promise<DeadJob[]> {
  const rows = await db
    .select({
      submissionId: submissions.id,
      assessmentId: assessments.id,
      assessmentTitle: assessments.title,
      itemId: submissions.itemId,
      studentEmail: users.email,
      submittedAt: submissions.submittedAt,
      attempts: submissions.jobAttempts,
      detail: sql<string>`coalesce(${submissions.feedback}->>'detail', '')`,
    })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(deadLetterOfCourse(courseId))
    .orderBy(desc(submissions.submittedAt));
  return rows;
}

/**
 * After the platform problem was fixed: dead-letter submissions go back to `queued` with a fresh count of tries and
 * are graded again, by pg-boss (`boss`: the failed job is retried, or sent anew if it was archived) or by the
 * embedded worker. Returns how many went back.
 */
export async function retryDeadJobs(db: Db, courseId: string, submissionIds: string[], boss?: PgBoss): Promise<number> {
  if (submissionIds.length === 0) return 0;
  // only the course's dead letters among the ids: a stale or foreign id is ignored
  const ofCourse = db
    .select({ id: submissions.id })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(deadLetterOfCourse(courseId), inArray(submissions.id, submissionIds)));
  const dead = await db.select({ id: submissions.id }).from(submissions).where(and(inArray(submissions.id, ofCourse), eq(submissions.status, "error")));
  const ids: string[] = [];
  for (const { id } of dead) {
    // A failed grading was not an attempt, so the student may have answered again with its number: the answer
    // graded again takes the next free one (one at a time: two of the same student and item must not share it).
    const next = sql`(select coalesce(max(s2.attempt_number), 0) + 1 from ${submissions} s2
      where s2.item_id = ${submissions.itemId} and s2.user_id = ${submissions.userId} and s2.status <> 'error')`;
    const [row] = await db
      .update(submissions)
      .set({ status: "queued", attemptNumber: next, score: null, feedback: null, gradedAt: null, jobAttempts: 0, leaseOwner: null, leaseExpiresAt: null })
      .where(and(eq(submissions.id, id), eq(submissions.status, "error")))
      .returning({ id: submissions.id });
    if (!row) continue;
    // graded again: a new grade job (the dead one stays in the record)
    await openJob(db, row.id, "grade");
    ids.push(row.id);
  }
  if (ids.length === 0) return 0;
  if (boss) {
    await boss.retry(GRADE_QUEUE, ids);
    for (const id of ids) await enqueueGrading(boss, { submissionId: id });
  } else {
    wakeInProcessWorker();
  }
  return ids.length;
}

