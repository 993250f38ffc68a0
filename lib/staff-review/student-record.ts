/**
 * One student's record in one assessment, as staff see it: every submission of every item (answer, feedback, score,
 * manual grade and which rubric items it met), the timing (started, finished, late, extension), the item's
 * effective score, its override and the audit trail. Staff only: it carries what a student's view leaves out.
 */
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import {
  assessmentItems,
  assessments,
  assessmentStarts,
  enrolments,
  extensions,
  gradeAudit,
  manualGrades,
  questionVersions,
  scoreOverrides,
  submissions,
  users,
} from "@/db/schema";
import { itemScores } from "@/lib/assessments/item-scores";
import { rubricBreakdown, type RubricBreakdown } from "@/lib/assessments/rubric-breakdown";
import { rulesOf } from "@/lib/assessments/context";
import { effectiveClose } from "@/lib/assessments/rules";
import { studentFeedback, type StudentFeedback } from "@/lib/assessments/student-feedback";
import type { Locale } from "@/domain/i18n/config";
import { rubricOf } from "@/lib/manual-grading/rubric";

export interface RecordSubmission {
  id: string;
  attemptNumber: number;
  submittedAt: Date;
  gradedAt: Date | null;
  status: string;
  answer: string;
  /** automatic score before penalties */
  score: number | null;
  penaltyFactor: number;
  /** after the close of the assessment (for everyone) */
  late: boolean;
  /** late, but within this student's extension */
  withinExtension: boolean;
  feedback: StudentFeedback | null;
  manual: { score: number; comment: string; graderName: string; updatedAt: Date; rubric: RubricBreakdown | null } | null;
}

export interface RecordAudit {
  submissionId: string | null;
  attemptNumber: number | null;
  oldScore: number | null;
  newScore: number | null;
  reason: string;
  actorName: string | null;
  createdAt: Date;
}

export interface RecordItem {
  itemId: string;
  position: number;
  points: number;
  questionTitle: string | null;
  questionType: string | null;
  /** effective score in [0,1] (override first); null if nothing scored */
  best: number | null;
  pending: boolean;
  override: { score: number; reason: string; actorName: string | null; updatedAt: Date } | null;
  submissions: RecordSubmission[];
  audit: RecordAudit[];
}

export interface StudentRecord {
  student: { id: string; name: string; email: string; studentNumber: string | null; removed: boolean };
  assessment: { id: string; title: string; kind: "homework" | "exam"; opensAt: Date; closesAt: Date; timeLimitMinutes: number | null; published: boolean };
  timing: {
    startedAt: Date | null;
    finishedAt: Date | null;
    extension: { closesAt: Date | null; extraMinutes: number; reason: string } | null;
    /** the close that applies to this student (extension included) */
    effectiveClose: Date;
  };
  items: RecordItem[];
  earned: number;
  total: number;
}

/** The course's assessments, for the record's picker. */
export function courseAssessmentsForRecord(db: Db, courseId: string) {
  return db.select({ id: assessments.id, title: assessments.title, published: assessments.published }).from(assessments).where(eq(assessments.courseId, courseId)).orderBy(asc(assessments.closesAt));
}

