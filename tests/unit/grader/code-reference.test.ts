import { describe, expect, it } from "vitest";
import type { Float64Tensor } from "@/grader/sandbox/types";
import { batchnormChecker, spatialBatchnormChecker } from "@/grader/types/code/checkers/batchnorm";
import { maxpoolChecker } from "@/grader/types/code/checkers/maxpool";
import type { CheckerCase, CodeChecker } from "@/grader/types/code/checkers/types";
import { matches } from "@/grader/types/code/compare";

/** Independent float64 batch norm (closed-form backward), statistics per channel = axis 1. */
function float64Batchnorm(c: CheckerCase): Record<string, Float64Tensor> {
  const { x, gamma, beta, dout } = c.arrays;
  const eps = c.scalars.eps;
  const C = x.shape[1];
  const inner = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const ch = (i: number) => Math.floor(i / inner) % C;
  const m = x.data.length / C;
  const mean = new Float64Array(C);
  x.data.forEach((v, i) => (mean[ch(i)] += v / m));
  const variance = new Float64Array(C);
  x.data.forEach((v, i) => (variance[ch(i)] += (v - mean[ch(i)]) ** 2 / m));
  const inv = Array.from(variance, (v) => 1 / Math.sqrt(v + eps));
  const xhat = x.data.map((v, i) => (v - mean[ch(i)]) * inv[ch(i)]);
  const out = xhat.map((v, i) => v * gamma.data[ch(i)] + beta.data[ch(i)]);
  const dbeta = new Float64Array(C);
  const dgamma = new Float64Array(C);
  dout.data.forEach((d, i) => {
    dbeta[ch(i)] += d;
    dgamma[ch(i)] += d * xhat[i];
  });
  const dx = dout.data.map((d, i) => {
    const k = ch(i);
    return (gamma.data[k] * inv[k] / m) * (m * d - dbeta[k] - xhat[i] * dgamma[k]);
  });
  return { out: { shape: x.shape, data: out }, dx: { shape: x.shape, data: dx }, dgamma: { shape: [C], data: dgamma }, dbeta: { shape: [C], data: dbeta } };
}

function expectWithinTolerance(checker: CodeChecker, seed: number, exact: (c: CheckerCase) => Record<string, Float64Tensor>) {
  for (const c of checker.cases(seed)) {
    const ref = checker.reference(c);
    const scales = checker.scales?.(c) ?? {};
    for (const [name, want] of Object.entries(exact(c))) {
      expect(matches(ref[name], want, checker.tolerance, scales[name]), `${c.label} ${name}`).toBe(true);
    }
  }
}

describe("batch-norm references (TensorFlow.js float32, autodiff) agree with float64 closed form", () => {
  it.each([0, 1, 17])("dense, seed %s", (seed) => expectWithinTolerance(batchnormChecker, seed, float64Batchnorm));
  it.each([0, 5])("spatial, seed %s", (seed) => expectWithinTolerance(spatialBatchnormChecker, seed, float64Batchnorm));

  it("the cases cover small/odd shapes, N=2, large magnitude, near-constant columns and a non-default eps", () => {
    const cases = batchnormChecker.cases(3);
    expect(cases.some((c) => c.arrays.x.shape[0] === 2)).toBe(true);
    expect(cases.some((c) => c.arrays.x.shape.some((d) => d % 2 === 1))).toBe(true);
    expect(cases.some((c) => c.arrays.x.data.some((v) => Math.abs(v) > 1000))).toBe(true);
    expect(cases.filter((c) => c.scalars.eps !== 1e-5)).toHaveLength(1);
    const nearConstant = cases.find((c) => c.label.startsWith("colunas"))!;
    const col0 = Array.from({ length: nearConstant.arrays.x.shape[0] }, (_, i) => nearConstant.arrays.x.data[i * nearConstant.arrays.x.shape[1]]);
    expect(new Set(col0).size).toBe(1);
  });

  it("every known wrong variant is told apart from the reference in some case", () => {
    for (const checker of [batchnormChecker, spatialBatchnormChecker]) {
      const seen = new Set<string>();
      for (const c of checker.cases(0)) {
        const ref = checker.reference(c);
        const scales = checker.scales!(c);
        for (const v of checker.wrongVariants(c)) {
          if (Object.entries(v.outputs).some(([name, t]) => !matches(t, ref[name], checker.tolerance, scales[name]))) seen.add(v.id);
        }
      }
      const expected = ["unbiased-variance", "missing-eps", "wrong-axis", "dx-missing-mean-var-terms", "swapped-dgamma-dbeta", "eps-ignored"];
      if (checker === spatialBatchnormChecker) expected.push("instance-norm", "reshape-without-transpose");
      expect([...seen].sort()).toEqual(expected.sort());
    }
  });

  it("ignoring eps changes the output only in the non-default-eps case", () => {
    const cases = batchnormChecker.cases(0);
    const epsCase = cases.find((c) => c.scalars.eps !== 1e-5)!;
    const v = batchnormChecker.wrongVariants(epsCase).find((w) => w.id === "eps-ignored")!;
    expect(matches(v.outputs.out, batchnormChecker.reference(epsCase).out, batchnormChecker.tolerance)).toBe(false);
    for (const c of cases.filter((k) => k !== epsCase)) expect(batchnormChecker.wrongVariants(c).some((w) => w.id === "eps-ignored")).toBe(false);
  });
});

describe("max-pooling reference", () => {
  it("reproduces the slides' example and exercise", () => {
    const [example, exercise] = maxpoolChecker.cases(0);
    expect(Array.from(maxpoolChecker.reference(example).out.data)).toEqual([9, 2, 6, 3]);
    const out = maxpoolChecker.reference(exercise).out;
    expect(out.shape).toEqual([1, 1, 3, 3]);
    expect(Array.from(out.data)).toEqual([9, 9, 5, 9, 9, 5, 8, 6, 9]);
  });
});
