import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessments, assessmentStarts, submissions } from "@/db/schema";
import { checkAccess, enterAccessCode, type AccessRefusal, type ClientFacts } from "./access";
import { loadItemContext, rulesOf, studentSituation } from "./context";
import { effectiveClose, examState } from "./rules";
import { takeRateLimited } from "@/lib/http/rate-limit";
import { createVariant } from "./variants";

async function publishedTimed(db: Db, courseId: string, assessmentId: string) {
  const [assessment] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId), eq(assessments.published, true), isNull(assessments.archivedAt)));
  return assessment && assessment.timeLimitMinutes !== null ? assessment : null;
}

/** Starts the clock of a timed assessment for a student (once; starting again keeps the first start). */
export async function startAssessment(db: Db, courseId: string, assessmentId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<"started" | "refused" | AccessRefusal> {
  const assessment = await publishedTimed(db, courseId, assessmentId);
  if (!assessment) return "refused";
  const refusal = await checkAccess(db, assessment, userId, client);
  if (refusal) return refusal;
  const rules = rulesOf(assessment);
  const situation = await studentSituation(db, assessmentId, userId);
  if (now < rules.opensAt || now > effectiveClose(rules, situation)) return "refused";
  await db.insert(assessmentStarts).values({ assessmentId, userId, startedAt: now }).onConflictDoNothing();
  return "started";
}

/** "Finalizar prova": locks a running exam's answers for this student (finishing twice keeps the first instant). */
export async function finishAssessment(db: Db, courseId: string, assessmentId: string, userId: string, now = new Date()): Promise<"finished" | "refused"> {
  const assessment = await publishedTimed(db, courseId, assessmentId);
  if (!assessment) return "refused";
  const state = examState(rulesOf(assessment), await studentSituation(db, assessmentId, userId), now);
  if (state === "not-started" || state === null) return "refused";
  await db
    .update(assessmentStarts)
    .set({ finishedAt: now })
    .where(and(eq(assessmentStarts.assessmentId, assessmentId), eq(assessmentStarts.userId, userId), isNull(assessmentStarts.finishedAt)));
  return "finished";
}

/** "New variant" after a failed attempt, where the assessment allows it; attempts keep counting across variants. */
export async function requestNewVariant(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<"created" | "refused"> {
  const context = await loadItemContext(db, courseId, itemId, userId, now, client);
  if (!context || !context.assessment.allowNewVariant || context.attemptsUsed >= context.assessment.attemptsAllowed) return "refused";
  if (examState(rulesOf(context.assessment), context.situation, now) === "finished") return "refused";
  const [last] = await db
    .select({ status: submissions.status, score: submissions.score })
    .from(submissions)
    .where(and(eq(submissions.variantId, context.variant.id), eq(submissions.userId, userId)))
    .orderBy(desc(submissions.attemptNumber))
    .limit(1);
  if (!last || last.status !== "graded" || (last.score ?? 0) >= 1) return "refused";
  // simultaneous clicks draw one variant between them: only the request that drew it reports it
  return (await createVariant(db, itemId, userId, context.variant.number + 1)).created ? "created" : "refused";
}

/** The access code form of an assessment's page (timed or not). */
export async function enterAssessmentCode(db: Db, courseId: string, assessmentId: string, userId: string, code: string, client?: ClientFacts): Promise<"granted" | "refused" | AccessRefusal> {
  const [assessment] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId), eq(assessments.published, true), isNull(assessments.archivedAt)));
  if (!assessment) return "refused";
  // guessing the code is slowed down like guessing a password
  if (!(await takeRateLimited(db, `access-code:${userId}:${assessmentId}`, { limit: 10, windowMs: 10 * 60_000 })).ok) return "refused";
  return enterAccessCode(db, assessment, userId, code, client);
}
