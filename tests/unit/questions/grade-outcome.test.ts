import { describe, expect, it, vi } from "vitest";

// A module whose result carries extra fields (as the code type's sandbox status) and one that throws.
vi.mock("@/grader/types/registry", () => {
  const extra = { type: "code", grade: async () => ({ score: 0.5, feedback: "metade", status: "ok", wallMs: 12, parts: [] }) };
  const broken = { type: "numeric", grade: () => { throw new Error("answer formula uses undefined symbol q"); } };
  const modules: Record<string, unknown> = { code: extra, numeric: broken };
  return { registry: modules, moduleFor: (type: string) => modules[type] };
});

const { gradeAnswer } = await import("@/grader/grade");
const question = (type: string) =>
  ({ id: "q", type, title: "t", topic: "t", tags: [], errata: [], source: { seed: "s", item: "i" }, prompt: "", solution: "" }) as never;
const variant = { seed: null, params: {} };

describe("gradeAnswer outcome", () => {
  it("keeps only GradeResult fields: a module's own `status` cannot override the outcome's", async () => {
    expect(await gradeAnswer(question("code"), variant, "x")).toEqual({ status: "graded", score: 0.5, maxScore: 1, feedback: "metade", parts: [] });
  });

  it("turns a grader exception into an internal error with a detail for logs, not for students", async () => {
    const outcome = await gradeAnswer(question("numeric"), variant, "1");
    expect(outcome).toMatchObject({ status: "error", reason: "internal", score: 0, maxScore: 1, detail: expect.stringMatching(/undefined symbol q/) });
    expect(outcome.feedback).not.toMatch(/symbol/);
  });
});
