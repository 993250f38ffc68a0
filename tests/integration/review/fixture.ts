import { and, eq } from "drizzle-orm";
import { submissions } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import { loadItemContext } from "@/lib/assessments/context";
import { submitAnswer } from "@/lib/assessments/submit";
import { math } from "@/domain/questions/math";
import { variantScope, type Parameterized } from "@/domain/questions/params";
import { courses, enrolments, users } from "@/db/schema";
import { makeAssessment, makeFixture, now, type Fixture } from "../assessments/fixture";

export const NUMERIC = "lista-i-d-lenet5-parametros";
export const OPEN = "lista-ii-stride";

export interface ReviewFixture extends Fixture {
  assessmentId: string;
  numericItem: string;
  openItem: string;
  /** another course, its TA and one of its assessments */
  otherCourseId: string;
  foreignTa: string;
  otherAssessmentId: string;
}

let keyCounter = 0;

/** A course with a two-item homework (numeric, open) and a second course whose TA must not see the first. */
export async function makeReviewFixture(): Promise<ReviewFixture> {
  const f = await makeFixture();
  const { db } = f.database;
  const { assessmentId, itemIds } = await makeAssessment(f, { title: "Lista de teste", slug: "lista-teste" }, [[NUMERIC], [OPEN]]);
  const [other] = await db.insert(courses).values({ slug: "outro", title: "Outro curso" }).returning();
  const [foreign] = await db.insert(users).values({ email: "ta2@t.dev", name: "TA de outro curso" }).returning();
  await db.insert(enrolments).values({ courseId: other!.id, userId: foreign!.id, role: "ta" });
  const { assessmentId: otherAssessmentId } = await makeAssessment({ ...f, courseId: other!.id }, { title: "Alheia" }, [[NUMERIC]]);
  return { ...f, assessmentId, numericItem: itemIds[0]!, openItem: itemIds[1]!, otherCourseId: other!.id, foreignTa: foreign!.id, otherAssessmentId };
}

export async function submit(f: Fixture, itemId: string, userId: string, answer: string, at = now) {
  const outcome = await submitAnswer(f.database.db, { userId, courseId: f.courseId }, { itemId, answer, idempotencyKey: `review-key-${++keyCounter}` }, at);
  if (outcome.kind !== "accepted") throw new Error(`submission refused: ${outcome.reason} ${outcome.message ?? ""}`);
  return outcome.submission;
}

export async function rightAnswer(f: Fixture, itemId: string, userId: string): Promise<string> {
  const context = await loadItemContext(f.database.db, f.courseId, itemId, userId);
  return referenceAnswer(context!.question, makeVariant(context!.question, context!.variant.seed));
}

/** The value of one of the question's misconception formulas for this student's variant. */
export async function misconceptionAnswer(f: Fixture, itemId: string, userId: string, id: string): Promise<string> {
  const context = await loadItemContext(f.database.db, f.courseId, itemId, userId);
  const question = context!.question as unknown as Parameterized & { misconceptions: { id: string; answer: string }[] };
  const variant = makeVariant(context!.question, context!.variant.seed);
  const formula = question.misconceptions.find((m) => m.id === id)!.answer;
  return String(math.evaluate(formula, { ...variantScope(question, variant) }));
}

export async function submissionsOf(f: Fixture, itemId: string, userId: string) {
  return f.database.db
    .select()
    .from(submissions)
    .where(and(eq(submissions.itemId, itemId), eq(submissions.userId, userId)));
}
