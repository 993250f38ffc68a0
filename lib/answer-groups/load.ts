/** Answer groups of one item's open answers waiting for a manual grade, and grading a group with one rubric choice. */
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, manualGrades, questionVersions, submissions, users } from "@/db/schema";
import type { RubricItem } from "@/domain/questions/base";
import { MAX_COMMENT, saveManualGrade } from "@/lib/manual-grading/save";
import { rubricOf } from "@/lib/manual-grading/rubric";
import { defaultGroupingOptions, groupAnswers, type AnswerGroup } from "./cluster";

export interface GroupedAnswer {
  submissionId: string;
  studentName: string;
  answer: string;
}

export interface QuestionGroups {
  questionId: string;
  questionTitle: string;
  rubric: RubricItem[];
  groups: (Omit<AnswerGroup, "members"> & { members: (AnswerGroup["members"][number] & GroupedAnswer)[] })[];
  singles: GroupedAnswer[];
  pending: number;
}

/** The pending answers of the item (in the course), grouped per question of its pool. */
export async function answerGroupsOf(db: Db, courseId: string, itemId: string): Promise<QuestionGroups[]> {
  const rows = await db
    .select({ submissionId: submissions.id, studentName: users.name, answer: submissions.answer, questionId: questionVersions.questionId, content: questionVersions.content })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(questionVersions, eq(questionVersions.id, submissions.questionVersionId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
    .where(and(eq(submissions.itemId, itemId), eq(assessments.courseId, courseId), eq(submissions.status, "pending_manual"), isNull(manualGrades.id)))
    .orderBy(asc(submissions.submittedAt), asc(submissions.id));
  const byQuestion = new Map<string, typeof rows>();
  for (const row of rows) byQuestion.set(row.questionId, [...(byQuestion.get(row.questionId) ?? []), row]);
  return [...byQuestion].map(([questionId, answers]) => {
    const content = answers.at(-1)!.content as { title?: string };
    const rubric = rubricOf(content);
    const grouping = groupAnswers(
      answers.map((a) => ({ id: a.submissionId, text: a.answer })),
      { ...defaultGroupingOptions, emphasis: rubric.map((r) => r.text) },
    );
    const byId = new Map(answers.map((a) => [a.submissionId, { submissionId: a.submissionId, studentName: a.studentName, answer: a.answer }]));
    return {
      questionId,
      questionTitle: content.title ?? questionId,
      rubric,
      groups: grouping.groups.map((g) => ({ ...g, members: g.members.map((m) => ({ ...m, ...byId.get(m.id)! })) })),
      singles: grouping.singles.map((id) => byId.get(id)!),
      pending: answers.length,
    };
  });
}

export const groupGradeInputSchema = z.object({
  /** the answers the TA kept in the group (outliers they left out are not here) */
  submissionIds: z.array(z.string().uuid()).min(1).max(1000),
  awarded: z.array(z.string().min(1).max(100)).max(100),
  comment: z.string().max(MAX_COMMENT),
});
export type GroupGradeInput = z.infer<typeof groupGradeInputSchema>;

export type GroupGradeOutcome =
  | { ok: true; graded: number; skipped: number; score: number }
  | { ok: false; message: string };

/**
 * Grades each answer of the group with the same rubric choice and comment (each with its own audit row, as one by
 * one). An answer graded meanwhile (by another TA) is skipped, not overwritten.
 */
export async function gradeAnswerGroup(db: Db, who: { courseId: string; graderId: string }, input: GroupGradeInput, now = new Date()): Promise<GroupGradeOutcome> {
  let graded = 0;
  let skipped = 0;
  let score = 0;
  for (const submissionId of new Set(input.submissionIds)) {
    const [existing] = await db.select({ id: manualGrades.id }).from(manualGrades).where(eq(manualGrades.submissionId, submissionId));
    if (existing) {
      skipped++;
      continue;
    }
    const outcome = await saveManualGrade(db, who, { submissionId, awarded: input.awarded, comment: input.comment, reason: "" }, now);
    if (!outcome.ok) {
      if (outcome.reason === "invalid") return { ok: false, message: outcome.message };
      skipped++;
      continue;
    }
    graded++;
    score = outcome.score;
  }
  return { ok: true, graded, skipped, score };
}
