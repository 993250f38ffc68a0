import { and, asc, count, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { latestVersion } from "@/db/bank-sync";
import {
  assessmentItemQuestions,
  assessmentItems,
  assessments,
  courses,
  enrolments,
  extensions,
  questions,
  submissions,
  users,
  variants,
} from "@/db/schema";
import { presentVariant, makeVariant } from "@/grader/grade";
import { instantToZoned, isLocalDateTime, zonedToInstant } from "@/lib/authoring/zoned-time";
import { parseRange } from "@/lib/http/client-address";
import type { LoadedQuestion } from "@/lib/questions/load";

const localDateTime = z.string().refine(isLocalDateTime, "data e hora no formato AAAA-MM-DDTHH:mm");

const cidr = z
  .string()
  .trim()
  .refine((text) => {
    try {
      parseRange(text);
      return true;
    } catch {
      return false;
    }
  }, "faixa de rede inválida (use CIDR, como 200.17.0.0/16, ou um endereço)");
/** Safe Exam Browser shows its Config Key and Browser Exam Key as 64 hexadecimal digits (SHA-256). */
const sebKey = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, "chave do Safe Exam Browser: 64 dígitos hexadecimais");

/** What the builder sends. Dates are wall-clock times in the course's time zone. */
export const assessmentInputSchema = z
  .object({
    title: z.string().trim().min(1, "dê um título").max(200),
    kind: z.enum(["homework", "exam"]),
    opensAt: localDateTime,
    closesAt: localDateTime,
    timeLimitMinutes: z.number().int().min(1).max(24 * 60).nullable(),
    attemptsAllowed: z.number().int().min(1).max(100),
    penaltySchedule: z.array(z.number().min(0).max(1)).min(1).max(20),
    latePolicy: z.enum(["refuse", "penalty"]),
    latePenaltyPerDay: z.number().min(0).max(1),
    allowNewVariant: z.boolean(),
    resultsReleasedAt: localDateTime.nullable(),
    /** access rules (lib/assessments/access.ts); empty: no rule */
    accessCode: z.string().trim().max(100).nullable().default(null).transform((code) => code || null),
    allowedNetworks: z.array(cidr).max(50).default([]),
    sebConfigKeys: z.array(sebKey).max(20).default([]),
    sebBrowserExamKeys: z.array(sebKey).max(20).default([]),
    items: z
      .array(
        z.object({
          id: z.string().uuid().optional(),
          questionIds: z.array(z.string().min(1).max(200)).min(1, "escolha ao menos uma questão").max(50),
          points: z.number().positive("pontos devem ser maiores que zero").max(1000),
        }),
      )
      .max(100),
  })
  .superRefine((input, ctx) => {
    if (input.closesAt <= input.opensAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "o fechamento deve ser depois da abertura" });
    input.items.forEach((item, i) => {
      if (new Set(item.questionIds).size !== item.questionIds.length) {
        ctx.addIssue({ code: "custom", path: ["items", i, "questionIds"], message: "a mesma questão aparece duas vezes no item" });
      }
    });
  });
export type AssessmentInput = z.infer<typeof assessmentInputSchema>;

export type ManageOutcome<T = { id: string }> = ({ ok: true } & T) | { ok: false; status: 400 | 404 | 409; field?: string; message: string };

const refused = (status: 400 | 404 | 409, message: string, field?: string) => ({ ok: false, status, message, ...(field ? { field } : {}) }) as const;

export async function courseTimeZone(db: Db, courseId: string): Promise<string> {
  const [row] = await db.select({ timeZone: courses.timeZone }).from(courses).where(eq(courses.id, courseId));
  return row?.timeZone ?? "America/Sao_Paulo";
}

function slugify(title: string): string {
  const base = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return base || "avaliacao";
}

