import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { enrolments, extensions, users } from "@/db/schema";
import { instantToZoned, zonedToInstant } from "@/lib/authoring/zoned-time";
import { localDateTime } from "./input";
import { courseTimeZone, ownAssessment } from "./lookups";
import { refused, type ManageOutcome } from "./outcome";

export interface ExtensionView {
  userId: string;
  name: string;
  email: string;
  closesAt: string | null;
  extraMinutes: number;
  reason: string;
}

export async function listExtensions(db: Db, assessmentId: string, timeZone: string): Promise<ExtensionView[]> {
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
    userId: z.string().uuid("validation.chooseStudent"),
    closesAt: localDateTime.nullable(),
    extraMinutes: z.number().int().min(0).max(24 * 60),
    reason: z.string().trim().max(500).default(""),
  })
  .refine((e) => e.closesAt !== null || e.extraMinutes > 0, { message: "validation.extensionNeedsChange", path: ["closesAt"] });
export type ExtensionInput = z.infer<typeof extensionInputSchema>;

/** A per-student extension (new close and/or extra minutes on the time limit); granting again replaces it. */
export async function grantExtension(db: Db, courseId: string, assessmentId: string, grantedBy: string, input: ExtensionInput): Promise<ManageOutcome<{ userId: string }>> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return refused(404, "api.manageAssessment.notFound");
  if (a.archivedAt) return refused(409, "api.assessmentArchived");
  const [student] = await db
    .select({ userId: enrolments.userId })
    .from(enrolments)
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, input.userId), eq(enrolments.role, "student"), isNull(enrolments.removedAt)));
  if (!student) return refused(400, "api.manageAssessment.notStudent", "userId");
  const timeZone = await courseTimeZone(db, courseId);
  const closesAt = input.closesAt ? zonedToInstant(input.closesAt, timeZone) : null;
  if (closesAt && closesAt <= a.closesAt) return refused(400, "api.manageAssessment.extensionBeforeDeadline", "closesAt");
  const values = { closesAt, extraMinutes: input.extraMinutes, reason: input.reason, grantedBy };
  await db
    .insert(extensions)
    .values({ assessmentId, userId: input.userId, ...values })
    .onConflictDoUpdate({ target: [extensions.assessmentId, extensions.userId], set: values });
  return { ok: true, userId: input.userId };
}

export async function revokeExtension(db: Db, courseId: string, assessmentId: string, userId: string): Promise<ManageOutcome<{ userId: string }>> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return refused(404, "api.manageAssessment.notFound");
  if (a.archivedAt) return refused(409, "api.assessmentArchived");
  const deleted = await db.delete(extensions).where(and(eq(extensions.assessmentId, assessmentId), eq(extensions.userId, userId))).returning();
  if (deleted.length === 0) return refused(404, "api.manageAssessment.extensionNotFound");
  return { ok: true, userId };
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
