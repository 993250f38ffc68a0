/** Analytics of one assessment, loaded from the database. */
import type { Db } from "@/db/client";
import { analyzeAssessment, type AssessmentAnalytics } from "./assessment";
import { loadCourseResults, type AssessmentRow } from "./load";

export async function assessmentAnalytics(db: Db, courseId: string, assessmentId: string): Promise<{ assessment: AssessmentRow; analytics: AssessmentAnalytics } | null> {
  const results = await loadCourseResults(db, courseId, { assessmentId, withAnswers: true });
  const assessment = results.assessments[0];
  if (!assessment) return null;
  const analytics = analyzeAssessment({ items: results.items.get(assessment.id) ?? [], students: results.students, submissions: results.submissions });
  return { assessment, analytics };
}
