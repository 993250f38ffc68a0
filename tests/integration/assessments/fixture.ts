import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { openTestDatabase } from "@/tests/integration/test-database";
import { syncBank } from "@/lib/questions/bank-sync";
import { assessmentItemQuestions, assessmentItems, assessments, courses, enrolments, submissions, users } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { loadBank } from "@/question-bank/load";

export const DAY = 24 * 60 * 60 * 1000;
export const now = new Date("2026-11-20T12:00:00Z");

export interface Fixture {
  database: Database;
  courseId: string;
  student: string;
  otherStudent: string;
  ta: string;
  outsider: string;
}

/** A course with two students, a TA and an outsider, and the whole question bank synced. */
export async function makeFixture(): Promise<Fixture> {
  const database = await openTestDatabase();
  const { db } = database;
  await syncBank(db, loadBank().questions);
  const [course] = await db.insert(courses).values({ slug: "t", title: "T" }).returning();
  const people = await db
    .insert(users)
    .values(["s1", "s2", "ta", "out"].map((n) => ({ email: `${n}@t.dev`, name: n })))
    .returning();
  const id = (n: string) => people.find((p) => p.email === `${n}@t.dev`)!.id;
  await db.insert(enrolments).values([
    { courseId: course!.id, userId: id("s1"), role: "student" },
    { courseId: course!.id, userId: id("s2"), role: "student" },
    { courseId: course!.id, userId: id("ta"), role: "ta" },
  ]);
  return { database, courseId: course!.id, student: id("s1"), otherStudent: id("s2"), ta: id("ta"), outsider: id("out") };
}

export async function makeAssessment(
  f: Fixture,
  overrides: Partial<typeof assessments.$inferInsert>,
  items: string[][],
): Promise<{ assessmentId: string; itemIds: string[] }> {
  const { db } = f.database;
  const [a] = await db
    .insert(assessments)
    .values({
      courseId: f.courseId,
      slug: `a-${Math.random().toString(36).slice(2)}`,
      title: "A",
      kind: "homework",
      opensAt: new Date(now.getTime() - DAY),
      closesAt: new Date(now.getTime() + DAY),
      attemptsAllowed: 3,
      penaltySchedule: [1, 0.5],
      published: true,
      ...overrides,
    })
    .returning();
  const itemIds: string[] = [];
  for (const [index, pool] of items.entries()) {
    const [item] = await db.insert(assessmentItems).values({ assessmentId: a!.id, position: index + 1 }).returning();
    await db.insert(assessmentItemQuestions).values(pool.map((questionId) => ({ itemId: item!.id, questionId })));
    itemIds.push(item!.id);
  }
  return { assessmentId: a!.id, itemIds };
}

export async function publish(f: Fixture, assessmentId: string, published: boolean) {
  await f.database.db.update(assessments).set({ published }).where(eq(assessments.id, assessmentId));
}

let queuedCount = 0;
/**
 * Stores a queued submission in a new one-item assessment, as the web app does for code answers;
 * `answer` turns the variant's reference answer into the one submitted.
 */
export async function queueSubmission(f: Fixture, answer: (reference: string) => string, questionId = "lista-i-d-lenet5-parametros"): Promise<string> {
  const { itemIds: [item] } = await makeAssessment(f, {}, [[questionId]]);
  const context = (await loadItemContext(f.database.db, f.courseId, item!, f.student))!;
  const reference = await referenceAnswer(context.question, makeVariant(context.question, context.variant.seed));
  const [row] = await f.database.db
    .insert(submissions)
    .values({
      variantId: context.variant.id,
      userId: f.student,
      itemId: item!,
      questionVersionId: context.variant.questionVersionId,
      attemptNumber: 1,
      answer: answer(reference),
      status: "queued",
      idempotencyKey: `queued-${++queuedCount}`,
    })
    .returning();
  return row!.id;
}

/** The bank questions the assessment tests use: an instant numeric one and an open (manually graded) one. */
export const NUMERIC = "lista-i-d-lenet5-parametros";
export const OPEN = "lista-ii-stride";
