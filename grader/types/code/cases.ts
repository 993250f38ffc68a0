import type { CheckerCase, CodeChecker, Tensors, WrongVariant } from "./checkers/types";
import { LRUCache } from "lru-cache";

/** A test case with its reference outputs; wrong variants are computed only when a submission fails. */
export interface PreparedCase {
  input: CheckerCase;
  expected: Tensors;
  /** per-output scale of the absolute tolerance (see CodeChecker.scales) */
  scales: Record<string, number>;
  variants(): WrongVariant[];
}

const cache = new LRUCache<string, PreparedCase[]>({ max: 512 });

/**
 * Cases and TensorFlow.js references for (checker, seed), computed once and kept in an LRU map:
 * after the first submission of a variant, tfjs is off the grading hot path.
 */
export function preparedCases(checker: CodeChecker, seed: number): PreparedCase[] {
  const key = `${checker.id}:${seed}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const prepared = checker.cases(seed).map((input) => {
    let variants: WrongVariant[] | null = null;
    return { input, expected: checker.reference(input), scales: checker.scales?.(input) ?? {}, variants: () => (variants ??= checker.wrongVariants(input)) };
  });
  cache.set(key, prepared);
  return prepared;
}
