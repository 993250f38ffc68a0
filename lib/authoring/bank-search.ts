/**
 * The question bank as staff browse it: search and filters (type, seed, tag, used in an assessment), one page at a
 * time. Loading reads only the newest version of each question; filtering is a pure function of the loaded rows.
 */
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, assessments, questions, questionTags, questionType, questionVersions } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";
import { usableBy } from "./store";

export const BANK_PAGE_SIZE = 25;
/** Every question type the database knows (the schema's enum), in its order. */
export const questionTypes = questionType.enumValues;

const emptyToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** The page's query string; anything unreadable is dropped rather than refused (a hand-edited URL still shows the bank). */
export const bankFiltersSchema = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(200).optional()).catch(undefined),
  type: z.preprocess(emptyToUndefined, z.enum(questionTypes).optional()).catch(undefined),
  seed: z.preprocess(emptyToUndefined, z.string().max(200).optional()).catch(undefined),
  tag: z.preprocess(emptyToUndefined, z.string().trim().toLowerCase().max(40).optional()).catch(undefined),
  /** an assessment id, "none" (used nowhere) or "any" (used somewhere) */
  usedIn: z.preprocess(emptyToUndefined, z.union([z.literal("none"), z.literal("any"), z.string().uuid()]).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type BankFilters = z.infer<typeof bankFiltersSchema>;

export interface BankRow {
  id: string;
  type: (typeof questionTypes)[number];
  title: string;
  topic: string;
  own: boolean;
  latestVersion: number;
  /** the seed file of the course material it comes from, and its folder in question-bank/ (e.g. "000-lista") */
  seed: string;
  seedLabel: string;
  /** tags from the question's files, and those this course's staff added */
  fileTags: string[];
  staffTags: string[];
  usedIn: { id: string; title: string }[];
  /** accent- and case-free text the search looks in: title, id, topic, tags, prompt */
  haystack: string;
}

export interface BankPage {
  rows: Omit<BankRow, "haystack">[];
  total: number;
  /** every question of the bank (before filtering) */
  all: number;
  page: number;
  pageCount: number;
  facets: {
    seeds: { value: string; label: string }[];
    tags: { tag: string; count: number }[];
    assessments: { id: string; title: string }[];
  };
}

/** Lower case, no accents: "Convolução" matches "convolucao". */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** The rows a course sees: the shared bank and its own questions, newest version each, with tags and uses. */
export async function loadBankRows(db: Db, courseId: string): Promise<BankRow[]> {
  const latest = await db
    .selectDistinctOn([questionVersions.questionId], {
      id: questions.id,
      type: questions.type,
      courseId: questions.courseId,
      version: questionVersions.version,
      content: questionVersions.content,
    })
    .from(questionVersions)
    .innerJoin(questions, eq(questions.id, questionVersions.questionId))
    .where(usableBy(courseId))
    .orderBy(questionVersions.questionId, desc(questionVersions.version));
  const [tags, uses] = await Promise.all([
    db.select({ questionId: questionTags.questionId, tag: questionTags.tag }).from(questionTags).where(eq(questionTags.courseId, courseId)).orderBy(asc(questionTags.tag)),
    db
      .selectDistinct({ questionId: assessmentItemQuestions.questionId, id: assessments.id, title: assessments.title })
      .from(assessmentItemQuestions)
      .innerJoin(assessmentItems, eq(assessmentItems.id, assessmentItemQuestions.itemId))
      .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
      .where(eq(assessments.courseId, courseId))
      .orderBy(asc(assessments.title)),
  ]);
  return latest.map((row) => {
    const content = row.content as LoadedQuestion;
    const fileTags = (content.tags ?? []).map((t) => t.toLowerCase());
    const staffTags = tags.filter((t) => t.questionId === row.id && !fileTags.includes(t.tag)).map((t) => t.tag);
    const seedFolder = row.courseId === null && content.folder ? content.folder.split("/")[0]! : "";
    const seed = content.source?.seed ?? "";
    return {
      id: row.id,
      type: row.type,
      title: content.title,
      topic: content.topic,
      own: row.courseId === courseId,
      latestVersion: row.version,
      seed,
      seedLabel: seedFolder || seed,
      fileTags,
      staffTags,
      usedIn: uses.filter((u) => u.questionId === row.id).map(({ id, title }) => ({ id, title })),
      haystack: foldText([content.title, row.id, content.topic, ...fileTags, ...staffTags, content.prompt ?? ""].join("\n")),
    };
  });
}

/** Filters, sorts (own questions first, then by title) and cuts one page; the facets describe the whole bank. */
export function filterBank(rows: BankRow[], filters: BankFilters, pageSize = BANK_PAGE_SIZE): BankPage {
  const words = filters.q ? foldText(filters.q).split(/\s+/).filter(Boolean) : [];
  const matching = rows.filter(
    (r) =>
      words.every((w) => r.haystack.includes(w)) &&
      (!filters.type || r.type === filters.type) &&
      (!filters.seed || r.seed === filters.seed) &&
      (!filters.tag || r.fileTags.includes(filters.tag) || r.staffTags.includes(filters.tag)) &&
      (filters.usedIn === undefined ||
        (filters.usedIn === "none" ? r.usedIn.length === 0 : filters.usedIn === "any" ? r.usedIn.length > 0 : r.usedIn.some((u) => u.id === filters.usedIn))),
  );
  matching.sort((a, b) => Number(b.own) - Number(a.own) || a.title.localeCompare(b.title, "pt-BR") || a.id.localeCompare(b.id));
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(filters.page, pageCount);
  const tagCounts = new Map<string, number>();
  for (const r of rows) for (const t of new Set([...r.fileTags, ...r.staffTags])) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  const seeds = new Map<string, string>();
  for (const r of rows) if (r.seed && (!seeds.has(r.seed) || seeds.get(r.seed) === r.seed)) seeds.set(r.seed, r.seedLabel);
  const assessmentsUsed = new Map<string, string>();
  for (const r of rows) for (const u of r.usedIn) assessmentsUsed.set(u.id, u.title);
  return {
    rows: matching.slice((page - 1) * pageSize, page * pageSize).map(({ haystack: _h, ...r }) => r),
    total: matching.length,
    all: rows.length,
    page,
    pageCount,
    facets: {
      seeds: [...seeds].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label)),
      tags: [...tagCounts].map(([tag, count]) => ({ tag, count })).sort((a, b) => a.tag.localeCompare(b.tag, "pt-BR")),
      assessments: [...assessmentsUsed].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title, "pt-BR")),
    },
  };
}

