import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeVariant, presentSolution, presentVariant } from "@/grader/grade";
import { loadBank } from "@/question-bank/load";

const bank = loadBank(path.resolve("tests/fixtures/bank"));
const byId = (id: string) => bank.questions.find((q) => q.id === id)!;

describe("presentVariant / presentSolution", () => {
  it("shows the rendered prompt and public fields, never the answer or option flags", () => {
    const lenet = byId("lenet5-parametros-fx");
    const view = presentVariant(lenet, makeVariant(lenet, null));
    expect(view).toEqual({
      id: "lenet5-parametros-fx",
      type: "numeric",
      seed: null,
      params: { c: 1, k: 10 },
      prompt: "Uma LeNet-5 recebe imagens $32 \\times 32$ com $1$ canal(is) e classifica em 10 classes.\nQuantos parâmetros treináveis ela tem?\n",
      unit: "parâmetros",
    });
    const mcq = byId("lenet5-camadas-fx");
    expect(JSON.stringify(presentVariant(mcq, makeVariant(mcq, 3)))).not.toMatch(/correct|feedback/);
  });

  it("renders the solution with the variant's reference answer", async () => {
    const lenet = byId("lenet5-parametros-fx");
    expect(await presentSolution(lenet, makeVariant(lenet, null))).toContain("Total: **61\u202f706**.");
    const he = byId("he-init-variancia-fx");
    expect(await presentSolution(he, { seed: 1, params: { k: 5 } })).toContain("`2 / (25 * C1)`");
  });
});