async function freeSlug(db: Db, courseId: string, title: string): Promise<string> {
  const base = slugify(title);
  const taken = new Set(
    (await db.select({ slug: assessments.slug }).from(assessments).where(eq(assessments.courseId, courseId))).map((r) => r.slug),
  );
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

function settingsOf(input: AssessmentInput, timeZone: string) {
  return {
    title: input.title,
    kind: input.kind,
    opensAt: zonedToInstant(input.opensAt, timeZone),
    closesAt: zonedToInstant(input.closesAt, timeZone),
    timeLimitMinutes: input.timeLimitMinutes,
    attemptsAllowed: input.attemptsAllowed,
    penaltySchedule: input.penaltySchedule,
    latePolicy: input.latePolicy,
    latePenaltyPerDay: input.latePolicy === "penalty" ? input.latePenaltyPerDay : 0,
    allowNewVariant: input.allowNewVariant,
    // results release only applies to exams
    resultsReleasedAt: input.kind === "exam" && input.resultsReleasedAt ? zonedToInstant(input.resultsReleasedAt, timeZone) : null,
    accessCode: input.accessCode,
    allowedNetworks: input.allowedNetworks,
    sebConfigKeys: input.sebConfigKeys,
    sebBrowserExamKeys: input.sebBrowserExamKeys,
  };
}

/** Every question of the items must be one the course may use (shared bank or its own). */
async function unusableQuestions(db: Db, courseId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db
    .select({ id: questions.id })
    .from(questions)
    .where(and(inArray(questions.id, ids), or(isNull(questions.courseId), eq(questions.courseId, courseId))));
  const ok = new Set(found.map((r) => r.id));
  return [...new Set(ids)].filter((id) => !ok.has(id));
}

async function ownAssessment(db: Db, courseId: string, assessmentId: string) {
  if (!z.string().uuid().safeParse(assessmentId).success) return undefined;
  const [row] = await db.select().from(assessments).where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId)));
  return row;
}

export async function createAssessment(db: Db, courseId: string, input: AssessmentInput): Promise<ManageOutcome> {
  const unusable = await unusableQuestions(db, courseId, input.items.flatMap((i) => i.questionIds));
  if (unusable.length > 0) return refused(400, `questões inexistentes neste curso: ${unusable.join(", ")}`, "items");
  if (input.items.some((i) => i.id)) return refused(400, "uma avaliação nova não tem itens existentes", "items");
  const timeZone = await courseTimeZone(db, courseId);
  const slug = await freeSlug(db, courseId, input.title);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(assessments).values({ courseId, slug, published: false, ...settingsOf(input, timeZone) }).returning({ id: assessments.id });
    await writeItems(tx as unknown as Db, row!.id, input.items);
    return { ok: true, id: row!.id } as const;
  });
}

/** Item ids of the assessment that students already hold variants of (their pool can no longer change). */
async function startedItems(db: Db, assessmentId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ itemId: variants.itemId })
    .from(variants)
    .innerJoin(assessmentItems, eq(assessmentItems.id, variants.itemId))
    .where(eq(assessmentItems.assessmentId, assessmentId));
  return new Set(rows.map((r) => r.itemId));
}

export async function updateAssessment(db: Db, courseId: string, assessmentId: string, input: AssessmentInput): Promise<ManageOutcome> {
  const existing = await ownAssessment(db, courseId, assessmentId);
  if (!existing) return refused(404, "Avaliação não encontrada.");
  if (existing.archivedAt) return refused(409, "api.assessmentArchived");
  const unusable = await unusableQuestions(db, courseId, input.items.flatMap((i) => i.questionIds));
  if (unusable.length > 0) return refused(400, `questões inexistentes neste curso: ${unusable.join(", ")}`, "items");
  const current = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId));
  const currentIds = new Set(current.map((i) => i.id));
  const unknown = input.items.find((i) => i.id && !currentIds.has(i.id));
  if (unknown) return refused(400, "item desconhecido nesta avaliação", "items");
  const started = await startedItems(db, assessmentId);
  const kept = new Set(input.items.map((i) => i.id).filter(Boolean));
  const removedStarted = current.filter((i) => !kept.has(i.id) && started.has(i.id));
  if (removedStarted.length > 0) {
    return refused(409, "Não é possível remover itens que estudantes já começaram a responder (as respostas seriam apagadas).", "items");
  }
  const pools = await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, [...currentIds]));
  for (const item of input.items) {
    if (!item.id || !started.has(item.id)) continue;
    const before = pools.filter((p) => p.itemId === item.id).map((p) => p.questionId).sort();
    if (JSON.stringify(before) !== JSON.stringify([...item.questionIds].sort())) {
      return refused(409, "As questões de um item que estudantes já começaram não podem mudar; crie um item novo.", "items");
    }
  }
  const timeZone = await courseTimeZone(db, courseId);
  await db.transaction(async (tx) => {
    await tx.update(assessments).set(settingsOf(input, timeZone)).where(eq(assessments.id, assessmentId));
    const removed = current.filter((i) => !kept.has(i.id)).map((i) => i.id);
    if (removed.length > 0) await tx.delete(assessmentItems).where(inArray(assessmentItems.id, removed));
    await writeItems(tx as unknown as Db, assessmentId, input.items);
  });
  return { ok: true, id: assessmentId };
}

