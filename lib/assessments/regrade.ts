import { and, asc, count, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { isDatabaseUnavailable, retryWhileUnavailable } from "@/db/outage";
import { assessmentItems, assessments, gradeAudit, questionVersions, questions, regradeRuns, submissions, variants } from "@/db/schema";
import type { GradeOutcome } from "@/grader/grade";
import { gradingQueue } from "@/grader/jobs/queue";
import { jobFinishedById, openJob, runJobsAbandoned } from "@/grader/jobs/record";
import { resultOf } from "@/grader/jobs/result";
import { runGradingJob, type RegradeJobData } from "@/grader/jobs/run-job";
import type { LoadedQuestion } from "@/question-bank/load";
import { withGradeNotices } from "@/lib/grade-changes/notices";

export const regradeInputSchema = z.object({
  fromVersion: z.number().int().min(1),
  /** null: the newest version */
  toVersion: z.number().int().min(1).nullable(),
  moveSubmissions: z.boolean().default(false),
});
export type RegradeInput = z.infer<typeof regradeInputSchema>;

export type RegradeRun = typeof regradeRuns.$inferSelect;

export type StartOutcome =
  | { ok: true; run: RegradeRun; alreadyRunning: boolean }
  | { ok: false; status: 400 | 404; message: string };

const BATCH = 50;
/** A running run without progress for this long is taken over (its process died). */
export const STALE_MS = 30_000;

/** Submissions a regrade concerns: this version's automatically graded answers in this course's assessments. */
function regradable(courseId: string, versionId: string) {
  return and(
    eq(submissions.questionVersionId, versionId),
    eq(submissions.status, "graded"),
    inArray(
      submissions.itemId,
      sql`(select ${assessmentItems.id} from ${assessmentItems} join ${assessments} on ${assessments.id} = ${assessmentItems.assessmentId} where ${assessments.courseId} = ${courseId})`,
    ),
  );
}

async function versionOf(db: Db, questionId: string, version: number | null) {
  const [row] = await db
    .select()
    .from(questionVersions)
    .where(version === null ? eq(questionVersions.questionId, questionId) : and(eq(questionVersions.questionId, questionId), eq(questionVersions.version, version)))
    .orderBy(sql`${questionVersions.version} desc`)
    .limit(1);
  return row;
}

/**
 * Records a regrade of `fromVersion`'s submissions against `toVersion` (its own content, or a fixed newer one) and
 * returns it; `runRegrade` does the work in the background. One run per version and course at a time.
 */
export async function startRegrade(db: Db, courseId: string, questionId: string, actorId: string, input: RegradeInput): Promise<StartOutcome> {
  const [question] = await db
    .select()
    .from(questions)
    .where(and(eq(questions.id, questionId), sql`(${questions.courseId} is null or ${questions.courseId} = ${courseId})`));
  if (!question) return { ok: false, status: 404, message: "api.questionNotFound" };
  if (question.type === "open") {
    return { ok: false, status: 400, message: "api.openNotRegradable" };
  }
  const from = await versionOf(db, questionId, input.fromVersion);
  const to = await versionOf(db, questionId, input.toVersion);
  if (!from || !to) return { ok: false, status: 404, message: "api.versionNotFound" };
  if (to.version < from.version) return { ok: false, status: 400, message: "api.regradeOlderVersion" };
  const moveSubmissions = input.moveSubmissions && to.id !== from.id;
  return db.transaction(async (tx) => {
    const [running] = await tx
      .select()
      .from(regradeRuns)
      .where(and(eq(regradeRuns.courseId, courseId), eq(regradeRuns.fromVersionId, from.id), eq(regradeRuns.status, "running")));
    if (running) return { ok: true, run: running, alreadyRunning: true } as const;
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(submissions).where(regradable(courseId, from.id));
    const [run] = await tx
      .insert(regradeRuns)
      .values({ courseId, questionId, fromVersionId: from.id, toVersionId: to.id, moveSubmissions, actorId, total: n })
      .returning();
    return { ok: true, run: run!, alreadyRunning: false } as const;
  });
}

/**
 * Takes the run if nobody is working on it (fresh, or stale): an atomic compare on updated_at. PostgreSQL keeps
 * microseconds and a JS Date milliseconds, so the stored value is compared at millisecond precision.
 */
async function claim(db: Db, run: RegradeRun, now: Date): Promise<boolean> {
  const claimed = await db
    .update(regradeRuns)
    .set({ updatedAt: now })
    .where(and(eq(regradeRuns.id, run.id), eq(regradeRuns.status, "running"), sql`date_trunc('milliseconds', ${regradeRuns.updatedAt}) = ${run.updatedAt}`))
    .returning({ id: regradeRuns.id });
  return claimed.length > 0;
}

/**
 * Re-runs the grader of the target version on every stored answer, with the submission's own variant seed. A changed
 * score is written with a grade_audit row; moved submissions (and their variants) point at the target version, also
 * audited. Progress is saved per batch, so a run interrupted by a restart resumes where it stopped.
 */
export async function runRegrade(db: Db, runId: string, options: { now?: () => Date } = {}): Promise<RegradeRun> {
  const now = options.now ?? (() => new Date());
  let [run] = await db.select().from(regradeRuns).where(eq(regradeRuns.id, runId));
  if (!run || run.status !== "running") return run!;
  if (!(await claim(db, run, now()))) return run;
  try {
    const [from] = await db.select().from(questionVersions).where(eq(questionVersions.id, run.fromVersionId));
    const [to] = await db.select().from(questionVersions).where(eq(questionVersions.id, run.toVersionId));
    const question = to!.content as LoadedQuestion;
    const reason = `recorreção: ${run.questionId} v${from!.version} → v${to!.version}${run.moveSubmissions ? ` (submissões movidas para v${to!.version})` : ""}`;
    // One batch at a time; a batch that meets a database restart is redone from the run's saved cursor once the
    // database is back (its transaction either committed, and the cursor moved, or did not, and nothing changed).
    const nextBatch = async (retry: boolean): Promise<boolean> => {
      if (retry) [run] = await db.select().from(regradeRuns).where(eq(regradeRuns.id, runId));
      if (!run || run.status !== "running") return false;
      // the jobs of an earlier try of this batch that did not commit (its grades are redone below)
      await runJobsAbandoned(db, run.id, "regrade batch interrupted; redone");
      const batch = await db
        .select({ submission: submissions, seed: variants.seed })
        .from(submissions)
        .innerJoin(variants, eq(variants.id, submissions.variantId))
        .where(and(regradable(run.courseId, run.fromVersionId), run.cursor ? gt(submissions.id, run.cursor) : undefined))
        .orderBy(asc(submissions.id))
        .limit(BATCH);
      if (batch.length === 0) return false;
      let changed = 0;
      let unreadable = 0;
      // graded before the transaction: a code answer runs in the sandbox, which must not hold a connection open
      const regraded: { submission: (typeof batch)[number]["submission"]; outcome: GradeOutcome }[] = [];
      // each answer regraded is a new `regrade` job, which the submission now points to, sent through the grading
      // queue: a code answer runs where the queue runs Python (a grader process in production mode: the web runs
      // none); the other types are graded here, at once. The results are written below, with the batch.
      const queue = await gradingQueue();
      const jobIds: string[] = [];
      for (const { submission } of batch) jobIds.push(await openJob(db, submission.id, "regrade", { regradeRunId: run.id }));
      const gradeOne = async (answer: RegradeJobData): Promise<GradeOutcome> => {
        if (question.type !== "code") return runGradingJob(db, answer, `regrade:${run!.id}`);
        const result = await queue.run({ kind: "grade", ...answer }, { lane: "batch", record: db });
        if (result.kind !== "grade") throw new Error(`unexpected quick result ${result.kind}`);
        return result.outcome;
      };
      try {
        const outcomes = await Promise.all(batch.map(({ submission, seed }, i) => gradeOne({ jobId: jobIds[i]!, question, seed, source: submission.answer })));
        for (const [i, outcome] of outcomes.entries()) {
          if (outcome.status === "error" && outcome.reason === "internal") throw new Error(outcome.detail ?? outcome.feedback);
          regraded.push({ submission: batch[i]!.submission, outcome });
        }
      } catch (error) {
        await runJobsAbandoned(db, run.id, (error as Error).message).catch(() => undefined);
        throw error;
      }
      // the students whose item score may change are told (after the batch is written, in the same transaction)
      const touched = regraded.filter(({ submission, outcome }) => outcome.status === "graded" && !outcome.pending && outcome.score !== submission.score);
      const pairs = touched.map(({ submission }) => ({ userId: submission.userId, itemId: submission.itemId }));
      const write = (tx: Db) => async () => {
        // the job's result is its grade (an unreadable answer: error, no score; the submission keeps its old score and status)
        for (const [i, { outcome }] of regraded.entries()) await jobFinishedById(tx, jobIds[i]!, resultOf(outcome)!);
        for (const { submission, outcome } of regraded) {
          const graded = outcome.status === "graded" && !outcome.pending;
          if (!graded) unreadable++;
          const newScore = graded ? outcome.score : submission.score;
          const scoreChanged = graded && newScore !== submission.score;
          if (scoreChanged) changed++;
          if (!scoreChanged && !run!.moveSubmissions) continue;
          const { status: _status, score: _score, ...feedback } = outcome;
          await tx
            .update(submissions)
            .set({
              ...(scoreChanged ? { score: newScore, feedback, gradedAt: now() } : {}),
              ...(run!.moveSubmissions ? { questionVersionId: run!.toVersionId } : {}),
            })
            .where(eq(submissions.id, submission.id));
          if (run!.moveSubmissions) {
            await tx.update(variants).set({ questionVersionId: run!.toVersionId }).where(and(eq(variants.id, submission.variantId), eq(variants.questionVersionId, run!.fromVersionId)));
          }
          await tx.insert(gradeAudit).values({ submissionId: submission.id, actorId: run!.actorId, oldScore: submission.score, newScore, reason });
        }
        const [updated] = await tx
          .update(regradeRuns)
          .set({
            processed: sql`${regradeRuns.processed} + ${batch.length}`,
            changed: sql`${regradeRuns.changed} + ${changed}`,
            unreadable: sql`${regradeRuns.unreadable} + ${unreadable}`,
            cursor: batch.at(-1)!.submission.id,
            updatedAt: now(),
          })
          .where(eq(regradeRuns.id, run!.id))
          .returning();
        run = updated!;
      };
      await db.transaction((tx) => withGradeNotices(tx, pairs, { kind: "regrade", now: now() }, write(tx)));
      // moved submissions leave the from-version set, so the cursor alone moves the loop forward either way
      return true;
    };
    while (await retryWhileUnavailable(nextBatch, { source: "regrade", budgetMs: 120_000 }));
    await runJobsAbandoned(db, run.id, "regrade run ended");
    if (run.status !== "running") return run;
    const [done] = await db.update(regradeRuns).set({ status: "done", finishedAt: now(), updatedAt: now() }).where(eq(regradeRuns.id, run.id)).returning();
    return done!;
  } catch (error) {
    // still away after the back-off: the run stays running, and is taken over as stale once the database is back
    if (isDatabaseUnavailable(error)) return run;
    await runJobsAbandoned(db, run.id, (error as Error).message);
    const [failed] = await db
      .update(regradeRuns)
      .set({ status: "failed", error: (error as Error).message.slice(0, 2000), finishedAt: now(), updatedAt: now() })
      .where(eq(regradeRuns.id, run.id))
      .returning();
    return failed!;
  }
}

export async function regradeRun(db: Db, courseId: string, runId: string): Promise<RegradeRun | null> {
  if (!z.string().uuid().safeParse(runId).success) return null;
  const [run] = await db.select().from(regradeRuns).where(and(eq(regradeRuns.id, runId), eq(regradeRuns.courseId, courseId)));
  return run ?? null;
}

/** A running run whose worker stopped reporting (process restart): it should be resumed. */
export function isStale(run: RegradeRun, now = new Date()): boolean {
  return run.status === "running" && now.getTime() - run.updatedAt.getTime() > STALE_MS;
}

export async function recentRegrades(db: Db, courseId: string, questionId: string): Promise<RegradeRun[]> {
  return db
    .select()
    .from(regradeRuns)
    .where(and(eq(regradeRuns.courseId, courseId), eq(regradeRuns.questionId, questionId)))
    .orderBy(sql`${regradeRuns.createdAt} desc`)
    .limit(10);
}
