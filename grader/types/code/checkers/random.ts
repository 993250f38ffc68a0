import seedrandom from "seedrandom";
import type { Float64Tensor } from "@/grader/sandbox/types";

export type Rng = () => number;

export function rngFor(checker: string, seed: number, caseIndex: number): Rng {
  return seedrandom(`${checker}:${seed}:${caseIndex}`);
}

export function normal(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/**
 * A tensor whose entries are exactly representable in float32, so the float64 data the student
 * receives and the float32 data TensorFlow.js computes with start from identical numbers.
 */
export function tensor(shape: number[], fill: (index: number[], flat: number) => number): Float64Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  const index = shape.map(() => 0);
  for (let flat = 0; flat < size; flat++) {
    data[flat] = Math.fround(fill(index, flat));
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return { shape, data };
}
