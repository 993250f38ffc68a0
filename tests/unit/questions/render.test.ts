import { describe, expect, it } from "vitest";
import { answerForDisplay, LEFTOVER_TEMPLATE, renderSolution, renderTemplate } from "@/domain/questions/render";

describe("renderTemplate", () => {
  const scope = { n: 61706, lr: 0.5, neg: -2, X: [[1, 2], [3, 4.5]] };

  it("formats numbers for pt-BR readers in text and as LaTeX in math", () => {
    expect(renderTemplate("São {{n}} parâmetros e taxa {{ lr }}.", scope)).toBe("São 61\u202f706 parâmetros e taxa 0,5.");
    expect(renderTemplate("$n = {{n}}, \\eta = {{lr}}$", scope)).toBe("$n = 61\\,706, \\eta = 0{,}5$");
    expect(renderTemplate("$$x = {{neg}}$$", scope)).toBe("$$x = -2$$");
  });

  it("writes matrices as bmatrix, wrapped in $ outside math", () => {
    const latex = "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4{,}5 \\end{bmatrix}";
    expect(renderTemplate("$X = {{X}}$", scope)).toBe(`$X = ${latex}$`);
    expect(renderTemplate("A matriz {{X}}.", scope)).toBe(`A matriz $${latex}$.`);
  });

  it("writes plain literals inside code", () => {
    expect(renderTemplate("`lr = {{lr}}`\n```python\nX = {{X}}\n```", scope)).toBe("`lr = 0.5`\n```python\nX = [[1,2],[3,4.5]]\n```");
  });

  it("leaves LaTeX braces alone", () => {
    const latex = "$\\frac{\\partial f_{3i}}{\\partial f_{2i}}$ e $x^{{2}}$";
    expect(renderTemplate(latex, scope)).toBe(latex);
  });

  it("does not treat an escaped dollar as math", () => {
    expect(renderTemplate("custa \\$ {{lr}}", scope)).toBe("custa \\$ 0,5");
  });

  it("throws naming an unknown placeholder", () => {
    expect(() => renderTemplate("{{nope}}", scope)).toThrow(/\{\{nope\}\}/);
  });
});

describe("renderSolution", () => {
  it("puts the reference answer in {{answer}}, formatted", () => {
    const q = { solution: "Total: {{answer}}; $2n = {{dbl}}$", params: { n: { default: 3 } }, derived: { dbl: "2*n" } };
    expect(renderSolution(q, { seed: null, params: { n: 3 } }, "61706")).toBe("Total: 61\u202f706; $2n = 6$");
    expect(answerForDisplay("[[1,2],[3,4]]")).toEqual([[1, 2], [3, 4]]);
    expect(answerForDisplay("a,c")).toBe("a,c");
  });
});

describe("template expressions and rounded numbers", () => {
  const vars = { m1: 6, n: 28, third: 1 / 3 };
  it("evaluates {{expression}} over the parameters, also inside a LaTeX group", () => {
    expect(renderTemplate("$= {{28*m1}}$ e ${{n/2 - 2}}\\times{{n/2 - 2}}$", vars)).toBe("$= 168$ e $12\\times12$");
    expect(renderTemplate("$\\frac{{{n - 1}}}{2}$", vars)).toBe("$\\frac{27}{2}$");
  });

  it("refuses an expression with an unknown name or that is not a number, so bank check catches it", () => {
    expect(() => renderTemplate("{{28*m2}}", vars)).toThrow(/unknown name m2/);
    expect(() => renderTemplate("{{m1 +}}", vars)).toThrow(/not an expression/);
  });

  it("writes a count with its word in singular or plural", () => {
    expect(renderTemplate("com {{m1 canal|canais}} e {{one canal|canais}}", { ...vars, one: 1 })).toBe("com 6 canais e 1 canal");
  });

  it("says when a number shown is rounded", () => {
    expect(renderTemplate("{{third}} e ${{third}}$ e {{m1}}", vars)).toBe("0,33333333… e $0{,}33333333\\ldots$ e 6");
  });

  it("LEFTOVER_TEMPLATE finds template text that survived rendering, never a LaTeX group around a number", () => {
    expect(LEFTOVER_TEMPLATE.test("3×3 = {{f^2}}")).toBe(true);
    expect(LEFTOVER_TEMPLATE.test("$x^{{2}}$ e $\\frac{a}{b}$")).toBe(false);
  });
});
