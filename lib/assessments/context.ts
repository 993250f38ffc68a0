import { and, count, eq, max, ne, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { prepared } from "@/db/prepared";
import { rateLimitUpsert, windowStartOf, type RateLimit } from "@/lib/http/rate-limit";
import { assessmentAccessGrants, assessmentItems, assessments, assessmentStarts, enrolments, extensions, questionVersions, submissions, variants } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";
import { accessRefusal, hasAccessRules, sameCode, type AccessRefusal, type ClientFacts } from "./access";
import { examState, type AssessmentRules, type StudentSituation } from "./rules";
import { currentVariant, type VariantRow } from "./variants";
import { deepFreeze } from "./frozen";
import { LRUCache } from "lru-cache";

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

/**
 * Attempts that count: every stored submission except those in `error` (the platform failed to grade it, or it could
 * not be read).
 */
export async function attemptsUsed(db: Db, itemId: string, userId: string): Promise<number> {
  return (await attemptCount(db, itemId, userId)).used;
}

/**
 * The attempts used and the next answer's number: one more than the highest number that counts. Not used + 1: an
 * answer stored earlier can stop counting after a later one got its number (unreadable when graded, or dead-lettered).
 */
async function attemptCount(db: Db, itemId: string, userId: string): Promise<{ used: number; next: number }> {
  const [row] = await db
    .select({ used: count(), highest: max(submissions.attemptNumber) })
    .from(submissions)
    .where(and(eq(submissions.itemId, itemId), eq(submissions.userId, userId), ne(submissions.status, "error")));
  return { used: row?.used ?? 0, next: (row?.highest ?? 0) + 1 };
}

export interface ItemContext {
  assessment: AssessmentRow;
  item: typeof assessmentItems.$inferSelect;
  variant: VariantRow;
  question: LoadedQuestion;
  situation: StudentSituation;
  attemptsUsed: number;
  /** the number a new answer gets (see attemptCount) */
  nextAttemptNumber: number;
}

export type ItemAccess = { ok: true; context: ItemContext } | { ok: false; reason: "not-found" | "not-open" | "not-started" | AccessRefusal };

/** Question versions are never updated: their parsed content is kept per database, the few hundred used last. */
const questionsByDb = new WeakMap<Db, LRUCache<string, LoadedQuestion>>();

/** The content of a question version, read once per process (deep-frozen: many requests share it). */
export async function questionVersionContent(db: Db, versionId: string): Promise<LoadedQuestion> {
  let kept = questionsByDb.get(db);
  if (!kept) questionsByDb.set(db, (kept = new LRUCache({ max: 500 })));
  const hit = kept.get(versionId);
  if (hit) return hit;
  const [version] = await prepared(db, "forja_question_version", (d) =>
    d.select({ content: questionVersions.content }).from(questionVersions).where(eq(questionVersions.id, sql.placeholder("id"))).prepare("forja_question_version"),
  ).execute({ id: versionId });
  if (!version) throw new Error(`question version ${versionId} not found`);
  const question = deepFreeze(version.content as LoadedQuestion);
  kept.set(versionId, question);
  return question;
}

const prior = alias(submissions, "prior");

interface ItemRow {
  item: typeof assessmentItems.$inferSelect;
  assessment: AssessmentRow;
  extension: { closesAt: Date | null; extraMinutes: number | null } | null;
  start: { startedAt: Date | null; finishedAt: Date | null } | null;
  grantCode: string | null;
  variant: VariantRow | null;
  attemptsUsed: number;
  nextAttemptNumber: number;
  /** the answer statement only: this student's submission stored under the answer's idempotency key */
  prior?: typeof submissions.$inferSelect | null;
  /** the answer statement only: the rate limit took this answer */
  taken?: boolean;
}

/**
 * The one statement behind every answer and page view (issue #17), prepared once per database: the item and its
 * assessment for the enrolled student (placeholders courseId, itemId, userId), their extension, exam start, access
 * grant, latest variant, the attempts used and the next attempt's number. The answer's form (`forAnswer`) also reads the submission stored
 * under the answer's idempotency key (placeholder key) and, in the same statement, takes the per-student rate limit
 * unless that key was already used (placeholders rateKey, at, windowStart, limit; limit 0: no limit).
 */
function itemStatement(db: Db, forAnswer: boolean) {
  const name = forAnswer ? "forja_open_item_answer" : "forja_open_item";
  return prepared(db, name, (d) => {
    const userId = sql.placeholder("userId");
    const itemId = sql.placeholder("itemId");
    const key = sql.placeholder("key");
    const limit = sql.placeholder("limit");
    const taken = d
      .$with("taken", { taken: sql<number>`taken` })
      .as(
        rateLimitUpsert(
          sql.placeholder("rateKey"),
          sql.placeholder("at"),
          sql.placeholder("windowStart"),
          limit,
          sql`${limit}::int > 0 and not exists (select 1 from ${submissions} p where p.user_id = ${userId} and p.item_id = ${itemId} and p.idempotency_key = ${key})`,
        ),
      );
    const columns = {
      item: assessmentItems,
      assessment: assessments,
      extension: { closesAt: extensions.closesAt, extraMinutes: extensions.extraMinutes },
      start: { startedAt: assessmentStarts.startedAt, finishedAt: assessmentStarts.finishedAt },
      grantCode: assessmentAccessGrants.code,
      variant: variants,
      attemptsUsed: sql<number>`(select count(*)::int from ${submissions} where ${submissions.itemId} = ${assessmentItems.id} and ${submissions.userId} = ${userId} and ${submissions.status} <> 'error')`,
      nextAttemptNumber: sql<number>`(select coalesce(max(${submissions.attemptNumber}), 0)::int + 1 from ${submissions} where ${submissions.itemId} = ${assessmentItems.id} and ${submissions.userId} = ${userId} and ${submissions.status} <> 'error')`,
    };
    const query = (forAnswer ? d.with(taken).select({ ...columns, prior, taken: sql<boolean>`exists (select 1 from ${taken})` }) : d.select(columns))
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
      .$dynamic();
    const joined = forAnswer ? query.leftJoin(prior, and(eq(prior.userId, userId), eq(prior.itemId, assessmentItems.id), eq(prior.idempotencyKey, key))) : query;
    return joined
      .where(
        and(
          eq(assessmentItems.id, itemId),
          eq(assessments.courseId, sql.placeholder("courseId")),
          eq(enrolments.role, "student"),
          isNull(enrolments.removedAt),
          eq(assessments.published, true),
          isNull(assessments.archivedAt),
        ),
      )
      .limit(1)
      .prepare(name);
  });
}

/** The rules of access applied to the statement's row; the first access draws the variant. */
async function accessOf(db: Db, row: ItemRow | undefined, itemId: string, userId: string, now: Date, client?: ClientFacts): Promise<ItemAccess> {
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
  if (row.variant) {
    const question = await questionVersionContent(db, row.variant.questionVersionId);
    return { ok: true, context: { item, assessment, variant: row.variant, question, situation, attemptsUsed: Number(row.attemptsUsed), nextAttemptNumber: Number(row.nextAttemptNumber) } };
  }
  const variant = await currentVariant(db, itemId, userId);
  const [question, attempts] = await Promise.all([questionVersionContent(db, variant.questionVersionId), attemptCount(db, itemId, userId)]);
  return { ok: true, context: { item, assessment, variant, question, situation, attemptsUsed: attempts.used, nextAttemptNumber: attempts.next } };
}

/**
 * The one way a student reaches an item: refused when it is not theirs, and nothing of it (not even its variant,
 * which is created here on first access) before the assessment opens, before a timed exam has started, or while
 * the assessment's access rules (code, network, Safe Exam Browser) refuse this request.
 *
 * One prepared round trip once the variant exists (the hot path of every answer and page view, issue #17); the
 * question's content comes from the per-process copy of its immutable version.
 */
export async function openItem(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<ItemAccess> {
  const [row] = (await itemStatement(db, false).execute({ courseId, itemId, userId })) as ItemRow[];
  return accessOf(db, row, itemId, userId, now, client);
}

export interface AnswerOpening {
  access: ItemAccess;
  /** this student's submission already stored under the answer's idempotency key (a double click, a resend) */
  prior: typeof submissions.$inferSelect | null;
  /** false: the rate limit refused a new answer (a replay is never counted) */
  taken: boolean;
}

/**
 * openItem for an answer, in the same one round trip: the submission already stored under its idempotency key, and
 * the per-student rate limit (`rateKey`, `rule`) taken for a new key only (the upsert locks the key's row, so one
 * student's simultaneous answers take turns, as with takeRateLimited).
 */
export async function openItemForAnswer(
  db: Db,
  target: { courseId: string; itemId: string; userId: string; idempotencyKey: string },
  rate: { key: string; rule: RateLimit },
  now = new Date(),
  client?: ClientFacts,
): Promise<AnswerOpening> {
  const [row] = (await itemStatement(db, true).execute({
    courseId: target.courseId,
    itemId: target.itemId,
    userId: target.userId,
    key: target.idempotencyKey,
    rateKey: rate.key,
    at: now.toISOString(),
    windowStart: windowStartOf(rate.rule, now),
    limit: Math.max(0, rate.rule.limit),
  })) as ItemRow[];
  const prior = row?.prior ?? null;
  // no row: the answer is refused (not found) whatever the limit said
  const taken = rate.rule.limit <= 0 || prior !== null || row === undefined || row.taken === true;
  return { access: await accessOf(db, row, target.itemId, target.userId, now, client), prior, taken };
}
/** Everything needed to show or grade one item for one enrolled student; null when it is not theirs to see (yet). */
export async function loadItemContext(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<ItemContext | null> {
  const access = await openItem(db, courseId, itemId, userId, now, client);
  return access.ok ? access.context : null;
}
