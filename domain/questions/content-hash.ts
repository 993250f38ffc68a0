import { createHash } from "node:crypto";

// Pure (no file system): imported by the web authoring code as well as the bank loader.

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const normalizeText = (text: string) => text.replace(/\r\n?/g, "\n").trim() + "\n";

/** sha256 of the YAML data (not its formatting or comments) and both texts (line endings normalized). */
export function contentHash(yamlData: unknown, prompt: string, solution: string): string {
  const canonical = canonicalJson({ question: yamlData, prompt: normalizeText(prompt), solution: normalizeText(solution) });
  return createHash("sha256").update(canonical).digest("hex");
}
