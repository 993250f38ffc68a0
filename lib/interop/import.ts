import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { questions } from "@/db/schema";
import { saveCourseQuestion } from "@/lib/authoring/store";
import { validateDraft } from "@/lib/authoring/validate";
import type { MessageValues } from "@/domain/i18n/translate";
import { currentLocale } from "@/lib/i18n/current-locale";
import { parseGift } from "./gift";
import { slugifyId, toDraft, type ParsedFile } from "./imported";
import { parseMoodleXml } from "./moodle";
import { interopNote } from "./note";

export const MAX_IMPORT_BYTES = 2_000_000;
/** Each imported question is validated (and its reference graded) in the request: a bound on the work of one file. */
export const MAX_IMPORT_QUESTIONS = 500;
/** A Moodle export nests about 6 levels deep; anything far deeper is not a question bank. */
export const MAX_XML_DEPTH = 40;

export const importInputSchema = z.object({
  format: z.enum(["moodle-xml", "gift"]),
  content: z.string().min(1, "validation.importEmpty"),
  /** only check: nothing is stored */
  dryRun: z.boolean().default(false),
});
export type ImportInput = z.infer<typeof importInputSchema>;

export interface ImportReportEntry {
  name: string;
  id: string | null;
  type: string | null;
  status: "imported" | "valid" | "rejected";
  /** why it was rejected (in the reader's locale), field by field */
  reasons: string[];
  /** imported, but a person should check these points */
  review: string[];
}

export interface ImportReport {
  imported: number;
  rejected: number;
  entries: ImportReportEntry[];
}

/** How deep the elements of an XML text nest (counted without recursion: a hostile file may nest 190,000 levels). */
export function xmlDepth(xml: string): number {
  let depth = 0;
  let max = 0;
  for (const match of xml.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (match[1]) depth--;
    else if (!match[2]) max = Math.max(max, ++depth);
  }
  return max;
}

export type ImportLimit = { status: 413 | 422; message: `api.${string}`; values?: MessageValues };

/** A file too large (413) or too deeply nested to be a Moodle export (422) is refused before it is parsed. */
export function importLimitProblem(input: ImportInput): ImportLimit | null {
  if (Buffer.byteLength(input.content, "utf8") > MAX_IMPORT_BYTES) return { status: 413, message: "api.interop.fileTooLarge", values: { megabytes: MAX_IMPORT_BYTES / 1_000_000 } };
  if (input.format === "moodle-xml" && xmlDepth(input.content) > MAX_XML_DEPTH) {
    return { status: 422, message: "api.interop.xmlTooDeep", values: { max: MAX_XML_DEPTH } };
  }
  const count = input.format === "moodle-xml" ? (input.content.match(/<question\b/g) ?? []).length : input.content.split(/\n\s*\n/).length;
  if (count > MAX_IMPORT_QUESTIONS) return { status: 413, message: "api.interop.tooManyQuestions", values: { max: MAX_IMPORT_QUESTIONS } };
  return null;
}

export function parseFile(format: ImportInput["format"], content: string): ParsedFile {
  return format === "gift" ? parseGift(content) : parseMoodleXml(content);
}

/** Ids not used yet, neither in the database nor earlier in this file: name → id, then -2, -3... */
async function freeIds(db: Db, names: string[]): Promise<string[]> {
  const wanted = names.map((n) => slugifyId(n));
  const candidates = wanted.flatMap((w) => [w, ...Array.from({ length: 20 }, (_, i) => `${w}-${i + 2}`)]);
  const taken = new Set((await db.select({ id: questions.id }).from(questions).where(inArray(questions.id, [...new Set(candidates)]))).map((r) => r.id));
  return wanted.map((base) => {
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  });
}

/**
 * Imports a Moodle XML or GIFT file into the course: each question is mapped to the bank format, validated like a
 * bank file and saved as the course's own question (or only checked, with `dryRun`). One report line per question.
 */
export async function importQuestions(db: Db, courseId: string, input: ImportInput): Promise<ImportReport> {
  const parsed = parseFile(input.format, input.content);
  const entries: ImportReportEntry[] = parsed.unreadable.map((u) => ({ name: u.name, id: null, type: null, status: "rejected", reasons: [u.reason], review: [] }));
  const ids = await freeIds(db, parsed.questions.map((q) => q.idnumber ?? q.name));
  const source = input.format === "gift" ? "gift" : "moodle-xml";
  for (const [index, question] of parsed.questions.entries()) {
    const mapped = toDraft(question, ids[index]!, source);
    if ("refused" in mapped) {
      entries.push({ name: question.name, id: null, type: question.body.kind, status: "rejected", reasons: [mapped.refused], review: [] });
      continue;
    }
    const { draft, review } = mapped;
    const entry = { name: question.name, id: ids[index]!, type: String(draft.fields.type), review };
    const issuesText = (issues: { field: string; message: string }[]) => issues.map((i) => `${i.field}: ${i.message}`);
    if (input.dryRun) {
      const result = await validateDraft(draft, { locale: currentLocale(), db });
      entries.push(result.ok ? { ...entry, status: "valid", reasons: [] } : { ...entry, status: "rejected", reasons: issuesText(result.issues) });
      continue;
    }
    const saved = await saveCourseQuestion(db, courseId, null, draft, currentLocale());
    if (saved.kind === "saved") entries.push({ ...entry, status: "imported", reasons: [] });
    else if (saved.kind === "invalid") entries.push({ ...entry, status: "rejected", reasons: issuesText(saved.issues) });
    else entries.push({ ...entry, status: "rejected", reasons: [saved.kind === "conflict" ? saved.message : interopNote("interop.notFound")] });
  }
  return {
    imported: entries.filter((e) => e.status !== "rejected").length,
    rejected: entries.filter((e) => e.status === "rejected").length,
    entries,
  };
}
