import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, courses, variants } from "@/db/schema";

/* What the instructor's reads and changes of an assessment share: the course's time zone, the assessment when it is
   this course's, and the items students already started. */

export async function courseTimeZone(db: Db, courseId: string): Promise<string> {
  const [row] = await db.select({ timeZone: courses.timeZone }).from(courses).where(eq(courses.id, courseId));
  return row?.timeZone ?? "America/Sao_Paulo";
}

export async function ownAssessment(db: Db, courseId: string, assessmentId: string) {
  if (!z.string().uuid().safeParse(assessmentId).success) return undefined;
  const [row] = await db.select().from(assessments).where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId)));
  return row;
}

/** Item ids of the assessment that students already hold variants of (their pool can no longer change). */
export async function startedItems(db: Db, assessmentId: string): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ itemId: variants.itemId })
    .from(variants)
    .innerJoin(assessmentItems, eq(assessmentItems.id, variants.itemId))
    .where(eq(assessmentItems.assessmentId, assessmentId));
  return new Set(rows.map((r) => r.itemId));
}
