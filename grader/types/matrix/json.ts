/**
 * Reading a student's JSON answer without ever throwing: the length is checked before anything else,
 * then the nesting depth with a linear scan (so a 10 MB or 100 000-deep input never reaches JSON.parse).
 */
import { say, type Said } from "@/domain/questions/feedback";

export type JsonRead = { ok: true; value: unknown } | { ok: false; error: Said };

export function readJsonAnswer(answer: unknown, limits: { maxLength: number; maxDepth: number; example: string }): JsonRead {
  if (typeof answer !== "string") return { ok: false, error: say("json.notText") };
  if (answer.length > limits.maxLength) return { ok: false, error: say("json.tooLong", { length: answer.length, max: limits.maxLength }) };
  const text = answer.trim();
  if (text === "") return { ok: false, error: say("json.empty", { example: limits.example }) };
  const depth = nestingDepth(text);
  if (depth > limits.maxDepth) return { ok: false, error: say("json.tooDeep", { depth, max: limits.maxDepth, example: limits.example }) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: say("json.unreadable", { example: limits.example }) };
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
