import type { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule } from "@/domain/questions/base";
import { say, sayAll } from "@/domain/questions/feedback";
import { MAX_SHORT_ANSWER, shortanswerFields } from "./schema";

export type ShortAnswerQuestion = BaseQuestion & QuestionTexts & z.infer<typeof shortanswerFields>;
type Answer = ShortAnswerQuestion["answers"][number];

/** Spaces as a student types them do not matter: trimmed, runs of white space as one, Unicode NFC. */
export function normalizeShort(text: string): string {
  return text.normalize("NFC").trim().replace(/\s+/g, " ");
}

/** A pattern (`*` any text, `\*` a star) as an anchored regular expression. */
export function patternRegex(pattern: string, caseSensitive: boolean): RegExp {
  const pieces = normalizeShort(pattern).split(/(\\\*|\*)/);
  const source = pieces.map((p) => (p === "*" ? ".*" : p === "\\*" ? "\\*" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`, caseSensitive ? "su" : "isu");
}

/** The first answer (in the question's order, as Moodle does) whose pattern the response matches. */
export function matchingAnswer(question: ShortAnswerQuestion, response: string, caseSensitive = question.case_sensitive): Answer | undefined {
  const said = normalizeShort(response);
  return question.answers.find((a) => patternRegex(a.text, caseSensitive).test(said));
}

/** A pattern written as a student would type it: wildcards match nothing, `\*` is a star. */
export function patternExample(pattern: string): string {
  return normalizeShort(pattern.split(/(\\\*|\*)/).map((p) => (p === "*" ? "" : p === "\\*" ? "*" : p)).join(""));
}

function gradeShort(question: ShortAnswerQuestion, _variant: unknown, answer: string): GradeResult {
  if (typeof answer !== "string" || answer.trim() === "") return { score: 0, ...say("shortanswer.empty"), invalid: true };
  if (answer.length > MAX_SHORT_ANSWER) return { score: 0, ...say("shortanswer.tooLong", { max: MAX_SHORT_ANSWER }), invalid: true };
  const match = matchingAnswer(question, answer);
  if (!match) {
    const otherCase = question.case_sensitive ? matchingAnswer(question, answer, false) : undefined;
    if (otherCase && otherCase.credit > 0) return { score: 0, ...say("shortanswer.caseMatters") };
    return { score: 0, ...say("shortanswer.wrong") };
  }
  const own = match.feedback?.trim() ? [match.feedback.trim()] : [];
  const verdict = match.credit === 1 ? say("correct") : match.credit === 0 ? say("shortanswer.wrong") : say("partialCredit", { percent: Math.round(match.credit * 100) });
  return { score: match.credit, ...sayAll([verdict, ...own]) };
}

export const shortanswerType: QuestionTypeModule<ShortAnswerQuestion> = {
  type: "shortanswer",
  schema: shortanswerFields,
  referenceAnswer: (question) => patternExample(question.answers.find((a) => a.credit === 1 && patternExample(a.text) !== "")!.text),
  grade: gradeShort,
  publicView: (question) => (question.case_sensitive ? { caseSensitive: true } : {}),
};
