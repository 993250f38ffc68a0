import { randomBytes } from "node:crypto";
import { and, asc, eq, ilike, inArray, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessments, courses, enrolments, questions, questionVersions, users } from "@/db/schema";
import { copyItems } from "@/lib/assessments/lifecycle";
import { locales } from "@/domain/i18n/config";

export type CourseRefusal = { ok: false; reason: "invalid" | "slug_taken" | "not_found" | "no_instructor"; field?: string };

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const slugSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

export const courseSettingsSchema = z.object({
  title: z.string().trim().min(1).max(200),
  term: z.string().trim().max(40).default(""),
  timeZone: z.string().trim().refine(isTimeZone).default("America/Sao_Paulo"),
  language: z.enum(locales).default("pt-BR"),
});
export type CourseSettings = z.input<typeof courseSettingsSchema>;

function invalid(error: z.ZodError): CourseRefusal {
  return { ok: false, reason: "invalid", field: String(error.issues[0]?.path[0] ?? "") };
}

/** A new course (administrators) with its first instructor, who must already have an account. */
export async function createCourse(
  db: Db,
  input: CourseSettings & { slug: string; instructorEmail: string },
): Promise<{ ok: true; id: string; slug: string } | CourseRefusal> {
  const slug = slugSchema.safeParse(input.slug);
  if (!slug.success) return { ok: false, reason: "invalid", field: "slug" };
  const settings = courseSettingsSchema.safeParse(input);
  if (!settings.success) return invalid(settings.error);
  const [instructor] = await db.select({ id: users.id }).from(users).where(and(eq(users.email, input.instructorEmail.trim().toLowerCase()), isNull(users.deactivatedAt)));
  if (!instructor) return { ok: false, reason: "no_instructor", field: "instructor" };
  return db.transaction(async (tx) => {
    const [course] = await tx.insert(courses).values({ slug: slug.data, ...settings.data }).onConflictDoNothing({ target: courses.slug }).returning({ id: courses.id });
    if (!course) return { ok: false, reason: "slug_taken", field: "slug" } as const;
    await tx.insert(enrolments).values({ courseId: course.id, userId: instructor.id, role: "instructor" });
    return { ok: true, id: course.id, slug: slug.data } as const;
  });
}

export async function findCourseBySlug(db: Db, slug: string) {
  const [row] = await db.select().from(courses).where(eq(courses.slug, slug.trim().toLowerCase()));
  return row ?? null;
}

export async function getCourse(db: Db, courseId: string) {
  const [row] = await db.select().from(courses).where(eq(courses.id, courseId));
  return row ?? null;
}

export async function updateCourseSettings(db: Db, courseId: string, input: CourseSettings): Promise<{ ok: true } | CourseRefusal> {
  const settings = courseSettingsSchema.safeParse(input);
  if (!settings.success) return invalid(settings.error);
  const updated = await db.update(courses).set(settings.data).where(eq(courses.id, courseId)).returning({ id: courses.id });
  return updated.length ? { ok: true } : { ok: false, reason: "not_found" };
}

/** Archived: read-only for staff, gone from students' lists (lib/auth/policy.ts). */
export async function setArchived(db: Db, courseId: string, archived: boolean, now = new Date()): Promise<{ ok: true } | CourseRefusal> {
  const updated = await db.update(courses).set({ archivedAt: archived ? now : null }).where(eq(courses.id, courseId)).returning({ id: courses.id });
  return updated.length ? { ok: true } : { ok: false, reason: "not_found" };
}

export const selfEnrolmentSchema = z.object({
  enabled: z.boolean(),
  /** "ufv.br", "@ufv.br" or "" (any domain), comma or space separated */
  domains: z.string().max(500).default(""),
  /** a new code (the old link stops working) */
  newCode: z.boolean().default(false),
});

export function parseDomains(text: string): string[] | null {
  const domains = text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean);
  return domains.every((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d)) ? [...new Set(domains)] : null;
}

