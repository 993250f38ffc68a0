/** One submission as a grader sees it: the answer, the rendered prompt, the rubric and the answer key. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, gradeAudit, manualGrades, questionVersions, submissions, users, variants } from "@/db/schema";
import { makeVariant, presentSolution } from "@/grader/grade";
import type { RubricItem } from "@/domain/questions/base";
import type { LoadedQuestion } from "@/question-bank/load";
import type { Parameterized } from "@/domain/questions/params";
import { renderPrompt } from "@/domain/questions/render";
import { rubricOf } from "./rubric";

export interface SubmissionForGrading {
  submissionId: string;
  itemId: string;
  studentName: string;
  studentEmail: string;
  attemptNumber: number;
  submittedAt: Date;
  status: string;
  answer: string;
  penaltyFactor: number;
  automaticScore: number | null;
  questionTitle: string;
  questionType: string;
  prompt: string;
  /** the answer key (solution.md of the variant): the grader's reference */
  solution: string;
  rubric: RubricItem[];
  manual: { score: number; rubric: { id: string; points: number }[]; comment: string; graderName: string; updatedAt: Date } | null;
  audit: { oldScore: number | null; newScore: number | null; reason: string; actorName: string | null; createdAt: Date }[];
}

/** Null when the submission is not in this course (or the item does not match). */
export async function submissionForGrading(db: Db, courseId: string, itemId: string, submissionId: string): Promise<SubmissionForGrading | null> {
  const [row] = await db
    .select({ submission: submissions, content: questionVersions.content, seed: variants.seed, studentName: users.name, studentEmail: users.email })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .innerJoin(questionVersions, eq(questionVersions.id, submissions.questionVersionId))
    .innerJoin(variants, eq(variants.id, submissions.variantId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(and(eq(submissions.id, submissionId), eq(submissions.itemId, itemId), eq(assessments.courseId, courseId)));
  if (!row) return null;
  const question = row.content as LoadedQuestion & Parameterized;
  const variant = makeVariant(question, row.seed);
  const [[manual], audit] = await Promise.all([
    db
      .select({ score: manualGrades.score, rubric: manualGrades.rubric, comment: manualGrades.comment, graderName: users.name, updatedAt: manualGrades.updatedAt })
      .from(manualGrades)
      .innerJoin(users, eq(users.id, manualGrades.graderId))
      .where(eq(manualGrades.submissionId, submissionId)),
    db
      .select({ oldScore: gradeAudit.oldScore, newScore: gradeAudit.newScore, reason: gradeAudit.reason, actorName: users.name, createdAt: gradeAudit.createdAt })
      .from(gradeAudit)
      .leftJoin(users, eq(users.id, gradeAudit.actorId))
      .where(eq(gradeAudit.submissionId, submissionId))
      .orderBy(desc(gradeAudit.createdAt), desc(gradeAudit.id)),
  ]);
  const s = row.submission;
  return {
    submissionId: s.id,
    itemId: s.itemId,
    studentName: row.studentName,
    studentEmail: row.studentEmail,
    attemptNumber: s.attemptNumber,
    submittedAt: s.submittedAt,
    status: s.status,
    answer: s.answer,
    penaltyFactor: s.penaltyFactor,
    automaticScore: s.score,
    questionTitle: question.title,
    questionType: question.type,
    prompt: renderPrompt(question, variant),
    solution: await presentSolution(question, variant),
    rubric: rubricOf(question),
    manual: manual ?? null,
    audit,
  };
}
