import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradeAnswer, makeVariant } from "@/grader/grade";
import { numericReference, numericType, type NumericQuestion } from "@/grader/types/numeric";
import type { Variant } from "@/domain/questions/base";
import { makeQuestion, TEN_MB } from "../questions/helpers";

const params = {
  n: { default: 32, choices: [28, 32, 64] },
  f: { default: 5, range: [3, 7], step: 2 },
  s: { default: 1, choices: [1, 2] },
};
const conv = makeQuestion<NumericQuestion>({
  type: "numeric",
  params,
  derived: { p: "(f - 1) / 2" },
  constraints: ["mod(n + 2*p - f, s) == 0"],
  answer: "floor((n + 2*p - f) / s) + 1",
  tolerance: { mode: "integer" },
  misconceptions: [{ id: "sem-mais-um", answer: "floor((n + 2*p - f) / s)", feedback: "Faltou somar 1." }],
});
const ratio = makeQuestion<NumericQuestion>({
  type: "numeric",
  params: { a: { default: 1, range: [1, 9], step: 1 } },
  answer: "a / 3",
  tolerance: { rel: 0.001 },
});
const def: Variant = { seed: null, params: { n: 32, f: 5, s: 1 } };
const grade = (q: NumericQuestion, answer: string, variant: Variant = def) => numericType.grade(q, variant, answer) as ReturnType<typeof numericType.grade> & { score: number; feedback: string; invalid?: boolean; misconception?: string };

describe("numeric grading", () => {
  it("computes the answer from the formula", () => {
    expect(numericReference(conv, def)).toBe(32);
    expect(numericReference(ratio, { seed: null, params: { a: 1 } })).toBeCloseTo(1 / 3);
  });

  it.each(["32", "32,0", "3.2e1", "+32", "64/2", " 32 "])("integer mode accepts %j", (answer) => {
    expect(grade(conv, answer).score).toBe(1);
  });

  it("integer mode is exact", () => {
    expect(grade(conv, "32,0001").score).toBe(0);
    expect(grade(conv, "31,5").feedback).toMatch(/inteiro/);
  });

  it("rel tolerance accepts close values in any notation and refuses the rest", () => {
    const v = { seed: null, params: { a: 1 } };
    for (const answer of ["0,3333", "0.3334", "1/3", "3,333e-1"]) expect(grade(ratio, answer, v).score).toBe(1);
    // correctly rounded but coarser than the tolerance: partial credit, named
    expect(grade(ratio, "0,33", v)).toMatchObject({ score: 0.5, misconception: "rounded-too-much" });
    expect(grade(ratio, "0,34", v).score).toBe(0);
  });

  it("abs and rel combined: either passes", () => {
    const q = makeQuestion<NumericQuestion>({ type: "numeric", answer: "2 / 3 * 1000", tolerance: { abs: 1, rel: 0.0001 } });
    const v = { seed: null, params: {} };
    expect(grade(q, "667", v).score).toBe(1);
    expect(grade(q, "668", v).score).toBe(0);
  });

  it("recognises a declared misconception", () => {
    expect(grade(conv, "31")).toMatchObject({ score: 0, misconception: "sem-mais-um", feedback: "Faltou somar 1." });
  });

  it("hints high/low only for near misses and never shows the value", () => {
    expect(grade(conv, "40").feedback).toMatch(/acima/);
    expect(grade(conv, "20").feedback).toMatch(/abaixo/);
    expect(grade(conv, "3200").feedback).toMatch(/ordem de grandeza/);
    expect(grade(conv, "-32").feedback).toMatch(/sinal/);
    expect(grade(conv, "70").feedback).toBe("Resposta incorreta.");
    for (const answer of ["40", "20", "3200", "-32", "70", "31"]) expect(grade(conv, answer).feedback).not.toContain("32");
  });

  it.each([
    ["", /vazia/],
    ["NaN", /Não consegui ler/],
    ["1e309", /grande demais/],
    ["trinta e dois", /Não consegui ler/],
    ["a 10 MB string" as string, /longa demais/, TEN_MB],
  ])("refuses %j as unreadable, not as wrong", (label, message, answer = label) => {
    expect(grade(conv, answer)).toMatchObject({ score: 0, invalid: true, feedback: expect.stringMatching(message) });
  });

  it("refuses wrong input types", () => {
    for (const answer of [32, null, undefined, ["32"]]) expect(grade(conv, answer as unknown as string).invalid).toBe(true);
  });

  it("gradeAnswer turns unreadable answers and broken questions into error outcomes", async () => {
    expect(await gradeAnswer(conv, def, "x")).toMatchObject({ status: "error", reason: "invalid-answer", score: 0, maxScore: 1 });
    const broken = { ...conv, answer: "n / 0 + undefinedSymbol" };
    const outcome = await gradeAnswer(broken, def, "1");
    expect(outcome).toMatchObject({ status: "error", reason: "internal" });
    expect(outcome.feedback).not.toMatch(/undefinedSymbol/);
  });

  it("reference answer grades 1 for every variant (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }), async (seed) => {
        for (const q of [conv, ratio]) {
          const variant = makeVariant(q, seed);
          const reference = numericType.referenceAnswer(q, variant) as string;
          expect(numericType.grade(q, variant, reference)).toMatchObject({ score: 1 });
        }
      }),
      { numRuns: 100 },
    );
  });

  it("reference answer is short when the tolerance allows it", () => {
    expect(numericType.referenceAnswer(ratio, { seed: null, params: { a: 1 } })).toBe("0,333");
  });

  it("integer mode ignores float noise in the formula", () => {
    const q = { ...conv, answer: "0.1 * 30" };
    expect(numericReference(q, def)).toBe(3);
    expect(grade(q, "3").score).toBe(1);
  });

  it("refuses a non-integer answer formula in integer mode as a bank error", () => {
    const q = { ...conv, answer: "n / 3" };
    expect(() => numericType.grade(q, def, "1")).toThrow(/integer/);
  });
});

describe("numeric alternatives (Moodle's partial-credit answers)", () => {
  const q = makeQuestion({
    type: "numeric",
    params: { n: { default: 28 } },
    answer: "n * 6 - 12",
    tolerance: { mode: "integer" },
    alternatives: [
      { answer: "150", credit: 0.5, feedback: "Faltou o viés de cada filtro." },
      { answer: "n * 6", tolerance: { abs: 2 }, credit: 0 , feedback: "Conte só os pesos do filtro 5×5." },
    ],
  });
  const grade = (answer: string) => gradeAnswer(q, makeVariant(q, null), answer);

  it("the main answer first, then each alternative with its own tolerance, credit and feedback", async () => {
    expect(await grade("156")).toMatchObject({ score: 1 });
    expect(await grade("150")).toMatchObject({ score: 0.5, feedback: "Parcialmente correto (50% do valor).\n\nFaltou o viés de cada filtro." });
    expect(await grade("169")).toMatchObject({ score: 0, feedback: "Resposta incorreta.\n\nConte só os pesos do filtro 5×5." });
    expect((await grade("151")).score).toBe(0);
  });
});
