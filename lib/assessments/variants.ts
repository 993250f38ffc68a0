import { createHash } from "node:crypto";
import { and, asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { latestVersion } from "@/lib/questions/bank-sync";
import { assessmentItemQuestions, variants } from "@/db/schema";
import { makeVariant, prepareGrading } from "@/grader/grade";
import type { Variant } from "@/domain/questions/base";
import { deepFreeze } from "./frozen";
import { productionQueueEnabled } from "@/grader/jobs/pgboss";
import type { LoadedQuestion } from "@/question-bank/load";
import { UnsolvableVariantError } from "@/domain/questions/params";
import { LRUCache } from "lru-cache";

/** Deterministic per student, item and variant number: the same student always gets the same variant. */
export function variantSeed(userId: string, itemId: string, number: number, retry = 0): number {
  return createHash("sha256").update(`${userId}:${itemId}:${number}:${retry}`).digest().readUInt32BE(0) & 0x7fffffff;
}

/** The first seed whose parameters satisfy the question's constraints (a seed can be unsolvable for tight constraints). */
function solvableSeed(question: LoadedQuestion, userId: string, itemId: string, number: number): number {
  for (let retry = 0; retry < 20; retry++) {
    const seed = variantSeed(userId, itemId, number, retry);
    try {
      makeVariant(question, seed);
      return seed;
    } catch (error) {
      if (!(error instanceof UnsolvableVariantError)) throw error;
    }
  }
  throw new Error(`question ${question.id}: no solvable variant in 20 seeds`);
}

/** Which question of a pool a student gets (pools are "one of these N"). */
export function pickFromPool(questionIds: string[], userId: string, itemId: string, number: number): string {
  if (questionIds.length === 0) throw new Error(`item ${itemId} has no question`);
  const sorted = [...questionIds].sort();
  const index = createHash("sha256").update(`pool:${userId}:${itemId}:${number}`).digest().readUInt32BE(0) % sorted.length;
  return sorted[index]!;
}

export type VariantRow = typeof variants.$inferSelect;

/** Drawn variants kept per process: a variant row (its seed, its question version) is never changed. */
const drawn = new LRUCache<string, Variant>({ max: 20_000 });

/**
 * A student's variant's parameters, drawn once per process (issue #17): when the variant is assigned, or at the
 * first page view or answer after a restart; then every page view and answer of the student reuses them.
 */
export function variantOf(question: LoadedQuestion, row: Pick<VariantRow, "id" | "seed" | "questionVersionId">): Variant {
  const key = `${row.id}:${row.seed}:${row.questionVersionId}`;
  const kept = drawn.get(key);
  if (kept) return kept;
  const variant = deepFreeze(makeVariant(question, row.seed));
  drawn.set(key, variant);
  return variant;
}

export async function latestVariant(db: Db, itemId: string, userId: string): Promise<VariantRow | undefined> {
  const [row] = await db
    .select()
    .from(variants)
    .where(and(eq(variants.itemId, itemId), eq(variants.userId, userId)))
    .orderBy(desc(variants.number))
    .limit(1);
  return row;
}

/** Creates variant number `number` (idempotent under races thanks to the unique constraint); `created`: this call drew it. */
export async function createVariant(db: Db, itemId: string, userId: string, number: number): Promise<VariantRow & { created: boolean }> {
  const pool = await db
    .select({ questionId: assessmentItemQuestions.questionId })
    .from(assessmentItemQuestions)
    .where(eq(assessmentItemQuestions.itemId, itemId))
    .orderBy(asc(assessmentItemQuestions.questionId));
  const questionId = pickFromPool(
    pool.map((p) => p.questionId),
    userId,
    itemId,
    number,
  );
  const version = await latestVersion(db, questionId);
  if (!version) throw new Error(`question ${questionId} has no stored version: run npm run bank -- sync`);
  const question = version.content as LoadedQuestion;
  const seed = solvableSeed(question, userId, itemId, number);
  const inserted = await db
    .insert(variants)
    .values({ itemId, userId, number, seed, questionVersionId: version.id })
    .onConflictDoNothing()
    .returning({ id: variants.id });
  const row = await latestVariant(db, itemId, userId);
  // this process grades code answers itself: start on the variant's expected outputs before the student submits
  if (row?.seed === seed) {
    const variant = variantOf(question, row);
    if (!productionQueueEnabled()) prepareGrading(question, variant);
  }
  return { ...row!, created: inserted.length === 1 };
}

/** The student's current variant of an item, created on first access. */
export async function currentVariant(db: Db, itemId: string, userId: string): Promise<VariantRow> {
  return (await latestVariant(db, itemId, userId)) ?? createVariant(db, itemId, userId, 1);
}
