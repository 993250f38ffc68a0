import { describe, expect, it } from "vitest";
import { unsafeFormulaIssues } from "@/lib/authoring/formula-safety";

describe("formulas typed on the web", () => {
  it("refuses mathjs functions that evaluate text in a Python-declared checker's derived dims, constraints and statistics", () => {
    const issues = unsafeFormulaIssues({
      checker: "python",
      python: {
        derived: { Hout: 'evaluate("H + 1")' },
        constraints: ['import({ x: 1 }) == 0'],
        statistics: { W: { mean: "0", variance: 'parse("1").evaluate()' } },
        // Python code and messages are not mathjs: only formulas are checked
        misconceptions: [{ id: "a", label: "b", message: "use evaluate(x)", code: "x = compile('1', 'f', 'eval')\n" }],
      },
    });
    expect(issues.map((i) => i.field).sort()).toEqual(["python.constraints.0", "python.derived.Hout", "python.statistics.W.variance"]);
  });
});

describe("the refusal is said in the editor's locale", () => {
  it("English or Portuguese", () => {
    const fields = { derived: { p: 'evaluate("1+1")' } };
    expect(unsafeFormulaIssues(fields, "en")).toEqual([{ field: "derived.p", message: "the function evaluate(...) is not allowed in formulas" }]);
    expect(unsafeFormulaIssues(fields)).toEqual([{ field: "derived.p", message: "a função evaluate(...) não é permitida em fórmulas" }]);
  });
});
