import type { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/domain/questions/base";
import { evaluateNumber } from "@/domain/questions/math";
import { readNumberAnswer, type NumberReading } from "@/domain/questions/number-answer";
import { parseNumber } from "@/domain/questions/numbers";
import { variantScope } from "@/domain/questions/params";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
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

/** Significant digits the student wrote, counted in units of their own last digit. */
function significantDigits(reading: NumberReading): number {
  if (!reading.step) return Infinity;
  return String(Math.round(Math.abs(reading.value) / reading.step)).length;
}

const ROUNDED_TOO_MUCH = 0.5;

function gradeNumeric(question: NumericQuestion, variant: Variant, answer: string): GradeResult {
  const integer = "mode" in question.tolerance;
  const read = readNumberAnswer(answer, { integer, side: /\blado\b|\bside\b/i.test(question.unit ?? "") });
  if (!read.ok) return { score: 0, feedback: read.error, ...(read.message ? { message: read.message } : {}), invalid: true };
  const reference = numericReference(question, variant);
  const tolerance = question.tolerance;
  const readings = read.alternative === undefined ? [read.value] : [read.value, read.alternative];
  const hit = readings.find((value) => withinTolerance(value, reference, tolerance));
  if (hit !== undefined) {
    if (read.percent && !/%/.test(question.unit ?? "")) {
      return { score: ROUNDED_TOO_MUCH, ...say("numeric.percent", { answer: answer.trim(), value: hit }), misconception: "percent-instead-of-ratio" };
    }
    return { score: 1, ...say("correct") };
  }
  const alternative = matchingAlternative(question, variant, readings);
  if (alternative) return alternative;
  const value = read.value;
  if (read.step !== undefined && value !== 0 && Math.abs(value - reference) <= (read.step / 2) * (1 + 1e-9)) {
    if (read.approximate && significantDigits(read) >= 3) return { score: 1, ...say("correctRounded") };
    return { score: ROUNDED_TOO_MUCH, ...say("numeric.roundedTooMuch"), misconception: "rounded-too-much" };
  }
  const scope = variantScope(question, variant);
  for (const misconception of question.misconceptions) {
    const trap = evaluateNumber(misconception.answer, scope);
    if (!withinTolerance(trap, reference, tolerance) && withinTolerance(value, trap, tolerance)) {
      return { score: 0, ...sayAll([misconception.feedback]), misconception: misconception.id };
    }
  }
  const printed = printedErratum(question, value);
  if (printed) return { score: 0, ...printed, misconception: "seed-erratum" };
  return { score: 0, ...missHint(value, reference, integer) };
}

/** The first of the question's other answers (Moodle's partial-credit answers) that one reading of the answer hits. */
function matchingAlternative(question: NumericQuestion, variant: Variant, readings: number[]): GradeResult | null {
  if (!question.alternatives?.length) return null;
  const scope = variantScope(question, variant);
  for (const alternative of question.alternatives) {
    const target = evaluateNumber(alternative.answer, scope);
    if (!readings.some((value) => withinTolerance(value, target, alternative.tolerance ?? question.tolerance))) continue;
    const verdict = alternative.credit === 0 ? say("numeric.wrong") : say("partialCredit", { percent: Math.round(alternative.credit * 100) });
    return { score: alternative.credit, ...sayAll(alternative.feedback?.trim() ? [verdict, alternative.feedback.trim()] : [verdict]) };
  }
  return null;
}

/** The seed's misprinted value (errata.printed) gets a hint that says so, without giving the right value. */
function printedErratum(question: NumericQuestion, value: number): Said | null {
  for (const erratum of question.errata) {
    const printed = parseNumber(erratum.printed, { loneGroup: "decimal" });
    if (printed.ok && withinTolerance(value, printed.value, question.tolerance)) {
      return say("numeric.seedErratum", { printed: erratum.printed });
    }
  }
  return null;
}

export const numericType: QuestionTypeModule<NumericQuestion> = {
  type: "numeric",
  schema: numericFields,
  referenceAnswer: (question, variant) => humanReference(numericReference(question, variant), question.tolerance),
  grade: gradeNumeric,
  publicView: (question) => (question.unit ? { unit: question.unit } : {}),
};
