import { describe, expect, it, vi } from "vitest";

// A registry without the numeric module: the loader must report it, not crash.
vi.mock("@/grader/types/registry", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/grader/types/registry")>();
  const others = Object.fromEntries(Object.entries(real.registry).filter(([type]) => type !== "numeric"));
  return { registry: others, moduleFor: (type: string) => (others as Record<string, unknown>)[type] };
});

const { loadBank } = await import("@/question-bank/load");
const { gradeAnswer } = await import("@/grader/grade");

describe("a type with no grader module yet", () => {
  it("is a load problem naming the file, and the other questions still load", () => {
    const bank = loadBank("tests/fixtures/bank");
    expect(bank.problems).toContainEqual({ file: "000-lista/lenet5-parametros-fx/question.yaml", message: "type numeric has no grader yet" });
    expect(bank.problems).toContainEqual({ file: "004-slides-cnn-en/conv-saida-fx/question.yaml", message: "type numeric has no grader yet" });
    expect(bank.questions.map((q) => q.type).sort()).toEqual(["mcq", "mcq", "open", "symbolic"]);
  });

  it("grades to an error outcome, not an exception", async () => {
    const question = { id: "x", type: "numeric", title: "t", topic: "t", tags: [], errata: [], source: { seed: "s", item: "i" }, prompt: "", solution: "" };
    const outcome = await gradeAnswer(question as never, { seed: null, params: {} }, "1");
    expect(outcome).toMatchObject({ status: "error", reason: "internal", score: 0, maxScore: 1 });
  });
});
