import type { Database } from "@/db/client";
import { openTestDatabase } from "@/tests/integration/test-database";
import { syncBank } from "@/lib/questions/bank-sync";
import { courses, enrolments, users } from "@/db/schema";
import type { QuestionDraft } from "@/lib/authoring/validate";
import { makeVariant } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { assessmentForEditing } from "@/lib/assessments/manage/for-editing";
import { assessmentInputSchema } from "@/lib/assessments/manage/input";
import { createAssessment, setPublished } from "@/lib/assessments/manage/save";
import { submitAnswer } from "@/lib/assessments/submit";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { loadBank } from "@/question-bank/load";

export interface ManageFixture {
  database: Database;
  courseA: string;
  courseB: string;
  instructorA: string;
  instructorB: string;
  ta: string;
  student: string;
  student2: string;
}

/** Two courses with their own instructor; course A also has a TA and two students. The whole bank is synced. */
export async function makeManageFixture(): Promise<ManageFixture> {
  const database = await openTestDatabase();
  const { db } = database;
  await syncBank(db, loadBank().questions);
  const [a, b] = await db.insert(courses).values([{ slug: "a", title: "A" }, { slug: "b", title: "B" }]).returning();
  const people = await db
    .insert(users)
    .values(["ia", "ib", "ta", "s1", "s2"].map((n) => ({ email: `${n}@t.dev`, name: n.toUpperCase() })))
    .returning();
  const id = (n: string) => people.find((p) => p.email === `${n}@t.dev`)!.id;
  await db.insert(enrolments).values([
    { courseId: a!.id, userId: id("ia"), role: "instructor" },
    { courseId: b!.id, userId: id("ib"), role: "instructor" },
    { courseId: a!.id, userId: id("ta"), role: "ta" },
    { courseId: a!.id, userId: id("s1"), role: "student" },
    { courseId: a!.id, userId: id("s2"), role: "student" },
  ]);
  return { database, courseA: a!.id, courseB: b!.id, instructorA: id("ia"), instructorB: id("ib"), ta: id("ta"), student: id("s1"), student2: id("s2") };
}

/** A numeric question over two parameters; `answer` lets a test write a buggy formula first. */
export function numericDraft(id: string, answer = "n - f + 1"): QuestionDraft {
  return {
    fields: {
      id,
      type: "numeric",
      title: `Saída da convolução (${id})`,
      topic: "convolucao",
      tags: [],
      source: { seed: "004_fcef6409b2c533ee.txt", item: "web" },
      params: { n: { default: 32, choices: [28, 32, 64] }, f: { default: 5, choices: [3, 5, 7] } },
      answer,
      tolerance: { mode: "integer" },
    },
    prompt: "Entrada {{n}}×{{n}}, filtro {{f}}×{{f}}, stride 1, sem padding: lado da saída?",
    solution: "{{answer}}",
  };
}

export const assessmentInput = (questionIds: string[][], overrides: Record<string, unknown> = {}) => ({
  title: "Lista web",
  kind: "homework" as const,
  opensAt: "2026-01-01T00:00",
  closesAt: "2030-12-31T23:59",
  timeLimitMinutes: null,
  attemptsAllowed: 3,
  penaltySchedule: [1],
  latePolicy: "refuse" as const,
  latePenaltyPerDay: 0,
  allowNewVariant: false,
  resultsReleasedAt: null,
  items: questionIds.map((ids) => ({ questionIds: ids, points: 2 })),
  ...overrides,
});

/** A published assessment of course A with one item of `questionIds` (its variants); returns the item's id. */
export async function publishedItem(f: ManageFixture, questionIds: string[], overrides: Record<string, unknown> = {}): Promise<string> {
  const { db } = f.database;
  const created = await createAssessment(db, f.courseA, assessmentInputSchema.parse(assessmentInput([questionIds], overrides)));
  if (!created.ok) throw new Error(created.message);
  const published = await setPublished(db, f.courseA, created.id, true);
  if (!published.ok) throw new Error(published.message);
  return (await assessmentForEditing(db, f.courseA, created.id))!.input.items[0]!.id!;
}

/**
 * A numeric question whose v1 forgets the +1, published in course A; both students give the truly right answer (graded
 * 0 by v1), then the fix is saved as v2: what a regrade starts from. Returns the item and each student's answer.
 */
export async function buggyQuestionAnswered(f: ManageFixture, questionId: string): Promise<{ itemId: string; answers: Record<string, string> }> {
  const { db } = f.database;
  await saveCourseQuestion(db, f.courseA, null, numericDraft(questionId, "n - f"));
  const itemId = await publishedItem(f, [questionId]);
  const answers: Record<string, string> = {};
  for (const [n, userId] of [f.student, f.student2].entries()) {
    const context = await loadItemContext(db, f.courseA, itemId, userId);
    const { n: size, f: filter } = makeVariant(context!.question, context!.variant.seed).params as { n: number; f: number };
    answers[userId] = String(size - filter + 1);
    const outcome = await submitAnswer(db, { userId, courseId: f.courseA }, { itemId, answer: answers[userId], idempotencyKey: `${questionId}-${n}` });
    if (outcome.kind !== "accepted" || outcome.submission.score !== 0) throw new Error(`v1 should grade the right answer 0: ${JSON.stringify(outcome)}`);
  }
  const fixed = await saveCourseQuestion(db, f.courseA, questionId, numericDraft(questionId));
  if (fixed.kind !== "saved" || fixed.version !== 2) throw new Error(`the fix should be v2: ${JSON.stringify(fixed)}`);
  return { itemId, answers };
}
