import { and, asc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prepared } from "@/db/prepared";
import { courses, enrolments, users } from "@/db/schema";
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

/** What the per-request session check reads of the user (lib/auth/session.ts). */
export const sessionUserColumns = { id: users.id, email: users.email, name: users.name, isAdmin: users.isAdmin, sessionVersion: users.sessionVersion, deactivatedAt: users.deactivatedAt };

/**
 * The session's user and their standing in a course in one prepared round trip (every answer and page view of a
 * course, issue #17): the user's row with their enrolment (not removed) and the course's archived mark, if any.
 */
export async function userWithStanding(db: Db, userId: string, courseId: string) {
  const [row] = await prepared(db, "forja_session_user_standing", (d) =>
    d
      .select({ ...sessionUserColumns, role: enrolments.role, courseArchivedAt: courses.archivedAt, courseId: courses.id })
      .from(users)
      .leftJoin(enrolments, and(eq(enrolments.userId, users.id), eq(enrolments.courseId, sql.placeholder("courseId")), isNull(enrolments.removedAt)))
      .leftJoin(courses, eq(courses.id, enrolments.courseId))
      .where(eq(users.id, sql.placeholder("userId")))
      .limit(1)
      .prepare("forja_session_user_standing"),
  ).execute({ userId, courseId });
  return row;
}
