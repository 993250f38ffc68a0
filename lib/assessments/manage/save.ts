import { and, count, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, assessments, questions } from "@/db/schema";
import { zonedToInstant } from "@/lib/authoring/zoned-time";
import type { AssessmentInput } from "./input";
import { courseTimeZone, ownAssessment, startedItems } from "./lookups";
import { refused, type ManageOutcome } from "./outcome";

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

export async function createAssessment(db: Db, courseId: string, input: AssessmentInput): Promise<ManageOutcome> {
  const unusable = await unusableQuestions(db, courseId, input.items.flatMap((i) => i.questionIds));
  if (unusable.length > 0) return refused(400, "api.manageAssessment.unknownQuestions", "items", { count: unusable.length, ids: unusable.join(", ") });
  if (input.items.some((i) => i.id)) return refused(400, "api.manageAssessment.newHasNoItems", "items");
  const timeZone = await courseTimeZone(db, courseId);
  const slug = await freeSlug(db, courseId, input.title);
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(assessments).values({ courseId, slug, published: false, ...settingsOf(input, timeZone) }).returning({ id: assessments.id });
    await writeItems(tx as unknown as Db, row!.id, input.items);
    return { ok: true, id: row!.id } as const;
  });
}

export async function updateAssessment(db: Db, courseId: string, assessmentId: string, input: AssessmentInput): Promise<ManageOutcome> {
  const existing = await ownAssessment(db, courseId, assessmentId);
  if (!existing) return refused(404, "api.manageAssessment.notFound");
  if (existing.archivedAt) return refused(409, "api.assessmentArchived");
  const unusable = await unusableQuestions(db, courseId, input.items.flatMap((i) => i.questionIds));
  if (unusable.length > 0) return refused(400, "api.manageAssessment.unknownQuestions", "items", { count: unusable.length, ids: unusable.join(", ") });
  const current = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId));
  const currentIds = new Set(current.map((i) => i.id));
  const unknown = input.items.find((i) => i.id && !currentIds.has(i.id));
  if (unknown) return refused(400, "api.manageAssessment.unknownItem", "items");
  const started = await startedItems(db, assessmentId);
  const kept = new Set(input.items.map((i) => i.id).filter(Boolean));
  const removedStarted = current.filter((i) => !kept.has(i.id) && started.has(i.id));
  if (removedStarted.length > 0) {
    return refused(409, "api.manageAssessment.removeStarted", "items");
  }
  const pools = await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, [...currentIds]));
  for (const item of input.items) {
    if (!item.id || !started.has(item.id)) continue;
    const before = pools.filter((p) => p.itemId === item.id).map((p) => p.questionId).sort();
    if (JSON.stringify(before) !== JSON.stringify([...item.questionIds].sort())) {
      return refused(409, "api.manageAssessment.changeStarted", "items");
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
  if (!existing) return refused(404, "api.manageAssessment.notFound");
  if (existing.archivedAt) return refused(409, "api.assessmentArchived");
  if (published) {
    const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId));
    if (n === 0) return refused(409, "api.manageAssessment.publishEmpty");
  }
  await db.update(assessments).set({ published }).where(eq(assessments.id, assessmentId));
  return { ok: true, published };
}
