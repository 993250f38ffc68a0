import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { enrolments, users } from "@/db/schema";

export function listMembers(db: Db, courseId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: enrolments.role })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.courseId, courseId), isNull(enrolments.removedAt)))
    .orderBy(asc(enrolments.role), asc(users.name));
}
