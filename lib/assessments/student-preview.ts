/**
 * "View as student" for staff: the assessment on a preview variant (a seed chosen by the instructor) with the key
 * beside each question, and answers graded exactly as a student's would be, but never stored: no variant row, no
 * submission, no attempt.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { latestVersion } from "@/lib/questions/bank-sync";
import { assessmentItemQuestions, assessmentItems, assessments } from "@/db/schema";
import { gradeAnswer, makeVariant, presentSolution, referenceAnswer } from "@/grader/grade";
import { runAsOwner } from "@/grader/sandbox/owner";
import type { Locale } from "@/domain/i18n/config";
import type { LoadedQuestion } from "@/question-bank/load";
import { previewAssessment, type AssessmentPreview, type PreviewQuestion } from "./manage/preview";
import { studentFeedback, type StudentFeedback } from "./student-feedback";

export const MAX_PREVIEW_SEED = 2 ** 31 - 1;

export interface PreviewKey {
  referenceAnswer: string;
  solution: string;
}

export type PreviewQuestionWithKey = PreviewQuestion & { key: PreviewKey | null };
export type PreviewWithKey = Omit<AssessmentPreview, "items"> & { items: { position: number; points: number; pool: PreviewQuestionWithKey[] }[] };

/** The key of one question's variant: its reference answer and worked solution. */
async function keyOf(question: LoadedQuestion, seed: number): Promise<PreviewKey | null> {
  try {
    const variant = makeVariant(question, seed);
    return { referenceAnswer: await referenceAnswer(question, variant), solution: await presentSolution(question, variant) };
  } catch {
    return null;
  }
}

/** The preview of `seed` with each question's key; null when the assessment is not this course's. */
export async function previewWithKey(db: Db, courseId: string, assessmentId: string, seed: number): Promise<PreviewWithKey | null> {
  const preview = await previewAssessment(db, courseId, assessmentId, seed);
  if (!preview) return null;
  const items: PreviewWithKey["items"] = [];
  for (const item of preview.items) {
    const pool: PreviewQuestionWithKey[] = [];
    for (const q of item.pool) {
      const version = q.error ? undefined : await latestVersion(db, q.questionId);
      pool.push({ ...q, key: version ? await keyOf(version.content as LoadedQuestion, seed) : null });
    }
    items.push({ ...item, pool });
  }
  return { ...preview, items };
}

export const previewAnswerSchema = z.object({
  questionId: z.string().min(1).max(200),
  seed: z.number().int().min(1).max(MAX_PREVIEW_SEED),
  answer: z.string().max(100_000),
});
export type PreviewAnswer = z.infer<typeof previewAnswerSchema>;

export type PreviewGrade =
  | { ok: true; status: "graded" | "error"; score: number; pending: boolean; feedback: StudentFeedback | null }
  | { ok: false; status: 404; message: string };

/**
 * Grades an answer to one question of the assessment on the preview variant `seed`, as the student's grader would;
 * nothing is written. Code answers run in the sandbox as the staff member's own work (fair share of the pool).
 */
export async function gradePreviewAnswer(db: Db, input: { courseId: string; assessmentId: string; userId: string; locale: Locale } & PreviewAnswer): Promise<PreviewGrade> {
  const notFound = { ok: false, status: 404, message: "management.errors.previewQuestionNotFound" } as const;
  if (!z.string().uuid().safeParse(input.assessmentId).success) return notFound;
  const [inAssessment] = await db
    .select({ questionId: assessmentItemQuestions.questionId })
    .from(assessmentItemQuestions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, assessmentItemQuestions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(eq(assessments.id, input.assessmentId), eq(assessments.courseId, input.courseId), eq(assessmentItemQuestions.questionId, input.questionId)))
    .limit(1);
  const version = inAssessment ? await latestVersion(db, input.questionId) : undefined;
  if (!version) return notFound;
  const question = version.content as LoadedQuestion;
  const variant = makeVariant(question, input.seed);
  const outcome = await runAsOwner(input.userId, () => gradeAnswer(question, variant, input.answer));
  return {
    ok: true,
    status: outcome.status,
    score: outcome.score,
    pending: outcome.status === "graded" && outcome.pending === true,
    feedback: studentFeedback(outcome, input.locale),
  };
}
