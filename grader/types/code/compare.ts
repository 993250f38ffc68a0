import type { Float64Tensor } from "@/grader/sandbox/types";
import type { Tolerance } from "./checkers/types";

export type Comparison =
  | { ok: true }
  | { ok: false; kind: "shape"; expected: number[]; got: number[] }
  | { ok: false; kind: "value"; index: number[]; expected: number; got: number };

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function unflatten(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

function maxAbsFinite(data: Float64Array): number {
  let m = 0;
  for (const v of data) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m;
}

/** Index of the first value outside the tolerance, or -1. Non-finite values match only an identical non-finite. */
function firstMismatch(got: Float64Array, expected: Float64Array, rtol: number, atol: number, extra?: Float64Array): number {
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const g = got[i];
    if (!Number.isFinite(e) || !Number.isFinite(g)) {
      if (Object.is(e, g) || (Number.isNaN(e) && Number.isNaN(g))) continue;
      return i;
    }
    if (!(Math.abs(g - e) <= atol + rtol * Math.abs(e) + (extra?.[i] ?? 0))) return i;
  }
  return -1;
}

/** Compare one output of the student with its expected tensor (exact shape, then values within tolerance). */
export function compareTensor(got: Float64Tensor, expected: Float64Tensor, tol: Tolerance, scale?: number): Comparison {
  return compareWithin(got, expected, tol.rtol, tol.atolScale * Math.max(scale ?? 0, maxAbsFinite(expected.data)));
}

/**
 * Like compareTensor, with an absolute tolerance: |got − expected| ≤ atol + rtol·|expected| (+ extra[i], a per-entry
 * error bound of the expected value itself, e.g. of a finite difference).
 */
export function compareWithin(got: Float64Tensor, expected: Float64Tensor, rtol: number, atol: number, extra?: Float64Array): Comparison {
  if (!sameShape(got.shape, expected.shape)) return { ok: false, kind: "shape", expected: expected.shape, got: got.shape };
  const i = firstMismatch(got.data, expected.data, rtol, atol, extra);
  if (i < 0) return { ok: true };
  return { ok: false, kind: "value", index: unflatten(i, expected.shape), expected: expected.data[i], got: got.data[i] };
}

export function matches(got: Float64Tensor, expected: Float64Tensor, tol: Tolerance, scale?: number): boolean {
  return compareTensor(got, expected, tol, scale).ok;
}

export const showShape = (shape: number[]) => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`);

export function showNumber(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? String(Number(v.toPrecision(6))) : v.toExponential(4);
}
