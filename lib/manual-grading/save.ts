/** Saving a manual grade: manual_grades (upsert) and a grade_audit row, in one transaction. */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, gradeAudit, manualGrades, questionVersions, submissions } from "@/db/schema";
import { withGradeNotices } from "@/lib/grade-changes/notices";
import { rubricOf, scoreFromRubric } from "./rubric";

export const MAX_COMMENT = 5000;

export const manualGradeInputSchema = z.object({
  submissionId: z.string().uuid(),
  /** rubric item ids awarded */
  awarded: z.array(z.string().min(1).max(100)).max(100),
  comment: z.string().max(MAX_COMMENT, "validation.commentTooLong"),
  /** why the grade changes (optional; stored in the audit trail) */
  reason: z.string().max(500, "validation.reasonTooLong").default(""),
});
export type ManualGradeInput = z.infer<typeof manualGradeInputSchema>;

export type SaveOutcome =
  | { ok: true; score: number; previous: number | null; audited: boolean }
  /** `message`: a message key (messages/<locale>/api.json) with its values */
  | { ok: false; reason: "not-found" | "not-gradable" | "invalid"; message: string; values?: { item: string } };

/**
 * Grades one submission of the course by hand: score = awarded rubric points / total points. An audit row records
 * the first grade and every change of score (old → new, who, why); a change of comment alone is not a grade change.
 */
export async function saveManualGrade(db: Db, who: { courseId: string; graderId: string }, input: ManualGradeInput, now = new Date()): Promise<SaveOutcome> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ submission: submissions, content: questionVersions.content })
      .from(submissions)
      .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
      .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
      .innerJoin(questionVersions, eq(questionVersions.id, submissions.questionVersionId))
      .where(and(eq(submissions.id, input.submissionId), eq(assessments.courseId, who.courseId)))
      .for("update", { of: submissions });
    if (!row) return { ok: false, reason: "not-found", message: "api.manualGrading.notFound" };
    const [existing] = await tx.select().from(manualGrades).where(eq(manualGrades.submissionId, input.submissionId));
    if (row.submission.status !== "pending_manual" && !existing) {
      return { ok: false, reason: "not-gradable", message: "api.manualGrading.notGradable" };
    }
    const scored = scoreFromRubric(rubricOf(row.content), input.awarded);
    if (!scored.ok) return { ok: false, reason: "invalid", message: scored.error, ...(scored.values ? { values: scored.values } : {}) };

    const previous = existing?.score ?? row.submission.score;
    const values = { graderId: who.graderId, score: scored.score, rubric: scored.awarded, comment: input.comment.trim(), updatedAt: now };
    const write = () => tx.insert(manualGrades).values({ submissionId: input.submissionId, ...values }).onConflictDoUpdate({ target: manualGrades.submissionId, set: values });
    // a revised grade is told to the student (the first grade of a pending answer is not a change)
    if (existing) await withGradeNotices(tx, [{ userId: row.submission.userId, itemId: row.submission.itemId }], { kind: "manual", now }, write);
    else await write();
    const changed = !existing || existing.score !== scored.score;
    if (changed) {
      const base = existing ? "Correção manual revisada" : "Correção manual (rubrica)";
      const reason = input.reason.trim() ? `${base}: ${input.reason.trim()}` : base;
      await tx.insert(gradeAudit).values({ submissionId: input.submissionId, actorId: who.graderId, oldScore: previous, newScore: scored.score, reason, createdAt: now });
    }
    return { ok: true, score: scored.score, previous, audited: changed };
  });
}
