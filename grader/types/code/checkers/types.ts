import type { CallStep, Float64Tensor } from "@/grader/sandbox/types";
import type { Message, MessageValues } from "@/domain/i18n/translate";
import { say } from "@/domain/questions/feedback";

export type Tensors = Record<string, Float64Tensor>;

/** Inputs of one test case, sent to the sandbox. */
export interface CheckerCase {
  /** in pt-BR, for logs and authors, e.g. "pequeno: N=4, D=3, eps=0.00001" */
  label: string;
  /** the same, shown to the student in their locale */
  name: Message;
  arrays: Tensors;
  scalars: Record<string, number>;
}

/** Outputs a known wrong implementation produces, to name the student's mistake. */
export interface WrongVariant {
  /** the `misconception` label (ascii kebab-case) */
  id: string;
  /** the explanation shown to the student (grader.code.wrong.*, or the author's own text as grader.text) */
  message: Message;
  outputs: Tensors;
}

export interface Tolerance {
  /** relative to each expected value */
  rtol: number;
  /** absolute, as a fraction of the output's scale in the case (CodeChecker.scales; default: its largest |expected|) */
  atolScale: number;
}

/** The code-question kernel: how to call the student's functions, test inputs, reference and wrong variants. */
export interface CodeChecker {
  id: string;
  plan: CallStep[];
  /** names of returned values graded (question parts pick from these) */
  outputs: string[];
  tolerance: Tolerance;
  /** deterministic test inputs for a seed */
  cases(seed: number): CheckerCase[];
  /** reference outputs, computed with TensorFlow.js */
  reference(c: CheckerCase): Tensors;
  /**
   * Magnitude of the terms each output is computed from, when it can be far above the output itself
   * (e.g. a gradient that cancels to ~0): float32 error in the reference scales with these terms.
   */
  scales?(c: CheckerCase): Record<string, number>;
  /** known wrong implementations, in order of preference when several match */
  wrongVariants(c: CheckerCase): WrongVariant[];
}

/** A case's label and name: a message `grader.code.cases.<kind>` (or the author's own text) followed by its sizes. */
export function caseName(kind: Message, details: string): Pick<CheckerCase, "label" | "name"> {
  const said = say("code.caseName", { name: kind, details });
  return { label: said.feedback, name: said.message[0]! };
}

export const caseKind = (kind: string, values?: MessageValues): Message => ({ key: `grader.code.cases.${kind}`, ...(values ? { values } : {}) });
export const wrongMessage = (kind: string, values?: MessageValues): Message => ({ key: `grader.code.wrong.${kind}`, ...(values ? { values } : {}) });
