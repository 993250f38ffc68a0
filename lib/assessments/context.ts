import { and, count, eq, ne, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, assessmentStarts, enrolments, extensions, questionVersions, submissions } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";
import { checkAccess, type AccessRefusal, type ClientFacts } from "./access";
import { examState, type AssessmentRules, type StudentSituation } from "./rules";
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
    finishedAt: start?.finishedAt ?? null,
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

export type ItemAccess = { ok: true; context: ItemContext } | { ok: false; reason: "not-found" | "not-open" | "not-started" | AccessRefusal };

/**
 * The one way a student reaches an item: refused when it is not theirs, and nothing of it (not even its variant,
 * which is created here on first access) before the assessment opens, before a timed exam has started, or while
 * the assessment's access rules (code, network, Safe Exam Browser) refuse this request.
 */
export async function openItem(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<ItemAccess> {
  const [row] = await db
    .select({ item: assessmentItems, assessment: assessments })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(enrolments, and(eq(enrolments.courseId, assessments.courseId), eq(enrolments.userId, userId)))
    .where(and(eq(assessmentItems.id, itemId), eq(assessments.courseId, courseId), eq(enrolments.role, "student"), isNull(enrolments.removedAt), eq(assessments.published, true), isNull(assessments.archivedAt)))
    .limit(1);
  if (!row) return { ok: false, reason: "not-found" };
  if (now < row.assessment.opensAt) return { ok: false, reason: "not-open" };
  const refusal = await checkAccess(db, row.assessment, userId, client);
  if (refusal) return { ok: false, reason: refusal };
  const situation = await studentSituation(db, row.assessment.id, userId);
  if (examState(rulesOf(row.assessment), situation, now) === "not-started") return { ok: false, reason: "not-started" };
  const variant = await currentVariant(db, itemId, userId);
  const [[version], used] = await Promise.all([
    db.select({ content: questionVersions.content }).from(questionVersions).where(eq(questionVersions.id, variant.questionVersionId)),
    attemptsUsed(db, itemId, userId),
  ]);
  return { ok: true, context: { ...row, variant, question: version!.content as LoadedQuestion, situation, attemptsUsed: used } };
}

/** Everything needed to show or grade one item for one enrolled student; null when it is not theirs to see (yet). */
export async function loadItemContext(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<ItemContext | null> {
  const access = await openItem(db, courseId, itemId, userId, now, client);
  return access.ok ? access.context : null;
}
