/** Gradebook exports: loads the course results and writes them as CSV. */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { courses } from "@/db/schema";
import { loadCourseResults } from "@/lib/analytics/load";
import { overridesOf } from "@/lib/grade-changes/override";
import { toCsv, safeFileName, type CsvDialect } from "./csv";
import { buildGradebook, gradebookTable, type Gradebook } from "./gradebook";

export async function courseGradebook(db: Db, courseId: string, assessmentId?: string): Promise<Gradebook & { fileBase: string } | null> {
  const results = await loadCourseResults(db, courseId, { assessmentId, withAnswers: false });
  if (assessmentId && results.assessments.length === 0) return null;
  const [course] = await db.select({ slug: courses.slug }).from(courses).where(eq(courses.id, courseId));
  const gradebook = buildGradebook({
    assessments: results.assessments.map((a) => ({ id: a.id, title: a.title, published: a.published, archived: a.archivedAt !== null, items: results.items.get(a.id) ?? [] })),
    students: results.students,
    submissions: results.submissions,
    overrides: await overridesOf(db, [...results.items.values()].flat().map((i) => i.id)),
  });
  const base = assessmentId ? `notas-${course?.slug ?? "curso"}-${results.assessments[0]!.slug}` : `notas-${course?.slug ?? "curso"}`;
  return { ...gradebook, fileBase: base };
}

/** The gradebook as a CSV file (course-wide, or one assessment); null when the assessment is not in the course. */
export async function gradebookCsv(db: Db, courseId: string, options: { assessmentId?: string; dialect: CsvDialect }): Promise<{ csv: string; fileName: string } | null> {
  const gradebook = await courseGradebook(db, courseId, options.assessmentId);
  if (!gradebook) return null;
  const { header, rows } = gradebookTable(gradebook);
  return { csv: toCsv(header, rows, options.dialect), fileName: safeFileName(gradebook.fileBase) };
}
