import { asc, count, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { assessmentItemQuestions, assessmentItems, submissions } from "@/db/schema";
import { instantToZoned } from "@/lib/authoring/zoned-time";
import { listExtensions, type ExtensionView } from "./extensions";
import type { AssessmentInput } from "./input";
import { courseTimeZone, ownAssessment, startedItems } from "./lookups";

export interface AssessmentForEditing {
  id: string;
  slug: string;
  published: boolean;
  archived: boolean;
  timeZone: string;
  input: AssessmentInput;
  startedItemIds: string[];
  submissionCount: number;
  extensions: ExtensionView[];
}

export async function assessmentForEditing(db: Db, courseId: string, assessmentId: string): Promise<AssessmentForEditing | null> {
  const a = await ownAssessment(db, courseId, assessmentId);
  if (!a) return null;
  const timeZone = await courseTimeZone(db, courseId);
  const items = await db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).orderBy(asc(assessmentItems.position));
  const pools = items.length
    ? await db.select().from(assessmentItemQuestions).where(inArray(assessmentItemQuestions.itemId, items.map((i) => i.id))).orderBy(asc(assessmentItemQuestions.questionId))
    : [];
  const [{ n } = { n: 0 }] = items.length
    ? await db.select({ n: count() }).from(submissions).where(inArray(submissions.itemId, items.map((i) => i.id)))
    : [{ n: 0 }];
  return {
    id: a.id,
    slug: a.slug,
    published: a.published,
    archived: a.archivedAt !== null,
    timeZone,
    input: {
      title: a.title,
      kind: a.kind,
      opensAt: instantToZoned(a.opensAt, timeZone),
      closesAt: instantToZoned(a.closesAt, timeZone),
      timeLimitMinutes: a.timeLimitMinutes,
      attemptsAllowed: a.attemptsAllowed,
      penaltySchedule: a.penaltySchedule,
      latePolicy: a.latePolicy,
      latePenaltyPerDay: a.latePenaltyPerDay,
      allowNewVariant: a.allowNewVariant,
      resultsReleasedAt: a.resultsReleasedAt ? instantToZoned(a.resultsReleasedAt, timeZone) : null,
      accessCode: a.accessCode,
      allowedNetworks: a.allowedNetworks,
      sebConfigKeys: a.sebConfigKeys,
      sebBrowserExamKeys: a.sebBrowserExamKeys,
      items: items.map((i) => ({ id: i.id, points: i.points, questionIds: pools.filter((p) => p.itemId === i.id).map((p) => p.questionId) })),
    },
    startedItemIds: [...(await startedItems(db, assessmentId))],
    submissionCount: n,
    extensions: await listExtensions(db, assessmentId, timeZone),
  };
}
