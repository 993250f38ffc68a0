/** Notices to a student that a regrade, a revised manual grade or an override changed one of their grades. */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, gradeNotices } from "@/db/schema";
import { rulesOf } from "@/lib/assessments/context";
import { itemScores } from "@/lib/assessments/item-scores";
import { resultsVisible } from "@/lib/assessments/rules";

export type GradeChangeKind = (typeof gradeNotices.$inferSelect)["kind"];

/** What a student sees of a grade change: nothing of who made it, only what changed and why. */
export interface GradeNoticeView {
  id: string;
  assessmentId: string;
  assessmentTitle: string;
  itemId: string;
  position: number;
  points: number;
  kind: GradeChangeKind;
  /** fraction of the item's points before and after (null: nothing scored) */
  oldScore: number | null;
  newScore: number | null;
  reason: string;
  createdAt: Date;
}

const SAME = 1e-9;

/** A change worth telling: a score appeared, disappeared or moved. */
export function scoreChanged(before: number | null, after: number | null): boolean {
  if (before === null || after === null) return before !== after;
  return Math.abs(before - after) > SAME;
}

export interface StudentItem {
  userId: string;
  itemId: string;
}

/** The effective scores of some students' items (before a change, to compare with after it). */
export async function scoresOf(db: Db, pairs: readonly StudentItem[]): Promise<Map<string, number | null>> {
  const result = new Map<string, number | null>();
  for (const userId of new Set(pairs.map((p) => p.userId))) {
    const itemIds = [...new Set(pairs.filter((p) => p.userId === userId).map((p) => p.itemId))];
    const scores = await itemScores(db, userId, itemIds);
    for (const itemId of itemIds) result.set(`${userId}|${itemId}`, scores.get(itemId)?.best ?? null);
  }
  return result;
}

/**
 * Runs `change` and tells each student whose effective item score it changed (one notice per student and item).
 * Call inside the transaction that makes the change, so the notice and the change are written together.
 */
export async function withGradeNotices<T>(
  tx: Db,
  pairs: readonly StudentItem[],
  notice: { kind: GradeChangeKind; reason?: string; now?: Date },
  change: () => Promise<T>,
): Promise<T> {
  const before = await scoresOf(tx, pairs);
  const result = await change();
  const after = await scoresOf(tx, pairs);
  const rows = [...before].flatMap(([key, old]) => {
    const now = after.get(key) ?? null;
    if (!scoreChanged(old, now)) return [];
    const [userId, itemId] = key.split("|") as [string, string];
    return [{ userId, itemId, kind: notice.kind, oldScore: old, newScore: now, reason: notice.reason ?? "", ...(notice.now ? { createdAt: notice.now } : {}) }];
  });
  if (rows.length > 0) await tx.insert(gradeNotices).values(rows);
  return result;
}

/**
 * The student's unread notices in this course, newest first. A notice of an assessment whose results are still
 * hidden (an exam before its release) waits: it would tell the score.
 */
export async function unreadNotices(db: Db, courseId: string, userId: string, now: Date, assessmentId?: string): Promise<GradeNoticeView[]> {
  const rows = await db
    .select({ notice: gradeNotices, assessment: assessments, position: assessmentItems.position, points: assessmentItems.points })
    .from(gradeNotices)
    .innerJoin(assessmentItems, eq(assessmentItems.id, gradeNotices.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(
      and(
        eq(gradeNotices.userId, userId),
        isNull(gradeNotices.readAt),
        eq(assessments.courseId, courseId),
        eq(assessments.published, true),
        assessmentId ? eq(assessments.id, assessmentId) : undefined,
      ),
    )
    .orderBy(desc(gradeNotices.createdAt), desc(gradeNotices.id));
  return rows
    .filter((r) => resultsVisible(rulesOf(r.assessment), now))
    .map(({ notice, assessment, position, points }) => ({
      id: notice.id,
      assessmentId: assessment.id,
      assessmentTitle: assessment.title,
      itemId: notice.itemId,
      position,
      points,
      kind: notice.kind,
      oldScore: notice.oldScore,
      newScore: notice.newScore,
      reason: notice.reason,
      createdAt: notice.createdAt,
    }));
}

export const markReadSchema = z.object({ noticeIds: z.array(z.string().uuid()).min(1).max(200) });

/** Marks the student's own notices as read (another person's ids change nothing). Returns how many. */
export async function markNoticesRead(db: Db, userId: string, noticeIds: readonly string[], now: Date): Promise<number> {
  const updated = await db
    .update(gradeNotices)
    .set({ readAt: now })
    .where(and(eq(gradeNotices.userId, userId), inArray(gradeNotices.id, [...noticeIds]), isNull(gradeNotices.readAt)))
    .returning({ id: gradeNotices.id });
  return updated.length;
}
