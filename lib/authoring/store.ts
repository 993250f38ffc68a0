import fs from "node:fs";
import { and, asc, count, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { defaultLocale, type Locale } from "@/domain/i18n/config";
import { translate } from "@/domain/i18n/translate";
import { syncBank } from "@/lib/questions/bank-sync";
import { questions, questionVersions, submissions } from "@/db/schema";
import type { LoadedQuestion } from "@/question-bank/load";
import { defaultBankDir } from "@/question-bank/paths";
import { toFileForm, type FileForm } from "./file-form";
import { validateDraft, type DraftIssue, type QuestionDraft } from "./validate";

export type SaveOutcome =
  | { kind: "saved"; questionId: string; version: number; created: boolean; unchanged: boolean; latest: number }
  | { kind: "invalid"; issues: DraftIssue[] }
  | { kind: "conflict"; message: string }
  | { kind: "not-found" };

/** Questions a course may use: the shared bank (courseId null) and its own. */
export const usableBy = (courseId: string) => or(isNull(questions.courseId), eq(questions.courseId, courseId));

export interface QuestionSummary {
  id: string;
  type: string;
  title: string;
  topic: string;
  own: boolean;
  latestVersion: number;
  tags: string[];
}

export async function listCourseQuestions(db: Db, courseId: string): Promise<QuestionSummary[]> {
  const rows = await db
    .select({ id: questions.id, type: questions.type, courseId: questions.courseId, version: questionVersions.version, content: questionVersions.content })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.questionId, questions.id))
    .where(usableBy(courseId))
    .orderBy(asc(questions.id), desc(questionVersions.version));
  const seen = new Set<string>();
  const out: QuestionSummary[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const content = row.content as LoadedQuestion;
    out.push({ id: row.id, type: row.type, title: content.title, topic: content.topic, own: row.courseId === courseId, latestVersion: row.version, tags: content.tags ?? [] });
  }
  return out.sort((a, b) => Number(b.own) - Number(a.own) || a.title.localeCompare(b.title, "pt-BR"));
}

export interface VersionSummary {
  id: string;
  version: number;
  createdAt: Date;
  submissions: number;
}

export interface QuestionDetail {
  id: string;
  type: string;
  own: boolean;
  latest: { id: string; version: number; content: LoadedQuestion };
  versions: VersionSummary[];
}

export async function questionDetail(db: Db, courseId: string, questionId: string): Promise<QuestionDetail | null> {
  const [question] = await db.select().from(questions).where(and(eq(questions.id, questionId), usableBy(courseId)));
  if (!question) return null;
  const versions = await db
    .select({ id: questionVersions.id, version: questionVersions.version, createdAt: questionVersions.createdAt, content: questionVersions.content })
    .from(questionVersions)
    .where(eq(questionVersions.questionId, questionId))
    .orderBy(desc(questionVersions.version));
  if (versions.length === 0) return null;
  const counts = await db
    .select({ versionId: submissions.questionVersionId, n: count() })
    .from(submissions)
    .where(inArray(submissions.questionVersionId, versions.map((v) => v.id)))
    .groupBy(submissions.questionVersionId);
  const countOf = new Map(counts.map((c) => [c.versionId, c.n]));
  const newest = versions[0]!;
  return {
    id: question.id,
    type: question.type,
    own: question.courseId === courseId,
    latest: { id: newest.id, version: newest.version, content: newest.content as LoadedQuestion },
    versions: versions.map((v) => ({ id: v.id, version: v.version, createdAt: v.createdAt, submissions: countOf.get(v.id) ?? 0 })),
  };
}

/**
 * Creates (`questionId` null) or edits a course's own question. Validation is the file bank's; storage is the bank
 * sync's: a new content is a new immutable version, and submissions keep pointing at the version they answered.
 * Shared bank questions are edited in question-bank/, never here.
 */
export async function saveCourseQuestion(db: Db, courseId: string, questionId: string | null, draft: QuestionDraft, locale: Locale = defaultLocale): Promise<SaveOutcome> {
  const draftId = draft.fields.id;
  if (questionId !== null) {
    const [own] = await db.select().from(questions).where(and(eq(questions.id, questionId), eq(questions.courseId, courseId)));
    if (!own) return { kind: "not-found" };
    if (draftId !== questionId) return { kind: "invalid", issues: [{ field: "id", message: translate(locale, "validation.idFixed") }] };
    if (draft.fields.type !== own.type) return { kind: "invalid", issues: [{ field: "type", message: translate(locale, "validation.typeFixed") }] };
  }
  const validation = await validateDraft(draft, { folder: `web/${String(draftId)}`, locale, db });
  if (!validation.ok) return { kind: "invalid", issues: validation.issues };
  const question = validation.question;
  return db.transaction(async (tx) => {
    if (questionId === null) {
      const inserted = await tx.insert(questions).values({ id: question.id, type: question.type, courseId }).onConflictDoNothing().returning();
      if (inserted.length === 0) return { kind: "conflict", message: translate(locale, "validation.idTaken", { id: question.id }) } as const;
    }
    const report = await syncBank(tx as unknown as Db, [question]);
    const [stored] = await tx
      .select({ version: questionVersions.version })
      .from(questionVersions)
      .where(and(eq(questionVersions.questionId, question.id), eq(questionVersions.contentHash, question.contentHash)));
    const [latest] = await tx
      .select({ version: questionVersions.version })
      .from(questionVersions)
      .where(eq(questionVersions.questionId, question.id))
      .orderBy(desc(questionVersions.version))
      .limit(1);
    return {
      kind: "saved",
      questionId: question.id,
      version: stored!.version,
      created: questionId === null,
      unchanged: report.unchanged > 0,
      latest: latest!.version,
    } as const;
  });
}

/** The bank's seed folders (000-lista, ...), to say where an exported question goes. */
export function bankSeedFolders(): string[] {
  const dir = defaultBankDir();
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && /^\d{3}-/.test(e.name)).map((e) => e.name);
}

/** A version (the newest unless `version` is given) in its file form, for committing into question-bank/. */
export async function exportQuestion(db: Db, courseId: string, questionId: string, version?: number): Promise<FileForm & { version: number } | null> {
  const [question] = await db.select({ id: questions.id }).from(questions).where(and(eq(questions.id, questionId), usableBy(courseId)));
  if (!question) return null;
  const [row] = await db
    .select({ version: questionVersions.version, content: questionVersions.content })
    .from(questionVersions)
    .where(version === undefined ? eq(questionVersions.questionId, questionId) : and(eq(questionVersions.questionId, questionId), eq(questionVersions.version, version)))
    .orderBy(desc(questionVersions.version))
    .limit(1);
  if (!row) return null;
  return { ...toFileForm(row.content as Record<string, unknown>, bankSeedFolders()), version: row.version };
}
