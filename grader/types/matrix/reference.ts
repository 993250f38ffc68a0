import { applyMatrixOp, assertMatrix, tidyFloat32, type MatrixOp } from "@/domain/cnn/matrix-ops";
import { CnnSpecError, resolveNumber } from "@/domain/cnn/resolve";
import type { NumberOrExpression } from "@/domain/cnn/spec";
import type { Variant } from "@/domain/questions/base";
import { evaluateExpression } from "@/domain/questions/math";
import { variantScope, type Parameterized } from "@/domain/questions/params";
import type { MatrixAnswerSpec } from "./schema";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

function resolveMatrix(source: string | number[][], scope: Record<string, unknown>, what: string): number[][] {
  let value: unknown = source;
  if (typeof source === "string") {
    const text = source.replace(PLACEHOLDER, (_, inner: string) => `(${inner})`).trim();
    if (IDENTIFIER.test(text) && !(text in scope)) throw new CnnSpecError(`${what}: no parameter or derived value named "${text}"`);
    try {
      value = IDENTIFIER.test(text) ? scope[text] : evaluateExpression(text, scope);
    } catch (error) {
      throw new CnnSpecError(`${what}: cannot evaluate "${source}": ${(error as Error).message}`);
    }
  }
  assertMatrix(value, what);
  return value;
}

function resolvePair(value: NumberOrExpression | [NumberOrExpression, NumberOrExpression], scope: Record<string, unknown>, what: string): [number, number] {
  const [a, b] = Array.isArray(value) ? value : [value, value];
  const pair: [number, number] = [resolveNumber(a, scope, what), resolveNumber(b, scope, what)];
  if (pair.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new CnnSpecError(`${what} must be positive integers, got ${pair.join(", ")}`);
  return pair;
}

/** The operation of a question's `answer` with every name and expression evaluated for one variant. */
export function resolveMatrixOp(spec: MatrixAnswerSpec, scope: Record<string, unknown>): MatrixOp {
  const input = resolveMatrix(spec.input, scope, "answer.input");
  if (spec.op === "conv2d") {
    return {
      op: "conv2d",
      input,
      kernel: resolveMatrix(spec.kernel, scope, "answer.kernel"),
      stride: resolvePair(spec.stride, scope, "answer.stride"),
      padding: spec.padding,
      dilation: resolvePair(spec.dilation, scope, "answer.dilation"),
    };
  }
  const size = resolvePair(spec.size, scope, "answer.size");
  const stride = spec.stride === undefined ? size : resolvePair(spec.stride, scope, "answer.stride");
  return { op: spec.op, input, size, stride, padding: spec.padding };
}

export interface MatrixReference {
  op: MatrixOp;
  /** float32 results tidied to the simplest decimal within the rounding bound (what referenceAnswer shows) */
  values: number[][];
  errorBound: number;
}

export function computeMatrixReference(question: Parameterized & { answer: MatrixAnswerSpec }, variant: Variant): MatrixReference {
  const op = resolveMatrixOp(question.answer, variantScope(question, variant));
  const { values, errorBound } = applyMatrixOp(op);
  return { op, values: values.map((row) => row.map((cell) => tidyFloat32(cell, errorBound))), errorBound };
}
