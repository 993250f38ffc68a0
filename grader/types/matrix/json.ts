/**
 * Reading a student's JSON answer without ever throwing: the length is checked before anything else,
 * then the nesting depth with a linear scan (so a 10 MB or 100 000-deep input never reaches JSON.parse).
 */
export type JsonRead = { ok: true; value: unknown } | { ok: false; error: string };

export function readJsonAnswer(answer: unknown, limits: { maxLength: number; maxDepth: number; example: string }): JsonRead {
  if (typeof answer !== "string") return { ok: false, error: "A resposta deve ser um texto." };
  if (answer.length > limits.maxLength) {
    return { ok: false, error: `Resposta longa demais: ${answer.length} caracteres (máximo de ${limits.maxLength}).` };
  }
  const text = answer.trim();
  if (text === "") return { ok: false, error: `Resposta vazia. Escreva, por exemplo, ${limits.example}` };
  const depth = nestingDepth(text);
  if (depth > limits.maxDepth) {
    return { ok: false, error: `A resposta tem colchetes/chaves aninhados demais (${depth} níveis; o formato esperado tem ${limits.maxDepth}). Exemplo: ${limits.example}` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      error:
        `Não consegui ler a resposta como JSON. Exemplo do formato: ${limits.example}. ` +
        `Números com vírgula decimal precisam ir entre aspas ("3,75") ou use ponto (3.75).`,
    };
  }
}

/** Deepest nesting of [ ] and { } outside JSON strings. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "[" || char === "{") deepest = Math.max(deepest, ++depth);
    else if (char === "]" || char === "}") depth--;
  }
  return deepest;
}
