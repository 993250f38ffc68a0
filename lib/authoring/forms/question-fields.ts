/**
 * Pure helpers behind the web editor's structured forms (used in the browser), one file per kind of field in this
 * folder. The editor always holds the question's fields as plain data; these read and change pieces of it without
 * losing what a form does not show. This file: base fields, the editable types, the type's own fields.
 */

export const BASE_KEYS = ["id", "type", "title", "topic", "tags", "source", "errata"] as const;
export const EDITABLE_TYPES = ["numeric", "mcq", "symbolic", "matrix", "architecture", "open", "code", "shortanswer"] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

/** Types with a structured form; the others edit their own fields as YAML. */
export const STRUCTURED_TYPES: readonly string[] = ["numeric", "mcq", "code"];

/** The question.yaml data split into base fields and the type's own fields. */
export function splitFields(fields: Record<string, unknown>): { base: Record<string, unknown>; own: Record<string, unknown> } {
  const base: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) ((BASE_KEYS as readonly string[]).includes(key) ? base : own)[key] = value;
  return { base, own };
}

/** Issues of one field and the fields below it ("derived" covers "derived.p"). */
export function issuesUnder<T extends { field: string }>(issues: T[], field: string): T[] {
  return issues.filter((i) => i.field === field || i.field.startsWith(`${field}.`));
}
