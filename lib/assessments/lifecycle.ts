/**
 * An assessment's life after it is built: duplicate (a new draft with the same items and settings), archive (hidden
 * from students, read-only, restorable) and delete (only while nobody has submitted). Each change is one row of the
 * course's audit log, written in the same transaction.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, assessments, courseAudit, submissions } from "@/db/schema";

export type LifecycleAction = "duplicate" | "archive" | "restore" | "delete";

export type LifecycleOutcome =
  | { ok: true; id: string }
  | { ok: false; status: 404 | 409; message: string; values?: Record<string, string | number> };

const notFound = { ok: false, status: 404, message: "management.errors.notFound" } as const;

/** What the lifecycle route accepts: one action, confirmed by the person (the interface asks first). */
export const lifecycleBodySchema = z.object({
  action: z.enum(["duplicate", "archive", "restore", "delete"]),
  confirm: z.literal(true),
});

type AssessmentRow = typeof assessments.$inferSelect;

async function ownAssessment(db: Db, courseId: string, assessmentId: string): Promise<AssessmentRow | undefined> {
  if (!z.string().uuid().safeParse(assessmentId).success) return undefined;
  const [row] = await db.select().from(assessments).where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId)));
  return row;
}

export async function submissionCount(db: Db, assessmentId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .where(eq(assessmentItems.assessmentId, assessmentId));
  return row?.n ?? 0;
}

/**
 * Copies the items of one assessment (positions, points, question pools) into another; `mapQuestion` renames a
 * question on the way (a course copy points at the copied course's own questions).
 */
export async function copyItems(db: Db, fromAssessmentId: string, toAssessmentId: string, mapQuestion: (id: string) => string = (id) => id): Promise<void> {
  const items = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, fromAssessmentId));
  if (items.length === 0) return;
  const pools = await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, items.map((i) => i.id)));
  for (const item of items) {
    const [copy] = await db.insert(assessmentItems).values({ assessmentId: toAssessmentId, position: item.position, points: item.points }).returning({ id: assessmentItems.id });
    const pool = pools.filter((p) => p.itemId === item.id);
    if (pool.length > 0) await db.insert(assessmentItemQuestions).values(pool.map((p) => ({ itemId: copy!.id, questionId: mapQuestion(p.questionId) })));
  }
}

async function audit(db: Db, courseId: string, actorId: string, action: LifecycleAction, subjectId: string, detail: Record<string, unknown>): Promise<void> {
  await db.insert(courseAudit).values({ courseId, actorId, action: `assessment.${action}`, subjectId, detail });
}

/** A slug not taken in the course: `lista-1-copia`, `lista-1-copia-2`, ... */
async function copySlug(db: Db, courseId: string, slug: string): Promise<string> {
  const taken = new Set((await db.select({ slug: assessments.slug }).from(assessments).where(eq(assessments.courseId, courseId))).map((r) => r.slug));
  const base = `${slug.slice(0, 60)}-copia`;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** A new unpublished draft with the same settings and items; no variants, starts, extensions or submissions. */
export async function duplicateAssessment(db: Db, courseId: string, assessmentId: string, actorId: string, copyTitle: (title: string) => string): Promise<LifecycleOutcome> {
  const source = await ownAssessment(db, courseId, assessmentId);
  if (!source) return notFound;
  const slug = await copySlug(db, courseId, source.slug);
  return db.transaction(async (tx) => {
    const { id: _id, createdAt: _createdAt, slug: _slug, title, ...settings } = source;
    const [copy] = await tx
      .insert(assessments)
      .values({ ...settings, slug, title: copyTitle(title).slice(0, 200), published: false, archivedAt: null })
      .returning({ id: assessments.id });
    await copyItems(tx as unknown as Db, source.id, copy!.id);
    await audit(tx as unknown as Db, courseId, actorId, "duplicate", copy!.id, { from: source.id, title: source.title });
    return { ok: true, id: copy!.id } as const;
  });
}

/** Archive (`archived` true) or restore; asking for the state it is already in is a 409 that says so. */
export async function setAssessmentArchived(db: Db, courseId: string, assessmentId: string, actorId: string, archived: boolean, now = new Date()): Promise<LifecycleOutcome> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return notFound;
  if ((a.archivedAt !== null) === archived) return { ok: false, status: 409, message: archived ? "management.errors.alreadyArchived" : "management.errors.notArchived" };
  await db.transaction(async (tx) => {
    await tx.update(assessments).set({ archivedAt: archived ? now : null }).where(eq(assessments.id, assessmentId));
    await audit(tx as unknown as Db, courseId, actorId, archived ? "archive" : "restore", assessmentId, { title: a.title });
  });
  return { ok: true, id: assessmentId };
}

/**
 * Deletes an assessment nobody has submitted to (its items, variants, starts and extensions go with it). With
 * submissions it is refused: archive it instead, which keeps the grades.
 */
export async function deleteAssessment(db: Db, courseId: string, assessmentId: string, actorId: string): Promise<LifecycleOutcome> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return notFound;
  return db.transaction(async (tx) => {
    const n = await submissionCount(tx as unknown as Db, assessmentId);
    if (n > 0) return { ok: false, status: 409, message: "management.errors.hasSubmissions", values: { count: n } } as const;
    await tx.delete(assessments).where(eq(assessments.id, assessmentId));
    await audit(tx as unknown as Db, courseId, actorId, "delete", assessmentId, { title: a.title, slug: a.slug });
    return { ok: true, id: assessmentId } as const;
  });
}

/** One entry point for the route: the action and who asked. */
export function runLifecycleAction(
  db: Db,
  input: { courseId: string; assessmentId: string; actorId: string; action: LifecycleAction; copyTitle: (title: string) => string; now?: Date },
): Promise<LifecycleOutcome> {
  switch (input.action) {
    case "duplicate":
      return duplicateAssessment(db, input.courseId, input.assessmentId, input.actorId, input.copyTitle);
    case "archive":
    case "restore":
      return setAssessmentArchived(db, input.courseId, input.assessmentId, input.actorId, input.action === "archive", input.now);
    case "delete":
      return deleteAssessment(db, input.courseId, input.assessmentId, input.actorId);
  }
}

export interface AuditEntry {
  id: number;
  action: string;
  subjectId: string;
  actorId: string | null;
  detail: Record<string, unknown>;
  createdAt: Date;
}

export function courseAuditLog(db: Db, courseId: string): Promise<AuditEntry[]> {
  return db
    .select({ id: courseAudit.id, action: courseAudit.action, subjectId: courseAudit.subjectId, actorId: courseAudit.actorId, detail: courseAudit.detail, createdAt: courseAudit.createdAt })
    .from(courseAudit)
    .where(eq(courseAudit.courseId, courseId))
    .orderBy(courseAudit.id);
}
