import { z } from "zod";
import type { Locale } from "@/domain/i18n/config";
import { localizedMessage, zodErrorMap } from "@/domain/i18n/validation";
import { moduleFor } from "@/grader/types/registry";
import { baseQuestionSchema, QUESTION_TYPES, type QuestionTypeName } from "@/domain/questions/base";

export type ParsedFields = { ok: true; data: Record<string, unknown> } | { ok: false; errors: string[] };

/** The full schema of one type: base fields with `type` fixed, intersected with the type module's own fields. */
export function questionSchemaFor(type: QuestionTypeName) {
  const typeModule = moduleFor(type);
  if (!typeModule) throw new Error(`type ${type} has no grader yet`);
  return baseQuestionSchema.extend({ type: z.literal(type) }).and(typeModule.schema);
}

function describeIssues(error: z.ZodError, locale?: Locale): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    return `field "${field}": ${locale ? localizedMessage(issue.message, locale) : issue.message}`;
  });
}

function shapeKeys(schema: unknown): string[] | null {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : null;
}

/**
 * Validates a parsed question.yaml: dispatches on `type` (a discriminated union, done by hand so that each
 * module's own refinements apply), reports unknown top-level fields (typos would otherwise be dropped silently)
 * and a type whose grader module does not exist yet.
 */
export function parseQuestionFields(raw: unknown, options: { locale?: Locale } = {}): ParsedFields {
  // bank files are checked in English (for authors); the web editor passes the reader's locale
  const parseOptions = options.locale ? { error: zodErrorMap(options.locale) } : undefined;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, errors: ["question.yaml must be a mapping of fields (id, type, title, ...)"] };
  }
  const errors: string[] = [];
  const base = baseQuestionSchema.safeParse(raw, parseOptions);
  if (!base.success) errors.push(...describeIssues(base.error, options.locale));
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== "string" || !(QUESTION_TYPES as readonly string[]).includes(type)) return { ok: false, errors };
  const typeModule = moduleFor(type);
  if (!typeModule) return { ok: false, errors: [...errors, `type ${type} has no grader yet`] };
  const own = typeModule.schema.safeParse(raw, parseOptions);
  if (!own.success) errors.push(...describeIssues(own.error, options.locale));
  const ownKeys = shapeKeys(typeModule.schema);
  if (ownKeys) {
    const known = new Set([...Object.keys(baseQuestionSchema.shape), ...ownKeys]);
    for (const key of Object.keys(raw)) if (!known.has(key)) errors.push(`field "${key}": unknown field for type ${type}`);
  }
  if (errors.length > 0 || !base.success || !own.success) return { ok: false, errors };
  return { ok: true, data: { ...(own.data as Record<string, unknown>), ...base.data } };
}