const newJoinCode = () => randomBytes(6).toString("base64url").replace(/[-_]/g, "x").toUpperCase();

/** Turns self-enrolment on or off; the code is kept across off/on unless a new one is asked for. */
export async function setSelfEnrolment(db: Db, courseId: string, input: z.input<typeof selfEnrolmentSchema>): Promise<{ ok: true; joinCode: string | null } | CourseRefusal> {
  const parsed = selfEnrolmentSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const allowedDomains = parseDomains(parsed.data.domains);
  if (!allowedDomains) return { ok: false, reason: "invalid", field: "domains" };
  const course = await getCourse(db, courseId);
  if (!course) return { ok: false, reason: "not_found" };
  const joinCode = parsed.data.newCode || (!course.joinCode && parsed.data.enabled) ? newJoinCode() : course.joinCode;
  await db.update(courses).set({ selfEnrolment: parsed.data.enabled, allowedDomains, joinCode }).where(eq(courses.id, courseId));
  return { ok: true, joinCode };
}

export type JoinOutcome = { ok: true; courseId: string } | { ok: false; reason: "unknown_code" | "closed" | "domain" | "removed" };

/** A signed-in person joins as a student with the course's code (when on, and their e-mail domain is allowed). */
export async function joinWithCode(db: Db, user: { id: string; email: string }, code: string): Promise<JoinOutcome> {
  const normalized = code.trim().toUpperCase();
  if (!/^[A-Z0-9]{4,16}$/.test(normalized)) return { ok: false, reason: "unknown_code" };
  const [course] = await db.select().from(courses).where(eq(courses.joinCode, normalized));
  if (!course) return { ok: false, reason: "unknown_code" };
  const [existing] = await db.select().from(enrolments).where(and(eq(enrolments.courseId, course.id), eq(enrolments.userId, user.id)));
  if (existing && !existing.removedAt) return { ok: true, courseId: course.id };
  if (!course.selfEnrolment || course.archivedAt) return { ok: false, reason: "closed" };
  // Someone the instructor removed does not come back by themselves.
  if (existing) return { ok: false, reason: "removed" };
  const domain = user.email.split("@")[1] ?? "";
  if (course.allowedDomains.length > 0 && !course.allowedDomains.includes(domain)) return { ok: false, reason: "domain" };
  await db.insert(enrolments).values({ courseId: course.id, userId: user.id, role: "student" }).onConflictDoNothing();
  return { ok: true, courseId: course.id };
}

