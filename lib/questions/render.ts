import type { Variant } from "./base";
import { formatNumber, type MathContext } from "./numbers";
import { variantScope, type Parameterized } from "./params";

type Context = MathContext | "code";

/** Code blocks, inline code, display math, inline math (an escaped \$ is not a delimiter). */
const SEGMENT = /```[\s\S]*?(?:```|$)|`[^`\n]*`|\$\$[\s\S]*?\$\$|(?<!\\)\$(?:\\.|[^$\\])+?\$/g;
/** `{{name}}`: only identifiers, so LaTeX groups such as `{{2i}}` or `}}` are never taken for placeholders. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

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
  return text.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in scope)) throw new Error(`placeholder {{${name}}}: no parameter, derived value or answer with that name`);
    return formatValue(scope[name], context);
  });
}

export function formatValue(value: unknown, context: Context): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return context === "code" ? (value ? "True" : "False") : value ? "verdadeiro" : "falso";
  if (typeof value === "number") return context === "code" ? String(value) : formatNumber(value, context);
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
  const scope = { ...variantScope(question, variant), answer: answerForDisplay(referenceAnswer) };
  return renderTemplate(question.solution, scope);
}
