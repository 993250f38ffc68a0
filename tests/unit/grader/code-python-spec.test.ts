import { describe, expect, it } from "vitest";
import { drawCases } from "@/grader/types/code/python/draw";
import { FD_CHUNK, referencePlans } from "@/grader/types/code/python/expected";
import { statTolerance } from "@/grader/types/code/python/judge";
import { pythonChecker } from "@/grader/types/code/python/spec";
import { codeFields } from "@/grader/types/code/schema";
import { loadCodeQuestion } from "./code-fixtures";

const conv = loadCodeQuestion("001-slides-inf721/inf721-convolucao-codigo");

describe("python: declaration of a code question", () => {
  it("names what is wrong in a declaration", () => {
    const bad = pythonChecker.safeParse({
      calls: [{ call: "f", args: ["x", "y"], returns: ["out"] }],
      inputs: { x: { shape: ["N", "Q"] } },
      dims: { N: [1, 3] },
      gradients: [{ of: "f", output: "out", upstream: "dout", wrt: { dx: "x" } }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "calls.0.args: y is neither an input nor returned by an earlier call",
        "inputs.x.shape: dimension Q is not in dims or derived",
        "gradients.0.upstream: dout is not an input",
        "gradients.0.wrt.dx: dx is not returned by any call",
      ]),
    );
  });

  it("parts may only grade what the calls return, and checker python needs its block", () => {
    const { python: _python, ...withoutBlock } = conv;
    expect(codeFields.safeParse({ ...withoutBlock, checker: "python" }).success).toBe(false);
    const wrongPart = codeFields.safeParse({ ...conv, parts: [{ name: "x", output: "cache2", weight: 1 }] });
    expect(wrongPart.error?.issues[0]?.message).toMatch(/has no output cache2/);
  });

  it("the same seed draws the same cases, another seed others; fixed cases stay; the first random case has distinct dims", () => {
    const a = drawCases(conv.python!, conv.id, 5);
    const b = drawCases(conv.python!, conv.id, 5);
    const c = drawCases(conv.python!, conv.id, 6);
    expect(a.map((x) => x.label)).toEqual(b.map((x) => x.label));
    expect(Array.from(a.at(-1)!.arrays.x!.data)).toEqual(Array.from(b.at(-1)!.arrays.x!.data));
    expect(Array.from(a.at(-1)!.arrays.x!.data)).not.toEqual(Array.from(c.at(-1)!.arrays.x!.data));
    expect(a.slice(0, 3).map((x) => x.label)).toEqual(c.slice(0, 3).map((x) => x.label));
    const distinct = a[conv.python!.fixed_cases.length]!;
    expect(distinct.label).toMatch(/^formatos distintos/);
    for (const t of Object.values(distinct.arrays)) expect(new Set(t.shape).size).toBe(t.shape.length);
    for (const k of a) {
      const { H, W, HH, WW, pad, stride, Hout, Wout } = k.scope as Record<string, number>;
      expect(Hout).toBe((H! + 2 * pad! - HH!) / stride! + 1);
      expect(k.arrays.dout!.shape).toEqual([k.scope.N, k.scope.F, Hout, Wout]);
      expect(Number.isInteger((W! + 2 * pad! - WW!) / stride!)).toBe(true);
    }
  });

  it("refuses ranges that cannot give distinct dimensions", () => {
    const spec = pythonChecker.parse({ calls: [{ call: "f", args: ["x"], returns: ["y"] }], inputs: { x: { shape: ["A", "B"] } }, dims: { A: [2, 2], B: [2, 2] } });
    expect(() => drawCases(spec, "q", 1)).toThrow(/pairwise distinct/);
  });

  it("the reference never runs the written backward: finite differences of the forward, split into chunks of entries", () => {
    const { forward, gradients } = referencePlans(conv.python!, ["out", "dx", "dw", "db"], { x: 2 * FD_CHUNK + 5, w: 12, b: 2, dout: 40 });
    expect(forward.plan.map((s) => s.call)).toEqual(["conv_forward"]);
    expect(forward.outputs).toEqual(["out"]);
    expect(gradients.map((g) => [g.output, g.range])).toEqual([
      ["dx", [0, FD_CHUNK]],
      ["dx", [FD_CHUNK, 2 * FD_CHUNK]],
      ["dx", [2 * FD_CHUNK, 2 * FD_CHUNK + 5]],
      ["dw", [0, 12]],
      ["db", [0, 2]],
    ]);
    expect(gradients.every((g) => g.required.join() === "conv_forward" && g.plan.length === 1 && "vjp" in g.plan[0]!)).toBe(true);
    expect(gradients[0]!.outputs).toContain("dx@err");
  });

  it("the statistical tolerance shrinks with the sample size (5 standard errors)", () => {
    expect(statTolerance(4, 100)).toEqual({ mean: 1, variance: 5 * 4 * Math.sqrt(2 / 99) });
    expect(statTolerance(4, 10_000).mean).toBeCloseTo(0.1, 12);
  });
});
