import type { Variant } from "./base";
import { evaluateNumber, math } from "./math";
import { formatNumber, isRoundedForDisplay, type MathContext } from "./numbers";
import { variantScope, type Parameterized } from "./params";

type Context = MathContext | "code";

/** Code blocks, inline code, display math, inline math (an escaped \$ is not a delimiter). */
const SEGMENT = /```[\s\S]*?(?:```|$)|`[^`\n]*`|\$\$[\s\S]*?\$\$|(?<!\\)\$(?:\\.|[^$\\])+?\$/g;
/**
 * `{{name}}` or `{{expression}}` (mathjs over the parameters and derived values, e.g. `{{28*m1}}`, `{{n/2 - 2}}`).
 * A `{{` right after another `{` belongs to a LaTeX group (`\frac{{{n - 1}}}{2}` holds `{{n - 1}}`).
 */
const PLACEHOLDER = /\{\{(?!\{)\s*([^{}]+?)\s*\}\}/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `{{c canal|canais}}`: the number and the word in singular or plural ("1 canal", "3 canais"). */
const PLURAL = /^([A-Za-z_][A-Za-z0-9_]*)\s+([^|{}]+)\|([^|{}]+)$/;
/** Template text that survived rendering: never shown to students (bank check refuses it). */
export const LEFTOVER_TEMPLATE = /\{\{(?!\{)(?!\s*[\d.]+\s*\}\})[^{}]*\}\}/;
/** `{{2}}` in `x^{{2}}` is a LaTeX group around a number, not a placeholder. */
const BARE_NUMBER = /^[\d.]+$/;

/**
 * Replaces every `{{name}}` (a parameter, a derived value or, in solutions, `answer`) with its value, formatted for where it stands:
 * pt-BR numbers in text, LaTeX in math ($...$, matrices as bmatrix), plain literals inside code.
 * Throws on a name the scope does not have, so `bank check` catches typos.
 */
export function renderTemplate(template: string, scope: Record<string, unknown>): string {
  let out = "";
  let last = 0;
  for (const match of template.matchAll(SEGMENT)) {
    out += substitute(template.slice(last, match.index), scope, "text");
    const segment = match[0];
    out += substitute(segment, scope, segment.startsWith("`") ? "code" : "math");
    last = match.index + segment.length;
  }
  return out + substitute(template.slice(last), scope, "text");
}

function substitute(text: string, scope: Record<string, unknown>, context: Context): string {
  return text.replace(PLACEHOLDER, (whole: string, content: string) => {
    if (BARE_NUMBER.test(content)) return whole;
    const plural = PLURAL.exec(content);
    if (plural) {
      const [, name, one, many] = plural;
      if (!(name in scope)) throw new Error(`placeholder {{${content}}}: no parameter, derived value or answer named ${name}`);
      return `${formatValue(scope[name], context)} ${scope[name] === 1 ? one.trim() : many.trim()}`;
    }
    if (IDENTIFIER.test(content)) {
      if (!(content in scope)) throw new Error(`placeholder {{${content}}}: no parameter, derived value or answer with that name`);
      return formatValue(scope[content], context);
    }
    return formatValue(evaluatePlaceholder(content, scope), context);
  });
}

/** `{{28*m1}}`: a mathjs expression over the scope's numbers; an unknown name or a non-number is an error. */
function evaluatePlaceholder(expression: string, scope: Record<string, unknown>): number {
  let node;
  try {
    node = math.parse(expression);
  } catch (error) {
    throw new Error(`placeholder {{${expression}}}: not an expression (${(error as Error).message})`);
  }
  const unknown = node
    .filter((n) => n.type === "SymbolNode")
    .map((n) => (n as unknown as { name: string }).name)
    .filter((name) => !(name in scope) && !(name in math));
  if (unknown.length > 0) throw new Error(`placeholder {{${expression}}}: unknown name ${unknown[0]}`);
  try {
    return evaluateNumber(expression, scope);
  } catch (error) {
    throw new Error(`placeholder {{${expression}}}: ${(error as Error).message}`);
  }
}

export function formatValue(value: unknown, context: Context): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return context === "code" ? (value ? "True" : "False") : value ? "verdadeiro" : "falso";
  if (typeof value === "number") {
    if (context === "code") return String(value);
    // a number shown with fewer digits than it has says so: 0,083333… (text), 0{,}083333\ldots (math)
    const marker = isRoundedForDisplay(value) ? (context === "math" ? "\\ldots" : "…") : "";
    return formatNumber(value, context) + marker;
  }
  if (isMatrix(value)) {
    if (context === "code") return JSON.stringify(value);
    const body = value.map((row) => row.map((cell) => formatNumber(cell, "math")).join(" & ")).join(" \\\\ ");
    const latex = `\\begin{bmatrix} ${body} \\end{bmatrix}`;
    return context === "math" ? latex : `$${latex}$`;
  }
  throw new Error(`cannot render value ${JSON.stringify(value)}`);
}

function isMatrix(value: unknown): value is number[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row) && row.every((cell) => typeof cell === "number"));
}

/** The reference answer as shown in a solution: numbers and matrices formatted, anything else as typed. */
export function answerForDisplay(referenceAnswer: string): unknown {
  const text = referenceAnswer.trim();
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (text.startsWith("[[")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isMatrix(parsed)) return parsed;
    } catch {
      // not JSON: shown as typed
    }
  }
  return referenceAnswer;
}

export function renderPrompt(question: Parameterized & { prompt: string }, variant: Variant): string {
  return renderTemplate(question.prompt, variantScope(question, variant));
}

export function renderSolution(question: Parameterized & { solution: string }, variant: Variant, referenceAnswer: string): string {
  const variables = variantScope(question, variant);
  // a numeric reference answer is the shortest text that passes the tolerance (0,083): the solution shows the exact value
  const formula = (question as { type?: string; answer?: unknown }).type === "numeric" ? (question as { answer?: unknown }).answer : undefined;
  const exact = typeof formula === "string" ? evaluateNumber(formula, variables) : undefined;
  const answer = exact === undefined ? answerForDisplay(referenceAnswer) : tidy(exact);
  return renderTemplate(question.solution, { ...variables, answer });
}

/** Float noise (0.1 * 30 = 3.0000000000000004) is not a rounding to announce. */
function tidy(value: number): number {
  const rounded = Number(value.toPrecision(12));
  return Math.abs(rounded - value) <= 1e-12 * Math.max(1, Math.abs(value)) ? rounded : value;
}
