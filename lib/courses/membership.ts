import { and, asc, eq, isNotNull, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { courses, enrolments } from "@/db/schema";
import type { CourseRole } from "@/lib/auth/policy";

export interface Membership {
  courseId: string;
  slug: string;
  title: string;
  term: string;
  role: CourseRole;
  archived: boolean;
}

/** The courses a user belongs to: not removed, and for students not archived (staff still see archived ones). */
export async function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .select({ courseId: courses.id, slug: courses.slug, title: courses.title, term: courses.term, role: enrolments.role, archivedAt: courses.archivedAt })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(and(eq(enrolments.userId, userId), isNull(enrolments.removedAt), or(isNull(courses.archivedAt), eq(enrolments.role, "instructor"), eq(enrolments.role, "ta"))))
    .orderBy(asc(isNotNull(courses.archivedAt)), asc(courses.title));
  return rows.map(({ archivedAt, ...m }) => ({ ...m, archived: archivedAt !== null }));
}

export interface CourseStanding {
  role: CourseRole;
  archived: boolean;
}

/** The user's role in the course and whether it is archived; null when not enrolled (or removed). */
export async function getCourseStanding(db: Db, userId: string, courseId: string): Promise<CourseStanding | null> {
  const [row] = await db
    .select({ role: enrolments.role, archivedAt: courses.archivedAt })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId), isNull(enrolments.removedAt)))
    .limit(1);
  return row ? { role: row.role, archived: row.archivedAt !== null } : null;
}
