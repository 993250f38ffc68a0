import { describe, expect, it } from "vitest";
import { brokenConstraints, drawVariant, isParameterized, MAX_REDRAWS, paramSpecSchema, UnsolvableVariantError, variantScope } from "@/domain/questions/params";

const conv = {
  id: "conv",
  params: {
    n: { default: 39, range: [20, 64] as [number, number], step: 1 },
    f: { default: 3, choices: [3, 5, 7] },
    s: { default: 1, choices: [1, 2] },
    lr: { default: 0.01, range: [0.001, 0.1] as [number, number], decimals: 3 },
    X: { default: [[1, 2], [3, 4]], matrix: { rows: 3, cols: 4, int: [-1, 1] as [number, number] } },
  },
  derived: { out: "(n - f) / s + 1", out2: "out * 2" },
  constraints: ["mod(n - f, s) == 0"],
};

describe("drawVariant", () => {
  it("uses every default for seed null", () => {
    expect(drawVariant(conv, null)).toEqual({ seed: null, params: { n: 39, f: 3, s: 1, lr: 0.01, X: [[1, 2], [3, 4]] } });
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = drawVariant(conv, 7);
    expect(drawVariant(conv, 7)).toEqual(a);
    const distinct = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(drawVariant(conv, i + 1).params)));
    expect(distinct.size).toBeGreaterThan(15);
  });

  it("draws from choices, stepped ranges, decimal ranges and integer matrices", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const { params } = drawVariant(conv, seed);
      expect([3, 5, 7]).toContain(params.f);
      expect(Number.isInteger(params.n) && (params.n as number) >= 20 && (params.n as number) <= 64).toBe(true);
      const lr = params.lr as number;
      expect(lr).toBeGreaterThanOrEqual(0.001);
      expect(lr).toBeLessThanOrEqual(0.1);
      expect(Math.round(lr * 1000) / 1000).toBe(lr);
      const X = params.X as number[][];
      expect(X).toHaveLength(3);
      expect(X.every((row) => row.length === 4 && row.every((v) => [-1, 0, 1].includes(v)))).toBe(true);
    }
  });

  it("covers the whole range including both ends", () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => drawVariant(conv, i).params.n));
    expect(seen.size).toBe(45);
  });

  it("keeps steps exact (no float noise)", () => {
    const q = { id: "step", params: { x: { default: 0.1, range: [0.1, 0.9] as [number, number], step: 0.2 } } };
    const values = new Set(Array.from({ length: 200 }, (_, i) => drawVariant(q, i).params.x));
    expect([...values].sort()).toEqual([0.1, 0.3, 0.5, 0.7, 0.9]);
  });

  it("redraws until the constraints hold", () => {
    for (let seed = 1; seed <= 100; seed++) {
      const variant = drawVariant(conv, seed);
      expect(brokenConstraints(conv, variant)).toEqual([]);
    }
  });

  it("fails with an unsolvable-variant error when no draw satisfies the constraints", () => {
    const impossible = { id: "nope", params: { n: { default: 1, choices: [1, 2] } }, constraints: ["n > 5"] };
    expect(() => drawVariant(impossible, 1)).toThrow(UnsolvableVariantError);
    expect(() => drawVariant(impossible, 1)).toThrow(new RegExp(`${MAX_REDRAWS} draws`));
  });

  it("computes derived values in order", () => {
    expect(variantScope(conv, drawVariant(conv, null))).toMatchObject({ out: 37, out2: 74 });
  });

  it("tells parameterized questions from fixed ones", () => {
    expect(isParameterized(conv)).toBe(true);
    expect(isParameterized({ params: { a: { default: 1 } } })).toBe(false);
    expect(isParameterized({})).toBe(false);
  });
});

describe("paramSpecSchema", () => {
  it.each([
    [{ default: 1, range: [0, 5] }, /exactly one of step or decimals/],
    [{ default: 1, range: [5, 0], step: 1 }, /min <= max/],
    [{ default: 1, choices: [1], range: [0, 1], step: 1 }, /only one of/],
    [{ default: 1, step: 1 }, /only go with range/],
    [{ default: [[1]] }, /needs `matrix/],
    [{ default: 1, matrix: { rows: 2, cols: 2, int: [0, 1] } }, /matrix default/],
    [{ default: 1, chioces: [1, 2] }, /chioces|Unrecognized/i],
  ])("rejects %j", (spec, message) => {
    const result = paramSpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join("\n")).toMatch(message);
  });
});
