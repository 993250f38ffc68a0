import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, gradingJobs, submissions, users } from "@/db/schema";
import { gradingQueue, type GradingQueue } from "./queue";
import { openJob } from "./record";

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

/** A submission of the course (joined through its item's assessment) whose current grading job is dead (the dead letter). */
const deadLetterOfCourse = (courseId: string) => and(eq(assessments.courseId, courseId), eq(submissions.status, "error"), eq(gradingJobs.status, "dead"));

const deadJobs = (db: Db) =>
  db
    .select({
      submissionId: submissions.id,
      assessmentId: assessments.id,
      assessmentTitle: assessments.title,
      itemId: submissions.itemId,
      studentEmail: users.email,
      submittedAt: submissions.submittedAt,
      attempts: gradingJobs.attempts,
      detail: sql<string>`coalesce(${gradingJobs.error}, '')`,
    })
    .from(submissions)
    .innerJoin(gradingJobs, eq(gradingJobs.id, submissions.currentJobId))
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(users, eq(users.id, submissions.userId));

/** The submissions of a course whose grading job ended in the dead letter, newest first (for instructors). */
export async function listDeadJobs(db: Db, courseId: string): Promise<DeadJob[]> {
  return deadJobs(db).where(deadLetterOfCourse(courseId)).orderBy(desc(submissions.submittedAt));
}

/**
 * After the platform problem was fixed: dead-letter submissions go back to `queued` with a fresh count of tries and a
 * new grade job (the dead one stays in the record), sent through the process's grading queue (`queue` overrides it).
 * Returns how many went back.
 */
export async function retryDeadJobs(db: Db, courseId: string, submissionIds: string[], queue?: GradingQueue): Promise<number> {
  if (submissionIds.length === 0) return 0;
  // only the course's dead letters among the ids: a stale or foreign id is ignored
  const dead = await deadJobs(db).where(and(deadLetterOfCourse(courseId), inArray(submissions.id, submissionIds)));
  const ids: string[] = [];
  for (const { submissionId: id } of dead) {
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
    await openJob(db, row.id, "grade");
    ids.push(row.id);
  }
  if (ids.length > 0) await (queue ?? (await gradingQueue())).sendAgain(ids);
  return ids.length;
}
