/** The manual-grading queue of one item: answers waiting for a grade and answers already graded by hand. */
import { and, asc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, manualGrades, questionVersions, submissions, users } from "@/db/schema";

export const queueFilters = ["pending", "graded", "all"] as const;
export type QueueFilter = (typeof queueFilters)[number];
export const queueFilterSchema = z.enum(queueFilters).catch("pending");

export interface QueueEntry {
  submissionId: string;
  studentId: string;
  studentName: string;
  attemptNumber: number;
  submittedAt: Date;
  /** manual grade in [0,1], null while pending */
  manualScore: number | null;
}

export interface QueueItem {
  itemId: string;
  assessmentId: string;
  assessmentTitle: string;
  position: number;
  points: number;
  questionTitle: string;
}

/** The item (checked to be in the course) or null. */
export async function queueItem(db: Db, courseId: string, itemId: string): Promise<QueueItem | null> {
  const [row] = await db
    .select({ itemId: assessmentItems.id, assessmentId: assessments.id, assessmentTitle: assessments.title, position: assessmentItems.position, points: assessmentItems.points })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(eq(assessmentItems.id, itemId), eq(assessments.courseId, courseId)));
  if (!row) return null;
  const titles = await db
    .selectDistinct({ title: sql`${questionVersions.content}->>'title'`.mapWith(String) })
    .from(submissions)
    .innerJoin(questionVersions, eq(questionVersions.id, submissions.questionVersionId))
    .where(eq(submissions.itemId, itemId));
  return { ...row, questionTitle: titles.map((t) => t.title).join(" / ") };
}

/** Everything in the queue (answers waiting for a manual grade and answers graded by hand), oldest first. */
export async function gradingQueue(db: Db, courseId: string, itemId: string): Promise<QueueEntry[]> {
  return db
    .select({
      submissionId: submissions.id,
      studentId: users.id,
      studentName: users.name,
      attemptNumber: submissions.attemptNumber,
      submittedAt: submissions.submittedAt,
      manualScore: manualGrades.score,
    })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
    .where(and(eq(submissions.itemId, itemId), eq(assessments.courseId, courseId), or(eq(submissions.status, "pending_manual"), isNotNull(manualGrades.id))))
    .orderBy(asc(submissions.submittedAt), asc(submissions.id));
}

/** pending: no manual grade yet; graded: graded by hand; all: both. */
export function filterQueue(entries: readonly QueueEntry[], filter: QueueFilter): QueueEntry[] {
  if (filter === "all") return [...entries];
  return entries.filter((e) => (filter === "pending") === (e.manualScore === null));
}

export interface PendingItem {
  assessmentId: string;
  assessmentTitle: string;
  itemId: string;
  position: number;
  pending: number;
}

/** Items of the course with answers waiting for a manual grade, for the TA home page. */
export function pendingItems(db: Db, courseId: string): Promise<PendingItem[]> {
  return db
    .select({
      assessmentId: assessments.id,
      assessmentTitle: assessments.title,
      itemId: assessmentItems.id,
      position: assessmentItems.position,
      pending: sql<number>`count(*)`.mapWith(Number),
    })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
    .where(and(eq(assessments.courseId, courseId), eq(submissions.status, "pending_manual"), isNull(manualGrades.id)))
    .groupBy(assessments.id, assessments.title, assessments.closesAt, assessmentItems.id, assessmentItems.position)
    .orderBy(asc(assessments.closesAt), asc(assessmentItems.position));
}
