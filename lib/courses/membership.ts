import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { courses, enrolments } from "@/db/schema";
import type { CourseRole } from "@/lib/auth/policy";

export interface Membership {
  courseId: string;
  slug: string;
  title: string;
  role: CourseRole;
}

export function listMemberships(db: Db, userId: string): Promise<Membership[]> {
  return db
    .select({ courseId: courses.id, slug: courses.slug, title: courses.title, role: enrolments.role })
    .from(enrolments)
    .innerJoin(courses, eq(courses.id, enrolments.courseId))
    .where(eq(enrolments.userId, userId))
    .orderBy(asc(courses.title));
}

export async function getCourseRole(db: Db, userId: string, courseId: string): Promise<CourseRole | null> {
  const [row] = await db
    .select({ role: enrolments.role })
    .from(enrolments)
    .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)))
    .limit(1);
  return row?.role ?? null;
}
