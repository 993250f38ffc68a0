import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeVariant } from "@/grader/grade";
import { symbolicType, type SymbolicQuestion } from "@/grader/types/symbolic";
import { sampleDomain } from "@/grader/types/symbolic/equivalence";
import type { GradeResult, Variant } from "@/domain/questions/base";
import { makeQuestion, TEN_MB } from "../questions/helpers";

const he = makeQuestion<SymbolicQuestion>({
  type: "symbolic",
  params: { k: { default: 3, choices: [3, 5, 7] } },
  variables: { C1: { domain: "positive-integer" }, C2: { domain: "positive-integer" } },
  answer: "2 / (k^2 * C1)",
  misconceptions: [{ id: "lecun", answer: "1 / (k^2 * C1)", feedback: "Essa é a LeCun." }],
});
const def: Variant = { seed: null, params: { k: 3 } };
const grade = (answer: string, q: SymbolicQuestion = he, variant: Variant = def) => symbolicType.grade(q, variant, answer) as GradeResult;

describe("symbolic equivalence", () => {
  it.each([
    "2/(9*C1)",
    "2/(9C1)",
    "(2/9)/C1",
    "2 / 9 / C1",
    "2*(9*C1)^-1",
    "2*(9*C1)**(-1)",
    "(2/9)*C1^(-1)",
    "4/(18*C1)",
    "2/(3^2*C1)",
    "2 ÷ (9 × C1)",
    "2/(9*C1) + C2 - C2",
    "sqrt(4)/(9*C1)",
  ])("accepts %j", (answer) => {
    expect(grade(answer)).toMatchObject({ score: 1 });
  });

  it.each(["2/(9*C2)", "2/9", "2/(9*C1) + 1/C1^3", "2/(8*C1)", "C1"])("refuses %j", (answer) => {
    expect(grade(answer)).toMatchObject({ score: 0 });
    expect(grade(answer).invalid).toBeUndefined();
  });

  it("uses the variant's parameters", () => {
    const v5: Variant = { seed: 1, params: { k: 5 } };
    expect(grade("2/(25*C1)", he, v5).score).toBe(1);
    expect(grade("2/(9*C1)", he, v5).score).toBe(0);
  });

  it("recognises a declared misconception and a constant factor", () => {
    expect(grade("1/(9*C1)")).toMatchObject({ score: 0, misconception: "lecun", feedback: "Essa é a LeCun." });
    expect(grade("6/(9*C1)")).toMatchObject({ score: 0, misconception: "constant-factor" });
  });

  it("tells how an implicit multiplication was read", () => {
    expect(grade("2/(9C1)").feedback).toContain("`2 / (9 * C1)`");
  });

  it.each([
    ["2/9C1", /ambíguo/],
    ["1/2 C1", /ambíguo/],
    ["", /vazia/],
    ["2/(9*x)", /“x” não é uma variável desta questão. Variáveis: C1, C2/],
    ["2/(9*c1)", /Você quis dizer C1\?/],
    ["2/(9*k)", /“k” não é uma variável/],
    ["2/(9*C1", /Erro de sintaxe perto da posição/],
    ["0,5;C1", /Use apenas/],
    ["evaluate(\"1\")", /não é permitida/],
    ["foo(C1)", /A função “foo” não é permitida/],
    ["C1(2)", /é uma variável, não uma função/],
    ["2 = C1", /Erro de sintaxe/],
    ["[C1, 2]", /Use apenas/],
    ["C1!", /operador/],
    ["C1 > 2", /operador/],
    ["\"texto\"", /Use apenas/],
    ["sqrt", /é uma função/],
    ["a 10 MB string", /longa demais/, TEN_MB],
  ])("refuses %j as unreadable with a clear message", (label, message, answer = label) => {
    const result = grade(answer as string);
    expect(result).toMatchObject({ score: 0, invalid: true });
    expect(result.feedback).toMatch(message as RegExp);
  });

  it("refuses wrong input types", () => {
    for (const answer of [1, null, undefined, { a: 1 }]) expect(grade(answer as unknown as string)).toMatchObject({ invalid: true });
  });

  it("accepts sqrt, exp, ln/log, pi, e and unicode minus", () => {
    const q = makeQuestion<SymbolicQuestion>({ type: "symbolic", variables: { x: { domain: "positive-real" } }, answer: "sqrt(2 / x) * log(x) - exp(-x)" });
    const v: Variant = { seed: null, params: {} };
    for (const answer of ["sqrt(2/x)*ln(x) − exp(−x)", "(2/x)^(1/2)*log(x) - e^(-x)", "sqrt(2)*log(x)/sqrt(x) - 1/exp(x)"]) {
      expect(grade(answer, q, v)).toMatchObject({ score: 1 });
    }
  });

  it("resamples where the reference is undefined and compares with relative tolerance", () => {
    // undefined (complex) for half of the real domain: those points are redrawn
    const q = makeQuestion<SymbolicQuestion>({ type: "symbolic", variables: { x: { domain: "real" } }, answer: "sqrt(x) * log(x)" });
    const v: Variant = { seed: null, params: {} };
    expect(grade("log(x)*x^(1/2)", q, v).score).toBe(1);
    expect(grade("log(x)*x", q, v).score).toBe(0);
    const big = makeQuestion<SymbolicQuestion>({ type: "symbolic", variables: { n: { domain: "positive-integer" } }, answer: "n^8 * 1e10" });
    expect(grade("1e10 * n^8", big, v).score).toBe(1);
    expect(grade("1e10 * n^8 + 1", big, v).score).toBe(1);
    expect(grade("1e10 * n^8 * 1.001", big, v).score).toBe(0);
  });

  it("samples positive-integer variables as positive integers and the others in their domain", () => {
    let seed = 0;
    const rng = () => ((seed = (seed * 9301 + 49297) % 233280) / 233280);
    for (let i = 0; i < 500; i++) {
      const n = sampleDomain("positive-integer", rng);
      expect(Number.isInteger(n) && n >= 1).toBe(true);
      expect(sampleDomain("positive-real", rng)).toBeGreaterThan(0);
    }
  });

  it("reference answer grades 1 for every variant (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (seed) => {
        const variant = makeVariant(he, seed);
        expect(grade(symbolicType.referenceAnswer(he, variant) as string, he, variant).score).toBe(1);
      }),
      { numRuns: 50 },
    );
  });

  it("grading is deterministic", () => {
    expect(grade("2/(9*C1) + 1e-9*C1")).toEqual(grade("2/(9*C1) + 1e-9*C1"));
  });

  it("schema refuses a variable that is also a parameter, and no variables", () => {
    expect(() => makeQuestion({ type: "symbolic", params: { C1: { default: 1 } }, variables: { C1: { domain: "real" } }, answer: "C1" })).toThrow(/both a variable and a parameter/);
    expect(() => makeQuestion({ type: "symbolic", variables: {}, answer: "1" })).toThrow(/at least one variable/);
    expect(() => makeQuestion({ type: "symbolic", variables: { x: { domain: "complex" } }, answer: "x" })).toThrow(/domain/);
  });
});

