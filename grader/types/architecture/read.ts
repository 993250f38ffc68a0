import { say, type Said } from "@/domain/questions/feedback";
import { readNumberAnswer } from "@/domain/questions/number-answer";

export type Read<T> = { ok: true; value: T } | { ok: false; error: Said };

/** Leading words that stand for the batch dimension in "(None, 26, 26, 32)". */
const BATCH = /^(none|null|batch|\?|-1)$/i;
const SHAPE_SEPARATORS = /[x×X*,;\s]+/;

/**
 * An output shape as students write it: [26, 26, 32], "26x26x32", "26 × 26 × 32", "(None, 26, 26, 32)",
 * "(128,)", 128. A leading batch dimension (None/null/?) is dropped.
 */
export function readShape(value: unknown): Read<number[]> {
  let tokens: unknown[];
  if (typeof value === "number") tokens = [value];
  else if (Array.isArray(value)) tokens = value;
  else if (typeof value === "string") {
    const inner = value.trim().replace(/^[([{]\s*/, "").replace(/\s*[)\]}]$/, "");
    tokens = inner.split(SHAPE_SEPARATORS).filter((token) => token !== "");
  } else return { ok: false, error: say("architecture.shapeNotText") };
  if (tokens.length > 0 && (tokens[0] === null || (typeof tokens[0] === "string" && BATCH.test(tokens[0])))) tokens = tokens.slice(1);
  if (tokens.length === 0) return { ok: false, error: say("architecture.shapeEmpty") };
  if (tokens.length > 8) return { ok: false, error: say("architecture.shapeTooMany", { count: tokens.length }) };
  const dims: number[] = [];
  for (const token of tokens) {
    const dim = typeof token === "number" ? token : typeof token === "string" && /^\d+$/.test(token.trim()) ? Number(token) : NaN;
    if (!Number.isSafeInteger(dim) || dim < 1) {
      return { ok: false, error: say("architecture.shapeBadDim", { token: String(token).slice(0, 20) }) };
    }
    dims.push(dim);
  }
  return { ok: true, value: dims };
}

/** One thousands separator kind (dot, comma, space, thin/no-break space, apostrophe) in groups of exactly 3 digits. */
const GROUPED = /^\d{1,3}(?:([.,' \u00a0\u2009\u202f])\d{3})(?:\1\d{3})*$/;

/**
 * A parameter count. Counts are whole numbers, so a lone separator followed by groups of exactly three digits
 * can only separate thousands: "6,075", "61.706", "1 234" and "1.234.567" are read as 6075, 61706, 1234, 1234567.
 * Anything else goes through the shared number parser and must come out a non-negative integer
 * ("1e3" is 1000; "12,5" and "1.234,5" are refused as not whole).
 */
export function readCount(value: unknown): Read<number> {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { ok: false, error: say("architecture.countTooBig") };
    if (!Number.isInteger(value) || value < 0) return { ok: false, error: say("architecture.countNotInteger", { value: String(value) }) };
    return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, error: say("architecture.countTooBig") };
  }
  if (typeof value !== "string") return { ok: false, error: say("architecture.countNotText") };
  const text = value.trim();
  if (GROUPED.test(text)) return readCount(Number(text.replace(/\D/g, "")));
  const parsed = readNumberAnswer(text, { integer: true });
  if (!parsed.ok) return { ok: false, error: { feedback: parsed.error, message: parsed.message ?? [{ key: "grader.text", values: { text: parsed.error } }] } };
  return readCount(parsed.value);
}

/**
 * An architecture answer written as text, one layer per line or `;`: "conv1: 37x37x10, 280; flat: 1960".
 * Each layer's values are given to its asked fields: a shape-like value (with x, × or brackets) to `output_shape`,
 * counts to the count fields in the order asked. Null when the text does not have this form.
 */
/** "(None, 84), 10164" → ["(None, 84)", "10164"]: a comma and space (or |) outside brackets separates values. */
function splitOutsideBrackets(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ("([{".includes(char)) depth++;
    else if (")]}".includes(char)) depth--;
    if (depth === 0 && (char === "|" || (char === "," && /\s/.test(text[i + 1] ?? " ")))) {
      values.push(current.trim());
      current = "";
    } else current += char;
  }
  values.push(current.trim());
  return values.filter((value) => value !== "");
}

export function readArchitectureText(answer: string, asked: Map<string, string[]>): Record<string, Record<string, string>> | null {
  const entries = answer.split(/\s*(?:;|\r?\n)\s*/).filter((line) => line.trim() !== "");
  if (entries.length === 0) return null;
  const result: Record<string, Record<string, string>> = {};
  for (const entry of entries) {
    const match = /^\s*([A-Za-z_][\w-]*)\s*[:=]\s*(.+)$/.exec(entry);
    if (!match) return null;
    const key = [...asked.keys()].find((k) => k.toLowerCase() === match[1].toLowerCase()) ?? match[1];
    const fields = asked.get(key) ?? [];
    const values = splitOutsideBrackets(match[2]);
    const counts = fields.filter((field) => field !== "output_shape");
    const record: Record<string, string> = {};
    for (const value of values) {
      const shapeLike = /[x×X*[(]/.test(value) || (fields.includes("output_shape") && counts.length === 0);
      const field = shapeLike && fields.includes("output_shape") && !("output_shape" in record) ? "output_shape" : counts.shift();
      if (!field) return null;
      record[field] = value;
    }
    result[key] = record;
  }
  return result;
}
