import { parseNumber } from "@/lib/questions/numbers";

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

const SHAPE_EXAMPLE = "[26, 26, 32] ou 26x26x32";
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
  } else return { ok: false, error: `escreva o formato como ${SHAPE_EXAMPLE}` };
  if (tokens.length > 0 && (tokens[0] === null || (typeof tokens[0] === "string" && BATCH.test(tokens[0])))) tokens = tokens.slice(1);
  if (tokens.length === 0) return { ok: false, error: `formato vazio; escreva, por exemplo, ${SHAPE_EXAMPLE}` };
  if (tokens.length > 8) return { ok: false, error: `dimensões demais (${tokens.length})` };
  const dims: number[] = [];
  for (const token of tokens) {
    const dim = typeof token === "number" ? token : typeof token === "string" && /^\d+$/.test(token.trim()) ? Number(token) : NaN;
    if (!Number.isSafeInteger(dim) || dim < 1) {
      return { ok: false, error: `“${String(token).slice(0, 20)}” não é um tamanho válido; cada dimensão é um inteiro positivo (${SHAPE_EXAMPLE})` };
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
    if (!Number.isFinite(value)) return { ok: false, error: "número grande demais" };
    if (!Number.isInteger(value) || value < 0) {
      return { ok: false, error: `${value} não é um número inteiro de parâmetros (para separar milhares, escreva 1234 ou "1.234" entre aspas)` };
    }
    return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, error: "número grande demais" };
  }
  if (typeof value !== "string") return { ok: false, error: "escreva o número de parâmetros como um inteiro, por exemplo 320" };
  const text = value.trim();
  if (GROUPED.test(text)) return readCount(Number(text.replace(/\D/g, "")));
  const parsed = parseNumber(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return readCount(parsed.value);
}
