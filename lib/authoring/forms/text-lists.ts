/** Lists typed in one text input. */

/** "28, 32; 64" → [28, 32, 64]; null when some entry is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[;,\s]+/).filter(Boolean);
  const numbers = parts.map(Number);
  return numbers.every(Number.isFinite) ? numbers : null;
}

export function parseTags(text: string): string[] {
  return text.split(",").map((t) => t.trim()).filter(Boolean);
}


/** "a, b c" → ["a", "b", "c"] */
export function parseNameList(text: string): string[] {
  return text.split(/[,\s]+/).filter(Boolean);
}