/** Positions 1..n in the given order; existing items keep their id (and their students' variants and submissions). */
async function writeItems(db: Db, assessmentId: string, items: AssessmentInput["items"]) {
  const existing = items.filter((i) => i.id).map((i) => i.id!);
  // move kept items out of the way first: (assessment, position) is unique
  for (const [n, id] of existing.entries()) await db.update(assessmentItems).set({ position: -1 - n }).where(eq(assessmentItems.id, id));
  for (const [index, item] of items.entries()) {
    let itemId = item.id;
    if (itemId) {
      await db.update(assessmentItems).set({ position: index + 1, points: item.points }).where(eq(assessmentItems.id, itemId));
      await db.delete(assessmentItemQuestions).where(eq(assessmentItemQuestions.itemId, itemId));
    } else {
      const [row] = await db.insert(assessmentItems).values({ assessmentId, position: index + 1, points: item.points }).returning({ id: assessmentItems.id });
      itemId = row!.id;
    }
    await db.insert(assessmentItemQuestions).values(item.questionIds.map((questionId) => ({ itemId: itemId!, questionId })));
  }
}

export async function setPublished(db: Db, courseId: string, assessmentId: string, published: boolean): Promise<ManageOutcome<{ published: boolean }>> {
  const existing = await ownAssessment(db, courseId, assessmentId);
  if (!existing) return refused(404, "Avaliação não encontrada.");
  if (existing.archivedAt) return refused(409, "api.assessmentArchived");
  if (published) {
    const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId));
    if (n === 0) return refused(409, "Adicione ao menos uma questão antes de publicar.");
  }
  await db.update(assessments).set({ published }).where(eq(assessments.id, assessmentId));
  return { ok: true, published };
}

export interface AssessmentForEditing {
  id: string;
  slug: string;
  published: boolean;
  archived: boolean;
  timeZone: string;
  input: AssessmentInput;
  startedItemIds: string[];
  submissionCount: number;
  extensions: ExtensionView[];
}

export interface ExtensionView {
  userId: string;
  name: string;
  email: string;
  closesAt: string | null;
  extraMinutes: number;
  reason: string;
}

export async function assessmentForEditing(db: Db, courseId: string, assessmentId: string): Promise<AssessmentForEditing | null> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return null;
  const timeZone = await courseTimeZone(db, courseId);
  const items = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).orderBy(asc(assessmentItems.position));
  const pools = items.length
    ? await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, items.map((i) => i.id))).orderBy(asc(assessmentItemQuestions.questionId))
    : [];
  const [{ n } = { n: 0 }] = items.length
    ? await db.select({ n: count() }).from(submissions).where(inArray(submissions.itemId, items.map((i) => i.id)))
    : [{ n: 0 }];
  return {
    id: a.id,
    slug: a.slug,
    published: a.published,
    archived: a.archivedAt !== null,
    timeZone,
    input: {
      title: a.title,
      kind: a.kind,
      opensAt: instantToZoned(a.opensAt, timeZone),
      closesAt: instantToZoned(a.closesAt, timeZone),
      timeLimitMinutes: a.timeLimitMinutes,
      attemptsAllowed: a.attemptsAllowed,
      penaltySchedule: a.penaltySchedule,
      latePolicy: a.latePolicy,
      latePenaltyPerDay: a.latePenaltyPerDay,
      allowNewVariant: a.allowNewVariant,
      resultsReleasedAt: a.resultsReleasedAt ? instantToZoned(a.resultsReleasedAt, timeZone) : null,
      accessCode: a.accessCode,
      allowedNetworks: a.allowedNetworks,
      sebConfigKeys: a.sebConfigKeys,
      sebBrowserExamKeys: a.sebBrowserExamKeys,
      items: items.map((i) => ({ id: i.id, points: i.points, questionIds: pools.filter((p) => p.itemId === i.id).map((p) => p.questionId) })),
    },
    startedItemIds: [...(await startedItems(db, assessmentId))],
    submissionCount: n,
    extensions: await listExtensions(db, assessmentId, timeZone),
  };
}

async function listExtensions(db: Db, assessmentId: string, timeZone: string): Promise<ExtensionView[]> {
  const rows = await db
    .select({ userId: extensions.userId, name: users.name, email: users.email, closesAt: extensions.closesAt, extraMinutes: extensions.extraMinutes, reason: extensions.reason })
    .from(extensions)
    .innerJoin(users, eq(users.id, extensions.userId))
    .where(eq(extensions.assessmentId, assessmentId))
    .orderBy(asc(users.name));
  return rows.map((r) => ({ ...r, closesAt: r.closesAt ? instantToZoned(r.closesAt, timeZone) : null }));
}

export const extensionInputSchema = z
  .object({
    userId: z.string().uuid("escolha um(a) estudante"),
    closesAt: localDateTime.nullable(),
    extraMinutes: z.number().int().min(0).max(24 * 60),
    reason: z.string().trim().max(500).default(""),
  })
  .refine((e) => e.closesAt !== null || e.extraMinutes > 0, { message: "dê um novo prazo ou minutos extras", path: ["closesAt"] });
