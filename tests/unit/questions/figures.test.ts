import { describe, expect, it } from "vitest";
import { makeVariant } from "@/grader/grade";
import { batchnormGraphSvg, questionFigure } from "@/domain/figures/svg";
import { loadBank } from "@/question-bank/load";
import { makeQuestion } from "./helpers";

const bank = loadBank();
const byId = (id: string) => bank.questions.find((q) => q.id === id)!;

describe("figures drawn from the question's own data", () => {
  it("draws LeNet-5 with the variant's numbers", () => {
    const question = byId("lista-i-d-lenet5-parametros");
    for (const seed of [null, 3, 11]) {
      const variant = makeVariant(question, seed);
      const { n, c0, m1, h2 } = variant.params as Record<string, number>;
      const figure = questionFigure(question, variant)!;
      expect(figure.caption).toMatch(/LeNet-5/);
      expect(figure.svg).toContain(`${n}×${n}×${c0}`);
      expect(figure.svg).toContain(`${m1} filtros`);
      expect(figure.svg).toContain(`densa, ${h2} unidades`);
      expect(figure.svg.startsWith("<svg")).toBe(true);
    }
  });

  it("draws an architecture question's stack without the shapes it asks for", () => {
    const question = byId("inf721-cnn-classificacao");
    const figure = questionFigure(question, makeVariant(question, null))!;
    expect(figure.svg).toContain("39×39×3");
    expect(figure.svg).toContain("conv 3×3, 10 filtros");
    expect(figure.svg).not.toContain("37×37×10");
  });

  it("draws the batch-norm graph of exercise XI for the questions that cite Figura 2, and nothing for the others", () => {
    for (const q of bank.questions.filter((x) => /Figura 2/.test(x.prompt))) expect(questionFigure(q, makeVariant(q, null))?.svg).toContain("f₇ᵢ");
    for (const q of bank.questions.filter((x) => /Figura 1/.test(x.prompt))) expect(questionFigure(q, makeVariant(q, null))?.caption).toMatch(/LeNet-5/);
    expect(questionFigure(byId("inf721-filtro-blur-pixel"), makeVariant(byId("inf721-filtro-blur-pixel"), null))).toBeNull();
  });

  it("every question whose prompt cites a figure has one drawn, on several variants", () => {
    const citing = bank.questions.filter((q) => /\b(?:figura|figure|fig\.)/i.test(q.prompt));
    expect(citing.length).toBeGreaterThan(3);
    for (const q of citing) for (const seed of [null, 1, 2]) expect(questionFigure(q, makeVariant(q, seed)), `${q.id} seed ${seed}`).not.toBeNull();
  });

  it("escapes every text it writes", () => {
    expect(batchnormGraphSvg('<script>"x"</script>')).not.toContain("<script>");
    const question = makeQuestion({
      type: "open",
      rubric: [{ id: "r1", text: "x", points: 1 }],
      figure: { kind: "layer-stack", caption: "a <b>", input_shape: [8, 8, 1], layers: [{ type: "Flatten" }] },
    });
    expect(questionFigure(question, { seed: null, params: {} })!.svg).not.toMatch(/<b>/);
  });
});
