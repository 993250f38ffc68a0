import { and, count, eq, ne, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, assessmentStarts, enrolments, extensions, questionVersions, submissions } from "@/db/schema";
import type { LoadedQuestion } from "@/lib/questions/load";
import type { AssessmentRules, StudentSituation } from "./rules";
import { currentVariant, type VariantRow } from "./variants";

export type AssessmentRow = typeof assessments.$inferSelect;

export function rulesOf(a: AssessmentRow): AssessmentRules {
  return {
    kind: a.kind,
    published: a.published,
    opensAt: a.opensAt,
    closesAt: a.closesAt,
    timeLimitMinutes: a.timeLimitMinutes,
    attemptsAllowed: a.attemptsAllowed,
    penaltySchedule: a.penaltySchedule,
    latePolicy: a.latePolicy,
    latePenaltyPerDay: a.latePenaltyPerDay,
    resultsReleasedAt: a.resultsReleasedAt,
  };
}

export async function studentSituation(db: Db, assessmentId: string, userId: string): Promise<StudentSituation> {
  const [[extension], [start]] = await Promise.all([
    db.select().from(extensions).where(and(eq(extensions.assessmentId, assessmentId), eq(extensions.userId, userId))).limit(1),
    db.select().from(assessmentStarts).where(and(eq(assessmentStarts.assessmentId, assessmentId), eq(assessmentStarts.userId, userId))).limit(1),
  ]);
  return {
    extension: extension ? { closesAt: extension.closesAt, extraMinutes: extension.extraMinutes } : null,
    startedAt: start?.startedAt ?? null,
  };
}

/** Attempts that count: every stored submission except those the platform failed to grade. */
export async function attemptsUsed(db: Db, itemId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(submissions)
    .where(and(eq(submissions.itemId, itemId), eq(submissions.userId, userId), ne(submissions.status, "error")));
  return row?.n ?? 0;
}

export interface ItemContext {
  assessment: AssessmentRow;
  item: typeof assessmentItems.$inferSelect;
  variant: VariantRow;
  question: LoadedQuestion;
  situation: StudentSituation;
  attemptsUsed: number;
}

/** Everything needed to show or grade one item for one enrolled student; null when the item is not theirs to see. */
export async function loadItemContext(db: Db, courseId: string, itemId: string, userId: string): Promise<ItemContext | null> {
  const [row] = await db
    .select({ item: assessmentItems, assessment: assessments })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(enrolments, and(eq(enrolments.courseId, assessments.courseId), eq(enrolments.userId, userId)))
    .where(and(eq(assessmentItems.id, itemId), eq(assessments.courseId, courseId), eq(enrolments.role, "student"), isNull(enrolments.removedAt), eq(assessments.published, true)))
    .limit(1);
  if (!row) return null;
  const variant = await currentVariant(db, itemId, userId);
  const [[version], situation, used] = await Promise.all([
    db.select({ content: questionVersions.content }).from(questionVersions).where(eq(questionVersions.id, variant.questionVersionId)),
    studentSituation(db, row.assessment.id, userId),
    attemptsUsed(db, itemId, userId),
  ]);
  return { ...row, variant, question: version!.content as LoadedQuestion, situation, attemptsUsed: used };
}
