import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessments, submissions, assessmentItems } from "@/db/schema";

export interface AssessmentSummary {
  id: string;
  slug: string;
  title: string;
  kind: "homework" | "exam";
  opensAt: Date;
  closesAt: Date;
  published: boolean;
  /** archived: hidden from students, read-only (lib/assessments/lifecycle.ts) */
  archived: boolean;
}

export function listAssessments(db: Db, courseId: string, options: { publishedOnly: boolean }): Promise<AssessmentSummary[]> {
  return db
    .select({
      id: assessments.id,
      slug: assessments.slug,
      title: assessments.title,
      kind: assessments.kind,
      opensAt: assessments.opensAt,
      closesAt: assessments.closesAt,
      published: assessments.published,
      archived: sql<boolean>`${assessments.archivedAt} is not null`.mapWith(Boolean),
    })
    .from(assessments)
    .where(options.publishedOnly ? and(eq(assessments.courseId, courseId), eq(assessments.published, true), isNull(assessments.archivedAt)) : eq(assessments.courseId, courseId))
    .orderBy(asc(assessments.closesAt));
}

/** Submission counts per assessment, for staff overviews. */
export async function submissionCounts(db: Db, courseId: string): Promise<Map<string, { total: number; pendingManual: number }>> {
  const rows = await db
    .select({
      assessmentId: assessmentItems.assessmentId,
      total: count(),
      pendingManual: sql<number>`count(*) filter (where ${submissions.status} = 'pending_manual')`.mapWith(Number),
    })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(eq(assessments.courseId, courseId))
    .groupBy(assessmentItems.assessmentId);
  return new Map(rows.map((r) => [r.assessmentId, { total: r.total, pendingManual: r.pendingManual }]));
}
