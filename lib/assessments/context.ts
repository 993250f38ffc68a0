import { and, count, eq, ne, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentAccessGrants, assessmentItems, assessments, assessmentStarts, enrolments, extensions, questionVersions, submissions, variants } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";
import { accessRefusal, hasAccessRules, sameCode, type AccessRefusal, type ClientFacts } from "./access";
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
 *
 * One round trip once the variant exists (the hot path of every answer and page view, issue #17): the item and its
 * assessment for this enrolled student, their extension, exam start, access grant, latest variant with its question
 * version, and the attempts used, in one statement. The first access draws the variant, then reads the rest.
 */
export async function openItem(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<ItemAccess> {
  const [row] = await db
    .select({
      item: assessmentItems,
      assessment: assessments,
      extension: { closesAt: extensions.closesAt, extraMinutes: extensions.extraMinutes },
      start: { startedAt: assessmentStarts.startedAt, finishedAt: assessmentStarts.finishedAt },
      grantCode: assessmentAccessGrants.code,
      variant: variants,
      content: questionVersions.content,
      attemptsUsed: sql<number>`(select count(*)::int from ${submissions} where ${submissions.itemId} = ${assessmentItems.id} and ${submissions.userId} = ${userId} and ${submissions.status} <> 'error')`,
    })
    .from(assessmentItems)
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(enrolments, and(eq(enrolments.courseId, assessments.courseId), eq(enrolments.userId, userId)))
    .leftJoin(extensions, and(eq(extensions.assessmentId, assessments.id), eq(extensions.userId, userId)))
    .leftJoin(assessmentStarts, and(eq(assessmentStarts.assessmentId, assessments.id), eq(assessmentStarts.userId, userId)))
    .leftJoin(assessmentAccessGrants, and(eq(assessmentAccessGrants.assessmentId, assessments.id), eq(assessmentAccessGrants.userId, userId)))
    // by the unique (item, user, number) index: the latest number only among this student's variants of the item
    .leftJoin(
      variants,
      and(
        eq(variants.itemId, assessmentItems.id),
        eq(variants.userId, userId),
        eq(variants.number, sql`(select max(v.number) from ${variants} v where v.item_id = ${assessmentItems.id} and v.user_id = ${userId})`),
      ),
    )
    .leftJoin(questionVersions, eq(questionVersions.id, variants.questionVersionId))
    .where(and(eq(assessmentItems.id, itemId), eq(assessments.courseId, courseId), eq(enrolments.role, "student"), isNull(enrolments.removedAt), eq(assessments.published, true), isNull(assessments.archivedAt)))
    .limit(1);
  if (!row) return { ok: false, reason: "not-found" };
  const { item, assessment } = row;
  if (now < assessment.opensAt) return { ok: false, reason: "not-open" };
  if (hasAccessRules(assessment)) {
    const codeEntered = assessment.accessCode === null || (row.grantCode !== null && sameCode(row.grantCode, assessment.accessCode));
    const refusal = accessRefusal(assessment, client, codeEntered);
    if (refusal) return { ok: false, reason: refusal };
  }
  const situation: StudentSituation = {
    extension: row.extension ? { closesAt: row.extension.closesAt, extraMinutes: row.extension.extraMinutes ?? 0 } : null,
    startedAt: row.start?.startedAt ?? null,
    finishedAt: row.start?.finishedAt ?? null,
  };
  if (examState(rulesOf(assessment), situation, now) === "not-started") return { ok: false, reason: "not-started" };
  if (row.variant && row.content !== null) {
    return { ok: true, context: { item, assessment, variant: row.variant, question: row.content as LoadedQuestion, situation, attemptsUsed: Number(row.attemptsUsed) } };
  }
  const variant = await currentVariant(db, itemId, userId);
  const [[version], used] = await Promise.all([
    db.select({ content: questionVersions.content }).from(questionVersions).where(eq(questionVersions.id, variant.questionVersionId)),
    attemptsUsed(db, itemId, userId),
  ]);
  return { ok: true, context: { item, assessment, variant, question: version!.content as LoadedQuestion, situation, attemptsUsed: used } };
}

/** Everything needed to show or grade one item for one enrolled student; null when it is not theirs to see (yet). */
export async function loadItemContext(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<ItemContext | null> {
  const access = await openItem(db, courseId, itemId, userId, now, client);
  return access.ok ? access.context : null;
}
