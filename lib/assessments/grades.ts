import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, assessmentStarts, extensions } from "@/db/schema";
import { rulesOf } from "./context";
import { effectiveClose, examState, resultsVisible, type ExamState } from "./rules";
import { itemScores } from "./item-scores";

export interface StudentGradeRow {
  assessmentId: string;
  title: string;
  kind: "homework" | "exam";
  hidden: boolean;
  /** itemId null while the student may not open the item (an exam not started, an assessment not open yet) */
  items: { itemId: string | null; position: number; points: number; best: number | null; attempts: number; pending: boolean }[];
  earned: number;
  total: number;
  opensAt: Date;
  closesAt: Date;
  /** the close for this student: their extension's when they have one */
  dueAt: Date;
  extended: boolean;
  /** timed assessments: not started, running or finished for this student (null otherwise) */
  examState: ExamState | null;
}

/** A student's gradebook: every published assessment, each question's best score, totals in points. */
export async function studentGrades(db: Db, courseId: string, userId: string, now = new Date()): Promise<StudentGradeRow[]> {
  const list = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.courseId, courseId), eq(assessments.published, true), isNull(assessments.archivedAt)))
    .orderBy(asc(assessments.closesAt));
  if (list.length === 0) return [];
  const items = await db
    .select()
    .from(assessmentItems)
    .where(inArray(assessmentItems.assessmentId, list.map((a) => a.id)))
    .orderBy(asc(assessmentItems.position));
  const [scores, starts, extended] = await Promise.all([
    itemScores(db, userId, items.map((i) => i.id)),
    db.select().from(assessmentStarts).where(eq(assessmentStarts.userId, userId)),
    db.select().from(extensions).where(eq(extensions.userId, userId)),
  ]);
  return list.map((a) => {
    const rules = rulesOf(a);
    const hidden = !resultsVisible(rules, now);
    const start = starts.find((s) => s.assessmentId === a.id);
    const extension = extended.find((e) => e.assessmentId === a.id);
    const situation = { startedAt: start?.startedAt ?? null, finishedAt: start?.finishedAt ?? null, extension: extension ? { closesAt: extension.closesAt, extraMinutes: extension.extraMinutes } : null };
    const state = examState(rules, situation, now);
    const openable = now >= a.opensAt && state !== "not-started";
    const dueAt = effectiveClose(rules, situation);
    const own = items
      .filter((i) => i.assessmentId === a.id)
      .map((i) => {
        const s = scores.get(i.id);
        return { itemId: openable ? i.id : null, position: i.position, points: i.points, best: hidden ? null : (s?.best ?? null), attempts: s?.attempts ?? 0, pending: s?.pending ?? false };
      });
    return {
      assessmentId: a.id,
      title: a.title,
      kind: a.kind,
      hidden,
      items: own,
      earned: own.reduce((sum, i) => sum + (i.best ?? 0) * i.points, 0),
      total: own.reduce((sum, i) => sum + i.points, 0),
      opensAt: a.opensAt,
      closesAt: a.closesAt,
      dueAt,
      extended: dueAt.getTime() !== a.closesAt.getTime(),
      examState: state,
    };
  });
}
