import type { QuestionTypeModule } from "@/domain/questions/base";
import { preparedCases } from "./cases";
import { checkerOf, emptySource, gradeCode, preparePythonVariant, variantSeed, type CodeQuestion } from "./grade";
import { codeFields, PYTHON_CHECKER } from "./schema";

export { gradeCode, setSharedSandbox, sharedSandbox, type CodeGradeResult, type CodeQuestion } from "./grade";

/** Code questions: the submission is Python source, run in the bwrap sandbox (grader/sandbox). */
export const codeType: QuestionTypeModule<CodeQuestion> = {
  type: "code",
  schema: codeFields,
  referenceAnswer: (question) => question.reference_solution,
  grade: (question, variant, answer) => gradeCode(question, variant, answer),
  unreadable: (_question, answer) => emptySource(answer),
  // at variant assignment: the references (TensorFlow.js, or the Python reference's jobs) leave the submission's path
  prepare: async (question, variant) => {
    if (question.checker === PYTHON_CHECKER) await preparePythonVariant(question, variant);
    else preparedCases(checkerOf(question), variantSeed(variant));
  },
  publicView: (question) => ({
    language: question.language,
    starter: question.starter,
    contract: question.contract,
    required_names: question.required_names,
    parts: question.parts.map((p) => ({ name: p.name, label: p.label ?? p.name, weight: p.weight })),
  }),
};
