import type { Db } from "@/db/client";
import { runAsOwner } from "@/grader/sandbox/owner";
import { gradeAnswer, makeVariant, type GradeOutcome } from "@/grader/grade";
import type { ClientFacts } from "./access";
import { loadItemContext } from "./context";

/**
 * "Run against public tests" for code answers: grades the code on the question's default variant (the public
 * cases, the same for everyone), stores nothing and costs no attempt. The graded submission uses the student's
 * own variant, with other inputs.
 */
export async function runPublicTests(db: Db, courseId: string, itemId: string, userId: string, source: string, client?: ClientFacts): Promise<GradeOutcome | null> {
  const context = await loadItemContext(db, courseId, itemId, userId, new Date(), client);
  if (!context || context.question.type !== "code") return null;
  // counted as this student's sandbox work: fair share of the pool, bounded queue (SandboxBusyError when full)
  return runAsOwner(userId, () => gradeAnswer(context.question, makeVariant(context.question, null), source));
}
