import type { AnyQuestion, QuestionTypeModule, QuestionTypeName } from "@/domain/questions/base";
import { architectureType } from "./architecture";
import { codeType } from "./code";
import { matrixType } from "./matrix";
import { mcqType } from "./mcq";
import { numericType } from "./numeric";
import { openType } from "./open";
import { shortanswerType } from "./shortanswer";
import { symbolicType } from "./symbolic";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module is typed for its own question shape
type AnyModule = QuestionTypeModule<any>;

/** Type name -> grader module. A type missing here is reported as "type X has no grader yet" by the loader. */
export const registry: Partial<Record<QuestionTypeName, AnyModule>> = {
  mcq: mcqType,
  numeric: numericType,
  matrix: matrixType,
  architecture: architectureType,
  symbolic: symbolicType,
  open: openType,
  code: codeType,
  shortanswer: shortanswerType,
};

export function moduleFor(type: string): QuestionTypeModule<AnyQuestion> | undefined {
  return registry[type as QuestionTypeName];
}