export async function searchBank(db: Db, courseId: string, filters: BankFilters): Promise<BankPage> {
  return filterBank(await loadBankRows(db, courseId), filters);
}

/** A tag as staff type it: trimmed, lower case, letters, digits, spaces, "-" and "_" (1–40 characters). */
export const tagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u);

export const tagChangeSchema = z.object({ tag: tagSchema, op: z.enum(["add", "remove"]) });
export type TagChange = z.infer<typeof tagChangeSchema>;

export type TagOutcome = { ok: true; tags: string[] } | { ok: false; status: 404 | 409; message: string };

/**
 * Adds or removes a tag this course's staff gave a question. Tags from the question's files are not the course's to
 * remove (they change in question-bank/ or in the editor).
 */
export async function changeQuestionTag(db: Db, input: { courseId: string; questionId: string; actorId: string } & TagChange): Promise<TagOutcome> {
  const [row] = await db
    .select({ content: questionVersions.content })
    .from(questionVersions)
    .innerJoin(questions, eq(questions.id, questionVersions.questionId))
    .where(and(eq(questions.id, input.questionId), usableBy(input.courseId)))
    .orderBy(desc(questionVersions.version))
    .limit(1);
  if (!row) return { ok: false, status: 404, message: "management.errors.questionNotFound" };
  const fileTags = ((row.content as LoadedQuestion).tags ?? []).map((t) => t.toLowerCase());
  if (fileTags.includes(input.tag)) return { ok: false, status: 409, message: "management.errors.tagFromFiles" };
  if (input.op === "add") {
    await db.insert(questionTags).values({ courseId: input.courseId, questionId: input.questionId, tag: input.tag, addedBy: input.actorId }).onConflictDoNothing();
  } else {
    await db.delete(questionTags).where(and(eq(questionTags.courseId, input.courseId), eq(questionTags.questionId, input.questionId), eq(questionTags.tag, input.tag)));
  }
  return { ok: true, tags: await staffTags(db, input.courseId, [input.questionId]).then((m) => m.get(input.questionId) ?? []) };
}

/** The tags this course's staff gave each of the questions. */
export async function staffTags(db: Db, courseId: string, questionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (questionIds.length === 0) return out;
  const rows = await db
    .select({ questionId: questionTags.questionId, tag: questionTags.tag })
    .from(questionTags)
    .where(and(eq(questionTags.courseId, courseId), inArray(questionTags.questionId, questionIds)))
    .orderBy(asc(questionTags.tag));
  for (const r of rows) out.set(r.questionId, [...(out.get(r.questionId) ?? []), r.tag]);
  return out;
}
