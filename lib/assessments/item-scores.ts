/** A student's effective score per item: the best submission (manual grade first, penalties applied), or an override. */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { manualGrades, scoreOverrides, submissions } from "@/db/schema";
import { summarizeCell } from "@/lib/analytics/cells";

export interface ItemScore {
  attempts: number;
  /** effective score in [0,1]: the override when there is one, else the best submission; null if nothing is scored */
  best: number | null;
  /** some answer waits for a manual grade (an override settles the item, so it is not pending then) */
  pending: boolean;
  /** a staff member set this item's score by hand, with a reason the student sees */
  override: { score: number; reason: string } | null;
}

export async function itemScores(db: Db, userId: string, itemIds: string[]): Promise<Map<string, ItemScore>> {
  const result = new Map<string, ItemScore>();
  if (itemIds.length === 0) return result;
  const [rows, overrides] = await Promise.all([
    db
      .select({
        itemId: submissions.itemId,
        attemptNumber: submissions.attemptNumber,
        submittedAt: submissions.submittedAt,
        status: submissions.status,
        score: submissions.score,
        penaltyFactor: submissions.penaltyFactor,
        manualScore: manualGrades.score,
      })
      .from(submissions)
      .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
      .where(and(eq(submissions.userId, userId), inArray(submissions.itemId, itemIds))),
    db
      .select({ itemId: scoreOverrides.itemId, score: scoreOverrides.score, reason: scoreOverrides.reason })
      .from(scoreOverrides)
      .where(and(eq(scoreOverrides.userId, userId), inArray(scoreOverrides.itemId, itemIds))),
  ]);
  for (const itemId of new Set([...rows.map((r) => r.itemId), ...overrides.map((o) => o.itemId)])) {
    const cell = summarizeCell(rows.filter((r) => r.itemId === itemId));
    const override = overrides.find((o) => o.itemId === itemId);
    result.set(itemId, {
      attempts: cell.attempts,
      best: override ? override.score : cell.best,
      pending: override ? false : cell.pending,
      override: override ? { score: override.score, reason: override.reason } : null,
    });
  }
  return result;
}

/** One student's effective score on one item (null: nothing scored). */
export async function itemScore(db: Db, userId: string, itemId: string): Promise<number | null> {
  return (await itemScores(db, userId, [itemId])).get(itemId)?.best ?? null;
}
