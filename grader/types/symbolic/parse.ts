import type { ConstantNode, FunctionNode, MathNode, OperatorNode, ParenthesisNode, SymbolNode } from "mathjs";
import { say, sayAll, type Said } from "@/domain/questions/feedback";
import { math } from "@/domain/questions/math";
import { normalizeFormula } from "./normalize";

export const MAX_EXPRESSION = 500;

/** Functions a student may use. `ln` is accepted as the natural log (mathjs calls it `log`). */
export const ALLOWED_FUNCTIONS = ["sqrt", "cbrt", "exp", "log", "ln", "log2", "log10", "abs", "sin", "cos", "tan", "tanh", "sinh", "cosh", "min", "max", "floor", "ceil"];
/** Rounding functions: with them the answer is compared where the reference is a whole number (output sizes). */
export const ROUNDING_FUNCTIONS = ["floor", "ceil"];
export const CONSTANTS = ["pi", "e"];
export const EXTRA_FUNCTIONS = { ln: (x: number) => Math.log(x) };

const ARITHMETIC = new Set(["add", "subtract", "multiply", "divide", "pow", "unaryMinus", "unaryPlus"]);

export type ParsedExpression =
  | { ok: true; node: MathNode; usesImplicit: boolean; usesRounding: boolean; shown: string; rewritten: boolean }
  | { ok: false; error: Said };

/**
 * Reads a student's expression. Accepts `^` and Python's `**` for powers, `×`/`·` for products, unicode minus,
 * and implicit multiplication (`9C1` = 9*C1), except right after a division (`2/9C1`), which is refused as ambiguous.
 */
export function parseStudentExpression(input: unknown, variables: string[]): ParsedExpression {
  if (typeof input !== "string") return { ok: false, error: say("symbolic.notText") };
  if (input.length > MAX_EXPRESSION) return { ok: false, error: say("symbolic.tooLong", { max: MAX_EXPRESSION }) };
  let text = normalizeFormula(input, variables);
  // a decimal comma between digits (pt-BR "0,2222") when no function takes several arguments
  if (!/\b(?:min|max)\s*\(/.test(text)) text = text.replace(/(\d),(?=\d)/g, "$1.");
  if (text === "") return { ok: false, error: say("symbolic.empty", { variables: variables.join(", ") }) };
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (error) {
    const position = (error as { char?: number }).char;
    const syntax = say("symbolic.syntax", position === undefined ? { where: "none" } : { where: "near", position: String(position) });
    return { ok: false, error: text.includes(",") ? sayAll([syntax, say("symbolic.decimalComma")], " ") : syntax };
  }
  const problem = findProblem(node, variables, input.trim());
  if (problem) return { ok: false, error: problem };
  let usesImplicit = false;
  let usesRounding = false;
  node.traverse((n) => {
    if (n.type === "OperatorNode" && (n as OperatorNode).implicit) usesImplicit = true;
    if (n.type === "FunctionNode" && ROUNDING_FUNCTIONS.includes(((n as FunctionNode).fn as SymbolNode).name)) usesRounding = true;
  });
  const rewritten = text.replace(/\s+/g, "") !== input.trim().replace(/\s+/g, "");
  return { ok: true, node, usesImplicit, usesRounding, shown: node.toString({ implicit: "show" }), rewritten };
}

function findProblem(node: MathNode, variables: string[], original: string): Said | null {
  switch (node.type) {
    case "ConstantNode": {
      const value = (node as ConstantNode).value;
      return typeof value === "number" ? null : say("symbolic.onlyArithmetic");
    }
    case "SymbolNode":
      return symbolProblem((node as SymbolNode).name, variables);
    case "ParenthesisNode":
      return findProblem((node as ParenthesisNode).content, variables, original);
    case "OperatorNode": {
      const op = node as OperatorNode;
      if (!ARITHMETIC.has(op.fn)) return say("symbolic.operator", { op: op.op });
      if (op.implicit && op.args[0].type === "OperatorNode" && (op.args[0] as OperatorNode).fn === "divide") return say("symbolic.implicitAfterDivision", { original });
      for (const arg of op.args) {
        const problem = findProblem(arg, variables, original);
        if (problem) return problem;
      }
      return null;
    }
    case "FunctionNode": {
      const fn = node as FunctionNode;
      const name = fn.fn.type === "SymbolNode" ? (fn.fn as SymbolNode).name : "";
      if (variables.includes(name)) return say("symbolic.variableNotFunction", { name });
      if (!ALLOWED_FUNCTIONS.includes(name)) return say("symbolic.functionNotAllowed", { name: name || fn.fn.toString(), functions: ALLOWED_FUNCTIONS.join(", ") });
      for (const arg of fn.args) {
        const problem = findProblem(arg, variables, original);
        if (problem) return problem;
      }
      return null;
    }
    default:
      return say("symbolic.onlyAllowed");
  }
}

function symbolProblem(name: string, variables: string[]): Said | null {
  if (variables.includes(name) || CONSTANTS.includes(name)) return null;
  if (ALLOWED_FUNCTIONS.includes(name)) return say("symbolic.isFunction", { name });
  const similar = variables.find((v) => v.toLowerCase() === name.toLowerCase());
  const unknown = say("symbolic.unknownVariable", { name, variables: variables.join(", ") });
  return similar ? sayAll([unknown, say("symbolic.didYouMean", { similar })], " ") : unknown;
}
