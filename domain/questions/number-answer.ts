/**
 * A numeric answer as students write it, read the way a fair human grader reads it: the number itself
 * (lib/questions/numbers.ts) plus what people put around it — a label before ("Total: 61706", "≈ 61706",
 * "p = 3"), a unit or word after ("61706 parâmetros", "13,57 vezes", "2 pixels"), a working in parentheses
 * ("61706 (156+2416+…)"), magnitude words ("3 bilhões", "61.7k"), percentages, number words ("dois"),
 * superscript powers ("6.1706·10⁴") and plain arithmetic ("123412/2", "sqrt(2/288)").
 */
import type { MathNode } from "mathjs";
import { math } from "./math";
import { MAX_NUMBER_INPUT, numberFailure, parseNumber, type LoneGroup, type NumberFailure, type ParsedNumber } from "./numbers";

export interface NumberReading {
  value: number;
  /** the other reading of a lone separator before three digits ("70.625": 70,625 or 70625), when there is one */
  alternative?: number;
  /** the precision the student wrote: half of it is the rounding they claim (0.01 for "0,28", 100 for "61.7k") */
  step?: number;
  /** written with a magnitude word ("61.7k", "3 bilhões"): an approximation by intent */
  approximate?: boolean;
  /** written as a percentage ("1357%"): `value` is already divided by 100 */
  percent?: boolean;
  /** how a form other than a plain number was read, for the feedback ("2×2 lido como o lado 2") */
  readAs?: string;
}

export type NumberAnswer = ({ ok: true } & NumberReading) | NumberFailure;

export interface NumberAnswerOptions {
  /** the answer is a whole count: a lone separator before three digits groups thousands ("61,706" = 61706) */
  integer?: boolean;
  /** the answer is the side of a square output: "2x2" / "2 × 2" is read as 2 */
  side?: boolean;
}

