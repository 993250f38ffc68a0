/** Setting (or removing) a staff score override for one student's item: audited, and told to the student. */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, enrolments, gradeAudit, scoreOverrides } from "@/db/schema";
import { itemScore } from "@/lib/assessments/item-scores";
import { withGradeNotices } from "./notices";
import { decideOverride, MAX_REASON, type OverrideError } from "./override-rules";

export const overrideInputSchema = z.object({
  itemId: z.string().uuid(),
  studentId: z.string().uuid(),
  /** the new score in points; null removes the override */
  points: z.number().finite().nullable(),
  reason: z.string().max(MAX_REASON * 2),
});
export type OverrideInput = z.infer<typeof overrideInputSchema>;

export type OverrideOutcome =
  | { ok: true; oldScore: number | null; newScore: number | null }
  | { ok: false; reason: "not-found" | OverrideError; message: string };

const messageOf = (error: "not-found" | OverrideError) => `gradeChanges.errors.${error}`;

/**
 * Sets the item's score for the student (or removes the override): the override replaces the best of the
 * student's submissions. One transaction writes the override, an audit row (who, when, old, new, reason) and, when
 * the effective score changed, a notice to the student.
 */
export async function setScoreOverride(db: Db, who: { courseId: string; actorId: string }, input: OverrideInput, now = new Date()): Promise<OverrideOutcome> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: assessmentItems.id, points: assessmentItems.points })
      .from(assessmentItems)
      .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
      .innerJoin(enrolments, and(eq(enrolments.courseId, assessments.courseId), eq(enrolments.userId, input.studentId), eq(enrolments.role, "student")))
      .where(and(eq(assessmentItems.id, input.itemId), eq(assessments.courseId, who.courseId)))
      .for("update", { of: assessmentItems });
    if (!item) return { ok: false, reason: "not-found", message: messageOf("not-found") };
    const [current] = await tx
      .select()
      .from(scoreOverrides)
      .where(and(eq(scoreOverrides.itemId, input.itemId), eq(scoreOverrides.userId, input.studentId)));
    const decision = decideOverride({ points: input.points, itemPoints: item.points, reason: input.reason, current: current?.score ?? null });
    if (!decision.ok) return { ok: false, reason: decision.error, message: messageOf(decision.error) };
    const reason = input.reason.trim();
    const pair = { userId: input.studentId, itemId: input.itemId };
    const oldScore = await itemScore(tx, input.studentId, input.itemId);
    await withGradeNotices(tx, [pair], { kind: "override", reason, now }, async () => {
      if (decision.score === null) {
        await tx.delete(scoreOverrides).where(and(eq(scoreOverrides.itemId, input.itemId), eq(scoreOverrides.userId, input.studentId)));
      } else {
        const values = { score: decision.score, reason, actorId: who.actorId, updatedAt: now };
        await tx
          .insert(scoreOverrides)
          .values({ ...pair, ...values })
          .onConflictDoUpdate({ target: [scoreOverrides.itemId, scoreOverrides.userId], set: values });
      }
    });
    const newScore = await itemScore(tx, input.studentId, input.itemId);
    await tx.insert(gradeAudit).values({ ...pair, actorId: who.actorId, oldScore, newScore, reason, createdAt: now });
    return { ok: true, oldScore, newScore };
  });
}

/** Every override of these items, by `${userId}|${itemId}` (fraction of the item's points). */
export async function overridesOf(db: Db, itemIds: readonly string[]): Promise<Map<string, number>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db.select().from(scoreOverrides).where(inArray(scoreOverrides.itemId, [...itemIds]));
  return new Map(rows.map((r) => [`${r.userId}|${r.itemId}`, r.score]));
}