describe("symbolic reader: LaTeX, Unicode and how formulas are written", () => {
  it.each([
    "\\frac{2}{9C_1}",
    "\\frac{2}{9 \\cdot C_{1}}",
    "\\dfrac{2}{9\\times C_1}",
    "$\\frac{2}{9C_1}$",
    "2/(9·C₁)",
    "2/(9*C_1)",
    "Var = 2/(9*C1)",
    "σ² = 2/(9*C1)",
    "N(0, 2/(9*C1))",
    "2/(3²C1)",
  ])("accepts %j", (answer) => {
    expect(grade(answer)).toMatchObject({ score: 1 });
  });

  it("reads roots, Greek letters and ⌊⌋/floor in output-size formulas", () => {
    const he2 = makeQuestion<SymbolicQuestion>({ type: "symbolic", variables: { M: { domain: "positive-integer" } }, answer: "sqrt(2 / M)" });
    const v: Variant = { seed: null, params: {} };
    for (const answer of ["√(2/M)", "\\sqrt{2/M}", "\\sqrt{\\frac{2}{M}}", "raiz(2/M)", "\\sqrt[2]{2/M}"]) expect(grade(answer, he2, v).score).toBe(1);
    const bn = makeQuestion<SymbolicQuestion>({ type: "symbolic", variables: { f4: { domain: "positive-real" }, eps: { domain: "positive-real" } }, answer: "1/(2*sqrt(f4+eps))" });
    expect(grade("\\frac{1}{2\\sqrt{f_4+\\epsilon}}", bn, v).score).toBe(1);
    expect(grade("1/(2√(f4+ε))", bn, v).score).toBe(1);
    const size = makeQuestion<SymbolicQuestion>({
      type: "symbolic",
      variables: { n: { domain: "positive-integer" }, p: { domain: "positive-integer" }, f: { domain: "positive-integer" }, s: { domain: "positive-integer" } },
      answer: "(n + 2*p - f) / s + 1",
    });
    for (const answer of ["floor((n + 2*p - f)/s) + 1", "⌊(n+2p−f)/s⌋+1", "\\left\\lfloor \\frac{n+2p-f}{s} \\right\\rfloor + 1"]) {
      expect(grade(answer, size, v).score).toBe(1);
    }
    expect(grade("floor((n + 2*p - f + 1)/s)", size, v).score).toBe(0);
  });

  it("gives partial credit for a rounded decimal coefficient and still refuses what is ambiguous", () => {
    expect(grade("0,2222/C1")).toMatchObject({ score: 0.5, misconception: "rounded-coefficient" });
    expect(grade("0.2222/C1")).toMatchObject({ score: 0.5 });
    expect(grade("0.3/C1").score).toBe(0);
    expect(grade("2/9C1")).toMatchObject({ invalid: true });
    expect(grade("\\frac{2}{9c_1}")).toMatchObject({ invalid: true, feedback: expect.stringMatching(/Você quis dizer C1/) });
  });
});
