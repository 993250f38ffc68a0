/** Database side of the analytics and the gradebook: loads assessments, their items, the students and submissions. */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, assessments, enrolments, manualGrades, questionVersions, submissions, users, variants } from "@/db/schema";
import { makeVariant, referenceAnswer } from "@/grader/grade";
import type { LoadedQuestion } from "@/question-bank/load";
import { parseNumber } from "@/domain/questions/numbers";
import type { AnalyticsItem, AnalyticsStudent, AnalyticsSubmission } from "./assessment";
import type { QuestionForGrouping } from "./wrong-answers";
import type { Locale } from "@/domain/i18n/config";
import { currentLocale } from "@/lib/i18n/request-locale";
import { translate } from "@/domain/i18n/translate";

export type AssessmentRow = typeof assessments.$inferSelect;

export interface CourseResults {
  assessments: AssessmentRow[];
  /** items per assessment id */
  items: Map<string, AnalyticsItem[]>;
  students: AnalyticsStudent[];
  submissions: (AnalyticsSubmission & { assessmentId: string })[];
}

export function listCourseAssessments(db: Db, courseId: string, assessmentId?: string): Promise<AssessmentRow[]> {
  const where = assessmentId ? and(eq(assessments.courseId, courseId), eq(assessments.id, assessmentId)) : eq(assessments.courseId, courseId);
  return db.select().from(assessments).where(where).orderBy(asc(assessments.closesAt), asc(assessments.title));
}

/** Removed students stay (their submissions count and remain visible), marked after their name in the reader's locale. */
export const removedMark = (locale: Locale = currentLocale()) => translate(locale, "review.removedMark");

export async function courseStudents(db: Db, courseId: string): Promise<AnalyticsStudent[]> {
  const mark = removedMark();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, removedAt: enrolments.removedAt })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(and(eq(enrolments.courseId, courseId), eq(enrolments.role, "student")))
    .orderBy(asc(users.name), asc(users.email));
  return rows.map(({ removedAt, ...s }) => (removedAt ? { ...s, name: `${s.name} ${mark}` } : s));
}

/** The newest version of each question: its title and the fields the answer grouping needs. */
async function latestQuestions(db: Db, questionIds: string[]): Promise<Map<string, QuestionForGrouping>> {
  const result = new Map<string, QuestionForGrouping>();
  if (questionIds.length === 0) return result;
  const rows = await db
    .select({ questionId: questionVersions.questionId, content: questionVersions.content })
    .from(questionVersions)
    .where(inArray(questionVersions.questionId, questionIds))
    .orderBy(desc(questionVersions.version));
  for (const row of rows) {
    if (result.has(row.questionId)) continue;
    const c = row.content as Record<string, unknown>;
    result.set(row.questionId, {
      id: row.questionId,
      type: String(c.type),
      title: String(c.title),
      tolerance: c.tolerance as QuestionForGrouping["tolerance"],
      options: c.options as QuestionForGrouping["options"],
      multiple: c.multiple as boolean | undefined,
      misconceptions: c.misconceptions as QuestionForGrouping["misconceptions"],
    });
  }
  return result;
}

/**
 * Results of the given assessments of a course (all of them when `assessmentId` is absent). Answers are loaded only
 * with `withAnswers` (the gradebook does not need them and they can be large).
 */
export async function loadCourseResults(db: Db, courseId: string, options: { assessmentId?: string; withAnswers: boolean }): Promise<CourseResults> {
  const list = await listCourseAssessments(db, courseId, options.assessmentId);
  const students = await courseStudents(db, courseId);
  if (list.length === 0) return { assessments: [], items: new Map(), students, submissions: [] };
  const ids = list.map((a) => a.id);
  const itemRows = await db
    .select({ id: assessmentItems.id, assessmentId: assessmentItems.assessmentId, position: assessmentItems.position, points: assessmentItems.points, questionId: assessmentItemQuestions.questionId })
    .from(assessmentItems)
    .innerJoin(assessmentItemQuestions, eq(assessmentItemQuestions.itemId, assessmentItems.id))
    .where(inArray(assessmentItems.assessmentId, ids))
    .orderBy(asc(assessmentItems.position), asc(assessmentItemQuestions.questionId));
  const questions = await latestQuestions(db, [...new Set(itemRows.map((r) => r.questionId))]);

  const items = new Map<string, AnalyticsItem[]>(ids.map((id) => [id, []]));
  const byId = new Map<string, AnalyticsItem>();
  for (const row of itemRows) {
    let item = byId.get(row.id);
    if (!item) {
      item = { id: row.id, position: row.position, points: row.points, questions: [] };
      byId.set(row.id, item);
      items.get(row.assessmentId)!.push(item);
    }
    const question = questions.get(row.questionId);
    if (question) item.questions.push(question);
  }

  const rows = await db
    .select({
      id: submissions.id,
      studentId: submissions.userId,
      itemId: submissions.itemId,
      assessmentId: assessmentItems.assessmentId,
      questionId: questionVersions.questionId,
      attemptNumber: submissions.attemptNumber,
      status: submissions.status,
      score: submissions.score,
      penaltyFactor: submissions.penaltyFactor,
      manualScore: manualGrades.score,
      submittedAt: submissions.submittedAt,
      answer: options.withAnswers ? submissions.answer : sql<string>`''`,
      misconception: sql<string | null>`${submissions.feedback}->>'misconception'`,
      versionId: submissions.questionVersionId,
      seed: variants.seed,
    })
    .from(submissions)
    .innerJoin(variants, eq(variants.id, submissions.variantId))
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(questionVersions, eq(questionVersions.id, submissions.questionVersionId))
    .innerJoin(enrolments, and(eq(enrolments.userId, submissions.userId), eq(enrolments.courseId, courseId), eq(enrolments.role, "student")))
    .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
    .where(inArray(assessmentItems.assessmentId, ids))
    .orderBy(asc(submissions.submittedAt));
  const references = options.withAnswers ? await numericReferences(db, rows, questions) : new Map<string, number | null>();
  return {
    assessments: list,
    items,
    students,
    submissions: rows.map(({ versionId, seed, ...row }) => ({ ...row, reference: references.get(`${versionId}:${seed}`) ?? null })),
  };
}

/**
 * The correct value of each (version, variant seed) answered in a numeric question, so that wrong answers to
 * different variants can be compared by their ratio to their own correct value.
 */
async function numericReferences(
  db: Db,
  rows: { questionId: string; versionId: string; seed: number }[],
  questions: Map<string, QuestionForGrouping>,
): Promise<Map<string, number | null>> {
  const wanted = rows.filter((r) => questions.get(r.questionId)?.type === "numeric");
  const versionIds = [...new Set(wanted.map((r) => r.versionId))];
  const result = new Map<string, number | null>();
  if (versionIds.length === 0) return result;
  const contents = new Map(
    (await db.select({ id: questionVersions.id, content: questionVersions.content }).from(questionVersions).where(inArray(questionVersions.id, versionIds))).map(
      (v) => [v.id, v.content as LoadedQuestion],
    ),
  );
  for (const { versionId, seed } of wanted) {
    const key = `${versionId}:${seed}`;
    if (result.has(key)) continue;
    const question = contents.get(versionId)!;
    try {
      const parsed = parseNumber(await referenceAnswer(question, makeVariant(question, seed)));
      result.set(key, parsed.ok ? parsed.value : null);
    } catch {
      result.set(key, null);
    }
  }
  return result;
}
