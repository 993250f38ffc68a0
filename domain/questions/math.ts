import { create, all, type MathJsInstance, type MathNode } from "mathjs";

/** One mathjs instance for the whole bank: numbers as JS doubles, matrices as plain arrays. */
export const math: MathJsInstance = create(all, { number: "number", matrix: "Array" });

const cache = new Map<string, ReturnType<MathNode["compile"]>>();

/** Compiles a bank expression once (bank expressions are few and trusted; student input never goes through here). */
export function compileExpression(expression: string) {
  let compiled = cache.get(expression);
  if (!compiled) {
    compiled = math.parse(expression).compile();
    cache.set(expression, compiled);
  }
  return compiled;
}

/** Evaluates a bank expression over a scope; mathjs results are converted to plain numbers/arrays/booleans. */
export function evaluateExpression(expression: string, scope: Record<string, unknown>): unknown {
  const result = compileExpression(expression).evaluate({ ...scope });
  return toPlain(result);
}

function toPlain(value: unknown): unknown {
  if (value && typeof value === "object" && "valueOf" in value && typeof (value as { valueOf(): unknown }).valueOf === "function") {
    const inner = (value as { valueOf(): unknown }).valueOf();
    if (inner !== value) return inner;
  }
  return value;
}

/** Evaluates to a finite real number or throws with the expression in the message. */
export function evaluateNumber(expression: string, scope: Record<string, unknown>): number {
  const value = evaluateExpression(expression, scope);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new Error(`expression "${expression}" did not give a finite real number (got ${math.format(value as never)})`);
  }
  return value;
}
