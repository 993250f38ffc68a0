import type { Db } from "@/db/client";
import { listCourseQuestions } from "@/lib/authoring/store";
import type { QuestionOption } from "./AssessmentForm";

/** Questions the builder can add: the course's own first, then the shared bank. */
export async function questionOptions(db: Db, courseId: string): Promise<QuestionOption[]> {
  return (await listCourseQuestions(db, courseId)).map((q) => ({ id: q.id, title: q.title, type: q.type, own: q.own }));
}
