import { submissions } from "@/db/schema";
import { loadItemContext } from "@/lib/assessments/context";
import { now, type Fixture } from "@/tests/integration/assessments/fixture";

let keys = 0;

/** A graded answer of `userId` to an item (its variant is drawn as the student's page would). */
export async function answered(f: Fixture, itemId: string, userId: string, score: number): Promise<string> {
  const context = (await loadItemContext(f.database.db, f.courseId, itemId, userId, now))!;
  const [row] = await f.database.db
    .insert(submissions)
    .values({
      variantId: context.variant.id,
      userId,
      itemId,
      questionVersionId: context.variant.questionVersionId,
      attemptNumber: context.attemptsUsed + 1,
      answer: "42",
      status: "graded",
      score,
      idempotencyKey: `management-${++keys}`,
    })
    .returning();
  return row!.id;
}
