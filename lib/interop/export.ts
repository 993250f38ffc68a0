import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { questions, questionVersions } from "@/db/schema";
import { usableBy } from "@/lib/authoring/store";
import type { AnyQuestion } from "@/domain/questions/base";
import { toMoodleXml, type ExportNote } from "./moodle";

/** The newest versions of the course's own questions (or of `ids`, among the questions it may use) as Moodle XML. */
export async function exportCourseToMoodle(db: Db, courseId: string, ids: string[] | null): Promise<{ xml: string; notes: ExportNote[]; count: number }> {
  const rows = await db
    .select({ id: questions.id, version: questionVersions.version, content: questionVersions.content })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.questionId, questions.id))
    .where(and(ids ? and(inArray(questions.id, ids), usableBy(courseId)) : eq(questions.courseId, courseId)))
    .orderBy(questions.id, desc(questionVersions.version));
  const latest = new Map<string, AnyQuestion>();
  for (const row of rows) if (!latest.has(row.id)) latest.set(row.id, row.content as AnyQuestion);
  const { xml, notes } = await toMoodleXml([...latest.values()], "Forja");
  return { xml, notes, count: latest.size };
}
