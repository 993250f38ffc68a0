import { describe, expect, it } from "vitest";
import { codeFields } from "@/grader/types/code/schema";
import { CODE_QUESTION_FOLDERS, loadCodeQuestion } from "./code-fixtures";

describe("code question schema", () => {
  it.each(Object.values(CODE_QUESTION_FOLDERS))("%s validates", (folder) => {
    const q = loadCodeQuestion(folder);
    expect(q.type).toBe("code");
    expect(q.id.endsWith("-codigo")).toBe(true);
    expect(q.parts.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
    for (const name of q.required_names) expect(q.reference_solution).toContain(`def ${name}(`);
    for (const name of q.required_names) expect(q.starter).toContain(`def ${name}(`);
  });

  it("the batch-norm question is item XI with the weights of the brief's four parts", () => {
    const q = loadCodeQuestion(CODE_QUESTION_FOLDERS.batchnorm);
    expect(q.source.item).toBe("XI");
    expect(q.parts.map((p) => [p.output, p.weight])).toEqual([["out", 0.4], ["dx", 0.3], ["dgamma", 0.15], ["dbeta", 0.15]]);
  });

  const valid = {
    language: "python",
    checker: "maxpool",
    required_names: ["max_pool_forward"],
    contract: "c",
    starter: "s",
    reference_solution: "r",
    parts: [{ name: "out", output: "out", weight: 1 }],
  };

  it("rejects unknown checkers, outputs the checker lacks, and weights not summing to 1", () => {
    expect(codeFields.safeParse(valid).success).toBe(true);
    expect(codeFields.safeParse({ ...valid, checker: "nope" }).success).toBe(false);
    expect(codeFields.safeParse({ ...valid, parts: [{ name: "dx", output: "dx", weight: 1 }] }).success).toBe(false);
    expect(codeFields.safeParse({ ...valid, parts: [{ name: "out", output: "out", weight: 0.5 }] }).success).toBe(false);
    expect(codeFields.safeParse({ ...valid, required_names: ["1bad"] }).success).toBe(false);
    expect(codeFields.safeParse({ ...valid, limits: { wall_ms: 60_000 } }).success).toBe(false);
  });
});
