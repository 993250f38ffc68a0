import { describe, expect, it } from "vitest";
import { titleContradiction } from "@/question-bank/check";
import { checkGaming } from "@/question-bank/gaming";
import type { LoadedQuestion } from "@/question-bank/load";
import { makeQuestion } from "../questions/helpers";

async function problemsOf(fields: Record<string, unknown>): Promise<string[]> {
  const problems: string[] = [];
  await checkGaming(makeQuestion<LoadedQuestion>(fields), (message) => problems.push(message), 30);
  return problems;
}

describe("bank check: variants that cannot be gamed", () => {
  it("fails a question whose constant answer scores above 1/3 (too few distinct variants)", async () => {
    const problems = await problemsOf({ type: "numeric", params: { n: { default: 4, choices: [4, 6] } }, answer: "n * 2", tolerance: { mode: "integer" } });
    expect(problems).toEqual([expect.stringMatching(/gameable variants: the constant answer "\d+" scores 0\.\d+ on average over 30 seeds.*2 distinct/)]);
  });

  it("passes a question with many distinct variants", async () => {
    expect(await problemsOf({ type: "numeric", params: { n: { default: 4, range: [2, 60], step: 1 } }, answer: "n * 2", tolerance: { mode: "integer" } })).toEqual([]);
  });

  it("fails a misconception that equals the right answer in a drawable variant, and passes once a constraint removes it", async () => {
    const fields = {
      type: "numeric",
      params: { c: { default: 3, choices: [1, 3, 4, 16, 32, 64, 128] }, f: { default: 3, range: [1, 11], step: 2 } },
      answer: "f * f * c",
      tolerance: { mode: "integer" },
      misconceptions: [{ id: "sem-canais", answer: "f * f", feedback: "Faltaram os canais." }],
    };
    expect(await problemsOf(fields)).toEqual([expect.stringMatching(/misconception "sem-canais" equals the right answer in \d+ of 30 variants/)]);
    expect(await problemsOf({ ...fields, constraints: ["c > 1"] })).toEqual([]);
  });

  it("a constant matrix (the input's maximum everywhere) earns nothing, so random max pooling passes", async () => {
    const problems = await problemsOf({
      type: "matrix",
      params: { X: { default: [[1, 3, 2], [2, 9, 1], [1, 3, 2]], matrix: { rows: 5, cols: 5, int: [0, 9] } } },
      answer: { op: "maxpool", input: "X", size: 3, stride: 1 },
    });
    expect(problems).toEqual([]);
  });
});

describe("bank check: titles agree with the variant", () => {
  const fields = {
    type: "numeric",
    title: "Exemplo de uma camada: volume 6×6×3 convolvido com dois filtros 3×3×3",
    params: { n: { default: 6, choices: [6, 7] }, c: { default: 3, choices: [1, 3] }, f: { default: 3, choices: [3] } },
    answer: "(n - f + 1)^2 * 2",
    tolerance: { mode: "integer" },
  };
  const texts = { prompt: "Um volume ${{n}}\\times{{n}}\\times{{c}}$ e dois filtros ${{f}}\\times{{f}}\\times{{c}}$.", solution: "{{answer}}" };
  it("fails a title whose sizes a variant's prompt does not have, and passes the default variant", () => {
    const question = makeQuestion<LoadedQuestion>(fields, texts);
    expect(titleContradiction(question, { seed: null, params: { n: 6, c: 3, f: 3 } })).toBeNull();
    expect(titleContradiction(question, { seed: 1, params: { n: 7, c: 1, f: 3 } })).toMatch(/title names 6×6×3/);
  });
});
