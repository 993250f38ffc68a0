import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { questionFigure, type Figure } from "@/domain/figures/svg";
import type { Db } from "@/db/client";
import { assessmentItems, assessments, manualGrades, submissions } from "@/db/schema";
import { rubricOf } from "@/lib/manual-grading/rubric";
import { itemScores } from "./item-scores";
import { rubricBreakdown, type RubricBreakdown } from "./rubric-breakdown";
import { referenceAnswer } from "@/grader/grade";
import { variantOf } from "./variants";
import { moduleFor } from "@/grader/types/registry";
import { renderPrompt, renderSolution } from "@/domain/questions/render";
import type { Parameterized } from "@/domain/questions/params";
import { checkAccess, type AccessRefusal, type ClientFacts } from "./access";
import { openItem, rulesOf, studentSituation, type AssessmentRow, type ItemAccess } from "./context";
import { effectiveClose, examState, remainingMs, resultsVisible, solutionVisible, timeLimitEnd, type ExamState } from "./rules";
import type { Locale } from "@/domain/i18n/config";
import { viewOf, type SubmissionView } from "./submit";

export interface ItemSummary {
  /** null until the student may open the item (a timed exam not started yet): not even its id reaches the page */
  id: string | null;
  position: number;
  points: number;
  attemptsUsed: number;
  /** best effective score in [0,1] (manual grade when there is one); null if none or hidden */
  best: number | null;
  pendingManual: boolean;
  /** a staff member set this item's score (shown with its reason on the question page); false while results are hidden */
  adjusted: boolean;
}

export interface AssessmentOverview {
  assessment: AssessmentRow;
  effectiveClose: Date;
  timeLimitEnd: Date | null;
  started: boolean;
  /** timed assessments only (null otherwise) */
  examState: ExamState | null;
  /** the access rules refuse this request (no question is listed then) */
  accessRefusal: AccessRefusal | null;
  /** what is left of a running exam, from the server's clock (the page's countdown starts from it) */
  remainingMs: number | null;
  resultsHidden: boolean;
  items: ItemSummary[];
}

export async function assessmentOverview(db: Db, courseId: string, assessmentId: string, userId: string, now = new Date(), client?: ClientFacts): Promise<AssessmentOverview | null> {
  const [assessment] = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.id, assessmentId), eq(assessments.courseId, courseId), eq(assessments.published, true), isNull(assessments.archivedAt)));
  if (!assessment) return null;
  const rules = rulesOf(assessment);
  const [items, situation] = await Promise.all([
    db.select().from(assessmentItems).where(eq(assessmentItems.assessmentId, assessmentId)).orderBy(asc(assessmentItems.position)),
    studentSituation(db, assessmentId, userId),
  ]);
  const scores = await itemScores(db, userId, items.map((i) => i.id));
  const hidden = !resultsVisible(rules, now);
  const state = examState(rules, situation, now);
  const refusal = await checkAccess(db, assessment, userId, client);
  const canOpen = now >= rules.opensAt && state !== "not-started" && refusal === null;
  return {
    assessment,
    effectiveClose: effectiveClose(rules, situation),
    timeLimitEnd: timeLimitEnd(rules, situation),
    started: situation.startedAt !== null,
    examState: state,
    accessRefusal: refusal,
    remainingMs: remainingMs(rules, situation, now),
    resultsHidden: hidden,
    items: items.map((item) => {
      const s = scores.get(item.id);
      return { id: canOpen ? item.id : null, position: item.position, points: item.points, attemptsUsed: s?.attempts ?? 0, best: hidden ? null : (s?.best ?? null), pendingManual: s?.pending ?? false, adjusted: !hidden && Boolean(s?.override) };
    }),
  };
}

export interface ItemView {
  itemId: string;
  position: number;
  points: number;
  questionId: string;
  /** the variant's seed: lets a reviewer reproduce exactly this variant with `npm run bank -- show <id> --seed N` */
  seed: number;
  type: string;
  title: string;
  /** the figure the prompt cites, drawn for this variant (lib/figures) */
  figure: Figure | null;
  prompt: string;
  publicView: Record<string, unknown>;
  attemptsUsed: number;
  attemptsAllowed: number;
  /** newest first; a manual grade replaces the automatic score, and its comment is shown to the student */
  history: (SubmissionView & { answer: string; submittedAt: Date; manualComment: string | null; rubricBreakdown: RubricBreakdown | null })[];
  /** the item's score set by staff (fraction of its points) and why; null when there is none or results are hidden */
  override: { score: number; reason: string } | null;
  solution: string | null;
  canRequestNewVariant: boolean;
  /** timed assessments: running or finished (an unstarted one never gets here) */
  examState: ExamState | null;
  remainingMs: number | null;
  /** answers are no longer accepted here: the exam was finished or its time is up */
  locked: boolean;
}

export type ItemViewResult = { ok: true; view: ItemView } | Extract<ItemAccess, { ok: false }>;

export async function itemView(db: Db, courseId: string, itemId: string, userId: string, now = new Date(), client?: ClientFacts, locale?: Locale): Promise<ItemViewResult> {
  const access = await openItem(db, courseId, itemId, userId, now, client);
  if (!access.ok) return access;
  const { context } = access;
  const { question, assessment } = context;
  const rules = rulesOf(assessment);
  const state = examState(rules, context.situation, now);
  const variant = variantOf(question, context.variant);
  const hidden = !resultsVisible(rules, now);
  const rows = await db
    .select({ submission: submissions, manual: manualGrades })
    .from(submissions)
    .leftJoin(manualGrades, eq(manualGrades.submissionId, submissions.id))
    .where(and(eq(submissions.itemId, itemId), eq(submissions.userId, userId)))
    .orderBy(desc(submissions.attemptNumber));
  const history = rows.map((r) => r.submission);
  // The solution opens once the student answered correctly (whatever the attempt penalty), ran out of attempts, or the window closed.
  const solved = history.some((row) => row.status === "graded" && row.score === 1);
  const showSolution = solutionVisible(rules, context.situation, context.attemptsUsed, solved ? 1 : null, now);
  const typeModule = moduleFor(question.type);
  const lastFailed = history[0]?.status === "graded" && (history[0].score ?? 0) < 1;
  const view: ItemView = {
    itemId,
    position: context.item.position,
    points: context.item.points,
    questionId: question.id,
    seed: context.variant.seed,
    type: question.type,
    title: question.title,
    prompt: renderPrompt(question as typeof question & Parameterized, variant),
    figure: questionFigure(question, variant),
    publicView: typeModule?.publicView?.(question, variant) ?? {},
    attemptsUsed: context.attemptsUsed,
    attemptsAllowed: assessment.attemptsAllowed,
    history: rows.map(({ submission, manual }) => ({
      ...viewOf(manual ? { ...submission, status: "graded", score: manual.score } : submission, hidden, locale),
      answer: submission.answer,
      submittedAt: submission.submittedAt,
      manualComment: hidden || !manual ? null : manual.comment || null,
      rubricBreakdown: hidden || !manual ? null : rubricBreakdown(rubricOf(question), manual.rubric),
    })),
    override: hidden ? null : ((await itemScores(db, userId, [itemId])).get(itemId)?.override ?? null),
    solution: showSolution ? renderSolution(question as typeof question & Parameterized, variant, await referenceAnswer(question, variant)) : null,
    canRequestNewVariant: state !== "finished" && assessment.allowNewVariant && lastFailed && context.attemptsUsed < assessment.attemptsAllowed,
    examState: state,
    remainingMs: remainingMs(rules, context.situation, now),
    locked: state === "finished",
  };
  return { ok: true, view };
}
