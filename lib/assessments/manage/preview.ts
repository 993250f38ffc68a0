import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems } from "@/db/schema";
import { presentVariant, makeVariant } from "@/grader/grade";
import { latestVersion } from "@/lib/questions/bank-sync";
import type { LoadedQuestion } from "@/question-bank/load";
import { ownAssessment } from "./lookups";

export interface PreviewQuestion {
  questionId: string;
  title: string;
  type: string;
  version: number;
  prompt: string;
  publicView: Record<string, unknown>;
  error?: string;
}

export interface AssessmentPreview {
  title: string;
  kind: "homework" | "exam";
  items: { position: number; points: number; pool: PreviewQuestion[] }[];
}

/** The assessment as a student would see it, with the variant of `seed` (the newest version of each question); nothing is stored. */
export async function previewAssessment(db: Db, courseId: string, assessmentId: string, seed: number): Promise<AssessmentPreview | null> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return null;
  const items = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).orderBy(asc(assessmentItems.position));
  const pools = items.length
    ? await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, items.map((i) => i.id))).orderBy(asc(assessmentItemQuestions.questionId))
    : [];
  const out: AssessmentPreview["items"] = [];
  for (const item of items) {
    const pool: PreviewQuestion[] = [];
    for (const { questionId } of pools.filter((p) => p.itemId === item.id)) {
      const version = await latestVersion(db, questionId);
      if (!version) continue;
      const question = version.content as LoadedQuestion;
      try {
        const { prompt, id: _id, type: _type, seed: _seed, params: _params, ...publicView } = presentVariant(question, makeVariant(question, seed));
        pool.push({ questionId, title: question.title, type: question.type, version: version.version, prompt, publicView });
      } catch (error) {
        pool.push({ questionId, title: question.title, type: question.type, version: version.version, prompt: "", publicView: {}, error: (error as Error).message });
      }
    }
    out.push({ position: item.position, points: item.points, pool });
  }
  return { title: a.title, kind: a.kind, items: out };
}
