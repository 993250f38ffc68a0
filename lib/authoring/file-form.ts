import { stringify } from "yaml";
import type { QuestionDraft } from "./validate";

/** Keys of a stored version that are not question.yaml data. */
const NOT_YAML = new Set(["prompt", "solution", "contentHash", "folder"]);
const BASE_ORDER = ["id", "type", "title", "topic", "tags", "source", "errata"];

/** The question.yaml data of a stored version, base fields first (the order of `derived` is kept). */
export function yamlFieldsOf(content: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of BASE_ORDER) if (key in content) fields[key] = content[key];
  for (const [key, value] of Object.entries(content)) if (!NOT_YAML.has(key) && !(key in fields)) fields[key] = value;
  return fields;
}

export function draftFromContent(content: Record<string, unknown>): QuestionDraft {
  return { fields: yamlFieldsOf(content), prompt: String(content.prompt ?? ""), solution: String(content.solution ?? "") };
}

export interface FileForm {
  /** where the folder goes, relative to the repository: question-bank/<seed-folder>/<id> */
  folder: string;
  files: { "question.yaml": string; "prompt.md": string; "solution.md": string };
}

/** "000_89f0f8d386b3ce03.txt" → the bank's "000-lista" folder (by the number prefix), else "web". */
export function seedFolderFor(seed: string, seedFolders: string[]): string {
  const prefix = /^(\d{3})_/.exec(seed)?.[1];
  return (prefix && seedFolders.find((f) => f.startsWith(`${prefix}-`))) || "web";
}

/**
 * The three files of a question, ready to commit into question-bank/. Loading them gives the same content hash as the
 * stored version: web versions hash their normalized fields, which are exactly what is written here.
 */
export function toFileForm(content: Record<string, unknown>, seedFolders: string[]): FileForm {
  const fields = yamlFieldsOf(content);
  const source = fields.source as { seed?: string } | undefined;
  const header = `# Exportada da Forja (${new Date().toISOString().slice(0, 10)}). Coloque esta pasta em question-bank/ e rode \`npm run bank -- check\`.\n`;
  const text = (s: unknown) => String(s ?? "").replace(/\r\n?/g, "\n").trim() + "\n";
  return {
    folder: `question-bank/${seedFolderFor(source?.seed ?? "", seedFolders)}/${String(fields.id)}`,
    files: { "question.yaml": header + stringify(fields, { lineWidth: 0 }), "prompt.md": text(content.prompt), "solution.md": text(content.solution) },
  };
}
