import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, submissions } from "@/db/schema";
import { rulesOf } from "./context";
import { resultsVisible } from "./rules";
import { viewOf, type SubmissionView } from "./submit";

export async function ownSubmission(db: Db, courseId: string, submissionId: string, userId: string, now = new Date()): Promise<SubmissionView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(submissionId)) return null;
  const [row] = await db
    .select({ submission: submissions, assessment: assessments })
    .from(submissions)
    .innerJoin(assessmentItems, eq(assessmentItems.id, submissions.itemId))
    .innerJoin(assessments, eq(assessments.id, assessmentItems.assessmentId))
    .where(and(eq(submissions.id, submissionId), eq(submissions.userId, userId), eq(assessments.courseId, courseId)));
  if (!row) return null;
  return viewOf(row.submission, !resultsVisible(rulesOf(row.assessment), now));
}
