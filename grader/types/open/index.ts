import { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule } from "@/domain/questions/base";
import { say } from "@/domain/questions/feedback";

export const MAX_OPEN_ANSWER = 20_000;

export const openFields = z.object({
  rubric: z
    .array(z.object({ id: z.string().min(1), text: z.string().min(1), points: z.number().positive() }).strict())
    .min(1)
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, "rubric ids must be unique"),
});

export type OpenQuestion = BaseQuestion & QuestionTexts & z.infer<typeof openFields>;

/** No automatic score: the answer is kept for a TA, who grades it against the rubric. */
function gradeOpen(question: OpenQuestion, _variant: unknown, answer: string): GradeResult {
  if (typeof answer !== "string" || answer.trim() === "") return { score: 0, ...say("open.empty"), invalid: true };
  if (answer.length > MAX_OPEN_ANSWER) {
    return { score: 0, ...say("open.tooLong", { max: MAX_OPEN_ANSWER }), invalid: true };
  }
  return {
    score: 0,
    pending: true,
    ...say("open.recorded"),
    rubric: question.rubric,
  };
}

export const openType: QuestionTypeModule<OpenQuestion> = {
  type: "open",
  schema: openFields,
  /** The answer key (solution.md); it is graded as pending like any other answer, never as 1. */
  referenceAnswer: (question) => question.solution.trim() || question.rubric.map((r) => r.text).join("\n"),
  grade: gradeOpen,
};
