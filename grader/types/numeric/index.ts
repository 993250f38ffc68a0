import type { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/lib/questions/base";
import { evaluateNumber } from "@/lib/questions/math";
import { parseNumber } from "@/lib/questions/numbers";
import { variantScope } from "@/lib/questions/params";
import { humanReference, missHint, withinTolerance } from "./compare";
import { numericFields } from "./schema";

export type NumericQuestion = BaseQuestion & QuestionTexts & z.infer<typeof numericFields>;

/** The analytic answer of a variant, computed from the `answer` formula. Throws on a broken question. */
export function numericReference(question: NumericQuestion, variant: Variant): number {
  const value = evaluateNumber(question.answer, variantScope(question, variant));
  if (!("mode" in question.tolerance)) return value;
  // float noise such as 0.1 * 30 = 3.0000000000000004 is still the integer 3
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > 1e-9 * Math.max(1, Math.abs(value))) {
    throw new Error(`question ${question.id}: tolerance mode integer but the answer is ${value}`);
  }
  return rounded;
}

function gradeNumeric(question: NumericQuestion, variant: Variant, answer: string): GradeResult {
  const parsed = parseNumber(answer);
  if (!parsed.ok) return { score: 0, feedback: parsed.error, invalid: true };
  const reference = numericReference(question, variant);
  if (withinTolerance(parsed.value, reference, question.tolerance)) return { score: 1, feedback: "Correto!" };
  const scope = variantScope(question, variant);
  for (const misconception of question.misconceptions) {
    const trap = evaluateNumber(misconception.answer, scope);
    if (!withinTolerance(trap, reference, question.tolerance) && withinTolerance(parsed.value, trap, question.tolerance)) {
      return { score: 0, feedback: misconception.feedback, misconception: misconception.id };
    }
  }
  return { score: 0, feedback: missHint(parsed.value, reference, "mode" in question.tolerance) };
}

export const numericType: QuestionTypeModule<NumericQuestion> = {
  type: "numeric",
  schema: numericFields,
  referenceAnswer: (question, variant) => humanReference(numericReference(question, variant), question.tolerance),
  grade: gradeNumeric,
  publicView: (question) => (question.unit ? { unit: question.unit } : {}),
};
