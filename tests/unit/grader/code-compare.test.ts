import { describe, expect, it } from "vitest";
import { compareTensor, showNumber, showShape, unflatten } from "@/grader/types/code/compare";

const t = (shape: number[], values: number[]) => ({ shape, data: Float64Array.from(values) });
const tol = { rtol: 1e-4, atolScale: 1e-4 };

describe("compareTensor", () => {
  it("accepts values within tolerance and names the first wrong index otherwise", () => {
    expect(compareTensor(t([2, 2], [1, 2, 3, 4.0001]), t([2, 2], [1, 2, 3, 4]), tol).ok).toBe(true);
    expect(compareTensor(t([2, 2], [1, 2, 3.1, 5]), t([2, 2], [1, 2, 3, 4]), tol)).toEqual({ ok: false, kind: "value", index: [1, 0], expected: 3, got: 3.1 });
  });

  it("requires the exact shape, even when the values would match", () => {
    expect(compareTensor(t([1, 3], [1, 2, 3]), t([3], [1, 2, 3]), tol)).toEqual({ ok: false, kind: "shape", expected: [3], got: [1, 3] });
  });

  it("uses the output's scale for the absolute part, so ~0 values need not match digit by digit", () => {
    expect(compareTensor(t([2], [1e-9, 1]), t([2], [-2e-9, 1]), tol).ok).toBe(true);
    expect(compareTensor(t([2], [1e-3, 1]), t([2], [0, 1]), tol).ok).toBe(false);
    expect(compareTensor(t([2], [1e-3, 1]), t([2], [0, 1]), tol, 100).ok).toBe(true);
  });

  it("NaN and infinities match only themselves", () => {
    expect(compareTensor(t([2], [NaN, 1]), t([2], [NaN, 1]), tol).ok).toBe(true);
    expect(compareTensor(t([2], [NaN, 1]), t([2], [0, 1]), tol).ok).toBe(false);
    expect(compareTensor(t([1], [Infinity]), t([1], [-Infinity]), tol).ok).toBe(false);
  });
});

describe("formatting", () => {
  it("shows shapes the numpy way and indices per axis", () => {
    expect(showShape([3])).toBe("(3,)");
    expect(showShape([2, 3])).toBe("(2, 3)");
    expect(unflatten(7, [2, 2, 3])).toEqual([1, 0, 1]);
    expect(showNumber(NaN)).toBe("nan");
    expect(showNumber(1.23456789)).toBe("1.23457");
    expect(showNumber(2.5e-7)).toBe("2.5000e-7");
  });
});
