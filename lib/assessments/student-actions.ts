import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessments, assessmentStarts, submissions } from "@/db/schema";
import { loadItemContext, rulesOf } from "./context";
import { createVariant } from "./variants";

/** Starts the clock of a timed assessment for a student (once; starting again keeps the first start). */
export async function startAssessment(db: Db, courseId: string, assessmentId: string, userId: string, now = new Date()): Promise<"started" | "refused"> {
  const [assessment] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId), eq(assessments.published, true)));
  if (!assessment || assessment.timeLimitMinutes === null) return "refused";
  const rules = rulesOf(assessment);
  if (now < rules.opensAt || now > rules.closesAt) return "refused";
  await db.insert(assessmentStarts).values({ assessmentId, userId, startedAt: now }).onConflictDoNothing();
  return "started";
}

/** "New variant" after a failed attempt, where the assessment allows it; attempts keep counting across variants. */
export async function requestNewVariant(db: Db, courseId: string, itemId: string, userId: string): Promise<"created" | "refused"> {
  const context = await loadItemContext(db, courseId, itemId, userId);
  if (!context || !context.assessment.allowNewVariant || context.attemptsUsed >= context.assessment.attemptsAllowed) return "refused";
  const [last] = await db
    .select({ status: submissions.status, score: submissions.score })
    .from(submissions)
    .where(and(eq(submissions.variantId, context.variant.id), eq(submissions.userId, userId)))
    .orderBy(desc(submissions.attemptNumber))
    .limit(1);
  if (!last || last.status !== "graded" || (last.score ?? 0) >= 1) return "refused";
  await createVariant(db, itemId, userId, context.variant.number + 1);
  return "created";
}