export type ExtensionInput = z.infer<typeof extensionInputSchema>;

/** A per-student extension (new close and/or extra minutes on the time limit); granting again replaces it. */
export async function grantExtension(db: Db, courseId: string, assessmentId: string, grantedBy: string, input: ExtensionInput): Promise<ManageOutcome<{ userId: string }>> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return refused(404, "Avaliação não encontrada.");
  if (a.archivedAt) return refused(409, "api.assessmentArchived");
  const [student] = await db
    .select({ userId: enrolments.userId })
    .from(enrolments)
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, input.userId), eq(enrolments.role, "student"), isNull(enrolments.removedAt)));
  if (!student) return refused(400, "Esta pessoa não é estudante do curso.", "userId");
  const timeZone = await courseTimeZone(db, courseId);
  const closesAt = input.closesAt ? zonedToInstant(input.closesAt, timeZone) : null;
  if (closesAt && closesAt <= a.closesAt) return refused(400, "O novo prazo deve ser depois do prazo da avaliação.", "closesAt");
  const values = { closesAt, extraMinutes: input.extraMinutes, reason: input.reason, grantedBy };
  await db
    .insert(extensions)
    .values({ assessmentId, userId: input.userId, ...values })
    .onConflictDoUpdate({ target: [extensions.assessmentId, extensions.userId], set: values });
  return { ok: true, userId: input.userId };
}

export async function revokeExtension(db: Db, courseId: string, assessmentId: string, userId: string): Promise<ManageOutcome<{ userId: string }>> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return refused(404, "Avaliação não encontrada.");
  if (a.archivedAt) return refused(409, "api.assessmentArchived");
  const deleted = await db.delete(extensions).where(and(eq(extensions.assessmentId, assessmentId), eq(extensions.userId, userId))).returning();
  if (deleted.length === 0) return refused(404, "Prorrogação não encontrada.");
  return { ok: true, userId };
}

export interface PreviewQuestion {
  questionId: string;
  title: string;
  type: string;
  version: number;
  prompt: string;
  publicView: Record<string, unknown>;
  error?: string;
}

export interface AssessmentPreview {
  title: string;
  kind: "homework" | "exam";
  items: { position: number; points: number; pool: PreviewQuestion[] }[];
}

/** The assessment as a student would see it, with the variant of `seed` (the newest version of each question); nothing is stored. */
export async function previewAssessment(db: Db, courseId: string, assessmentId: string, seed: number): Promise<AssessmentPreview | null> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return null;
  const items = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).orderBy(asc(assessmentItems.position));
  const pools = items.length
    ? await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, items.map((i) => i.id))).orderBy(asc(assessmentItemQuestions.questionId))
    : [];
  const out: AssessmentPreview["items"] = [];
  for (const item of items) {
    const pool: PreviewQuestion[] = [];
    for (const { questionId } of pools.filter((p) => p.itemId === item.id)) {
      const version = await latestVersion(db, questionId);
      if (!version) continue;
      const question = version.content as LoadedQuestion;
      try {
        const { prompt, id: _id, type: _type, seed: _seed, params: _params, ...publicView } = presentVariant(question, makeVariant(question, seed));
        pool.push({ questionId, title: question.title, type: question.type, version: version.version, prompt, publicView });
      } catch (error) {
        pool.push({ questionId, title: question.title, type: question.type, version: version.version, prompt: "", publicView: {}, error: (error as Error).message });
      }
    }
    out.push({ position: item.position, points: item.points, pool });
  }
  return { title: a.title, kind: a.kind, items: out };
}

/** The course's students, for the extension form. */
export function courseStudents(db: Db, courseId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.role, "student"), isNull(enrolments.removedAt)))
    .orderBy(asc(users.name));
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A new assessment's starting values: opens now, closes in a week at 23:59 (course time zone), 3 attempts. */
export function newAssessmentDefaults(timeZone: string, now = new Date()): AssessmentInput {
  return {
    title: "",
    kind: "homework",
    opensAt: instantToZoned(now, timeZone),
    closesAt: `${instantToZoned(new Date(now.getTime() + 7 * DAY_MS), timeZone).slice(0, 10)}T23:59`,
    timeLimitMinutes: null,
    attemptsAllowed: 3,
    penaltySchedule: [1, 0.8, 0.6],
    latePolicy: "refuse",
    latePenaltyPerDay: 0,
    allowNewVariant: false,
    resultsReleasedAt: null,
    accessCode: null,
    allowedNetworks: [],
    sebConfigKeys: [],
    sebBrowserExamKeys: [],
    items: [],
  };
}