/** Null when the student is not (and never was) a student of the course, or the assessment is not in it. */
export async function studentRecord(db: Db, courseId: string, assessmentId: string, studentId: string, locale?: Locale): Promise<StudentRecord | null> {
  const [[student], [assessment]] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, email: users.email, studentNumber: enrolments.studentId, removedAt: enrolments.removedAt })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, studentId), eq(enrolments.role, "student"))),
    db.select().from(assessments).where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId))),
  ]);
  if (!student || !assessment) return null;
  const items = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).orderBy(asc(assessmentItems.position));
  const itemIds = items.map((i) => i.id);
  const grader = alias(users, "grader");
  const actor = alias(users, "actor");
  const [start] = await db.select().from(assessmentStarts).where(and(eq(assessmentStarts.assessmentId, assessmentId), eq(assessmentStarts.userId, studentId)));
  const [extension] = await db.select().from(extensions).where(and(eq(extensions.assessmentId, assessmentId), eq(extensions.userId, studentId)));
  const empty = itemIds.length === 0;
  const [rows, overrides, audit, scores] = await Promise.all([
    empty
      ? []
      : db
          .select({ submission: submissions, content: questionVersions.content, manual: manualGrades, graderName: grader.name })
          .from(submissions)
          .innerJoin(questionVersions, eq(questionVersions.id, submissions.questionVersionId))
          .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
          .leftJoin(grader, eq(grader.id, manualGrades.graderId))
          .where(and(eq(submissions.userId, studentId), inArray(submissions.itemId, itemIds)))
          .orderBy(asc(submissions.attemptNumber), asc(submissions.submittedAt)),
    empty
      ? []
      : db
          .select({ override: scoreOverrides, actorName: actor.name })
          .from(scoreOverrides)
          .leftJoin(actor, eq(actor.id, scoreOverrides.actorId))
          .where(and(eq(scoreOverrides.userId, studentId), inArray(scoreOverrides.itemId, itemIds))),
    empty
      ? []
      : db
          .select({ audit: gradeAudit, itemOfSubmission: submissions.itemId, attemptNumber: submissions.attemptNumber, actorName: actor.name })
          .from(gradeAudit)
          .leftJoin(submissions, eq(submissions.id, gradeAudit.submissionId))
          .leftJoin(actor, eq(actor.id, gradeAudit.actorId))
          .where(
            or(
              and(eq(submissions.userId, studentId), inArray(submissions.itemId, itemIds)),
              and(isNull(gradeAudit.submissionId), eq(gradeAudit.userId, studentId), inArray(gradeAudit.itemId, itemIds)),
            ),
          )
          .orderBy(desc(gradeAudit.createdAt), desc(gradeAudit.id)),
    itemScores(db, studentId, itemIds),
  ]);
  const situation = { startedAt: start?.startedAt ?? null, finishedAt: start?.finishedAt ?? null, extension: extension ? { closesAt: extension.closesAt, extraMinutes: extension.extraMinutes } : null };
  const close = effectiveClose(rulesOf(assessment), situation);
  const recordItems = items.map((item): RecordItem => {
    const own = rows.filter((r) => r.submission.itemId === item.id);
    const latest = own.at(-1)?.content as { title?: string; type?: string } | undefined;
    const o = overrides.find((x) => x.override.itemId === item.id);
    const s = scores.get(item.id);
    return {
      itemId: item.id,
      position: item.position,
      points: item.points,
      questionTitle: latest?.title ?? null,
      questionType: latest?.type ?? null,
      best: s?.best ?? null,
      pending: s?.pending ?? false,
      override: o ? { score: o.override.score, reason: o.override.reason, actorName: o.actorName, updatedAt: o.override.updatedAt } : null,
      submissions: own.map(({ submission, content, manual, graderName }) => {
        const late = submission.submittedAt > assessment.closesAt;
        return {
          id: submission.id,
          attemptNumber: submission.attemptNumber,
          submittedAt: submission.submittedAt,
          gradedAt: submission.gradedAt,
          status: submission.status,
          answer: submission.answer,
          score: submission.score,
          penaltyFactor: submission.penaltyFactor,
          late,
          withinExtension: late && submission.submittedAt <= close,
          feedback: studentFeedback(submission.feedback, locale),
          manual: manual
            ? { score: manual.score, comment: manual.comment, graderName: graderName ?? "—", updatedAt: manual.updatedAt, rubric: rubricBreakdown(rubricOf(content), manual.rubric) }
            : null,
        };
      }),
      audit: audit
        .filter((a) => (a.audit.submissionId ? a.itemOfSubmission === item.id : a.audit.itemId === item.id))
        .map((a) => ({
          submissionId: a.audit.submissionId,
          attemptNumber: a.attemptNumber,
          oldScore: a.audit.oldScore,
          newScore: a.audit.newScore,
          reason: a.audit.reason,
          actorName: a.actorName,
          createdAt: a.audit.createdAt,
        })),
    };
  });
  return {
    student: { id: student.id, name: student.name, email: student.email, studentNumber: student.studentNumber, removed: student.removedAt !== null },
    assessment: { id: assessment.id, title: assessment.title, kind: assessment.kind, opensAt: assessment.opensAt, closesAt: assessment.closesAt, timeLimitMinutes: assessment.timeLimitMinutes, published: assessment.published },
    timing: { startedAt: situation.startedAt, finishedAt: situation.finishedAt, extension: extension ? { closesAt: extension.closesAt, extraMinutes: extension.extraMinutes, reason: extension.reason } : null, effectiveClose: close },
    items: recordItems,
    earned: recordItems.reduce((sum, i) => sum + (i.best ?? 0) * i.points, 0),
    total: recordItems.reduce((sum, i) => sum + i.points, 0),
  };
}