/** An ILIKE pattern for "contains this text" (the text's own % and _ taken literally). */
export const containsPattern = (text: string) => `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface CourseListFilters {
  search?: string;
  term?: string;
  status?: "active" | "archived" | "all";
}

/**
 * The course list for staff: an administrator sees every course, anyone else the courses where they are an
 * instructor or a TA (archived ones included when asked for).
 */
export async function listStaffCourses(db: Db, user: { id: string; isAdmin: boolean }, filters: CourseListFilters = {}) {
  const conditions: SQL[] = [];
  if (filters.search) {
    const like = containsPattern(filters.search);
    conditions.push(or(ilike(courses.title, like), ilike(courses.slug, like))!);
  }
  if (filters.term) conditions.push(eq(courses.term, filters.term));
  const status = filters.status ?? "active";
  if (status === "active") conditions.push(isNull(courses.archivedAt));
  if (status === "archived") conditions.push(isNotNull(courses.archivedAt));
  if (!user.isAdmin) {
    const mine = db
      .select({ id: enrolments.courseId })
      .from(enrolments)
      .where(and(eq(enrolments.userId, user.id), isNull(enrolments.removedAt), inArray(enrolments.role, ["instructor", "ta"])));
    conditions.push(inArray(courses.id, mine));
  }
  return db
    .select({ id: courses.id, slug: courses.slug, title: courses.title, term: courses.term, archivedAt: courses.archivedAt })
    .from(courses)
    .where(and(...conditions))
    .orderBy(asc(isNotNull(courses.archivedAt)), asc(courses.title));
}

export async function courseTerms(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ term: courses.term }).from(courses).orderBy(asc(courses.term));
  return rows.map((r) => r.term).filter(Boolean);
}

const DAY_MS = 86_400_000;

export interface CopyInput {
  fromCourseId: string;
  slug: string;
  title: string;
  term?: string;
  shiftDays?: number;
  /** enrolled as the copy's instructor (the browser's copier); the CLI copies no people */
  instructorId?: string;
}

/**
 * A course for a new term: its own questions (under new ids, `<slug>--<old id>`) and its assessments, dates shifted
 * and unpublished. No people (except the copying instructor), no submissions, no extensions.
 */
export async function copyCourse(db: Db, input: CopyInput): Promise<{ ok: true; id: string; slug: string; questions: number; assessments: number } | CourseRefusal> {
  const slug = slugSchema.safeParse(input.slug);
  if (!slug.success) return { ok: false, reason: "invalid", field: "slug" };
  const title = courseSettingsSchema.shape.title.safeParse(input.title);
  if (!title.success) return { ok: false, reason: "invalid", field: "title" };
  const shiftDays = input.shiftDays ?? 0;
  if (!Number.isInteger(shiftDays) || Math.abs(shiftDays) > 3650) return { ok: false, reason: "invalid", field: "shiftDays" };
  const source = await getCourse(db, input.fromCourseId);
  if (!source) return { ok: false, reason: "not_found" };
  const shift = (d: Date | null) => (d ? new Date(d.getTime() + shiftDays * DAY_MS) : null);

  return db.transaction(async (tx) => {
    const [course] = await tx
      .insert(courses)
      .values({ slug: slug.data, title: title.data, term: input.term ?? source.term, timeZone: source.timeZone, language: source.language })
      .onConflictDoNothing({ target: courses.slug })
      .returning({ id: courses.id });
    if (!course) return { ok: false, reason: "slug_taken", field: "slug" } as const;
    if (input.instructorId) await tx.insert(enrolments).values({ courseId: course.id, userId: input.instructorId, role: "instructor" });

    // The course's own questions, latest version each, as version 1 of a new question.
    const own = await tx
      .select({ id: questions.id, type: questions.type, version: questionVersions.version, content: questionVersions.content, contentHash: questionVersions.contentHash })
      .from(questions)
      .innerJoin(questionVersions, eq(questionVersions.questionId, questions.id))
      .where(eq(questions.courseId, source.id))
      .orderBy(asc(questions.id), asc(questionVersions.version));
    const latest = new Map(own.map((q) => [q.id, q]));
    const newId = new Map<string, string>();
    for (const q of latest.values()) {
      const id = `${slug.data}--${q.id}`;
      newId.set(q.id, id);
      await tx.insert(questions).values({ id, type: q.type, courseId: course.id });
      await tx.insert(questionVersions).values({ questionId: id, version: 1, contentHash: q.contentHash, content: { ...(q.content as object), id } });
    }

    const sourceAssessments = await tx.select().from(assessments).where(eq(assessments.courseId, source.id));
    for (const a of sourceAssessments) {
      const { id: oldAssessmentId, courseId: _c, createdAt: _t, ...fields } = a;
      const [copy] = await tx
        .insert(assessments)
        .values({ ...fields, courseId: course.id, published: false, opensAt: shift(a.opensAt)!, closesAt: shift(a.closesAt)!, resultsReleasedAt: shift(a.resultsReleasedAt) })
        .returning({ id: assessments.id });
      await copyItems(tx as unknown as Db, oldAssessmentId, copy!.id, (id) => newId.get(id) ?? id);
    }
    return { ok: true, id: course.id, slug: slug.data, questions: latest.size, assessments: sourceAssessments.length } as const;
  });
}
