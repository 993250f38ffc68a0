import { describe, expect, it } from "vitest";
import { checkerFor, checkerIds } from "@/grader/types/code/checkers";
import { preparedCases } from "@/grader/types/code/cases";
import { compareTensor } from "@/grader/types/code/compare";
import type { Float64Tensor } from "@/grader/sandbox/types";

const SEEDS = Array.from({ length: 30 }, (_, i) => i * 7919 + 1);

const filled = (shape: number[], v: number): Float64Tensor => ({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v) });
const mean = (t: Float64Tensor) => t.data.reduce((a, b) => a + b, 0) / Math.max(1, t.data.length);

/**
 * A non-answer must score 0: for every checker, seed, case and graded output, returning zeros, a constant (1, or the
 * best constant: the expected mean) or one of the case's own inputs of the same shape never passes the case.
 */
describe("cases that a non-answer cannot pass", () => {
  for (const id of checkerIds()) {
    it(`${id}: zeros, constants and the input itself fail every case over ${SEEDS.length} seeds`, () => {
      const checker = checkerFor(id)!;
      const passed: string[] = [];
      for (const seed of SEEDS) {
        for (const [i, c] of preparedCases(checker, seed).entries()) {
          for (const output of checker.outputs) {
            const expected = c.expected[output];
            const tries: Record<string, Float64Tensor> = {
              zeros: filled(expected.shape, 0),
              ones: filled(expected.shape, 1),
              "expected mean": filled(expected.shape, mean(expected)),
            };
            for (const [name, input] of Object.entries(c.input.arrays)) {
              if (input.shape.join() === expected.shape.join()) tries[`input ${name}`] = input;
            }
            for (const [what, got] of Object.entries(tries)) {
              if (compareTensor(got, expected, checker.tolerance, c.scales[output]).ok) passed.push(`seed ${seed}, case ${i} (${c.input.label}), ${output} = ${what}`);
            }
          }
        }
      }
      expect(passed).toEqual([]);
    });
  }
});
