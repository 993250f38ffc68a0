import type { MathNode, SymbolNode } from "mathjs";
import type { z } from "zod";
import type { BaseQuestion, GradeResult, QuestionTexts, QuestionTypeModule, Variant } from "@/domain/questions/base";
import { math } from "@/domain/questions/math";
import { variantScope } from "@/domain/questions/params";
import { constantFactor, samplePoints, sameFunction, valuesAt } from "./equivalence";
import { parseStudentExpression } from "./parse";
import { say, sayAll } from "@/domain/questions/feedback";
import { symbolicFields, type Domain } from "./schema";

export type SymbolicQuestion = BaseQuestion & QuestionTexts & z.infer<typeof symbolicFields>;

/** A bank expression with this variant's parameters (and derived values) put in as numbers. */
function instantiate(question: SymbolicQuestion, variant: Variant, expression: string): MathNode {
  const scope = variantScope(question, variant);
  return math.parse(expression).transform((node) => {
    if (node.type === "SymbolNode") {
      const name = (node as SymbolNode).name;
      const value = scope[name];
      if (typeof value === "number" && !(name in question.variables)) return new math.ConstantNode(value);
    }
    return node;
  });
}

/**
 * With floor/ceil (output sizes: floor((n + 2p − f)/s) + 1), the answer is compared where the reference is a whole
 * number, as the formula assumes; null when the reference is rarely whole (then floor is simply wrong).
 */
function integralPoints(reference: MathNode, domains: Record<string, Domain>, seed: string) {
  try {
    return samplePoints(reference, domains, `${seed}:integral`, { integral: true });
  } catch {
    return null;
  }
}

function pointsSeed(question: SymbolicQuestion, variant: Variant): string {
  return `${question.id}:${variant.seed ?? "default"}:points`;
}

function gradeSymbolic(question: SymbolicQuestion, variant: Variant, answer: string): GradeResult {
  const names = Object.keys(question.variables);
  const parsed = parseStudentExpression(answer, names);
  if (!parsed.ok) return { score: 0, ...parsed.error, invalid: true };
  const domains = Object.fromEntries(Object.entries(question.variables).map(([name, v]) => [name, v.domain]));
  const reference = instantiate(question, variant, question.answer);
  const points = (parsed.usesRounding && integralPoints(reference, domains, pointsSeed(question, variant))) || samplePoints(reference, domains, pointsSeed(question, variant));
  const rel = question.tolerance.rel;
  const values = valuesAt(parsed.node, points);
  const readAs = parsed.usesImplicit || parsed.rewritten ? [say("symbolic.readAs", { expression: parsed.shown })] : [];
  if (sameFunction(values, points, rel)) return { score: 1, ...sayAll([say("correct"), ...readAs]) };
  for (const misconception of question.misconceptions) {
    const trapValues = valuesAt(instantiate(question, variant, misconception.answer), points);
    if (sameFunction(values, trapValues.map((value) => ({ value: value ?? NaN })), rel)) {
      return { score: 0, ...sayAll([misconception.feedback, ...readAs]), misconception: misconception.id };
    }
  }
  const factor = constantFactor(values, points, rel);
  if (factor !== null && /\d[.,]\d/.test(answer) && Math.abs(factor - 1) < 5e-4) {
    return { score: 0.5, ...sayAll([say("symbolic.roundedCoefficient"), ...readAs]), misconception: "rounded-coefficient" };
  }
  if (factor !== null) {
    return { score: 0, ...sayAll([say("symbolic.constantFactor"), ...readAs]), misconception: "constant-factor" };
  }
  return { score: 0, ...sayAll([say("symbolic.notEquivalent"), ...readAs]) };
}

/**
 * The reference as the author wrote it, with this variant's parameters put in and constant parts folded
 * (`2/(k^2*C1)` with k = 3 gives `2 / (9 * C1)`); full simplification is avoided because it reshuffles readable forms.
 */
function symbolicReference(question: SymbolicQuestion, variant: Variant): string {
  const node = instantiate(question, variant, question.answer);
  let folded: MathNode = node;
  try {
    folded = math.simplifyConstant(node);
  } catch {
    // folding gives up on some functions: the instantiated expression is still a valid answer
  }
  return folded.toString({ implicit: "show" });
}

export const symbolicType: QuestionTypeModule<SymbolicQuestion> = {
  type: "symbolic",
  schema: symbolicFields,
  referenceAnswer: symbolicReference,
  grade: gradeSymbolic,
  publicView: (question) => ({ variables: Object.keys(question.variables) }),
};
