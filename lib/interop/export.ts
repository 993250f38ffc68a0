import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, assessments, questions, questionVersions } from "@/db/schema";
import { usableBy } from "@/lib/authoring/store";
import type { AnyQuestion } from "@/domain/questions/base";
import type { ExportNote } from "./exportable";
import { toGift } from "./gift-export";
import { toMoodleXml } from "./moodle";

export const exportQuerySchema = z.object({
  format: z.enum(["moodle-xml", "gift"]).default("moodle-xml"),
  /** the questions of one assessment of the course, in its order */
  assessment: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()),
  /** `a,b`: these questions, among those the course may use */
  ids: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(",").map((s) => s.trim()).filter(Boolean).slice(0, 500) : undefined)),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

export interface ExportFile {
  body: string;
  contentType: string;
  filename: string;
  notes: ExportNote[];
  count: number;
}

/** Question ids of an assessment of the course, in item order; null when the course has no such assessment. */
async function assessmentQuestionIds(db: Db, courseId: string, assessmentId: string): Promise<{ title: string; ids: string[] } | null> {
  const [assessment] = await db.select({ title: assessments.title, slug: assessments.slug }).from(assessments).where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId)));
  if (!assessment) return null;
  const rows = await db
    .select({ id: assessmentItemQuestions.questionId })
    .from(assessmentItems)
    .innerJoin(assessmentItemQuestions, eq(assessmentItemQuestions.itemId, assessmentItems.id))
    .where(eq(assessmentItems.assessmentId, assessmentId))
    .orderBy(asc(assessmentItems.position));
  return { title: assessment.slug, ids: [...new Set(rows.map((r) => r.id))] };
}

/** The newest version of each question: the course's own, or `ids` among the questions it may use (in that order). */
async function latestQuestions(db: Db, courseId: string, ids: string[] | undefined): Promise<AnyQuestion[]> {
  if (ids && ids.length === 0) return [];
  const rows = await db
    .select({ id: questions.id, content: questionVersions.content })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.questionId, questions.id))
    .where(ids ? and(inArray(questions.id, ids), usableBy(courseId)) : eq(questions.courseId, courseId))
    .orderBy(questions.id, desc(questionVersions.version));
  const latest = new Map<string, AnyQuestion>();
  for (const row of rows) if (!latest.has(row.id)) latest.set(row.id, row.content as AnyQuestion);
  return ids ? ids.flatMap((id) => latest.get(id) ?? []) : [...latest.values()];
}

/** A Moodle XML or GIFT file of the course's questions, of some of them, or of one assessment's; null: no such assessment. */
export async function exportQuestions(db: Db, courseId: string, query: ExportQuery): Promise<ExportFile | null> {
  let ids = query.ids;
  let name = "forja-questoes";
  if (query.assessment) {
    const found = await assessmentQuestionIds(db, courseId, query.assessment);
    if (!found) return null;
    ids = found.ids;
    name = found.title;
  }
  const list = await latestQuestions(db, courseId, ids);
  const category = name === "forja-questoes" ? "Forja" : name;
  if (query.format === "gift") {
    const { gift, notes } = await toGift(list, category);
    return { body: gift, contentType: "text/plain; charset=utf-8", filename: `${name}.gift.txt`, notes, count: list.length };
  }
  const { xml, notes } = await toMoodleXml(list, category);
  return { body: xml, contentType: "application/xml; charset=utf-8", filename: `${name}.xml`, notes, count: list.length };
}