const SUPERSCRIPTS: Record<string, string> = {
  "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+",
};
const SUPERSCRIPT_RUN = /([\d)])([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)/g;
const MINUS_SIGNS = /[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g;
/** "Total:", "≈", "~", "p =", "resposta:" before the number */
const LABEL = /^\s*(?:[≈~≅∼]|=|[\p{L}][\p{L}\p{N}_ ]{0,40}?\s*(?:[:=≈]|é))\s*/u;
/** a working or comment in parentheses after the number: "61706 (156+2416+…)", "2 (γ e δ)" */
const TRAILING_NOTE = /^(.*?[\d\p{L}%])\s+\([^()]*\)\s*\.?$/u;
/** words after the number: "parâmetros", "vezes", "x", "k", "bilhões", "%" */
const TAIL = /^(.*?[\d)])\s*((?:[\p{L}%°][\p{L}\p{M}%°²³.]*\s*)+)$/u;

const MAGNITUDES: Record<string, number> = {
  k: 1e3, K: 1e3, mil: 1e3, thousand: 1e3, thousands: 1e3,
  M: 1e6, mi: 1e6, milhão: 1e6, milhao: 1e6, milhões: 1e6, milhoes: 1e6, million: 1e6, millions: 1e6,
  B: 1e9, G: 1e9, bi: 1e9, bilhão: 1e9, bilhao: 1e9, bilhões: 1e9, bilhoes: 1e9, billion: 1e9, billions: 1e9,
};
const WORDS: Record<string, number> = {
  zero: 0, um: 1, uma: 1, dois: 2, duas: 2, "três": 3, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10,
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
const ARITHMETIC = new Set(["add", "subtract", "multiply", "divide", "pow", "unaryMinus", "unaryPlus"]);
const ARITHMETIC_FUNCTIONS = new Set(["sqrt"]);

const fail = numberFailure;

/** Reads a numeric answer; never throws. */
export function readNumberAnswer(input: unknown, options: NumberAnswerOptions = {}): NumberAnswer {
  if (typeof input !== "string") return fail("notText");
  if (input.length > MAX_NUMBER_INPUT) return fail("tooLong", { max: MAX_NUMBER_INPUT });
  let text = input
    .replace(MINUS_SIGNS, "-")
    .replace(SUPERSCRIPT_RUN, (_, base: string, run: string) => `${base}^${[...run].map((c) => SUPERSCRIPTS[c]).join("")}`)
    .replace(/[·∙⋅]/g, "×")
    .trim();
  if (text === "") return fail("empty");
  for (let i = 0; i < 3 && LABEL.test(text) && !/^[\p{L}]+\s*\(/u.test(text); i++) {
    const stripped = text.replace(LABEL, "");
    if (stripped === text || stripped === "") break;
    text = stripped;
  }
  const note = TRAILING_NOTE.exec(text);
  if (note) text = note[1].trim();

  const word = WORDS[text.toLowerCase()];
  if (word !== undefined) return { ok: true, value: word, step: 1, readAs: `${text} = ${word}` };

  let multiplier = 1;
  let approximate = false;
  let percent = false;
  const tail = TAIL.exec(text);
  if (tail && !/^\s*(?:e|E)[+-]?\d/.test(tail[2])) {
    const first = tail[2].trim().split(/\s+/)[0];
    const magnitude = MAGNITUDES[first] ?? MAGNITUDES[first.toLowerCase()];
    if (first.startsWith("%")) percent = true;
    else if (magnitude !== undefined && first !== "m") {
      multiplier = magnitude;
      approximate = true;
    }
    text = tail[1].trim();
  }

  const square = /^(\d+)\s*[x×X*]\s*(\d+)$/.exec(text);
  if (square && options.side) {
    if (square[1] === square[2]) return { ok: true, value: Number(square[1]), step: 1, readAs: `${square[1]}×${square[2]} = lado ${square[1]}` };
    return fail("notSquare", { input: input.trim() });
  }

  const loneGroup: LoneGroup = options.integer ? "thousands" : "decimal";
  const primary = parseNumber(text, { loneGroup });
  if (primary.ok) {
    const other = parseNumber(text, { loneGroup: options.integer ? "decimal" : "thousands" });
    const scale = multiplier / (percent ? 100 : 1);
    const reading: NumberReading = { value: primary.value * scale };
    if (other.ok && other.value !== primary.value) reading.alternative = other.value * scale;
    const step = writtenStep(text, loneGroup);
    if (step !== undefined) reading.step = step * scale;
    if (approximate) reading.approximate = true;
    if (percent) reading.percent = true;
    return { ok: true, ...reading };
  }
  const arithmetic = readArithmetic(text.replace(/(\d)\s*[xX]\s*(?=\d)/g, "$1×"));
  if (arithmetic) {
    if (!arithmetic.ok) return /Divisão por zero/.test(primary.error) ? primary : arithmetic;
    return { ok: true, value: arithmetic.value * multiplier / (percent ? 100 : 1), readAs: `${text} = ${arithmetic.value}` };
  }
  return primary;
}

/** The unit of the last written digit: 0.01 for "0,28", 1 for "165", 1000 for "3e3"; undefined for fractions. */
function writtenStep(text: string, loneGroup: LoneGroup): number | undefined {
  const compact = text.replace(/[\s\u00a0\u2009\u202f\u2007]/g, "").replace(/[×x*]10\^\(?([+-]?\d+)\)?$/, "e$1");
  const match = /^[+-]?([\d.,]*)(?:[eE]([+-]?\d+))?$/.exec(compact);
  if (!match) return undefined;
  const [, body, exponent] = match;
  const dots = body.split(".").length - 1;
  const commas = body.split(",").length - 1;
  let decimals = 0;
  const lastSep = Math.max(body.lastIndexOf("."), body.lastIndexOf(","));
  if (lastSep >= 0) {
    const single = dots + commas === 1;
    const groupsOnly = (dots > 1 && commas === 0) || (commas > 1 && dots === 0);
    const loneThree = single && /^\d{3}$/.test(body.slice(lastSep + 1)) && (exponent === undefined && loneGroup === "thousands");
    if (!groupsOnly && !loneThree) decimals = body.length - lastSep - 1;
  }
  return 10 ** (-decimals + (exponent === undefined ? 0 : Number(exponent)));
}

/** Plain arithmetic on numbers ("123412/2", "0,1357/0,01", "sqrt(2/288)", "3*10^9"); null when it is not arithmetic. */
function readArithmetic(text: string): ParsedNumber | null {
  if (!/^(?:[\d\s.,+\-*/^()×÷]|sqrt|raiz|√)+$/.test(text) || !/\d/.test(text)) return null;
  const numbers: number[] = [];
  let failed: ParsedNumber | null = null;
  const expression = text
    .replace(/raiz|√/g, "sqrt")
    .replace(/×/g, "*")
    .replace(/÷/g, "/")
    .replace(/\d[\d.,]*/g, (token) => {
      const parsed = parseNumber(token, { loneGroup: "decimal" });
      if (!parsed.ok) failed = parsed;
      numbers.push(parsed.ok ? parsed.value : NaN);
      return `n${numbers.length - 1}`;
    })
    .replace(/sqrt(n\d+)/g, "sqrt($1)");
  if (failed) return failed;
  let node: MathNode;
  try {
    node = math.parse(expression);
  } catch {
    return null;
  }
  let allowed = true;
  node.traverse((child, _path, parent) => {
    const operator = child as unknown as { fn: string; implicit?: boolean };
    // "1 5" is not 15 nor 1×5: implicit products of numbers are refused
    if (child.type === "OperatorNode" && (!ARITHMETIC.has(operator.fn) || operator.implicit)) allowed = false;
    else if (child.type === "FunctionNode" && !ARITHMETIC_FUNCTIONS.has(((child as unknown as { fn: { name?: string } }).fn.name ?? ""))) allowed = false;
    else if (child.type === "SymbolNode" && !(parent?.type === "FunctionNode" && (child as unknown as { name: string }).name === "sqrt") && !/^n\d+$/.test((child as unknown as { name: string }).name)) allowed = false;
    else if (!["OperatorNode", "FunctionNode", "SymbolNode", "ParenthesisNode", "ConstantNode"].includes(child.type)) allowed = false;
  });
  if (!allowed) return null;
  try {
    const value = node.evaluate(Object.fromEntries(numbers.map((n, i) => [`n${i}`, n])));
    if (typeof value !== "number" || !Number.isFinite(value)) return fail("notFinite", { input: text });
    return { ok: true, value: Object.is(value, -0) ? 0 : value };
  } catch {
    return null;
  }
}
